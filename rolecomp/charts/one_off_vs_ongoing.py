"""The one-off-vs-ongoing chart: a one-off sale against an ongoing subscription (¶19–¶21)."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter

from rolecomp.charts import Chart, compact_number, nice_ceiling, role_style
from rolecomp.i18n import zh_number, zh_table

__all__ = ["CHART", "OneOffVsOngoingChart"]

_T = zh_table({
    "left": {"en": "Cumulative revenue of the cohort", "zh": "这批客户的累计收入"},
    "right": {"en": "Revenue per month", "zh": "每月收入"},
    "month": {"en": "months after signing", "zh": "签约后的月份"},
    "cum_y": {"en": "cumulative revenue (currency)", "zh": "累计收入（元）"},
    "per_y": {"en": "revenue in the month (currency)", "zh": "当月收入（元）"},
    "one_off": {"en": "one-off sale (traditional)", "zh": "一次性买卖（传统）"},
    "ongoing": {"en": "subscription (internet)", "zh": "订阅（互联网）"},
    "unserved": {"en": "subscription if nobody sells after signing", "zh": "签约后无人跟进时的订阅"},
    "even": {"en": "overtakes in month {t}", "zh": "第 {t} 个月反超"},
    "never": {"en": "no break-even within {h} months", "zh": "{h} 个月内未反超"},
    "term": {"en": "after-sales term", "zh": "售后期"},
    "spike": {"en": "month 1: {v} ↑", "zh": "第 1 个月：{v} ↑"},
    "effect": {"en": "{s} after-sales touch{es} a month:\nchurn {c}, expansion {e} a month",
               "zh": "每月售后跟进 {s} 次：\n月流失率 {c}，月扩展率 {e}"},
    "ltv": {"en": "lifetime revenue per subscriber: {v}\none-off price: {p}",
            "zh": "每位订阅客户的生命周期收入：{v}\n一次性售价：{p}"},
    "ltv_inf": {"en": "lifetime revenue: no finite limit\n(expansion ≥ churn)",
                "zh": "生命周期收入：没有有限上限\n（扩展率 ≥ 流失率）"},
})


def _money(x: float, lang: str) -> str:
    """An amount: 1,228,125 in English; 122.8万 in Chinese (万 and 亿 from 10,000 on)."""
    return zh_number(x, 3) if lang == "zh" else f"{x:,.0f}"


def _ticks(lang: str):
    return FuncFormatter(lambda x, _pos=None: zh_number(x, 3) if lang == "zh" else compact_number(x))


def _rate(x: float) -> str:
    """A monthly rate: 3.2%, 1%, 0.5%."""
    return f"{x:.1%}".replace(".0%", "%")


class OneOffVsOngoingChart(Chart):
    """A one-off sale against a subscription whose churn and expansion come from the seller's
    after-sales touches, with the same subscription without any after-sales work beside it.

    Uses :func:`rolecomp.models.one_off_vs_ongoing.after_sales_effect` and
    :func:`rolecomp.models.one_off_vs_ongoing.revenue_streams` for a cohort over the horizon of
    ``data/parameters.csv``, and :func:`rolecomp.models.one_off_vs_ongoing.saas_ltv` for the lifetime
    revenue of one subscriber."""

    title = {"en": "One-off vs ongoing: where selling starts at signing",
             "zh": "一次性买卖与持续销售：签约才是销售的开始"}
    figsize = (10.5, 4.8)

    def build(self):
        ff, lang = self.ff, self.lang
        fig = ff.figure
        gs = fig.add_gridspec(1, 2, left=0.095, right=0.975, top=0.87, bottom=0.14, wspace=0.28)
        horizon = int(self.scenario.defaults["horizon"])
        ax = self._ax = fig.add_subplot(gs[0])
        ax.set_title(_T["left"][lang], loc="left")
        ax.set_xlabel(_T["month"][lang])
        ax.set_ylabel(_T["cum_y"][lang])
        ax.set_xlim(0, horizon)
        ax.grid(color="#e5e5e5")
        ax.yaxis.set_major_formatter(_ticks(lang))
        one, ong = role_style("traditional_sales"), role_style("sales")
        (self._cum_one,) = ax.plot([], [], color=one["color"], linestyle=one["linestyle"], lw=2.6,
                                   label=_T["one_off"][lang])
        (self._cum_ong,) = ax.plot([], [], color=ong["color"], linestyle=ong["linestyle"], lw=2.6,
                                   label=_T["ongoing"][lang])
        # the same subscription with nobody selling after signing: what the touches add is the gap
        (self._cum_unserved,) = ax.plot([], [], color=ong["color"], linestyle="--", lw=1.6,
                                        label=_T["unserved"][lang])
        ax.legend(loc="upper left", frameon=False, fontsize=10)
        self._even_line = ax.axvline(0, color="#333333", lw=1, linestyle=":")
        # in data coordinates, just above the one-off line where nothing else is drawn
        self._even_text = ax.text(0, 0, "", fontsize=10.5, ha="left", va="bottom")
        self._ymax = None

        bx = self._bx = fig.add_subplot(gs[1])
        bx.set_title(_T["right"][lang], loc="left")
        bx.set_xlabel(_T["month"][lang])
        bx.set_ylabel(_T["per_y"][lang])
        bx.set_xlim(0, horizon + 1)
        bx.grid(color="#e5e5e5")
        bx.yaxis.set_major_formatter(_ticks(lang))
        periods = np.arange(1, horizon + 1)
        # opaque: the grey at 75 % was 2.6:1 on white, under the 3:1 a chart's marks need
        self._bars = bx.bar(periods, np.zeros(horizon), width=0.8, color=one["color"],
                            label=_T["one_off"][lang])
        (self._per_ong,) = bx.plot([], [], color=ong["color"], lw=2.6, label=_T["ongoing"][lang])
        # the one-off relationship lasts only as long as its after-sales term (¶19)
        self._term = Rectangle((0.5, 0), 0, 1, transform=bx.get_xaxis_transform(), facecolor="#7F7F7F",
                               alpha=0.12, edgecolor="none")
        bx.add_patch(self._term)
        # Chinese horizontal, read without turning the head (standing, 售后期 lay its characters on their
        # side); the longer English label stands up inside the band
        self._term_text = bx.text(1.6, 0.03, "", transform=bx.get_xaxis_transform(), fontsize=10,
                                  color="#555555", rotation=0 if lang == "zh" else 90, va="bottom")
        self._spike = bx.text(1.6, 0.78, "", transform=bx.get_xaxis_transform(), fontsize=10, va="top",
                              color="#444444")
        bx.legend(loc="upper right", frameon=False, fontsize=10.5)
        # below the legend, in the upper right where the monthly revenue has fallen away
        self._ltv_text = bx.text(0.97, 0.68, "", transform=bx.transAxes, ha="right", va="top", fontsize=10,
                                 bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#999999", "alpha": 0.9})
        self._bmax = None
        ff.dynamic(self._cum_one, self._cum_ong, self._cum_unserved, self._even_line, self._even_text, self._ltv_text,
                   *self._bars, self._per_ong, self._spike, self._term, self._term_text)

    def update(self, df):
        lang = self.lang
        one = df[df.model == "one_off"]
        ong = df[df.model == "ongoing"]
        t = one.period.to_numpy()
        self._cum_one.set_data(t, one.cumulative.to_numpy())
        self._cum_ong.set_data(t, ong.cumulative.to_numpy())
        # the same subscription if nobody sells after signing; at 0 touches it lies on the line above
        unserved = np.asarray(df.attrs.get("unserved_cumulative", ()), dtype=float)
        if len(unserved) != len(t):
            unserved = np.full(len(t), np.nan)
        self._cum_unserved.set_data(t, unserved)
        top = nice_ceiling(max(float(one.cumulative.max()), float(ong.cumulative.max()), 1.0) * 1.25)
        if self._ymax is None or top > self._ymax or top < self._ymax / 3:
            self._ymax = top
            self._ax.set_ylim(0, top)
            self.ff.invalidate()
        be = df.attrs.get("break_even_period")
        h = df.attrs["horizon"]
        cum_one = one.cumulative.to_numpy()
        lift = 0.02 * self._ymax
        if be is None:
            self._even_line.set_visible(False)
            level = max(float(cum_one[-1]), float(ong.cumulative.iloc[-1]))
            self._even_text.set_position((h * 0.5, level + lift))
            self._even_text.set_ha("center")
            self._even_text.set_text(_T["never"][lang].format(h=h))
        else:
            self._even_line.set_visible(True)
            self._even_line.set_xdata([be, be])
            # left of the crossing the subscription is still below the one-off line: room above it, if
            # the crossing is far enough right for the label; else right of the line, under the legend
            left = be >= 0.45 * h
            y = float(cum_one[be - 1]) + lift if left else 0.66 * self._ymax
            self._even_text.set_position((be - 0.8 if left else be + 0.8, y))
            self._even_text.set_ha("right" if left else "left")
            self._even_text.set_va("bottom" if left else "top")
            self._even_text.set_text(_T["even"][lang].format(t=be))
        ltv = df.attrs.get("ltv")
        price = df.attrs["one_off_price"]
        touches = df.attrs.get("touches")
        effect = "" if touches is None else _T["effect"][lang].format(
            s=f"{touches:g}", es="" if touches == 1 else "es", c=_rate(df.attrs["churn"]),
            e=_rate(df.attrs["expansion"])) + "\n"
        self._ltv_text.set_text(effect + (_T["ltv_inf"][lang] if ltv is None else
                                          _T["ltv"][lang].format(v=_money(ltv, lang), p=_money(price, lang))))

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
        # mid-term, under the subscription's line while it is high there, else just above it
        mid = min(max(int(term / 2), 0), len(rev_ong) - 1)
        height = float(rev_ong[mid]) / self._bmax if len(rev_ong) else 1.0
        # a horizontal label too wide for a short term starts right of the month-1 bar instead
        wide = self.lang == "zh" and term < 9
        self._term_text.set_position((1.6 if wide else 0.5 + term / 2, 0.03 if height > 0.36 else height + 0.04))
        self._term_text.set_ha("left" if wide else "center")
        self._term_text.set_text(_T["term"][lang] if term >= 3 else "")
        self._spike.set_text(_T["spike"][lang].format(v=_money(rev_one[0], lang)) if rev_one[0] > self._bmax else "")

    @classmethod
    def sentence_of(cls, df, lang, scenario):
        be = df.attrs.get("break_even_period")
        h = df.attrs["horizon"]
        ltv, price = df.attrs.get("ltv"), df.attrs["one_off_price"]
        one = float(df[df.model == "one_off"].cumulative.iloc[-1])
        ong = float(df[df.model == "ongoing"].cumulative.iloc[-1])
        s, churn, exp = df.attrs["touches"], df.attrs["churn"], df.attrs["expansion"]
        base, unserved = df.attrs["base_churn"], df.attrs.get("unserved_break_even")
        m = lambda x: _money(x, lang)  # noqa: E731
        if lang == "en":
            when = f"overtakes the one-off sale in month {be}" if be is not None else \
                f"does not catch up with the one-off sale within {h} months"
            if s == 0:
                head = (f"With no selling after signing (0 after-sales touches), churn stays at {_rate(base)} a "
                        f"month and nothing is added: the subscription {when}")
            else:
                without = (f"never catches up within {h} months" if unserved is None else
                           f"needs until month {unserved}")
                head = (f"With {s:g} after-sales touch{'' if s == 1 else 'es'} per customer a month, churn falls to "
                        f"{_rate(churn)} and expansion is {_rate(exp)} a month: the subscription {when}; with no "
                        f"selling after signing it {without}")
            worth = ("a subscriber's lifetime revenue has no finite limit" if ltv is None else
                     f"a subscriber brings {m(ltv)} over its life against a one-off price of {m(price)}")
            return f"{head}. After {h} months: {m(ong)} against {m(one)}; {worth}."
        when = f"订阅在第 {be} 个月超过一次性买卖" if be is not None else f"{h} 个月内订阅追不上一次性买卖"
        if s == 0:
            head = f"签约后不再销售（每月跟进 0 次）时，月流失率保持 {_rate(base)}，也没有增购：{when}"
        else:
            without = f"{h} 个月内都追不上" if unserved is None else f"要到第 {unserved} 个月才追上"
            head = (f"每位客户每月有 {s:g} 次售后跟进时，月流失率降到 {_rate(churn)}，月扩展率为 {_rate(exp)}："
                    f"{when}；如果签约后不再跟进，{without}")
        worth = ("订阅客户的生命周期收入没有有限上限" if ltv is None else
                 f"每位订阅客户的生命周期收入为 {m(ltv)}，一次性售价为 {m(price)}")
        return f"{head}。{h} 个月后累计 {m(ong)} 对 {m(one)}；{worth}。"


CHART = OneOffVsOngoingChart
