"""Which explorers (and exercise widgets) are alive, and when they end.

An explorer lives while something refers to it and, once displayed, while the output of the
cell that made it is on the page. Re-running that cell closes the explorers the cell made
before (widgets closed, figure freed) and drops IPython's references to them (``Out``, ``_``,
``_N``), so re-running an explorer cell fifty times costs no more memory than running it once.
:func:`rolecomp.set_language` relabels only explorers that are still alive. The answer widgets
of :mod:`rolecomp.answer_widgets` follow the same rules: anything with ``_cell``, ``close()``
and ``_on_global_language(lang)`` can be registered.

The cell is told apart by the ``cellId`` that JupyterLab and Notebook 7 send with each
execution; where a front end sends none (nbclient, Voila, a console), by the cell's source.
"""

from __future__ import annotations

import weakref
from collections import defaultdict

__all__ = ["cell_of_new_explorer", "forget", "language_changed", "pin", "register", "weak_callback"]

_live: weakref.WeakSet = weakref.WeakSet()
_made_in: dict = defaultdict(list)  # cell key -> weak references to the explorers it made
_shown: dict = defaultdict(list)  # cell key -> displayed explorers (kept alive with the cell's output)
_state: dict = {"cell": None, "installed": False}


def weak_callback(method):
    """A callback that calls the bound ``method`` while its object lives, without keeping it alive."""
    ref = weakref.WeakMethod(method)

    def call(*args, **kwargs):
        bound = ref()
        if bound is not None:
            return bound(*args, **kwargs)
        return None

    return call


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return None
    return get_ipython()


def _cell_key(info) -> object:
    cell_id = getattr(info, "cell_id", None)
    return ("id", cell_id) if cell_id else ("source", getattr(info, "raw_cell", ""))


def _pre_run_cell(info) -> None:
    """IPython event: a cell starts. Close what an earlier run of this same cell made."""
    key = _cell_key(info)
    _state["cell"] = key
    _shown.pop(key, None)
    for ref in _made_in.pop(key, ()):
        obj = ref()
        if obj is not None:
            obj.close()


def _install() -> None:
    shell = _shell()
    if shell is None or _state["installed"] or not hasattr(shell, "events"):
        return
    shell.events.register("pre_run_cell", _pre_run_cell)
    _state["installed"] = True


def _running_cell():
    """The key of the cell being executed, read from the kernel's request (before the hook saw any)."""
    kernel = getattr(_shell(), "kernel", None)
    try:
        parent = kernel.get_parent("shell")
    except Exception:
        return None
    if not parent or parent.get("msg_type") != "execute_request":
        return None

    class Info:
        cell_id = (parent.get("metadata") or {}).get("cellId")
        raw_cell = (parent.get("content") or {}).get("code", "")

    return _cell_key(Info)


def cell_of_new_explorer():
    """The key of the cell now running (or None outside IPython), hooking IPython's events once."""
    first = not _state["installed"]
    _install()
    if not _state["installed"]:
        return None
    if first or _state["cell"] is None:
        _state["cell"] = _running_cell()
    return _state["cell"]


def register(obj) -> None:
    """Remember a live explorer and the cell that made it (weakly: a forgotten one is freed)."""
    _live.add(obj)
    key = obj._cell
    if key is not None:
        _made_in[key].append(weakref.ref(obj))


def pin(obj) -> None:
    """Keep a displayed explorer alive while the output of the cell that made it is shown."""
    key = obj._cell
    if key is not None and not any(o is obj for o in _shown[key]):
        _shown[key].append(obj)


def forget(obj) -> None:
    """A closed explorer: no more language changes, and no reference from IPython's history."""
    _live.discard(obj)
    for objs in _shown.values():
        objs[:] = [o for o in objs if o is not obj]
    shell = _shell()
    if shell is None or not hasattr(shell, "user_ns"):
        return
    ns, hidden = shell.user_ns, getattr(shell, "user_ns_hidden", {})
    out = ns.get("_oh")
    if isinstance(out, dict):
        for n in [n for n, v in out.items() if v is obj]:
            del out[n]
            for space in (ns, hidden):  # IPython pushes _N into both
                if space.get(f"_{n}") is obj:
                    del space[f"_{n}"]
    hook = getattr(shell, "displayhook", None)
    for unders in ("_", "__", "___"):
        for space in (ns, hidden):
            if space.get(unders) is obj:
                space[unders] = ""
        if hook is not None and getattr(hook, unders, None) is obj:
            setattr(hook, unders, "")
    last = getattr(shell, "last_execution_result", None)
    if last is not None and getattr(last, "result", None) is obj:
        last.result = None


def language_changed(lang: str) -> None:
    """Tell every live explorer that the workshop's language is now ``lang``."""
    for obj in list(_live):
        obj._on_global_language(lang)
