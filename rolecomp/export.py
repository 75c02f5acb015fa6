"""``python -m rolecomp export-figures OUTDIR``: every chart at its default values, for slides.

All or nothing, and only inside OUTDIR:

- every chart is drawn in memory first, so broken data or a bug stops the run before any
  file is touched;
- each file is then written to a temporary file in OUTDIR and flushed to the disk, so a full
  disk shows up before any target is touched;
- only then is each one put in place atomically. Without ``force`` a target that exists at that
  moment (even one that appeared during the run) is never replaced; with ``force`` the entry
  itself is replaced, so a symlink in OUTDIR is replaced, never followed;
- on any failure (or Ctrl-C) the files this run placed are removed, the entries it replaced are
  put back, its temporary files are deleted, and one line says what happened (status 2).

OUTDIR itself may be a symlink to a folder: that is the folder the user gave.
"""

from __future__ import annotations

import errno
import io
import os
import secrets
import stat
import sys
from contextlib import contextmanager
from pathlib import Path

__all__ = ["export_figures", "figure_names"]

#: File stem of each contrast's chart (its notebook's number and the contrast's id), in workshop order.
_CHARTS = (
    ("04_three_roles", "three_roles"),
    ("03_channel_dependence", "channel_dependence"),
    ("05_reach", "reach"),
    ("02_one_off_vs_ongoing", "one_off_vs_ongoing"),
    ("01_value_presentation", "value_presentation"),
)

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
#: Where the OS has ``*at`` calls, every entry is made relative to the folder opened once.
_DIR_FD = all(f in os.supports_dir_fd for f in (os.open, os.stat, os.link, os.rename, os.unlink))
#: ``os.link`` errors that mean "this file system has no hard links" (e.g. FAT on a USB stick).
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS}


def figure_names(lang: str = "en", fmt: str = "png") -> list[str]:
    """File names that :func:`export_figures` writes.

    Examples
    --------
    >>> figure_names("zh", "svg")[0]
    '04_three_roles-zh.svg'
    """
    return [f"{stem}-{lang}.{fmt}" for stem, _ in _CHARTS]


def _progress(i: int, n: int, label: str) -> None:
    width = 24
    done = round(width * i / n)
    end = "\n" if i == n else ""
    sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {i}/{n} {label:<40}{end}")
    sys.stderr.flush()


class _Stop(Exception):
    """The export stops; the message (after ``error: ``) says why."""


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


class _Folder:
    """OUTDIR, opened once; entries are made in it by name and no symlink in it is followed."""

    def __init__(self, path: Path):
        self.path = path
        self.fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) if _DIR_FD else None
        self._at = {"dir_fd": self.fd} if _DIR_FD else {}
        self._at2 = {"src_dir_fd": self.fd, "dst_dir_fd": self.fd} if _DIR_FD else {}
        self._nofollow = {"follow_symlinks": False} if os.link in os.supports_follow_symlinks else {}

    def _p(self, name: str) -> str:
        return name if _DIR_FD else os.path.join(self.path, name)

    def create(self, name: str) -> int:
        """Create ``name`` for writing; fail if any entry (a symlink too) has that name."""
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
        return os.open(self._p(name), flags, 0o666, **self._at)

    def lstat(self, name: str) -> os.stat_result | None:
        try:
            return os.stat(self._p(name), follow_symlinks=False, **self._at)
        except FileNotFoundError:
            return None

    def link(self, src: str, dst: str) -> None:
        """A second name for the entry ``src`` (a symlink itself, not its target); fail if ``dst`` exists."""
        os.link(self._p(src), self._p(dst), **self._at2, **self._nofollow)

    def replace(self, src: str, dst: str) -> None:
        os.replace(self._p(src), self._p(dst), **self._at2)

    def unlink(self, name: str) -> None:
        os.unlink(self._p(name), **self._at)

    def sync(self) -> None:
        if self.fd is not None:
            try:
                os.fsync(self.fd)  # the new names survive a power cut
            except OSError:
                pass

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)


def _write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` to ``fd`` and flush it to the disk, so that a full disk shows here."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.fsync(fd)


def _ident(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


class _Placement:
    """Writes the files of one run into a :class:`_Folder` and can undo all of it."""

    def __init__(self, folder: _Folder, force: bool):
        self.folder = folder
        self.force = force
        self.hard_links = True
        self.current = ""  # the target being written or placed, for the error message
        self.temps: dict[str, str] = {}  # target -> our temporary file, still in the folder
        self.ours: dict[str, tuple[int, int]] = {}  # target -> (device, inode) of the file we put there
        self.backups: dict[str, tuple[str, bool]] = {}  # target -> (its previous entry's new name, moved?)
        self.placed: list[str] = []  # targets that now hold our file

    def _hidden_name(self, name: str, suffix: str) -> str:
        return f".{name}.{secrets.token_hex(4)}.{suffix}"

    def write_temp(self, name: str, data: bytes) -> None:
        self.current = name
        for _ in range(100):  # a random name is taken only by chance
            tmp = self._hidden_name(name, "tmp")
            try:
                fd = self.folder.create(tmp)
                break
            except FileExistsError:
                continue
        else:
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), tmp)
        self.temps[name] = tmp
        try:
            self.ours[name] = _ident(os.fstat(fd))
            _write_all(fd, data)
        finally:
            os.close(fd)

    def place(self, name: str) -> None:
        self.current = name
        where = self.folder.path / name
        st = self.folder.lstat(name)
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise _Stop(f"{where} is a folder, not a file; nothing was written. "
                        "Move it away or choose another folder.")
        if self.force:
            if st is not None:
                self._back_up(name)
            self.folder.replace(self.temps[name], name)
            del self.temps[name]
            self.placed.append(name)
            return
        try:
            if self.hard_links:
                try:
                    self.folder.link(self.temps[name], name)  # fails if anything has that name now
                except OSError as exc:
                    if exc.errno not in _NO_HARD_LINKS or isinstance(exc, FileExistsError):
                        raise
                    self.hard_links = False
                else:
                    self.placed.append(name)
                    self.folder.unlink(self.temps[name])
                    del self.temps[name]
                    return
            # No hard links here: claim the name exclusively, then move our file onto the claim.
            fd = self.folder.create(name)
            tmp_ident, self.ours[name] = self.ours[name], _ident(os.fstat(fd))
            os.close(fd)
            self.placed.append(name)
            self.folder.replace(self.temps[name], name)
            del self.temps[name]
            self.ours[name] = tmp_ident
        except FileExistsError:
            raise _Stop(f"{where} appeared during the export; nothing was written. "
                        "Add --force to overwrite it, or choose another folder.") from None

    def _back_up(self, name: str) -> None:
        """Keep the entry at ``name`` under a hidden name, so that a failure can put it back."""
        bak = self._hidden_name(name, "old")
        if self.hard_links:
            try:
                self.folder.link(name, bak)
            except FileNotFoundError:
                return
            except OSError as exc:
                st = self.folder.lstat(name)
                if exc.errno not in _NO_HARD_LINKS or (st is not None and stat.S_ISDIR(st.st_mode)):
                    raise
                self.hard_links = False
            else:
                self.backups[name] = (bak, False)
                return
        try:
            self.folder.replace(name, bak)
        except FileNotFoundError:
            return
        self.backups[name] = (bak, True)

    def commit(self) -> list[str]:
        """Forget the entries that were replaced; return what could not be removed."""
        left = []
        for bak, _moved in self.backups.values():
            try:
                self.folder.unlink(bak)
            except FileNotFoundError:
                pass
            except OSError:
                left.append(str(self.folder.path / bak))
        self.backups.clear()
        self.folder.sync()
        return left

    def rollback(self) -> list[str]:
        """Undo the run; return what could not be undone, one phrase each."""
        left = []
        path = self.folder.path

        def attempt(action, what: str, *names: str) -> None:
            try:
                action(*names)
            except FileNotFoundError:
                pass
            except OSError:
                left.append(what)

        for name in reversed(self.placed):
            if name in self.backups:  # put the previous entry back
                bak = self.backups.pop(name)[0]
                attempt(self.folder.replace, f"the previous {path / name} is {path / bak}", bak, name)
                continue
            st = self.folder.lstat(name)
            if st is not None and _ident(st) == self.ours.get(name):  # never remove a file we did not write
                attempt(self.folder.unlink, f"{path / name}", name)
        for name, (bak, moved) in self.backups.items():  # backed up, then the replace failed
            if moved:
                attempt(self.folder.replace, f"the previous {path / name} is {path / bak}", bak, name)
            else:
                attempt(self.folder.unlink, f"{path / bak}", bak)
        self.backups.clear()
        for tmp in self.temps.values():
            attempt(self.folder.unlink, f"{path / tmp}", tmp)
        self.temps.clear()
        self.folder.sync()
        return left


def _render(lang: str, fmt: str) -> list[bytes]:
    """Every chart's file content, drawn in memory, with the progress bar."""
    import matplotlib as mpl

    from rolecomp import charts
    from rolecomp.i18n import chart_rc

    names = figure_names(lang, fmt)
    n = len(names)
    blobs = []
    try:
        for i, ((_stem, contrast), name) in enumerate(zip(_CHARTS, names, strict=True), 1):
            _progress(i - 1, n, contrast)
            figure = charts.draw(contrast, lang=lang)  # the chart alone, at its defaults: no widgets
            buf = io.BytesIO()
            with mpl.rc_context(chart_rc(lang)):
                figure.savefig(buf, format=fmt, dpi=150 if fmt == "png" else None)
            blobs.append(buf.getvalue())
            _progress(i, n, name)
    except BaseException:
        sys.stderr.write("\n")  # end the progress bar's line before the message
        raise
    return blobs


def _check_folder(out: Path, names: list[str], force: bool) -> None:
    """Refuse before drawing anything: OUTDIR is not a folder, or a target is in the way."""
    try:
        st = out.stat()  # follows a symlink: OUTDIR is the folder the user gave
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _Stop(f"cannot use {out}: {_why(exc)}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise _Stop(f"{out} exists and is not a folder")
    existing = []
    for name in names:
        try:
            entry = os.stat(out / name, follow_symlinks=False)  # a symlink counts, even a broken one
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise _Stop(f"cannot use {out / name}: {_why(exc)}") from None
        if stat.S_ISDIR(entry.st_mode):
            raise _Stop(f"{out / name} is a folder, not a file; nothing was written. "
                        "Move it away or choose another folder.")
        existing.append(out / name)
    if existing and not force:
        raise _Stop(f"{len(existing)} file(s) already exist, e.g. {existing[0]}; nothing was written. "
                    "Add --force to overwrite them, or choose another folder.")


def _make_folder(out: Path) -> list[Path]:
    """Create OUTDIR and its missing parents; return the folders created, deepest first."""
    missing = []
    p = out
    while p != p.parent and not os.path.lexists(p):
        missing.append(p)
        p = p.parent
    try:
        out.mkdir(parents=True, exist_ok=True)
        if not os.access(out, os.W_OK | os.X_OK):  # fail now, not after drawing every chart
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    except OSError as exc:
        _remove_folders(missing)
        verb = "write in" if os.path.isdir(out) else "create"
        raise _Stop(f"cannot {verb} {out}: {_why(exc)}; nothing was written") from None
    return missing


def _remove_folders(created: list[Path]) -> None:
    """Remove the folders this run created (deepest first), as long as they are empty."""
    for p in created:
        try:
            p.rmdir()
        except OSError:
            break


def _export(out: Path, lang: str, fmt: str, force: bool) -> int:
    from rolecomp.data import RoleDataError

    names = figure_names(lang, fmt)
    _check_folder(out, names, force)
    with _writing_into(out) as folder:
        try:
            blobs = _render(lang, fmt)
        except RoleDataError as exc:
            n = len(exc.problems)
            raise _Stop("\n".join([f"the data has {n} problem{'s' if n != 1 else ''}; nothing was "
                                   "written. Fix them (make check-data lists them too) and run "
                                   "again:", *map(str, exc.problems)])) from None
        except OSError as exc:
            raise _Stop(f"cannot draw the charts: {exc}; nothing was written") from None
        except (KeyError, ValueError) as exc:  # e.g. data/parameters.csv lacks a group a chart needs
            why = exc.args[0] if exc.args else exc
            raise _Stop(f"cannot draw the charts: {why}; nothing was written") from None
        left = _place_all(folder, out, dict(zip(names, blobs, strict=True)), force)
    note = f" (could not remove {', '.join(left)})" if left else ""
    print(f"wrote {len(names)} {fmt.upper()} figures to {out}{note}")
    return 0


@contextmanager
def _writing_into(out: Path):
    """The folder ``out`` opened for writing (made if missing, with its missing parents); on any
    failure inside, the folders this made are removed again and a :class:`_Stop` for a folder that
    cannot be opened says why."""
    created = _make_folder(out)
    try:
        try:
            folder = _Folder(out)
        except OSError as exc:
            raise _Stop(f"cannot use {out}: {_why(exc)}") from None
        try:
            yield folder
        finally:
            folder.close()
    except BaseException:
        _remove_folders(created)
        raise


def _place_all(folder: _Folder, out: Path, blobs: dict[str, bytes], force: bool) -> list[str]:
    """Write every ``name: data`` of ``blobs`` into ``folder`` all or nothing: each to a
    temporary file first, then each put in place; on any failure what this wrote is rolled back
    and one :class:`_Stop` says why. Returns what could not be cleaned up afterwards."""
    run = _Placement(folder, force)
    try:
        for name, data in blobs.items():
            run.write_temp(name, data)
        for name in blobs:
            run.place(name)
    except BaseException as exc:
        left = run.rollback()
        note = f" (left behind: {'; '.join(left)})" if left else ""
        if isinstance(exc, _Stop):
            raise _Stop(f"{exc}{note}") from None
        if isinstance(exc, OSError):
            raise _Stop(f"cannot write {out / run.current}: {_why(exc)}; nothing was written{note}") from None
        raise
    return run.commit()


def export_figures(outdir, lang: str = "en", fmt: str = "png", force: bool = False) -> int:
    """Write every explorer's chart at its default values; return an exit status.

    All or nothing: the charts are drawn in memory, written to temporary files in ``outdir``
    and put in place atomically. No file outside ``outdir`` is ever written, even through a
    symlink in it. On any problem the files this run wrote are removed, one line on stderr says
    what happened (a list of the problems, for broken data, as ``check-data`` prints them) and
    the status is 2.

    Parameters
    ----------
    outdir : str or Path
        The folder to write into; created if missing.
    lang : {"en", "zh"}
        The charts' language.
    fmt : {"png", "svg"}
        The file format.
    force : bool
        Replace existing files (a symlink is replaced itself, never followed). Without it, the
        run refuses when any target exists, and stops if one appears while it runs.

    Returns
    -------
    int
        0 when every file was written, 2 when none was.

    Examples
    --------
    A folder that holds one of the files already: nothing is drawn or written.

    >>> import pathlib, shutil, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / figure_names("en", "svg")[0]).write_text("my edited slide")
    >>> export_figures(folder, fmt="svg")
    2
    >>> (folder / figure_names("en", "svg")[0]).read_text()
    'my edited slide'
    >>> shutil.rmtree(folder)
    """
    try:
        return _export(Path(outdir), lang, fmt, force)
    except _Stop as stop:
        print(f"error: {stop}", file=sys.stderr)
        return 2
