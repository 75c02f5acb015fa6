"""export-figures: every chart for slides, never overwriting without --force."""

from __future__ import annotations

import subprocess
import sys

from rolecomp.export import figure_names


def run(*args):
    return subprocess.run([sys.executable, "-m", "rolecomp", *args], capture_output=True, text=True)


def test_export_figures_writes_every_chart_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "slides"
    r = run("export-figures", str(out), "--format", "svg", "--lang", "zh")
    assert r.returncode == 0, r.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(figure_names("zh", "svg")) and len(names) == 5
    assert "5/5" in r.stderr  # the progress bar reached the end
    for p in out.iterdir():
        assert "<svg" in p.read_text(encoding="utf-8")[:2000]
    # a user's edited file is not overwritten without --force
    victim = out / names[0]
    victim.write_text("my edited slide", encoding="utf-8")
    r = run("export-figures", str(out), "--format", "svg", "--lang", "zh")
    assert r.returncode == 2 and "--force" in r.stderr and "Traceback" not in r.stderr
    assert victim.read_text(encoding="utf-8") == "my edited slide"
    r = run("export-figures", str(out), "--format", "svg", "--lang", "zh", "--force")
    assert r.returncode == 0 and victim.read_text(encoding="utf-8") != "my edited slide"


def test_export_figures_png_and_bad_target(tmp_path):
    r = run("export-figures", str(tmp_path), "--lang", "en")
    assert r.returncode == 0
    pngs = list(tmp_path.glob("*.png"))
    assert len(pngs) == 5 and all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)
    afile = tmp_path / "file.txt"
    afile.write_text("x")
    r = run("export-figures", str(afile))
    assert r.returncode == 2 and "not a folder" in r.stderr and "Traceback" not in r.stderr
    r = run("export-figures", str(tmp_path), "--format", "gif")
    assert r.returncode == 2 and "Traceback" not in r.stderr
