"""The one-off-vs-ongoing chart: a one-off sale against an ongoing subscription (¶19–¶21)."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter

from rolecomp.charts import Chart, compact_number, nice_ceiling, role_style
from rolecomp.i18n import zh_table

__all__ = ["CHART", "OneOffVsOngoingChart"]

_T = zh_table({
    "left": {"en": "Cumulative revenue of the cohort", "zh": "这批客户的累计收入"},
    "right": {"en": "Revenue per month", "zh": "每月收入"},
    "month": {"en": "month", "zh": "月"},
    "one_off": {"en": "one-off sale (traditional)", "zh": "一次性买卖(传统)"},
    "ongoing": {"en": "subscription (internet)", "zh": "订阅(互联网)"},
    "even": {"en": "overtakes in month {t}", "zh": "第 {t} 月反超"},
    "never": {"en": "no break-even within {h} months", "zh": "{h} 个月内未反超"},
    "term": {"en": "after-sales term", "zh": "售后期"},
    "spike": {"en": "month 1: {v} ↑", "zh": "第 1 月:{v} ↑"},
    "ltv": {"en": "lifetime revenue per subscriber: {v}\none-off price: {p}",
            "zh": "每位订阅客户的生命周期收入:{v}\n一次性售价:{p}"},
    "ltv_inf": {"en": "lifetime revenue: no finite limit\n(expansion ≥ churn)",
                "zh": "生命周期收入:没有有限上限\n(扩展率 ≥ 流失率)"},
})


class OneOffVsOngoingChart(Chart):
    """One-off price and after-sales term against subscription price, churn and expansion.

    Uses :func:`rolecomp.models.one_off_vs_ongoing.revenue_streams` for a cohort over the horizon of
    ``data/parameters.csv`` and :func:`rolecomp.models.one_off_vs_ongoing.saas_ltv` for the lifetime
    value of one subscriber (gross margin from the data)."""

    title = {"en": "One-off vs ongoing: where selling starts at signing", "zh": "一次性 vs 持续:签约才是销售的开始"}
    figsize = (10.5, 4.8)

    def build(self):
        ff, lang = self.ff, self.lang
        fig = ff.figure
        gs = fig.add_gridspec(1, 2, left=0.085, right=0.975, top=0.87, bottom=0.14, wspace=0.28)
        horizon = int(self.scenario.defaults["horizon"])
        ax = self._ax = fig.add_subplot(gs[0])
        ax.set_title(_T["left"][lang], loc="left")
        ax.set_xlabel(_T["month"][lang])
        ax.set_xlim(0, horizon)
        ax.grid(color="#e5e5e5")
        ax.yaxis.set_major_formatter(FuncFormatter(compact_number))
        one, ong = role_style("traditional_sales"), role_style("sales")
        (self._cum_one,) = ax.plot([], [], color=one["color"], linestyle=one["linestyle"], lw=2.6,
                                   label=_T["one_off"][lang])
        (self._cum_ong,) = ax.plot([], [], color=ong["color"], linestyle=ong["linestyle"], lw=2.6,
                                   label=_T["ongoing"][lang])
        ax.legend(loc="upper left", frameon=False, fontsize=10.5)
        self._even_line = ax.axvline(0, color="#333333", lw=1, linestyle=":")
        self._even_text = ax.text(0, 0.04, "", transform=ax.get_xaxis_transform(), fontsize=10.5, ha="left")
        self._ltv_text = ax.text(0.98, 0.04, "", transform=ax.transAxes, ha="right", va="bottom", fontsize=10,
                                 bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#999999", "alpha": 0.9})
        self._ymax = None

        bx = self._bx = fig.add_subplot(gs[1])
        bx.set_title(_T["right"][lang], loc="left")
        bx.set_xlabel(_T["month"][lang])
        bx.set_xlim(0, horizon + 1)
        bx.grid(color="#e5e5e5")
        bx.yaxis.set_major_formatter(FuncFormatter(compact_number))
        periods = np.arange(1, horizon + 1)
        # opaque: the grey at 75 % was 2.6:1 on white, under the 3:1 a chart's marks need
        self._bars = bx.bar(periods, np.zeros(horizon), width=0.8, color=one["color"],
                            label=_T["one_off"][lang])
        (self._per_ong,) = bx.plot([], [], color=ong["color"], lw=2.6, label=_T["ongoing"][lang])
        # the one-off relationship lasts only as long as its after-sales term (¶19)
        self._term = Rectangle((0.5, 0), 0, 1, transform=bx.get_xaxis_transform(), facecolor="#7F7F7F",
                               alpha=0.12, edgecolor="none")
        bx.add_patch(self._term)
        self._term_text = bx.text(1.6, 0.03, "", transform=bx.get_xaxis_transform(), fontsize=10,
                                  color="#555555", rotation=90, va="bottom")
        self._spike = bx.text(1.6, 0.78, "", transform=bx.get_xaxis_transform(), fontsize=10, va="top",
                              color="#444444")
        bx.legend(loc="upper right", frameon=False, fontsize=10.5)
        self._bmax = None
        ff.dynamic(self._cum_one, self._cum_ong, self._even_line, self._even_text, self._ltv_text,
                   *self._bars, self._per_ong, self._spike, self._term, self._term_text)

    def update(self, df):
        lang = self.lang
        one = df[df.model == "one_off"]
        ong = df[df.model == "ongoing"]
        t = one.period.to_numpy()
        self._cum_one.set_data(t, one.cumulative.to_numpy())
        self._cum_ong.set_data(t, ong.cumulative.to_numpy())
        top = nice_ceiling(max(float(one.cumulative.max()), float(ong.cumulative.max()), 1.0) * 1.1)
        if self._ymax is None or top > self._ymax or top < self._ymax / 3:
            self._ymax = top
            self._ax.set_ylim(0, top)
            self.ff.invalidate()
        be = df.attrs.get("break_even_period")
        h = df.attrs["horizon"]
        if be is None:
            self._even_line.set_visible(False)
            self._even_text.set_position((h * 0.5, 0.5))
            self._even_text.set_ha("center")
            self._even_text.set_text(_T["never"][lang].format(h=h))
        else:
            self._even_line.set_visible(True)
            self._even_line.set_xdata([be, be])
            self._even_text.set_position((be + 0.8, 0.62))
            self._even_text.set_ha("left" if be < 0.6 * h else "right")
            if be >= 0.6 * h:
                self._even_text.set_position((be - 0.8, 0.62))
            self._even_text.set_text(_T["even"][lang].format(t=be))
        ltv = df.attrs.get("ltv")
        price = df.attrs["one_off_price"]
        self._ltv_text.set_text(_T["ltv_inf"][lang] if ltv is None else
                                _T["ltv"][lang].format(v=f"{ltv:,.0f}", p=f"{price:,.0f}"))

        rev_one = one.revenue.to_numpy()
        rev_ong = ong.revenue.to_numpy()
        self._per_ong.set_data(t, rev_ong)
        # month 1 of the one-off sale dwarfs everything else: cap the axis and label the spike
        rest = max(float(rev_ong.max()), float(rev_one[1:].max()) if len(rev_one) > 1 else 0.0, 1.0)
        cap = nice_ceiling(rest * 1.3)
        if self._bmax is None or cap > self._bmax or cap < self._bmax / 3:
            self._bmax = cap
            self._bx.set_ylim(0, cap)
            self.ff.invalidate()
        for bar, v in zip(self._bars, rev_one, strict=False):
            bar.set_height(min(v, self._bmax))
            bar.set_visible(v > 0)  # months without one-off revenue: nothing to draw (most of them)
        term = int(df.attrs["after_sales_periods"])
        self._term.set_width(term)
        self._term_text.set_position((0.5 + term - 0.3, 0.03))
        self._term_text.set_ha("right")
        self._term_text.set_text(_T["term"][lang] if term >= 3 else "")
        self._spike.set_text(_T["spike"][lang].format(v=f"{rev_one[0]:,.0f}") if rev_one[0] > self._bmax else "")

    @classmethod
    def sentence_of(cls, df, lang, scenario):
        be = df.attrs.get("break_even_period")
        h = df.attrs["horizon"]
        ltv, price = df.attrs.get("ltv"), df.attrs["one_off_price"]
        one = df[df.model == "one_off"].cumulative.iloc[-1]
        ong = df[df.model == "ongoing"].cumulative.iloc[-1]
        if lang == "en":
            head = (f"The subscription overtakes the one-off sale in month {be}" if be is not None else
                    f"Within {h} months the subscription does not catch up with the one-off sale")
            worth = ("a subscriber's lifetime revenue has no finite limit" if ltv is None else
                     f"a subscriber brings {ltv:,.0f} of revenue over its life against a one-off price "
                     f"of {price:,.0f}")
            return f"{head}; after {h} months: {ong:,.0f} against {one:,.0f}, and {worth}."
        head = (f"订阅在第 {be} 个月超过一次性买卖" if be is not None else f"{h} 个月内订阅没有追上一次性买卖")
        worth = ("订阅客户的生命周期收入没有有限上限" if ltv is None else
                 f"每位订阅客户的生命周期收入为 {ltv:,.0f},一次性售价为 {price:,.0f}")
        return f"{head};{h} 个月后累计 {ong:,.0f} 对 {one:,.0f};{worth}。"


CHART = OneOffVsOngoingChart
