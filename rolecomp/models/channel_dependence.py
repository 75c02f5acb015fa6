"""Channel dependence: what intermediaries do to the customer's price and the maker's profit (¶22-¶24).

The article says traditional selling leans on channels (¶23) and that the middle links "add
meaningless cost" for users and "a burden" for firms, while the internet removes middle links
(¶22, ¶24). This module turns that direction into numbers with one standard model, used by
every function here and by the chart:

* :func:`double_marginalization`: Spengler's (1950) successive monopolies on a linear demand
  :math:`P = a - bQ`, where each firm in the chain sets its own price for its own profit;
* :func:`channel_summary`: the same model read as "a maker plus ``intermediaries`` middle
  links": the customer's price, the maker's price, margin, profit and share, for whole slider
  ranges at once;
* :func:`channel_chain`: the same chain stage by stage (what each link pays, charges and keeps),
  the blocks of the chart's bars.

With no intermediaries the customer pays the maker's own price, so every number agrees; each
link added raises the customer's price and lowers the units sold and the maker's profit. The
article gives only the direction; the demand (``a``, ``b``) and cost (``c``) are illustrative
inputs (``data/parameters.csv``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from rolecomp.models._validate import (
    as_float,
    as_int,
    ensure_finite,
    fill_defaults,
    scalar_int,
    shape_out,
)

__all__ = [
    "CONTRAST",
    "channel_chain",
    "channel_summary",
    "double_marginalization",
    "scenario_result",
    "stage_names",
]

#: The contrast this module models: its parameter group in data/parameters.csv, its chart,
#: explorer, notebook and tests carry the same id.
CONTRAST = "channel_dependence"

#: Longest chain accepted by :func:`double_marginalization` (2**-firms stays well inside float).
MAX_FIRMS = 100


def stage_names(n: int) -> list[str]:
    """Default names of ``n`` pricing stages, maker first and retailer last.

    ``1``: maker; ``2``: maker, retailer; ``3``: maker, distributor, retailer; more stages
    insert numbered distributors (``distributor_1``, ``distributor_2``, ...).

    References
    ----------
    .. [1] Kotler, P. & Armstrong, G. *Principles of Marketing* (channel levels: maker,
       wholesaler/distributor, retailer).

    Examples
    --------
    >>> stage_names(3)
    ['maker', 'distributor', 'retailer']
    >>> stage_names(4)
    ['maker', 'distributor_1', 'distributor_2', 'retailer']
    """
    n = scalar_int(n, "n", 0)
    if n == 0:
        return []
    if n == 1:
        return ["maker"]
    if n == 2:
        return ["maker", "retailer"]
    if n == 3:
        return ["maker", "distributor", "retailer"]
    return ["maker", *[f"distributor_{i}" for i in range(1, n - 1)], "retailer"]


def double_marginalization(a, b, c, firms) -> dict:
    r"""Successive monopolies (Spengler 1950): each firm in a chain prices for its own profit.

    Linear inverse demand :math:`P = a - bQ`, constant unit cost :math:`c` at the maker, and a
    chain of :math:`n` = ``firms`` independent firms (firm 1 the maker, firm :math:`n` the
    retailer that sells to users; ``firms=1`` is a maker selling direct). Each firm buys from
    the one above at that firm's price, adds no cost of its own and chooses its price to
    maximise its own profit, knowing how the firms below will react. Solving backwards from
    the retailer, firm :math:`k` steps from the bottom faces the derived inverse demand
    :math:`a - 2^{k-1} b Q`, which gives, with :math:`D = a - c`:

    .. math::

        Q_n = \frac{a - c}{2^{n} b}, \qquad
        P_n = a - b Q_n = c + D\,(1 - 2^{-n}),

        \text{price of firm } i:\; p_i = c + D\,(1 - 2^{-i}), \qquad
        \text{margin of firm } i:\; p_i - p_{i-1} = \frac{D}{2^{i}}, \quad i = 1..n,

        \pi_i = \frac{D}{2^{i}} Q_n = \frac{D^2}{2^{\,n+i} b}, \qquad
        \Pi = \sum_i \pi_i = \frac{D^2 (1 - 2^{-n})}{2^{n} b}, \qquad
        CS = \tfrac{1}{2} b Q_n^2 = \frac{D^2}{2^{\,2n+1} b}.

    So the maker always takes half of the gap :math:`D` between willingness to pay and cost,
    each firm further down half of what is left: every extra link raises the end price, cuts
    the quantity in half, and lowers both total profit and consumer surplus.

    Parameters
    ----------
    a : float or array_like
        Demand intercept: the most any buyer would pay (> 0).
    b : float or array_like
        Demand slope (> 0).
    c : float or array_like
        Maker's unit cost, ``0 <= c <= a``.
    firms : int or array_like of int
        Number of independent firms in the chain, 1 to 100 (whole numbers).

    Returns
    -------
    dict
        ``price`` (end price), ``quantity``, ``total_profit``, ``consumer_surplus`` and
        ``deadweight_loss`` (surplus lost against pricing at cost, :math:`D^2/2b - \Pi - CS`):
        ``numpy.float64`` for scalar inputs, else arrays of the broadcast shape.
        ``margins`` and ``profits``: each firm's margin and profit, maker first, as an array
        with one extra last axis of length ``max(firms)``; positions beyond a chain's own
        length hold 0.

    Raises
    ------
    ValueError
        If ``a <= 0``, ``b <= 0``, ``c`` is outside ``[0, a]`` or ``firms`` is not a whole
        number in ``[1, 100]``.

    Notes
    -----
    Leaves out: costs of the intermediaries themselves, the services they add (storage,
    credit, local presence), competition between intermediaries, bargaining and two-part
    tariffs (which would remove the double margin). It is the mechanism behind the article's
    claim that middle links add cost for users (¶24), not a measurement of it.

    References
    ----------
    .. [1] Spengler, J. J. (1950). Vertical integration and antitrust policy. *Journal of
       Political Economy*, 58(4), 347-352.
    .. [2] Tirole, J. (1988). *The Theory of Industrial Organization*, ch. 4 (vertical
       control). MIT Press.

    Examples
    --------
    >>> r = double_marginalization(100, 1, 20, 1)
    >>> float(r["price"]), float(r["quantity"]), float(r["total_profit"])
    (60.0, 40.0, 1600.0)
    >>> float(r["consumer_surplus"])
    800.0
    >>> r = double_marginalization(100, 1, 20, 2)
    >>> float(r["price"]), float(r["quantity"]), float(r["total_profit"])
    (80.0, 20.0, 1200.0)
    >>> r["profits"]  # maker first, then the retailer
    array([800., 400.])
    >>> float(r["consumer_surplus"])
    200.0
    >>> double_marginalization(100, 1, 20, [1, 2, 3, 4])["price"]
    array([60., 80., 90., 95.])
    """
    a_ = as_float(a, "a", 0, None, low_open=True)
    b_ = as_float(b, "b", 0, None, low_open=True)
    c_ = as_float(c, "c", 0, None)
    n_ = as_int(firms, "firms", 1, MAX_FIRMS)
    a_, b_, c_, n_ = np.broadcast_arrays(a_, b_, c_, n_)
    _check_cost_below_price(a_, c_)
    d = a_ - c_
    scale = np.power(2.0, -n_.astype(float))  # 2**-n
    q = d * scale / b_
    price = a_ - b_ * q
    total = d * d * (1.0 - scale) * scale / b_
    cs = 0.5 * b_ * q * q
    dwl = d * d / (2.0 * b_) - total - cs
    width = int(n_.max()) if n_.size else 1
    i = np.arange(1, width + 1, dtype=float)
    margins = d[..., None] * np.power(2.0, -i)
    margins = np.where(i <= n_[..., None], margins, 0.0)
    profits = margins * q[..., None]
    return {
        "price": shape_out(price),
        "quantity": shape_out(q),
        "margins": margins.astype(float),
        "profits": profits.astype(float),
        "total_profit": shape_out(total),
        "consumer_surplus": shape_out(cs),
        "deadweight_loss": shape_out(np.maximum(dwl, 0.0)),
    }


def _check_cost_below_price(a_, c_) -> None:
    """ValueError where a unit cost exceeds the highest price anyone pays (nothing would sell)."""
    if np.any(c_ > a_):
        i = np.flatnonzero(c_ > a_)[0]
        raise ValueError(
            f"c must be in [0, a]: a unit cost above the highest price anyone pays sells nothing "
            f"(got c={c_.flat[i]:g}, a={a_.flat[i]:g})"
        )


def _demand_inputs(a, b, c, intermediaries):
    """The four inputs, ``None`` filled from ``data/parameters.csv``, checked and broadcast."""
    p = fill_defaults(CONTRAST, {"a": a, "b": b, "c": c, "intermediaries": intermediaries})
    a_ = as_float(p["a"], "a", 0, None, low_open=True)
    b_ = as_float(p["b"], "b", 0, None, low_open=True)
    c_ = as_float(p["c"], "c", 0, None)
    n_ = as_int(p["intermediaries"], "intermediaries", 0, MAX_FIRMS - 1)
    a_, b_, c_, n_ = np.broadcast_arrays(a_, b_, c_, n_)
    _check_cost_below_price(a_, c_)
    return a_, b_, c_, n_


def channel_summary(a=None, b=None, c=None, intermediaries=None) -> dict:
    r"""The customer's price and the maker's price, margin, share and profit, for a maker plus
    ``intermediaries`` middle links that each set their own price (double marginalization).

    The chain has :math:`n + 1` independent firms (the maker, then :math:`n` intermediaries;
    :math:`n = 0` is a maker selling direct, as the internet allows, ¶22). With linear demand
    :math:`P = a - bQ`, the maker's unit cost :math:`c` and :math:`D = a - c`, solving backwards
    from the last link (see :func:`double_marginalization`):

    .. math::

        p_\text{maker} = c + \frac{D}{2}, \qquad
        p_\text{customer} = c + D\,(1 - 2^{-(n+1)}), \qquad
        Q = \frac{D}{2^{\,n+1}\,b},

        \text{maker's margin} = \frac{D}{2}, \qquad
        \text{maker's profit} = \frac{D}{2}\,Q = \frac{D^2}{2^{\,n+2}\,b}, \qquad
        \text{intermediaries' profit} = (p_\text{customer} - p_\text{maker})\,Q,
        \qquad CS = \tfrac{1}{2} b Q^2 .

    So at :math:`n = 0` the customer pays the maker's price, and every link added raises what the
    customer pays, halves the units sold and so halves the maker's profit, although the maker's
    price and margin per unit do not change (¶24: more cost for users, a burden for firms).

    Parameters
    ----------
    a : float or array_like, optional
        Demand intercept: the most any buyer would pay per unit (> 0).
    b : float or array_like, optional
        Demand slope (> 0): how fast the price must fall to sell one more unit a month.
    c : float or array_like, optional
        The maker's unit cost, ``0 <= c <= a``.
    intermediaries : int or array_like of int, optional
        Middle links between the maker and the customer, 0 to 99 (whole numbers).

    Every argument left as ``None`` takes its default from ``data/parameters.csv`` (group
    ``channel_dependence``). Pass arrays (e.g. ``intermediaries=np.arange(7)``) to get a whole
    slider range at once.

    Returns
    -------
    dict
        ``end_price`` (what the customer pays per unit), ``maker_price``, ``maker_margin`` (per
        unit), ``maker_share``, ``intermediary_share`` and ``cost_share`` (of the end price; they
        sum to 1), ``premium_over_direct`` (end price ÷ the direct price − 1), ``quantity``
        (units sold a month), ``quantity_share`` (÷ the quantity sold direct, :math:`2^{-n}`),
        ``maker_revenue`` and ``maker_profit`` (a month), ``intermediaries_profit`` (all links
        together, a month), ``consumer_surplus`` and ``customer_spending`` (end price × units).
        Each is a ``numpy.float64`` for scalar inputs, else an array of the broadcast shape.

    Raises
    ------
    ValueError
        If ``a <= 0``, ``b <= 0``, ``c`` is outside ``[0, a]`` or ``intermediaries`` is not a
        whole number in ``[0, 99]``.

    References
    ----------
    .. [1] Spengler, J. J. (1950). Vertical integration and antitrust policy. *Journal of
       Political Economy*, 58(4), 347-352.
    .. [2] Tirole, J. (1988). *The Theory of Industrial Organization*, ch. 4. MIT Press.
    .. [3] Article ¶22-¶24 (direction only: middle links add cost for users, burden for firms).

    Examples
    --------
    >>> s = channel_summary(100, 1, 20, [0, 1, 2])
    >>> s["end_price"], s["maker_price"]
    (array([60., 80., 90.]), array([60., 60., 60.]))
    >>> s["maker_profit"], s["quantity"]
    (array([1600.,  800.,  400.]), array([40., 20., 10.]))
    >>> s["maker_share"].round(3)
    array([0.667, 0.5  , 0.444])
    >>> float(channel_summary(100, 1, 20, 0)["premium_over_direct"])
    0.0
    """
    a_, b_, c_, n_ = _demand_inputs(a, b, c, intermediaries)
    d = a_ - c_
    half_n = np.power(2.0, -n_.astype(float))  # 2**-n: the share of the direct quantity still sold
    q = d * half_n / (2.0 * b_)
    end = c_ + d * (1.0 - 0.5 * half_n)
    maker_price = c_ + 0.5 * d
    maker_margin = 0.5 * d
    ensure_finite(end, "channel_summary")
    return {
        "end_price": shape_out(end),
        "maker_price": shape_out(maker_price),
        "maker_margin": shape_out(maker_margin),
        "maker_share": shape_out(maker_margin / end),
        "intermediary_share": shape_out((end - maker_price) / end),
        "cost_share": shape_out(c_ / end),
        "premium_over_direct": shape_out(end / maker_price - 1.0),
        "quantity": shape_out(q),
        "quantity_share": shape_out(half_n),
        "maker_revenue": shape_out(maker_price * q),
        "maker_profit": shape_out(maker_margin * q),
        "intermediaries_profit": shape_out((end - maker_price) * q),
        "consumer_surplus": shape_out(0.5 * b_ * q * q),
        "customer_spending": shape_out(end * q),
    }


def channel_chain(a=None, b=None, c=None, intermediaries=None) -> pd.DataFrame:
    r"""The chain of :func:`channel_summary` stage by stage: what each link pays, charges and keeps.

    Firm :math:`i` (the maker is 1, the link selling to the customer :math:`n + 1`) buys at
    :math:`p_{i-1}` (the maker "buys" at its unit cost, :math:`p_0 = c`) and sells at

    .. math:: p_i = c + D\,(1 - 2^{-i}), \qquad \text{margin}_i = p_i - p_{i-1} = \frac{D}{2^{i}},

    with :math:`D = a - c`: the maker takes half of the gap between the most anyone pays and the
    cost, each link after it half of what is left (Spengler 1950). Every stage sells the same
    units, :math:`Q = D / (2^{n+1} b)` a month.

    Parameters
    ----------
    a, b, c, intermediaries : float, optional
        As in :func:`channel_summary`; single numbers only (this function returns a table).

    Returns
    -------
    pandas.DataFrame
        One row for the cost and one per firm, in chain order (``stage``: ``"cost"``, then
        :func:`stage_names`), with ``input_price`` (what the stage paid; 0 for the cost row),
        ``price`` (what it charges; the cost row's is the unit cost), ``margin`` (``price -
        input_price``; the cost row's is the unit cost itself, so the column adds up to the end
        price), ``share_of_end_price`` (sums to 1), ``quantity`` (units sold a month, the same on
        every row) and ``per_month`` (``margin × quantity``: each firm's profit a month; the cost
        row's is the cost of making the units).

    References
    ----------
    .. [1] Spengler, J. J. (1950). Vertical integration and antitrust policy. *Journal of
       Political Economy*, 58(4), 347-352.
    .. [2] Kotler & Armstrong, *Principles of Marketing* (channel levels: maker, distributor,
       retailer).

    Examples
    --------
    >>> chain = channel_chain(100, 1, 20, 2)
    >>> chain[["stage", "input_price", "price", "margin"]]
             stage  input_price  price  margin
    0         cost          0.0   20.0    20.0
    1        maker         20.0   60.0    40.0
    2  distributor         60.0   80.0    20.0
    3     retailer         80.0   90.0    10.0
    >>> chain.per_month.tolist()  # the cost of making 10 units, then each firm's profit
    [200.0, 400.0, 200.0, 100.0]
    >>> channel_chain(100, 1, 20, 0).stage.tolist()
    ['cost', 'maker']
    """
    for value, name in ((a, "a"), (b, "b"), (c, "c"), (intermediaries, "intermediaries")):
        if value is not None and np.ndim(value) != 0:
            raise ValueError(f"{name} must be a single number here (got an array of shape {np.shape(value)})")
    a_, b_, c_, n_ = _demand_inputs(a, b, c, intermediaries)
    a0, b0, c0, n = float(a_), float(b_), float(c_), int(n_)
    d = a0 - c0
    i = np.arange(1, n + 2, dtype=float)
    prices = np.concatenate([[c0], c0 + d * (1.0 - np.power(2.0, -i))])
    inputs = np.concatenate([[0.0], prices[:-1]])
    margins = prices - inputs
    q = d * 2.0 ** -(n + 1) / b0
    return pd.DataFrame(
        {
            "stage": ["cost", *stage_names(n + 1)],
            "input_price": inputs,
            "price": prices,
            "margin": margins,
            "share_of_end_price": margins / prices[-1],
            "quantity": np.full(n + 2, q),
            "per_month": margins * q,
        }
    )


def scenario_result(p: Mapping[str, float], limits: Mapping[str, tuple[float, float]]):
    """What the channel-dependence chart shows at parameters ``p`` (every one of the group).

    One model for every number: :func:`channel_summary` at ``p["intermediaries"]`` (``chain``)
    and with none (``direct``, the maker selling direct), the same for every chain length the
    slider allows (``by_links``, for 0 to its maximum), :func:`channel_chain` (``stages``, the
    blocks of the bar through the chain) and the demand itself (``demand``: ``a``, ``b``, ``c``).
    Returns ``(data, notes)``; notes are
    ``{"en": ..., "zh": ...}`` texts.

    References
    ----------
    .. [1] Article ¶22–¶24 (the direction: intermediaries raise the price, burden the maker).
    .. [2] Spengler, J. J. (1950). Vertical integration and antitrust policy. *Journal of
       Political Economy*, 58(4), 347–352 (the double-marginalization model).

    Examples
    --------
    >>> from rolecomp.scenario import Scenario
    >>> data = Scenario(CONTRAST, intermediaries=1).data
    >>> float(data["chain"]["end_price"]), float(data["direct"]["end_price"])
    (80.0, 60.0)
    >>> float(data["by_links"]["maker_profit"][1]) == float(data["chain"]["maker_profit"])
    True
    """
    n = int(p["intermediaries"])
    a, b, c = p["a"], p["b"], p["c"]
    links = np.arange(int(limits["intermediaries"][1]) + 1)
    data = {
        "intermediaries": n,
        "chain": channel_summary(a, b, c, n),
        "direct": channel_summary(a, b, c, 0),
        "links": links,
        "by_links": channel_summary(a, b, c, links),
        "stages": channel_chain(a, b, c, n),
        "demand": {"a": float(a), "b": float(b), "c": float(c)},
    }
    notes = []
    if c >= a:
        notes.append({"en": "The unit cost is as high as the most anyone pays: nothing sells at a profit, so "
                            "nobody buys and every firm earns nothing.",
                      "zh": "单位成本已经等于最高愿付价格：没有任何利润空间，没有人购买，各企业都赚不到钱。"})
    return data, notes
