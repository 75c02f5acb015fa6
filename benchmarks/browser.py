"""Browser timings of the explorers, in JupyterLab and in Voilà (a script, not a test).

    .venv/bin/python benchmarks/browser.py [--notebook 05_reach.ipynb] [--presses 10] [--opens 3]

Measures, in headless Chromium (/usr/bin/chromium):
  * open -> widgets: from opening the notebook to all its widgets rendered (JupyterLab: page
    load, kernel idle, Run > Run All Cells, every widget view and image in the DOM; Voilà: page
    load to the explorers' charts loaded), median of ``--opens``;
  * key -> chart: from a slider key press (ArrowRight/ArrowLeft on the first explorer's first
    slider) to the new chart decoded and painted, median of ``--presses``; "in page" is measured
    in the browser (keydown event -> next animation frame after the new image decoded), "wall"
    from Python (includes Playwright's own round trips).

Servers run on a temporary copy of notebooks/ with isolated Jupyter state, and are stopped at
the end (tests/browser/servers.py is the shared start/stop code).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "browser"))

import pages  # noqa: E402
import servers  # noqa: E402

# Arm a one-shot measurement on the first chart of an explorer: keydown -> new src decoded
# -> next animation frame.
ARM_JS = r"""(el) => {
  const c = el.querySelector('.rolecomp-chart');
  const img = c.tagName === 'IMG' ? c : c.querySelector('img');
  const m = window.__rcBench = {t0: null, t1: null, src: img.src};
  document.addEventListener('keydown', () => { if (m.t0 === null) m.t0 = performance.now(); },
                            {capture: true, once: true});
  const obs = new MutationObserver(() => {
    if (img.src === m.src) return;
    obs.disconnect();
    const done = () => requestAnimationFrame(() => { m.t1 = performance.now(); });
    img.decode().then(done, done);
  });
  obs.observe(img, {attributes: true, attributeFilter: ['src']});
}"""


def key_to_chart(page, explorer_loc, presses: int) -> tuple[list[float], list[float]]:
    """Press ArrowRight/ArrowLeft alternately; return (in-page ms, wall ms) per press."""
    handle = explorer_loc.locator(".widget-slider .noUi-handle").first
    handle.focus()
    in_page, wall = [], []
    for i in range(presses):
        key = "ArrowRight" if i % 2 == 0 else "ArrowLeft"
        explorer_loc.evaluate(ARM_JS)
        handle.focus()
        t = time.perf_counter()
        handle.press(key)
        page.wait_for_function("() => window.__rcBench.t1 !== null", polling="raf",
                               timeout=30_000)
        wall.append((time.perf_counter() - t) * 1000)
        m = page.evaluate("() => window.__rcBench")
        if m["t0"] is not None:
            in_page.append(m["t1"] - m["t0"])
        page.wait_for_timeout(150)  # let the kernel settle between presses
    return in_page, wall


def bench_lab(browser, lab, notebook: str, opens: int, presses: int) -> dict:
    res = {"idle": [], "open": [], "key_in_page": [], "key_wall": []}
    for n in range(opens):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            t0 = time.perf_counter()
            timings = pages.open_lab_notebook(page, lab, notebook)
            pages.run_all_cells(page)
            state = pages.wait_widgets_rendered(page)
            res["open"].append(time.perf_counter() - t0)
            res["idle"].append(timings["idle"])
            if state["loading"] or state["errors"]:
                print(f"  warning: widgets not rendered: {state}", file=sys.stderr)
            if n == opens - 1:
                ex = page.locator(pages.EXPLORER).first
                ex.scroll_into_view_if_needed()
                res["key_in_page"], res["key_wall"] = key_to_chart(page, ex, presses)
        finally:
            page.close()
            lab.shutdown_sessions()
    return res


def bench_voila(browser, voila, opens: int, presses: int) -> dict:
    res = {"open": [], "key_in_page": [], "key_wall": []}
    for n in range(opens):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            res["open"].append(pages.open_voila(page, voila))
            if n == opens - 1:
                ex = page.locator(pages.EXPLORER).first
                ex.scroll_into_view_if_needed()
                res["key_in_page"], res["key_wall"] = key_to_chart(page, ex, presses)
        finally:
            page.close()  # Voilà shuts the page's kernel down when the page goes
    return res


def _fmt(values: list[float], unit: str) -> str:
    if not values:
        return "-"
    med = statistics.median(values)
    if unit == "s":
        return f"{med:6.2f} s  ({min(values):.2f}-{max(values):.2f}, n={len(values)})"
    return f"{med:6.0f} ms ({min(values):.0f}-{max(values):.0f}, n={len(values)})"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--notebook", default="05_reach.ipynb",
                    help="notebook in notebooks/ (default 05_reach.ipynb; the fake explorer "
                         "fixture is used if it does not exist yet)")
    ap.add_argument("--presses", type=int, default=10, help="slider key presses (median)")
    ap.add_argument("--opens", type=int, default=3, help="notebook openings (median)")
    ap.add_argument("--no-voila", action="store_true", help="JupyterLab only")
    args = ap.parse_args(argv)

    problem = servers.browser_problem()
    if problem:
        print(f"cannot run: {problem}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    notebook = args.notebook
    if not (servers.NOTEBOOKS / notebook).exists():
        fake = f"{servers.SELFTEST_DIR}/fake_explorer.ipynb"
        print(f"notebooks/{notebook} does not exist yet: timing the fixture {fake} instead")
        notebook = fake

    rows = []
    with tempfile.TemporaryDirectory(prefix="rolecomp-bench-") as tmp:
        tmp = Path(tmp)
        root, env = servers.make_workspace(tmp)
        with sync_playwright() as pw:
            browser = servers.launch_chromium(pw)
            try:
                with servers.start_lab(tmp, root=root, env=env) as lab:
                    print(f"JupyterLab ready in {lab.ready_after:.1f} s; timing {notebook} ...")
                    lab_res = bench_lab(browser, lab, notebook, args.opens, args.presses)
                voila_res, voila_ready = None, None
                if not args.no_voila:
                    try:
                        with servers.start_voila(tmp, notebook, root=root, env=env) as voila:
                            voila_ready = voila.ready_after
                            print(f"Voilà ready in {voila_ready:.1f} s; timing ...")
                            voila_res = bench_voila(browser, voila, args.opens, args.presses)
                    except ImportError as e:
                        print(f"Voilà skipped: {e}")
            finally:
                browser.close()

    v = voila_res or {}
    rows = [
        ("server ready", _fmt([lab.ready_after], "s"),
         _fmt([voila_ready], "s") if voila_ready else "-"),
        ("open -> kernel idle", _fmt(lab_res["idle"], "s"), "-"),
        ("open -> all widgets rendered", _fmt(lab_res["open"], "s"), _fmt(v.get("open", []), "s")),
        ("key -> new chart (in page)", _fmt(lab_res["key_in_page"], "ms"),
         _fmt(v.get("key_in_page", []), "ms")),
        ("key -> new chart (wall)", _fmt(lab_res["key_wall"], "ms"),
         _fmt(v.get("key_wall", []), "ms")),
    ]
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in [*rows, ("", "JupyterLab", "")])
    print(f"\n{notebook}: median (min-max, n)\n")
    print(f"{'':{w0}}  {'JupyterLab':{w1}}  Voilà")
    for name, a, b in rows:
        print(f"{name:{w0}}  {a:{w1}}  {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
