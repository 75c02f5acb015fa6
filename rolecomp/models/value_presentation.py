"""Value presentation: turning indirect value into a number a customer can believe (¶13-¶18).

The article: an internet product is intangible (¶14), so the seller must state how much benefit
it creates (¶15). A CRM brings no direct revenue, yet raises efficiency and opens new ways to
develop the market; its indirect value "may multiply" (¶16). Sell the hole, not the drill (¶18).

This module gives the standard investment arithmetic (:func:`roi`, :func:`npv`,
:func:`payback_period`) and the article's CRM example as components that add up
(:func:`crm_value`, :func:`crm_benefit`, :func:`crm_cashflows`). The article gives the
direction (value is indirect and can be large); the numbers are the illustrative defaults in
``data/parameters.csv`` (group ``value``).
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
    scalar_float,
    scalar_int,
    shape_out,
)

__all__ = [
    "CONTRAST",
    "crm_benefit",
    "crm_cashflows",
    "crm_value",
    "npv",
    "payback_period",
    "roi",
    "scenario_result",
]

#: The contrast this module models: its parameter group in data/parameters.csv, its chart,
#: explorer, notebook and tests carry the same id.
CONTRAST = "value_presentation"


def roi(benefit, cost):
    r"""Return on investment: net gain per unit of money spent.

    .. math:: \text{ROI} = \frac{\text{benefit} - \text{cost}}{\text{cost}}

    Parameters
    ----------
    benefit : float or array_like
        Value the investment brings (>= 0).
    cost : float or array_like
        What it costs (> 0), over the same period as the benefit.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ROI as a fraction (2.5 = 250 %).

    Notes
    -----
    Ignores timing (compare :func:`npv`) and risk; as credible as the benefit estimate.

    References
    ----------
    .. [1] Brealey, R. A., Myers, S. C. & Allen, F. *Principles of Corporate Finance*.
       McGraw-Hill (investment criteria).

    Examples
    --------
    >>> float(roi(175_000, 50_000))
    2.5
    """
    b = as_float(benefit, "benefit", 0, None)
    c = as_float(cost, "cost", 0, None, low_open=True)
    return shape_out((b - c) / c)


def npv(cashflows, rate):
    r"""Net present value of cash flows, the first at :math:`t = 0` (undiscounted).

    .. math:: \text{NPV} = \sum_{t=0}^{T} \frac{CF_t}{(1 + r)^t}

    Parameters
    ----------
    cashflows : array_like
        Cash flows in time order along the last axis; leading axes (if any) are scenarios.
    rate : float or array_like
        Discount rate per period (> -1). An array of rates gives one NPV per rate
        (broadcast against the leading axes of ``cashflows``).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``numpy.float64`` for 1-D cash flows and a scalar rate; otherwise an array of the
        broadcast shape of ``cashflows.shape[:-1]`` and ``rate``.

    References
    ----------
    .. [1] Brealey, R. A., Myers, S. C. & Allen, F. *Principles of Corporate Finance*.
       McGraw-Hill.

    Examples
    --------
    >>> round(float(npv([-100, 60, 60], 0.1)), 2)
    4.13
    >>> npv([-100, 60, 60], [0.0, 0.1]).round(2)
    array([20.  ,  4.13])
    """
    cf = as_float(cashflows, "cashflows")
    if cf.ndim == 0:
        cf = cf[None]
    r = as_float(rate, "rate", -1, None, low_open=True)
    t = np.arange(cf.shape[-1], dtype=float)
    with np.errstate(over="ignore"):
        factors = np.power(1.0 + r[..., None], -t)
        out = np.sum(cf * factors, axis=-1)
    ensure_finite(out, "npv")
    return shape_out(out)


def payback_period(cashflows):
    r"""Periods until cumulative cash flow turns non-negative, interpolated within a period.

    With cumulative cash flow :math:`C_t = \sum_{s \le t} CF_s` (first flow at :math:`t=0`),
    let :math:`t^*` be the first period with :math:`C_{t^*} \ge 0`. Assuming the cash flow
    of period :math:`t^*` arrives evenly over that period,

    .. math:: \text{payback} = (t^* - 1) + \frac{-C_{t^*-1}}{CF_{t^*}}

    and the payback is 0 if :math:`C_0 \ge 0`.

    Parameters
    ----------
    cashflows : array_like
        Cash flows in time order along the last axis (usually a negative investment at
        :math:`t = 0`, then returns); leading axes (if any) are scenarios.

    Returns
    -------
    float, None or numpy.ndarray
        For 1-D cash flows: the payback period as a float, or ``None`` if the cumulative
        cash flow never reaches 0 within the flows given. For N-D cash flows: a float array
        of shape ``cashflows.shape[:-1]`` in which ``numpy.inf`` marks "never" (the only
        place the models return inf, on purpose; test with ``numpy.isinf``).

    Notes
    -----
    Ignores the time value of money and everything after the payback point.

    References
    ----------
    .. [1] Brealey, R. A., Myers, S. C. & Allen, F. *Principles of Corporate Finance*.
       McGraw-Hill (payback rule).

    Examples
    --------
    >>> payback_period([-100, 30, 40, 50])
    2.6
    >>> payback_period([-100, 10, 10]) is None
    True
    >>> payback_period([[-100, 50, 60], [-100, 10, 10]])
    array([1.83333333,        inf])
    """
    cf = as_float(cashflows, "cashflows")
    if cf.ndim == 0:
        cf = cf[None]
    if cf.shape[-1] == 0:
        raise ValueError("cashflows must hold at least one cash flow")
    cum = np.cumsum(cf, axis=-1)
    reached = cum >= 0
    ever = reached.any(axis=-1)
    first = np.argmax(reached, axis=-1)
    prev_idx = np.maximum(first - 1, 0)
    prev_cum = np.take_along_axis(cum, prev_idx[..., None], axis=-1)[..., 0]
    flow = np.take_along_axis(cf, first[..., None], axis=-1)[..., 0]
    safe_flow = np.where(flow > 0, flow, 1.0)
    frac = np.where(first > 0, (first - 1) + (-prev_cum) / safe_flow, 0.0)
    out = np.where(ever, frac, np.inf)
    if out.ndim == 0:
        return float(out) if bool(ever) else None
    return out.astype(float)


def _crm_inputs(reps, hours_saved, weeks, hourly_cost, deals_per_rep, deal_margin,
                conversion_lift):
    p = fill_defaults(
        CONTRAST,
        {
            "reps": reps,
            "hours_saved": hours_saved,
            "weeks": weeks,
            "hourly_cost": hourly_cost,
            "deals_per_rep": deals_per_rep,
            "deal_margin": deal_margin,
            "conversion_lift": conversion_lift,
        },
    )
    return {
        "reps": as_int(p["reps"], "reps", 0).astype(float),
        "hours_saved": as_float(p["hours_saved"], "hours_saved", 0, 168),
        "weeks": as_int(p["weeks"], "weeks", 0, 53).astype(float),
        "hourly_cost": as_float(p["hourly_cost"], "hourly_cost", 0),
        "deals_per_rep": as_float(p["deals_per_rep"], "deals_per_rep", 0),
        "deal_margin": as_float(p["deal_margin"], "deal_margin", 0),
        "conversion_lift": as_float(p["conversion_lift"], "conversion_lift", 0),
    }


def _crm_components(q):
    time_saved = q["reps"] * q["hours_saved"] * q["weeks"] * q["hourly_cost"]
    lift = q["reps"] * q["deals_per_rep"] * q["conversion_lift"] * q["deal_margin"]
    return time_saved, lift


def crm_value(
    reps=None,
    hours_saved=None,
    weeks=None,
    hourly_cost=None,
    deals_per_rep=None,
    deal_margin=None,
    conversion_lift=None,
) -> pd.DataFrame:
    r"""The article's CRM example (¶16): no direct revenue, indirect value that adds up.

    Per year, for a sales team using the CRM:

    .. math::

        \text{direct} &= 0 \quad \text{(a CRM sells nothing by itself, ¶16)}

        \text{time saved} &= \text{reps} \times \text{hours saved per week} \times
            \text{weeks} \times \text{hourly cost}

        \text{conversion lift} &= \text{reps} \times \text{deals per rep} \times
            \text{lift} \times \text{margin per deal}

    The components sum to the yearly benefit (:func:`crm_benefit`), which can be set against
    the CRM's cost with :func:`roi`, :func:`npv` and :func:`payback_period`.

    Parameters
    ----------
    reps : int, optional
        Sales reps using the CRM (whole number >= 0).
    hours_saved : float, optional
        Hours of admin each rep saves per week (0 to 168).
    weeks : int, optional
        Working weeks per year (whole number, 0 to 53).
    hourly_cost : float, optional
        Fully loaded cost of a rep's hour (>= 0).
    deals_per_rep : float, optional
        Deals each rep closes per year without the CRM (>= 0).
    deal_margin : float, optional
        Gross margin of an average deal (>= 0).
    conversion_lift : float, optional
        Relative increase in deals thanks to the CRM (0.05 = 5 % more deals; >= 0).

    Every argument left as ``None`` takes its default from ``data/parameters.csv`` (group
    ``value``). All take single numbers: the function returns a table.

    Returns
    -------
    pandas.DataFrame
        Three rows, columns ``component`` (``direct_revenue``, ``time_saved``,
        ``conversion_lift``), ``kind`` (``direct`` or ``indirect``), ``value`` (per year;
        ``df.value.sum()`` is the total benefit), ``label_en`` and ``label_zh``.

    Notes
    -----
    Time saved is valued at cost: it is capacity freed, not cash, unless the hours are put
    to use (fewer hires, more selling). If the freed hours are what produces the extra
    deals, counting both components double-counts; say which story you tell. Leaves out:
    better forecasting, less churn from better follow-up, management visibility; adoption
    risk and the learning dip.

    References
    ----------
    .. [1] Article ¶15-¶16 (value presentation; the CRM's value is indirect and may
       multiply).
    .. [2] Forrester Research, Total Economic Impact (TEI) methodology (quantifying benefits
       of a technology investment as cost savings and revenue effects).

    Examples
    --------
    >>> df = crm_value(reps=20, hours_saved=3, weeks=46, hourly_cost=50,
    ...                deals_per_rep=20, deal_margin=5000, conversion_lift=0.05)
    >>> df[["component", "kind", "value"]]
             component      kind     value
    0   direct_revenue    direct       0.0
    1       time_saved  indirect  138000.0
    2  conversion_lift  indirect  100000.0
    >>> float(df.value.sum())
    238000.0
    """
    q = _crm_inputs(reps, hours_saved, weeks, hourly_cost, deals_per_rep, deal_margin,
                    conversion_lift)
    for name, arr in q.items():
        if arr.ndim != 0:
            raise ValueError(f"{name} must be a single number here (got an array of shape {arr.shape})")
    time_saved, lift = _crm_components(q)
    ensure_finite([time_saved, lift], "crm_value")
    return pd.DataFrame(
        {
            "component": ["direct_revenue", "time_saved", "conversion_lift"],
            "kind": ["direct", "indirect", "indirect"],
            "value": [0.0, float(time_saved), float(lift)],
            "label_en": ["Direct revenue", "Time saved", "More deals won"],
            "label_zh": ["直接收入", "节省的时间", "成交提升"],
        }
    )


def crm_benefit(
    reps=None,
    hours_saved=None,
    weeks=None,
    hourly_cost=None,
    deals_per_rep=None,
    deal_margin=None,
    conversion_lift=None,
):
    r"""Total yearly benefit of the CRM: the sum of :func:`crm_value`'s components, vectorised.

    .. math::

        \text{benefit} = \text{reps}\,(\text{hours}\cdot\text{weeks}\cdot\text{hourly cost}
            + \text{deals per rep}\cdot\text{lift}\cdot\text{margin per deal})

    Parameters
    ----------
    reps, hours_saved, weeks, hourly_cost : float or array_like, optional
        As in :func:`crm_value` (``reps`` and ``weeks`` whole numbers).
    deals_per_rep, deal_margin, conversion_lift : float or array_like, optional
        As in :func:`crm_value`. ``None`` takes the default from ``data/parameters.csv``.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        Broadcast over the inputs.

    References
    ----------
    .. [1] Article ¶16.

    Examples
    --------
    >>> crm_benefit(20, [0, 3], 46, 50, 20, 5000, 0.05)
    array([100000., 238000.])
    """
    q = _crm_inputs(reps, hours_saved, weeks, hourly_cost, deals_per_rep, deal_margin,
                    conversion_lift)
    time_saved, lift = _crm_components(q)
    return shape_out(ensure_finite(time_saved + lift, "crm_benefit"))


def crm_cashflows(years=None, upfront=None, cost=None, **crm):
    r"""Yearly cash flows of buying the CRM, ready for :func:`npv` and :func:`payback_period`.

    .. math::

        CF_0 = -\text{upfront}, \qquad CF_t = \text{benefit} - \text{cost}, \quad t = 1..Y

    Parameters
    ----------
    years : int, optional
        Years of use :math:`Y` (whole number, 1 to 50).
    upfront : float, optional
        One-time cost at :math:`t = 0`: implementation, data migration, training (>= 0).
    cost : float, optional
        Running cost per year: licences, administration (>= 0).
    **crm
        Keyword arguments of :func:`crm_value` (``reps``, ``hours_saved``, ...).

    Every argument left as ``None`` takes its default from ``data/parameters.csv`` (group
    ``value``). All take single numbers.

    Returns
    -------
    numpy.ndarray
        1-D array of length ``years + 1``.

    References
    ----------
    .. [1] Brealey, Myers & Allen, *Principles of Corporate Finance* (cash-flow timing).
    .. [2] Article ¶16.

    Examples
    --------
    >>> cf = crm_cashflows(3, upfront=30_000, cost=50_000, reps=20, hours_saved=3, weeks=46,
    ...                    hourly_cost=50, deals_per_rep=20, deal_margin=5000,
    ...                    conversion_lift=0.05)
    >>> cf
    array([-30000., 188000., 188000., 188000.])
    >>> round(payback_period(cf), 3)
    0.16
    """
    unknown = set(crm) - {"reps", "hours_saved", "weeks", "hourly_cost", "deals_per_rep",
                          "deal_margin", "conversion_lift"}
    if unknown:
        raise TypeError(f"crm_cashflows() got unexpected keyword arguments: {sorted(unknown)}")
    p = fill_defaults(CONTRAST, {"years": years, "upfront": upfront, "cost": cost})
    y = scalar_int(p["years"], "years", 1, 50)
    up = scalar_float(p["upfront"], "upfront", 0)
    run = scalar_float(p["cost"], "cost", 0)
    return _cashflows(y, up, run, float(crm_value(**crm).value.sum()))


def _cashflows(years: int, upfront: float, cost: float, benefit: float) -> np.ndarray:
    out = np.full(years + 1, benefit - cost, dtype=float)
    out[0] = -upfront
    return ensure_finite(out, "crm_cashflows")


_CRM_KEYS = ("reps", "hours_saved", "weeks", "hourly_cost", "deals_per_rep", "deal_margin", "conversion_lift")


def scenario_result(p: Mapping[str, float], limits: Mapping[str, tuple[float, float]]):
    """What the value-presentation chart shows at parameters ``p``: the CRM of ¶16.

    Its value per year by component (:func:`crm_value`), the cash flows of buying it
    (:func:`crm_cashflows`), the ROI over the years of use (total benefit against total cost),
    the NPV at ``p["rate"]`` and the payback. Returns ``(data, notes)``.

    References
    ----------
    .. [1] Article ¶13–¶18 (the CRM of ¶16: no direct revenue, indirect value).
    .. [2] See :func:`crm_value`, :func:`roi`, :func:`npv` and :func:`payback_period`.

    Examples
    --------
    >>> from rolecomp.scenario import Scenario
    >>> data = Scenario(CONTRAST).data
    >>> float(data["components"].set_index("component").loc["direct_revenue", "value"])
    0.0
    >>> Scenario(CONTRAST, hours_saved=0, conversion_lift=0).data["payback"] is None
    True
    """
    crm = {k: p[k] for k in _CRM_KEYS}
    crm["reps"], crm["weeks"] = int(crm["reps"]), int(crm["weeks"])
    comps = crm_value(**crm)
    years = int(p["years"])
    benefit = float(comps.value.sum())
    flows = _cashflows(scalar_int(years, "years", 1, 50), scalar_float(p["upfront"], "upfront", 0),
                       scalar_float(p["cost"], "cost", 0), benefit)  # crm_cashflows, without a second crm_value
    total_cost = p["upfront"] + p["cost"] * years
    data = {"components": comps, "benefit": benefit, "cost": float(p["cost"]), "cashflows": flows,
            "years": years, "rate": float(p["rate"]), "roi": float(roi(benefit * years, total_cost)),
            "npv": float(npv(flows, p["rate"])), "payback": payback_period(flows)}
    notes = []
    if benefit == 0:
        notes.append({"en": "With no hours saved and no extra deals the CRM creates no value at all: "
                            "there is nothing to present, and it never pays back.",
                      "zh": "既不节省时间也不多赢订单时，CRM 不创造任何价值：没有可呈现的价值，也永远不会回本。"})
    return data, notes
