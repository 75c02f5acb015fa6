"""Channel dependence: what intermediaries do to the end price (article ¶22-¶24).

The article says traditional selling leans on channels and that, for users, the middle links
"add meaningless cost" while the internet "removes middle links" (¶23-¶24). This module turns
that direction into numbers with two standard models:

* :func:`markup_chain` / :func:`channel_chain` / :func:`channel_summary`: cost-plus pricing along
  a channel (every stage adds its percentage markup to the price it paid);
* :func:`double_marginalization`: Spengler's (1950) successive monopolies, where each firm in
  the chain sets its own price for its own profit.

The article gives only the direction (more middle links, higher end price, smaller share for the
maker); the percentages and demand curves here are illustrative inputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from rolecomp.models._validate import (
    as_float,
    as_int,
    ensure_finite,
    fill_defaults,
    scalar_float,
    scalar_int,
    shape_out,
)

__all__ = [
    "CONTRAST",
    "channel_chain",
    "channel_summary",
    "double_marginalization",
    "markup_chain",
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


def markup_chain(unit_cost, markups: Sequence[float], stages: Sequence[str] | None = None):
    r"""Cost-plus pricing along a channel: each stage adds a percentage to what it paid.

    .. math::

        p_0 = \text{unit\_cost}, \qquad p_i = p_{i-1}\,(1 + m_i), \qquad
        p_n = \text{unit\_cost}\prod_{i=1}^{n}(1 + m_i)

    Stage :math:`i` keeps the margin :math:`p_i - p_{i-1}` and so captures the share
    :math:`(p_i - p_{i-1}) / p_n` of the end price. The cost row's "margin" is the unit cost
    itself, so the column ``share_of_end_price`` sums to 1.

    Parameters
    ----------
    unit_cost : float
        Cost of making one unit (> 0). A single number: this function returns a table.
    markups : sequence of float
        Markups as fractions of each stage's purchase price (>= 0), applied in order: maker,
        then each intermediary towards the user (e.g. distributor, retailer). An empty
        sequence means the product is handed over at cost.
    stages : sequence of str, optional
        Names of the stages; default :func:`stage_names` (``maker``, ..., ``retailer``).

    Returns
    -------
    pandas.DataFrame
        One row for the cost and one per stage, in chain order, with columns
        ``stage`` (``"cost"`` first), ``markup`` (0 for the cost row), ``input_price`` (what
        the stage paid; 0 for the cost row), ``price`` (what it charges), ``margin``
        (``price - input_price``) and ``share_of_end_price`` (``margin / end price``).

    Raises
    ------
    ValueError
        If ``unit_cost <= 0``, a markup is negative, or ``stages`` has the wrong length.

    Notes
    -----
    Cost-plus pricing ignores demand: every stage simply adds its percentage. With
    intermediaries each charging 30 %, every extra link multiplies the end price by 1.3 while
    the maker's own margin stays the same, so its share of what the user pays shrinks
    (article ¶24: the middle links "add meaningless cost" for users).

    References
    ----------
    .. [1] Kotler, P. & Armstrong, G. *Principles of Marketing* (chapter on pricing: cost-plus
       pricing and the markup chain in distribution channels).
    .. [2] Article ¶22-¶24 (direction only: channels raise cost, the internet removes links).

    Examples
    --------
    >>> chain = markup_chain(100, [0.20, 0.25, 0.40])
    >>> chain[["stage", "price", "margin"]]
             stage  price  margin
    0         cost  100.0   100.0
    1        maker  120.0    20.0
    2  distributor  150.0    30.0
    3     retailer  210.0    60.0
    >>> float(chain.price.iloc[-1])
    210.0
    >>> chain.share_of_end_price.round(3).tolist()
    [0.476, 0.095, 0.143, 0.286]
    >>> float(chain.share_of_end_price.sum())
    1.0
    """
    cost = scalar_float(unit_cost, "unit_cost", 0, None, low_open=True)
    m = as_float(markups, "markups", 0, None)
    if m.ndim > 1:
        raise ValueError(f"markups must be a flat sequence (got an array of shape {m.shape})")
    m = np.atleast_1d(m) if m.ndim == 0 else m
    n = m.size
    if stages is None:
        names = stage_names(n)
    else:
        names = [str(s) for s in stages]
        if len(names) != n:
            raise ValueError(f"stages must name every markup ({n} names, got {len(names)})")
    prices = cost * np.cumprod(np.concatenate([[1.0], 1.0 + m]))
    ensure_finite(prices, "markup_chain")
    inputs = np.concatenate([[0.0], prices[:-1]])
    margins = prices - inputs
    end = prices[-1]
    return pd.DataFrame(
        {
            "stage": ["cost", *names],
            "markup": np.concatenate([[0.0], m]),
            "input_price": inputs,
            "price": prices,
            "margin": margins,
            "share_of_end_price": margins / end,
        }
    )


def _chain_inputs(unit_cost, maker_markup, intermediary_markup, intermediaries):
    p = fill_defaults(
        CONTRAST,
        {
            "unit_cost": unit_cost,
            "maker_markup": maker_markup,
            "intermediary_markup": intermediary_markup,
            "intermediaries": intermediaries,
        },
    )
    return (
        as_float(p["unit_cost"], "unit_cost", 0, None, low_open=True),
        as_float(p["maker_markup"], "maker_markup", 0, None),
        as_float(p["intermediary_markup"], "intermediary_markup", 0, None),
        as_int(p["intermediaries"], "intermediaries", 0, MAX_FIRMS - 1),
    )


def channel_chain(
    unit_cost=None, maker_markup=None, intermediary_markup=None, intermediaries=None
) -> pd.DataFrame:
    r"""The markup chain of a maker plus ``intermediaries`` identical middlemen.

    Shorthand for ``markup_chain(unit_cost, [maker_markup] + [intermediary_markup] *
    intermediaries)``; every argument left as ``None`` takes its default from
    ``data/parameters.csv`` (group ``channels``).

    Parameters
    ----------
    unit_cost : float, optional
        Unit cost (> 0).
    maker_markup : float, optional
        The maker's markup on cost, as a fraction (>= 0).
    intermediary_markup : float, optional
        Each intermediary's markup on its purchase price (>= 0).
    intermediaries : int, optional
        Number of middle links between maker and user (0 = the maker sells direct, as the
        internet allows, ¶22; a whole number).

    Returns
    -------
    pandas.DataFrame
        As :func:`markup_chain`. Takes single numbers only (it returns a table).

    References
    ----------
    .. [1] Kotler & Armstrong, *Principles of Marketing* (markup chain).
    .. [2] Article ¶22-¶24 (direction only).

    Examples
    --------
    >>> channel_chain(100, 0.2, 0.3, 0).stage.tolist()
    ['cost', 'maker']
    >>> round(float(channel_chain(100, 0.2, 0.3, 2).price.iloc[-1]), 2)
    202.8
    """
    cost, mm, im, n = _chain_inputs(unit_cost, maker_markup, intermediary_markup, intermediaries)
    for arr, name in ((cost, "unit_cost"), (mm, "maker_markup"), (im, "intermediary_markup"),
                      (n, "intermediaries")):
        if arr.ndim != 0:
            raise ValueError(f"{name} must be a single number here (got an array of shape {arr.shape})")
    return markup_chain(float(cost), [float(mm)] + [float(im)] * int(n))


def channel_summary(
    unit_cost=None, maker_markup=None, intermediary_markup=None, intermediaries=None
) -> dict:
    r"""End price and who captures it, for a maker plus ``n`` identical intermediaries.

    .. math::

        p_\text{maker} = c\,(1 + m_0), \qquad
        p_\text{end} = c\,(1 + m_0)(1 + m)^{n}

    where :math:`c` is the unit cost, :math:`m_0` the maker's markup, :math:`m` each
    intermediary's markup and :math:`n` the number of intermediaries. Vectorised: pass arrays
    (e.g. ``intermediaries=np.arange(6)``) to get a whole slider range at once.

    Parameters
    ----------
    unit_cost, maker_markup, intermediary_markup, intermediaries : float or array_like, optional
        As in :func:`channel_chain`; ``None`` takes the default from ``data/parameters.csv``.

    Returns
    -------
    dict
        ``end_price``, ``maker_price`` (what the maker charges), ``maker_margin``,
        ``maker_share`` (maker margin / end price), ``intermediary_share`` (all middlemen's
        margins / end price), ``cost_share`` (unit cost / end price) and
        ``premium_over_direct`` (end price / maker price - 1: what the user pays extra compared
        with buying direct). Each is a ``numpy.float64`` for scalar inputs, else an array of
        the broadcast shape.

    References
    ----------
    .. [1] Kotler & Armstrong, *Principles of Marketing* (markup chain).
    .. [2] Article ¶24 (direction only: middle links add cost for users, burden for firms).

    Examples
    --------
    >>> s = channel_summary(100, 0.2, 0.3, [0, 1, 3])
    >>> s["end_price"].round(2)
    array([120.  , 156.  , 263.64])
    >>> s["maker_share"].round(3)
    array([0.167, 0.128, 0.076])
    >>> float(channel_summary(100, 0.2, 0.3, 0)["premium_over_direct"])
    0.0
    """
    cost, mm, im, n = _chain_inputs(unit_cost, maker_markup, intermediary_markup, intermediaries)
    maker_price = cost * (1.0 + mm)
    end = maker_price * np.power(1.0 + im, n)
    ensure_finite(end, "channel_summary")
    maker_margin = cost * mm
    maker_margin = np.broadcast_to(maker_margin, end.shape)
    return {
        "end_price": shape_out(end),
        "maker_price": shape_out(np.broadcast_to(maker_price, end.shape)),
        "maker_margin": shape_out(maker_margin),
        "maker_share": shape_out(maker_margin / end),
        "intermediary_share": shape_out((end - maker_price) / end),
        "cost_share": shape_out(cost / end),
        "premium_over_direct": shape_out(end / maker_price - 1.0),
    }


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
    if np.any(c_ > a_):
        i = np.flatnonzero(c_ > a_)[0]
        raise ValueError(
            f"c must be in [0, a]: a unit cost above the highest price anyone pays sells nothing "
            f"(got c={c_.flat[i]:g}, a={a_.flat[i]:g})"
        )
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


def scenario_result(p: Mapping[str, float], limits: Mapping[str, tuple[float, float]]):
    """What the channel-dependence chart shows at parameters ``p`` (every one of the group).

    The markup chain at ``p["intermediaries"]`` and without any (selling direct), and the
    double-marginalization model for every chain length the slider allows (0 to its maximum).
    Returns ``(data, notes)``; notes are ``{"en": ..., "zh": ...}`` texts.

    References
    ----------
    .. [1] Article ¶22–¶24 (the direction: intermediaries raise the price, burden the maker).
    .. [2] Spengler, J. J. (1950). Vertical integration and antitrust policy. *Journal of
       Political Economy*, 58(4), 347–352 (the double-marginalization model).

    Examples
    --------
    >>> from rolecomp.scenario import Scenario
    >>> data = Scenario(CONTRAST, intermediaries=1).data
    >>> round(float(data["chain"]["end_price"]), 2)
    156.0
    >>> float(data["dm"]["price"][1]), float(data["dm"]["quantity"][1])
    (80.0, 20.0)
    """
    n = int(p["intermediaries"])
    chain = channel_summary(p["unit_cost"], p["maker_markup"], p["intermediary_markup"], n)
    direct = channel_summary(p["unit_cost"], p["maker_markup"], p["intermediary_markup"], 0)
    links = np.arange(int(limits["intermediaries"][1]) + 1)
    dm = double_marginalization(p["a"], p["b"], p["c"], links + 1)
    notes = []
    if p["maker_markup"] == 0 and p["intermediary_markup"] == 0:
        notes.append({"en": "With no markups anywhere nobody earns a margin: every stage sells at cost, "
                            "so the chain adds nothing to the price.",
                      "zh": "各环节都不加价时，没有人赚取利润：每一级都按成本出售，链条不会抬高价格。"})
    data = {"intermediaries": n, "chain": chain, "direct": direct, "links": links, "dm": dm,
            "unit_cost": float(p["unit_cost"]), "markup": float(p["intermediary_markup"])}
    return data, notes
