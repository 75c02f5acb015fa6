"""The reach chart: point-to-point sales, the wide net of marketing, and operations' product traffic.

All three lines count the same thing, customers won (¶26, ¶33, ¶39, ¶42); the right-hand chart
sets breadth against precision, where the article compares only sales and marketing (¶42), so
operations' point is drawn hollow and called illustrative.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from rolecomp.charts import Chart, nice_ceiling, role_style
from rolecomp.charts._render import text_color

__all__ = ["CHART", "ReachChart", "count_text", "percent_text"]

ROLES = ("sales", "marketing", "operations")
_T = {
    "left": {"en": "Customers won, week by week", "zh": "各岗位的累计获客数"},
    "right": {"en": "Breadth against precision (week {w})", "zh": "覆盖广度与精准度（第 {w} 周）"},
    "week": {"en": "time (weeks)", "zh": "时间（周）"},
    "customers": {"en": "customers won (cumulative, people)", "zh": "累计获客数（人）"},
    "reached": {"en": "people reached (log scale)", "zh": "触达人数（对数坐标）"},
    "precision": {"en": "precision: customers ÷ reached (log scale)",
                  "zh": "精准度：客户 ÷ 触达（对数坐标）"},
    "sales": {"en": "Sales", "zh": "销售"},
    "marketing": {"en": "Marketing", "zh": "市场"},
    "operations": {"en": "Operations", "zh": "运营"},
    "operations_point": {"en": "Operations (illustrative)", "zh": "运营（示意）"},
    "silent": {"en": "Hollow point: the article compares precision\nonly for sales and marketing (¶42); "
                     "operations'\nrests on illustrative rates.",
               "zh": "空心点为示意：原文只比较了销售和\n市场的精准度（¶42），运营的点\n来自示意参数。"},
}

#: Roles whose precision the article does not speak about (data/attributes.csv leaves it empty).
_ILLUSTRATIVE = ("operations",)


def count_text(x: float, lang: str = "en") -> str:
    """A count as a reader writes it: ``1,820`` in English; ``1,820``, ``2.07 万``, ``100 万``, ``1.2 亿`` in Chinese.

    Examples
    --------
    >>> count_text(999_997.7), count_text(999_997.7, "zh"), count_text(20_685, "zh"), count_text(57.2, "zh")
    ('999,998', '100 万', '2.07 万', '57')
    >>> count_text(123_456_789, "zh"), count_text(12_000_000, "zh")
    ('1.23 亿', '1200 万')
    """
    x = float(x)
    if lang == "zh":
        for div, unit in ((1e8, "亿"), (1e4, "万")):
            if abs(x) >= div * (1 - 5e-4):
                v = x / div
                return f"{v:.0f} {unit}" if abs(v) >= 99.95 else f"{float(f'{v:.3g}'):g} {unit}"
    return f"{x:,.0f}"


def percent_text(p: float) -> str:
    """A share as a percentage with two significant digits: ``3.1%``, ``0.0089%``, ``24%``, ``0%``.

    Examples
    --------
    >>> percent_text(0.0312), percent_text(0.0000889), percent_text(0.24), percent_text(0), percent_text(1)
    ('3.1%', '0.0089%', '24%', '0%', '100%')
    """
    v = 100 * float(p)
    if v == 0:
        return "0%"
    if v >= 99.5:
        return f"{v:.0f}%"
    return f"{float(f'{v:.2g}'):g}%"


def _zh(x: float) -> str:
    """A count in a Chinese sentence, spaced from the measure word after it only when it ends in a digit."""
    text = count_text(x, "zh")
    return text if text.endswith(("万", "亿")) else text + " "


def _axis_count(lang):
    def fmt(x, _pos=None):
        if x == 0:
            return "0"
        if lang == "zh":
            return count_text(x, "zh").replace(" ", "").replace(",", "")
        for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
            if abs(x) >= div:
                return f"{x / div:.3g}{suffix}"
        return f"{x:.3g}"
    return FuncFormatter(fmt)


def _axis_percent(x, _pos=None):
    return percent_text(x)


class ReachChart(Chart):
    """Sales reaches few, precisely; marketing many, imprecisely; operations sells through product traffic.

    The model is :func:`rolecomp.models.reach.reach_over_time` at the scenario's parameters
    (¶26, ¶30-¶31, ¶33, ¶36, ¶39, ¶42). Every line counts customers won; operations' precision is
    illustrative (the article is silent on it), so its point on the right is hollow."""

    title = {"en": "Reach: one target at a time, a wide net, or traffic to the product",
             "zh": "触达：逐个击破、广撒网，还是为产品引流"}
    figsize = (10.5, 4.8)

    def build(self):
        ff, lang = self.ff, self.lang
        fig = ff.figure
        gs = fig.add_gridspec(1, 2, left=0.085, right=0.965, top=0.9, bottom=0.13, wspace=0.3)
        ax = self._ax = fig.add_subplot(gs[0])
        ax.set_xlabel(_T["week"][lang])
        ax.set_ylabel(_T["customers"][lang])
        ax.grid(color="#e5e5e5")
        ax.yaxis.set_major_formatter(_axis_count(lang))
        self._lines, self._points, self._labels = {}, {}, {}
        for role in ROLES:
            st = role_style(role)
            (self._lines[role],) = ax.plot([], [], color=st["color"], linestyle=st["linestyle"], lw=2.4,
                                           marker=st["marker"], label=_T[role][lang])
        ax.legend(loc="upper left", frameon=False, fontsize=11)
        self._ymax = None
        self._weeks = None

        bx = self._bx = fig.add_subplot(gs[1])
        audience = self.scenario.limits("audience")[1]
        bx.set_xscale("log")
        bx.set_yscale("log")
        self._xlim = (10.0, audience * 1.5)
        self._ylim = (2e-6, 1.5)
        bx.set_xlim(*self._xlim)
        bx.set_ylim(*self._ylim)
        xt = [10.0 ** k for k in range(1, int(math.log10(self._xlim[1])) + 1)]
        bx.xaxis.set_major_locator(FixedLocator(xt))
        bx.xaxis.set_major_formatter(_axis_count(lang))
        bx.yaxis.set_major_locator(FixedLocator([10.0 ** k for k in range(-5, 1)]))
        bx.yaxis.set_major_formatter(FuncFormatter(_axis_percent))
        for axis in (bx.xaxis, bx.yaxis):
            axis.set_minor_locator(NullLocator())
        bx.set_xlabel(_T["reached"][lang])
        bx.set_ylabel(_T["precision"][lang])
        bx.grid(color="#e5e5e5", which="major")
        bx.text(0.03, 0.03, _T["silent"][lang], transform=bx.transAxes, fontsize=9, color="#444444",
                ha="left", va="bottom", linespacing=1.3)
        for role in ROLES:
            st = role_style(role)
            hollow = role in _ILLUSTRATIVE
            (self._points[role],) = bx.plot([], [], linestyle="none", marker=st["marker"], markersize=14,
                                            color=st["color"],
                                            markerfacecolor="white" if hollow else st["color"],
                                            markeredgecolor=st["color"] if hollow else "white",
                                            markeredgewidth=2.2 if hollow else 1.0)
            name = _T["operations_point"][lang] if hollow else _T[role][lang]
            self._labels[role] = bx.text(1, 1, name, fontsize=11.5, color=text_color(st["color"]),
                                         fontweight="bold", ha="left", va="bottom")
        ff.dynamic(*self._lines.values(), *self._points.values(), *self._labels.values())

    def _frame(self, weeks: int) -> None:
        """The parts that depend on the horizon: x range, markers, titles (static: redrawn once)."""
        lang = self.lang
        self._weeks = weeks
        self._ax.set_xlim(0, max(weeks, 1))
        for line in self._lines.values():
            line.set_markevery(max(weeks // 6, 1))
        self._ax.set_title(_T["left"][lang], loc="left")
        self._bx.set_title(_T["right"][lang].format(w=weeks), loc="left")
        self.ff.invalidate()

    def update(self, df):
        weeks = int(df.week.max())
        if weeks != self._weeks:
            self._frame(weeks)
        top = 0.0
        for role in ROLES:
            part = df[df.role == role]
            self._lines[role].set_data(part.week.to_numpy(), part.customers.to_numpy())
            top = max(top, float(part.customers.max()))
        need = nice_ceiling(top * 1.08)
        if self._ymax is None or need > self._ymax or need < self._ymax / 4:
            self._ymax = need
            self._ax.set_ylim(0, need)
            self.ff.invalidate()
        last = df[df.week == weeks].set_index("role")
        for role in ROLES:
            reached, prec = float(last.loc[role, "reached"]), float(last.loc[role, "precision"])
            visible = reached > 0 and prec > 0
            x = float(np.clip(reached, *self._xlim))
            y = float(np.clip(prec, *self._ylim))
            self._points[role].set_data([x], [y])
            self._points[role].set_visible(visible)
            label = self._labels[role]
            label.set_visible(visible)
            if role in _ILLUSTRATIVE:  # its long label goes under the point, kept inside the axes
                label.set_position((float(np.clip(x, 400.0, 6e5)), y / 1.6))
                label.set_ha("center")
                label.set_va("top")
                continue
            right = x > 5e3  # labels of points right of the middle go to their left, inside the axes
            label.set_position((x / 1.6 if right else x * 1.6, y * 1.35))
            label.set_ha("right" if right else "left")

    @classmethod
    def sentence_of(cls, df, lang, scenario):
        w = int(df.week.max())
        last = df[df.week == w].set_index("role")
        s, m, o = (last.loc[r] for r in ROLES)
        if lang == "en":
            sales = (f"sales has won {count_text(s.customers)} customers from {count_text(s.reached)} prospects "
                     f"contacted (precision {percent_text(s.precision)})" if s.reached > 0
                     else "sales has contacted nobody and won no customers")
            mkt = (f"marketing's ads have reached {count_text(m.reached)} people and won "
                   f"{count_text(m.customers)} ({percent_text(m.precision)})" if m.reached > 0
                   else "marketing's ads have reached nobody")
            ops = (f"operations has won {count_text(o.customers)} from {count_text(o.reached)} visitors and "
                   f"referred people ({percent_text(o.precision)}, an illustrative rate: the article is silent "
                   "on it)" if o.reached > 0 else "operations has no users or visitors")
            return (f"After {w} weeks {sales}; {mkt}; {ops}. New customers in week {w}: sales "
                    f"{s.new_customers:.1f}, marketing {m.new_customers:.1f}, operations {o.new_customers:.1f}.")
        sales = (f"销售从接触的 {_zh(s.reached)}位目标客户中赢得 {_zh(s.customers)}个客户"
                 f"（精准度 {percent_text(s.precision)}）" if s.reached > 0 else "销售没有接触任何客户，没有赢得客户")
        mkt = (f"市场的广告触达 {_zh(m.reached)}人，赢得 {_zh(m.customers)}个客户（{percent_text(m.precision)}）"
               if m.reached > 0 else "市场的广告没有触达任何人")
        ops = (f"运营从 {_zh(o.reached)}位访客和被推荐者中赢得 {_zh(o.customers)}个客户"
               f"（{percent_text(o.precision)}，示意值：原文未谈运营的精准度）" if o.reached > 0
               else "运营没有用户，也没有访客")
        def one(x: float) -> str:  # "3.4", "0" (not "0.0")
            return f"{x:.1f}".rstrip("0").rstrip(".")

        return (f"{w} 周后，{sales}；{mkt}；{ops}。第 {w} 周新增客户：销售 {one(s.new_customers)} 个，"
                f"市场 {one(m.new_customers)} 个，运营 {one(o.new_customers)} 个。")


CHART = ReachChart
