"""The three-roles chart: the roles side by side on the article's attributes, bars and a heatmap."""

from __future__ import annotations

import math
import re
from itertools import combinations

import matplotlib as mpl
import numpy as np
from matplotlib.transforms import offset_copy

from rolecomp.charts import ROLE_STYLES, Chart, role_style
from rolecomp.i18n import zh_table

__all__ = ["CHART", "LABELS", "ThreeRolesChart"]

#: Every word of this contrast, in both languages (the explorer uses them too).
LABELS = _T = zh_table({
    "roles": {"en": "Roles", "zh": "岗位"},
    "attributes": {"en": "Attributes", "zh": "属性"},
    "evidence": {"en": "Evidence for", "zh": "查看依据"},
    "bars_title": {"en": "Scores (1 low – 5 high)", "zh": "评分（1 低 – 5 高）"},
    "heat_title": {"en": "Heatmap", "zh": "热力图"},
    "na": {"en": "n/a", "zh": "未提及"},
    "silent": {"en": "the article is silent", "zh": "文章未提及"},
    "col_role": {"en": "Role", "zh": "岗位"},
    "col_score": {"en": "Score", "zh": "评分"},
    "col_quote": {"en": "The article says", "zh": "原文"},
    "col_why": {"en": "Why", "zh": "理由"},
    "empty": {"en": "Choose at least one role and one attribute.", "zh": "请至少选择一个岗位和一个属性。"},
})


class ThreeRolesChart(Chart):
    """Grouped bars (one colour per role) and a heatmap of the chosen roles' scores on the chosen
    attributes; hatched cells where the article is silent."""

    title = {"en": "Role profiles: sales, marketing, operations", "zh": "岗位画像：销售、市场、运营"}
    figsize = (10.5, 5.0)

    def build(self):
        ff, lang, sc = self.ff, self.lang, self.scenario
        fig = ff.figure
        dpi = fig.dpi
        roles, attrs = list(sc.role_ids), list(sc.attribute_ids)
        n_all, m_all = len(roles), len(attrs)
        rnames, anames = sc.names(lang)
        self._styles = _styles(roles)
        # One fixed layout for every selection, measured once per language: the left margin fits
        # the longest attribute name, the top the legend and the column headers of the most
        # crowded selection, and the height the bars of every role on every attribute.
        measure = _Measure(fig, ff.canvas.get_renderer())
        size = mpl.rcParams["ytick.labelsize"]
        width = fig.bbox.width
        widest = max(measure(n, size)[0] for n in anames.values())
        left = min(0.4, (widest + 12 + _EDGE * dpi / 72) / width)  # the names, their tick gap, the edge
        # more roles, more heatmap columns: the heatmap takes a larger share of the width
        gs = fig.add_gridspec(1, 2, width_ratios=[1.35, 1 + 0.3 * max(0, n_all - 4)], left=left, right=0.99,
                              top=0.86, bottom=0.13, wspace=0.03)
        _, _, lefts, rights = gs.get_grid_positions(fig)
        bar_x0, heat_x0, heat_x1 = lefts[0] * width, lefts[1] * width, rights[1] * width
        pad, edge = _PAD * dpi / 72, _EDGE * dpi / 72
        # the headers of n chosen roles: the same size and direction for all, each name in as
        # few lines as fit its column (an English name wraps at spaces, a Chinese one between
        # characters); the top has room for the tallest fit of all the roles, for any n
        names = [rnames[r] for r in roles]
        self._measure = measure
        self._head_room = {n: (heat_x1 - heat_x0) / n - pad for n in range(1, n_all + 1)}
        self._head_fit = {n: _fit_headers(names, room, measure) for n, room in self._head_room.items()}
        head_h = self._head_reserve = max(h for _, _, _, h in self._head_fit.values())
        # the legend: one or two rows, over the bars if it fits there, else across the figure
        self._legend_text_w = {f: [measure(n, f)[0] for n in names] for f in _LEGEND_SIZES}
        self._legend_fit = _fit_legend(self._legend_text_w, n_all, dpi,
                                       regions=((bar_x0, heat_x0 - 2 * pad), (edge, heat_x0 - 2 * pad),
                                                (edge, width - edge)))
        x0, x1, fsize, rows, beside = self._legend_fit
        leg_h = _legend_height(names, rows, fsize, fig, ff.canvas.get_renderer())
        top_px = edge + (max(leg_h, head_h + pad) if beside else leg_h + pad + head_h + pad) + pad
        bottom_px = 0.65 * dpi
        axes_px = max(3.65 * dpi, m_all * n_all * _BAR_PITCH * dpi)
        height = min(10 * dpi, max(self.figsize[1] * dpi, top_px + bottom_px + axes_px))
        fig.set_size_inches(width / dpi, height / dpi)
        gs.update(top=1 - top_px / height, bottom=bottom_px / height)
        self._axes_px = height - top_px - bottom_px
        self._legend_anchor = (x0 / width, 1 - edge / height)
        self._legend_room = x1 - x0

        ax = self._ax_bar = fig.add_subplot(gs[0])
        hx = self._ax_heat = fig.add_subplot(gs[1], sharey=ax)
        # Static background: the score axis and its grid. Everything that depends on the selection
        # (bars, markers, attribute names, heat cells, role names, legend) is a dynamic artist, so a
        # change of selection blits them onto that background instead of redrawing the chart.
        ax.set_xlim(0, 5.2)
        ax.set_xticks([1, 2, 3, 4, 5])
        ax.set_xlabel(_T["bars_title"][lang])
        ax.grid(axis="x", color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", left=False, labelleft=False)
        hx.tick_params(axis="both", left=False, labelleft=False, bottom=False, labelbottom=False)
        for spine in hx.spines.values():
            spine.set_visible(False)
        hx.set_xlabel(f"—  {_T['silent'][lang]}", color="#555555")
        st = self._styles
        self._bars = {(r, a): ax.barh(0, 0, height=0.1, color=st[r]["color"], edgecolor="white", linewidth=0.5)[0]
                      for r in roles for a in attrs}
        # the role's marker at the end of each of its bars: colour is not the only clue to who is who
        self._marks = {r: ax.plot([], [], linestyle="none", marker=st[r]["marker"], markerfacecolor=st[r]["color"],
                                  markeredgecolor="white", markeredgewidth=0.6, zorder=3)[0] for r in roles}
        # names come from the data: drawn literally, never as mathtext ("$100 to $200", "$x^$")
        self._names_txt = [ax.text(-0.02, 0, "", transform=ax.get_yaxis_transform(), ha="right", va="center",
                                   fontsize=size, parse_math=False) for _ in attrs]
        # the heat cells: a mesh of every attribute x role, the chosen ones in its top-left corner
        # and the rest masked (a mesh draws in a fraction of the time an image of that size takes)
        self._heat_shape = (m_all, n_all)
        self._heat_img = hx.pcolormesh(np.arange(n_all + 1) - 0.5, np.arange(m_all + 1) - 0.5,
                                       np.ma.masked_all((m_all, n_all)), cmap="Blues", vmin=0, vmax=5.5)
        self._cells = [[(_hatch(0, 0), hx.text(0, 0, "", ha="center", va="center")) for _ in roles]
                       for _ in attrs]
        for row in self._cells:
            for patch, _txt in row:
                hx.add_patch(patch)
        above = offset_copy(hx.get_xaxis_transform(), fig=fig, y=_PAD, units="points")
        self._col_txt = [hx.text(0, 1, "", transform=above, ha="center", va="bottom", multialignment="center",
                                 linespacing=_LINESPACING, fontsize=10, parse_math=False) for _ in roles]
        self._empty_txt = ax.text(0.5, 0.5, _T["empty"][lang], ha="center", va="center", transform=ax.transAxes)
        self._legend, self._legend_roles = None, ()
        ff.dynamic(*self._bars.values(), *self._marks.values(), *self._names_txt, self._heat_img,
                   *(a for row in self._cells for pair in row for a in pair), *self._col_txt, self._empty_txt)
        self._drawn = None

    def update(self, table):
        lang = self.lang
        key = (tuple(table.index), tuple(table.columns), lang)
        if key == getattr(self, "_drawn", None):
            return  # only the evidence changed: the chart stays as it is
        self._drawn = key
        ax, hx = self._ax_bar, self._ax_heat
        roles, attrs = list(table.index), list(table.columns)
        rnames, anames = self.scenario.names(lang)
        empty = not roles or not attrs
        self._empty_txt.set_visible(empty)
        for bar in self._bars.values():
            bar.set_visible(False)
        for mark in self._marks.values():
            mark.set_visible(False)
        for t in (*self._names_txt, *self._col_txt):
            t.set_visible(False)
        for row in self._cells:
            for patch, txt in row:
                patch.set_visible(False)
                txt.set_visible(False)
        if self._legend is not None and (empty or self._legend_roles != tuple(roles)):
            self._legend.remove()
            self._legend = None
            self.ff.invalidate()
        self._heat_img.set_visible(not empty)
        if empty:
            return
        n, m = len(roles), len(attrs)
        ax.set_ylim(m - 0.5, -0.5)  # one row per attribute, the first at the top
        hx.set_xlim(-0.5, n - 0.5)
        height = 0.8 / n
        # markers as large as the bars are thick (a little more, white-edged), within limits
        pitch = self._axes_px / m * height
        dpi = self.figure.dpi
        msize = float(np.clip(pitch * 1.7, 8 * dpi / 100, 12 * dpi / 100)) * 72 / dpi
        for i, role in enumerate(roles):
            xs, ys = [], []
            for j, attr in enumerate(attrs):
                v = table.iat[i, j]
                if not np.isnan(v):
                    bar = self._bars[(role, attr)]
                    bar.set_y(j - 0.4 + height * i + height * 0.04)
                    bar.set_height(height * 0.92)
                    bar.set_width(v)
                    bar.set_visible(True)
                    xs.append(v)
                    ys.append(j - 0.4 + height * (i + 0.5))
            mark = self._marks[role]
            mark.set_data(xs, ys)
            mark.set_markersize(msize * _MARKER_SCALE.get(mark.get_marker(), 1.0))
            mark.set_visible(bool(xs))
        for j, attr in enumerate(attrs):
            txt = self._names_txt[j]
            txt.set_position((-0.02, j))
            txt.set_text(anames[attr])
            txt.set_visible(True)
        data = table.to_numpy(dtype=float).T  # attributes x roles
        grid = np.ma.masked_all(self._heat_shape)
        grid[:m, :n] = np.ma.masked_invalid(data)
        # matplotlib 3.6 keeps a mesh's values flat, later releases as the grid
        self._heat_img.set_array(grid if self._heat_img.get_array().ndim == 2 else grid.ravel())
        for (j, i), v in np.ndenumerate(data):
            patch, txt = self._cells[j][i]
            txt.set_position((i, j))
            txt.set_visible(True)
            if np.isnan(v):
                patch.set_xy((i - 0.5, j - 0.5))
                patch.set_visible(True)
                txt.set_text("—")
                txt.set_color("#595959")  # 6.4:1 on the cell's #f2f2f2
                txt.set_fontweight("normal")
            else:
                txt.set_text(f"{v:.0f}")
                txt.set_color("white" if v >= 3.5 else "black")
                txt.set_fontweight("bold")
        # the chosen roles' own best fit (measured texts are cached); the fit of all roles, which the
        # layout reserved room for, if theirs would be taller
        fsize, rotation, texts, tall = _fit_headers([rnames[r] for r in roles], self._head_room[n], self._measure)
        if tall > self._head_reserve + 0.5:
            index = {r: k for k, r in enumerate(self.scenario.role_ids)}
            fsize, rotation, every, _ = self._head_fit[n]
            texts = [every[index[r]] for r in roles]
        for i, _role in enumerate(roles):
            t = self._col_txt[i]
            t.set_position((i, 1))
            t.set_text(texts[i])
            t.set_fontsize(fsize)
            t.set_rotation(rotation)
            t.set_visible(True)
        if self._legend is None:  # the same roles keep their legend
            # part of the static background (laying a legend out and drawing it costs more than
            # all the bars): a change of roles redraws the background once, a change of
            # attributes only blits
            self._legend, self._legend_roles = self._make_legend(roles, [rnames[r] for r in roles]), tuple(roles)
            self.ff.invalidate()

    def _make_legend(self, roles, labels):
        """The chosen roles' legend, in reading order (row by row), in at most two rows."""
        from matplotlib.lines import Line2D

        index = {r: k for k, r in enumerate(self.scenario.role_ids)}
        widths = {f: [w[index[r]] for r in roles] for f, w in self._legend_text_w.items()}
        _, _, base, _, _ = self._legend_fit
        n, dpi = len(roles), self.figure.dpi
        fsize, ncol = next(((f, c) for f in _LEGEND_SIZES if f <= base for c in (n, -(-n // 2))
                            if _legend_width(widths[f], c, f, dpi) <= self._legend_room),
                           (min(_LEGEND_SIZES), -(-n // 2)))
        st = self._styles
        handles = [Line2D([], [], color=st[r]["color"], linewidth=4, solid_capstyle="butt", marker=st[r]["marker"],
                          markerfacecolor=st[r]["color"], markeredgecolor="white", markeredgewidth=0.6,
                          markersize=8.5 * _MARKER_SCALE.get(st[r]["marker"], 1.0)) for r in roles]
        order = _row_major(n, ncol)
        legend = self.figure.legend([handles[k] for k in order], [labels[k] for k in order], loc="upper left",
                                    bbox_to_anchor=self._legend_anchor, borderaxespad=0, ncol=ncol,
                                    fontsize=fsize, frameon=False, **_LEGEND_KW)
        for text in legend.get_texts():
            text.set_parse_math(False)
        return legend

    @classmethod
    def sentence_of(cls, table, lang, scenario):
        roles, attrs = list(table.index), list(table.columns)
        if not roles or not attrs:
            return _T["empty"][lang]
        rnames, anames = scenario.names(lang)
        ev = scenario.parameters["evidence"]
        if ev in table.columns and table[ev].notna().any():
            col = table[ev].dropna()
            silent = int(table[ev].isna().sum())
            hi, lo = col.max(), col.min()
            # every role at the top (bottom), in the data's order: a tie names them all
            tops = [rnames[r] for r in col.index if col[r] == hi]
            lows = [rnames[r] for r in col.index if col[r] == lo]
            tied = len(tops) > 1 or len(lows) > 1
            if lang == "en":
                if hi == lo:
                    head = (f"On {anames[ev].lower()}, {_join([rnames[r] for r in col.index])} "
                            f"{'scores' if len(col) == 1 else 'all score'} {hi:.0f}")
                elif not tied:
                    head = (f"On {anames[ev].lower()}, {tops[0]} scores highest ({hi:.0f}) and "
                            f"{lows[0]} lowest ({lo:.0f})")
                else:
                    head = (f"On {anames[ev].lower()}, {_join(tops)} {'scores' if len(tops) == 1 else 'score'} "
                            f"highest ({hi:.0f}), and {_join(lows)} {'scores' if len(lows) == 1 else 'score'} "
                            f"lowest ({lo:.0f})")
                tail = ("" if not silent else
                        f"; the article is silent on {silent} of the chosen roles")
                return head + tail + "."
            if hi == lo:
                names = [rnames[r] for r in col.index]
                head = (f"在「{anames[ev]}」上，{names[0]}为 {hi:.0f}" if len(names) == 1 else
                        f"在「{anames[ev]}」上，{'、'.join(names)}均为 {hi:.0f}")
            else:
                head = (f"在「{anames[ev]}」上，{_join_zh(tops)}{'并列' if len(tops) > 1 else ''}最高（{hi:.0f}），"
                        f"{_join_zh(lows)}{'并列' if len(lows) > 1 else ''}最低（{lo:.0f}）")
            return head + (f"；所选岗位中有 {silent} 个因文章未提及而未评分" if silent else "") + "。"
        missing = int(table.isna().to_numpy().sum())
        if lang == "en":
            return (f"{len(roles)} role{'s' if len(roles) != 1 else ''} on {len(attrs)} "
                    f"attribute{'s' if len(attrs) != 1 else ''}; {missing} "
                    f"cell{' is' if missing == 1 else 's are'} not in the article.")
        return f"{len(roles)} 个岗位、{len(attrs)} 个属性；其中 {missing} 格文章未提及。"


def _join(names: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _join_zh(names: list[str]) -> str:
    """"销售", "销售和市场", "销售、市场和运营"."""
    return names[0] if len(names) == 1 else "、".join(names[:-1]) + "和" + names[-1]


#: Gap between the heatmap and its headers, and around the legend (points).
_PAD = 3
_EDGE = 7  # points between the figure's edge and the legend, as between any chart's text and its edge
_LINESPACING = 1.15
#: Height of one bar (inches) when every role is shown on every attribute: fixes the figure's height.
_BAR_PITCH = 0.065
_LEGEND_SIZES = (10, 9, 8)
#: Marker shapes that look smaller than a circle of the same size are drawn larger.
_MARKER_SCALE = {"*": 1.45, "P": 1.15, "X": 1.15, "v": 1.1, "^": 1.1, "s": 0.95, "D": 1.0}
_LEGEND_KW = {"handlelength": 1.6, "handletextpad": 0.45, "columnspacing": 1.0, "borderpad": 0.2,
              "labelspacing": 0.35}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: Header layouts, best first: (font size, rotation, at most this many lines; 0 = as many as it takes).
_HEADER_TRIES = ((10, 0, 2), (9, 0, 2), (8, 0, 2), (9, 0, 3), (8, 0, 3), (10, 0, 0), (9, 0, 0), (8, 0, 0),
                 (10, 90, 2), (9, 90, 2), (8, 90, 3))


def _styles(roles) -> dict[str, dict]:
    """Each role's style: the workshop's own, or the next spare one for a role an instructor added."""
    added = [r for r in roles if r not in ROLE_STYLES]
    return {r: role_style(r, added.index(r) if r in added else 0) for r in roles}


class _Measure:
    """Width and height in pixels of a (multi-line, horizontal) text at a font size, cached."""

    def __init__(self, fig, renderer):
        from matplotlib.text import Text

        self._renderer = renderer
        self._probe = Text(0, 0, "", linespacing=_LINESPACING, parse_math=False)
        self._probe.set_figure(fig)
        self._seen: dict = {}

    def __call__(self, text: str, size: float) -> tuple[float, float]:
        key = (text, size)
        if key not in self._seen:
            self._probe.set_text(text)
            self._probe.set_fontsize(size)
            box = self._probe.get_window_extent(self._renderer)
            self._seen[key] = (box.width, box.height)
        return self._seen[key]


def _wraps(name: str, most: int) -> list[str]:
    """``name`` in 1, 2, ... lines (at most ``most``; 0: no limit), lines as even as can be.

    English wraps at spaces; a Chinese name has none and wraps between characters.

    >>> _wraps("Key account sales", 2)
    ['Key account sales', 'Key account\\nsales']
    >>> _wraps("大客户销售", 0)
    ['大客户销售', '大客户\\n销售', '大\\n客户\\n销售', '大\\n客\\n户\\n销\\n售']
    """
    if len(name.split()) > 1:
        units, sep = name.split(), " "
    elif _CJK.search(name) and len(name) > 1:
        units, sep = list(name), ""
    else:
        return [name]
    top = len(units) if most == 0 else min(most, len(units))
    out = []
    for k in range(1, top + 1):
        if sep == "" and 3 < k < len(units):
            continue  # a Chinese name: a few lines, or one character a line
        if k == len(units):
            out.append("\n".join(units))
            continue
        cuts = combinations(range(1, len(units)), k - 1)
        if math.comb(len(units) - 1, k - 1) > 500:  # a very long name: cut at even lengths
            step = len(units) / k
            cuts = [tuple(round(step * i) for i in range(1, k))]
        # the most even lines; of those, in Chinese, ones ending in two-character words (大客户|销售),
        # in English, a longer first line
        best = min(cuts, key=lambda c: (max(len(sep.join(units[a:b]))
                                            for a, b in zip((0, *c), (*c, len(units)), strict=True)),
                                        sum((len(units) - x) % 2 for x in c) if sep == "" else 0,
                                        -c[0] if c else 0))
        out.append("\n".join(sep.join(units[a:b]) for a, b in zip((0, *best), (*best, len(units)), strict=True)))
    return out


def _fit_headers(names: list[str], room: float, measure) -> tuple[float, int, list[str], float]:
    """The first of ``_HEADER_TRIES`` in which every name fits ``room`` pixels across.

    Returns the font size, the rotation, each name's text (as few lines as fit, or as short
    when turned upright) and the height they take.
    """
    for size, rotation, most in _HEADER_TRIES:
        texts, tallest = [], 0.0
        for name in names:
            fits = []
            for text in _wraps(name, most):
                w, h = measure(text, size)
                if rotation:
                    w, h = h, w
                if w <= room:
                    fits.append((h, text.count("\n"), text))
            if not fits:
                break
            h, _, text = min(fits)
            texts.append(text)
            tallest = max(tallest, h)
        else:
            return size, rotation, texts, tallest
    size, rotation, _ = _HEADER_TRIES[-1]  # too many roles for the width: the smallest, upright
    return size, rotation, names, max(measure(n, size)[0] for n in names)


def _legend_width(text_widths: list[float], ncol: int, size: float, dpi: float) -> float:
    """Width in pixels of a frameless legend of these texts in ``ncol`` columns, filled row by row."""
    rows = -(-len(text_widths) // ncol)
    cols = [max(text_widths[k] for k in range(j, len(text_widths), ncol)) for j in range(ncol)]
    kw = _LEGEND_KW
    em = (2 * kw["borderpad"] + ncol * (kw["handlelength"] + kw["handletextpad"])
          + (ncol - 1) * kw["columnspacing"])
    return em * size * dpi / 72 + sum(cols) + 2 * (rows > 0)


def _fit_legend(text_widths: dict, n: int, dpi: float, regions) -> tuple:
    """Where the legend of all ``n`` roles goes: ``(x0, x1, font size, rows, beside the headers)``.

    Beside the headers (the regions but the last) if it fits there, in one row rather than two,
    at the larger sizes; else across the figure (the last region), above the headers.
    """
    def fits(size, rows, x0, x1):
        return _legend_width(text_widths[size], -(-n // rows), size, dpi) <= x1 - x0

    for size in _LEGEND_SIZES[:2]:
        for rows in (1, 2):
            for x0, x1 in regions[:-1]:
                if fits(size, rows, x0, x1):
                    return x0, x1, size, rows, True
    x0, x1 = regions[-1]
    for size in _LEGEND_SIZES:
        for rows in (1, 2):
            if fits(size, rows, x0, x1):
                return x0, x1, size, rows, False
    return x0, x1, min(_LEGEND_SIZES), 2, False


def _legend_height(names: list[str], rows: int, size: float, fig, renderer) -> float:
    """Height in pixels of the legend of ``names`` in ``rows`` rows (a probe, drawn nowhere)."""
    from matplotlib.lines import Line2D

    probe = fig.legend([Line2D([], [], linewidth=4, marker="*", markersize=13) for _ in names], names,
                       ncol=-(-len(names) // rows), fontsize=size, frameon=False, borderaxespad=0, **_LEGEND_KW)
    for text in probe.get_texts():
        text.set_parse_math(False)
    height = probe.get_window_extent(renderer).height
    probe.remove()
    return height


def _row_major(n: int, ncol: int) -> list[int]:
    """The order to hand ``n`` legend entries to matplotlib (which fills column by column) so
    that they read row by row.

    >>> _row_major(5, 3)
    [0, 3, 1, 4, 2]
    """
    return [k for j in range(ncol) for k in range(j, n, ncol)]


def _hatch(x, y):
    from matplotlib.patches import Rectangle

    # a silent cell: sparse hatching and an outline at 3.4:1 on white (WCAG 1.4.11), so "the
    # article does not say" is seen without telling a grey from a colour
    return Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor="#f2f2f2", edgecolor="#8c8c8c", hatch="/",
                     linewidth=0.8)


CHART = ThreeRolesChart
