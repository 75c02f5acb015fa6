"""The three-roles chart: the roles side by side on the article's attributes, bars and a heatmap."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np

from rolecomp.charts import Chart, role_style
from rolecomp.i18n import zh_table

__all__ = ["CHART", "ThreeRolesChart"]

_T = zh_table({
    "roles": {"en": "Roles", "zh": "岗位"},
    "attributes": {"en": "Attributes", "zh": "属性"},
    "evidence": {"en": "Evidence for", "zh": "查看依据"},
    "bars_title": {"en": "Scores (1 low – 5 high)", "zh": "评分(1 低 – 5 高)"},
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
        # One fixed layout for every selection: the left margin fits the longest attribute
        # name in this language, measured once.
        names = list(sc.names(lang)[1].values())
        renderer = ff.canvas.get_renderer()
        size = mpl.rcParams["ytick.labelsize"]
        probe = [fig.text(0, 0, n, fontsize=size, parse_math=False) for n in names]
        widest = max(t.get_window_extent(renderer).width for t in probe)
        for t in probe:
            t.remove()
        left = min(0.4, (widest + 16) / fig.bbox.width)
        gs = fig.add_gridspec(1, 2, width_ratios=[1.35, 1], left=left, right=0.99, top=0.86, bottom=0.13,
                              wspace=0.03)
        ax = self._ax_bar = fig.add_subplot(gs[0])
        hx = self._ax_heat = fig.add_subplot(gs[1], sharey=ax)
        # Static background: the score axis and its grid. Everything that depends on the selection
        # (bars, attribute names, heat cells, role names, legend) is a dynamic artist, so a change
        # of selection blits them onto that background instead of redrawing the chart.
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
        roles, attrs = list(sc.role_ids), list(sc.attribute_ids)
        order = {r: i for i, r in enumerate(roles)}
        self._bars = {(r, a): ax.barh(0, 0, height=0.1, color=role_style(r, order[r])["color"],
                                      edgecolor="white", linewidth=0.5)[0]
                      for r in roles for a in attrs}
        # names come from the data: drawn literally, never as mathtext ("$100 to $200", "$x^$")
        self._names_txt = [ax.text(-0.02, 0, "", transform=ax.get_yaxis_transform(), ha="right", va="center",
                                   fontsize=size, parse_math=False) for _ in attrs]
        full = np.ma.masked_invalid(sc.tables["wide"].reindex(index=roles, columns=attrs).to_numpy(float).T)
        self._heat_img = hx.imshow(full, cmap="Blues", vmin=0, vmax=5.5, aspect="auto")
        self._cells = [[(_hatch(0, 0), hx.text(0, 0, "", ha="center", va="center")) for _ in roles]
                       for _ in attrs]
        for row in self._cells:
            for patch, _txt in row:
                hx.add_patch(patch)
        self._col_txt = [hx.text(0, 1.01, "", transform=hx.get_xaxis_transform(), ha="center", va="bottom",
                                 fontsize=10, parse_math=False) for _ in roles]
        self._empty_txt = ax.text(0.5, 0.5, _T["empty"][lang], ha="center", va="center", transform=ax.transAxes)
        self._legend = None
        ff.dynamic(*self._bars.values(), *self._names_txt, self._heat_img,
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
        for t in (*self._names_txt, *self._col_txt):
            t.set_visible(False)
        for row in self._cells:
            for patch, txt in row:
                patch.set_visible(False)
                txt.set_visible(False)
        if self._legend is not None:
            self.ff._dynamic.remove(self._legend)
            self._legend.remove()
            self._legend = None
        self._heat_img.set_visible(not empty)
        if empty:
            return
        n, m = len(roles), len(attrs)
        ax.set_ylim(m - 0.5, -0.5)  # one row per attribute, the first at the top
        hx.set_xlim(-0.5, n - 0.5)
        height = 0.8 / n
        handles = []
        for i, role in enumerate(roles):
            for j, attr in enumerate(attrs):
                v = table.iat[i, j]
                if not np.isnan(v):
                    bar = self._bars[(role, attr)]
                    bar.set_y(j - 0.4 + height * i + height * 0.04)
                    bar.set_height(height * 0.92)
                    bar.set_width(v)
                    bar.set_visible(True)
            handles.append(self._bars[(role, attrs[0])])
        for j, attr in enumerate(attrs):
            txt = self._names_txt[j]
            txt.set_position((-0.02, j))
            txt.set_text(anames[attr])
            txt.set_visible(True)
        data = table.to_numpy(dtype=float).T  # attributes x roles
        self._heat_img.set_data(np.ma.masked_invalid(data))
        self._heat_img.set_extent((-0.5, n - 0.5, m - 0.5, -0.5))
        for (j, i), v in np.ndenumerate(data):
            patch, txt = self._cells[j][i]
            txt.set_position((i, j))
            txt.set_visible(True)
            if np.isnan(v):
                patch.set_xy((i - 0.5, j - 0.5))
                patch.set_visible(True)
                txt.set_text("—")
                txt.set_color("#777777")
                txt.set_fontweight("normal")
            else:
                txt.set_text(f"{v:.0f}")
                txt.set_color("white" if v >= 3.5 else "black")
                txt.set_fontweight("bold")
        for i, role in enumerate(roles):
            t = self._col_txt[i]
            t.set_position((i, 1.01))
            t.set_text(rnames[role].replace(" ", "\n"))
            t.set_visible(True)
        from matplotlib.patches import Patch

        proxies = [Patch(color=h.get_facecolor()) for h in handles]
        self._legend = ax.legend(proxies, [rnames[r] for r in roles], loc="lower left", bbox_to_anchor=(0, 1.0),
                                 ncol=min(n, 4), fontsize=10, frameon=False, handlelength=1.2, columnspacing=1.0)
        for text in self._legend.get_texts():
            text.set_parse_math(False)
        self.ff.dynamic(self._legend)

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
                head = (f"在“{anames[ev]}”上,{names[0]}为 {hi:.0f}" if len(names) == 1 else
                        f"在“{anames[ev]}”上,{'、'.join(names)}均为 {hi:.0f}")
            else:
                head = (f"在“{anames[ev]}”上,{_join_zh(tops)}{'并列' if len(tops) > 1 else ''}最高({hi:.0f}),"
                        f"{_join_zh(lows)}{'并列' if len(lows) > 1 else ''}最低({lo:.0f})")
            return head + (f";所选岗位中有 {silent} 个因文章未提及而未评分" if silent else "") + "。"
        missing = int(table.isna().to_numpy().sum())
        if lang == "en":
            return (f"{len(roles)} role{'s' if len(roles) != 1 else ''} on {len(attrs)} "
                    f"attribute{'s' if len(attrs) != 1 else ''}; {missing} "
                    f"cell{' is' if missing == 1 else 's are'} not in the article.")
        return f"{len(roles)} 个岗位、{len(attrs)} 个属性;其中 {missing} 格文章未提及。"


def _join(names: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _join_zh(names: list[str]) -> str:
    """"销售", "销售和市场", "销售、市场和运营"."""
    return names[0] if len(names) == 1 else "、".join(names[:-1]) + "和" + names[-1]


def _hatch(x, y):
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor="#f2f2f2", edgecolor="#bbbbbb", hatch="//",
                     linewidth=0)


CHART = ThreeRolesChart
