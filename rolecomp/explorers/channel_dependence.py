"""ChannelDependenceExplorer: traditional (through intermediaries) against internet (direct) selling."""

from __future__ import annotations

from rolecomp.explorers._base import ParameterExplorer

__all__ = ["ChannelDependenceExplorer"]


class ChannelDependenceExplorer(ParameterExplorer):
    """Intermediaries raise the customer's price and cut the maker's profit (¶22–¶24).

    The chart is :class:`rolecomp.charts.channel_dependence.ChannelDependenceChart`, the data
    :func:`rolecomp.models.channel_dependence.scenario_result`.

    Examples
    --------
    >>> ex = ChannelDependenceExplorer(intermediaries=1)
    >>> float(ex.data["chain"]["end_price"]), float(ex.data["direct"]["end_price"])
    (80.0, 60.0)
    """

    contrast = "channel_dependence"
    controls = ("intermediaries", "c", "a")
