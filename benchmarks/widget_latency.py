"""Time from ``explorer.set(...)`` to the rendered PNG, against rebuilding the chart per change.

The naive baseline is what ``ipywidgets.interact`` code does with the inline backend: on every
change, make a new pyplot figure, draw the whole chart, and let IPython render it to PNG
(``print_figure`` with ``bbox_inches="tight"``), then close it. Both paths are measured in the
same run, on the same values, so the ratio holds on any machine.

Run:  .venv/bin/python benchmarks/widget_latency.py [--repeat N]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time

import matplotlib

matplotlib.use("Agg")  # a script, not the library: pyplot needs a non-interactive backend here

import matplotlib.pyplot as plt
from IPython.core.pylabtools import print_figure
from matplotlib import rc_context

from rolecomp.charts import FastFigure
from rolecomp.explorers import (
    ChannelExplorer,
    ReachExplorer,
    RevenueExplorer,
    RoleProfile,
    ValueExplorer,
)
from rolecomp.i18n import chart_rc


def sweep(ex, n=32):
    """n + 1 values of the explorer's main control, walking its range up and back."""
    if isinstance(ex, RoleProfile):
        attrs = list(ex._scales.attribute_id)
        combos = [c for r in (3, 4, 5) for c in itertools.combinations(attrs, r)]
        return [{"attributes": combos[i * 7 % len(combos)]} for i in range(n + 1)]
    name = next(iter(ex._controls))
    if isinstance(ex, ReachExplorer):
        name = "budget"
    elif isinstance(ex, RevenueExplorer):
        name = "churn"
    s = ex._controls[name]
    lo, hi = s.min, s.max
    steps = [lo + (hi - lo) * abs((i % n) / (n / 2) - 1) for i in range(n + 1)]
    if isinstance(s.value, int):
        steps = [round(v) for v in steps]
    else:
        steps = [round(v / s.step) * s.step for v in steps]
    return [{name: min(max(v, lo), hi)} for v in steps]


def naive_render(cls, values):
    """Rebuild the same chart from scratch and render it as the inline backend would."""
    ex = naive_render.cache.setdefault(cls, cls())
    data, _notes = ex._compute({**ex.values, **values})  # the same model call, no rendering
    fig = plt.figure(figsize=cls.figsize, dpi=100)
    ff = FastFigure.__new__(FastFigure)
    ff.figure, ff.canvas, ff._dynamic, ff._background = fig, fig.canvas, [], None
    with rc_context(chart_rc("en")):
        saved = ex._ff
        ex._ff = ff
        try:
            for attr in ("_ymax", "_bmax", "_xmax", "_ylim", "_drawn"):
                if hasattr(ex, attr):
                    setattr(ex, attr, None)
            ex._build(ff, "en")
            ex._update(data, "en")
            ex._sentence(data, "en")
            png = print_figure(fig, "png")
        finally:
            ex._ff = saved
    plt.close(fig)
    return png


naive_render.cache = {}


def measure(fn, values):
    times = []
    for v in values:
        t0 = time.perf_counter()
        fn(v)
        times.append(time.perf_counter() - t0)
    return times


def p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1, help="sweeps per explorer (default 1)")
    args = ap.parse_args()
    rows = []
    for cls in (RoleProfile, ChannelExplorer, ReachExplorer, RevenueExplorer, ValueExplorer):
        ex = cls()
        values = sweep(ex) * args.repeat
        fast = measure(lambda v, ex=ex: ex.set(**v), values)
        naive = measure(lambda v, cls=cls: naive_render(cls, v), values)
        rows.append((cls.__name__, len(values), statistics.median(fast), p95(fast), statistics.median(naive),
                     p95(naive)))
    print(f"{'explorer':<16}{'n':>4}{'median ms':>11}{'p95 ms':>9}{'naive med':>11}{'naive p95':>11}{'speedup':>9}")
    for name, n, fm, fp, nm, npct in rows:
        print(f"{name:<16}{n:>4}{fm * 1e3:>11.1f}{fp * 1e3:>9.1f}{nm * 1e3:>11.1f}{npct * 1e3:>11.1f}"
              f"{nm / fm:>8.1f}x")
    print("goal: every explorer >= 5x faster than naive, median < 50 ms on a 2-core machine")
    print(f"slowest speedup vs naive: {min(nm / fm for _, _, fm, _, nm, _ in rows):.1f}x")


if __name__ == "__main__":
    main()
