"""OneOffVsOngoingExplorer: a one-off sale against an ongoing subscription (¶19–¶21)."""

from __future__ import annotations

from rolecomp.explorers._base import ParameterExplorer

__all__ = ["OneOffVsOngoingExplorer"]


class OneOffVsOngoingExplorer(ParameterExplorer):
    """A one-off sale against a subscription whose churn and expansion follow the seller's
    after-sales touches: selling that continues after signing (¶19–¶21).

    The chart is :class:`rolecomp.charts.one_off_vs_ongoing.OneOffVsOngoingChart`, the data
    :func:`rolecomp.models.one_off_vs_ongoing.scenario_result`.

    Examples
    --------
    >>> ex = OneOffVsOngoingExplorer()
    >>> ex.data.attrs["break_even_period"] is not None
    True
    >>> ex.set(touches=0).data.attrs["break_even_period"] is None  # no selling after signing
    True
    >>> ex.set(base_churn=0.0, touches=0).notes != []
    True
    """

    contrast = "one_off_vs_ongoing"
    controls = ("touches", "base_churn", "one_off_price", "arpa", "after_sales_periods")
