"""Explorers end: when nothing refers to them, and when the cell that made them runs again.

The kernel tests run a real IPython kernel (jupyter_client), the way JupyterLab does: the same
cell re-run 50 times, with the explorer as the cell's last expression (so IPython's ``Out``
and ``_`` hold it too), and with JupyterLab's ``cellId`` or without it (nbclient, Voila).
"""

from __future__ import annotations

import gc
import json
import os
import textwrap
import weakref

import ipywidgets as w
import pytest

import rolecomp
from rolecomp.explorers import OneOffVsOngoingExplorer, ReachExplorer


@pytest.fixture(autouse=True)
def english():
    rolecomp.set_language("en")
    yield
    rolecomp.set_language("en")


def widget_tree(ex) -> list:
    """Every widget of an explorer's tree, with its Layout and Style widgets."""
    out, stack = [], [ex.widget]
    while stack:
        wid = stack.pop()
        out.append(wid)
        stack.extend(getattr(wid, "children", ()))
        out.extend(getattr(wid, part) for part in ("layout", "style") if isinstance(getattr(wid, part, None), w.Widget))
    return out


def test_an_explorer_nothing_refers_to_is_freed_with_its_widgets():
    ex = OneOffVsOngoingExplorer()
    ex._controls["touches"].value = 3  # its callbacks have run: they must not keep it alive
    ref = weakref.ref(ex)
    widgets = widget_tree(ex)
    assert widgets and all(wid.comm is not None for wid in widgets)
    del ex
    gc.collect()
    assert ref() is None
    assert [wid for wid in widgets if wid.comm is not None] == []


def test_language_of_one_explorer_is_its_own_and_the_toggle_is_the_workshops():
    a, b = ReachExplorer(), OneOffVsOngoingExplorer()
    a.set_language("zh")
    assert a.language == "zh" and b.language == "en" and rolecomp.get_language() == "en"
    b._lang_toggle.value = "zh"  # a learner clicks 中文 on one explorer: the workshop follows
    assert rolecomp.get_language() == "zh" and a.language == b.language == "zh"
    assert "whole workshop" in b._lang_toggle.tooltip or "整个工作坊" in b._lang_toggle.tooltip


def test_only_explorers_on_the_page_are_rerendered_on_a_language_switch(monkeypatch):
    shown, hidden = ReachExplorer(), ReachExplorer()
    shown._repr_mimebundle_()
    calls = []
    monkeypatch.setattr(ReachExplorer, "_build_chart",
                        lambda self, _orig=ReachExplorer._build_chart: (calls.append(self), _orig(self))[1])
    rolecomp.set_language("zh")
    assert calls == [shown]
    assert hidden.language == "zh"
    assert "周" in hidden.sentence  # relabelled when read
    assert calls == [shown, hidden]


def test_close_frees_and_a_closed_explorer_ignores_the_language():
    ex = ReachExplorer()
    ex.close()
    rolecomp.set_language("zh")
    assert ex.language == "en" and ex.png == b""


# ------------------------------------------------------------------ in a real kernel

KERNEL_SETUP = textwrap.dedent("""
    import gc, json, weakref
    import ipywidgets
    import rolecomp
    refs = []
    def report():
        gc.collect()
        alive = sum(r() is not None for r in refs)
        widgets = sum(1 for v in ipywidgets.Widget.widgets.values() if v.comm is not None)
        print(json.dumps({"alive": alive, "widgets": widgets}))
""")
CELL = "ex = rolecomp.OneOffVsOngoingExplorer()\nrefs.append(weakref.ref(ex))\nex\n"


@pytest.fixture(scope="module")
def kernel():
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3", extra_arguments=[], startup_timeout=120,
                              env={**os.environ, "PYTHONPATH": str(_repo())})
    try:
        run(kc, KERNEL_SETUP)
        yield kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def _repo():
    from pathlib import Path

    return Path(__file__).resolve().parents[1]


def run(kc, code: str, cell_id: str | None = None, timeout: float = 120) -> str:
    """Execute ``code`` as JupyterLab does (with ``cellId`` in the metadata when given); stdout."""
    msg = kc.session.msg("execute_request", {"code": code, "silent": False, "store_history": True,
                                             "user_expressions": {}, "allow_stdin": False,
                                             "stop_on_error": True})
    if cell_id is not None:
        msg["metadata"]["cellId"] = cell_id
    kc.shell_channel.send(msg)
    msg_id = msg["header"]["msg_id"]
    out = []
    while True:
        reply = kc.get_iopub_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = reply["msg_type"], reply["content"]
        if kind == "stream" and content["name"] == "stdout":
            out.append(content["text"])
        elif kind == "error":
            raise AssertionError("\n".join(content["traceback"]))
        elif kind == "status" and content["execution_state"] == "idle":
            break
    kc.get_shell_msg(timeout=timeout)
    return "".join(out)


def report(kc) -> dict:
    return json.loads(run(kc, "report()").strip().splitlines()[-1])


@pytest.mark.parametrize(("cell_id", "runs"), [("a-jupyterlab-cell-id", 50), (None, 10)], ids=["cellId", "source"])
def test_rerunning_an_explorer_cell_50_times_keeps_one_alive(kernel, cell_id, runs):
    """50 re-runs as JupyterLab sends them (with a cellId); 10 as nbclient and Voila do (none)."""
    run(kernel, "refs.clear()")
    run(kernel, CELL, cell_id)
    first = report(kernel)
    for _ in range(runs - 1):
        run(kernel, CELL, cell_id)
    last = report(kernel)
    assert last["alive"] == 1, last  # only the newest; Out, _ and _N no longer hold the others
    assert last["widgets"] == first["widgets"], (first, last)


def test_two_cells_with_the_same_source_are_two_cells(kernel):
    run(kernel, "refs.clear()")
    run(kernel, CELL, "cell-one")
    run(kernel, CELL, "cell-two")
    assert report(kernel)["alive"] == 2
    run(kernel, CELL, "cell-one")
    assert report(kernel)["alive"] == 2  # cell one's first explorer was replaced, cell two's kept


def test_an_explorer_made_in_a_loop_and_dropped_is_freed(kernel):
    run(kernel, "refs.clear()")
    run(kernel, "for _ in range(5):\n    refs.append(weakref.ref(rolecomp.ReachExplorer()))\n", "loop")
    assert report(kernel)["alive"] == 0


def test_a_displayed_explorer_nobody_holds_stays_while_its_cell_is_shown(kernel):
    run(kernel, "refs.clear()")
    code = "e = rolecomp.ReachExplorer()\nrefs.append(weakref.ref(e))\ndisplay(e)\ndel e\n"
    run(kernel, code, "shown")
    assert report(kernel)["alive"] == 1  # on the page: kept with its cell's output
    run(kernel, code, "shown")
    assert report(kernel)["alive"] == 1  # the re-run replaced it

