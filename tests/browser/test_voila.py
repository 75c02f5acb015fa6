"""05_reach served by Voilà (the projector view): code hidden, no errors, explorers respond;
and Voilà as ``make present`` configures it: token required, idle kernels culled, no tracebacks."""

from __future__ import annotations

import contextlib
import csv
import html
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import warnings
from pathlib import Path

import pytest
from conftest import VOILA_NOTEBOOK

browser = pytest.mark.browser

STEM = Path(VOILA_NOTEBOOK).stem


@pytest.fixture(scope="module")
def voila_page(voila_server, browser, screenshots):
    import pages
    from conftest import _new_page

    page = _new_page(browser)
    try:
        page.voila_seconds = pages.open_voila(page, voila_server)
    except Exception:
        page.screenshot(path=str(screenshots / f"FAILED-voila-{STEM}.png"), full_page=True)
        page.context.close()
        raise
    yield page
    page.context.close()


def check_voila_page(page, shot: Path) -> list[str]:
    """Code hidden, no error/stderr output, no widget stuck or failed; full-page screenshot."""
    import pages

    pages.screenshot_voila_page(page, shot)
    fails = []
    # markdown cells keep a .jp-InputArea (the rendered text); code cells must have none
    code = page.locator(
        ".jp-CodeCell .jp-InputArea, .jp-InputArea-editor, .jp-CodeMirrorEditor, .cm-editor,"
        " .CodeMirror")
    visible = [i for i in range(code.count()) if code.nth(i).is_visible()]
    if visible:
        fails.append(f"{len(visible)} code inputs visible (Voilà should hide code)")
    state = page.evaluate(pages.WIDGETS_STATE_JS, None)
    if state["errors"] or state["loading"]:
        fails.append(f"widgets: errors {state['errors']}, stuck loading {state['loading']}")
    stderr = page.evaluate(pages.DOM_STDERR_JS, None)
    if stderr:
        fails.append("error/stderr outputs:\n  " + "\n  ".join(stderr))
    if page.locator(pages.EXPLORER).count() == 0:
        fails.append("no .rolecomp-explorer on the page")
    if "Not answered yet" in page.inner_text("body"):
        fails.append("exercise prompts ('Not answered yet') are shown to an audience that cannot answer")
    return fails


@browser
def test_voila_renders_without_code_or_errors(voila_page, screenshots):
    shot = screenshots / f"voila-{STEM}.png"
    fails = check_voila_page(voila_page, shot)
    assert not fails, f"Voilà {VOILA_NOTEBOOK} (screenshot {shot}):\n" + "\n".join(fails)


@browser
def test_voila_explorers_respond(voila_page, screenshots):
    import pages

    explorers = voila_page.locator(pages.EXPLORER)
    failures = []
    for i in range(explorers.count()):
        ex = pages.Explorer(explorers.nth(i))
        suffix = "" if i == 0 else f"-{i + 1}"
        notes = []
        shot = screenshots / f"voila-{STEM}-{ex.css_name}{suffix}"
        failures += pages.exercise_explorer(ex, shot, notes=notes)
        for note in notes:
            warnings.warn(pages.ExplorerNote(f"Voilà {VOILA_NOTEBOOK}: {note}"), stacklevel=1)
        for issue in pages.layout_issues(ex):  # visible, but not a failure
            warnings.warn(pages.LayoutWarning(f"Voilà {VOILA_NOTEBOOK}: {issue}"), stacklevel=1)
    stderr = voila_page.evaluate(pages.DOM_STDERR_JS, None)
    if stderr:
        failures.append("error/stderr outputs after using the explorers:\n  " + "\n  ".join(stderr))
    assert not failures, f"Voilà {VOILA_NOTEBOOK}:\n" + "\n".join(failures)


# ------------------------------------------------------------------------------------------
# Voilà as `make present` runs it (the repository's voila.json): a token, idle kernels culled,
# no tracebacks. The culler is made quick here (CULL seconds idle, checked every second).

CULL = 5
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')


@pytest.fixture(scope="module")
def presenting(workspace):
    import servers

    tmp, root, env = workspace
    server = servers.start_voila(
        tmp, VOILA_NOTEBOOK, root=root, env=env, tracebacks=False,
        extra_args=[f"--MappingKernelManager.cull_idle_timeout={CULL}",
                    "--MappingKernelManager.cull_interval=1"])
    yield server
    server.stop()


def _get(url: str) -> tuple[int, str, str]:
    """(status, Location header, body) of one GET of ``url``, redirects not followed."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        r = conn.getresponse()
        return r.status, r.getheader("Location") or "", r.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _refused(url: str) -> bool:
    """Refused as Jupyter refuses: a redirect to the login page, or 403."""
    status, location, _ = _get(url)
    return status == 403 or (status == 302 and "/login" in location)


def _kernel(server, kernel_id: str) -> dict | None:
    """The server's record of one kernel (GET /api/kernels/<id>, with the token); None once gone."""
    status, _, body = _get(server.api_url(f"/api/kernels/{kernel_id}"))
    if status == 404:
        return None
    assert status == 200, (status, body[:300])
    return json.loads(body)


@browser
def test_presenting_refuses_a_page_without_the_token(presenting, new_page):
    import pages
    import servers

    before = servers.kernel_pids(presenting)
    for path in ("/", "/?token=not-the-token", f"/api/kernels/{'0' * 8}-0000-0000-0000-{'0' * 12}"):
        url = presenting.url + path
        assert _refused(url), f"{url}: {_get(url)[:2]}, expected a refusal"
    assert servers.kernel_pids(presenting) == before, "a refused request started a kernel"

    page = new_page()
    page.goto(presenting.url + "/", wait_until="domcontentloaded")
    assert "/login" in page.url and page.locator("input[type=password]").count() >= 1, page.url
    assert page.locator(pages.EXPLORER).count() == 0

    page = new_page()
    pages.open_voila(page, presenting)  # with ?token=: the explorer renders and responds
    assert page.locator(pages.EXPLORER).count() >= 1
    ex = pages.Explorer(page.locator(pages.EXPLORER).first)
    ex.nudge_first_slider()
    text = page.inner_text("body")
    assert "Traceback" not in text and "show_tracebacks" not in text


@browser
def test_presenting_culls_idle_kernels_but_keeps_an_open_page(presenting, new_page):
    import pages
    import servers

    page = new_page()
    pages.open_voila(page, presenting)
    shown = page.evaluate("() => window.jupyterapp.widgetManager.kernel.id")
    # two page loads that never connect (a script, a tab closed at once): kernels left behind
    loads = []
    for _ in range(2):
        status, _, body = _get(presenting.api_url("/"))
        assert status == 200
        loads.append(KERNEL_ID.search(body).group(1))
        assert _kernel(presenting, loads[-1]) is not None, "the page load started no kernel"
    pages.wait_until(f"the unconnected kernels {loads} are still running (no culling?)",
          lambda: all(_kernel(presenting, k) is None for k in loads), timeout=CULL + 20)
    # by now the open page's kernel has been idle longer than CULL too: it must still be there
    kept = _kernel(presenting, shown)
    assert kept is not None and kept["connections"] >= 1, "the open page's kernel was culled"
    pages.Explorer(page.locator(pages.EXPLORER).first).nudge_first_slider()

    page.close()  # Playwright skips beforeunload, so Voilà's own shutdown request is not sent
    pages.wait_until(f"kernel {shown} of a closed page is still running",
          lambda: _kernel(presenting, shown) is None, timeout=CULL + 20)
    pages.wait_until("kernel processes are left (culled kernels must exit)",
          lambda: servers.kernel_pids(presenting) == [], timeout=CULL + 20)


def _broken_data(folder: Path) -> tuple[Path, str]:
    """A copy of data/ with one parameter value that is not a number; returns the folder and
    the start of the problem line a page must show."""
    import servers

    data = folder / "classdata"
    shutil.copytree(servers.REPO / "data", data, ignore=shutil.ignore_patterns("*.md"))
    path = data / "parameters.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows[2][rows[0].index("value")] = "lots"  # line 3 (line 1 is the header)
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return data, "classdata/parameters.csv:3: column 'value': "


@browser
def test_presenting_shows_a_data_problem_without_a_traceback(workspace, browser, new_page,
                                                             screenshots, tmp_path):
    import pages
    import servers

    tmp, root, env = workspace
    data, problem = _broken_data(tmp_path)
    with servers.start_voila(tmp, VOILA_NOTEBOOK, root=root, env=env, tracebacks=False,
                             extra_env={"ROLECOMP_DATA_DIR": str(data)}) as server:
        page = new_page()
        page.goto(server.api_url("/"), wait_until="domcontentloaded", timeout=120_000)
        # Voilà stops at the first failing cell, drops its "Running…" cover and shows the page
        # with that cell's (stripped) error output
        page.wait_for_selector("#loading", state="hidden", timeout=120_000)
        page.wait_for_selector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
                               state="visible", timeout=30_000)
        shot = screenshots / f"voila-{STEM}-data-error.png"
        pages.screenshot_voila_page(page, shot)
        text, markup = page.inner_text("body"), page.content()
        lines = [line for line in text.splitlines() if line.strip().startswith(problem)]
        assert lines and "lots" in lines[0], f"no {problem!r}… line on the page ({shot}):\n{text[-1500:]}"
        for leak in ("Traceback", 'File "', "show_tracebacks", str(data), str(servers.REPO), "site-packages"):
            assert leak not in text and leak not in markup, f"the page shows {leak!r} ({shot})"


# ------------------------------------------------------------------------------------------
# `make present` itself (no browser): the link it prints, and the token it hands to Voilà


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


_ONE_PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005fe02fea7d6a4e50000000049454e44ae426082")


def test_make_present_prints_a_token_link_and_requires_it(workspace, tmp_path):
    """The recipe as written, not a copy: make runs it with this environment's venv (its
    install step skipped with -o). A TOKEN in the environment must NOT be used. It serves a
    folder (NB=<a temporary folder>/) of two notebooks that fail: the real 05_reach on broken
    data (ROLECOMP_DATA_DIR), and one with an ordinary exception, so that both pages show what
    viewers get for an error."""
    import nbformat
    import servers

    pytest.importorskip("voila", reason="voila is optional (pip install voila, or make test)")
    if not shutil.which("make") or not Path("/proc/self/stat").exists():
        pytest.skip("needs make and /proc")
    tmp, _, env = workspace
    data, problem = _broken_data(tmp_path)
    shown = tmp_path / "shown"
    shown.mkdir()
    (shown / VOILA_NOTEBOOK).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(servers.NOTEBOOKS / VOILA_NOTEBOOK, shown / VOILA_NOTEBOOK)
    boom = nbformat.v4.new_notebook(metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})
    boom.cells = [nbformat.v4.new_code_cell('def hidden_source():\n    raise RuntimeError("a secret")\n'
                                            "hidden_source()")]
    nbformat.write(boom, shown / "boom.ipynb")
    # a picture and a learner's saved answers beside the notebooks: Voilà serves pictures from its
    # /voila/files/ without asking for the token, so voila.json lets it serve no file at all
    (shown / "en" / "photo.png").write_bytes(_ONE_PIXEL_PNG)
    (shown / "en" / ".rolecomp-answers-li-wei.json").write_text('{"name": "Li Wei"}', encoding="utf-8")
    venv = Path(sys.prefix)
    if not (venv / "bin" / "voila").is_file():
        pytest.skip(f"make present runs {venv}/bin/voila, which is not there")
    port = servers.free_port()
    env = {**env, "TOKEN": "a-token-from-the-environment", "ROLECOMP_DATA_DIR": str(data),
           # the kernels import this checkout's rolecomp, whatever the venv has installed
           "PYTHONPATH": os.pathsep.join(p for p in (str(servers.REPO), env.get("PYTHONPATH")) if p)}
    argv = ["make", "-s", "-C", str(servers.REPO), "present", f"VENV={venv}", f"PRESENT_PORT={port}",
            f"-o{venv}/.present-ready", f"NB={os.path.relpath(shown, servers.NOTEBOOKS)}/"]
    log = open(tmp / f"make-present-{port}.log", "w+")  # closed in the finally below
    proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    link = re.compile(rf"http://127\.0\.0\.1:{port}/\?token=([A-Za-z0-9_-]+)\s*$", re.M)

    def output() -> str:
        log.flush()
        log.seek(0)
        return log.read()

    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            m = link.search(output())
            if m:
                with contextlib.suppress(OSError):
                    if _get(base + "/voila/static/voila.js")[0] == 200:
                        break
            assert proc.poll() is None, f"make present exited ({proc.returncode}):\n{output()}"
            assert time.monotonic() < deadline, f"make present: no link / not serving:\n{output()}"
            time.sleep(0.3)
        token = m.group(1)
        assert len(token) >= 16 and token != env["TOKEN"], token
        # the token is in no command line: other local users can read those (ps)
        procs = [proc.pid, *_children(proc.pid)]
        procs += [c for p in procs[1:] for c in _children(p)]
        for pid in procs:
            with contextlib.suppress(OSError):
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                assert token not in cmd, f"the token is on a command line: {cmd}"
        # refused without the token, or with a wrong one
        probe = f"{base}/api/kernels/{'0' * 8}-0000-0000-0000-{'0' * 12}"
        for url in (base + "/", probe, f"{probe}?token=not-{token}"):
            assert _refused(url), f"{url}: {_get(url)[:2]}, expected a refusal"
        assert _get(f"{probe}?token={token}")[0] == 404, "the printed token is not accepted"
        for name in ("en/photo.png", "en/.rolecomp-answers-li-wei.json"):
            for query in ("", f"?token={token}"):
                status, _, body = _get(f"{base}/voila/files/{name}{query}")
                assert status in (403, 404), f"/voila/files/{name}{query or ' (no token)'}: {status}, served"
        # with it: the list, and pages where an error is a short message, never a traceback
        status, _, body = _get(f"{base}/?token={token}")
        assert status == 200 and "Voil" in body, (status, body[:500])
        pages = {}
        for name in (VOILA_NOTEBOOK, "boom.ipynb"):
            status, _, pages[name] = _get(f"{base}/voila/render/{name}?token={token}")
            assert status == 200, (name, status)
        # (outputs are in the page as HTML and as JSON: ' may be &#x27; or \u0027 there)
        reach = html.unescape(pages[VOILA_NOTEBOOK].replace("\\u0027", "'"))
        assert problem in reach, f"{VOILA_NOTEBOOK}: no {problem!r} line in the page"
        assert "There was an error when executing cell" in pages["boom.ipynb"]
        for name, body in pages.items():
            for leak in ("Traceback", 'File "', "hidden_source", "a secret", "RuntimeError", str(data),
                         str(servers.REPO), str(tmp_path), "site-packages", "show_tracebacks"):
                assert leak not in body, f"{name}: the page shows {leak!r}"
        # idle kernels are culled (the culler starts with the first kernel), open pages' not
        text = output()
        assert re.search(r"Culling kernels with idle durations > \d+ seconds", text), text[-2000:]
        assert "even with connected clients" not in text, "an open projector page would lose its kernel"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # the session we started: make and its voila
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
        log.close()
