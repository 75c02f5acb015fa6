"""Where a learner's answers are kept: a small JSON file per learner in the notebook's folder.

What a learner answers with the answer widgets (:func:`rolecomp.exercise`) survives saving and
reopening the notebook and a kernel restart, because it is written, at each Check, to
``.rolecomp-answers-<learner>.json`` in the kernel's working folder (the notebook's folder in
JupyterLab, Notebook 7 and Voilà). Never into the notebook file, never outside that folder.

Who the learner is
------------------
* ``ROLECOMP_LEARNER``, if set (an instructor's fixed id, or tests);
* else ``JUPYTERHUB_USER``: on a hub every learner has a file of their own, also in a folder
  that several learners share;
* else, under Voilà (``VOILA_KERNEL_ID`` is set in its kernels), the name the learner types in
  the "Your name" box: one Voilà server often serves a whole class from one account, and each
  page load is a new kernel, so nothing else tells two learners apart. Until a name is typed,
  answers are kept for that page only and written nowhere; answers given before the name are
  carried over into it. Two learners who type the same name share a file: the box asks for a
  name and a seat number;
* else the operating-system user (a laptop of one's own).

Writing
-------
Each save reads the file again, replaces only the exercises this kernel changed (so two
notebooks of the same learner open at once do not undo each other), writes a temporary file in
the same folder and moves it over the old one with :func:`os.replace`: the file is either the
old one or the new one, never half written. The file is created readable by its owner only. A
link (symlink) in its place is neither followed nor replaced: answers are then kept in memory
and a message says so. A file that cannot be read as answers (edited by hand, truncated) is set
aside as ``….json.bad`` with a message, and the learner starts afresh.

Examples
--------
>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> store = AnswerStore(folder, "ada")
>>> store.path.name
'.rolecomp-answers-ada.json'
>>> _ = store.record("02-2", "0.5 %", "correct")
>>> AnswerStore(folder, "ada").attempts("02-2")[0]["answer"]
'0.5 %'
>>> AnswerStore(folder, None).path is None  # a Voilà page without a name: kept in memory only
True
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import hashlib
import json
import math
import os
import re
import stat
import tempfile
import time
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

__all__ = ["AnswerStore", "current", "file_name", "in_voila", "learner_from_environment", "set_learner_name"]

FORMAT = "rolecomp-answers"
VERSION = 1
PREFIX = ".rolecomp-answers-"
MAX_BYTES = 2_000_000  # far above a workshop's answers; a bigger file is not read as answers
MAX_ATTEMPTS = 50  # per exercise; the first (a committed prediction) is always kept
MAX_TEXT = 200  # characters of a typed answer or a name
MAX_REASON = 300  # characters of a prediction's reason
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO put in the file's place must not block the kernel


def _msg(en: str, zh: str) -> dict:
    return {"en": en, "zh": zh}


#: Why a file cannot be written, as a Chinese message says it (the system's own text is English).
_OS_ERRORS_ZH = {errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.ENOSPC: "磁盘空间不足",
                 errno.EROFS: "文件系统是只读的", errno.ENOENT: "文件夹不存在", errno.ENOTDIR: "路径不是文件夹",
                 errno.EISDIR: "同名的是一个文件夹", errno.ELOOP: "路径中的链接太多", errno.EIO: "读写出错",
                 errno.ENAMETOOLONG: "文件名太长", errno.EBUSY: "文件正被占用"}
if hasattr(errno, "EDQUOT"):
    _OS_ERRORS_ZH[errno.EDQUOT] = "超出了磁盘配额"


def _os_error_zh(exc: OSError) -> str:
    """Why, in Chinese: ``没有写入权限``; an error without a Chinese wording keeps the system's text.

    Examples
    --------
    >>> _os_error_zh(PermissionError(errno.EACCES, "Permission denied")), _os_error_zh(OSError(errno.EXDEV, "x"))
    ('没有写入权限', '系统错误：x')
    """
    known = _OS_ERRORS_ZH.get(exc.errno)
    return known if known else f"系统错误：{exc.strerror or type(exc).__name__}"


# ------------------------------------------------------------------------------- who


def in_voila() -> bool:
    """True in a kernel that Voilà started (it sets ``VOILA_KERNEL_ID``)."""
    return bool(os.environ.get("VOILA_KERNEL_ID"))


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers)
        return "learner"


def learner_from_environment() -> str | None:
    """The learner this kernel answers for, or None when a name must be typed first (Voilà).

    See the module docstring for the order: ``ROLECOMP_LEARNER``, ``JUPYTERHUB_USER``, Voilà's
    name box, the operating-system user.
    """
    for var in ("ROLECOMP_LEARNER", "JUPYTERHUB_USER"):
        value = os.environ.get(var, "").strip()
        if value:
            return value
    if in_voila():
        return None
    return _os_user()


def _slug(name: str) -> str:
    """A name made safe for a file name: letters (any script), digits, ``-``; at most 40 characters.

    Examples
    --------
    >>> _slug("Li Wei, seat 12"), _slug("张三"), _slug("../../etc/passwd"), _slug("Ｄｏｅ")
    ('li-wei-seat-12', '张三', 'etc-passwd', 'doe')
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[^\w]+|_+", "-", text).strip("-")
    return text[:40].strip("-")


def file_name(learner: str) -> str:
    """The answers file of ``learner``: ``.rolecomp-answers-<learner>.json``, always a plain name
    inside the folder (a name with no letter or digit is replaced by a digest of it).

    Examples
    --------
    >>> file_name("Li Wei"), file_name("..")
    ('.rolecomp-answers-li-wei.json', '.rolecomp-answers-id-5ec1f7e700.json')
    """
    slug = _slug(learner) or "id-" + hashlib.sha256(learner.encode("utf-8", "replace")).hexdigest()[:10]
    return f"{PREFIX}{slug}.json"


# ------------------------------------------------------------------------------- answers as data


def _jsonable(answer):
    """An answer as the file keeps it: text, a finite number, or a dict of such (others as text)."""
    if answer is None or isinstance(answer, bool):
        return answer
    if isinstance(answer, str):
        return answer[:MAX_TEXT]
    if isinstance(answer, int) and abs(answer) < 10**15:
        return answer
    if isinstance(answer, float) and math.isfinite(answer):
        return answer
    if isinstance(answer, Mapping):
        return {str(k)[:MAX_TEXT]: _jsonable(v) for k, v in list(answer.items())[:20]}
    try:
        return str(answer)[:MAX_TEXT]
    except Exception:
        return None


def _valid_attempt(a) -> bool:
    return (isinstance(a, dict) and "answer" in a and isinstance(a.get("status"), str)
            and (a.get("reason") is None or isinstance(a.get("reason"), str)))


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


# ------------------------------------------------------------------------------- the store


class AnswerStore:
    """One learner's answers in one folder (or in memory only, ``learner=None``).

    ``attempts(id)`` lists what was checked, oldest first: ``{"answer", "status", "reason",
    "at"}``; for a prediction the first attempt is the committed one. ``notices`` holds
    messages for the learner (both languages) about the file: set aside, not writable.
    """

    def __init__(self, folder, learner: str | None, *, display: str | None = None):
        self.folder = Path(os.path.abspath(folder))
        self.learner = learner
        self.display = display if display is not None else (learner or "")
        self.path: Path | None = self.folder / file_name(learner) if learner else None
        self.notices: list[dict] = []
        self._records: dict[str, dict] = {}
        self._dirty: set[str] = set()
        self._listeners: list[weakref.WeakMethod | Callable] = []
        self._writable = True
        if self.path is not None:
            self._records = self._load()

    # -------------------------------------------------------------- reading
    def attempts(self, exercise_id: str) -> list[dict]:
        """What was checked for ``exercise_id``, oldest first (copies)."""
        return [dict(a) for a in self._records.get(exercise_id, {}).get("attempts", [])]

    def answered(self) -> list[str]:
        """Ids of the exercises with at least one attempt."""
        return sorted(k for k, r in self._records.items() if r.get("attempts"))

    @property
    def saved(self) -> bool:
        """True when answers are written to a file (not only kept in memory)."""
        return self.path is not None and self._writable

    def _open(self):
        """The file opened for reading without following a link, or None when it is absent."""
        try:
            fd = os.open(self.path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
        except FileNotFoundError:
            return None
        except OSError:
            if self.path.is_symlink():
                raise _LinkInTheWay() from None
            raise
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            raise _LinkInTheWay()
        return os.fdopen(fd, "rb")

    def _read_disk(self) -> dict | None:
        """The file's answers (``{id: record}``), or None when there is no file. Raises
        :class:`_Unreadable` for a file that is not answers, :class:`_LinkInTheWay` for a link."""
        if self.path.is_symlink():
            raise _LinkInTheWay()
        f = self._open()
        if f is None:
            return None
        with f:
            raw = f.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise _Unreadable("too large")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _Unreadable(type(exc).__name__) from None
        if not (isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("answers"), dict)):
            raise _Unreadable("not rolecomp answers")
        out = {}
        for key, record in data["answers"].items():
            if not (isinstance(key, str) and isinstance(record, dict) and isinstance(record.get("attempts"), list)):
                continue
            attempts = [a for a in record["attempts"] if _valid_attempt(a)]
            if attempts:
                out[key] = {"attempts": attempts[:MAX_ATTEMPTS]}
        return out

    def _load(self) -> dict:
        try:
            return self._read_disk() or {}
        except _LinkInTheWay:
            self._refuse_link()
        except _Unreadable:
            self._set_aside()
        except OSError as exc:
            self._cannot_save(exc)
        return {}

    # -------------------------------------------------------------- problems, told to the learner
    def _refuse_link(self) -> None:
        self._writable = False
        name = self.path.name
        self.notices.append(_msg(
            f"{name} in this folder is a link or not a plain file, so your answers are not saved there; they "
            "are kept until the kernel stops.",
            f"这个文件夹里的 {name} 是一个链接或不是普通文件，所以答案不会保存到那里，只保留到内核停止为止。"))

    def _cannot_save(self, exc: OSError) -> None:
        self._writable = False
        why = exc.strerror or type(exc).__name__
        self.notices.append(_msg(
            f"Your answers could not be saved in this folder ({why}); they are kept until the kernel stops.",
            f"答案无法保存到这个文件夹（{_os_error_zh(exc)}），只保留到内核停止为止。"))

    def _set_aside(self) -> None:
        """Move an unreadable file out of the way (``….json.bad``), so nothing is lost or overwritten."""
        bad = self.path.with_name(self.path.name + ".bad")
        n = 1
        while bad.exists() or bad.is_symlink():
            n += 1
            bad = self.path.with_name(f"{self.path.name}.{n}.bad")
        try:
            os.rename(self.path, bad)
        except OSError as exc:
            self._cannot_save(exc)  # leave it where it is, untouched
            return
        self.notices.append(_msg(
            f"Your saved answers ({self.path.name}) could not be read, so the file was set aside as {bad.name} "
            "and you start afresh.",
            f"保存的答案（{self.path.name}）无法读取，所以该文件已改名为 {bad.name} 另存，你将从头开始。"))

    # -------------------------------------------------------------- changing
    def record(self, exercise_id: str, answer, status: str, reason: str | None = None) -> dict:
        """Add an attempt (``status``: what :func:`rolecomp.check` said) and save; return it."""
        attempt = {"answer": _jsonable(answer), "status": str(status),
                   "reason": None if reason is None else str(reason)[:MAX_REASON], "at": _now()}
        attempts = self._records.setdefault(exercise_id, {"attempts": []})["attempts"]
        attempts.append(attempt)
        if len(attempts) > MAX_ATTEMPTS:  # keep the first (the committed prediction) and the latest
            del attempts[1:len(attempts) - MAX_ATTEMPTS + 1]
        self._dirty.add(exercise_id)
        self._save()
        self._notify([exercise_id])
        return dict(attempt)

    def clear(self, exercise_ids: Iterable[str]) -> int:
        """Forget this learner's answers to ``exercise_ids`` (start over); return how many had any."""
        ids = list(exercise_ids)
        n = sum(1 for i in ids if self._records.get(i, {}).get("attempts"))
        for i in ids:
            self._records.pop(i, None)
            self._dirty.add(i)
        self._save()
        self._notify(ids)
        return n

    def adopt(self, other: AnswerStore) -> None:
        """Take over the answers of ``other`` (a Voilà page's, before a name was typed): each of its
        attempts is added after the ones already saved here."""
        for key, record in other._records.items():
            mine = self._records.setdefault(key, {"attempts": []})["attempts"]
            mine.extend(dict(a) for a in record.get("attempts", []))
            del mine[MAX_ATTEMPTS:]
            self._dirty.add(key)
        if other._records:
            self._save()

    def _save(self) -> None:
        if self.path is None or not self._writable or not self._dirty:
            return
        try:
            disk = self._read_disk() or {}
        except _Unreadable:  # spoilt since we read it: keep it aside, write ours
            self._set_aside()
            disk = {}
        except _LinkInTheWay:
            self._refuse_link()
            return
        except OSError as exc:
            self._cannot_save(exc)
            return
        for key in self._dirty:
            if self._records.get(key, {}).get("attempts"):
                disk[key] = self._records[key]
            else:
                disk.pop(key, None)
        data = {"format": FORMAT, "version": VERSION, "learner": self.display[:MAX_TEXT],
                "saved": _now(), "answers": dict(sorted(disk.items()))}
        try:
            self._write(json.dumps(data, ensure_ascii=False, indent=1))
        except _LinkInTheWay:
            self._refuse_link()
            return
        except OSError as exc:
            self._cannot_save(exc)
            return
        self._dirty.clear()
        self._records = disk  # with what other kernels of this learner saved meanwhile

    def _write(self, text: str) -> None:
        """Write ``text`` to the file atomically: a temporary file in the same folder, then
        :func:`os.replace`. A link in the file's place is not replaced."""
        fd, tmp = tempfile.mkstemp(prefix=PREFIX, suffix=".tmp", dir=self.folder)  # O_EXCL, mode 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            if self.path.is_symlink() or (self.path.exists() and not self.path.is_file()):
                raise _LinkInTheWay()
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    # -------------------------------------------------------------- listeners
    def subscribe(self, callback: Callable) -> None:
        """Call ``callback(ids)`` after answers change; a bound method is held weakly."""
        try:
            self._listeners.append(weakref.WeakMethod(callback))
        except TypeError:
            self._listeners.append(callback)

    def _notify(self, ids) -> None:
        alive = []
        for ref in self._listeners:
            fn = ref() if isinstance(ref, weakref.WeakMethod) else ref
            if fn is None:
                continue
            alive.append(ref)
            fn(list(ids))
        self._listeners = alive


class _Unreadable(Exception):
    """The file is not a rolecomp answers file."""


class _LinkInTheWay(OSError):
    """A link (or a non-file) stands where the answers file belongs."""


# ------------------------------------------------------------------------------- this kernel's store

_state: dict = {"store": None, "folder": None, "name": None}


def current() -> AnswerStore:
    """This kernel's store: the learner's file in the current working folder."""
    folder = os.getcwd()
    store = _state["store"]
    if store is None or _state["folder"] != folder:
        learner = learner_from_environment()
        name = _state["name"]
        if learner is None and name:
            learner = f"{_os_user()}-{name}"
        store = AnswerStore(folder, learner, display=name or learner)
        _state.update(store=store, folder=folder)
    return store


def learner_name() -> str | None:
    """The name typed in Voilà's "Your name" box, if any."""
    return _state["name"]


def set_learner_name(name: str) -> AnswerStore:
    """Answer as ``name`` from now on (Voilà's name box): its file is read, and the answers given
    on this page before any name are carried into it.

    Raises
    ------
    ValueError
        For a name with no letter or digit.
    """
    name = unicodedata.normalize("NFKC", name).strip()[:40]
    if not _slug(name):
        raise ValueError("a name needs a letter or a digit")
    before = current()
    listeners = before._listeners
    _state.update(name=name, store=None)
    store = current()
    if before.path is None:
        store.adopt(before)
    store._listeners = listeners
    store._notify(store.answered() + before.answered())
    return store


def _reset_for_tests() -> None:
    _state.update(store=None, folder=None, name=None)
