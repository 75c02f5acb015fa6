"""export-figures: all five files or none, only inside the folder given, one line on failure.

Most tests swap the explorers for fakes that draw a few bytes instantly, so each run takes
milliseconds; the two ``test_cli_*`` tests draw the real charts in a real process.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import rolecomp.data
from rolecomp import charts as charts_mod
from rolecomp import export as export_mod
from rolecomp.__main__ import main
from rolecomp.data import check_file, data_dir
from rolecomp.export import figure_names

NAMES = figure_names("en", "svg")
CONTRASTS = [contrast for _stem, contrast in export_mod._CHARTS]


def chart_bytes(i: int) -> bytes:
    return f'<svg xmlns="http://www.w3.org/2000/svg"><!-- chart {i} --></svg>\n'.encode() * 40


class FakeCharts:
    """Fake charts: chart ``i`` is ``chart_bytes(i)``; ``on_draw[i]`` runs while it is drawn."""

    def __init__(self, monkeypatch):
        self.on_draw: dict[int, object] = {}
        monkeypatch.setattr(charts_mod, "draw", lambda contrast, lang="en": self._figure(CONTRASTS.index(contrast)))

    def _figure(self, i: int):
        charts = self

        class Figure:
            def savefig(self, fname, format=None, dpi=None):
                if i in charts.on_draw:
                    charts.on_draw[i]()
                if hasattr(fname, "write"):
                    fname.write(chart_bytes(i))
                else:
                    with open(fname, "wb") as f:
                        f.write(chart_bytes(i))

        return Figure()


@pytest.fixture
def charts(monkeypatch):
    return FakeCharts(monkeypatch)


def export(capsys, out, *flags) -> tuple[int, str]:
    """Run the command in this process; return its status and the lines it wrote to stderr."""
    try:
        status = main(["export-figures", str(out), "--format", "svg", *flags])
    except BaseException as exc:  # the old code let these through: a traceback for the user
        pytest.fail(f"export-figures raised {exc!r} instead of printing one line")
    err = capsys.readouterr().err
    return status, err


def error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def entries(folder: Path) -> list[str]:
    """Every name in the folder, hidden temporary files included."""
    return sorted(os.listdir(folder))


def assert_full_set(out: Path) -> None:
    assert entries(out) == sorted(NAMES)
    for i, name in enumerate(NAMES):
        path = out / name
        assert not path.is_symlink() and path.read_bytes() == chart_bytes(i)


# ------------------------------------------------------------------ the ordinary run


def test_writes_the_five_files_and_nothing_else(charts, capsys, tmp_path):
    out = tmp_path / "new" / "slides"  # missing parents are created
    status, err = export(capsys, out)
    assert status == 0, err
    assert_full_set(out)
    assert "5/5" in err  # the progress bar reached the end


def test_existing_file_refused_without_force_replaced_with_force(charts, capsys, tmp_path):
    victim = tmp_path / NAMES[1]
    victim.write_text("my edited slide")
    status, err = export(capsys, tmp_path)
    assert status == 2 and "--force" in error_line(err)
    assert entries(tmp_path) == [NAMES[1]] and victim.read_text() == "my edited slide"
    status, err = export(capsys, tmp_path, "--force")
    assert status == 0, err
    assert_full_set(tmp_path)


# ------------------------------------------------------------------ a file appearing mid-run


def _make_foreign(kind: str, target: Path, outside: Path) -> None:
    if kind == "file":
        target.write_text("someone else's file")
    else:  # a symlink to a file outside the folder
        outside.write_text("outside")
        target.symlink_to(outside)


def _foreign_untouched(kind: str, target: Path, outside: Path) -> None:
    if kind == "file":
        assert not target.is_symlink() and target.read_text() == "someone else's file"
    else:
        assert target.is_symlink() and os.readlink(target) == str(outside)
        assert outside.read_text() == "outside"


@pytest.mark.parametrize("kind", ["file", "symlink"])
def test_file_appearing_while_drawing_is_not_overwritten(charts, capsys, tmp_path, kind):
    out, outside = tmp_path / "slides", tmp_path / "outside.txt"
    out.mkdir()
    foreign = out / NAMES[3]
    charts.on_draw[1] = lambda: _make_foreign(kind, foreign, outside)  # after the up-front check
    status, err = export(capsys, out)
    assert status == 2 and "appeared" in error_line(err)
    _foreign_untouched(kind, foreign, outside)
    assert entries(out) == [NAMES[3]]  # this run's other files (placed before the 4th) were removed


def test_file_appearing_just_before_it_is_placed_is_not_overwritten(charts, capsys, tmp_path, monkeypatch):
    foreign = tmp_path / NAMES[3]
    real_link = export_mod._Folder.link

    def link(self, src, dst):
        if dst == NAMES[3]:
            foreign.write_text("someone else's file")
        real_link(self, src, dst)

    monkeypatch.setattr(export_mod._Folder, "link", link)
    status, err = export(capsys, tmp_path)
    assert status == 2 and "appeared" in error_line(err)
    assert entries(tmp_path) == [NAMES[3]] and foreign.read_text() == "someone else's file"


# ------------------------------------------------------------------ symlinks never followed


@pytest.mark.parametrize("points_to", ["a file", "nothing yet", "a folder"])
@pytest.mark.parametrize("force", [False, True])
def test_symlink_in_the_folder_is_never_followed(charts, capsys, tmp_path, force, points_to):
    out, elsewhere = tmp_path / "slides", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    outside = elsewhere / "precious"
    if points_to == "a file":
        outside.write_text("precious")
    elif points_to == "a folder":
        outside.mkdir()
    link = out / NAMES[0]
    link.symlink_to(outside)
    status, err = export(capsys, out, *(["--force"] if force else []))
    if force:
        assert status == 0, err
        assert_full_set(out)  # the symlink itself was replaced by a file
    else:
        assert status == 2 and "--force" in error_line(err)
        assert entries(out) == [NAMES[0]] and os.readlink(link) == str(outside)
    # nothing was written outside the folder
    assert os.listdir(elsewhere) == ([] if points_to == "nothing yet" else ["precious"])
    if points_to == "a file":
        assert outside.read_text() == "precious"
    if points_to == "a folder":
        assert os.listdir(outside) == []


def test_the_folder_itself_may_be_a_symlink(charts, capsys, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "alias").symlink_to(real)
    status, err = export(capsys, tmp_path / "alias")
    assert status == 0, err
    assert_full_set(real)


# ------------------------------------------------------------------ write failures: all or nothing


def _full_disk_at_third_file(monkeypatch):
    real_write_all = export_mod._write_all
    calls = []

    def write_all(fd, data):
        calls.append(fd)
        if len(calls) == 3:
            os.write(fd, data[: len(data) // 2])  # half an SVG, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write_all(fd, data)

    monkeypatch.setattr(export_mod, "_write_all", write_all)


def test_disk_full_leaves_no_file_and_the_next_run_succeeds(charts, capsys, tmp_path, monkeypatch):
    with monkeypatch.context() as m:
        _full_disk_at_third_file(m)
        status, err = export(capsys, tmp_path)
    line = error_line(err)
    assert status == 2 and "No space left on device" in line and NAMES[2] in line
    assert entries(tmp_path) == []  # no file of the set, no temporary file
    status, err = export(capsys, tmp_path)
    assert status == 0, err
    assert_full_set(tmp_path)


def test_disk_full_with_force_leaves_the_previous_set_untouched(charts, capsys, tmp_path, monkeypatch):
    for name in NAMES:
        (tmp_path / name).write_text(f"last week's {name}")
    _full_disk_at_third_file(monkeypatch)
    status, err = export(capsys, tmp_path, "--force")
    assert status == 2 and "No space left on device" in error_line(err)
    assert entries(tmp_path) == sorted(NAMES)
    assert all((tmp_path / name).read_text() == f"last week's {name}" for name in NAMES)


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_real_failed_write_leaves_no_file(tmp_path):
    """The OS refuses the 3rd file (a file-size limit, as a full disk would): nothing stays."""
    script = textwrap.dedent("""
        import resource, signal, sys, types
        import matplotlib, rolecomp, rolecomp.i18n  # loaded (caches read) before the limit
        from rolecomp.__main__ import main
        import rolecomp.charts
        from rolecomp.export import _CHARTS

        class Figure:  # chart i is 1000 * (i + 1) bytes; the limit stops the 3rd
            def __init__(self, size):
                self.size = size
            def savefig(self, fname, format=None, dpi=None):
                if hasattr(fname, "write"):
                    fname.write(b"x" * self.size)
                else:
                    with open(fname, "wb") as f:
                        f.write(b"x" * self.size)

        order = [contrast for _stem, contrast in _CHARTS]
        rolecomp.charts.draw = lambda contrast, lang="en": Figure(1000 * (order.index(contrast) + 1))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (2999, resource.RLIM_INFINITY))
        sys.exit(main(["export-figures", sys.argv[1], "--format", "svg"]))
    """)
    r = subprocess.run([sys.executable, "-B", "-c", script, str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 2, r.stderr
    assert "File too large" in error_line(r.stderr)
    assert entries(tmp_path) == []


def test_permission_denied_is_one_line(charts, capsys, tmp_path, monkeypatch):
    def refuse(self, name):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), name)

    monkeypatch.setattr(export_mod._Folder, "create", refuse)
    status, err = export(capsys, tmp_path)
    assert status == 2 and "Permission denied" in error_line(err)
    assert entries(tmp_path) == []


@pytest.mark.parametrize("where", ["the folder", "its parent"])
def test_read_only_folder_is_one_line(charts, capsys, tmp_path, where):
    ro = tmp_path / "ro"
    ro.mkdir()
    out = ro if where == "the folder" else ro / "slides"
    ro.chmod(0o555)
    try:
        if os.access(ro, os.W_OK):
            pytest.skip("this user (root?) can write in a read-only folder")
        status, err = export(capsys, out)
        assert status == 2 and "Permission denied" in error_line(err)
        assert entries(ro) == []
    finally:
        ro.chmod(0o755)


def test_name_too_long_is_one_line(charts, capsys, tmp_path):
    out = tmp_path / ("n" * 300)
    status, err = export(capsys, out)
    assert status == 2 and "too long" in error_line(err)
    assert entries(tmp_path) == []


@pytest.mark.parametrize("force", [False, True])
def test_target_that_is_a_folder_is_left_alone(charts, capsys, tmp_path, force):
    folder = tmp_path / NAMES[2]
    folder.mkdir()
    (folder / "inside.txt").write_text("kept")
    status, err = export(capsys, tmp_path, *(["--force"] if force else []))
    assert status == 2 and "is a folder" in error_line(err)
    assert entries(tmp_path) == [NAMES[2]] and os.listdir(folder) == ["inside.txt"]


def test_force_failure_puts_the_replaced_files_back(charts, capsys, tmp_path):
    """A folder appears at the 4th name mid-run: the files already replaced get their old content."""
    for name in NAMES[:2]:
        (tmp_path / name).write_text(f"last week's {name}")
    charts.on_draw[4] = lambda: (tmp_path / NAMES[3]).mkdir()
    status, err = export(capsys, tmp_path, "--force")
    assert status == 2 and "is a folder" in error_line(err)
    assert entries(tmp_path) == sorted([*NAMES[:2], NAMES[3]])
    assert all((tmp_path / name).read_text() == f"last week's {name}" for name in NAMES[:2])


def test_interrupt_removes_what_was_placed(charts, capsys, tmp_path, monkeypatch):
    real_link = export_mod._Folder.link

    def link(self, src, dst):
        if dst == NAMES[2]:
            raise KeyboardInterrupt
        real_link(self, src, dst)

    monkeypatch.setattr(export_mod._Folder, "link", link)
    assert main(["export-figures", str(tmp_path), "--format", "svg"]) == 130
    assert "interrupted" in capsys.readouterr().err
    assert entries(tmp_path) == []


# ------------------------------------------------------------------ a file system without hard links


@pytest.fixture
def no_hard_links(monkeypatch):
    """As on FAT (a USB stick): ``link`` fails with EPERM."""
    def link(self, src, dst):
        raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), src)

    monkeypatch.setattr(export_mod._Folder, "link", link)


def test_without_hard_links_the_same_guarantees_hold(charts, capsys, tmp_path, no_hard_links):
    out = tmp_path / "slides"
    status, err = export(capsys, out)
    assert status == 0, err
    assert_full_set(out)
    # a file appearing mid-run is still not overwritten
    shutil.rmtree(out)
    out.mkdir()
    charts.on_draw[1] = lambda: (out / NAMES[3]).write_text("someone else's file")
    status, err = export(capsys, out)
    assert status == 2 and "appeared" in error_line(err)
    assert entries(out) == [NAMES[3]] and (out / NAMES[3]).read_text() == "someone else's file"
    # with --force, a failure still puts the replaced files back
    (out / NAMES[0]).write_text("last week's")
    charts.on_draw = {4: lambda: (out / NAMES[4]).mkdir()}
    status, err = export(capsys, out, "--force")
    assert status == 2 and "is a folder" in error_line(err)
    assert entries(out) == sorted([NAMES[0], NAMES[3], NAMES[4]])
    assert (out / NAMES[0]).read_text() == "last week's"
    assert (out / NAMES[3]).read_text() == "someone else's file"


# ------------------------------------------------------------------ broken data


@pytest.fixture
def broken_data(tmp_path, monkeypatch):
    """A copy of the packaged data, used by the explorers instead of it; returns a breaker."""
    copy = tmp_path / "data"
    copy.mkdir()
    for f in data_dir().glob("*.csv"):
        shutil.copy(f, copy / f.name)
    monkeypatch.setattr(rolecomp.data, "data_dir", lambda: copy)
    rolecomp.data._parameters_cached.cache_clear()
    yield copy
    rolecomp.data._parameters_cached.cache_clear()


def set_cell(path: Path, column: str, value: str) -> None:
    """Put ``value`` in ``column`` of the first data row (line 2) of a CSV file."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header, row = next(csv.reader([lines[0]])), next(csv.reader([lines[1]]))
    row[header.index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(row)
    lines[1] = buf.getvalue()
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.parametrize(("file", "column", "value"), [
    ("attributes.csv", "score", "7"),  # read by the first chart
    ("parameters.csv", "value", "lots"),  # read by the parameter explorers
])
def test_broken_data_gets_check_data_lines(capsys, tmp_path, broken_data, file, column, value):
    path = broken_data / file
    set_cell(path, column, value)
    _, problems = check_file(path)
    assert problems
    out = tmp_path / "slides"
    status, err = export(capsys, out)
    assert status == 2 and "problem" in error_line(err)
    for problem in problems:  # PATH:LINE: column 'NAME': ..., as check-data prints them
        assert f"\n{problem}\n" in err
    assert not out.exists()  # the folder it created was removed again


def test_parameter_group_missing_is_one_line(capsys, tmp_path, broken_data):
    """Each file valid on its own, but a group an explorer needs is gone from parameters.csv."""
    path = broken_data / "parameters.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    group = lines[1].split(",")[0]
    path.write_text("".join(line for line in lines if not line.startswith(f"{group},")), encoding="utf-8")
    out = tmp_path / "slides"
    status, err = export(capsys, out)
    assert status == 2 and "no parameters for group" in error_line(err)
    assert not out.exists()


# ------------------------------------------------------------------ the real charts, in a real process


def run(*args):
    return subprocess.run([sys.executable, "-m", "rolecomp", *args], capture_output=True, text=True)


def test_cli_writes_every_real_chart_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "slides"
    r = run("export-figures", str(out), "--format", "svg", "--lang", "zh")
    assert r.returncode == 0, r.stderr
    names = entries(out)
    assert names == sorted(figure_names("zh", "svg")) and len(names) == 5  # no temporary file left
    assert "5/5" in r.stderr  # the progress bar reached the end
    for p in out.iterdir():
        text = p.read_text(encoding="utf-8")
        assert "<svg" in text[:2000] and text.rstrip().endswith("</svg>")
    # a user's edited file is not overwritten without --force
    victim = out / names[0]
    victim.write_text("my edited slide", encoding="utf-8")
    r = run("export-figures", str(out), "--format", "svg", "--lang", "zh")
    assert r.returncode == 2 and "--force" in r.stderr and "Traceback" not in r.stderr
    assert victim.read_text(encoding="utf-8") == "my edited slide"
    r = run("export-figures", str(out), "--format", "svg", "--lang", "zh", "--force")
    assert r.returncode == 0 and victim.read_text(encoding="utf-8") != "my edited slide"
    assert entries(out) == names


def test_cli_png_and_bad_target(tmp_path):
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
