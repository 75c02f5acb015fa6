"""The JupyterLite site with its Python bundled (``make lite PYODIDE=…``), in headless Chromium
that can reach 127.0.0.1 only: the kernel starts, an ipywidgets slider reaches it, the install
cell says what it could not load; and a site whose runtime is missing, or whose runtime is on a
CDN that cannot be reached, says so in a banner instead of hanging.

The runtime is npm's ``pyodide`` package (``npm pack pyodide@<the kernel's version>``, kept in
``build/cache/``), which has no wheels; the pure ones come from PyPI (``build/cache/wheels``).
numpy, pandas and matplotlib for Pyodide are not on PyPI, so with this runtime they stay on the
CDN, which is blocked here: the install cell must say exactly that. Without npm, or when the
registry or PyPI cannot be reached, the module is skipped with the reason.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import servers

pytestmark = pytest.mark.browser

REPO = servers.REPO
CACHE = REPO / "build" / "cache"
LITE_PYTHON = Path(os.environ.get("ROLECOMP_LITE_PYTHON", REPO / ".venv-lite" / "bin" / "python"))
LOCAL = re.compile(r"^(https?|wss?)://127\.0\.0\.1[:/]")
IDLE = "() => [...document.querySelectorAll('.jp-StatusBar-TextItem')].some(e => /\\| Idle/.test(e.textContent))"


def _skip_or_fail(message: str, *, ci_fails: bool = True):
    if ci_fails and os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{message} (CI=true: failing instead of skipping)", pytrace=False)
    pytest.skip(message)


def _pyodide_version() -> str:
    probe = "from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION; print(PYODIDE_VERSION)"
    run = subprocess.run([str(LITE_PYTHON), "-c", probe], capture_output=True, text=True) \
        if LITE_PYTHON.exists() else None
    if run is None or run.returncode:
        _skip_or_fail(f"the JupyterLite tools are not installed in {LITE_PYTHON}: run make lite (make test does)")
    return run.stdout.strip()


def _npm_pyodide(version: str) -> Path:
    """npm's pyodide package at ``version``, downloaded once into build/cache/."""
    tgz = CACHE / f"pyodide-{version}.tgz"
    if tgz.is_file():
        return tgz
    npm = shutil.which("npm")
    if not npm:
        pytest.skip(f"npm is not installed: this test bundles the Pyodide runtime from `npm pack pyodide@{version}` "
                    f"(or put that tarball at {tgz})")
    CACHE.mkdir(parents=True, exist_ok=True)
    try:
        run = subprocess.run([npm, "pack", f"pyodide@{version}", "--pack-destination", str(CACHE)],
                             capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        pytest.skip(f"`npm pack pyodide@{version}` did not finish within 180 s: is the npm registry reachable?")
    if run.returncode or not tgz.is_file():
        pytest.skip(f"`npm pack pyodide@{version}` failed, the npm registry may be unreachable: "
                    f"{(run.stderr.strip().splitlines() or [''])[-1]}")
    return tgz


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory, browser):
    """A site built with npm's Pyodide bundled (the build downloads the missing pure wheels once).

    Built once per test run: pytest-xdist may hand this module's tests to both workers (its
    xdist_group does not reach the scheduler with pytest 9), so they share one build, under a lock.
    """
    tgz = _npm_pyodide(_pyodide_version())
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the same folder for every worker of this run
    out = shared / "lite-bundled" / "site"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (out.parent / "built").is_file():
            return out
        t0 = time.perf_counter()
        run = subprocess.run([str(LITE_PYTHON), str(REPO / "lite" / "build.py"), "--out", str(out),
                              "--pyodide", str(tgz), "--wheels", str(CACHE / "wheels")],
                             capture_output=True, text=True, timeout=400, cwd=REPO)
        if run.returncode and "could not download" in run.stderr:
            pytest.skip(f"PyPI not reachable for the kernel's pure wheels: {run.stderr.strip().splitlines()[0]}")
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        (out.parent / "built").write_text(f"{time.perf_counter() - t0:.1f} s\n")
        print(f"bundled site built in {time.perf_counter() - t0:.1f} s")
    return out


@pytest.fixture(scope="module")
def site_url(bundled_site):
    """``python -m http.server`` on 127.0.0.1 serving the site, as an instructor's laptop would."""
    port = servers.free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
                             "--directory", str(bundled_site), str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{url}/jupyter-lite.json", timeout=2).close()
                break
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def offline(browser):
    """A fresh page whose every request not to 127.0.0.1 is aborted (and recorded): the page's,
    its web workers' and its service worker's."""
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  # belt and braces: anything that escapes the route meets a dead proxy
                                  proxy={"server": "http://127.0.0.1:9", "bypass": "127.0.0.1"})
    context.external = []

    def route(r):
        if LOCAL.match(r.request.url):
            r.continue_()
        else:
            context.external.append(r.request.url)
            r.abort("internetdisconnected")

    context.route("**/*", route)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text[:300]))
    yield page
    with contextlib.suppress(Exception):
        context.close()


def _shot(page, name):
    shots = REPO / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(Exception):
        page.screenshot(path=str(shots / f"lite-{name}.png"))


def _cell_output(page, index: int) -> str:
    return page.locator(".jp-NotebookPanel .jp-Cell").nth(index).locator(".jp-OutputArea").inner_text()


def test_bundled_kernel_starts_offline_and_a_slider_reaches_it(offline, site_url, bundled_site):
    page = offline
    t0 = time.perf_counter()
    page.goto(f"{site_url}/lab/index.html?path=en/00_start_here.ipynb")
    check = page.evaluate("window.rolecompLiteCheck")
    assert check["ok"] and check["pyodideUrl"] == f"{site_url}/static/pyodide/pyodide.mjs", check
    assert page.locator("#rolecomp-lite-check").count() == 0
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    try:
        page.wait_for_function(IDLE, timeout=150_000)
    except Exception:
        _shot(page, "FAILED-kernel")
        raise AssertionError(f"the bundled kernel did not start offline: {page.console_errors[-5:]}") from None
    started = time.perf_counter() - t0
    assert page.context.external == [], "the kernel's start needed something outside the site"

    # the install cell: ipywidgets and rolecomp are in the site; numpy, pandas and matplotlib are
    # not (npm's Pyodide has no wheels, PyPI none for Pyodide) and their CDN is blocked
    page.locator(".jp-NotebookPanel .jp-Cell").first.click()
    page.keyboard.press("Shift+Enter")
    page.wait_for_function("() => /Could not load|Ready/.test(document.querySelector("
                           "'.jp-NotebookPanel .jp-Cell .jp-OutputArea')?.textContent || '')", timeout=120_000)
    out = _cell_output(page, 0)
    record = json.loads((bundled_site / "static" / "pyodide" / "rolecomp-bundle.json").read_text())
    assert set(record["roots_from_cdn"]) == {"matplotlib", "numpy", "pandas"}, record
    said = re.match(r"Could not load (.+?)\. This site carries Python but not (.+?), which", out)
    assert said and set(said.group(1).split(", ")) == set(record["roots_from_cdn"]), out
    assert said.group(2) == ", ".join(record["roots_from_cdn"])
    assert f"无法加载 {said.group(1).replace(', ', '、')}。" in out and "Traceback" not in out
    hosts = {re.match(r"^\w+://([^/]+)/", u).group(1) for u in page.context.external}
    assert hosts == {"cdn.jsdelivr.net"}, page.context.external
    on_cdn = {n.lower() for n in record["from_cdn"]}
    assert {re.search(r"/full/([^-/]+)-", u).group(1).lower() for u in page.context.external} <= on_cdn

    # a slider, moved in the page; the kernel's own observer reports the values back (widget
    # updates are throttled, and coalesced while one is pending, so a later cell could run
    # before the last one arrived)
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    page.keyboard.press("Enter")
    page.keyboard.type("import ipywidgets; s = ipywidgets.IntSlider(); s")
    page.keyboard.press("Shift+Enter")
    page.wait_for_selector(".widget-slider .noUi-handle", timeout=60_000)
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    page.keyboard.press("Enter")
    page.keyboard.type("out = ipywidgets.Output(); "
                       "s.observe(lambda c: out.append_stdout(f'kernel got {c.new}\\n'), 'value'); out")
    page.keyboard.press("Shift+Enter")
    page.wait_for_function(IDLE, timeout=30_000)
    page.wait_for_selector(".widget-output", state="attached", timeout=30_000)
    page.focus(".widget-slider .noUi-handle")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert page.inner_text(".widget-slider .widget-readout").strip() == "3"
    try:
        page.wait_for_function("() => /kernel got 3/.test(document.querySelector('.widget-output')?.textContent)",
                               timeout=30_000)
    finally:
        _shot(page, "bundled-slider")
    got = [int(n) for n in re.findall(r"kernel got (\d+)", page.inner_text(".widget-output"))]
    assert got[-1] == 3 and got == sorted(set(got)) and set(got) <= {1, 2, 3}, got  # updates may coalesce
    assert {re.match(r"^\w+://([^/]+)/", u).group(1) for u in page.context.external} == {"cdn.jsdelivr.net"}
    print(f"page load to kernel idle, offline: {started:.1f} s")


def _banner(page) -> str:
    page.wait_for_selector("#rolecomp-lite-check", timeout=30_000)
    return page.inner_text("#rolecomp-lite-check")


def test_a_copy_without_its_runtime_says_so(offline, site_url):
    page = offline
    page.route("**/static/pyodide/pyodide.mjs", lambda r: r.fulfill(status=404, body="not found"))
    page.goto(f"{site_url}/lab/index.html?path=en/00_start_here.ipynb")
    text = _banner(page)
    _shot(page, "banner-missing")
    assert "Python cannot start. This copy of the site is incomplete: static/pyodide/pyodide.mjs is missing." in text
    assert "copy the whole site folder again" in text
    assert "Python 无法启动：这份网站不完整，缺少static/pyodide/pyodide.mjs。请老师重新复制整个网站文件夹。" in text
    result = page.evaluate("window.rolecompLiteCheck")
    assert not result["ok"] and result["failed"] == [{"url": f"{site_url}/static/pyodide/pyodide.mjs",
                                                      "why": "missing"}]


def test_a_site_on_the_cdn_says_when_it_cannot_be_reached(offline, site_url):
    """The plain site (``make lite``): no pyodideUrl, so the kernel's CDN default; PyPI fallback
    on, and no comm in the site's index, so PyPI too. Served here by rewriting the bundled site's
    jupyter-lite.json and pypi/all.json to what the plain build writes."""
    page = offline

    def plain_config(r):
        config = json.loads(r.fetch().text())
        kernel = config["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
        del kernel["pyodideUrl"]
        kernel["disablePyPIFallback"] = False
        r.fulfill(json=config)

    def plain_index(r):
        index = json.loads(r.fetch().text())
        r.fulfill(json={"rolecomp": index["rolecomp"]})

    page.route(f"{site_url}/jupyter-lite.json", plain_config)
    page.route(re.compile(re.escape(site_url) + r"/pypi/all\.json(\?.*)?$"), plain_index)
    page.goto(f"{site_url}/lab/index.html?path=en/00_start_here.ipynb")
    text = _banner(page)
    _shot(page, "banner-cdn")
    assert ("This site loads Python from cdn.jsdelivr.net and pypi.org, which could not be reached. "
            "Check the internet connection") in text
    assert "ask the instructor for the offline version of this site" in text
    assert "本网站需要从 cdn.jsdelivr.net、pypi.org 加载 Python，但无法连接。" in text and "离线版本" in text
    assert any(u.startswith("https://cdn.jsdelivr.net/pyodide/") for u in page.context.external)
