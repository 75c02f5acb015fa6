"""A learner finishes a notebook in JupyterLab with the keyboard alone: every cell run with
Shift+Enter, every exercise answered in its answer widget, and the explorer operated by
Tab / Shift+Tab, typing, Enter, Space and the arrow keys (its number box, the scenario menu,
Reset, the language buttons). The test only reads the page (where the focus is, what the
cells show), as a sighted keyboard user sees the focus ring and the outputs."""

from __future__ import annotations

import re
import shutil

import pytest

pytestmark = pytest.mark.browser

NOTEBOOK = "en/03_channel_dependence.ipynb"
COPY = "en/keyboard-03_channel_dependence.ipynb"  # its own file (and kernel): typed answers never reach the others

ACTIVE_CELL_JS = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]
    .findIndex(c => c.classList.contains('jp-mod-active'))"""
CELLS_JS = """() => [...window.jupyterapp.shell.currentWidget.content.model.cells]
    .map(c => ({type: c.type, source: c.sharedModel.getSource()}))"""
CELL_RAN_JS = """(i) => { const p = window.jupyterapp.shell.currentWidget;
  const k = p.sessionContext.session && p.sessionContext.session.kernel;
  const c = p.content.model.cells.get(i);
  return c.executionCount !== null && c.executionCount !== undefined && k && k.status === 'idle'; }"""
FOCUS_JS = """() => { const a = document.activeElement; if (!a) return {};
  const ex = a.closest('.rolecomp-explorer'); const box = a.closest('.rolecomp-number');
  return {tag: a.tagName, inExplorer: !!ex, isCell: a.classList.contains('jp-Cell'),
          number: box && a.labels && a.labels[0] ? a.labels[0].textContent.trim() : null,
          preset: !!a.closest('.rolecomp-preset'), reset: !!a.closest('.rolecomp-reset'),
          lang: a.closest('.rolecomp-lang') ? a.textContent.trim() : null}; }"""


def _move_focus(page, want, key="Shift+Tab", limit=80):
    """Press ``key`` until ``want(focus_info)`` holds; return the focus info."""
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        info = page.evaluate(FOCUS_JS)
        if want(info):
            return info
        seen.append({k: v for k, v in info.items() if v})
    raise AssertionError(f"{key} x{limit} never reached the control; focus went through {seen[-12:]}")


EXERCISE_RE = re.compile(r'rolecomp\.exercise\("([^"]+)"')


def _answer_by_keyboard(page, exercise_id: str) -> None:
    """Answer one exercise widget with its solution, by keyboard, as ``pages``' helpers do."""
    import pages

    from rolecomp.exercises import declaration, solution

    decl, ex = declaration(exercise_id), pages.Exercise(page, exercise_id)
    answer = solution(exercise_id)
    reason = "the chain adds a margin" if decl.prediction else None
    if decl.kind in {"choice", "role"}:
        pages.keyboard_buttons(ex, decl.form.describe(answer, "en"), reason=reason)
    elif decl.kind in {"number", "slider"}:
        pages.keyboard_number(ex, decl.form.text_of(answer))
    elif decl.kind == "case":
        keys = [e.key for e in decl.form.evidence()]
        label = decl.form.describe({"choice": answer["choice"]}, "en")
        pages.keyboard_case(ex, label, keys.index(answer["evidence"]))
    else:
        raise AssertionError(f"{exercise_id}: no keyboard answer here for the kind {decl.kind!r}")
    ex.wait_feedback(r"Correct!")


def test_finish_a_notebook_with_the_keyboard_alone(lab_server, lab_notebooks, new_page, screenshots):
    import pages

    lab_notebooks.close()  # one notebook's kernel at a time on 2 cores
    shutil.copy(lab_server.root / NOTEBOOK, lab_server.root / COPY)
    for f in lab_server.root.glob(".rolecomp-answers-*"):
        f.unlink()  # no answers saved by another test
    page = new_page()
    try:
        pages.open_lab_notebook(page, lab_server, COPY)
        cells = page.evaluate(CELLS_JS)
        expected = [m.group(1) for c in cells if c["type"] == "code"
                    for m in [EXERCISE_RE.search(c["source"])] if m]
        assert expected, "the notebook has no exercise widget to answer"
        answered, used_explorer = [], False
        for _ in range(4 * len(cells)):
            i = page.evaluate(ACTIVE_CELL_JS)
            if i >= len(cells):
                break
            cell = cells[i]
            page.keyboard.press("Shift+Enter")  # run it, go to the next cell
            if cell["type"] == "code" and (m := EXERCISE_RE.search(cell["source"])):
                page.wait_for_function(CELL_RAN_JS, arg=i, timeout=120_000, polling=100)
                page.wait_for_selector(f".rolecomp-ex-{m.group(1)} .rolecomp-check", timeout=60_000)
                if page.locator(f"{pages.EXPLORER} .rolecomp-chart").count():
                    pages.wait_widgets_rendered(page)
                    if not used_explorer and not pages.blurred(page, pages.EXPLORER):
                        _use_explorer_by_keyboard(page, screenshots)
                        used_explorer = True
                _answer_by_keyboard(page, m.group(1))
                answered.append(m.group(1))
                # back to the notebook: from the Check button, ArrowDown is "next cell" again
                pages.Exercise(page, m.group(1)).tab_to(
                    "e => e.tagName === 'BUTTON' && e.classList.contains('rolecomp-check')")
                page.keyboard.press("ArrowDown")
                nxt = page.evaluate(ACTIVE_CELL_JS)
                assert nxt == i + 1 and page.evaluate(FOCUS_JS).get("isCell"), (
                    f"ArrowDown after {m.group(1)}: active cell {nxt}, focus {page.evaluate(FOCUS_JS)}")
            if i == len(cells) - 1:
                break
        page.wait_for_function(pages.ALL_EXECUTED_JS, arg=True, timeout=120_000, polling=100)
        pages.screenshot_lab_notebook(page, screenshots / "keyboard-lab-03_channel_dependence.png")
        assert used_explorer, "never reached the explorer's cell with the explorer shown"
        assert answered == expected, f"answered {answered}, the notebook has {expected}"
        problems = pages.lab_notebook_problems(page)
        assert not problems, problems.describe()
    finally:
        page.context.close()
        lab_server.shutdown_sessions()
        for f in lab_server.root.glob(".rolecomp-answers-*"):
            f.unlink()


def _last_control() -> tuple[str, str]:
    """The label of the explorer's last control (Shift+Tab from below reaches its box first) and
    a value to type into it: another one in its range, on its step."""
    import rolecomp

    ex = rolecomp.explorer("channel_dependence")
    name, control = list(ex._controls.items())[-1]
    value = control.value + control.step if control.value + control.step <= control.max else control.min
    ex.close()
    return ex._label(name, "en"), f"{value:g}"


def _use_explorer_by_keyboard(page, screenshots):
    import pages

    ex = pages.Explorer(page.locator(pages.EXPLORER).first)
    start = ex.state()
    # into the explorer from the cell below, backwards: the last number box comes first
    last, typed = _last_control()
    _move_focus(page, lambda f: (f.get("number") or "").startswith(last))
    after = ex.settle(lambda: (page.keyboard.press("Control+a"), page.keyboard.type(typed),
                               page.keyboard.press("Enter")))
    assert typed in after["readouts"] and after["charts"] != start["charts"], after["readouts"]
    assert after["sentence"] != start["sentence"]
    ex.screenshot(screenshots / "keyboard-lab-explorer-typed.png")
    # the scenario menu: an arrow key picks the next scenario
    _move_focus(page, lambda f: f.get("preset"))
    picked = ex.settle(lambda: page.keyboard.press("ArrowDown"))
    assert picked["charts"] != after["charts"], "ArrowDown on the scenario menu changed nothing"
    # Reset, one Tab on: Enter
    _move_focus(page, lambda f: f.get("reset"), key="Tab", limit=3)
    back = ex.settle(lambda: page.keyboard.press("Enter"))
    assert back["sentence"] == start["sentence"] and back["readouts"] == start["readouts"], back
    # 中文 with Space, then English with Space: focus stays on the buttons
    _move_focus(page, lambda f: f.get("lang") == "中文", key="Tab", limit=4)
    zh = ex.settle(lambda: page.keyboard.press("Space"))
    assert pages.CJK_RE.search(zh["sentence"]), zh["sentence"]
    assert page.evaluate(FOCUS_JS).get("lang") == "中文", "the language button lost the focus"
    ex.screenshot(screenshots / "keyboard-lab-explorer-zh.png")
    _move_focus(page, lambda f: f.get("lang") == "English", limit=2)
    en = ex.settle(lambda: page.keyboard.press("Space"))
    assert en["sentence"] == start["sentence"], en["sentence"]
