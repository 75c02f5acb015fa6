"""Reach: how sales, marketing and operations each get to customers (article ¶26-¶43).

The article's contrast: sales is point-to-point and precise, "a decapitation strike, no arrow
wasted" (¶26, ¶43); marketing is "a big net", "indiscriminate artillery cover" over the whole
target audience (¶33, ¶42-¶43), the biggest spender (¶30), whose spending is not waste: its brand
work keeps paying off (¶31); operations grows usage through the product itself: seed users, fewer
funnel losses (¶36), traffic from search rather than approaching customers (¶39).

The building blocks are standard media and pipeline formulas (impressions from a budget and a
CPM, reach curves from gross rating points, the adstock carry-over of advertising, sales velocity,
a viral loop); :func:`reach_over_time` puts the three roles side by side, all three counting the
same thing: customers won. The article supplies the direction; the numbers are the defaults in
``data/parameters.csv`` (group ``reach``), each marked there as cited or illustrative.
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
    "adstock",
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


def adstock(grp, carryover):
    r"""Advertising stock: this week's advertising plus what is left of earlier weeks'.

    .. math:: a_t = g_t + \lambda\, a_{t-1}, \qquad a_0 = g_0

    where :math:`g_t` is the weight of advertising bought in week :math:`t` (gross rating points)
    and :math:`\lambda` the carry-over: the share of last week's effect still working this week.
    Constant spending :math:`g` builds the stock up to :math:`g/(1-\lambda)`, so sustained
    advertising keeps working; when spending stops the stock halves every
    :math:`\ln 0.5 / \ln \lambda` weeks (the half-life: 3.1 weeks for :math:`\lambda = 0.8`).

    Parameters
    ----------
    grp : array_like
        Advertising weight per week, oldest first (>= 0), along the last axis.
    carryover : float or array_like
        Carry-over rate :math:`\lambda` in ``[0, 1)``: 0 means an ad works only in the week it
        runs.

    Returns
    -------
    numpy.ndarray
        The adstock of each week, the shape of the broadcast inputs.

    References
    ----------
    .. [1] Broadbent, S. (1979). One way TV advertisements work. *Journal of the Market
       Research Society*, 21(3), 139-166 (adstock).
    .. [2] Leone, R. P. (1995). Generalizing what is known about temporal aggregation and
       advertising carryover. *Marketing Science*, 14(3), G141-G150.

    Examples
    --------
    >>> adstock([100, 100, 100, 0, 0], 0.5)
    array([100.  , 150.  , 175.  ,  87.5 ,  43.75])
    >>> round(float(adstock([10.0] * 200, 0.8)[-1]), 6)  # the steady state g / (1 - lambda)
    50.0
    """
    g = as_float(grp, "grp", 0, None)
    lam = as_float(carryover, "carryover", 0, 1, high_open=True)
    if g.ndim == 0:
        raise ValueError("grp must be a series of weeks (an array), not a single number")
    g, lam = np.broadcast_arrays(g, lam[..., None] if lam.ndim else lam)
    out = np.empty_like(g, dtype=float)
    out[..., 0] = g[..., 0]
    for i in range(1, g.shape[-1]):
        out[..., i] = g[..., i] + lam[..., i] * out[..., i - 1]
    return out


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
    qualification_rate=None,
    win_rate=None,
    rep_cost=None,
    budget=None,
    cpm=None,
    carryover=None,
    conversion=None,
    ad_weeks=None,
    reach_k=None,
    reach_model: str = "poisson",
    seed_users=None,
    organic_visitors=None,
    paid_budget=None,
    cpc=None,
    visitor_conversion=None,
    retention=None,
    referral_rate=None,
    ops_cost=None,
) -> pd.DataFrame:
    r"""Sales, marketing and operations side by side, week by week, each counting customers won.

    All three roles sell to the same target ``audience`` of :math:`N` people; week 0 is the
    start, and every role's ``customers`` counts the people who have bought so far.

    **Sales** (point-to-point, precise, capacity-bound; ¶26, ¶42): a funnel. Each of ``reps``
    reps contacts ``contacts_per_rep`` new target prospects a week; ``qualification_rate`` of
    them become qualified opportunities, and ``win_rate`` of those are won.

    .. math::

        R_t = \min(\text{reps} \cdot \text{contacts} \cdot t,\ N), \qquad
        C_t = \text{win\_rate} \cdot \text{qualification\_rate} \cdot R_t

    The team is taken to be selling already (its pipeline full), so each week's wins come from
    opportunities opened about one sales cycle earlier at the same pace: wins start in week 1.

    **Marketing** (a wide net, low precision, saturating, with carry-over; ¶30, ¶31, ¶33): the
    weekly budget buys impressions at the CPM for the first ``ad_weeks`` weeks, :math:`g_t` gross
    rating points a week. Everyone exposed at least once counts as reached (the reach curve of
    the accumulated GRP); the ads' effect is their :func:`adstock`, which carries
    ``carryover`` of last week's effect into this week, and the share of the audience it keeps
    under the ads' effect is the reach curve of the adstock. Each week ``conversion`` of the
    people under that effect who have not bought yet buy.

    .. math::

        R_t = N\,\text{reach}\big(\textstyle\sum_{i \le t} g_i\big), \qquad
        a_t = g_t + \lambda\, a_{t-1},

        C_t = C_{t-1} + \min\big(\text{conversion} \cdot \text{reach}(a_t)\,(N - C_{t-1}),\
        R_t - C_{t-1}\big)

    Under constant spending the adstock settles at :math:`g/(1-\lambda)`, so the weekly wins
    settle too: they do not fall to zero once everybody has seen an ad.

    **Operations** (grows through the product; ¶36, ¶39): the product starts with ``seed_users``
    active users (¶36), found before week 0 (reached, not counted as customers won in the
    period). Each week ``organic_visitors`` arrive unpaid (search ranking and search
    optimisation), and ``paid_budget / cpc`` more from paid placement (淘宝直通车, ¶39), which
    costs ``paid_budget`` a week; only people not reached yet arrive (share
    :math:`1 - R_{t-1}/N`). ``visitor_conversion`` of the visitors buy, every active customer
    brings ``referral_rate`` new customers a week (word of mouth, a viral loop), and
    ``retention`` of last week's active customers stay active.

    .. math::

        V_t = \min\!\big((\text{organic} + \text{paid\_budget}/\text{cpc})(1 - R_{t-1}/N),\
        N - R_{t-1}\big), \qquad
        F_t = \min\big(\rho\, A_{t-1} (1 - R_{t-1}/N),\ N - R_{t-1} - V_t\big),

        R_t = R_{t-1} + V_t + F_t, \qquad
        C_t = C_{t-1} + v\,V_t + F_t, \qquad
        A_t = \text{retention}\cdot A_{t-1} + v\,V_t + F_t,

        R_0 = A_0 = \text{seed\_users}, \qquad C_0 = 0

    Before the audience runs out the active base grows by the factor
    :math:`\text{retention} + \rho` a week on top of the visitors' purchases: the referrals
    level off below 1 and compound above it.

    Parameters
    ----------
    weeks : int, optional
        Number of weeks to simulate (whole number >= 0).
    audience : float, optional
        Size of the target audience :math:`N` (> 0).
    reps : int, optional
        Sales reps (whole number >= 0).
    contacts_per_rep : float, optional
        New target prospects each rep contacts per week (>= 0).
    qualification_rate : float, optional
        Share of contacted prospects that become qualified opportunities, in ``[0, 1]``.
    win_rate : float, optional
        Share of qualified opportunities won, in ``[0, 1]``.
    rep_cost : float, optional
        Cost of one rep per week (>= 0).
    budget : float, optional
        Marketing placement budget per week (>= 0), as in :func:`impressions`.
    cpm : float, optional
        Cost per thousand impressions (> 0).
    carryover : float, optional
        Share of last week's advertising effect still working this week, in ``[0, 1)``
        (see :func:`adstock`).
    conversion : float, optional
        Share of the people under the ads' effect who buy in a given week, in ``[0, 1]``.
    ad_weeks : int, optional
        Weeks the ads run, from week 1 (whole number >= 0); after that the budget is 0.
    reach_k : float, optional
        NBD shape of the reach curve (> 0), used only with ``reach_model="nbd"``.
    reach_model : {"poisson", "nbd"}
        Reach curve of marketing (see :func:`reach_curve`).
    seed_users : float, optional
        Active users of the product at week 0 (>= 0, at most ``audience``).
    organic_visitors : float, optional
        Unpaid visitors a week: search ranking and search optimisation (>= 0).
    paid_budget : float, optional
        Operations' paid placement per week, e.g. 淘宝直通车 (>= 0).
    cpc : float, optional
        Cost per click (one visitor) of paid placement (> 0).
    visitor_conversion : float, optional
        Share of visitors who buy, in ``[0, 1]``.
    retention : float, optional
        Share of last week's active customers still active, in ``[0, 1]``.
    referral_rate : float, optional
        New customers each active customer brings per week, :math:`\rho` (>= 0).
    ops_cost : float, optional
        Weekly cost of the operations team and tools (>= 0), paid placement not included.

    Every argument left as ``None`` takes its default from ``data/parameters.csv`` (group
    ``reach``). All take single numbers: the function returns a table.

    Returns
    -------
    pandas.DataFrame
        Tidy, one row per role and week (``3 * (weeks + 1)`` rows), columns:

        ``role`` (``sales``, ``marketing``, ``operations``), ``week``,
        ``reached`` (distinct people reached so far: prospects contacted, people who saw an
        ad, visitors and referred people), ``customers`` (people who have bought so far, the
        same unit for all three), ``precision`` (``customers / reached``, 0 while nobody is
        reached), ``new_reached`` and ``new_customers`` (this week's increase; at week 0 the
        starting value), ``active`` (operations: active customers :math:`A_t`; sales and
        marketing: equal to ``customers``, as churn is not modelled for them), ``cost``
        (cumulative spend, paid placement included). Never NaN or inf.

    Notes
    -----
    Leaves out: deal size (a sales customer is usually a much bigger deal, ¶31), the brand
    effect of marketing that helps sales close big deals (¶31) and the traffic it sends to the
    product, ad wear-out, rep ramp-up, the sales cycle of a team that starts from nothing, and
    churn of sales' and marketing's customers. The roles are run as alternatives on the same
    audience, while the article stresses that they work together (¶33).

    References
    ----------
    .. [1] Article ¶26, ¶30-¶31, ¶33, ¶36, ¶39, ¶42-¶43 (direction of the contrast).
    .. [2] Broadbent, S. (1979). One way TV advertisements work. *Journal of the Market
       Research Society*, 21(3), 139-166 (adstock).
    .. [3] Rust, R. T. (1986). *Advertising Media Models*. Lexington Books (reach curves).
    .. [4] Skok, D. (2009). Lessons learned - viral marketing. *For Entrepreneurs*.

    Examples
    --------
    >>> df = reach_over_time(
    ...     8, audience=100_000, reps=2, contacts_per_rep=10, qualification_rate=0.2,
    ...     win_rate=0.25, rep_cost=1000, budget=1000, cpm=20, carryover=0.5, conversion=0.001,
    ...     ad_weeks=8, reach_k=1, seed_users=100, organic_visitors=500, paid_budget=200, cpc=2,
    ...     visitor_conversion=0.01, retention=0.9, referral_rate=0.05, ops_cost=500)
    >>> df[df.week == 8][["role", "reached", "customers", "precision", "cost"]].round(3)
              role    reached  customers  precision     cost
    8        sales    160.000      8.000      0.050  16000.0
    17   marketing  98168.436    461.002      0.005   8000.0
    26  operations   4835.038     87.119      0.018   5600.0
    """
    p = fill_defaults(
        CONTRAST,
        {
            "weeks": weeks,
            "audience": audience,
            "reps": reps,
            "contacts_per_rep": contacts_per_rep,
            "qualification_rate": qualification_rate,
            "win_rate": win_rate,
            "rep_cost": rep_cost,
            "budget": budget,
            "cpm": cpm,
            "carryover": carryover,
            "conversion": conversion,
            "ad_weeks": ad_weeks,
            "reach_k": reach_k,
            "seed_users": seed_users,
            "organic_visitors": organic_visitors,
            "paid_budget": paid_budget,
            "cpc": cpc,
            "visitor_conversion": visitor_conversion,
            "retention": retention,
            "referral_rate": referral_rate,
            "ops_cost": ops_cost,
        },
    )
    n_weeks = _int_param(p, "weeks", 0)
    n_aud = scalar_float(p["audience"], "audience", 0, None, low_open=True)
    n_reps = _int_param(p, "reps", 0)
    contacts = scalar_float(p["contacts_per_rep"], "contacts_per_rep", 0)
    qual = scalar_float(p["qualification_rate"], "qualification_rate", 0, 1)
    win = scalar_float(p["win_rate"], "win_rate", 0, 1)
    rep_cost_ = scalar_float(p["rep_cost"], "rep_cost", 0)
    budget_ = scalar_float(p["budget"], "budget", 0)
    cpm_ = scalar_float(p["cpm"], "cpm", 0, None, low_open=True)
    lam = scalar_float(p["carryover"], "carryover", 0, 1, high_open=True)
    conv = scalar_float(p["conversion"], "conversion", 0, 1)
    n_ad = _int_param(p, "ad_weeks", 0)
    k_reach = scalar_float(p["reach_k"], "reach_k", 0, None, low_open=True)
    seed = scalar_float(p["seed_users"], "seed_users", 0, n_aud)
    organic = scalar_float(p["organic_visitors"], "organic_visitors", 0)
    paid = scalar_float(p["paid_budget"], "paid_budget", 0)
    cpc_ = scalar_float(p["cpc"], "cpc", 0, None, low_open=True)
    v_conv = scalar_float(p["visitor_conversion"], "visitor_conversion", 0, 1)
    ret = scalar_float(p["retention"], "retention", 0, 1)
    rho = scalar_float(p["referral_rate"], "referral_rate", 0)
    ops_cost_ = scalar_float(p["ops_cost"], "ops_cost", 0)
    reach_model = _ALIASES.get(reach_model, reach_model)
    if reach_model not in _REACH_MODELS:
        raise ValueError(
            f"reach_model must be one of {', '.join(_REACH_MODELS)} (got {reach_model!r})"
        )
    k_arg = k_reach if reach_model == "nbd" else None

    t = np.arange(n_weeks + 1, dtype=float)

    # Sales: contacts -> qualified opportunities -> wins, linear in capacity, capped by the audience.
    s_reached = np.minimum(n_reps * contacts * t, n_aud)
    s_customers = win * qual * s_reached
    s_cost = n_reps * rep_cost_ * t

    # Marketing: budget -> impressions -> GRP; reach of the accumulated GRP, effect of the adstock.
    running = (t >= 1) & (t <= n_ad)
    grp = np.where(running, float(gross_rating_points(impressions(budget_, cpm_), n_aud)), 0.0)
    m_reached = n_aud * np.atleast_1d(reach_curve(np.cumsum(grp), reach_model, k=k_arg))
    aware = np.atleast_1d(reach_curve(adstock(grp, lam), reach_model, k=k_arg))
    m_customers = np.zeros_like(t)
    for i in range(1, n_weeks + 1):
        prev = m_customers[i - 1]
        m_customers[i] = prev + min(conv * aware[i] * (n_aud - prev), max(m_reached[i] - prev, 0.0))
    m_cost = budget_ * np.minimum(t, n_ad)

    # Operations: unpaid + paid visitors, a funnel, retention and referrals, within the audience.
    o_reached = np.empty_like(t)
    o_customers = np.empty_like(t)
    o_active = np.empty_like(t)
    o_reached[0], o_customers[0], o_active[0] = seed, 0.0, seed
    visitors_a_week = organic + paid / cpc_
    for i in range(1, n_weeks + 1):
        left = max(n_aud - o_reached[i - 1], 0.0)
        visitors = min(visitors_a_week * left / n_aud, left)
        referred = min(rho * o_active[i - 1] * left / n_aud, left - visitors)
        new_customers = v_conv * visitors + referred
        o_reached[i] = o_reached[i - 1] + visitors + referred
        o_customers[i] = o_customers[i - 1] + new_customers
        o_active[i] = ret * o_active[i - 1] + new_customers
    o_cost = (ops_cost_ + paid) * t

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
    .. [1] Article ¶26, ¶30-¶31, ¶33, ¶36, ¶39, ¶42 (the direction of each role's reach).

    Examples
    --------
    >>> from rolecomp.scenario import Scenario
    >>> df = Scenario(CONTRAST).data
    >>> last = df[df.week == df.week.max()].set_index("role")
    >>> bool(last.loc["sales", "precision"] > last.loc["marketing", "precision"])
    True
    >>> bool(last.loc["marketing", "reached"] > last.loc["sales", "reached"])
    True
    """
    keep = {k: v for k, v in p.items() if k in reach_over_time.__kwdefaults__}
    df = reach_over_time(int(p["weeks"]), **keep)
    notes = []
    weeks = int(p["weeks"])
    if p["reps"] == 0 or p["contacts_per_rep"] == 0 or p["qualification_rate"] == 0 or p["win_rate"] == 0:
        notes.append({"en": "With no reps (or no prospects, qualified opportunities or wins) sales wins nobody: its "
                            "line stays at zero and its point leaves the right-hand chart.",
                      "zh": "没有销售人员（或没有潜在客户、合格商机或成交）时，销售赢不到客户：曲线停在零，"
                            "右图中它的点消失。"})
    if p["budget"] == 0 or p["conversion"] == 0 or p["ad_weeks"] == 0:
        notes.append({"en": "With no placement budget (or no conversion, or no weeks of ads) marketing wins nobody "
                            "(¶30: placement means spending).",
                      "zh": "没有投放预算（或转化率为 0、投放 0 周）时，市场赢不到客户（¶30：投放就是花钱）。"})
    elif p["ad_weeks"] < weeks:
        notes.append({"en": f"The ads stop after week {int(p['ad_weeks'])}: what they built up keeps bringing "
                            "customers for a few weeks, fading week by week (carry-over), then marketing's line "
                            "goes flat.",
                      "zh": f"广告在第 {int(p['ad_weeks'])} 周后停投：已积累的广告效果还会带来几周客户，"
                            "逐周减弱（延续效应），之后市场的曲线变平。"})
    if p["paid_budget"] == 0 and p["organic_visitors"] == 0 and p["seed_users"] == 0:
        notes.append({"en": "With no seed users and no visitors, paid or unpaid, operations wins nobody.",
                      "zh": "没有种子用户，也没有付费或免费的访客时，运营赢不到客户。"})
    last = df[df.week == df.week.max()].set_index("role")
    if last.loc["operations", "reached"] >= 0.99 * float(p["audience"]):
        notes.append({"en": "Operations has reached almost the whole target audience: it has nobody new left to win.",
                      "zh": "运营几乎已经触达全部目标受众：再也没有新的人可以争取。"})
    return df, notes
