"""The command line: doctor, never a traceback (export-figures: tests/test_export.py)."""

from __future__ import annotations

import subprocess
import sys


def run(*args):
    return subprocess.run([sys.executable, "-m", "rolecomp", *args], capture_output=True, text=True)


def test_doctor_reports_versions_and_fonts():
    r = run("doctor")
    assert "Traceback" not in r.stdout + r.stderr
    for item in ("Python", "jupyterlab", "ipywidgets", "jupyterlab_widgets", "matplotlib", "pandas", "CJK font"):
        assert item in r.stdout
    assert r.returncode in (0, 1)
    assert (r.returncode == 0) == ("->" not in r.stdout)
