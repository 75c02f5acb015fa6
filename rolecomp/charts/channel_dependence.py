"""The channel-dependence chart: traditional (through intermediaries) against internet (direct) selling."""

from __future__ import annotations

import numpy as np

from rolecomp.charts import OKABE_ITO, ROLE_STYLES, Chart, nice_ceiling
from rolecomp.i18n import zh_table
from rolecomp.models.channel_dependence import double_marginalization

__all__ = ["CHART", "ChannelDependenceChart"]

_T = zh_table({
    "left": {"en": "Who gets what of the end price", "zh": "终端价格被谁拿走"},
    "right": {"en": "Double marginalization (Spengler 1950)", "zh": "双重加价(Spengler 1950)"},
    "direct": {"en": "Direct\n(internet)", "zh": "直连\n(互联网)"},
    "chain": {"en": "Through the\nchain", "zh": "经过\n中间环节"},
    "cost": {"en": "unit cost", "zh": "单位成本"},
    "maker": {"en": "maker's margin", "zh": "厂商利润"},
    "middle": {"en": "intermediaries' margins", "zh": "中间商利润"},
    "price": {"en": "price per unit", "zh": "单价"},
    "links": {"en": "intermediaries between maker and user", "zh": "厂商与用户之间的中间环节数"},
    "cs": {"en": "customers' surplus", "zh": "消费者剩余"},
    "profit": {"en": "all firms' profit", "zh": "全部企业利润"},
    "q": {"en": "units sold", "zh": "销量"},
    "now": {"en": "now", "zh": "当前"},
})
_SEG = ("#BBBBBB", "#D55E00")  # cost grey, maker's margin in the sales colour
_MIDDLE = ("#56B4E9",)  # one blue for every intermediary (as in the legend), outlines between
_EDGE = "#333333"


def _pct(x: float) -> str:
    """A share as a percentage that never rounds a real share down to "0%"."""
    return f"{x:.0%}" if x >= 0.01 or x == 0 else f"{x:.1%}" if x >= 0.001 else "less than 0.1%"


class ChannelDependenceChart(Chart):
    """Left: the end price split into unit cost, the maker's margin and each intermediary's margin,
    against selling direct. Right: the double-marginalization model (Spengler 1950) with the demand
    of ``data/parameters.csv`` (a, b, c), for every chain length the slider allows (¶22–¶24)."""

    title = {"en": "Channel dependence: traditional vs internet selling", "zh": "渠道依赖：传统销售 vs 互联网销售"}
    figsize = (10.5, 4.8)

    @property
    def _links(self):
        """0 .. the slider's maximum number of intermediaries."""
        return np.arange(int(self.scenario.limits("intermediaries")[1]) + 1)

    def build(self):
        ff, lang = self.ff, self.lang
        fig = ff.figure
        gs = fig.add_gridspec(1, 2, left=0.085, right=0.975, top=0.86, bottom=0.15, wspace=0.28)
        ax = self._ax = fig.add_subplot(gs[0])
        ax.set_title(_T["left"][lang], loc="left")
        ax.set_ylabel(_T["price"][lang])
        self._x = np.array([0, 1])
        ax.set_xlim(-0.6, 1.6)
        ax.set_xticks(self._x, [_T["direct"][lang], _T["chain"][lang]])
        ax.grid(axis="y", color="#e5e5e5")
        ax.set_axisbelow(True)
        width = 0.62
        # each block has a dark outline (the light fills alone are under 3:1 on white) and its
        # own pattern, so the legend does not depend on colour: cost dotted, maker plain,
        # intermediaries hatched
        edge = {"edgecolor": _EDGE, "linewidth": 0.8}
        self._cost = ax.bar(self._x, [0, 0], width, color=_SEG[0], hatch="..", label=_T["cost"][lang], **edge)
        self._maker = ax.bar(self._x, [0, 0], width, color=_SEG[1], label=_T["maker"][lang], **edge)
        self._middle = [ax.bar([1], [0], width, color=_MIDDLE[i % len(_MIDDLE)], hatch="//",
                               label=_T["middle"][lang] if i == 0 else None, **edge)[0]
                        for i in range(int(self._links[-1]))]
        self._tops = [ax.text(x, 0, "", ha="center", va="bottom", fontsize=13, fontweight="bold") for x in self._x]
        # black on the maker's vermillion is 5.4:1; white was 3.9:1, under the 4.5:1 small text needs
        self._shares = [ax.text(x, 0, "", ha="center", va="center", fontsize=10, color="black") for x in self._x]
        ax.legend(loc="upper left", fontsize=10, frameon=False)
        ff.dynamic(*self._cost, *self._maker, *self._middle, *self._tops, *self._shares)
        self._ymax = None

        bx = self._bx = fig.add_subplot(gs[1])
        bx.set_title(_T["right"][lang], loc="left")
        bx.set_xlabel(_T["links"][lang])
        links = self._links
        p = self.scenario.defaults
        dm = double_marginalization(p["a"], p["b"], p["c"], links + 1)
        self._dm_lines = []
        for key, color, style, marker in (("consumer_surplus", ROLE_STYLES["marketing"]["color"], "-", "o"),
                                          ("total_profit", ROLE_STYLES["sales"]["color"], "--", "s")):
            (line,) = bx.plot(links, dm[key], color=color, linestyle=style, marker=marker, lw=2.2,
                              label=_T["cs" if key == "consumer_surplus" else "profit"][lang])
            self._dm_lines.append(line)
        bx.set_xticks(links)
        bx.set_ylim(0, nice_ceiling(float(np.max(dm["total_profit"])) * 1.05))
        bx.grid(color="#e5e5e5")
        bx.legend(loc="upper right", fontsize=10, frameon=False)
        self._now = bx.axvline(0, color=OKABE_ITO[7], lw=1.2, alpha=0.6)
        # fixed in the empty lower right, where the curves have fallen near zero
        self._now_text = bx.text(0.97, 0.5, "", transform=bx.transAxes, fontsize=10.5,
                                 ha="right", va="center",
                                 bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#999999", "alpha": 0.9})
        ff.dynamic(self._now, self._now_text)

    def update(self, data):
        lang = self.lang
        ax = self._ax
        n = data["intermediaries"]
        cost = data["unit_cost"]
        chain, direct = data["chain"], data["direct"]
        ends = [float(direct["end_price"]), float(chain["end_price"])]
        makers = [float(direct["maker_margin"]), float(chain["maker_margin"])]
        for i in range(2):
            self._cost[i].set_height(cost)
            self._maker[i].set_y(cost)
            self._maker[i].set_height(makers[i])
        # intermediary i buys at the previous price and adds its markup
        price = float(chain["maker_price"])
        markup = data["markup"]
        for i, bar in enumerate(self._middle):
            if i < n:
                nxt = price * (1 + markup)
                bar.set_y(price)
                bar.set_height(nxt - price)
                bar.set_visible(True)
                price = nxt
            else:
                bar.set_visible(False)
        for i, txt in enumerate(self._tops):
            txt.set_position((self._x[i], ends[i]))
            txt.set_text(f"{ends[i]:,.0f}" if i == 0 else
                         {"en": f"{ends[i]:,.0f}\n({n} link{'s' if n != 1 else ''})",
                          "zh": f"{ends[i]:,.0f}\n({n} 个环节)"}[lang])
        shares = [float(direct["maker_share"]), float(chain["maker_share"])]
        for i, txt in enumerate(self._shares):
            txt.set_position((self._x[i], cost + makers[i] / 2))
            txt.set_text(f"{shares[i]:.0%}" if makers[i] > 0.06 * max(ends) else "")
        ymax = nice_ceiling(max(ends) * 1.12)
        if ymax != self._ymax:  # axis limits are static: re-render the background when they move
            self._ymax = ymax
            ax.set_ylim(0, ymax)
            self.ff.invalidate()

        dm = data["dm"]
        self._now.set_xdata([n, n])
        price_now, q_now = float(dm["price"][n]), float(dm["quantity"][n])
        q_direct = float(dm["quantity"][0])
        label = {"en": f"{_T['now'][lang]}: price {price_now:,.0f}\n{_T['q'][lang]} {q_now:,.1f} "
                       f"({q_now / q_direct:.0%} of direct)",
                 "zh": f"{_T['now'][lang]}:价格 {price_now:,.0f}\n{_T['q'][lang]} {q_now:,.1f}"
                       f"(直连的 {q_now / q_direct:.0%})"}[lang]
        self._now_text.set_text(label)

    @classmethod
    def sentence_of(cls, data, lang, scenario):
        n = data["intermediaries"]
        end, direct = float(data["chain"]["end_price"]), float(data["direct"]["end_price"])
        share = float(data["chain"]["maker_share"])
        dm = data["dm"]
        p, q, q0 = float(dm["price"][n]), float(dm["quantity"][n]), float(dm["quantity"][0])
        if lang == "en":
            if n == 0:
                return (f"Selling direct, the customer pays {end:,.0f} and the maker keeps {share:.0%} of it; "
                        f"with demand P = a − bQ a single firm charges {p:,.0f} and sells {q:,.0f}.")
            return (f"With {n} intermediar{'y' if n == 1 else 'ies'} the customer pays {end:,.0f} instead of "
                    f"{direct:,.0f} direct (+{end / direct - 1:.0%}) and the maker keeps only {_pct(share)}; "
                    f"when each link prices for itself the price rises to {p:,.0f} and customers buy "
                    f"{q / q0:.0%} as much.")
        if n == 0:
            return (f"直接销售时,客户支付 {end:,.0f},厂商留下其中的 {share:.0%};在需求 P = a − bQ 下,"
                    f"单一企业定价 {p:,.0f},售出 {q:,.0f}。")
        return (f"有 {n} 个中间环节时,客户要付 {end:,.0f},而直连只需 {direct:,.0f}(多 {end / direct - 1:.0%}),"
                f"厂商只留下 {_pct(share)};若每个环节各自定价,价格升到 {p:,.0f},客户只买直连时的 {q / q0:.0%}。")


CHART = ChannelDependenceChart
