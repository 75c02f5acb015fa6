"""The reach chart: point-to-point sales, the wide net of marketing, and operations' compounding."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import FuncFormatter

from rolecomp.charts import Chart, compact_number, nice_ceiling, role_style
from rolecomp.charts._render import text_color
from rolecomp.i18n import zh_table

__all__ = ["CHART", "ReachChart"]

ROLES = ("sales", "marketing", "operations")
_T = zh_table({
    "left": {"en": "Customers won, week by week", "zh": "每周累计赢得的客户"},
    "right": {"en": "Breadth against precision (week {w})", "zh": "广度与精准度(第 {w} 周)"},
    "week": {"en": "week", "zh": "周"},
    "customers": {"en": "customers (cumulative)", "zh": "客户数(累计)"},
    "reached": {"en": "people reached (log scale)", "zh": "触达人数(对数坐标)"},
    "precision": {"en": "precision: customers / reached", "zh": "精准度:客户 / 触达"},
    "sales": {"en": "Sales", "zh": "销售"},
    "marketing": {"en": "Marketing", "zh": "市场"},
    "operations": {"en": "Operations", "zh": "运营"},
    "nobody": {"en": "{role} reaches nobody", "zh": "{role}没有触达任何人"},
})


class ReachChart(Chart):
    """Sales reaches few, precisely; marketing many, imprecisely; operations grows through the product.

    The model is :func:`rolecomp.models.reach.reach_over_time` with every other parameter at
    its default in ``data/parameters.csv`` (¶26, ¶33, ¶36, ¶39)."""

    title = {"en": "Reach: one target at a time, a wide net, or the product itself",
             "zh": "触达:逐个击破、广撒网,还是靠产品本身"}
    figsize = (10.5, 4.8)

    def build(self):
        ff, lang = self.ff, self.lang
        fig = ff.figure
        gs = fig.add_gridspec(1, 2, left=0.1, right=0.975, top=0.87, bottom=0.14, wspace=0.3)
        ax = self._ax = fig.add_subplot(gs[0])
        ax.set_title(_T["left"][lang], loc="left")
        ax.set_xlabel(_T["week"][lang])
        ax.set_ylabel(_T["customers"][lang])
        ax.grid(color="#e5e5e5")
        ax.yaxis.set_major_formatter(FuncFormatter(compact_number))
        weeks = int(self.scenario.defaults["weeks"])
        ax.set_xlim(0, weeks)
        self._lines, self._points, self._labels = {}, {}, {}
        for role in ROLES:
            st = role_style(role)
            (self._lines[role],) = ax.plot([], [], color=st["color"], linestyle=st["linestyle"], lw=2.4,
                                           marker=st["marker"], markevery=max(weeks // 6, 1), label=_T[role][lang])
        ax.legend(loc="upper left", frameon=False, fontsize=11)
        self._ymax = None

        bx = self._bx = fig.add_subplot(gs[1])
        bx.set_title(_T["right"][lang].format(w=weeks), loc="left")
        audience = self.scenario.limits("audience")[1]
        bx.set_xscale("log")
        bx.set_yscale("log")
        self._xlim = (10.0, audience * 1.5)
        self._ylim = (5e-4, 1.5)
        bx.set_xlim(*self._xlim)
        bx.set_ylim(*self._ylim)
        bx.set_xlabel(_T["reached"][lang])
        bx.set_ylabel(_T["precision"][lang])
        bx.grid(color="#e5e5e5", which="major")
        for role in ROLES:
            st = role_style(role)
            (self._points[role],) = bx.plot([], [], linestyle="none", marker=st["marker"], markersize=14,
                                            color=st["color"], markeredgecolor="white")
            self._labels[role] = bx.text(1, 1, _T[role][lang], fontsize=11.5, color=text_color(st["color"]),
                                         fontweight="bold", ha="left", va="bottom")
        ff.dynamic(*self._lines.values(), *self._points.values(), *self._labels.values())

    def update(self, df):
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
        last = df[df.week == df.week.max()].set_index("role")
        for role in ROLES:
            reached, prec = float(last.loc[role, "reached"]), float(last.loc[role, "precision"])
            visible = reached > 0 and prec > 0
            x = float(np.clip(reached, *self._xlim))
            y = float(np.clip(prec, *self._ylim))
            self._points[role].set_data([x], [y])
            self._points[role].set_visible(visible)
            label = self._labels[role]
            label.set_visible(visible)
            right = x > 2e5
            label.set_position((x / 1.6 if right else x * 1.6, y * 1.25))
            label.set_ha("right" if right else "left")

    @classmethod
    def sentence_of(cls, df, lang, scenario):
        last = df[df.week == df.week.max()].set_index("role")
        w = int(df.week.max())
        s, m, o = (last.loc[r] for r in ROLES)
        ops = df[df.role == "operations"].active.to_numpy()
        growing = len(ops) > 1 and ops[-1] > ops[-2] * 1.001
        if lang == "en":
            return (f"After {w} weeks sales has won {s.customers:,.0f} customers from {s.reached:,.0f} people "
                    f"reached ({s.precision:.0%} precision); marketing reached {m.reached:,.0f} but won "
                    f"{m.customers:,.0f} ({m.precision:.1%}); operations has won {o.customers:,.0f} users, "
                    f"{o.active:,.0f} of them still active, "
                    f"{'and is still growing' if growing else 'and has stopped growing'}.")
        return (f"{w} 周后,销售从 {s.reached:,.0f} 位触达对象中赢得 {s.customers:,.0f} 个客户(精准度 "
                f"{s.precision:.0%});市场触达 {m.reached:,.0f} 人,只赢得 {m.customers:,.0f} 个({m.precision:.1%});"
                f"运营获得 {o.customers:,.0f} 位用户,其中 {o.active:,.0f} 位仍活跃,"
                f"{'且仍在增长' if growing else '已不再增长'}。")


CHART = ReachChart
