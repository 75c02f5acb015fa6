"""The channel-dependence chart: traditional (through intermediaries) against internet (direct) selling.

One model draws everything: the double-marginalization chain (Spengler 1950) of
:mod:`rolecomp.models.channel_dependence`. The bars, the curves, the box and the sentence all
read the same result, so with no intermediaries the customer's price is the maker's price
everywhere.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.ticker import FuncFormatter, MaxNLocator

from rolecomp.charts import OKABE_ITO, Chart, compact_number, nice_ceiling
from rolecomp.i18n import zh_number, zh_table

__all__ = ["CHART", "ChannelDependenceChart"]

_T = zh_table({
    "left": {"en": "Price per unit: who gets what", "zh": "每件的价格：谁拿走多少"},
    "right": {"en": "A month, by number of intermediaries", "zh": "每月：随中间环节数的变化"},
    "direct": {"en": "Direct\n(internet)", "zh": "直连\n（互联网）"},
    "chain": {"en": "Through the\nchain", "zh": "经过\n中间环节"},
    "cost": {"en": "maker's unit cost", "zh": "厂商单位成本"},
    "maker": {"en": "maker's margin", "zh": "厂商每件毛利"},
    "middle": {"en": "intermediaries' margins", "zh": "中间商每件毛利"},
    "price": {"en": "price per unit (currency)", "zh": "每件价格（元）"},
    "money": {"en": "money per month (currency)", "zh": "每月金额（元）"},
    "links": {"en": "intermediaries between maker and customer", "zh": "厂商与客户之间的中间环节数"},
    "maker_profit": {"en": "maker's profit", "zh": "厂商毛利"},
    "middle_profit": {"en": "intermediaries' profit", "zh": "中间商毛利"},
    "cs": {"en": "customers' surplus", "zh": "消费者剩余"},
    "now": {"en": "now: {n} link{s}\nunits sold: {q} a month\nmaker's profit: {p} a month\n"
                  "(both {share} of selling direct)",
            "zh": "当前：{n} 个环节\n每月销量：{q} 件\n厂商每月毛利：{p}\n（仅为直销时的 {share}）"},
})
_SEG = ("#BBBBBB", "#D55E00")  # cost grey, maker's margin in the sales colour
_MIDDLE = ("#56B4E9",)  # one blue for every intermediary (as in the legend), outlines between
_EDGE = "#333333"
# the curves: the maker in the vermillion of its block, the intermediaries in a darker blue than
# their blocks (the light blue is under 3:1 as a line), the customers in bluish green
_LINES = (("maker_profit", "#D55E00", "-", "o"), ("intermediaries_profit", "#0072B2", "--", "s"),
          ("consumer_surplus", "#009E73", ":", "^"))


def _pct(x: float, lang: str = "en") -> str:
    """A share as a percentage that never rounds a real share down to "0%"."""
    if x >= 0.01 or x == 0:
        return f"{x:.0%}"
    if x >= 0.001:
        return f"{x:.1%}"
    return "不到 0.1%" if lang == "zh" else "less than 0.1%"


def _money(x: float, lang: str) -> str:
    """An amount: 1,600 in English; in Chinese with 万 and 亿 from 10,000 on."""
    return zh_number(x, 3) if lang == "zh" else f"{x:,.0f}"


def _units(q: float) -> str:
    """Units sold: whole numbers as such, fractions with up to two decimals (2.5, 0.62)."""
    text = f"{q:,.2f}"
    return text.rstrip("0").rstrip(".")


def _ticks(lang: str):
    return FuncFormatter(lambda x, _pos=None: zh_number(x, 3) if lang == "zh" else compact_number(x))


class ChannelDependenceChart(Chart):
    """Left: the price the customer pays per unit, split into the maker's unit cost, the maker's margin
    and each intermediary's margin, selling direct against through the chain. Right: a month's profit of
    the maker and of the intermediaries, and the customers' surplus, for every chain length the slider
    allows. Both from the double-marginalization model (Spengler 1950) with the demand of
    ``data/parameters.csv`` (a, b, c), ¶22–¶24."""

    title = {"en": "Channel dependence: traditional vs internet selling", "zh": "渠道依赖：传统销售与互联网销售"}
    figsize = (10.5, 4.8)

    @property
    def _links(self):
        """0 .. the slider's maximum number of intermediaries."""
        return np.arange(int(self.scenario.limits("intermediaries")[1]) + 1)

    def build(self):
        ff, lang = self.ff, self.lang
        fig = ff.figure
        gs = fig.add_gridspec(1, 2, left=0.085, right=0.975, top=0.86, bottom=0.15, wspace=0.3)
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
        bx.set_ylabel(_T["money"][lang])
        links = self._links
        self._dm_lines = {}
        for key, color, style, marker in _LINES:
            (line,) = bx.plot(links, np.zeros(len(links)), color=color, linestyle=style, marker=marker, lw=2.2,
                              label=_T["middle_profit" if key == "intermediaries_profit" else
                                       "cs" if key == "consumer_surplus" else key][lang])
            self._dm_lines[key] = line
        bx.set_xticks(links)
        bx.xaxis.set_major_locator(MaxNLocator(integer=True))
        bx.yaxis.set_major_formatter(_ticks(lang))
        bx.grid(color="#e5e5e5")
        bx.legend(loc="upper right", fontsize=10, frameon=False)
        self._now = bx.axvline(0, color=OKABE_ITO[7], lw=1.2, alpha=0.6)
        # fixed on the right, below the legend, where the curves have fallen near zero
        self._now_text = bx.text(0.97, 0.5, "", transform=bx.transAxes, fontsize=10, ha="right", va="center",
                                 zorder=5, bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#999999"})
        ff.dynamic(self._now, self._now_text, *self._dm_lines.values())
        self._bmax = None

    def update(self, data):
        lang = self.lang
        ax = self._ax
        n = data["intermediaries"]
        stages = data["stages"]
        chain, direct = data["chain"], data["direct"]
        cost = float(stages.price.iloc[0])
        ends = [float(direct["end_price"]), float(chain["end_price"])]
        makers = [float(direct["maker_margin"]), float(chain["maker_margin"])]
        for i in range(2):
            self._cost[i].set_height(cost)
            self._maker[i].set_y(cost)
            self._maker[i].set_height(makers[i])
        # intermediary i buys at the price of the firm before it and keeps its own margin
        middle = stages.iloc[2:]
        for i, bar in enumerate(self._middle):
            if i < len(middle):
                bar.set_y(float(middle.input_price.iloc[i]))
                bar.set_height(float(middle.margin.iloc[i]))
                bar.set_visible(True)
            else:
                bar.set_visible(False)
        for i, txt in enumerate(self._tops):
            txt.set_position((self._x[i], ends[i]))
            txt.set_text(f"{ends[i]:,.0f}" if i == 0 else
                         {"en": f"{ends[i]:,.0f}\n({n} link{'s' if n != 1 else ''})",
                          "zh": f"{ends[i]:,.0f}\n（{n} 个环节）"}[lang])
        shares = [float(direct["maker_share"]), float(chain["maker_share"])]
        for i, txt in enumerate(self._shares):
            txt.set_position((self._x[i], cost + makers[i] / 2))
            txt.set_text(f"{shares[i]:.0%}" if makers[i] > 0.06 * max(ends) else "")
        # no chain charges more than the most anyone pays (a): a limit that stays put while links
        # are added, with room for the legend above the bars
        ymax = 25.0 * math.ceil(1.4 * max(data["demand"]["a"], max(ends)) / 25.0)
        if ymax != self._ymax:  # axis limits are static: re-render the background when they move
            self._ymax = ymax
            ax.set_ylim(0, ymax)
            self.ff.invalidate()

        by = data["by_links"]
        for key, line in self._dm_lines.items():
            line.set_ydata(by[key])
        top = max(float(np.max(by[key])) for key in self._dm_lines)
        bmax = nice_ceiling(max(top, 1.0) * 1.08)
        if self._bmax is None or bmax > self._bmax or bmax < self._bmax / 2:
            self._bmax = bmax
            self._bx.set_ylim(0, bmax)
            self.ff.invalidate()
        self._now.set_xdata([n, n])
        q, q0 = float(chain["quantity"]), float(direct["quantity"])
        self._now_text.set_text(_T["now"][lang].format(
            n=n, s="" if n == 1 else "s", q=_units(q), share=_pct(q / q0, lang) if q0 > 0 else "—",
            p=_money(float(chain["maker_profit"]), lang)))

    @classmethod
    def sentence_of(cls, data, lang, scenario):
        n = data["intermediaries"]
        chain, direct = data["chain"], data["direct"]
        end, start = float(chain["end_price"]), float(direct["end_price"])
        maker_price, margin = float(chain["maker_price"]), float(chain["maker_margin"])
        q, q0 = float(chain["quantity"]), float(direct["quantity"])
        profit, profit0 = float(chain["maker_profit"]), float(direct["maker_profit"])
        cost = float(data["stages"].price.iloc[0])
        m = lambda x: _money(x, lang)  # noqa: E731
        if lang == "en":
            if n == 0:
                return (f"Selling direct, the customer pays the maker's own price, {end:,.0f} a unit (cost "
                        f"{cost:,.0f} plus the maker's margin {margin:,.0f}); {_units(q)} units sell a month and "
                        f"the maker earns {m(profit)} a month. Add intermediaries to see what each middle link costs.")
            return (f"With {n} intermediar{'y' if n == 1 else 'ies'} the customer pays {end:,.0f} a unit instead "
                    f"of {start:,.0f} direct (+{end / start - 1:.0%}). The maker still charges {maker_price:,.0f} "
                    f"and keeps {margin:,.0f} a unit, but only {_units(q)} units sell a month instead of "
                    f"{_units(q0)}, so its profit falls from {m(profit0)} to {m(profit)} a month"
                    + (f" ({_pct(profit / profit0)} of selling direct)." if profit0 > 0 else "."))
        if n == 0:
            return (f"直接销售时，客户支付的就是厂商自己的价格：每件 {end:,.0f}（成本 {cost:,.0f} 加上厂商毛利 "
                    f"{margin:,.0f}）；每月卖出 {_units(q)} 件，厂商每月毛利为 {m(profit)}。"
                    "增加中间环节，看看每个环节的代价。")
        return (f"有 {n} 个中间环节时，客户每件要付 {end:,.0f}，直接购买只要 {start:,.0f}（多 {end / start - 1:.0%}）。"
                f"厂商仍按 {maker_price:,.0f} 出货、每件毛利 {margin:,.0f}，但每月只卖出 {_units(q)} 件（直销时 "
                f"{_units(q0)} 件），厂商每月毛利从 {m(profit0)} 降到 {m(profit)}"
                + (f"（直销时的 {_pct(profit / profit0, 'zh')}）。" if profit0 > 0 else "。"))


CHART = ChannelDependenceChart
