"""Quantitative models behind the workshop's contrasts: pure, vectorised, numpy/pandas only.

Four submodules, one per contrast of the article:

* :mod:`rolecomp.models.channel_dependence`: channel dependence (¶22-¶24): double marginalization
  (the customer's price and the maker's profit through a chain of middle links);
* :mod:`rolecomp.models.reach`: how sales, marketing and operations reach customers (¶26-¶43);
* :mod:`rolecomp.models.one_off_vs_ongoing`: one-off vs ongoing sales, selling after signing,
  lifetime value (¶19-¶21);
* :mod:`rolecomp.models.value_presentation`: value presentation, ROI and the CRM example (¶13-¶18).

Every function accepts scalars or numpy arrays (a whole slider range at once) and returns the
same shape, except those returning a table, which take single numbers. Invalid inputs raise
``ValueError`` naming the parameter and its allowed range. Defaults of the scenario functions
(``channel_chain``, ``reach_over_time``, ``revenue_streams``, ``crm_value``, ...) are read from
``data/parameters.csv`` when the function is called, never at import. See ``docs/models.md``.

Examples
--------
>>> from rolecomp import models
>>> float(models.channel_dependence.double_marginalization(100, 1, 20, 2)["price"])
80.0
>>> float(models.saas_ltv(500, 0.8, 0.05))
8000.0
"""

from __future__ import annotations

from rolecomp.models import channel_dependence, one_off_vs_ongoing, reach, value_presentation
from rolecomp.models.channel_dependence import (
    channel_chain,
    channel_summary,
    double_marginalization,
)
from rolecomp.models.one_off_vs_ongoing import (
    after_sales_effect,
    break_even_period,
    cac_payback_months,
    retention_clv,
    revenue_streams,
    saas_ltv,
    sbg_survival,
)
from rolecomp.models.reach import (
    gross_rating_points,
    impressions,
    reach_curve,
    reach_over_time,
    sales_velocity,
    viral_users,
)
from rolecomp.models.value_presentation import crm_benefit, crm_cashflows, crm_value, npv, payback_period, roi

__all__ = [
    "after_sales_effect",
    "break_even_period",
    "cac_payback_months",
    "channel_chain",
    "channel_dependence",
    "channel_summary",
    "crm_benefit",
    "crm_cashflows",
    "crm_value",
    "double_marginalization",
    "gross_rating_points",
    "impressions",
    "npv",
    "one_off_vs_ongoing",
    "payback_period",
    "reach",
    "reach_curve",
    "reach_over_time",
    "retention_clv",
    "revenue_streams",
    "roi",
    "saas_ltv",
    "sales_velocity",
    "sbg_survival",
    "value_presentation",
    "viral_users",
]
