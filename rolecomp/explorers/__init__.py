"""Explorers: one small widget per contrast of the article, each a thin view of its chart.

Each has controls, a chart that follows at once, a live sentence saying what the chart shows,
presets, Reset, a language toggle, ``.values``, ``.set(**values)``, ``.scenario``, ``.data`` and
``.figure``. Display one by leaving it as the last expression of a cell. Every explorer's
module and ``name`` is its contrast's id; :func:`explorer` finds one by that id.

Examples
--------
>>> from rolecomp.explorers import explorer
>>> type(explorer("reach")).__name__
'ReachExplorer'
"""

from __future__ import annotations

import warnings

from rolecomp.explorers._base import Explorer, ParameterExplorer
from rolecomp.explorers.channel_dependence import ChannelDependenceExplorer
from rolecomp.explorers.one_off_vs_ongoing import OneOffVsOngoingExplorer
from rolecomp.explorers.reach import ReachExplorer
from rolecomp.explorers.three_roles import ThreeRolesExplorer
from rolecomp.explorers.value_presentation import ValuePresentationExplorer

__all__ = [
    "EXPLORERS",
    "ChannelDependenceExplorer",
    "Explorer",
    "OneOffVsOngoingExplorer",
    "ParameterExplorer",
    "ReachExplorer",
    "ThreeRolesExplorer",
    "ValuePresentationExplorer",
    "explorer",
]

#: The explorer of each contrast, by id, in notebook order.
EXPLORERS: dict[str, type[Explorer]] = {
    cls.contrast: cls for cls in (ThreeRolesExplorer, ChannelDependenceExplorer, ReachExplorer,
                                  OneOffVsOngoingExplorer, ValuePresentationExplorer)
}

#: Names of the first release, kept working for notebooks that use them.
RENAMED = {
    "RoleProfile": "ThreeRolesExplorer",
    "ChannelExplorer": "ChannelDependenceExplorer",
    "RevenueExplorer": "OneOffVsOngoingExplorer",
    "ValueExplorer": "ValuePresentationExplorer",
}


def explorer(contrast: str, **values) -> Explorer:
    """A new explorer of ``contrast`` (its id), with ``values`` set on its controls."""
    if contrast not in EXPLORERS:
        raise ValueError(f"no explorer for {contrast!r}; the contrasts are: {', '.join(EXPLORERS)}")
    return EXPLORERS[contrast](**values)


def __getattr__(name: str):
    if name in RENAMED:
        new = RENAMED[name]
        warnings.warn(f"rolecomp.{name} is now rolecomp.{new} (one name per contrast); "
                      f"the old name still works", DeprecationWarning, stacklevel=2)
        return globals()[new]
    raise AttributeError(f"module 'rolecomp.explorers' has no attribute {name!r}")
