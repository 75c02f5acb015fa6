"""ReachExplorer: point-to-point sales, the wide net of marketing, and operations' compounding."""

from __future__ import annotations

from rolecomp.explorers._base import ParameterExplorer

__all__ = ["ReachExplorer"]


class ReachExplorer(ParameterExplorer):
    """Sales reaches few, precisely; marketing many, imprecisely; operations grows through the product.

    The chart is :class:`rolecomp.charts.reach.ReachChart`, the data
    :func:`rolecomp.models.reach.scenario_result` (¶26, ¶33, ¶36, ¶39).

    Examples
    --------
    >>> ex = ReachExplorer(reps=10)
    >>> last = ex.data[ex.data.week == ex.data.week.max()].set_index("role")
    >>> bool(last.loc["sales", "precision"] > last.loc["marketing", "precision"])
    True
    """

    contrast = "reach"
    controls = ("reps", "win_rate", "budget", "cpm", "conversion", "seed_users", "retention", "viral_k")
