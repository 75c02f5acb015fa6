"""Colour in the charts: contrast enough to see, and never the only thing that tells series apart.

WCAG 2.1: 1.4.1 (use of colour), 1.4.3 (text contrast 4.5:1) and 1.4.11 (graphical objects
3:1 against what is next to them, here the axes' background). Checked on each chart's
matplotlib artists, at the defaults and at every preset, in English.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from matplotlib import colors as mcolors
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from rolecomp import charts
from rolecomp.scenario import Scenario

_KNOWN: dict[str, str] = {}  # contrast id -> why its chart is known to fail (xfail)


def luminance(rgb) -> float:
    """WCAG relative luminance of an sRGB colour (components 0..1)."""
    c = np.asarray(rgb[:3], dtype=float)
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2])


def contrast(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def on(colour, background, alpha=None):
    """The colour seen: ``colour`` with its alpha over ``background``."""
    r, g, b, a = mcolors.to_rgba(colour, alpha)
    bg = np.asarray(mcolors.to_rgb(background))
    return tuple(a * np.asarray((r, g, b)) + (1 - a) * bg)


def scenarios(contrast_id):
    if contrast_id == "three_roles":
        return [None]
    s = Scenario(contrast_id)
    return [None] + [Scenario(contrast_id, pid) for pid in s.presets]


def _case(c, s):
    marks = [pytest.mark.xfail(reason=_KNOWN[c], strict=False)] if c in _KNOWN else []
    return pytest.param(c, s, id=f"{c}-{'defaults' if s is None else s.preset}", marks=marks)


CASES = [_case(c, s) for c in charts.CONTRASTS for s in scenarios(c)]


def data_artists(ax):
    """Lines and bars that carry data (no grid lines, no background or legend patches)."""
    grid = set(ax.xaxis.get_gridlines()) | set(ax.yaxis.get_gridlines())
    # a chart whose scale moves draws its own grid lines, marked gid="grid"
    lines = [ln for ln in ax.lines if ln.get_visible() and ln not in grid and ln.get_gid() != "grid"
             and len(np.atleast_1d(ln.get_xdata()))]
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_visible()
            and p.get_width() * p.get_height() != 0]
    return lines, bars


@pytest.mark.parametrize(("contrast_id", "scenario"), CASES)
def test_data_marks_stand_out_from_the_background(contrast_id, scenario):
    fig = charts.draw(contrast_id, scenario=scenario)
    fig.canvas.draw()
    weak = []
    for ax in fig.axes:
        bg = ax.get_facecolor()
        lines, bars = data_artists(ax)
        for ln in lines:
            seen = on(ln.get_color(), bg, ln.get_alpha())
            if ln.get_linestyle() not in ("None", "none", "") and contrast(seen, bg) < 3:
                weak.append(f"{ax.get_title(loc='left')!r}: line {ln.get_label()!r} "
                            f"{mcolors.to_hex(seen)} {contrast(seen, bg):.2f}:1")
        for p in bars:
            alpha = p.get_alpha()
            if alpha is not None and alpha < 0.3:
                continue  # a faint shaded span behind the data, named by a text label
            face = on(p.get_facecolor(), bg)
            edge = on(p.get_edgecolor(), bg) if p.get_linewidth() > 0 else bg
            if max(contrast(face, bg), contrast(edge, bg)) < 3:
                weak.append(f"{ax.get_title(loc='left')!r}: bar {p.get_label()!r} fill "
                            f"{mcolors.to_hex(face)} {contrast(face, bg):.2f}:1, edge "
                            f"{mcolors.to_hex(edge)} {contrast(edge, bg):.2f}:1")
    assert not weak, "below 3:1 against the axes (WCAG 1.4.11):\n" + "\n".join(sorted(set(weak)))


@pytest.mark.parametrize(("contrast_id", "scenario"), CASES)
def test_texts_are_readable(contrast_id, scenario):
    fig = charts.draw(contrast_id, scenario=scenario)
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    low = []
    for ax in fig.axes:
        bg = ax.get_facecolor()
        rects = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_visible()]
        meshes = [m for m in ax.collections if type(m).__name__ == "QuadMesh"]
        for t in ax.texts:
            if not (t.get_visible() and t.get_text().strip()):
                continue
            ext = t.get_window_extent(r)
            behind = bg
            for m in meshes:  # a heatmap's number is read against its cell
                cell = _mesh_cell_colour(m, ax, t)
                if cell is not None:
                    behind = on(cell, bg)
            box = t.get_bbox_patch()
            if box is not None:
                behind = on(box.get_facecolor(), bg)
            else:  # a label inside a bar is read against the bar
                centre = ((ext.x0 + ext.x1) / 2, (ext.y0 + ext.y1) / 2)
                for p in rects:
                    if p.contains_point(centre) and (p.get_alpha() is None or p.get_alpha() >= 0.3):
                        behind = on(p.get_facecolor(), bg)
            seen = on(t.get_color(), behind, t.get_alpha())
            need = 3.0 if t.get_fontsize() >= 18.6 or (t.get_fontsize() >= 14 and t.get_weight() in ("bold", 700)) \
                else 4.5
            if contrast(seen, behind) < need:
                low.append(f"{t.get_text()!r}: {mcolors.to_hex(seen)} on {mcolors.to_hex(behind)} "
                           f"{contrast(seen, behind):.2f}:1 (needs {need}:1)")
    assert not low, "text below WCAG 1.4.3 contrast:\n" + "\n".join(sorted(set(low)))


def _mesh_cell_colour(mesh, ax, text):
    """The colour of the heatmap cell under ``text`` (None when it is not over the mesh)."""
    x, y = ax.transData.inverted().transform(text.get_transform().transform(text.get_position()))
    xy = mesh.get_coordinates()  # (rows + 1, cols + 1, 2) corners in data coordinates
    xs, ys = xy[0, :, 0], xy[:, 0, 1]
    col = np.searchsorted(np.sort(xs), x) - 1
    row = np.searchsorted(np.sort(ys), y) - 1
    rows, cols = xy.shape[0] - 1, xy.shape[1] - 1
    if not (0 <= col < cols and 0 <= row < rows):
        return None
    if xs[0] > xs[-1]:
        col = cols - 1 - col
    if ys[0] > ys[-1]:
        row = rows - 1 - row
    faces = mesh.get_facecolor()
    return faces[row * cols + col] if len(faces) == rows * cols else None


def _look(handle) -> tuple:
    """What tells a legend entry apart without colour: its kind, line style, marker, hatch."""
    if isinstance(handle, Line2D):
        ls = handle.get_linestyle()
        return ("line", "none" if ls in ("None", "none", "") else ls,
                str(handle.get_marker()) if handle.get_marker() not in (None, "None", "none", "") else "")
    if isinstance(handle, Patch):
        return ("patch", handle.get_hatch() or "")
    return (type(handle).__name__,)


@pytest.mark.parametrize("contrast_id", charts.CONTRASTS)
def test_series_differ_by_more_than_colour(contrast_id):
    fig = charts.draw(contrast_id)
    same = []
    for ax in fig.axes:
        leg = ax.get_legend()
        if leg is None:
            continue
        handles = getattr(leg, "legend_handles", None) or leg.legendHandles  # matplotlib 3.6: legendHandles
        entries = list(zip(handles, [t.get_text() for t in leg.get_texts()], strict=True))
        for (h1, t1), (h2, t2) in itertools.combinations(entries, 2):
            if _look(h1) == _look(h2):
                same.append(f"{ax.get_title(loc='left')!r}: {t1!r} and {t2!r} look alike but for colour "
                            f"({_look(h1)})")
    assert not same, "legend entries told apart by colour alone (WCAG 1.4.1):\n" + "\n".join(same)
