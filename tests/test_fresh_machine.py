"""What a new user meets first: the README's commands as printed, and the command line in a Python
that lacks the workshop's packages."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _printed_commands() -> list[str]:
    """Every shell command the README prints: lines of its bash blocks and `inline` commands."""
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", README, re.S):
        commands += [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]
    commands += re.findall(r"`((?:make|python3?|\.venv/bin/python|conda|jupyter) [^`]*)`", README)
    return [c for c in commands if c and not c.startswith("#")]


def test_the_readme_prints_commands():
    commands = _printed_commands()
    assert "make lab" in commands and "make test" in commands
    assert any(c.startswith("make export") for c in commands), commands


@pytest.mark.parametrize("command", sorted({c for c in _printed_commands() if c.startswith("make ")}))
def test_every_make_command_in_the_readme_exists(command):
    """``make -n`` fails on an unknown target; variables given as NAME=value are kept."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    args = shlex.split(command)[1:]
    out = subprocess.run([make, "-n", *args], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, f"{command}: {out.stderr.strip()}"


def test_no_bare_python_m_rolecomp_in_the_readme():
    """A bare ``python -m rolecomp`` needs an activated venv: the README uses make or .venv/bin."""
    bare = [c for c in _printed_commands() if re.match(r"python3? -m rolecomp", c)]
    assert not bare, bare


def _run_without(modules: tuple[str, ...], *argv: str) -> subprocess.CompletedProcess:
    code = ("import runpy, sys\n"
            f"for name in {modules!r}:\n"
            "    sys.modules[name] = None  # import of it raises ModuleNotFoundError\n"
            f"sys.argv = ['rolecomp', *{list(argv)!r}]\n"
            "runpy.run_module('rolecomp', run_name='__main__', alter_sys=True)\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                          timeout=120)


def test_doctor_names_a_missing_pandas_in_words():
    out = _run_without(("pandas", "matplotlib"), "doctor")
    text = out.stdout + out.stderr
    assert "Traceback" not in text, text
    assert out.returncode == 1
    assert re.search(r"!! pandas\s+(not installed|cannot be imported)", text), text
    assert "make doctor" in text


@pytest.mark.parametrize("argv", [("check-data", "data/roles.csv"), ("export-figures", "never-written")])
def test_commands_name_a_missing_dependency_in_one_line(argv, tmp_path):
    out = _run_without(("pandas",), *argv)
    assert "Traceback" not in out.stderr, out.stderr
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "'pandas'" in lines[0] and "make lab" in lines[0], out.stderr
    assert not (REPO / "never-written").exists()
