"""The value-presentation chart (卖钻讲孔): the CRM of ¶16, direct against indirect value, ROI, payback."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
from matplotlib.patches import FancyBboxPatch
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from rolecomp.charts import Chart, compact_number, nice_ceiling
from rolecomp.i18n import zh_number, zh_table

__all__ = ["CHART", "ValuePresentationChart"]

_T = zh_table({
    "left": {"en": "Value per year: the drill and the hole", "zh": "每年的价值：钻头与孔"},
    "right": {"en": "Cumulative cash flow of buying it", "zh": "购买后的累计现金流"},
    "direct_revenue": {"en": "direct revenue", "zh": "直接收入"},
    "time_saved": {"en": "time saved (indirect)", "zh": "节省的时间（间接）"},
    "conversion_lift": {"en": "extra deals (indirect)", "zh": "多赢得的订单（间接）"},
    "cost": {"en": "running cost", "zh": "运行成本"},
    "year": {"en": "year", "zh": "年"},
    "payback": {"en": "pays back after {p:.1f} years", "zh": "{p:.1f} 年回本"},
    "never": {"en": "does not pay back in {y} years", "zh": "{y} 年内不回本"},
    "box": {"en": "ROI over {y} years:\nNPV at {d:.0%}:", "zh": "{y} 年投资回报率：\n按 {d:.0%} 贴现的净现值："},
})
_MAX_TICKS = 9
_BOX_SIZE = 10.5  # points, the ROI box's texts
_COLORS = {"direct_revenue": "#BBBBBB", "time_saved": "#56B4E9", "conversion_lift": "#0072B2", "cost": "#D55E00"}


def _money(x: float, lang: str) -> str:
    """An amount: 138,000 in English; 13.8万 in Chinese (万 and 亿 from 10,000 on)."""
    return zh_number(x) if lang == "zh" else f"{x:,.0f}"


class ValuePresentationChart(Chart):
    """A CRM brings no direct revenue, yet its indirect value may multiply (¶16).

    Direct value (none) against the indirect value of hours saved and deals won, per year,
    from :func:`rolecomp.models.value_presentation.crm_value`; the cash flows of buying it (upfront cost,
    then benefit minus running cost each year) give the ROI over the years of use
    (total benefit against total cost), the NPV at the data's discount rate and the payback."""

    title = {"en": "Value presentation (卖钻讲孔): sell the hole, not the drill",
             "zh": "价值呈现（卖钻讲孔）：卖的是孔，不是钻头"}
    figsize = (10.5, 4.8)

    def build(self):
        ff, lang = self.ff, self.lang
        fig = ff.figure
        gs = fig.add_gridspec(1, 2, left=0.215, right=0.975, top=0.87, bottom=0.14, wspace=0.3,
                              width_ratios=[1.05, 1])
        ax = self._ax = fig.add_subplot(gs[0])
        ax.set_title(_T["left"][lang], loc="left")
        names = ["direct_revenue", "time_saved", "conversion_lift", "cost"]
        y = np.arange(len(names))[::-1]
        # outlined: the sky blue alone is 2.3:1 on white (bars are told apart by their axis labels)
        self._bars = ax.barh(y, np.zeros(len(names)), color=[_COLORS[n] for n in names], height=0.6,
                             edgecolor="#333333", linewidth=0.8)
        ax.set_yticks(y, [_T[n][lang] for n in names])
        # Each bar carries its value, so the value axis needs no tick labels: its scale can follow
        # the bars without redrawing the static background (a full redraw costs about 100 ms).
        ax.tick_params(axis="x", bottom=False, labelbottom=False)
        self._vals = [ax.text(0, yy, "", va="center", ha="left", fontsize=11) for yy in y]
        self._xmax = None

        bx = self._bx = fig.add_subplot(gs[1])
        bx.set_title(_T["right"][lang], loc="left")
        bx.set_xlabel(_T["year"][lang])
        years = int(self.scenario.defaults["years"])
        bx.set_xlim(-0.2, years + 0.2)
        bx.set_xticks(range(years + 1))
        bx.grid(axis="x", color="#e5e5e5")
        # The money axis rescales with the cash flows: its tick labels and grid lines are dynamic
        # artists (text sprites and lines), so a new scale is a blit, not a redraw of the figure.
        bx.tick_params(axis="y", left=False, labelleft=False)
        self._ticks = self._money_formatter()
        at = blended_transform_factory(bx.transAxes, bx.transData)
        size = mpl.rcParams["ytick.labelsize"]
        self._ygrid = [bx.axhline(0, color="#e5e5e5", lw=0.8, zorder=0.5, gid="grid") for _ in range(_MAX_TICKS)]
        self._ylabels = [bx.text(-0.02, 0, "", transform=at, ha="right", va="center", fontsize=size)
                         for _ in range(_MAX_TICKS)]
        self._zero = bx.axhline(0, color="#444444", lw=1)
        (self._cum,) = bx.plot([], [], color="#0072B2", marker="o", lw=2.6)
        self._pb_line = bx.axvline(0, color="#333333", lw=1, linestyle=":")
        self._pb_text = bx.text(0, 0.06, "", transform=bx.get_xaxis_transform(), fontsize=10.5)
        # The ROI box: its labels change only with the years and the rate, its figures on every
        # step. Two texts (the figures right-aligned) on a frame sized to them, placed in inches
        # from the box's corner: a new figure renders a dozen glyphs, not the whole box.
        corner = fig.dpi_scale_trans + ScaledTranslation(0.03, 0.95, bx.transAxes)
        pad = 0.3 * _BOX_SIZE / 72  # as a text's own bbox: 0.3 of the font size, in inches
        self._frame = FancyBboxPatch((0, 0), 1, 1, boxstyle=f"round,pad={pad}", transform=corner, fc="white",
                                     ec="#999999", alpha=0.9, zorder=2.9)  # over the lines, under its texts
        bx.add_artist(self._frame)
        self._box = bx.text(0, 0, "", transform=corner, va="top", fontsize=_BOX_SIZE)
        self._figs = bx.text(0, 0, "", transform=corner, va="top", ha="right", multialignment="right",
                             fontsize=_BOX_SIZE)
        self._ylim = None
        ff.dynamic(*self._bars, *self._vals, *self._ygrid, *self._ylabels, self._zero, self._cum, self._pb_line,
                   self._pb_text, self._frame, self._box, self._figs)

    def _money_formatter(self):
        return (lambda x: zh_number(x)) if self.lang == "zh" else (lambda x: compact_number(x, None))

    def _set_money_ticks(self, lo: float, hi: float) -> None:
        values = [v for v in MaxNLocator(nbins=5).tick_values(lo, hi) if lo <= v <= hi][:_MAX_TICKS]
        for i, (line, label) in enumerate(zip(self._ygrid, self._ylabels, strict=True)):
            shown = i < len(values)
            line.set_visible(shown)
            label.set_visible(shown)
            if shown:
                line.set_ydata([values[i], values[i]])
                label.set_position((-0.02, values[i]))
                label.set_text(self._ticks(values[i]))

    def update(self, data):
        lang = self.lang
        comps = dict(zip(data["components"]["component"], data["components"]["value"], strict=True))
        vals = [float(comps["direct_revenue"]), float(comps["time_saved"]), float(comps["conversion_lift"]),
                data["cost"]]
        xmax = nice_ceiling(max(*vals, 1.0) * 1.3)
        # hysteresis: the axis grows as soon as a bar needs it, and shrinks when everything would
        # fit in less than half of it (a rescale is a blit: nothing static depends on the scale)
        if self._xmax is None or xmax > self._xmax or xmax < self._xmax / 2.5:
            self._xmax = xmax
            self._ax.set_xlim(0, xmax)  # nothing static depends on it (no tick labels)
        for bar, txt, v in zip(self._bars, self._vals, vals, strict=True):
            bar.set_width(v)
            txt.set_position((v + 0.01 * self._xmax, txt.get_position()[1]))
            shown = _money(v, lang)
            txt.set_text(shown if v else {"en": "0 (none)", "zh": "0（没有）"}[lang])

        flows = data["cashflows"]
        cum = np.cumsum(flows)
        t = np.arange(len(flows))
        self._cum.set_data(t, cum)
        lo, hi = float(min(cum.min(), 0)), float(max(cum.max(), 0))
        span = nice_ceiling(max(hi - lo, 1.0))
        need = (lo - 0.08 * span, hi + 0.35 * span)
        if self._ylim is None or need[0] < self._ylim[0] or need[1] > self._ylim[1] or \
                (self._ylim[1] - self._ylim[0]) > 2.5 * (need[1] - need[0]):
            self._ylim = (need[0] - 0.1 * span, need[1] + 0.2 * span)
            self._bx.set_ylim(*self._ylim)  # its ticks and grid are dynamic: no redraw
            self._set_money_ticks(*self._ylim)
        pb = data["payback"]
        if pb is None:
            self._pb_line.set_visible(False)
            self._pb_text.set_position((0.2, 0.06))
            self._pb_text.set_text(_T["never"][lang].format(y=data["years"]))
        else:
            self._pb_line.set_visible(True)
            self._pb_line.set_xdata([pb, pb])
            self._pb_text.set_position((pb + 0.08, 0.06))
            self._pb_text.set_text(_T["payback"][lang].format(p=pb))
        self._box.set_text(_T["box"][lang].format(y=data["years"], d=data["rate"]))
        self._figs.set_text(f"{data['roi']:.0%}\n{_money(data['npv'], lang)}")
        dpi = self.ff.figure.dpi
        (lw, lh), (fw, _) = self.ff.text_size(self._box), self.ff.text_size(self._figs)
        width, height = (lw + 0.6 * _BOX_SIZE * dpi / 72 + fw) / dpi, lh / dpi  # a gap of 0.6 em between them
        self._figs.set_x(width)
        self._frame.set_bounds(0, -height, width, height)

    @classmethod
    def sentence_of(cls, data, lang, scenario):
        comps = dict(zip(data["components"]["component"], data["components"]["value"], strict=True))
        ts, cl = float(comps["time_saved"]), float(comps["conversion_lift"])
        pb = data["payback"]
        if lang == "en":
            back = f"it pays back in {pb:.1f} years" if pb is not None else \
                f"it does not pay back within {data['years']} years"
            return (f"The CRM earns no direct revenue, yet it saves {ts:,.0f} a year of reps' time and wins "
                    f"{cl:,.0f} a year of extra margin: {data['benefit']:,.0f} a year against a running cost "
                    f"of {data['cost']:,.0f}; {back} (ROI {data['roi']:.0%} over {data['years']} years).")
        back = f"{pb:.1f} 年回本" if pb is not None else f"{data['years']} 年内无法回本"
        m = lambda x: _money(x, "zh")  # noqa: E731
        return (f"CRM 没有直接收入，却每年节省价值 {m(ts)} 的销售时间，并多赢得 {m(cl)} 的毛利："
                f"每年共 {m(data['benefit'])}，运行成本 {m(data['cost'])}；{back}"
                f"（{data['years']} 年投资回报率 {data['roi']:.0%}）。")


CHART = ValuePresentationChart
