"""ValuePresentationExplorer (卖钻讲孔): the CRM of ¶16, direct against indirect value."""

from __future__ import annotations

from rolecomp.explorers._base import ParameterExplorer

__all__ = ["ValuePresentationExplorer"]


class ValuePresentationExplorer(ParameterExplorer):
    """A CRM brings no direct revenue, yet its indirect value may multiply (¶16).

    The chart is :class:`rolecomp.charts.value_presentation.ValuePresentationChart`, the data
    :func:`rolecomp.models.value_presentation.scenario_result`.

    Examples
    --------
    >>> ex = ValuePresentationExplorer()
    >>> float(ex.data["components"].set_index("component").loc["direct_revenue", "value"])
    0.0
    >>> ex.set(hours_saved=0, conversion_lift=0).data["payback"] is None
    True
    """

    contrast = "value_presentation"
    controls = ("hours_saved", "hourly_cost", "reps", "conversion_lift", "cost")
