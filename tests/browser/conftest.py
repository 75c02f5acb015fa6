"""Fixtures for the real-browser tests: one JupyterLab (and one Voilà) server and one headless
Chromium per session, a fresh page per notebook.

Run: ``.venv/bin/python -m pytest tests/browser -q -o addopts="" -p no:cacheprovider``.
Without /usr/bin/chromium or playwright the tests are skipped, with how to install them;
with ``CI=true`` they fail instead.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages
import servers

SCREENSHOTS = servers.REPO / "build" / "screenshots"
VOILA_NOTEBOOK = "en/05_reach.ipynb"
VIEWPORT = {"width": 1280, "height": 900}


def teaching_notebooks(editions=("en",)) -> list[str]:
    """The learners' notebooks of ``editions``: ``notebooks/<edition>/*.ipynb``, as paths relative to
    notebooks/ (``"zh/05_reach.ipynb"``)."""
    return [f"{lang}/{p.name}" for lang in editions for p in sorted((servers.NOTEBOOKS / lang).glob("*.ipynb"))]


def notebook_params(editions=("en",)):
    """``notebook`` parameters for the tests: the real notebooks, or one skipped placeholder."""
    names = teaching_notebooks(editions)
    if names:
        return [pytest.param(n, id=n[:-len(".ipynb")].replace("/", "-")) for n in names]
    return [pytest.param(None, id="no-notebooks",
                         marks=pytest.mark.skip(reason="notebooks/*.ipynb not written yet"))]


def _unavailable(message: str):
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{message} (CI=true: failing instead of skipping)", pytrace=False)
    pytest.skip(message)


def _require_browser():
    problem = servers.browser_problem()
    if problem:
        _unavailable(f"browser tests need Chromium and playwright: {problem}")


# -- ordering: each notebook's lab test, then its explorer test, on the same open page --------
_MODULE_RANK = {"test_notebooks_lab": 0, "test_a11y_lab": 1, "test_explorers_lab": 2}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    slots = [i for i, it in enumerate(items)
             if getattr(it, "callspec", None) and "notebook" in it.callspec.params
             and it.module.__name__.rsplit(".", 1)[-1] in _MODULE_RANK]
    chosen = [items[i] for i in slots]
    chosen.sort(key=lambda it: (str(it.callspec.params["notebook"]),
                                _MODULE_RANK[it.module.__name__.rsplit(".", 1)[-1]]))
    for i, it in zip(slots, chosen, strict=True):
        items[i] = it
    # make test runs two workers (pytest-xdist, --dist loadgroup). The tests that share one
    # JupyterLab and its open notebooks go to one worker, in this order; those on Voila and
    # Notebook 7 (servers of their own, started by whichever worker runs them) form a second
    # group, and the JupyterLite ones (a static site) a third, so the other worker takes them
    # beside the tests without a browser.
    for it in items:
        if "browser" in it.keywords:
            if it.module.__name__.rsplit(".", 1)[-1] == "test_lite":
                group = "lite"
            elif {"lab_server", "lab_notebooks"} & set(getattr(it, "fixturenames", ())):
                group = "browser-lab"
            else:
                group = "browser-voila"
            it.add_marker(pytest.mark.xdist_group(group))


# -- servers ---------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def workspace(tmp_path_factory):
    """A temporary copy of notebooks/ (+ fixtures) and the isolated Jupyter environment."""
    tmp = tmp_path_factory.mktemp("browser")
    root, env = servers.make_workspace(tmp)
    return tmp, root, env


@pytest.fixture(scope="session")
def lab_server(workspace):
    _require_browser()
    tmp, root, env = workspace
    server = servers.start_lab(tmp, root=root, env=env)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voila_server(workspace):
    _require_browser()
    pytest.importorskip("voila", reason="voila is optional (pip install voila, or make test)")
    tmp, root, env = workspace
    if not (root / VOILA_NOTEBOOK).exists():
        pytest.skip(f"notebooks/{VOILA_NOTEBOOK} not written yet")
    server = servers.start_voila(tmp, VOILA_NOTEBOOK, root=root, env=env)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def notebook7_server(workspace):
    """Notebook 7 (``jupyter notebook``) on the same copy of notebooks/."""
    _require_browser()
    pytest.importorskip("notebook", minversion="7",
                        reason="Notebook 7 is optional (pip install 'notebook>=7', or make test)")
    tmp, root, env = workspace
    server = servers.start_notebook(tmp, root=root, env=env)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voila_tree(workspace):
    """Voilà serving the whole notebooks folder (``/voila/render/<notebook>``), configured as
    ``make present`` configures it."""
    _require_browser()
    pytest.importorskip("voila", reason="voila is optional (pip install voila, or make test)")
    tmp, root, env = workspace
    server = servers.start_voila(tmp, "", root=root, env=env)
    yield server
    server.stop()


# -- browser ---------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        b = servers.launch_chromium(pw)
    except Exception as e:
        pw.stop()
        _unavailable(f"cannot launch {servers.CHROMIUM}: {e}")
    yield b
    with contextlib.suppress(Exception):
        b.close()
    pw.stop()


def _new_page(browser):
    context = browser.new_context(viewport=dict(VIEWPORT), locale="en-US")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text[:300]))
    page.on("pageerror", lambda e: page.console_errors.append(f"pageerror: {e}"[:300]))
    return page


@pytest.fixture
def new_page(browser):
    """A factory of fresh pages (each in its own browser context), closed after the test."""
    made = []

    def make():
        page = _new_page(browser)
        made.append(page)
        return page

    yield make
    for page in made:
        with contextlib.suppress(Exception):
            page.context.close()


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# -- notebooks opened and run in JupyterLab, shared by the lab tests of one notebook ----------
class OpenNotebook:
    """A notebook opened in its own page, run with Run > Run All Cells."""

    def __init__(self, page, path: str, timings: dict, widgets: dict):
        self.page = page
        self.path = path
        self.timings = timings
        self.widgets = widgets
        self.touched = False  # set by tests that change widget values

    def problems(self) -> pages.NotebookProblems:
        return pages.lab_notebook_problems(self.page)


class LabNotebooks:
    """Opens notebooks in JupyterLab; keeps the last one open so the next test can reuse it
    (tests are ordered notebook by notebook). The next notebook opens in the same page, the one
    before closed and its kernel shut down: JupyterLab loads once, not once per notebook."""

    def __init__(self, browser, lab):
        self.browser, self.lab = browser, lab
        self.current: OpenNotebook | None = None

    def get(self, path: str, *, fresh: bool = False) -> OpenNotebook:
        cur = self.current
        if cur is not None and cur.path == path and not (fresh and cur.touched) and self._kernel_alive(path):
            return cur
        page = cur.page if cur is not None and not cur.page.is_closed() else None
        self.current = None
        try:
            if page is not None:
                page.console_errors.clear()
                timings = pages.switch_lab_notebook(page, self.lab, path)
            else:
                self.lab.shutdown_sessions()
                page = _new_page(self.browser)
                timings = pages.open_lab_notebook(page, self.lab, path)
            t0 = time.perf_counter()
            pages.run_all_cells(page)
            widgets = pages.wait_widgets_rendered(page)
            timings["run_all_to_widgets"] = time.perf_counter() - t0
        except Exception:
            with contextlib.suppress(Exception):
                page.screenshot(path=str(SCREENSHOTS / f"FAILED-open-{Path(path).stem}.png"))
            page.context.close()
            self.lab.shutdown_sessions()
            raise
        self.current = OpenNotebook(page, path, timings, widgets)
        return self.current

    def _kernel_alive(self, path: str) -> bool:
        """Whether the notebook's session still runs (another test may have shut every session
        down, e.g. to restart a kernel): a page whose kernel is gone is opened again."""
        try:
            sessions = self.lab.request("GET", "/api/sessions") or []
        except (OSError, ValueError):
            return False
        return any(Path(s.get("path") or s.get("notebook", {}).get("path", "")) == Path(path)
                   and (s.get("kernel") or {}).get("execution_state") != "dead" for s in sessions)

    def close(self):
        if self.current is not None:
            with contextlib.suppress(Exception):
                self.current.page.context.close()
            self.current = None
            self.lab.shutdown_sessions()


@pytest.fixture(scope="session")
def lab_notebooks(browser, lab_server, screenshots):
    nbs = LabNotebooks(browser, lab_server)
    yield nbs
    nbs.close()
