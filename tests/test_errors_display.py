"""What a learner sees when the data files are broken: the problems, not a traceback.

The data folder is switched with ``ROLECOMP_DATA_DIR`` to a copy of ``data/`` with known
mistakes. The notebook-side checks run a small notebook in a real kernel (nbclient, in a thread
of its own, as ``tests/test_notebooks.py`` does), importing this checkout's ``rolecomp``.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

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
