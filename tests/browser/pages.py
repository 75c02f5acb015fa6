"""Drive a notebook in JupyterLab (or a Voilà page) with Playwright's sync API.

Shared by the browser tests and ``benchmarks/browser.py``. Functions take a Playwright ``Page``
(or ``Locator``) and never import Playwright themselves, so this module imports anywhere.

DOM facts used (JupyterLab 4.6, ipywidgets 8.1): the kernel state is read from the status bar
(the toolbar can say idle while the status bar still says "Initializing"); an error output and a
stderr stream both render as ``.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.
stderr"]`` (there is no separate CSS class for tracebacks), so errors are also read from the
notebook model through ``window.jupyterapp`` (the server runs with
``--LabApp.expose_app_in_browser=True``); a widget output shows "Loading widget..." until its view
exists and "Error displaying widget[: model not found]" when it fails.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

__all__ = [
    "CJK_RE",
    "EXERCISE",
    "EXPLORER",
    "Exercise",
    "Explorer",
    "ExplorerNote",
    "LayoutWarning",
    "NotebookProblems",
    "axe_violations",
    "describe_violations",
    "exercise_explorer",
    "keyboard_buttons",
    "keyboard_case",
    "keyboard_mapping",
    "keyboard_number",
    "keyboard_use_value",
    "lab_notebook_problems",
    "layout_issues",
    "move_slider",
    "open_lab_notebook",
    "open_notebook7",
    "open_voila",
    "reveal_explorers",
    "run_all_cells",
    "screen_reader_problems",
    "screenshot_lab_notebook",
    "screenshot_voila_page",
    "wait_until",
    "wait_widgets_rendered",
]

CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
EXPLORER = ".rolecomp-explorer"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
STDERR_MIME = "application/vnd.jupyter.stderr"

KERNEL_IDLE_JS = r"""() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]
    .some(e => /\|\s*Idle/.test(e.textContent))"""

# All non-empty code cells have an execution count and the kernel is idle. The argument says
# whether to also wait for JupyterLab's status bar (Notebook 7 has none).
ALL_EXECUTED_JS = r"""(statusBar) => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.content || !panel.content.model) return false;
  const idle = !statusBar || [...document.querySelectorAll('.jp-StatusBar-TextItem')]
      .some(e => /\|\s*Idle/.test(e.textContent));
  if (!idle || (panel.sessionContext && panel.sessionContext.session &&
       panel.sessionContext.session.kernel &&
       panel.sessionContext.session.kernel.status !== 'idle')) return false;
  const cells = [...panel.content.model.cells];
  let ran = 0, stopped = false;
  for (const c of cells) {
    if (c.type !== 'code' || !c.sharedModel.getSource().trim()) continue;
    if (c.executionCount === null || c.executionCount === undefined) {
      // Run All stops at the first error: cells after an error never run.
      return stopped;
    }
    ran += 1;
    const outs = c.outputs.toJSON();
    if (outs.some(o => o.output_type === 'error')) stopped = true;
  }
  return true;
}"""

# Widget outputs that are not (yet) rendered, and those that failed. A widget output has no
# data-mime-type attribute: its node holds the text "Loading widget..." until the view is added
# (then a `.jupyter-widgets` child), or "Error displaying widget..." on failure.
WIDGETS_STATE_JS = r"""(root) => {
  const r = root ? document.querySelector(root) : document;
  if (!r) return {expected: null, rendered: 0, loading: ['no ' + root], errors: [], pendingImgs: 0};
  const loading = [], errors = [];
  for (const o of r.querySelectorAll('.jp-OutputArea-output')) {
    const t = (o.textContent || '').trim();
    if (/^Error displaying widget/.test(t) && !o.querySelector('.jupyter-widgets'))
      errors.push(t.slice(0, 200));
    else if (/^Loading widget\.\.\./.test(t) && !o.querySelector('.jupyter-widgets'))
      loading.push(t.slice(0, 200));
  }
  // how many widget views the notebook model says were displayed (JupyterLab only)
  let expected = null;
  const app = !root && window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (panel && panel.content && panel.content.model) {
    expected = 0;
    for (const c of panel.content.model.cells) {
      if (c.type !== 'code') continue;
      for (const o of c.outputs.toJSON()) {
        const d = o.data && o.data['application/vnd.jupyter.widget-view+json'];
        if (d && d.model_id) expected += 1;
      }
    }
  }
  const rendered = r.querySelectorAll(
      '.jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output > .jupyter-widgets'
    ).length;
  const imgs = [...r.querySelectorAll('.jupyter-widgets img, .jp-OutputArea-output img')];
  // hidden images are never shown (rolecomp's a11y helper is one that never loads, on purpose)
  const pendingImgs = imgs.filter(i => !i.hidden && i.src && !(i.complete && i.naturalWidth > 0)).length;
  return {expected, rendered, loading, errors, pendingImgs};
}"""

MODEL_ERRORS_JS = r"""() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.content.model) return null;
  const res = [];
  [...panel.content.model.cells].forEach((c, i) => {
    if (c.type !== 'code') return;
    for (const o of c.outputs.toJSON()) {
      if (o.output_type === 'error') res.push({cell: i, kind: 'error',
          text: o.ename + ': ' + o.evalue});
      else if (o.output_type === 'stream' && o.name === 'stderr' && o.text.trim())
        res.push({cell: i, kind: 'stderr', text: o.text.slice(0, 500)});
    }
  });
  return res;
}"""

DOM_STDERR_JS = r"""(root) => {
  root = root ? document.querySelector(root) : document;
  return [...root.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
    .map(e => (e.innerText || '').trim()).filter(t => t).map(t => t.slice(0, 500));
}"""


def wait_until(what: str, predicate, timeout: float, interval: float = 0.5) -> None:
    """Poll ``predicate()`` (server state, files: nothing in a page) every ``interval`` seconds
    until it is true; after ``timeout`` seconds fail with ``what`` (what is still not so)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"after {timeout:.0f} s: {what}")
        time.sleep(interval)


def _wait(page, js, arg=None, timeout=60_000, polling="raf"):
    return page.wait_for_function(js, arg=arg, timeout=timeout, polling=polling)


def open_lab_notebook(page, lab, notebook: str, timeout: float = 90_000) -> dict:
    """Open ``notebook`` (path relative to the server root) on a clean workspace; wait for idle.

    Returns timings in seconds: ``loaded`` (first cell shown) and ``idle`` (kernel idle).
    """
    t0 = time.perf_counter()
    url = f"{lab.url}/lab/tree/{quote(notebook)}?reset&token={lab.token}"
    page.goto(url, wait_until="domcontentloaded", timeout=timeout)
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=timeout)
    t_loaded = time.perf_counter() - t0
    _wait(page, KERNEL_IDLE_JS, timeout=timeout, polling=100)
    t_idle = time.perf_counter() - t0
    # A clean, wide notebook area: collapse the file browser side bar.
    page.evaluate("""() => { const a = window.jupyterapp;
        if (a && a.shell && !a.shell.leftCollapsed) a.shell.collapseLeft(); }""")
    return {"loaded": t_loaded, "idle": t_idle}


# The notebook at ``path`` is the current widget, shown, with its kernel idle and connected.
_OPENED_IDLE_JS = r"""(path) => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.context || panel.context.path !== path || !panel.node.querySelector('.jp-Cell')) return false;
  const ctx = panel.sessionContext, kernel = ctx && ctx.session && ctx.session.kernel;
  return !!(ctx.isReady && kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected');
}"""


def switch_lab_notebook(page, lab, notebook: str, timeout: float = 90_000) -> dict:
    """In a JupyterLab page already open, close what is open (its kernels shut down) and open
    ``notebook``: what :func:`open_lab_notebook` gives, without loading the application again
    (about 2.5 s a notebook on this machine). Returns the same timings."""
    t0 = time.perf_counter()
    page.evaluate("""() => { for (const w of Array.from(window.jupyterapp.shell.widgets('main'))) {
        if (w.context) w.context.model.dirty = false;  /* nothing to save: no dialog */
        w.dispose(); } }""")
    lab.shutdown_sessions()
    page.evaluate("(p) => { window.jupyterapp.commands.execute('docmanager:open', {path: p}); }", notebook)
    page.wait_for_function("""(p) => { const w = window.jupyterapp.shell.currentWidget;
        return !!(w && w.context && w.context.path === p && w.node.querySelector('.jp-Cell')); }""",
                           arg=notebook, timeout=timeout, polling=100)
    t_loaded = time.perf_counter() - t0
    _wait(page, _OPENED_IDLE_JS, arg=notebook, timeout=timeout, polling=100)
    _wait(page, KERNEL_IDLE_JS, timeout=timeout, polling=100)  # Run All reads the status bar
    return {"loaded": t_loaded, "idle": time.perf_counter() - t0}


def scroll_to_code_cell(page, text: str, timeout: float = 90_000) -> None:
    """Scroll JupyterLab's current notebook to the first code cell whose source contains ``text``.

    JupyterLab 4 skips the rendering of cells out of view (windowing mode "contentVisibility"),
    so after a page load an output far down is in the DOM but not shown until it is scrolled to.
    """
    find = """(t) => { const p = window.jupyterapp && window.jupyterapp.shell.currentWidget;
        return p && p.content && p.content.widgets ? p.content.widgets.find(
            c => c.model.type === 'code' && c.model.sharedModel.getSource().includes(t)) : null; }"""
    page.wait_for_function(f"(t) => !!({find})(t)", arg=text, timeout=timeout, polling=100)
    page.evaluate(f"async (t) => {{ const c = ({find})(t); await window.jupyterapp.shell.currentWidget.content"
                  f".scrollToCell(c, 'center'); }}", text)


def run_all_cells(page, timeout: float = 180_000, *, status_bar: bool = True) -> None:
    """Run > Run All Cells from the menu bar; wait until every cell ran and the kernel is idle.

    The same menu in JupyterLab and Notebook 7; ``status_bar=False`` for Notebook 7, which has
    no status bar (its kernel state is read from the session).
    """
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    _wait(page, ALL_EXECUTED_JS, arg=status_bar, timeout=timeout, polling=100)


# Notebook 7: the notebook's kernel, read from its session (there is no status bar).
SESSION_IDLE_JS = r"""() => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  const ctx = panel && panel.sessionContext;
  const kernel = ctx && ctx.session && ctx.session.kernel;
  return !!(ctx && ctx.isReady && kernel && kernel.status === 'idle' &&
            kernel.connectionStatus === 'connected');
}"""


def open_notebook7(page, server, notebook: str, timeout: float = 90_000) -> dict:
    """Open ``notebook`` in Notebook 7 (``/notebooks/<path>``); wait until its kernel is idle.

    Returns timings in seconds: ``loaded`` (first cell shown) and ``idle`` (kernel idle).
    """
    t0 = time.perf_counter()
    page.goto(f"{server.url}/notebooks/{quote(notebook)}?token={server.token}",
              wait_until="domcontentloaded", timeout=timeout)
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=timeout)
    t_loaded = time.perf_counter() - t0
    _wait(page, SESSION_IDLE_JS, timeout=timeout, polling=100)
    return {"loaded": t_loaded, "idle": time.perf_counter() - t0}


def wait_widgets_rendered(page, root: str | None = None, timeout: float = 60_000) -> dict:
    """Wait until no widget output says "Loading widget..." and every image has loaded.

    In JupyterLab also wait until as many widget views are in the DOM as the notebook model has
    widget outputs. Returns the final state ``{expected, rendered, loading, errors,
    pendingImgs}``; a timeout is not raised: the caller asserts on the returned state.
    """
    try:
        _wait(page, "(root) => { const s = (" + WIDGETS_STATE_JS + ")(root);"
              " return s.loading.length === 0 && s.pendingImgs === 0"
              " && (s.expected === null || s.rendered >= s.expected); }",
              arg=root, timeout=timeout, polling=100)
    except Exception:  # timeout: report what is stuck instead of a bare timeout
        pass
    return page.evaluate(WIDGETS_STATE_JS, root)


@dataclass
class NotebookProblems:
    """What a learner would see as broken; falsy when nothing is."""

    errors: list = field(default_factory=list)  # error outputs in the notebook model
    stderr: list = field(default_factory=list)  # non-empty stderr outputs in the DOM
    widget_errors: list = field(default_factory=list)  # "Error displaying widget..."
    widget_loading: list = field(default_factory=list)  # stuck at "Loading widget..."
    widget_missing: str = ""  # fewer widget views in the DOM than widget outputs in the model
    log_console: str = ""  # JupyterLab's log console indicator (widget callback errors)

    def __bool__(self):
        return any(getattr(self, f) for f in self.__dataclass_fields__)

    def describe(self) -> str:
        parts = []
        for name in self.__dataclass_fields__:
            items = getattr(self, name)
            if isinstance(items, str):
                items = [items] if items else []
            if items:
                parts.append(f"{name}:\n  " + "\n  ".join(str(i) for i in items))
        return "\n".join(parts)


LOG_CONSOLE_JS = r"""() => {
  const e = document.querySelector('.jp-LogConsoleStatusItem');
  return e && !e.classList.contains('lm-mod-hidden') ? (e.innerText || '').trim() || 'shown' : '';
}"""


def lab_notebook_problems(page, root: str | None = None) -> NotebookProblems:
    """Error outputs, stderr, widget failures and log-console messages on the current page."""
    state = page.evaluate(WIDGETS_STATE_JS, root)
    model = page.evaluate(MODEL_ERRORS_JS)
    missing = ""
    if state["expected"] is not None and state["rendered"] < state["expected"]:
        missing = f"{state['rendered']} widget views rendered of {state['expected']} displayed"
    return NotebookProblems(
        errors=[f"cell {m['cell']}: {m['text']}" for m in (model or []) if m["kind"] == "error"],
        stderr=page.evaluate(DOM_STDERR_JS, root),
        widget_errors=state["errors"],
        widget_loading=state["loading"],
        widget_missing=missing,
        log_console=page.evaluate(LOG_CONSOLE_JS),
    )


def screenshot_lab_notebook(page, path: Path, max_height: int = 16000) -> None:
    """Screenshot the whole notebook: scroll it to the top and grow the viewport to its height.

    JupyterLab scrolls inside the notebook panel, not the page, so ``full_page=True`` alone
    would only capture the visible part.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    vp = page.viewport_size or {"width": 1280, "height": 900}
    page.mouse.move(0, 0)  # no hover effects (heading anchors, toolbars) in the picture
    # content height = bottom of the last cell, measured from the top of the scrolled content
    extra = page.evaluate("""() => {
        const s = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
        const cells = document.querySelectorAll('.jp-NotebookPanel .jp-Cell');
        if (!s || !cells.length) return 0;
        const bottom = cells[cells.length - 1].getBoundingClientRect().bottom
                       - s.getBoundingClientRect().top + s.scrollTop;
        s.scrollTop = 0;
        return Math.max(0, bottom + 24 - s.clientHeight); }""")
    height = min(max_height, vp["height"] + int(extra))
    page.set_viewport_size({"width": vp["width"], "height": height})
    try:
        page.wait_for_timeout(300)  # let lumino re-layout after the resize
        page.evaluate("""() => { const s = document.querySelector(
            '.jp-NotebookPanel .jp-WindowedPanel-outer'); if (s) s.scrollTop = 0; }""")
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(vp)


def screenshot_voila_page(page, path: Path, max_height: int = 16000) -> None:
    """Screenshot a whole Voilà page. Voilà's lab template scrolls inside ``#rendered_cells``
    (the body does not scroll), so grow the viewport to that element's scroll height."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    vp = page.viewport_size or {"width": 1280, "height": 900}
    page.mouse.move(0, 0)
    extra = page.evaluate("""() => {
        const cands = [document.querySelector('#rendered_cells'),
                       ...document.querySelectorAll('body *')].filter(Boolean);
        let best = 0;
        for (const e of cands) {
            const st = getComputedStyle(e).overflowY;
            if (st === 'auto' || st === 'scroll') {
                best = Math.max(best, e.scrollHeight - e.clientHeight);
                e.scrollTop = 0;
            }
        }
        return best; }""")
    height = min(max_height, vp["height"] + int(extra))
    page.set_viewport_size({"width": vp["width"], "height": height})
    try:
        page.wait_for_timeout(300)
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(vp)


def open_voila(page, voila, timeout: float = 120_000, *, path: str = "/") -> float:
    """Open the Voilà page (``path``: ``/voila/render/<nb>`` when Voilà serves a folder); wait
    until its explorers' widgets are rendered. Returns seconds."""
    t0 = time.perf_counter()
    page.goto(voila.api_url(path), wait_until="domcontentloaded", timeout=timeout)  # with the token
    page.wait_for_selector(f"{EXPLORER} .rolecomp-chart", state="visible", timeout=timeout)
    wait_widgets_rendered(page, timeout=timeout)
    return time.perf_counter() - t0


# ------------------------------------------------------------------------------------------
# One explorer on the page


def _text(locator) -> str:
    return locator.evaluate("e => (e.innerText || e.textContent || '').trim()")


class Explorer:
    """Actions and readings on one ``.rolecomp-explorer`` element (a Playwright Locator)."""

    def __init__(self, locator):
        self.loc = locator
        self.page = locator.page

    # -- readings --------------------------------------------------------------------------
    @property
    def css_name(self) -> str:
        classes = self.loc.get_attribute("class") or ""
        names = [c for c in classes.split() if c.startswith("rolecomp-") and c != "rolecomp-explorer"]
        return names[0] if names else "rolecomp-explorer"

    def state(self) -> dict:
        """Chart srcs, sentence, note, slider labels/readouts, reset text and language."""
        return self.loc.evaluate(STATE_JS)

    def slider_handles(self):
        return self.loc.locator(".widget-slider .noUi-handle")

    # -- waits -----------------------------------------------------------------------------
    def wait_state(self, predicate_js: str, arg=None, timeout: float = 15_000):
        """Wait (polling each animation frame) until ``predicate_js(state, arg)`` is truthy."""
        handle = self.loc.element_handle()
        js = f"([el, arg]) => {{ const s = ({STATE_JS})(el); return ({predicate_js})(s, arg); }}"
        self.page.wait_for_function(js, arg=[handle, arg], timeout=timeout, polling="raf")
        return self.state()

    def wait_chart_changed(self, old_srcs: list, timeout: float = 15_000) -> dict:
        return self.wait_state(
            "(s, old) => s.charts.length > 0 && s.charts.join('|') !== old.join('|')"
            " && s.chartsLoaded", old_srcs, timeout)

    def settle(self, action=None, *, quiet_ms: int = 250, timeout: float = 20_000) -> dict:
        """Run ``action()`` (a click, a key press) and wait until its effect is over; return the
        explorer's state.

        "Over" means: every widget message the page sent to the kernel from now on has been
        answered by the kernel's "idle" status for that message (the kernel's ``anyMessage``
        signal, matched by ``msg_id``, in JupyterLab and in Voilà), no new message for 150 ms,
        and then the explorer unchanged for ``quiet_ms`` with its charts loaded (widget state
        arriving from the kernel is applied asynchronously). Without access to the kernel only
        the quiet period is used, four times longer.
        """
        armed = self.page.evaluate(ARM_KERNEL_JS)
        if action is not None:
            action()
        if armed and action is not None:
            self.page.wait_for_function(KERNEL_DONE_JS, timeout=timeout, polling=50)
        if armed:
            self.page.evaluate("() => window.__rcKernel.disconnect()")
        quiet = quiet_ms if armed else 4 * quiet_ms
        handle = self.loc.element_handle()
        js = f"""([el, ms]) => {{
            const s = ({STATE_JS})(el);
            const key = JSON.stringify([s.charts, s.sentence, s.readouts, s.labels, s.note]);
            const q = el.__rcQuiet || (el.__rcQuiet = {{key: null, t: 0}});
            const now = performance.now();
            if (key !== q.key) {{ q.key = key; q.t = now; return false; }}
            return s.chartsLoaded && now - q.t >= ms; }}"""
        self.page.wait_for_function(js, arg=[handle, quiet], timeout=timeout, polling="raf")
        self.loc.evaluate("el => { delete el.__rcQuiet; }")
        return self.state()

    # -- actions ---------------------------------------------------------------------------
    def set_language(self, label: str, timeout: float = 20_000) -> dict:
        """Click the language button ``label`` ("English" or "中文") unless already selected;
        wait until the explorer has settled."""
        btn = self.loc.locator(".rolecomp-lang button", has_text=label).first
        if "mod-active" in (btn.get_attribute("class") or ""):
            return self.state()
        return self.settle(btn.click, timeout=timeout)

    def nudge_first_slider(self, *, tries: int = 5, timeout: float = 15_000) -> dict:
        """Press ArrowRight on the first slider (ArrowLeft at the top end) until the chart AND
        the sentence have changed; return ``{before, after, presses, key}``.

        Raises AssertionError with the details if they do not change.
        """
        handle = self.slider_handles().first
        before = self.state()
        key = "ArrowRight"
        current = before
        for n in range(1, tries + 1):
            readout_before = current["readouts"][0] if current["readouts"] else None
            handle.focus()
            handle.press(key)
            # the readout changes in the browser at once; if not, the slider is at its end
            try:
                self.wait_state("(s, r) => s.readouts[0] !== r", readout_before, timeout=1_500)
            except Exception:
                if key == "ArrowRight":
                    key = "ArrowLeft"
                    continue
                raise AssertionError(
                    f"{self.css_name}: first slider does not move with ArrowRight/ArrowLeft "
                    f"(readout stays {readout_before!r})") from None
            current = self.wait_chart_changed(current["charts"], timeout)
            if current["sentence"] != before["sentence"]:
                return {"before": before, "after": current, "presses": n, "key": key}
        raise AssertionError(
            f"{self.css_name}: after {tries} presses of {key} on the first slider "
            f"(readout {before['readouts'][:1]} -> {current['readouts'][:1]}) the sentence did "
            f"not change: {before['sentence']!r}")

    def drag_first_slider(self, dx: int = 40, *, timeout: float = 15_000) -> dict:
        """Drag the first slider's handle ``dx`` pixels with the mouse (back the other way if
        it is at its end); wait until the chart has changed; return ``{before, after}``."""
        handle = self.slider_handles().first
        handle.scroll_into_view_if_needed()
        before = self.state()
        last = None
        for step in (dx, -dx):
            box = handle.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            self.page.mouse.move(x, y)
            self.page.mouse.down()
            self.page.mouse.move(x + step / 2, y, steps=4)
            self.page.mouse.move(x + step, y, steps=4)
            self.page.mouse.up()
            try:
                after = self.wait_chart_changed(before["charts"], timeout)
                return {"before": before, "after": after}
            except Exception as e:  # at the end of its range: try the other way
                last = e
        raise AssertionError(f"{self.css_name}: dragging the first slider by ±{dx} px did not "
                             f"change the chart ({type(last).__name__}); readouts "
                             f"{before['readouts'][:1]} -> {self.state()['readouts'][:1]}")

    def number_boxes(self):
        """The number boxes beside the sliders (``.rolecomp-number input``)."""
        return self.loc.locator(".rolecomp-number input")

    def type_number(self, index: int, text: str, *, timeout: float = 15_000) -> dict:
        """With the keyboard only: focus number box ``index``, select its text, type ``text``
        and press Enter; wait until the explorer has settled; return its state."""
        box = self.number_boxes().nth(index)
        box.focus()
        box.press("Control+a")

        def act():
            box.press_sequentially(text)
            box.press("Enter")

        return self.settle(act, timeout=timeout)

    def nudge_preset(self, *, tries: int = 4, timeout: float = 15_000) -> dict:
        """For explorers without a slider: pick other presets (``.rolecomp-preset``) until the
        chart AND the sentence have changed; return ``{before, after, presses, key}``."""
        select = self.loc.locator(".rolecomp-preset select").first
        before = self.state()
        options = select.evaluate(
            "s => [...s.options].map(o => ({value: o.value, label: o.textContent.trim(),"
            " selected: o.selected}))")
        # "Custom" (value "") is where the menu shows that no preset matches: choosing it changes nothing
        candidates = [o for o in options if not o["selected"] and o["value"]][:tries]
        current = before
        for n, opt in enumerate(candidates, 1):
            # until the kernel has answered and the page is quiet: a preset equal to the values
            # shown changes nothing, and waiting for a change would only time out
            previous = current
            current = self.settle(lambda v=opt["value"]: select.select_option(value=v), timeout=timeout)
            if not current["chartsLoaded"] or current["charts"] == previous["charts"]:
                continue
            if current["sentence"] != before["sentence"]:
                return {"before": before, "after": current, "presses": n,
                        "key": f"preset {opt['label']!r}"}
        raise AssertionError(
            f"{self.css_name}: no slider, and choosing presets "
            f"{[o['label'] for o in candidates]} did not change both chart and sentence")

    def screenshot(self, path, margin: int = 120) -> None:
        """Screenshot the explorer; grow the viewport first if the explorer is taller (inside
        JupyterLab's own scroll panel an element taller than the window is cut off)."""
        vp = self.page.viewport_size or {"width": 1280, "height": 900}
        box = self.loc.bounding_box()
        grow = box is not None and box["height"] + margin > vp["height"]
        if grow:
            self.page.set_viewport_size(
                {"width": vp["width"], "height": min(16000, int(box["height"]) + 2 * margin)})
        try:
            self.page.mouse.move(0, 0)
            self.loc.scroll_into_view_if_needed()
            self.loc.screenshot(path=str(path))
        finally:
            if grow:
                self.page.set_viewport_size(vp)

    def click_reset(self, timeout: float = 20_000) -> dict:
        """Click Reset and wait until the explorer has settled; return its state."""
        return self.settle(self.loc.locator(".rolecomp-reset").first.click, timeout=timeout)


# From now on, note every comm message the page sends to the kernel and the kernel's "idle"
# status answering it (parent msg_id). The kernel: Voilà's widget manager, or the current
# notebook panel's session in JupyterLab. Returns false when there is no kernel to watch.
ARM_KERNEL_JS = r"""() => {
  const app = window.jupyterapp;
  if (!app) return false;
  let kernel = app.widgetManager && app.widgetManager.kernel;
  if (!kernel) {
    const panel = app.shell && app.shell.currentWidget;
    const session = panel && panel.sessionContext && panel.sessionContext.session;
    kernel = session && session.kernel;
  }
  if (!kernel || !kernel.anyMessage) return false;
  if (window.__rcKernel) window.__rcKernel.disconnect();
  const c = window.__rcKernel = {sent: new Set(), pending: new Set(), last: performance.now()};
  const f = (_, args) => {
    const m = args.msg;
    if (args.direction === 'send' && m.header.msg_type === 'comm_msg') {
      c.sent.add(m.header.msg_id); c.pending.add(m.header.msg_id); c.last = performance.now();
    } else if (args.direction === 'recv' && m.header.msg_type === 'status' &&
               m.content.execution_state === 'idle' && m.parent_header &&
               c.pending.delete(m.parent_header.msg_id)) {
      c.last = performance.now();
    }
  };
  kernel.anyMessage.connect(f);
  c.disconnect = () => { try { kernel.anyMessage.disconnect(f); } catch (e) {} };
  return true;
}"""

KERNEL_DONE_JS = r"""() => { const c = window.__rcKernel;
  return c.sent.size > 0 && c.pending.size === 0 && performance.now() - c.last > 150; }"""

STATE_JS = r"""(el) => {
  const txt = e => e ? (e.innerText || e.textContent || '').trim() : '';
  const imgs = [...el.querySelectorAll('.rolecomp-chart')].map(
      c => c.tagName === 'IMG' ? c : c.querySelector('img')).filter(Boolean);
  const sliders = [...el.querySelectorAll('.widget-slider')];
  const active = el.querySelector('.rolecomp-lang button.mod-active');
  return {
    charts: imgs.map(i => i.src),
    chartsLoaded: imgs.every(i => i.complete && i.naturalWidth > 0),
    chartSizes: imgs.map(i => [i.naturalWidth, i.naturalHeight, i.clientWidth, i.clientHeight]),
    sentence: txt(el.querySelector('.rolecomp-sentence')),
    note: txt(el.querySelector('.rolecomp-note')),
    labels: sliders.map(s => txt(s.querySelector('.widget-label'))),
    // a slider's value as shown: its readout, or the number box beside it (.rolecomp-number)
    readouts: sliders.map(s => {
      const pair = s.closest('.rolecomp-control');
      const box = pair && pair.querySelector('.rolecomp-number input');
      if (box) return box.value;
      const r = s.querySelector('.widget-readout');
      return r ? (r.value !== undefined && r.tagName === 'INPUT' ? r.value : txt(r)) : ''; }),
    reset: txt(el.querySelector('.rolecomp-reset')),
    language: txt(active),
    allText: txt(el),
  };
}"""


# ------------------------------------------------------------------------------------------
# The explorer checks shared by the JupyterLab and Voilà tests


def _short(state: dict) -> dict:
    return {k: (v if k != "charts" else [c[:60] for c in v])
            for k, v in state.items() if k != "allText"}


class LayoutWarning(UserWarning):
    """Something a person would see as wrong, although the explorer works."""


class ExplorerNote(UserWarning):
    """An observation on an explorer's behaviour that is not a failure."""


LAYOUT_JS = r"""(el) => {
  const box = el.closest('.jp-OutputArea-output') || document.body;
  const b = box.getBoundingClientRect();
  const charts = [...el.querySelectorAll('.rolecomp-chart')].map(c => {
    const i = c.tagName === 'IMG' ? c : c.querySelector('img');
    const r = i.getBoundingClientRect();
    return {right: r.right, boxRight: b.right, w: r.width, h: r.height,
            nw: i.naturalWidth, nh: i.naturalHeight};
  });
  const e = el.getBoundingClientRect();
  // a number box's label is its accessible name, at zero width on purpose (the slider's
  // label beside it is the visible one)
  const labels = [...el.querySelectorAll('.widget-label, .widget-label-basic')]
    .filter(l => l.offsetParent !== null && (l.textContent || '').trim() && !l.closest('.rolecomp-number'))
    .map(l => { const r = l.getBoundingClientRect();
      return {text: l.textContent.trim(), truncated: l.scrollWidth > l.clientWidth + 1,
              outside: r.left < e.left - 1}; });
  return {charts, labels, scroll: box.scrollWidth > box.clientWidth + 1,
          wider: e.right > b.right + 2};
}"""


def layout_issues(explorer: Explorer) -> list[str]:
    """What a person would see as wrong: a chart cut off or blown up, the explorer wider than
    its output area, control labels cut short with an ellipsis."""
    info = explorer.loc.evaluate(LAYOUT_JS)
    name = explorer.css_name
    issues = []
    if info["scroll"] or info["wider"]:
        issues.append(f"{name}: wider than its output area (cut off / horizontal scroll bar)")
    for n, c in enumerate(info["charts"]):
        where = f"{name} chart {n}"
        if c["right"] > c["boxRight"] + 2:
            issues.append(f"{where}: runs past the right edge of its output area (cut off)")
        if c["w"] < 50 or c["h"] < 50:
            issues.append(f"{where}: shown at {c['w']:.0f}x{c['h']:.0f} px (too small)")
        if c["nw"] and c["w"] > 1.6 * c["nw"]:
            issues.append(f"{where}: a {c['nw']}x{c['nh']} px image stretched to "
                          f"{c['w']:.0f}x{c['h']:.0f} (blurry)")
    cut = [lab["text"] for lab in info["labels"] if lab["truncated"]]
    if cut:
        issues.append(f"{name}: {len(cut)} control labels cut short with '…' (the full text "
                      f"is only in a tooltip): {cut}")
    outside = [lab["text"] for lab in info["labels"] if lab["outside"]]
    if outside:
        issues.append(f"{name}: labels sticking out on the left of the explorer: {outside}")
    return issues


def exercise_explorer(explorer: Explorer, shot_prefix: Path | None = None,
                      timeout: float = 20_000, notes: list | None = None) -> list[str]:
    """Language, slider and Reset checks on one explorer, with en/zh screenshots.

    1. English: a sentence and a loaded chart, no Chinese in the sentence or slider labels;
       screenshot ``<shot_prefix>-en.png`` (the explorer as the notebook left it).
    2. 中文: the sentence, every slider label and Reset turn Chinese, the chart is redrawn;
       screenshot ``-zh.png``. English again: the very same sentence as in 1.
    3. Reset: the starting values (the notebook may have moved the explorer after displaying
       it, with ``ex.set`` or ``load_preset``; if so a note says so). The first slider's handle
       focused + ArrowRight (ArrowLeft at the top; without a slider: another preset) changes
       chart AND sentence. Reset gives exactly the starting state again.

    Returns the failures as readable strings (empty: the explorer behaves); observations that
    are not failures go to ``notes``.
    """
    name = explorer.css_name
    fails: list[str] = []
    notes = notes if notes is not None else []

    def wait(pred: str, arg, what: str):
        try:
            return explorer.wait_state(pred, arg, timeout)
        except Exception:  # Playwright timeout: say what was expected and what is there
            fails.append(f"{name}: {what}; state now: {_short(explorer.state())}")
            return None

    def attempt(what: str, fn):
        try:
            return fn()
        except AssertionError as e:
            fails.append(str(e))
        except Exception as e:  # Playwright timeout: the kernel never answered, etc.
            first = (str(e).splitlines() or [""])[0]
            fails.append(f"{name}: {what}: {type(e).__name__}: {first}; "
                         f"state now: {_short(explorer.state())}")
        return None

    # 0. an uncommitted prediction above keeps the explorer blurred: these checks are about the
    #    explorer, so show it ("Show the explorer now" on those predictions)
    reveal_explorers(explorer.page)
    # 1. English, as the notebook left it
    explorer.loc.scroll_into_view_if_needed()
    shown = attempt("switching to English", lambda: explorer.set_language("English"))
    if shown is None:
        return fails
    if not shown["sentence"] or not shown["charts"] or not shown["chartsLoaded"]:
        fails.append(f"{name}: in English: expected a sentence and a loaded chart; "
                     f"state: {_short(shown)}")
        return fails
    if CJK_RE.search(shown["sentence"]):
        fails.append(f"{name}: Chinese sentence in English mode: {shown['sentence']!r}")
    cjk_labels = [lab for lab in shown["labels"] if CJK_RE.search(lab)]
    if cjk_labels:
        fails.append(f"{name}: Chinese slider labels in English mode: {cjk_labels}")
    if shot_prefix is not None:
        explorer.screenshot(f"{shot_prefix}-en.png")

    # 2. 中文: sentence, slider labels, Reset button and chart; then back to English
    zh = attempt("switching to 中文", lambda: explorer.set_language("中文"))
    if zh is None:
        return fails
    if not CJK_RE.search(zh["sentence"]) or zh["sentence"] == shown["sentence"]:
        fails.append(f"{name}: 中文: the sentence did not turn Chinese: {zh['sentence']!r}")
    not_zh = [lab for lab in zh["labels"] if lab and not CJK_RE.search(lab)]
    if not_zh:
        fails.append(f"{name}: 中文: slider labels not in Chinese: {not_zh}")
    if not CJK_RE.search(zh["reset"]):
        fails.append(f"{name}: 中文: Reset button not translated: {zh['reset']!r}")
    if zh["charts"] == shown["charts"]:
        fails.append(f"{name}: 中文: the chart was not redrawn (same image src)")
    if shot_prefix is not None:
        explorer.screenshot(f"{shot_prefix}-zh.png")
    back = attempt("switching back to English", lambda: explorer.set_language("English"))
    if back is None:
        return fails
    if back["sentence"] != shown["sentence"]:
        fails.append(f"{name}: English again: sentence {back['sentence']!r}, expected the "
                     f"first one {shown['sentence']!r}")

    # 3. Reset -> starting state; slider (or preset) -> chart and sentence change; Reset again
    st0 = attempt("clicking Reset", explorer.click_reset)
    if st0 is None:
        return fails
    if st0["sentence"] != shown["sentence"]:
        notes.append(f"{name}: Reset does not return to the state the notebook displayed "
                     f"(the notebook changed the explorer after showing it): shown "
                     f"{shown['sentence']!r} / {shown['readouts']}, after Reset "
                     f"{st0['sentence']!r} / {st0['readouts']}")
    has_slider = explorer.slider_handles().count() > 0
    has_preset = explorer.loc.locator(".rolecomp-preset select").count() > 0
    if not (has_slider or has_preset):
        fails.append(f"{name}: neither a slider (.widget-slider .noUi-handle) nor a preset")
        return fails
    attempt("changing the first slider (or preset): the chart did not change",
            lambda: explorer.nudge_first_slider(timeout=timeout) if has_slider
            else explorer.nudge_preset(timeout=timeout))
    if attempt("clicking Reset again", explorer.click_reset) is None:
        return fails
    wait("(s, o) => s.sentence === o.sentence && s.readouts.join() === o.readouts.join()",
         {"sentence": st0["sentence"], "readouts": st0["readouts"]},
         f"Reset after a change: expected the starting sentence {st0['sentence']!r} and "
         f"readouts {st0['readouts']}")
    return fails


# ------------------------------------------------------------------------------------------
# Exercises (rolecomp.exercise): answered with the keyboard alone

EXERCISE = ".rolecomp-exercise"

ACTIVE_JS = r"""() => { const e = document.activeElement;
  const ex = e && e.closest && e.closest('.rolecomp-exercise');
  return {tag: e ? e.tagName : null, type: e && e.type || null,
          text: e ? (e.value !== undefined && e.tagName !== 'BUTTON' ? e.value : (e.innerText || ''))
                       .trim().slice(0, 80) : '',
          classes: e && e.closest('.jupyter-widgets') ? e.closest('.jupyter-widgets').className : '',
          exercise: ex ? [...ex.classList].find(c => /^rolecomp-ex-/.test(c)) || '' : ''}; }"""


class Exercise:
    """One ``.rolecomp-exercise`` on the page, driven by key presses."""

    def __init__(self, page, exercise_id: str):
        self.page = page
        self.id = exercise_id
        self.selector = f".rolecomp-ex-{exercise_id}"
        self.loc = page.locator(self.selector)

    def active(self) -> dict:
        """What has the keyboard focus: tag, type, text, widget classes, and which exercise."""
        return self.page.evaluate(ACTIVE_JS)

    def feedback(self) -> str:
        return _text(self.loc.locator(".rolecomp-feedback"))

    def text(self) -> str:
        return _text(self.loc)

    def focus(self, selector: str, nth: int = 0) -> dict:
        """Put the keyboard focus on a control of the exercise, as Tab from the cell before it
        would (inside JupyterLab, Tab in a code editor indents instead of moving on)."""
        self.loc.scroll_into_view_if_needed()
        self.loc.locator(selector).nth(nth).focus()
        return self.active()

    def tab_to(self, js_predicate: str, max_presses: int = 12, key: str = "Tab") -> int:
        """Press Tab until the focused element satisfies ``js_predicate(activeElement)``; return the
        number of presses. Raises AssertionError if it is not reached."""
        check = f"() => {{ const e = document.activeElement; return !!e && ({js_predicate})(e); }}"
        for n in range(max_presses + 1):
            if self.page.evaluate(check):
                return n
            self.page.keyboard.press(key)
        raise AssertionError(f"{self.id}: not reached with {max_presses} x {key}; focus on {self.active()}")

    def enter(self, start: str, selector: str) -> None:
        """Bring the focus into the exercise: ``"tab"`` presses Tab from wherever it is, ``"focus"``
        focuses its first ``selector`` control (as Tab from the cell above would)."""
        if start == "tab":
            self.tab_into()
        else:
            self.focus(selector)

    def tab_into(self, max_presses: int = 400) -> int:
        """From wherever the focus is, press Tab until it is inside this exercise."""
        cls = self.selector[1:]
        return self.tab_to(f"e => !!e.closest('.{cls}')", max_presses)

    def wait_feedback(self, pattern: str, timeout: float = 20_000) -> str:
        """Wait until the feedback matches the regular expression ``pattern``; return it."""
        try:
            self.page.wait_for_function(
                "([sel, pat]) => { const f = document.querySelector(sel + ' .rolecomp-feedback');"
                " return !!f && new RegExp(pat).test(f.innerText || ''); }",
                arg=[self.selector, pattern], timeout=timeout, polling=100)
        except Exception as exc:
            raise AssertionError(f"{self.id}: feedback never matched {pattern!r}; the exercise shows: "
                                 f"{self.text()!r}; focus on {self.active()}") from exc
        return self.feedback()

    def wait_enabled(self, selector: str = ".rolecomp-check", timeout: float = 10_000) -> None:
        self.page.wait_for_function(
            "(sel) => { const b = document.querySelector(sel); return !!b && !b.disabled; }",
            arg=f"{self.selector} {selector}", timeout=timeout, polling=50)

    def screenshot(self, path) -> None:
        self.page.mouse.move(0, 0)
        self.loc.scroll_into_view_if_needed()
        self.loc.screenshot(path=str(path))


def _is_button(label: str) -> str:
    return (f"e => e.tagName === 'BUTTON' && !!e.closest('.rolecomp-choice')"
            f" && (e.innerText || '').trim().replace(/^\\u2713\\s*/, '') === {label!r}")


def _nth(selector: str, n: int) -> str:
    return f"e => [...document.querySelectorAll({selector!r})].indexOf(e) === {n}"


def _enter_check(ex: Exercise) -> None:
    """Tab to Check once it is enabled (a disabled button is skipped by Tab), press Enter."""
    ex.wait_enabled()
    ex.tab_to("e => e.tagName === 'BUTTON' && e.classList.contains('rolecomp-check')")
    ex.page.keyboard.press("Enter")


def keyboard_buttons(ex: Exercise, label: str, reason: str | None = None, *, start: str = "focus") -> None:
    """A choice or a role: Space on the option, the reason typed (a prediction), Enter on Check."""
    ex.enter(start, ".rolecomp-choice button")
    ex.tab_to(_is_button(label))
    ex.page.keyboard.press("Space")
    if reason is not None:
        ex.tab_to("e => e.tagName === 'INPUT' && !!e.closest('.rolecomp-reason')")
        ex.page.keyboard.type(reason)
    _enter_check(ex)


def keyboard_number(ex: Exercise, text: str, *, start: str = "focus") -> None:
    """A number: typed in the box, Enter."""
    ex.enter(start, ".rolecomp-number input")
    ex.tab_to("e => e.tagName === 'INPUT' && !!e.closest('.rolecomp-number')")
    ex.page.keyboard.type(text)
    ex.page.keyboard.press("Enter")


def keyboard_use_value(ex: Exercise, value_text: str, *, start: str = "focus") -> None:
    """A slider target: Enter on "Use the explorer's value" (once it shows ``value_text``), then Check."""
    ex.page.wait_for_function(
        "([sel, v]) => { const b = document.querySelector(sel + ' .rolecomp-use-value');"
        " return !!b && !b.disabled && (b.innerText || '').includes(v); }",
        arg=[ex.selector, value_text], timeout=20_000, polling=100)
    ex.enter(start, ".rolecomp-number input")
    ex.tab_to("e => e.tagName === 'BUTTON' && e.classList.contains('rolecomp-use-value')")
    ex.page.keyboard.press("Enter")
    ex.page.wait_for_function(
        "([sel, v]) => { const i = document.querySelector(sel + ' .rolecomp-number input');"
        " return !!i && i.value.replace(/\\s/g, '') === v.replace(/\\s/g, ''); }",
        arg=[ex.selector, value_text], timeout=10_000, polling=50)
    _enter_check(ex)


def keyboard_mapping(ex: Exercise, labels: list[str], *, start: str = "focus") -> None:
    """A mapping: in each row, Tab to the role ``labels[row]`` and press Space; then Check."""
    ex.enter(start, ".rolecomp-mapping button")
    rows = f"{ex.selector} .rolecomp-mapping-row"
    for n, label in enumerate(labels):
        ex.tab_to(f"e => e.tagName === 'BUTTON' && e.closest('.rolecomp-mapping-row') === "
                  f"document.querySelectorAll({rows!r})[{n}] && (e.innerText || '').trim()"
                  f".replace(/^\\u2713\\s*/, '') === {label!r}")
        ex.page.keyboard.press("Space")
    _enter_check(ex)


def keyboard_case(ex: Exercise, label: str, evidence: int, *, start: str = "focus") -> None:
    """A case: Space on the choice, Space on the ``evidence``-th passage, then Check."""
    ex.enter(start, ".rolecomp-choice button")
    ex.tab_to(_is_button(label))
    ex.page.keyboard.press("Space")
    ex.tab_to(_nth(f"{ex.selector} .rolecomp-evidence button", evidence), max_presses=20)
    ex.page.keyboard.press("Space")
    _enter_check(ex)


def move_slider(explorer_loc, label: str, key: str, times: int) -> None:
    """Focus the handle of the slider labelled ``label`` and press ``key`` ``times`` times."""
    sliders = explorer_loc.locator(".widget-slider")
    for i in range(sliders.count()):
        s = sliders.nth(i)
        if _text(s.locator(".widget-label")) == label:
            handle = s.locator(".noUi-handle")
            handle.focus()
            for _ in range(times):
                handle.press(key)
            return
    raise AssertionError(f"no slider labelled {label!r}")


def blurred(page, explorer_selector: str) -> bool:
    """True when the explorer's chart is blurred (an uncommitted prediction above it)."""
    return page.evaluate(
        "(sel) => { const i = document.querySelector(sel + ' .rolecomp-chart');"
        " return !!i && /blur/.test(getComputedStyle(i).filter); }", explorer_selector)


def reveal_explorers(page, timeout: float = 30_000) -> int:
    """Press "Show the explorer now" on every uncommitted prediction on the page; return how many.

    A press the kernel has not answered within ``timeout`` (a busy kernel on a loaded machine) is
    pressed once more before this gives up with what the page shows."""
    pressed = 0
    for _ in range(20):
        left = page.evaluate("() => document.querySelectorAll('.rolecomp-uncommitted').length")
        if not left:
            break
        for attempt in (1, 2):
            page.locator(".rolecomp-uncommitted .rolecomp-peek").first.click()
            pressed += 1
            try:
                page.wait_for_function("(n) => document.querySelectorAll('.rolecomp-uncommitted').length < n",
                                       arg=left, timeout=timeout, polling=100)
                break
            except Exception as exc:
                if attempt == 2:
                    shown = _text(page.locator(".rolecomp-uncommitted").first)
                    raise AssertionError(f"'Show the explorer now' pressed twice, still {left} uncommitted "
                                         f"prediction(s); the first shows {shown[:300]!r}") from exc
    return pressed


# Accessibility: axe-core inside the kit's widgets, and what a screen reader is told

#: Elements that are the kit's own widgets: the outermost ones whose class starts "rolecomp-".
KIT_ROOTS_JS = r"""() => [...document.querySelectorAll('[class*="rolecomp-"]')].filter(
    e => [...e.classList].some(c => c.startsWith('rolecomp-')) &&
         !(e.parentElement && e.parentElement.closest('[class*="rolecomp-"]')))"""

AXE_RUN_JS = r"""async ([impacts]) => {
  const roots = (""" + KIT_ROOTS_JS + r""")();
  if (!roots.length) return {roots: 0, violations: []};
  const r = await axe.run(roots, {resultTypes: ['violations']});
  const violations = r.violations.filter(v => impacts.includes(v.impact)).map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 240),
                                why: (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300)}))}));
  return {roots: roots.length, violations};
}"""


def axe_script() -> str:
    """axe-core's JavaScript, as the ``axe-playwright-python`` package ships it."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


def axe_violations(page, impacts=("serious", "critical")) -> dict:
    """Run axe-core on the kit's widgets on ``page``; ``{roots, violations}`` of those impacts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script())
    return page.evaluate(AXE_RUN_JS, [list(impacts)])


def describe_violations(found: dict) -> str:
    lines = []
    for v in found["violations"]:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} elements): {v['help']}")
        lines += [f"    {n['target']}: {n['html']}\n      {n['why']}" for n in v["nodes"][:5]]
    return "\n".join(lines)


A11Y_JS = r"""(el) => {
  const txt = e => e ? (e.innerText || e.textContent || '').trim() : '';
  const imgs = [...el.querySelectorAll('img.rolecomp-chart')];
  const sentence = el.querySelector('.rolecomp-sentence .widget-html-content');
  return {
    lang: el.getAttribute('lang'),
    sentence: txt(sentence),
    live: sentence ? [sentence.getAttribute('role'), sentence.getAttribute('aria-live')] : null,
    charts: imgs.map(i => {
      const id = i.getAttribute('aria-describedby');
      const next = i.nextElementSibling;
      return {alt: i.getAttribute('alt'),
              describedBySentence: !!id && !!sentence && document.getElementById(id) === sentence,
              sentenceFollows: !!next && next.classList.contains('rolecomp-sentence')};
    }),
    labels: [...el.querySelectorAll('.widget-slider')].map(s => txt(s.querySelector('.widget-label'))),
  };
}"""


def screen_reader_problems(explorer: Explorer) -> list[str]:
    """What a screen reader would miss in one explorer: the chart's text alternative (a name,
    described by the live sentence right after it), names of sliders and number boxes (their
    visible labels), the language buttons' pressed state, the explorer's ``lang``."""
    import re as _re

    info = explorer.loc.evaluate(A11Y_JS)
    name, loc = explorer.css_name, explorer.loc
    fails = []
    if not info["charts"]:
        fails.append(f"{name}: no chart image")
    for n, c in enumerate(info["charts"]):
        if not (c["alt"] or "").strip():
            fails.append(f"{name} chart {n}: no alt text")
        if not c["describedBySentence"]:
            fails.append(f"{name} chart {n}: not described by the live sentence (aria-describedby)")
        if not c["sentenceFollows"]:
            fails.append(f"{name} chart {n}: the sentence does not come right after it")
        if c["alt"]:
            img = loc.get_by_role("img", name=c["alt"], exact=True)
            if img.count() != 1:
                fails.append(f"{name} chart {n}: no image named {c['alt']!r} in the accessibility tree")
            elif info["sentence"] and img.evaluate(
                    "i => document.getElementById(i.getAttribute('aria-describedby')).innerText.trim()"
                    ) != info["sentence"]:
                fails.append(f"{name} chart {n}: its description is not the sentence on show")
    if info["live"] != ["status", "polite"]:
        fails.append(f"{name}: the sentence is not a polite live region (role, aria-live = {info['live']})")
    lang_code = info["lang"] or ""
    zh = bool(CJK_RE.search(info["sentence"]))
    if (zh and not lang_code.startswith("zh")) or (not zh and not lang_code.startswith("en")):
        fails.append(f"{name}: lang={lang_code!r} but the sentence is {'Chinese' if zh else 'English'}")
    for label in info["labels"]:
        if loc.get_by_role("slider", name=label, exact=True).count() < 1:
            fails.append(f"{name}: no slider named {label!r}")
        if loc.get_by_role("spinbutton", name=_re.compile("^" + _re.escape(label) + r"( \(%\))?$")).count() < 1:
            fails.append(f"{name}: no number box named {label!r}")
    pressed = loc.locator(".rolecomp-lang button[aria-pressed='true']")
    if pressed.count() != 1:
        fails.append(f"{name}: {pressed.count()} language buttons say aria-pressed=true (expected 1)")
    return fails
