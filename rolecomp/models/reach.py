"""Reach: how sales, marketing and operations each get to customers (article ¶26-¶43).

The article's contrast: sales is point-to-point and precise, "a decapitation strike, no arrow
wasted" (¶26, ¶43); marketing is "a big net", "indiscriminate artillery cover" over the whole
target audience (¶33, ¶42-¶43), and the biggest spender (¶30); operations grows usage through
the product itself: seed users, fewer funnel losses, traffic from search placement (¶36-¶39).

The building blocks are standard media and pipeline formulas (impressions from a budget and a
CPM, reach curves from gross rating points, sales velocity, a viral loop); :func:`reach_over_time`
puts the three roles side by side. The article supplies the direction; all numbers are the
illustrative defaults in ``data/parameters.csv`` (group ``reach``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from rolecomp.models._validate import (
    as_float,
    ensure_finite,
    fill_defaults,
    scalar_float,
    scalar_int,
    shape_out,
)

__all__ = [
    "CONTRAST",
    "ROLES",
    "gross_rating_points",
    "impressions",
    "reach_curve",
    "reach_over_time",
    "sales_velocity",
    "scenario_result",
    "viral_users",
]

#: The contrast this module models: its parameter group in data/parameters.csv, its chart,
#: explorer, notebook and tests carry the same id.
CONTRAST = "reach"

#: Role ids, in the order of ``data/roles.csv``.
ROLES = ("sales", "marketing", "operations")

_REACH_MODELS = ("poisson", "nbd")
_ALIASES = {"negative_binomial": "nbd", "negbin": "nbd"}


def impressions(budget, cpm):
    r"""Ad impressions bought with a budget at a given cost per thousand impressions.

    .. math:: \text{impressions} = 1000 \times \frac{\text{budget}}{\text{CPM}}

    Parameters
    ----------
    budget : float or array_like
        Money spent on placement (>= 0).
    cpm : float or array_like
        Cost per thousand impressions (> 0), in the same currency.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        Number of impressions (same shape as the broadcast inputs).

    References
    ----------
    .. [1] Katz, H. (2019). *The Media Handbook*, 7th ed. Routledge (CPM, GRP, reach).

    Examples
    --------
    >>> float(impressions(300, 2))
    150000.0
    >>> impressions([0, 300, 600], 2)
    array([     0., 150000., 300000.])
    """
    b = as_float(budget, "budget", 0, None)
    c = as_float(cpm, "cpm", 0, None, low_open=True)
    return shape_out(1000.0 * b / c)


def gross_rating_points(impressions, audience):
    r"""Gross rating points: impressions as a percentage of the target audience.

    .. math:: \text{GRP} = 100 \times \frac{\text{impressions}}{\text{audience}}

    A GRP of 100 means as many impressions as there are people in the audience, not that
    everyone saw the ad: :func:`reach_curve` turns GRP into the share actually reached.

    Parameters
    ----------
    impressions : float or array_like
        Impressions delivered (>= 0).
    audience : float or array_like
        Size of the target audience (> 0).

    Returns
    -------
    numpy.float64 or numpy.ndarray

    References
    ----------
    .. [1] Katz, H. (2019). *The Media Handbook*, 7th ed. Routledge.

    Examples
    --------
    >>> float(gross_rating_points(150_000, 100_000))
    150.0
    """
    i = as_float(impressions, "impressions", 0, None)
    a = as_float(audience, "audience", 0, None, low_open=True)
    return shape_out(100.0 * i / a)


def reach_curve(grp, model: str = "poisson", k=None):
    r"""Share of the audience reached at least once for a given weight of advertising.

    With :math:`m = \text{GRP}/100` the average number of exposures per person:

    * ``"poisson"`` (exposures spread at random, everyone equally likely to be hit):
      :math:`\text{reach} = 1 - e^{-m}`;
    * ``"nbd"`` (negative binomial: people differ in how exposed they are, gamma-distributed
      with shape :math:`k`): :math:`\text{reach} = 1 - (1 + m/k)^{-k}`. Small :math:`k` means
      very uneven exposure (heavy viewers see the ad again and again, others never), so reach
      saturates earlier; as :math:`k \to \infty` it approaches the Poisson curve.

    Both curves rise with diminishing returns and never exceed 1: extra money buys mostly
    repeat exposures of people already reached.

    Parameters
    ----------
    grp : float or array_like
        Gross rating points (>= 0).
    model : {"poisson", "nbd"}
        Which curve (``"negative_binomial"`` is accepted for ``"nbd"``).
    k : float or array_like, optional
        NBD shape parameter (> 0); required for ``model="nbd"``, ignored for Poisson.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        Reach as a fraction in ``[0, 1)``.

    References
    ----------
    .. [1] Ehrenberg, A. S. C. (1959). The pattern of consumer purchases. *Applied Statistics*,
       8(1), 26-41 (the NBD model).
    .. [2] Rust, R. T. (1986). *Advertising Media Models: A Practical Guide*. Lexington Books
       (reach and frequency models).

    Examples
    --------
    >>> round(float(reach_curve(100)), 4)
    0.6321
    >>> reach_curve([0, 100, 300]).round(3)
    array([0.   , 0.632, 0.95 ])
    >>> float(reach_curve(100, "nbd", k=1))
    0.5
    """
    g = as_float(grp, "grp", 0, None)
    m = g / 100.0
    model = _ALIASES.get(model, model)
    if model == "poisson":
        return shape_out(-np.expm1(-m))
    if model == "nbd":
        if k is None:
            raise ValueError("k must be given (k > 0) when model='nbd'")
        k_ = as_float(k, "k", 0, None, low_open=True)
        return shape_out(-np.expm1(-k_ * np.log1p(m / k_)))
    raise ValueError(f"model must be one of {', '.join(_REACH_MODELS)} (got {model!r})")


def sales_velocity(opportunities, deal_size, win_rate, cycle_days):
    r"""Revenue a sales pipeline produces per day.

    .. math::

        v = \frac{\text{opportunities} \times \text{deal size} \times \text{win rate}}
                 {\text{cycle length (days)}}

    Parameters
    ----------
    opportunities : float or array_like
        Qualified opportunities open in the pipeline (>= 0).
    deal_size : float or array_like
        Average value of a won deal (>= 0).
    win_rate : float or array_like
        Share of opportunities that close, in ``[0, 1]``.
    cycle_days : float or array_like
        Average days from opportunity to close (> 0).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        Revenue per day.

    Notes
    -----
    A steady-state identity (Little's law applied to a pipeline): it assumes the pipeline is
    refilled as fast as it closes. It shows the four levers of point-to-point selling (¶26):
    more opportunities, bigger deals, higher win rate, shorter cycle.

    References
    ----------
    .. [1] Little, J. D. C. (1961). A proof for the queuing formula L = λW. *Operations
       Research*, 9(3), 383-387.
    .. [2] "Sales velocity", a standard B2B pipeline metric (e.g. HubSpot and Salesforce sales
       guides).

    Examples
    --------
    >>> round(float(sales_velocity(18, 42000, 0.24, 78)), 2)
    2326.15
    """
    o = as_float(opportunities, "opportunities", 0, None)
    d = as_float(deal_size, "deal_size", 0, None)
    w = as_float(win_rate, "win_rate", 0, 1)
    c = as_float(cycle_days, "cycle_days", 0, None, low_open=True)
    return shape_out(o * d * w / c)


def viral_users(u0, k, cycles):
    r"""Cumulative users of a viral loop after each invitation cycle.

    Every new user brings :math:`k` further new users in the next cycle (the viral
    coefficient), so cycle :math:`t` adds :math:`u_0 k^t` users and

    .. math::

        U_t = u_0 \sum_{j=0}^{t} k^{j} = u_0\,\frac{1 - k^{t+1}}{1 - k}\;(k \ne 1),
        \qquad U_t \to \frac{u_0}{1 - k} \text{ for } k < 1.

    With :math:`k < 1` the loop fizzles out at :math:`u_0/(1-k)` (a multiplier on the seed
    users, e.g. 3.33 for :math:`k = 0.7`); with :math:`k \ge 1` it keeps growing.

    Parameters
    ----------
    u0 : float or array_like
        Seed users (>= 0), e.g. a community's first users (¶36).
    k : float or array_like
        Viral coefficient: new users each new user brings in the next cycle (>= 0).
    cycles : int
        Number of invitation cycles (whole number >= 0).

    Returns
    -------
    numpy.ndarray
        Cumulative users after 0, 1, ..., ``cycles`` cycles along the last axis (element 0
        is ``u0``). For scalar ``u0`` and ``k`` a 1-D array of length ``cycles + 1``; for
        arrays, the broadcast shape of ``u0`` and ``k`` plus that last axis.

    Raises
    ------
    ValueError
        For negative inputs, or if the result would overflow (``k`` > 1 over many cycles).

    Notes
    -----
    Leaves out: the time a cycle takes, saturation of the market, churn of invited users.
    :func:`reach_over_time` adds retention and a finite audience.

    References
    ----------
    .. [1] Skok, D. (2009). Lessons learned - viral marketing. *For Entrepreneurs* (viral
       coefficient and cycle time).
    .. [2] Jurvetson, S. & Draper, T. (1997). Viral marketing. *Netscape M-Files*.

    Examples
    --------
    >>> viral_users(100, 0.5, 3)
    array([100. , 150. , 175. , 187.5])
    >>> round(float(viral_users(1, 0.7, 200)[-1]), 2)
    3.33
    >>> viral_users([10, 20], 1.0, 2)
    array([[10., 20., 30.],
           [20., 40., 60.]])
    """
    u = as_float(u0, "u0", 0, None)
    k_ = as_float(k, "k", 0, None)
    n = scalar_int(cycles, "cycles", 0)
    u, k_ = np.broadcast_arrays(u, k_)
    t = np.arange(n + 1, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        powers = np.power(k_[..., None], t)
        out = u[..., None] * np.cumsum(powers, axis=-1)
    ensure_finite(out, "viral_users")
    return out


def _int_param(p, name, low, high=None):
    return scalar_int(p[name], name, low, high)


def reach_over_time(
    weeks=None,
    *,
    audience=None,
    reps=None,
    contacts_per_rep=None,
    win_rate=None,
    rep_cost=None,
    budget=None,
    cpm=None,
    conversion=None,
    reach_k=None,
    reach_model: str = "poisson",
    seed_users=None,
    organic_visitors=None,
    activation=None,
    retention=None,
    viral_k=None,
    ops_cost=None,
) -> pd.DataFrame:
    r"""Sales, marketing and operations side by side, week by week.

    All three roles work on the same target ``audience``; week 0 is the start.

    **Sales** (point-to-point, precise, capacity-bound; ¶26, ¶42): each of ``reps`` reps
    contacts ``contacts_per_rep`` new prospects a week and wins ``win_rate`` of them.

    .. math::

        R_t = \min(\text{reps} \cdot \text{contacts} \cdot t,\ N), \qquad
        C_t = \text{win\_rate} \cdot R_t

    **Marketing** (a wide net, cheap per head, low precision, saturating; ¶30, ¶33): the
    weekly budget buys impressions at the CPM; accumulated GRP give the share reached through
    :func:`reach_curve`, and ``conversion`` of the people reached become customers.

    .. math::

        \text{GRP}_t = 100 \cdot \frac{1000\, t\, \text{budget}/\text{CPM}}{N}, \qquad
        R_t = N \cdot \text{reach}(\text{GRP}_t), \qquad C_t = \text{conversion} \cdot R_t

    **Operations** (grows through the product: funnel, retention, viral loop; ¶36-¶39): the
    product starts with ``seed_users`` active users. Each week ``organic_visitors`` arrive
    from search and store placement (¶39) and every active user brings ``viral_k`` more
    visitors; only people not yet reached can arrive (share :math:`1 - R_{t-1}/N` of the
    flow). ``activation`` of the visitors become users, and ``retention`` of last week's
    active users stay.

    .. math::

        V_t = \min\!\big((\text{organic} + k\,A_{t-1})(1 - R_{t-1}/N),\ N - R_{t-1}\big),
        \qquad R_t = R_{t-1} + V_t,

        C_t = C_{t-1} + \text{activation}\cdot V_t, \qquad
        A_t = \text{retention}\cdot A_{t-1} + \text{activation}\cdot V_t,
        \qquad R_0 = C_0 = A_0 = \text{seed\_users}

    The active base grows by the factor :math:`\text{retention} + k\cdot\text{activation}` a
    week before the audience runs out: above 1 the product compounds.

    Parameters
    ----------
    weeks : int, optional
        Number of weeks to simulate (whole number >= 0).
    audience : float, optional
        Size of the target audience :math:`N` (> 0).
    reps : int, optional
        Sales reps (whole number >= 0).
    contacts_per_rep : float, optional
        New prospects each rep works per week (>= 0).
    win_rate : float, optional
        Share of prospects a rep wins, in ``[0, 1]``.
    rep_cost : float, optional
        Cost of one rep per week (>= 0).
    budget : float, optional
        Marketing placement budget per week (>= 0), as in :func:`impressions`.
    cpm : float, optional
        Cost per thousand impressions (> 0).
    conversion : float, optional
        Share of people reached by marketing who buy, in ``[0, 1]``.
    reach_k : float, optional
        NBD shape of the reach curve (> 0), used only with ``reach_model="nbd"``.
    reach_model : {"poisson", "nbd"}
        Reach curve of marketing (see :func:`reach_curve`).
    seed_users : float, optional
        Active users of the product at week 0 (>= 0, at most ``audience``).
    organic_visitors : float, optional
        Visitors a week from search, app-store and marketplace placement (>= 0).
    activation : float, optional
        Share of visitors who become users (funnel conversion), in ``[0, 1]``.
    retention : float, optional
        Share of last week's active users still active, in ``[0, 1]``.
    viral_k : float, optional
        Visitors each active user brings per week (>= 0).
    ops_cost : float, optional
        Weekly cost of the operations team and tools (>= 0).

    Every argument left as ``None`` takes its default from ``data/parameters.csv`` (group
    ``reach``). All take single numbers: the function returns a table.

    Returns
    -------
    pandas.DataFrame
        Tidy, one row per role and week (``3 * (weeks + 1)`` rows), columns:

        ``role`` (``sales``, ``marketing``, ``operations``), ``week``,
        ``reached`` (distinct people reached so far), ``customers`` (people won so far:
        deals for sales, buyers for marketing, users acquired for operations),
        ``precision`` (``customers / reached``, 0 while nobody is reached),
        ``new_reached`` and ``new_customers`` (this week's increase; at week 0 the
        starting value),
        ``active`` (operations: active users :math:`A_t`; sales and marketing: equal to
        ``customers``, as churn is not modelled for them), ``cost`` (cumulative spend).
        Never NaN or inf.

    Notes
    -----
    Operations' seed users count as reached and won at week 0, so its precision starts at 1
    and falls towards ``activation``; sales' and marketing's precision is constant by
    construction (the conversion rate of what each role reaches).

    Leaves out: deal size (a sales customer is usually worth far more than a marketing or
    product customer), the brand effect of marketing that helps sales close big deals (¶31),
    word of mouth outside the product, ad wear-out, and rep ramp-up.

    References
    ----------
    .. [1] Article ¶26, ¶30, ¶33, ¶36-¶39, ¶42-¶43 (direction of the contrast).
    .. [2] Rust, R. T. (1986). *Advertising Media Models*. Lexington Books (reach curves).
    .. [3] Skok, D. (2009). Lessons learned - viral marketing. *For Entrepreneurs*.

    Examples
    --------
    >>> df = reach_over_time(
    ...     4, audience=100_000, reps=2, contacts_per_rep=10, win_rate=0.25, rep_cost=1000,
    ...     budget=1000, cpm=20, conversion=0.01, reach_k=1, seed_users=100,
    ...     organic_visitors=500, activation=0.1, retention=0.9, viral_k=0.5, ops_cost=500)
    >>> df[df.week == 4][["role", "reached", "customers", "precision"]].round(3)
              role    reached  customers  precision
    4        sales     80.000     20.000      0.250
    9    marketing  86466.472    864.665      0.010
    14  operations   2407.180    330.718      0.137
    """
    p = fill_defaults(
        CONTRAST,
        {
            "weeks": weeks,
            "audience": audience,
            "reps": reps,
            "contacts_per_rep": contacts_per_rep,
            "win_rate": win_rate,
            "rep_cost": rep_cost,
            "budget": budget,
            "cpm": cpm,
            "conversion": conversion,
            "reach_k": reach_k,
            "seed_users": seed_users,
            "organic_visitors": organic_visitors,
            "activation": activation,
            "retention": retention,
            "viral_k": viral_k,
            "ops_cost": ops_cost,
        },
    )
    n_weeks = _int_param(p, "weeks", 0)
    n_aud = scalar_float(p["audience"], "audience", 0, None, low_open=True)
    n_reps = _int_param(p, "reps", 0)
    contacts = scalar_float(p["contacts_per_rep"], "contacts_per_rep", 0)
    win = scalar_float(p["win_rate"], "win_rate", 0, 1)
    rep_cost_ = scalar_float(p["rep_cost"], "rep_cost", 0)
    budget = scalar_float(p["budget"], "budget", 0)
    cpm_ = scalar_float(p["cpm"], "cpm", 0, None, low_open=True)
    conv = scalar_float(p["conversion"], "conversion", 0, 1)
    k_reach = scalar_float(p["reach_k"], "reach_k", 0, None, low_open=True)
    seed = scalar_float(p["seed_users"], "seed_users", 0, n_aud)
    organic = scalar_float(p["organic_visitors"], "organic_visitors", 0)
    act = scalar_float(p["activation"], "activation", 0, 1)
    ret = scalar_float(p["retention"], "retention", 0, 1)
    vk = scalar_float(p["viral_k"], "viral_k", 0)
    ops_cost_ = scalar_float(p["ops_cost"], "ops_cost", 0)
    reach_model = _ALIASES.get(reach_model, reach_model)
    if reach_model not in _REACH_MODELS:
        raise ValueError(
            f"reach_model must be one of {', '.join(_REACH_MODELS)} (got {reach_model!r})"
        )

    t = np.arange(n_weeks + 1, dtype=float)

    # Sales: linear in capacity, capped by the audience.
    s_reached = np.minimum(n_reps * contacts * t, n_aud)
    s_customers = win * s_reached
    s_cost = n_reps * rep_cost_ * t

    # Marketing: budget -> impressions -> GRP -> reach curve.
    grp = gross_rating_points(impressions(budget * t, cpm_), n_aud)
    share = reach_curve(grp, reach_model, k=k_reach if reach_model == "nbd" else None)
    m_reached = n_aud * np.atleast_1d(share)
    m_customers = conv * m_reached
    m_cost = budget * t

    # Operations: funnel + retention + viral loop, limited by the audience not yet reached.
    o_reached = np.empty_like(t)
    o_customers = np.empty_like(t)
    o_active = np.empty_like(t)
    o_reached[0] = o_customers[0] = o_active[0] = seed
    for i in range(1, n_weeks + 1):
        left = n_aud - o_reached[i - 1]
        flow = (organic + vk * o_active[i - 1]) * (left / n_aud)
        visitors = min(max(flow, 0.0), max(left, 0.0))
        new_users = act * visitors
        o_reached[i] = o_reached[i - 1] + visitors
        o_customers[i] = o_customers[i - 1] + new_users
        o_active[i] = ret * o_active[i - 1] + new_users
    o_cost = ops_cost_ * t

    frames = []
    for role, reached, customers, active, cost in (
        ("sales", s_reached, s_customers, s_customers, s_cost),
        ("marketing", m_reached, m_customers, m_customers, m_cost),
        ("operations", o_reached, o_customers, o_active, o_cost),
    ):
        precision = np.divide(
            customers, reached, out=np.zeros_like(customers), where=reached > 0
        )
        frames.append(
            pd.DataFrame(
                {
                    "role": role,
                    "week": np.arange(n_weeks + 1),
                    "reached": reached,
                    "customers": customers,
                    "precision": precision,
                    "new_reached": np.diff(reached, prepend=0.0),
                    "new_customers": np.diff(customers, prepend=0.0),
                    "active": active,
                    "cost": cost,
                }
            )
        )
    df = pd.concat(frames, ignore_index=True)
    numeric = df.drop(columns=["role", "week"]).to_numpy(dtype=float)
    ensure_finite(numeric, "reach_over_time")
    return df


def scenario_result(p: Mapping[str, float], limits: Mapping[str, tuple[float, float]]):
    """What the reach chart shows at parameters ``p``: :func:`reach_over_time` over ``p["weeks"]``.

    Returns ``(data, notes)``; notes are ``{"en": ..., "zh": ...}`` texts for values at the edges.

    References
    ----------
    .. [1] Article ¶26, ¶30, ¶33, ¶36–¶39 (the direction of each role's reach).

    Examples
    --------
    >>> from rolecomp.scenario import Scenario
    >>> df = Scenario(CONTRAST, reps=10).data
    >>> last = df[df.week == df.week.max()].set_index("role")
    >>> bool(last.loc["sales", "precision"] > last.loc["marketing", "precision"])
    True
    >>> bool(last.loc["marketing", "reached"] > last.loc["sales", "reached"])
    True
    """
    keep = {k: v for k, v in p.items() if k in reach_over_time.__kwdefaults__}
    df = reach_over_time(int(p["weeks"]), **keep)
    notes = []
    if p["reps"] == 0 or p["win_rate"] == 0:
        notes.append({"en": "With no reps (or a win rate of 0) sales wins nobody: its line stays at zero "
                            "and its point leaves the right-hand chart.",
                      "zh": "没有销售人员（或成交率为 0）时，销售赢不到客户：曲线停在零，右图中它的点消失。"})
    if p["budget"] == 0 or p["conversion"] == 0:
        notes.append({"en": "With no placement budget (or no conversion) marketing wins nobody (¶30: "
                            "placement means spending).",
                      "zh": "没有投放预算（或转化率为 0）时，市场赢不到客户（¶30：投放就是花钱）。"})
    if p["viral_k"] >= 1 and p["retention"] >= 0.99:
        notes.append({"en": "Each active user brings one visitor or more a week and almost nobody leaves: "
                            "operations grows until it has reached the whole audience.",
                      "zh": "每个活跃用户每周至少带来一位访客且几乎无人流失：运营会一直增长，直到覆盖全部受众。"})
    return df, notes
