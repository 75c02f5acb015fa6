"""The workshop notebooks: stored clean, well formed, and runnable top to bottom, twice.

Every notebook is executed headless in a fresh kernel ("python3" of this environment, working
folder ``notebooks/``, this checkout's ``rolecomp``), then run a second time in the same kernel.
A run must finish with no error and nothing on stderr (no warnings), and every explorer must
leave a static PNG in its output. The kernels run a few at a time so the whole module stays well
under a minute.

Exercises are asked with ``rolecomp.exercise("02-2")`` (their question lives in the exercise's
declaration, never in the notebook); each has a hidden solution in a ``<details>`` block, written
as the ``rolecomp.check(...)`` call a learner who types would use.
"""

from __future__ import annotations

import ast
import asyncio
import concurrent.futures
import copy
import html
import os
import re
import tempfile
from pathlib import Path

import nbformat
import pytest

from rolecomp.exercises import check, declaration, exercise_ids

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = REPO / "notebooks"
EDITIONS = ("en", "zh")
NOTEBOOKS = [p for lang in EDITIONS for p in sorted((NOTEBOOK_DIR / lang).glob("*.ipynb"))]
# The headings every notebook has, as each edition writes them
HEADINGS = {
    "en": {"objectives": "### Learning objectives", "discussion": "## Discussion", "summary": "## Summary",
           "case": "## Case"},
    "zh": {"objectives": "### 学习目标", "discussion": "## 讨论", "summary": "## 小结", "case": "## 案例"},
}
EXPECTED = [
    "00_start_here",
    "01_value_presentation",
    "02_one_off_vs_ongoing",
    "03_channel_dependence",
    "04_three_roles",
    "05_reach",
    "06_putting_it_together",
]
ARTICLE = REPO.parent / "shared/source/article_zh.md"
CELL_TIMEOUT = 120  # seconds per cell; a hung widget or kernel fails instead of blocking the suite
WIDGET = "application/vnd.jupyter.widget-view+json"
CHECK_CALL = re.compile(r"rolecomp\.check\(\s*[\"'](\d\d-\d+)[\"']\s*,\s*(.+?)\)\s*$", re.M)
EXERCISE_CALL = re.compile(r"rolecomp\.(?:exercise|ask)\(\s*[\"'](\d\d-\d+)[\"']")
LEARNER = f"notebook-tests-{os.getpid()}"  # a learner with no saved answers: the kernels start blank
QUOTE = re.compile(r"\*\*¶(\d+)\*\*\s*「([^」]+)」")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def ids(paths):
    return [f"{p.parent.name}/{p.stem}" for p in paths]


def edition(path: Path) -> str:
    return path.parent.name


def read(path: Path):
    return nbformat.read(path, as_version=4)


def markdown(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def details_blocks(text: str) -> list[str]:
    return re.findall(r"<details>(.*?)</details>", text, flags=re.S)


# ------------------------------------------------------------------ stored form and structure


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_workshop_has_its_seven_notebooks(lang):
    assert [p.stem for p in NOTEBOOKS if edition(p) == lang] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_stored_without_outputs_or_execution_counts(path):
    nb = read(path)
    nbformat.validate(nb)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {i} is stored with outputs"
            assert cell.execution_count is None, f"{path.name} cell {i} is stored with an execution count"
    assert "widgets" not in nb.metadata, f"{path.name} is stored with widget state"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_each_notebook_has_the_workshop_pattern(path):
    """Objectives first; the article quoted; predict before the explorer; target practice; discussion; summary."""
    nb = read(path)
    first = nb.cells[0]
    heads = HEADINGS[edition(path)]
    assert first.cell_type == "markdown" and heads["objectives"] in first.source, path.name
    text = markdown(nb)
    assert QUOTE.search(text), f"{path.name} quotes no paragraph of the article"
    for key in ("discussion", "summary", "case"):
        assert re.search(rf"^{re.escape(heads[key])}", text, flags=re.M), f"{path}: no {heads[key]!r} heading"

    codes = [c.source for c in nb.cells if c.cell_type == "code"]
    assert codes[0].startswith("import rolecomp"), f"{path.name}: the first code cell must set up on its own"
    explorer = next(i for i, src in enumerate(codes) if re.search(r"rolecomp\.\w+(Explorer|Profile)\(", src))
    checks = [(i, EXERCISE_CALL.search(src)) for i, src in enumerate(codes) if EXERCISE_CALL.search(src)]
    assert checks, f"{path.name} has no rolecomp.exercise(...) exercise"
    assert checks[0][0] < explorer, f"{path.name}: the prediction must come before the first explorer"
    assert any(i > explorer for i, _ in checks), f"{path.name}: no target practice after the explorer"
    for _, m in checks:
        assert m.group(1) in exercise_ids(), f"{path.name} checks unknown exercise {m.group(1)}"
    solved = {m.group(1) for block in details_blocks(text) for m in CHECK_CALL.finditer(block)}
    asked = {m.group(1) for _, m in checks}
    assert asked == solved, f"{path.name}: exercises without a hidden solution: {sorted(asked - solved)}"
    assert all(m.group(1).startswith(path.stem[:2]) for _, m in checks), f"{path.name} asks another notebook's exercise"
    assert codes[-1].strip() == f'rolecomp.my_answers("{path.stem[:2]}")', f"{path.name} must end with its answers"
    kinds = [declaration(m.group(1)).kind for _, m in checks]
    assert "case" in kinds, f"{path}: the notebook's main task is an article case (an exercise of kind 'case')"
    assert kinds.count("slider") <= 1, f"{path}: more than one slider target ({kinds.count('slider')})"


@pytest.mark.parametrize("lang", EDITIONS)
def test_every_exercise_is_asked_in_a_notebook(lang):
    asked = []
    for path in (p for p in NOTEBOOKS if edition(p) == lang):
        for cell in read(path).cells:
            if cell.cell_type == "code":
                asked += [m.group(1) for m in EXERCISE_CALL.finditer(cell.source)]
                assert not CHECK_CALL.search(cell.source), f"{path.name}: an exercise cell that needs typing"
    assert sorted(asked) == exercise_ids(), "every exercise asked exactly once"


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.?!。？！])\s+|(?<=[。？！])", text) if len(s.strip()) >= 30]


def test_no_question_is_written_twice():
    """A question lives in its exercise's declaration; the notebooks show it from there."""
    text = "\n".join(markdown(read(p)) for p in NOTEBOOKS)
    flat = re.sub(r"[*`_]|\s+", " ", text)
    assert not re.search(r"Question \d\d-\d", text), "a notebook writes out a question of its own"
    for ex in exercise_ids():
        for lang in ("en", "zh"):
            for sentence in _sentences(declaration(ex).text(lang)):
                assert re.sub(r"\s+", " ", sentence) not in flat, f"{ex} ({lang}) is in a notebook too: {sentence}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_hidden_solutions_pass_the_check(path):
    """The solution shown in each <details> block is what rolecomp.check accepts (with the shipped data)."""
    blocks = details_blocks(markdown(read(path)))
    assert blocks, f"{path.name} has no hidden solutions"
    for block in blocks:
        calls = list(CHECK_CALL.finditer(block))
        assert calls, f"{path.name}: a <details> block without a rolecomp.check(...) line"
        for m in calls:
            answer = ast.literal_eval(m.group(2))
            result = check(m.group(1), answer)
            assert result, f"{path.name}: the solution of {m.group(1)} ({answer!r}) fails: {result!r}"


def _check_links(name: str, text: str, base: Path) -> None:
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        file = (base / target.split("#")[0]).resolve()
        assert file.exists(), f"{name} links to {target}, which does not exist"
        assert REPO in file.parents, f"{name} links outside the repository: {target}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_links_resolve(path):
    _check_links(path.name, markdown(read(path)), path.parent)


@pytest.mark.parametrize("lang", EDITIONS)
def test_instructor_guide_links_resolve(lang):
    guide = NOTEBOOK_DIR / lang / "INSTRUCTOR.md"
    _check_links(str(guide), guide.read_text(encoding="utf-8"), guide.parent)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_quotes_are_verbatim_and_brief(path):
    if not ARTICLE.is_file():
        pytest.skip(f"article not found at {ARTICLE}")
    paragraphs = {int(n): body for n, body in
                  re.findall(r"^¶(\d+)\s+(.*)$", ARTICLE.read_text(encoding="utf-8"), flags=re.M)}
    found = QUOTE.findall(markdown(read(path)))
    assert found
    for n, quote in found:
        assert quote in paragraphs[int(n)], f"{path.name}: 「{quote}」 is not verbatim in ¶{n}"
        assert len(quote) <= 45, f"{path.name}: the quote from ¶{n} is not brief ({len(quote)} characters)"


# ------------------------------------------------------------------ execution


async def _run_twice(path: Path, socket_dir: str, limit: asyncio.Semaphore) -> list:
    """Run every cell, then every cell again in the same kernel; return both executed notebooks."""
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    async with limit:
        nb = read(path)
        # IPC sockets: a local kernel without the "running over TCP without encryption" warning.
        km = AsyncKernelManager(kernel_name="python3", transport="ipc",
                                ip=os.path.join(socket_dir, f"{edition(path)}-{path.stem}"))
        client = NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, allow_errors=True,
                                resources={"metadata": {"path": str(path.parent)}})
        runs = []
        env = {**os.environ, "ROLECOMP_LEARNER": LEARNER,
               "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)}
        async with client.async_setup_kernel(cleanup_kc=True, env=env):
            for _ in range(2):
                for cell in client.nb.cells:
                    if cell.cell_type == "code":
                        cell.outputs, cell.execution_count = [], None
                for index, cell in enumerate(client.nb.cells):
                    await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
                runs.append(copy.deepcopy(client.nb))
        return runs


@pytest.fixture(scope="module")
def executed():
    """Both runs of every notebook, a few kernels at a time."""

    async def main():
        limit = asyncio.Semaphore(max(2, min(4, os.cpu_count() or 2)))
        with tempfile.TemporaryDirectory() as sockets:
            results = await asyncio.gather(*(_run_twice(p, sockets, limit) for p in NOTEBOOKS))
        return dict(zip(NOTEBOOKS, results, strict=True))

    # In a thread of its own: the browser tests' Playwright (sync API) may hold an event loop
    # in the main thread, and asyncio.run() refuses to start inside a running loop.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result()


def _problems(nb) -> list[str]:
    out = []
    for i, cell in enumerate(nb.cells):
        for o in cell.get("outputs", []):
            if o.output_type == "error":
                out.append(f"cell {i}: {o.ename}: {o.evalue}")
            elif o.output_type == "stream" and o.name == "stderr":
                out.append(f"cell {i} wrote to stderr: {o.text[:300]!r}")
    return out


@pytest.mark.xdist_group("nbclient")  # one worker runs every notebook once, not each worker
@pytest.mark.parametrize("run", [0, 1], ids=["first run", "second run in the same kernel"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_runs_top_to_bottom_without_errors_or_stderr(executed, path, run):
    nb = executed[path][run]
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code_cells), f"{path.name}: not every cell ran"
    assert _problems(nb) == []


@pytest.mark.xdist_group("nbclient")  # one worker runs every notebook once, not each worker
@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_every_explorer_output_carries_a_static_png(executed, path):
    for nb in executed[path]:
        widgets = [o for c in nb.cells for o in c.get("outputs", []) if WIDGET in o.get("data", {})
                   and re.match(r"<\w+Explorer\b", o.data.get("text/plain", ""))]
        assert widgets, f"{path.name} displays no explorer"
        for o in widgets:
            png = o.data.get("image/png")
            assert png and len(png) > 1000, f"{path.name}: an explorer output has no static chart"


@pytest.mark.xdist_group("nbclient")  # one worker runs every notebook once, not each worker
@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_every_exercise_shows_its_widget_and_its_question(executed, path):
    """Each exercise cell displays its answer widget and, for exports and headless runs, its question
    as text (from the declaration); nothing is answered or written by running the notebook."""
    for nb in executed[path]:
        for cell in nb.cells:
            m = cell.cell_type == "code" and EXERCISE_CALL.search(cell.source)
            if not m:
                continue
            out = [o for o in cell.outputs if o.output_type == "execute_result"]
            assert out and WIDGET in out[0].data, (path.name, cell.source, cell.outputs)
            start = declaration(m.group(1)).text(edition(path))[:40]
            assert start in out[0].data["text/plain"], (path.name, m.group(1))
            assert html.escape(start) in out[0].data["text/html"], (path.name, m.group(1))
    assert not list(NOTEBOOK_DIR.rglob(f".rolecomp-answers-{LEARNER}*")), "running a notebook wrote answers"
