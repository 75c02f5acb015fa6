"""ChannelDependenceExplorer: traditional (through intermediaries) against internet (direct) selling."""

from __future__ import annotations

from rolecomp.explorers._base import ParameterExplorer

__all__ = ["ChannelDependenceExplorer"]


class ChannelDependenceExplorer(ParameterExplorer):
    """Selling through intermediaries against selling direct (¶22–¶24): in the markup model the end
    price rises and the maker's share of it shrinks.

    The chart is :class:`rolecomp.charts.channel_dependence.ChannelDependenceChart`, the data
    :func:`rolecomp.models.channel_dependence.scenario_result`.

    Examples
    --------
    >>> ex = ChannelDependenceExplorer(intermediaries=1)
    >>> round(float(ex.data["chain"]["end_price"]), 2)
    156.0
    """

    contrast = "channel_dependence"
    controls = ("intermediaries", "intermediary_markup", "maker_markup", "unit_cost")
