"""Explorers: one small widget per contrast of the article, on one shared base.

Each has sliders (or selectors), a chart that follows at once, a live sentence saying what the
chart shows, presets, Reset, a language toggle, ``.values``, ``.set(**values)``, ``.data`` and
``.figure``. Display one by leaving it as the last expression of a cell.
"""

from rolecomp.explorers._base import Explorer, ParameterExplorer
from rolecomp.explorers.profile import RoleProfile

__all__ = ["Explorer", "ParameterExplorer", "RoleProfile"]
