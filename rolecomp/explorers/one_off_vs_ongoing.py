"""OneOffVsOngoingExplorer: a one-off sale against an ongoing subscription (¶19–¶21)."""

from __future__ import annotations

from rolecomp.explorers._base import ParameterExplorer

__all__ = ["OneOffVsOngoingExplorer"]


class OneOffVsOngoingExplorer(ParameterExplorer):
    """One-off price and after-sales term against subscription price, churn and expansion.

    The chart is :class:`rolecomp.charts.one_off_vs_ongoing.OneOffVsOngoingChart`, the data
    :func:`rolecomp.models.one_off_vs_ongoing.scenario_result`.

    Examples
    --------
    >>> ex = OneOffVsOngoingExplorer(churn=0.01, expansion=0.0)
    >>> ex.data.attrs["break_even_period"] is not None
    True
    >>> ex.set(churn=0.0, expansion=0.0).notes != []
    True
    """

    contrast = "one_off_vs_ongoing"
    controls = ("one_off_price", "after_sales_periods", "arpa", "churn", "expansion")
