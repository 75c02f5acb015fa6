"""Time from a slider step to the rendered PNG, against rebuilding the chart per change.

The naive baseline is what ``ipywidgets.interact`` code does with the inline backend: on every
change, make a new pyplot figure, draw the whole chart, and let IPython render it to PNG
(``print_figure`` with ``bbox_inches="tight"``), then close it. Both paths are measured in the
same run, on the same values, so the ratio holds on any machine. Where the explorer's time
goes is printed too: the model (a new Scenario and its result), drawing (update + blit) and
PNG encoding.

A second table: a language switch with every workshop explorer live and on the page, before
and after re-running one explorer cell 50 times (re-runs close what the cell made before).

Run:  .venv/bin/python benchmarks/widget_latency.py [--repeat N]
"""

from __future__ import annotations

import argparse
import gc
import itertools
import statistics
import time

import matplotlib
import numpy as np

matplotlib.use("Agg")  # a script, not the library: pyplot needs a non-interactive backend here

import matplotlib.pyplot as plt
from IPython.core.pylabtools import print_figure
from matplotlib import rc_context

import rolecomp
from rolecomp import _hub
from rolecomp.charts import FastFigure
from rolecomp.explorers import EXPLORERS
from rolecomp.i18n import chart_rc

MAIN_CONTROL = {"channel_dependence": "intermediaries", "reach": "budget", "one_off_vs_ongoing": "touches",
                "value_presentation": "hours_saved"}


def sweep(ex, n=32):
    """n + 1 values of the explorer's main control, walking its range up and back."""
    if ex.contrast == "three_roles":
        attrs = list(ex.scenario.attribute_ids)
        combos = [c for r in (3, 4, 5) for c in itertools.combinations(attrs, r)]
        return [{"attributes": combos[i * 7 % len(combos)]} for i in range(n + 1)]
    name = MAIN_CONTROL[ex.contrast]
    s = ex._controls[name]
    lo, hi = s.min, s.max
    steps = [lo + (hi - lo) * abs((i % n) / (n / 2) - 1) for i in range(n + 1)]
    steps = [round(v) for v in steps] if isinstance(s.value, int) else [round(v / s.step) * s.step for v in steps]
    return [{name: min(max(v, lo), hi)} for v in steps]


def naive_render(ex, values):
    """Rebuild the same chart from scratch and render it as the inline backend would."""
    scenario = ex.scenario.set(**values)
    data = scenario.data
    cls = ex._chart_cls
    fig = plt.figure(figsize=cls.figsize, dpi=100)
    ff = FastFigure.__new__(FastFigure)
    ff.figure, ff.canvas, ff._dynamic, ff._background = fig, fig.canvas, [], None
    ff._sprites = None  # no sprite cache: texts are measured by the renderer
    with rc_context(chart_rc("en")):
        chart = cls(ff, "en", scenario)
        chart.update(data)
        cls.sentence_of(data, "en", scenario)
        png = print_figure(fig, "png")
    plt.close(fig)
    return png


def phases(ex, values):
    """Seconds in the model, in drawing (update + blit) and in PNG encoding, for one step."""
    t0 = time.perf_counter()
    scenario = ex.scenario.set(**values)
    data, _notes = scenario.result("en")
    t1 = time.perf_counter()
    with rc_context(chart_rc("en")):
        ex._chart.scenario = scenario
        ex._chart.update(data)
        ex._ff.render()
    t2 = time.perf_counter()
    ex._ff._encoder.encode(np.asarray(ex._ff.canvas.buffer_rgba()))
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2


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


def language_switch(live) -> float:
    t0 = time.perf_counter()
    rolecomp.set_language("zh")
    rolecomp.set_language("en")
    return (time.perf_counter() - t0) / 2


class _Info:
    def __init__(self, cell_id):
        self.cell_id, self.raw_cell = cell_id, ""


def rerun_table():
    """Language switch with all five explorers on the page, before and after 50 re-runs of a cell."""
    live = []
    for i, cls in enumerate(EXPLORERS.values()):
        _hub._pre_run_cell(_Info(f"cell-{i}"))
        ex = cls()
        ex._repr_mimebundle_()
        live.append(ex)
    first = language_switch(live)  # builds each explorer's chart in the other language, once
    before = statistics.median(language_switch(live) for _ in range(3))
    for _ in range(50):  # the learner re-runs the reach cell, as JupyterLab sends it
        _hub._pre_run_cell(_Info("cell-2"))
        live[2] = EXPLORERS["reach"]()
        live[2]._repr_mimebundle_()
    gc.collect()
    after = statistics.median(language_switch(live) for _ in range(3))
    return first, before, after, len(_hub._live)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1, help="sweeps per explorer (default 1)")
    args = ap.parse_args()
    rows = []
    for cls in EXPLORERS.values():
        ex = cls()
        values = sweep(ex) * args.repeat
        fast = measure(lambda v, ex=ex: ex.set(**v), values)
        naive = measure(lambda v, ex=ex: naive_render(ex, v), values)
        split = [phases(ex, v) for v in values]
        model, draw, encode = (statistics.median(s[i] for s in split) for i in range(3))
        rows.append((cls.__name__, len(values), statistics.median(fast), p95(fast), statistics.median(naive),
                     p95(naive), model, draw, encode))
        ex.close()
    print(f"{'explorer':<27}{'n':>4}{'median ms':>11}{'p95 ms':>9}{'naive med':>11}{'naive p95':>11}"
          f"{'speedup':>9}{'model':>8}{'draw':>7}{'png':>7}")
    for name, n, fm, fp, nm, npct, model, draw, encode in rows:
        print(f"{name:<27}{n:>4}{fm * 1e3:>11.1f}{fp * 1e3:>9.1f}{nm * 1e3:>11.1f}{npct * 1e3:>11.1f}"
              f"{nm / fm:>8.1f}x{model * 1e3:>8.1f}{draw * 1e3:>7.1f}{encode * 1e3:>7.1f}")
    print("(model, draw, png: median ms of each phase of one step; a frame at 60 Hz is 17 ms)")
    first, before, after, live = rerun_table()
    print(f"language switch, 5 explorers on the page: first {first * 1e3:.0f} ms (builds the charts in the "
          f"other language), then {before * 1e3:.0f} ms; after 50 re-runs of a cell: "
          f"{after * 1e3:.0f} ms ({after / before:.2f}x), live explorers {live}")
    print("goal: every explorer's median <= 25 ms and >= 10x faster than naive; language switch equal "
          "within noise after 50 re-runs, under 1 s")
    print(f"slowest speedup vs naive: {min(r[4] / r[2] for r in rows):.1f}x")


if __name__ == "__main__":
    main()
