"""ChannelDependenceExplorer: traditional (through intermediaries) against internet (direct) selling."""

from __future__ import annotations

from rolecomp.explorers._base import ParameterExplorer

__all__ = ["ChannelDependenceExplorer"]


class ChannelDependenceExplorer(ParameterExplorer):
    """Selling through intermediaries against selling direct (¶22–¶24): in the double-marginalization
    model each link raises the customer's price and cuts the maker's profit.

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
