"""One-off vs ongoing sales: retention, expansion and lifetime value (article ¶19-¶21).

The article: a traditional sale is "a one-hammer deal" that ends at purchase, with at most a
year or so of after-sales (¶19); an internet sale *starts* at signing, with PaaS/SaaS bundling
service into the product (¶20) and selling running through the whole relationship (¶21).

This module puts numbers on that contrast with standard customer-lifetime-value formulas
(Gupta & Lehmann 2003; SaaS metrics), the shifted-beta-geometric retention model (Fader &
Hardie 2007) and a period-by-period comparison of the two revenue models
(:func:`revenue_streams`). What the seller does after signing drives the subscription:
:func:`after_sales_effect` turns after-sales touches (service, new capabilities, recommending
more, ¶21) into lower churn and more expansion, so with no selling after signing the
subscription behaves like a one-hammer deal and does not catch up. The article gives the
direction; the numbers come from the cited formulas and the illustrative defaults in
``data/parameters.csv`` (group ``one_off_vs_ongoing``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

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
    "MODELS",
    "after_sales_effect",
    "break_even_period",
    "cac_payback_months",
    "retention_clv",
    "revenue_streams",
    "saas_ltv",
    "sbg_survival",
    "scenario_result",
]

#: The contrast this module models: its parameter group in data/parameters.csv, its chart,
#: explorer, notebook and tests carry the same id.
CONTRAST = "one_off_vs_ongoing"

#: Values of the ``model`` column of :func:`revenue_streams`.
MODELS = ("one_off", "ongoing")

#: Longest horizon :func:`revenue_streams` accepts (periods).
MAX_HORIZON = 600


def retention_clv(margin, retention, discount):
    r"""Customer lifetime value with constant retention (Gupta & Lehmann 2003).

    .. math:: \text{CLV} = m \, \frac{r}{1 + d - r}

    The customer brings margin :math:`m` at the end of every period they stay; they stay each
    period with probability :math:`r`; money one period later is worth :math:`1/(1+d)`.
    Summing :math:`m\,r^t/(1+d)^t` over :math:`t = 1, 2, \dots` gives the formula.

    Two variants use other timing conventions (same :math:`m, r, d`):

    * :math:`m\,(1+d)/(1+d-r)`: the first margin is received now, at acquisition;
    * :math:`m/(1+d-r)`: the first margin arrives at the end of the first period for sure
      (retention applies from the second period on).

    Parameters
    ----------
    margin : float or array_like
        Margin per customer per period (>= 0).
    retention : float or array_like
        Share of customers who stay each period, in ``[0, 1)``.
    discount : float or array_like
        Discount rate per period (>= 0).

    Returns
    -------
    numpy.float64 or numpy.ndarray

    Notes
    -----
    Assumes the margin and the retention rate stay constant for ever, and an infinite
    horizon. Ignores acquisition cost (compare with the CAC) and expansion.

    References
    ----------
    .. [1] Gupta, S. & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
       Marketing*, 17(1), 9-24.
    .. [2] Gupta, S., Lehmann, D. R. & Stuart, J. A. (2004). Valuing customers. *Journal of
       Marketing Research*, 41(1), 7-18.

    Examples
    --------
    >>> round(float(retention_clv(100, 0.8, 0.1)), 2)
    266.67
    >>> retention_clv(100, [0.5, 0.8, 0.9], 0.1).round(1)
    array([ 83.3, 266.7, 450. ])
    """
    m = as_float(margin, "margin", 0, None)
    r = as_float(retention, "retention", 0, 1, high_open=True)
    d = as_float(discount, "discount", 0, None)
    return shape_out(m * r / (1.0 + d - r))


def saas_ltv(arpa, gross_margin, churn, expansion=0.0):
    r"""Lifetime value of a subscription customer, the SaaS rule of thumb.

    .. math:: \text{LTV} = \frac{\text{ARPA} \times \text{gross margin}}{\text{churn} - \text{expansion}}

    Revenue per account shrinks by the churn rate and grows by the expansion (upsell) rate
    each period, so the net decay rate is ``churn - expansion``; the sum of the geometric
    series of margins is the formula above (no discounting; the first period counts in full).

    Parameters
    ----------
    arpa : float or array_like
        Average revenue per account per period (>= 0), e.g. per month.
    gross_margin : float or array_like
        Gross margin as a fraction, in ``[0, 1]``.
    churn : float or array_like
        Share of accounts (revenue) lost per period, in ``[0, 1]``.
    expansion : float or array_like, optional
        Growth of revenue from the accounts that stay, per period (upsell, more seats,
        new products; ¶21), in ``[0, 1]``; default 0.

    Returns
    -------
    numpy.float64 or numpy.ndarray

    Raises
    ------
    ValueError
        When ``expansion >= churn`` anywhere: revenue per cohort then never shrinks and the
        infinite sum has no finite limit. Use :func:`revenue_streams` with a finite
        ``horizon`` instead.

    Notes
    -----
    Undiscounted and for ever: it overstates value for long lifetimes. Compare the LTV with
    the customer acquisition cost (:func:`cac_payback_months`).

    References
    ----------
    .. [1] Skok, D. (2013). SaaS metrics 2.0 - a guide to measuring and improving what
       matters. *For Entrepreneurs* (the formula without expansion; subtracting expansion from
       churn, a net revenue churn, is this package's extension).
    .. [2] Gupta, S. & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
       Marketing*, 17(1), 9-24.

    Examples
    --------
    >>> float(saas_ltv(500, 0.8, 0.05))
    8000.0
    >>> float(saas_ltv(500, 0.8, 0.05, expansion=0.01))
    10000.0
    >>> saas_ltv(500, 0.8, 0.02, expansion=0.02)
    Traceback (most recent call last):
    ...
    ValueError: saas_ltv has no finite limit when expansion >= churn (got churn=0.02,
    expansion=0.02): revenue never shrinks, so the lifetime sum is infinite; use
    revenue_streams(horizon=...) for a finite horizon
    """
    a = as_float(arpa, "arpa", 0, None)
    g = as_float(gross_margin, "gross_margin", 0, 1)
    c = as_float(churn, "churn", 0, 1)
    e = as_float(expansion, "expansion", 0, 1)
    c_b, e_b = np.broadcast_arrays(c, e)
    bad = e_b >= c_b
    if np.any(bad):
        i = np.flatnonzero(bad)[0]
        raise ValueError(
            "saas_ltv has no finite limit when expansion >= churn "
            f"(got churn={c_b.flat[i]:g}, expansion={e_b.flat[i]:g}): revenue never shrinks, "
            "so the lifetime sum is infinite; use revenue_streams(horizon=...) for a finite horizon"
        )
    return shape_out(a * g / (c - e))


def cac_payback_months(cac, arpa, gross_margin):
    r"""Months of gross margin needed to earn back the cost of acquiring a customer.

    .. math:: \text{payback} = \frac{\text{CAC}}{\text{ARPA} \times \text{gross margin}}

    Parameters
    ----------
    cac : float or array_like
        Customer acquisition cost: sales and marketing spend per new customer (>= 0).
    arpa : float or array_like
        Average revenue per account per month (> 0).
    gross_margin : float or array_like
        Gross margin as a fraction, in ``(0, 1]``.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        Months (fractional).

    Notes
    -----
    Ignores churn during the payback period and expansion; a common benchmark is to earn
    the CAC back within about 12 months (Skok 2013).

    References
    ----------
    .. [1] Skok, D. (2013). SaaS metrics 2.0. *For Entrepreneurs*.

    Examples
    --------
    >>> float(cac_payback_months(6000, 500, 0.8))
    15.0
    """
    c = as_float(cac, "cac", 0, None)
    a = as_float(arpa, "arpa", 0, None, low_open=True)
    g = as_float(gross_margin, "gross_margin", 0, 1, low_open=True)
    return shape_out(c / (a * g))


def sbg_survival(alpha, beta, t):
    r"""Share of a cohort still subscribed after ``t`` periods: shifted-beta-geometric.

    Each customer cancels at the end of any period with their own, constant probability
    :math:`\theta`; across customers :math:`\theta` follows a beta distribution with
    parameters :math:`\alpha, \beta`. Then (Fader & Hardie 2007)

    .. math::

        S(t) = \frac{B(\alpha, \beta + t)}{B(\alpha, \beta)}
             = \prod_{i=1}^{t} \frac{\beta + i - 1}{\alpha + \beta + i - 1}, \qquad S(0) = 1,

        P(T = t) = S(t-1) - S(t) = \frac{B(\alpha + 1, \beta + t - 1)}{B(\alpha, \beta)}.

    Because the customers most likely to leave leave first, the cohort's retention rate
    :math:`S(t)/S(t-1) = (\beta + t - 1)/(\alpha + \beta + t - 1)` rises over time, unlike a
    constant churn rate. With :math:`\alpha = \beta = 1`, :math:`S(t) = 1/(t+1)` and the chance
    of leaving in period :math:`t` is :math:`1/(t(t+1))`.

    Parameters
    ----------
    alpha, beta : float or array_like
        Beta-distribution parameters (> 0). Mean churn probability is
        :math:`\alpha/(\alpha+\beta)`.
    t : int or array_like of int
        Periods since acquisition (whole numbers >= 0).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        Survival share in ``(0, 1]``, broadcast over the inputs.

    References
    ----------
    .. [1] Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention.
       *Journal of Interactive Marketing*, 21(1), 76-90.

    Examples
    --------
    >>> sbg_survival(1, 1, [0, 1, 2, 3])
    array([1.  , 0.5 , 0.333, 0.25 ])
    >>> s = sbg_survival(1, 1, np.arange(5))
    >>> (s[:-1] - s[1:]).round(4)  # P(leave in period t) = 1/(t(t+1)), t = 1..4
    array([0.5   , 0.1667, 0.0833, 0.05  ])
    >>> round(float(sbg_survival(0.704, 1.182, 1)), 3)  # Fader & Hardie's "regular" segment
    0.627
    """
    a = as_float(alpha, "alpha", 0, None, low_open=True)
    b = as_float(beta, "beta", 0, None, low_open=True)
    n = as_int(t, "t", 0).astype(float)
    a, b, n = np.broadcast_arrays(a, b, n)
    lgamma = np.vectorize(math.lgamma, otypes=[float])
    log_s = lgamma(b + n) - lgamma(b) + lgamma(a + b) - lgamma(a + b + n)
    out = np.where(n == 0, 1.0, np.exp(log_s))
    return shape_out(np.clip(out, 0.0, 1.0))


def after_sales_effect(touches=None, base_churn=None, churn_cut=None, expansion_per_touch=None) -> dict:
    r"""Monthly churn and expansion of a subscription, from what the seller does after signing.

    An internet sale continues after signing: the seller keeps serving the customer, presents new
    capabilities and recommends more products and services (¶21). Here that work is counted in
    *touches* :math:`s` per customer per month (a customer-success call, a training, a briefing on
    a new feature, an offer). Each monthly touch prevents a share :math:`k` of the churn there
    would be without any (:math:`c_0`), and adds :math:`e_1` to the monthly growth of what the
    customers who stay buy:

    .. math::

        \text{churn}(s) = c_0\,(1 - k)^{s}, \qquad \text{expansion}(s) = e_1\,s .

    With :math:`s = 0` nobody sells after signing, as after a one-hammer deal (¶19): churn is
    :math:`c_0` and nothing is added.

    Parameters
    ----------
    touches : float or array_like, optional
        After-sales touches per customer per month, :math:`s \ge 0`.
    base_churn : float or array_like, optional
        Monthly churn with no after-sales work, :math:`c_0` in ``[0, 1]``.
    churn_cut : float or array_like, optional
        Share of churn each monthly touch prevents, :math:`k` in ``[0, 1]``.
    expansion_per_touch : float or array_like, optional
        Monthly expansion each touch adds, :math:`e_1 \ge 0`.

    Every argument left as ``None`` takes its default from ``data/parameters.csv`` (group
    ``one_off_vs_ongoing``).

    Returns
    -------
    dict
        ``churn`` and ``expansion`` (fractions per month, as :func:`revenue_streams` takes them):
        ``numpy.float64`` for scalar inputs, else arrays of the broadcast shape.

    Raises
    ------
    ValueError
        For an input outside its range, or an expansion above 1 (100 % a month).

    Notes
    -----
    The shape is illustrative: the direction, that relationship efforts raise both retention
    and what customers buy, is reported by Verhoef (2003), who also finds the effects small; the
    sizes :math:`k` and :math:`e_1` are not measured. The cost of the touches is left out: more
    touches are never worse here, which a real customer-success budget would have to weigh.

    References
    ----------
    .. [1] Verhoef, P. C. (2003). Understanding the effect of customer relationship management
       efforts on customer retention and customer share development. *Journal of Marketing*,
       67(4), 30-45.
    .. [2] Article ¶19 (a one-off sale ends at purchase) and ¶21 (continuing service, new
       capabilities, recommending more: selling runs through the whole relationship).

    Examples
    --------
    >>> r = after_sales_effect(2, base_churn=0.05, churn_cut=0.2, expansion_per_touch=0.005)
    >>> round(float(r["churn"]), 4), round(float(r["expansion"]), 4)
    (0.032, 0.01)
    >>> after_sales_effect([0, 1, 2], 0.05, 0.2, 0.005)["churn"].round(4)
    array([0.05 , 0.04 , 0.032])
    """
    p = fill_defaults(CONTRAST, {"touches": touches, "base_churn": base_churn, "churn_cut": churn_cut,
                                 "expansion_per_touch": expansion_per_touch})
    s = as_float(p["touches"], "touches", 0, None)
    c0 = as_float(p["base_churn"], "base_churn", 0, 1)
    k = as_float(p["churn_cut"], "churn_cut", 0, 1)
    e1 = as_float(p["expansion_per_touch"], "expansion_per_touch", 0, None)
    churn = c0 * np.power(1.0 - k, s)
    expansion = e1 * s
    ensure_finite(expansion, "after_sales_effect")
    if np.any(expansion > 1):
        raise ValueError(f"expansion must be in [0, 1] (got {float(np.max(expansion)):g} = "
                         "expansion_per_touch × touches); lower one of them")
    churn, expansion = np.broadcast_arrays(churn, expansion)
    return {"churn": shape_out(churn), "expansion": shape_out(expansion)}


def revenue_streams(
    horizon=None,
    *,
    customers=None,
    one_off_price=None,
    after_sales_fee=None,
    after_sales_periods=None,
    arpa=None,
    churn=None,
    expansion=None,
    discount=None,
) -> pd.DataFrame:
    r"""One-off sale vs ongoing subscription, period by period, for one cohort of customers.

    Periods are numbered :math:`t = 1 .. H` (``horizon``); period 1 is the period of
    signing; revenue is received at the start of each period, so period :math:`t` is
    discounted by :math:`(1 + d)^{t-1}`.

    **One-off** (traditional, ¶19): the cohort of :math:`N` customers pays the price :math:`P`
    once, in period 1, plus an after-sales fee :math:`f` per period for the first :math:`S`
    periods (the limited after-sales term; the fee may be 0).

    .. math:: \text{rev}^{\text{one-off}}_t = N\,(P\,[t = 1] + f\,[t \le S])

    **Ongoing** (internet, ¶20-¶21): each customer pays ``arpa`` every period they stay; a
    share :math:`c` (churn) leaves each period, and the revenue of those who stay grows by
    :math:`e` (expansion: upsell, more seats, new products).

    .. math::

        \text{customers}_t = N\,(1 - c)^{t-1}, \qquad
        \text{rev}^{\text{ongoing}}_t = N\,\text{arpa}\,(1 - c)^{t-1}(1 + e)^{t-1}

    Any churn in ``[0, 1]`` and any expansion work, including ``churn = 0`` and
    ``expansion >= churn`` (no finite lifetime value, but a finite horizon is fine).

    Parameters
    ----------
    horizon : int, optional
        Number of periods (whole number, 1 to 600), e.g. months.
    customers : float, optional
        Size of the cohort :math:`N` (>= 0).
    one_off_price : float, optional
        One-off price per customer (>= 0).
    after_sales_fee : float, optional
        After-sales fee per customer per period during the after-sales term (>= 0).
    after_sales_periods : int, optional
        Length :math:`S` of the after-sales term in periods (whole number >= 0).
    arpa : float, optional
        Subscription revenue per customer per period (>= 0).
    churn : float, optional
        Share of subscribers lost per period, in ``[0, 1]``.
    expansion : float, optional
        Growth per period of the revenue of subscribers who stay, in ``[0, 1]``.
    discount : float, optional
        Discount rate per period (>= 0).

    Every argument left as ``None`` takes its default from ``data/parameters.csv`` (group
    ``one_off_vs_ongoing``); ``churn`` and ``expansion`` left as ``None`` are those of
    :func:`after_sales_effect` at its defaults (what the seller does after signing). All take
    single numbers: the function returns a table.

    Returns
    -------
    pandas.DataFrame
        Tidy, ``2 * horizon`` rows, columns ``model`` (``one_off`` then ``ongoing``),
        ``period``, ``revenue``, ``cumulative``, ``discounted_cumulative`` and ``customers``
        (customers still paying or served: for one-off, the cohort in period 1 and during
        the after-sales term, 0 after). Never NaN or inf.

        The break-even period is stored in ``df.attrs["break_even_period"]`` (an ``int`` or
        ``None``) and can be recomputed from any such table with :func:`break_even_period`
        (``attrs`` do not survive every pandas operation).

    Notes
    -----
    Leaves out: the cost of serving subscribers (use a gross margin on ``arpa`` if needed),
    acquisition cost, the chance a one-off buyer buys again, price changes, and heterogeneous
    churn (see :func:`sbg_survival`).

    References
    ----------
    .. [1] Gupta, S. & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
       Marketing*, 17(1), 9-24.
    .. [2] Skok, D. (2013). SaaS metrics 2.0. *For Entrepreneurs*.
    .. [3] Article ¶19-¶21 (direction: signing is where an internet sale starts).

    Examples
    --------
    >>> df = revenue_streams(36, customers=1, one_off_price=12000, after_sales_fee=0,
    ...                      after_sales_periods=12, arpa=500, churn=0.03, expansion=0.01,
    ...                      discount=0.0)
    >>> df.groupby("model").cumulative.last().round(0)
    model
    one_off    12000.0
    ongoing    12859.0
    Name: cumulative, dtype: float64
    >>> df.attrs["break_even_period"]
    33
    >>> break_even_period(df)
    33
    """
    p = fill_defaults(
        CONTRAST,
        {
            "horizon": horizon,
            "customers": customers,
            "one_off_price": one_off_price,
            "after_sales_fee": after_sales_fee,
            "after_sales_periods": after_sales_periods,
            "arpa": arpa,
            "discount": discount,
        },
    )
    if churn is None or expansion is None:
        effect = after_sales_effect()
        churn = effect["churn"] if churn is None else churn
        expansion = effect["expansion"] if expansion is None else expansion
    p.update(churn=churn, expansion=expansion)
    h = scalar_int(p["horizon"], "horizon", 1, MAX_HORIZON)
    n = scalar_float(p["customers"], "customers", 0)
    price = scalar_float(p["one_off_price"], "one_off_price", 0)
    fee = scalar_float(p["after_sales_fee"], "after_sales_fee", 0)
    s = scalar_int(p["after_sales_periods"], "after_sales_periods", 0)
    arpa_ = scalar_float(p["arpa"], "arpa", 0)
    c = scalar_float(p["churn"], "churn", 0, 1)
    e = scalar_float(p["expansion"], "expansion", 0, 1)
    d = scalar_float(p["discount"], "discount", 0)

    t = np.arange(1, h + 1, dtype=float)
    factor = np.power(1.0 + d, -(t - 1.0))

    in_service = t <= max(s, 1)
    one_rev = n * (price * (t == 1) + fee * (t <= s))
    one_cust = np.where(in_service, n, 0.0)

    alive = np.power(1.0 - c, t - 1.0)
    on_cust = n * alive
    on_rev = n * arpa_ * alive * np.power(1.0 + e, t - 1.0)

    frames = []
    for model, rev, cust in (("one_off", one_rev, one_cust), ("ongoing", on_rev, on_cust)):
        frames.append(
            pd.DataFrame(
                {
                    "model": model,
                    "period": t.astype(np.int64),
                    "revenue": rev,
                    "cumulative": np.cumsum(rev),
                    "discounted_cumulative": np.cumsum(rev * factor),
                    "customers": cust,
                }
            )
        )
    df = pd.concat(frames, ignore_index=True)
    ensure_finite(df.drop(columns=["model", "period"]).to_numpy(dtype=float), "revenue_streams")
    df.attrs["break_even_period"] = break_even_period(df)
    return df


def break_even_period(df: pd.DataFrame, column: str = "cumulative") -> int | None:
    r"""First period in which the ongoing model's cumulative revenue reaches the one-off's.

    .. math:: t^* = \min\{t : \text{cum}^{\text{ongoing}}_t \ge \text{cum}^{\text{one-off}}_t\}

    Parameters
    ----------
    df : pandas.DataFrame
        A table from :func:`revenue_streams` (columns ``model``, ``period`` and ``column``).
    column : {"cumulative", "discounted_cumulative"}
        Compare undiscounted (default) or discounted cumulative revenue.

    Returns
    -------
    int or None
        The period number, or ``None`` when the ongoing model has not caught up within the
        horizon.

    References
    ----------
    .. [1] Article ¶19-¶21 (one-off vs ongoing).

    Examples
    --------
    >>> df = revenue_streams(24, customers=1, one_off_price=12000, after_sales_fee=0,
    ...                      after_sales_periods=12, arpa=500, churn=0.03, expansion=0.01,
    ...                      discount=0.0)
    >>> break_even_period(df) is None
    True
    """
    if column not in ("cumulative", "discounted_cumulative"):
        raise ValueError(
            f"column must be 'cumulative' or 'discounted_cumulative' (got {column!r})"
        )
    missing = {"model", "period", column} - set(df.columns)
    if missing:
        raise ValueError(f"df must come from revenue_streams (missing columns: {sorted(missing)})")
    wide = df.pivot(index="period", columns="model", values=column).sort_index()
    ahead = wide["ongoing"].to_numpy() >= wide["one_off"].to_numpy()
    if not ahead.any():
        return None
    return int(wide.index[int(np.argmax(ahead))])


def scenario_result(p: Mapping[str, float], limits: Mapping[str, tuple[float, float]]):
    """What the one-off-vs-ongoing chart shows at parameters ``p``.

    The subscription's churn and expansion come from what the seller does after signing
    (:func:`after_sales_effect` at ``p["touches"]``); :func:`revenue_streams` then gives the
    cohort over ``p["horizon"]`` months. ``attrs`` add the lifetime revenue of one subscriber
    (:func:`saas_ltv` with a gross margin of 1, so it compares like for like with the one-off
    price; ``ltv_margin`` with the data's margin), or None where expansion is at least churn (no
    finite limit); ``churn``, ``expansion`` and ``touches``; and the same subscription with no
    after-sales work (``unserved_cumulative``, a tuple per month, its ``unserved_break_even``
    and ``base_churn``): what the chart compares with, so that it shows what selling after
    signing adds. Returns ``(data, notes)``.

    References
    ----------
    .. [1] Article ¶19–¶21 (a sale that continues after signing).
    .. [2] See :func:`after_sales_effect`, :func:`saas_ltv` and :func:`revenue_streams` for the
       formulas and their sources.

    Examples
    --------
    >>> from rolecomp.scenario import Scenario
    >>> df = Scenario(CONTRAST).data
    >>> df.attrs["touches"], round(df.attrs["churn"], 4), round(df.attrs["expansion"], 4)
    (2, 0.032, 0.01)
    >>> df.attrs["break_even_period"] is not None, df.attrs["unserved_break_even"] is None
    (True, True)
    >>> Scenario(CONTRAST, base_churn=0.0, touches=0).result().notes != []
    True
    """
    horizon = int(p["horizon"])
    touches = p["touches"]
    effect = after_sales_effect(touches, p["base_churn"], p["churn_cut"], p["expansion_per_touch"])
    churn, expansion = float(effect["churn"]), float(effect["expansion"])
    common = dict(customers=int(p["customers"]), one_off_price=p["one_off_price"],
                  after_sales_fee=p["after_sales_fee"], after_sales_periods=int(p["after_sales_periods"]),
                  arpa=p["arpa"], discount=p["discount"])
    df = revenue_streams(horizon, churn=churn, expansion=expansion, **common)
    unserved = revenue_streams(horizon, churn=float(p["base_churn"]), expansion=0.0, **common)
    notes = []
    if expansion >= churn:
        df.attrs["ltv"] = None
        what = ({"en": "churn is 0", "zh": "流失率为 0"} if churn == 0 and expansion == 0 else
                {"en": "expansion is at least as large as churn", "zh": "扩展率不低于流失率"})
        notes.append({"en": f"Because {what['en']}, a subscriber's lifetime value has no finite limit: revenue "
                            f"never shrinks. The chart shows the first {horizon} months; judge by that "
                            "horizon, not by an infinite sum.",
                      "zh": f"由于{what['zh']}，订阅客户的生命周期价值没有有限上限：收入永不减少。图中只显示前 "
                            f"{horizon} 个月，请以这个时间范围来判断，而不是无穷求和。"})
    else:
        df.attrs["ltv"] = float(saas_ltv(p["arpa"], 1.0, churn, expansion))
        df.attrs["ltv_margin"] = float(saas_ltv(p["arpa"], p["gross_margin"], churn, expansion))
    if p["arpa"] == 0 and p["one_off_price"] == 0 and p["after_sales_fee"] == 0:
        df.attrs["break_even_period"] = None  # nothing earned on either side: nothing overtakes
        unserved.attrs["break_even_period"] = None
    if p["arpa"] == 0:
        notes.append({"en": "A subscription price of 0 earns nothing: the subscription line stays flat.",
                      "zh": "订阅价格为 0 时没有收入：订阅曲线保持为零。"})
    df.attrs["horizon"] = horizon
    df.attrs["one_off_price"] = float(p["one_off_price"])
    df.attrs["after_sales_periods"] = int(p["after_sales_periods"])
    df.attrs["touches"] = touches
    df.attrs["churn"], df.attrs["expansion"] = churn, expansion
    df.attrs["base_churn"] = float(p["base_churn"])
    cum = unserved[unserved.model == "ongoing"].cumulative.to_numpy()
    df.attrs["unserved_cumulative"] = tuple(float(x) for x in cum)
    df.attrs["unserved_break_even"] = unserved.attrs["break_even_period"]
    return df, notes
