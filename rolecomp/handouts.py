"""``python -m rolecomp handouts [OUTDIR]``: every notebook as a handout learners take home.

Each notebook is run top to bottom in a fresh kernel and written as a self-contained HTML file
and a PDF, in English and in Chinese, under OUTDIR (``build/handouts`` by default)::

    00_start_here-en.html  00_start_here-en.pdf  00_start_here-zh.html  00_start_here-zh.pdf ...

Why not ``jupyter nbconvert --to html --execute``: nbconvert stores the widgets' state and then
prefers each explorer's widget view, which needs a script from a CDN (a blank space offline or on
paper); it also links require.js and MathJax from a CDN. Here every explorer's output keeps only
the static PNG that its display bundle carries (:func:`static_outputs`), embedded as a
``data:`` URI with the explorer's live sentence as its caption, and the page has no script at
all. The PDF is that same HTML printed by headless Chromium (Playwright driving the system's
Chromium: nbconvert's ``webpdf`` cannot be pointed at one), so Chinese text is set in the
system's CJK font; LaTeX's ``--to pdf`` drops every Chinese character.

Which notebooks:

- English: ``notebooks/en/*.ipynb`` (or a folder's own ``*.ipynb`` when it has no ``en/``), run
  with ``ROLECOMP_LANG=en``.
- Chinese: ``notebooks/zh/*.ipynb``, the Chinese edition, run with ``ROLECOMP_LANG=zh``.
  Each English notebook without a Chinese twin of the same name is run in Chinese instead:
  ``ROLECOMP_LANG=zh``, and its ``set_language("en")`` calls read ``set_language("zh")`` (in the
  copy that is run; the notebook file is not touched), so its charts, sentences and feedback
  are Chinese while its prose stays English.

Like ``export-figures``: all files or none, only inside OUTDIR (a symlink there is never
followed), each written to a temporary file in OUTDIR and renamed into place; an existing
handout is never replaced without ``force``; any problem is one ``error:`` line and status 2.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import html
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rolecomp.export import _check_folder, _place_all, _progress, _Stop, _writing_into

__all__ = ["Handout", "build_handouts", "plan_handouts", "static_outputs"]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LANGS = ("en", "zh")
FORMATS = ("html", "pdf")
#: Seconds a cell may run before the build stops.
CELL_TIMEOUT = 120
#: Kernels running at once (the class's laptops and CI have two cores or so).
PARALLEL = 2
#: Chromium for the PDFs: ROLECOMP_CHROMIUM, else the first of these that exists.
_CHROMIUMS = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
_CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
_EXPLORER_TEXT = re.compile(r"<([A-Za-z_]\w*): (.*)>", re.S)  # text/plain of an explorer's bundle
_CJK = re.compile("[\u3400-\u9fff]")
_SET_EN = re.compile(r"""(\bset_language\(\s*)(["'])en\2(\s*\))""")

# The lab template without anything fetched from the network: no require.js, MathJax or
# mermaid from a CDN, no widget renderer (the widget views are gone), and a CJK font after the
# Latin ones so Chinese text in an English handout gets Simplified glyphs.
_TEMPLATE = r"""{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<style type="text/css">
:root {
  --rolecomp-cjk: 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei',
    'WenQuanYi Zen Hei', 'Noto Sans CJK JP';
  --jp-ui-font-family: system-ui, -apple-system, 'Segoe UI', helvetica, arial, var(--rolecomp-cjk), sans-serif;
  --jp-content-font-family: system-ui, -apple-system, 'Segoe UI', helvetica, arial, var(--rolecomp-cjk),
    sans-serif;
  --jp-code-font-family: menlo, consolas, 'DejaVu Sans Mono', var(--rolecomp-cjk), monospace;
}
figure.rolecomp-chart { margin: 0.2em 0 0.6em 0; break-inside: avoid; }
figure.rolecomp-chart img { max-width: 100%; height: auto; }
figure.rolecomp-chart figcaption { font-size: 1.05em; line-height: 1.45; margin-top: 0.3em; max-width: 60em; }
@page { margin: 14mm 12mm 16mm 12mm; }
@media print { .jp-Cell { break-inside: auto; } .jp-OutputArea-child { break-inside: avoid-page; } }
</style>
{%- endblock html_head_css -%}
"""
_FOOTER = ("<div style='font-size:8px;width:100%;text-align:center;color:#555'>"
           "<span class='title'></span> · <span class='pageNumber'></span>/<span class='totalPages'></span></div>")


@dataclass(frozen=True)
class Handout:
    """One handout to make: a notebook run in one language."""

    source: Path
    lang: str
    #: An English notebook run in Chinese (its ``set_language("en")`` calls read ``"zh"``).
    translated: bool = False

    @property
    def stem(self) -> str:
        return f"{self.source.stem}-{self.lang}"

    def name(self, fmt: str) -> str:
        """The handout's file name, e.g. ``05_reach-zh.pdf``."""
        return f"{self.stem}.{fmt}"


def _default_notebooks() -> Path:
    checkout = Path(__file__).resolve().parents[1] / "notebooks"
    return checkout if checkout.is_dir() else Path("notebooks")


def _listed(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.ipynb") if p.is_file())


def plan_handouts(notebooks=None, lang: str = "both") -> list[Handout]:
    """The handouts to make from a folder of notebooks (or a list of English notebook files).

    Parameters
    ----------
    notebooks : str, Path, list of them, or None
        A folder (``en/*.ipynb``, or its own ``*.ipynb``, are the English edition and ``zh/*.ipynb``,
        if present, the Chinese one), or English notebook files; default: the workshop's ``notebooks/``.
    lang : {"en", "zh", "both"}

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "zh").mkdir()
    >>> for name in ("01_a.ipynb", "02_b.ipynb", "zh/02_b.ipynb"):
    ...     _ = (folder / name).write_text("{}")
    >>> for h in plan_handouts(folder):
    ...     print(h.stem, h.source.relative_to(folder), h.translated)
    01_a-en 01_a.ipynb False
    02_b-en 02_b.ipynb False
    01_a-zh 01_a.ipynb True
    02_b-zh zh/02_b.ipynb False
    """
    langs = LANGS if lang == "both" else (lang,)
    if notebooks is None:
        notebooks = _default_notebooks()
    if isinstance(notebooks, (str, os.PathLike)):
        folder = Path(notebooks)
        if not folder.is_dir():
            raise _Stop(f"{folder} is not a folder of notebooks")
        english = _listed(folder / "en") if (folder / "en").is_dir() else _listed(folder)
        chinese = _listed(folder / "zh")
    else:
        english, chinese = [Path(p) for p in notebooks], []
    plan = []
    if "en" in langs:
        plan += [Handout(p, "en") for p in english]
    if "zh" in langs:
        twins = {p.stem for p in chinese}
        zh = [Handout(p, "zh") for p in chinese] + [Handout(p, "zh", True) for p in english if p.stem not in twins]
        plan += sorted(zh, key=lambda h: h.stem)
    if not plan:
        where = notebooks if isinstance(notebooks, (str, os.PathLike)) else "the list given"
        raise _Stop(f"no notebooks in {where}; nothing was written")
    return plan


# ------------------------------------------------------------------------------- one notebook


def static_outputs(nb) -> int:
    """Replace every explorer's widget view with its static chart; return how many charts.

    An output that carries a widget view and an ``image/png`` becomes an HTML ``<figure>``: the
    PNG as a ``data:`` URI, with the explorer's sentence (from its ``text/plain``) as alt text
    and caption. A widget view without a picture keeps its own static HTML, if it brings one (an
    exercise: its question, the options to tick, a line for the reason); otherwise (a bare slider)
    it cannot be shown on paper and is dropped. Every other output is left as it is.

    Examples
    --------
    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("rolecomp.ReachExplorer()")
    >>> cell.outputs = [nbformat.v4.new_output("display_data", {
    ...     "application/vnd.jupyter.widget-view+json": {"model_id": "m1"},
    ...     "image/png": "iVBORw0KGgo=", "text/plain": "<ReachExplorer: 销售赢得 624 个客户>"})]
    >>> nb = nbformat.v4.new_notebook(cells=[cell])
    >>> static_outputs(nb)
    1
    >>> print(nb.cells[0].outputs[0].data["text/html"])
    <figure class="rolecomp-chart rolecomp-ReachExplorer"><img src="data:image/png;base64,iVBORw0KGgo="
    alt="销售赢得 624 个客户"><figcaption lang="zh">销售赢得 624 个客户</figcaption></figure>
    """
    charts = 0
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        kept = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_VIEW not in data:
                kept.append(out)
                continue
            del data[WIDGET_VIEW]
            png = data.get("image/png")
            if not png:
                if "rolecomp-exercise-static" in str(data.get("text/html", "")):
                    kept.append(out)  # an exercise, as a worksheet
                continue
            charts += 1
            png = "".join(png.split()) if isinstance(png, str) else base64.b64encode(png).decode("ascii")
            m = _EXPLORER_TEXT.fullmatch(str(data.get("text/plain", "")).strip())
            kind, sentence = (m.group(1), m.group(2).strip()) if m else ("", "")
            lang = ' lang="zh"' if _CJK.search(sentence) else ""
            caption = f"<figcaption{lang}>{html.escape(sentence)}</figcaption>" if sentence else ""
            data["text/html"] = (f'<figure class="rolecomp-chart{" rolecomp-" + kind if kind else ""}">'
                                 f'<img src="data:image/png;base64,{png}"\nalt="{html.escape(sentence or "chart")}">'
                                 f"{caption}</figure>")
            kept.append(out)
        cell["outputs"] = kept
    return charts


def _read(handout: Handout):
    import nbformat

    try:
        nb = nbformat.read(handout.source, as_version=4)
        nbformat.validate(nb)
    except (OSError, UnicodeDecodeError) as exc:
        raise _Stop(f"cannot read {handout.source}: {getattr(exc, 'strerror', None) or exc}; "
                    "nothing was written") from None
    except Exception as exc:  # nbformat: not JSON, or not a notebook
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise _Stop(f"{handout.source} is not a valid notebook ({first}); nothing was written") from None
    if handout.translated:
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.source = _SET_EN.sub(r"\1\2zh\2\3", cell.source)
    title = next((line[2:].strip() for c in nb.cells if c.cell_type == "markdown"
                  for line in c.source.splitlines() if line.startswith("# ")), handout.source.stem)
    nb.metadata["title"] = title
    return nb


def _kernel_env(lang: str) -> dict:
    env = {**os.environ, "ROLECOMP_LANG": lang}
    # In a checkout, the kernel runs this rolecomp (not another one that happens to be installed).
    root = Path(__file__).resolve().parents[1]
    if (root / "pyproject.toml").is_file():
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))
    return env


def _one_line(text: str, limit: int = 300) -> str:
    from rolecomp.data import _printable

    text = re.sub(r"\x1b\[[0-9;]*m", "", str(text)).strip()
    text = " ".join(text.split())
    return _printable(text if len(text) <= limit else text[:limit] + "…")


def _last_line(log: Path) -> str:
    try:
        lines = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    except OSError:
        return ""
    return f" (it said: {_one_line(lines[-1])})" if lines else ""


async def _execute(handout: Handout, nb, sockets: str) -> None:
    """Run every cell of ``nb`` in a fresh kernel, in the handout's language.

    The kernel's own stdout and stderr (not the cells' output, which goes into the notebook) are
    kept in a log file in ``sockets``, so that its shutdown chatter stays off the terminal; its
    last line is quoted when the kernel fails.
    """
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    failed = {}

    def on_error(cell, cell_index, execute_reply):
        failed.setdefault("index", cell_index)

    if os.name == "nt":
        km = AsyncKernelManager(kernel_name="python3")
    else:  # local sockets: no "running over TCP without encryption" warning, no port to race for
        km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(sockets, handout.stem))
    client = NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, allow_errors=False, store_widget_state=False,
                            record_timing=False, on_cell_error=on_error,
                            resources={"metadata": {"path": str(handout.source.parent)}})
    _CLIENTS.append(client)
    where = f"{handout.source.name} ({handout.lang})"
    log = Path(sockets) / f"{handout.stem}.log"
    try:
        with open(log, "wb") as out:
            await client.async_execute(cleanup_kc=True, env=_kernel_env(handout.lang),  # km is ours: shut it down
                                       stdout=out, stderr=out)
    except CellExecutionError as exc:
        cell = f"cell {failed['index']}" if "index" in failed else "a cell"
        raise _Stop(f"{where}: {cell} raised {exc.ename}: {_one_line(exc.evalue)}; nothing was written") from None
    except CellTimeoutError:
        raise _Stop(f"{where}: a cell ran longer than {CELL_TIMEOUT} s; nothing was written") from None
    except DeadKernelError:
        raise _Stop(f"{where}: the kernel died{_last_line(log)}; nothing was written") from None
    except asyncio.CancelledError:  # Ctrl-C: stop this kernel even if nbclient was cancelled while it did
        try:
            if client.kc is not None:  # its heartbeat thread first: with it alive, zmq's term() never returns
                client.kc.stop_channels()
            if km.has_kernel:
                await km.shutdown_kernel(now=True)
        except Exception:
            pass
        raise
    except Exception as exc:  # the kernel could not start: no ipykernel, no kernel spec, ...
        raise _Stop(f"{where}: cannot run it: {type(exc).__name__}: {_one_line(exc)}{_last_line(log)}; "
                    "nothing was written") from None


def _to_html(handout: Handout, nb) -> str:
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", extra_loaders=[DictLoader({"rolecomp-handout.html.j2": _TEMPLATE})],
                            template_file="rolecomp-handout.html.j2", embed_images=True,
                            language_code="zh" if handout.lang == "zh" and not handout.translated else "en")
    body, _resources = exporter.from_notebook_node(
        nb, resources={"metadata": {"name": handout.stem, "path": str(handout.source.parent)}})
    return body


#: Every NotebookClient of the run: once it is over, however it ended, none may keep the clean-up
#: nbclient registers with atexit (on an interrupted client it can wait for ever in zmq's term(),
#: seen once in a CI run of the Ctrl-C test).
_CLIENTS: list = []


def _forget_clients() -> None:
    while _CLIENTS:
        atexit.unregister(_CLIENTS.pop()._cleanup_kernel)


def _in_a_thread(make_coro):
    """Run a coroutine in its own thread and event loop; Ctrl-C here cancels it (and so stops
    its kernels) instead of being taken by nbclient, which would shut down one kernel and go on.

    nbclient installs SIGINT/SIGTERM handlers on the event loop when it runs in the main thread;
    off the main thread it cannot, and the signal stays with this thread.
    """
    import threading

    box: dict = {}

    def target():
        async def main():
            box["loop"], box["task"] = asyncio.get_running_loop(), asyncio.current_task()
            return await make_coro()

        try:
            box["value"] = asyncio.run(main())
        except BaseException as exc:
            box["error"] = exc

    worker = threading.Thread(target=target, name="rolecomp-handouts", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.2)
    except KeyboardInterrupt:
        if "loop" in box:
            box["loop"].call_soon_threadsafe(box["task"].cancel)
        worker.join(30)  # the kernels shut down
        raise
    finally:
        _forget_clients()
    if "error" in box:
        raise box["error"]
    return box["value"]


async def _run_all(plan: list[Handout], step) -> list[str]:
    """Every handout's HTML, ``PARALLEL`` kernels at a time, in the order of ``plan``."""
    gate = asyncio.Semaphore(PARALLEL)
    pages: list[str | None] = [None] * len(plan)
    with tempfile.TemporaryDirectory(prefix="rolecomp-kernels-") as sockets:

        async def one(i: int, handout: Handout) -> None:
            nb = _read(handout)
            async with gate:
                await _execute(handout, nb, sockets)
            static_outputs(nb)
            pages[i] = _to_html(handout, nb)
            step(handout.name("html"))

        tasks = [asyncio.ensure_future(one(i, h)) for i, h in enumerate(plan)]
        try:
            for done in asyncio.as_completed(tasks):
                await done
        except BaseException:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)  # their kernels shut down
            raise
    return pages  # type: ignore[return-value]


# ------------------------------------------------------------------------------- PDF


def _chromium() -> str | None:
    """The Chromium binary to print with: ROLECOMP_CHROMIUM, else the system's."""
    named = os.environ.get("ROLECOMP_CHROMIUM")
    if named:
        return named if os.path.isfile(named) and os.access(named, os.X_OK) else None
    for candidate in _CHROMIUMS:
        found = candidate if os.path.isabs(candidate) else shutil.which(candidate)
        if found and os.path.isfile(found) and os.access(found, os.X_OK):
            return found
    return None


_PDF_HINT = ("PDF handouts are printed by Chromium through playwright: install Chromium (Debian/Ubuntu: "
             "`sudo apt-get install chromium fonts-noto-cjk`; or set ROLECOMP_CHROMIUM to a Chromium or "
             "Chrome binary) and run `make handouts`, which installs playwright; or add --format html")


def _pdf_problem() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return f"playwright is not installed in {sys.executable}"
    if _chromium() is None:
        named = os.environ.get("ROLECOMP_CHROMIUM")
        return f"ROLECOMP_CHROMIUM={named} is not an executable file" if named else "no Chromium found"
    return None


def _print_pdfs(plan: list[Handout], pages: list[str], step) -> list[bytes]:
    """Each page printed to PDF (A4) by headless Chromium, with every network request refused."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    pdfs = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=_chromium(), headless=True, args=_CHROMIUM_ARGS)
            try:
                context = browser.new_context()
                context.route("**/*", lambda route: route.abort())  # a handout needs nothing from outside
                page = context.new_page()
                for handout, body in zip(plan, pages, strict=True):
                    page.set_content(body, wait_until="load")
                    broken = page.evaluate("[...document.images].filter(i => !i.complete || !i.naturalWidth).length")
                    if broken:
                        raise _Stop(f"{handout.name('pdf')}: {broken} chart(s) did not load in Chromium; "
                                    "nothing was written")
                    pdfs.append(page.pdf(format="A4", print_background=True, display_header_footer=True,
                                         header_template="<div></div>", footer_template=_FOOTER))
                    step(handout.name("pdf"))
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise _Stop(f"Chromium could not print the handouts: {_one_line(exc.message)}; nothing was written. "
                    f"{_PDF_HINT}") from None
    return pdfs


# ------------------------------------------------------------------------------- the command


def _build(out: Path, plan: list[Handout], fmts: tuple[str, ...], force: bool) -> int:
    names = [h.name(f) for h in plan for f in fmts]
    _check_folder(out, names, force)
    if "pdf" in fmts:
        problem = _pdf_problem()
        if problem:
            raise _Stop(f"{problem}; nothing was written. {_PDF_HINT}")
    if any(h.lang == "zh" for h in plan):
        from rolecomp.i18n import find_cjk_font

        if find_cjk_font() is None:
            raise _Stop("the Chinese handouts need a CJK font for their charts and none was found; nothing "
                        "was written. Install one (Debian/Ubuntu: `sudo apt-get install fonts-noto-cjk`; "
                        "`python -m rolecomp doctor` says more), or add --lang en")
    n = len(plan) * (2 if "pdf" in fmts else 1)
    done = 0

    def step(label: str) -> None:
        nonlocal done
        done += 1
        _progress(done, n, label)

    _progress(0, n, "starting kernels")
    try:
        pages = _in_a_thread(lambda: _run_all(plan, step))
        pdfs = _print_pdfs(plan, pages, step) if "pdf" in fmts else []
    except BaseException:
        if done < n:
            sys.stderr.write("\n")  # end the progress bar's line before the message
        raise
    blobs = {}
    for i, handout in enumerate(plan):
        if "html" in fmts:
            blobs[handout.name("html")] = pages[i].encode("utf-8")
        if "pdf" in fmts:
            blobs[handout.name("pdf")] = pdfs[i]

    with _writing_into(out) as folder:
        left = _place_all(folder, out, {name: blobs[name] for name in names}, force)
    note = f" (could not remove {', '.join(left)})" if left else ""
    print(f"wrote {len(names)} handouts ({' and '.join(f.upper() for f in fmts)}) to {out}{note}")
    return 0


def build_handouts(outdir="build/handouts", lang: str = "both", fmt: str = "both", force: bool = False,
                   notebooks=None) -> int:
    """Run every notebook and write it as a self-contained HTML and PDF handout; return a status.

    Every explorer appears as its chart (a PNG inside the file) with its sentence under it; the
    files load nothing from the network. All or nothing: the notebooks are run and printed in
    memory first, then each file is written to a temporary file in ``outdir`` and renamed into
    place. No file outside ``outdir`` is written, even through a symlink in it. On any problem
    (a cell raises, no Chromium for the PDFs, no CJK font for Chinese, a handout is in the way)
    one line on stderr says what happened and the status is 2.

    Parameters
    ----------
    outdir : str or Path
        The folder to write into; created if missing.
    lang : {"en", "zh", "both"}
        The handouts' language (see :func:`plan_handouts` for where the Chinese ones come from).
    fmt : {"html", "pdf", "both"}
        The file format; PDF needs playwright and a Chromium (``ROLECOMP_CHROMIUM`` names one).
    force : bool
        Replace existing handouts (a symlink is replaced itself, never followed). Without it the
        run refuses before running anything when any target exists.
    notebooks : str, Path, list of them, or None
        A folder of notebooks (default: the workshop's ``notebooks/``) or English notebook files.

    Returns
    -------
    int
        0 when every handout was written, 2 when none was.

    Examples
    --------
    A handout that exists already is never replaced without ``force``: nothing is run.

    >>> import pathlib, shutil, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "00_start_here-en.html").write_text("my annotated copy")
    >>> build_handouts(folder, lang="en", fmt="html")
    2
    >>> (folder / "00_start_here-en.html").read_text()
    'my annotated copy'
    >>> shutil.rmtree(folder)
    """
    try:
        if lang not in (*LANGS, "both"):
            raise _Stop(f"lang must be 'en', 'zh' or 'both', not {lang!r}")
        if fmt not in (*FORMATS, "both"):
            raise _Stop(f"fmt must be 'html', 'pdf' or 'both', not {fmt!r}")
        fmts = FORMATS if fmt == "both" else (fmt,)
        return _build(Path(outdir), plan_handouts(notebooks, lang), fmts, force)
    except _Stop as stop:
        print(f"error: {stop}", file=sys.stderr)
        return 2
