"""Explorers: one small widget per contrast of the article, on one shared base.

Each has sliders (or selectors), a chart that follows at once, a live sentence saying what the
chart shows, presets, Reset, a language toggle, ``.values``, ``.set(**values)``, ``.data`` and
``.figure``. Display one by leaving it as the last expression of a cell.
"""

from rolecomp.explorers._base import Explorer, ParameterExplorer
from rolecomp.explorers.channel import ChannelExplorer
from rolecomp.explorers.profile import RoleProfile
from rolecomp.explorers.reach import ReachExplorer
from rolecomp.explorers.revenue import RevenueExplorer
from rolecomp.explorers.value import ValueExplorer

__all__ = [
    "ChannelExplorer",
    "Explorer",
    "ParameterExplorer",
    "ReachExplorer",
    "RevenueExplorer",
    "RoleProfile",
    "ValueExplorer",
]
