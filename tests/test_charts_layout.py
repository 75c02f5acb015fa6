"""Breathing room: no chart puts a text closer than 6 points (1/12 inch) to the figure's edge.

A title, tick label or legend that touches the edge looks cut off on a projector and in a
notebook, where the chart sits flush against the cell. Checked on every chart at its defaults and
at every preset, in English and in Chinese (the Chinese labels have other widths), at the
notebooks' resolution and at the export's.
"""

from __future__ import annotations

import pytest

from rolecomp import charts
from rolecomp.i18n import find_cjk_font
from rolecomp.scenario import Scenario

MARGIN_PT = 6
needs_cjk = pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font: Chinese charts fall back to English")


def crowded(fig, margin_pt: float = MARGIN_PT) -> list[str]:
    """Each axes (its titles, labels and tick labels), figure text and figure legend that comes
    within ``margin_pt`` of an edge: ``"<what>: <side> <distance> pt"``."""
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    items = [(ax.get_title(loc="left") or ax.get_ylabel() or f"axes {i}", ax.get_tightbbox(r))
             for i, ax in enumerate(fig.axes)]
    items += [(t.get_text(), t.get_window_extent(r)) for t in fig.texts if t.get_visible() and t.get_text().strip()]
    items += [("legend", lg.get_window_extent(r)) for lg in fig.legends]
    width, height, pt = fig.bbox.width, fig.bbox.height, fig.dpi / 72
    out = []
    for what, b in items:
        for side, gap in (("left", b.x0), ("bottom", b.y0), ("right", width - b.x1), ("top", height - b.y1)):
            if gap < margin_pt * pt - 0.5:
                out.append(f"{what[:40]!r}: {side} {gap / pt:.1f} pt")
    return out


def _cases():
    for c in charts.CONTRASTS:
        s = Scenario(c)
        for preset in [None, *(() if c == "three_roles" else s.presets)]:
            for lang in ("en", "zh"):
                yield pytest.param(c, preset, lang, id=f"{c}-{preset or 'defaults'}-{lang}",
                                   marks=[needs_cjk] if lang == "zh" else [])


@pytest.mark.parametrize(("contrast", "preset", "lang"), list(_cases()))
def test_no_text_comes_near_the_figures_edge(contrast, preset, lang):
    s = Scenario(contrast, preset) if preset else Scenario(contrast)
    for dpi in (100, 150):
        fig = charts.draw(contrast, lang, s)
        fig.set_dpi(dpi)
        assert not crowded(fig), (dpi, crowded(fig))


def test_the_check_sees_a_text_at_the_edge():
    fig = charts.draw("reach", "en")
    fig.text(0.999, 0.5, "at the edge", ha="right")
    assert any("at the edge" in c and "right" in c for c in crowded(fig))
