"""What a learner sees when the data files are broken: the problems, not a traceback.

The data folder is switched with ``ROLECOMP_DATA_DIR`` to a copy of ``data/`` with known
mistakes. The notebook-side checks run a small notebook in a real kernel (nbclient, in a thread
of its own, as ``tests/test_notebooks.py`` does), importing this checkout's ``rolecomp``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import csv
import os
import re
import shutil
import tempfile
from pathlib import Path

import nbformat
import pytest

import rolecomp
from rolecomp.data import RoleDataError, data_dir

REPO = Path(__file__).resolve().parents[1]

# The mistakes put into the copy, and the problem line each must produce (path from the data
# folder on: the page never names the folder's full path).
BAD_VALUE = ("parameters.csv", 3, "value", "lots")     # a parameter's value that is not a number
BAD_SCORE = ("attributes.csv", 4, "score", "9")         # a score outside 1..5


def _spoil(folder: Path, name: str, line: int, column: str, value: str) -> None:
    path = folder / name
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows[line - 1][rows[0].index(column)] = value  # line 1 is the header
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


@pytest.fixture
def broken_data(tmp_path) -> Path:
    """A copy of ``data/`` (as ``<tmp>/classdata/``) with BAD_VALUE and BAD_SCORE in it."""
    folder = tmp_path / "classdata"
    shutil.copytree(REPO / "data", folder, ignore=shutil.ignore_patterns("*.md"))
    for name, line, column, value in (BAD_VALUE, BAD_SCORE):
        _spoil(folder, name, line, column, value)
    return folder


def test_rolecomp_data_dir_names_another_data_folder(broken_data, monkeypatch):
    monkeypatch.setenv("ROLECOMP_DATA_DIR", str(broken_data))
    assert data_dir() == broken_data
    with pytest.raises(RoleDataError) as info:
        rolecomp.load_parameters()
    name, line, column, value = BAD_VALUE
    assert [(p.path, p.line, p.column) for p in info.value.problems] == [
        (str(broken_data / name), line, column)]
    assert value in info.value.problems[0].message


def test_an_empty_rolecomp_data_dir_means_the_packaged_data(monkeypatch):
    monkeypatch.setenv("ROLECOMP_DATA_DIR", "")
    assert (data_dir() / "roles.csv").is_file()
    assert len(rolecomp.load_roles()) > 0


# ------------------------------------------------------------------ the message itself


def _err(path: str) -> RoleDataError:
    from rolecomp.data import Problem

    return RoleDataError([Problem(path, 4, "score", "9 is out of range"),
                          Problem(path, 7, None, f"cannot be read ({path} is locked)")])


def test_display_lines_name_the_file_from_its_data_folder_on():
    err = _err("/srv/school/secret/classdata/attributes.csv")
    assert err.display_lines() == [
        "2 problems in the data:",
        "classdata/attributes.csv:4: column 'score': 9 is out of range",
        "classdata/attributes.csv:7: cannot be read (classdata/attributes.csv is locked)",
    ]
    assert "/srv/school" in str(err), "str() (check-data, logs) keeps the full path"
    assert _err("data/attributes.csv").display_lines()[1] == \
        "data/attributes.csv:4: column 'score': 9 is out of range"


def test_render_traceback_is_only_the_message(monkeypatch):
    monkeypatch.delenv("VOILA_KERNEL_ID", raising=False)
    lines = _err("/srv/school/classdata/attributes.csv")._render_traceback_()
    assert len(lines) == 3 and "RoleDataError" in lines[0] and "2 problems in the data:" in lines[0]
    assert not any("/srv" in line or "File " in line for line in lines)


def test_html_escapes_the_message():
    from rolecomp.data import Problem

    html = RoleDataError([Problem("/x/data/roles.csv", 2, "name_en", "'<b>' is not allowed")])._repr_html_()
    assert "rolecomp-data-error" in html and "&lt;b&gt;" in html and "<b>" not in html
    assert "data/roles.csv:2" in html and "/x/" not in html


# ------------------------------------------------------------------ in a real kernel

ANSI = re.compile(r"\x1b\[[0-9;]*m")
FRAME = re.compile(r'^\s*(File "|File \S+:\d+|Cell In\[|Traceback|-{20,})', re.M)
CELLS = [
    "import rolecomp",
    "rolecomp.ReachExplorer()",   # an explorer: its parameters are broken
    "rolecomp.load_attributes()",  # a loader: a score is out of range
]


def _run_cells(env: dict, cells=CELLS) -> list[list[dict]]:
    """Each cell's outputs, run in order in a fresh kernel with ``env``."""
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}

    async def run(sockets: str):
        km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(sockets, "k"))
        client = NotebookClient(nb, km=km, timeout=120, allow_errors=True,
                                resources={"metadata": {"path": str(REPO / "notebooks")}})
        async with client.async_setup_kernel(env=env):
            for index, cell in enumerate(client.nb.cells):
                await client.async_execute_cell(cell, index, execution_count=index + 1)
        return [[dict(o) for o in c.outputs] for c in client.nb.cells]

    with tempfile.TemporaryDirectory() as sockets, concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run(sockets)).result()


def _kernel_env(broken: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "VOILA_KERNEL_ID"}
    # this checkout's rolecomp, whatever the environment has installed
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env["ROLECOMP_DATA_DIR"] = str(broken)
    env.update(extra)
    return env


def _expected(name: str, line: int, column: str) -> str:
    return f"classdata/{name}:{line}: column '{column}': "


def test_a_broken_data_file_shows_its_message_not_a_traceback(broken_data):
    outputs = _run_cells(_kernel_env(broken_data))
    assert [o["output_type"] for o in outputs[0]] == [], outputs[0]
    for cell, (name, line, column, value) in ((1, BAD_VALUE), (2, BAD_SCORE)):
        errors = [o for o in outputs[cell] if o["output_type"] == "error"]
        assert len(errors) == 1 and errors[0]["ename"] == "RoleDataError", outputs[cell]
        shown = ANSI.sub("", "\n".join(errors[0]["traceback"]))
        assert not FRAME.search(shown), f"cell {cell} shows traceback frames:\n{shown}"
        assert str(broken_data) not in shown and str(REPO) not in shown, shown
        problem = next((s for s in shown.splitlines() if s.startswith(_expected(name, line, column))), None)
        assert problem and value in problem, f"cell {cell}: no problem line for {name}:{line}:\n{shown}"
        # a notebook shows it once: no extra display output outside Voila
        assert [o["output_type"] for o in outputs[cell]] == ["error"], outputs[cell]


def test_under_voila_the_message_is_also_an_ordinary_output(broken_data):
    """Voila replaces an error output's text unless it shows tracebacks: the message must also
    reach the page as a display output (text and HTML), with no server path in it."""
    outputs = _run_cells(_kernel_env(broken_data, VOILA_KERNEL_ID="test-kernel"))
    for cell, (name, line, column, value) in ((1, BAD_VALUE), (2, BAD_SCORE)):
        shown = [o for o in outputs[cell] if o["output_type"] == "display_data"]
        assert len(shown) == 1, outputs[cell]
        text, html = shown[0]["data"]["text/plain"], shown[0]["data"]["text/html"]
        assert _expected(name, line, column) in text and value in text, text
        assert "rolecomp-data-error" in html and f"classdata/{name}:{line}:" in html, html
        for part in (text, html):
            assert str(broken_data) not in part and "Traceback" not in part and 'File "' not in part


# ------------------------------------------------------------------ a mistyped exercise id

TYPO_CELLS = [
    "import rolecomp",
    'rolecomp.exercise("99-9")',
    'rolecomp.my_answers("42")',
    'rolecomp.set_language("zh")\nrolecomp.exercise("１２-x")',
]


@pytest.mark.parametrize("voila", [False, True], ids=["notebook", "voila"])
def test_a_mistyped_exercise_id_shows_one_line_in_the_learners_language(voila):
    env = {k: v for k, v in os.environ.items() if k != "VOILA_KERNEL_ID"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    if voila:
        env["VOILA_KERNEL_ID"] = "test-kernel"
    outputs = _run_cells(env, TYPO_CELLS)
    wanted = {1: "There is no exercise '99-9'", 2: "There are no exercises in notebook '42'",
              3: "没有编号为"}
    for cell, words in wanted.items():
        errors = [o for o in outputs[cell] if o["output_type"] == "error"]
        assert len(errors) == 1 and errors[0]["ename"] == "ExerciseIdError", outputs[cell]
        shown = ANSI.sub("", "\n".join(errors[0]["traceback"]))
        assert not FRAME.search(shown) and len(shown.splitlines()) == 1, f"cell {cell}:\n{shown}"
        assert words in shown, shown
        displayed = [o for o in outputs[cell] if o["output_type"] == "display_data"]
        if voila:  # Voilà hides an error's text: the message is an ordinary output too
            assert len(displayed) == 1 and words in displayed[0]["data"]["text/html"], outputs[cell]
        else:
            assert not displayed, outputs[cell]
