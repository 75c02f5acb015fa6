"""Exercises answered in JupyterLab with the keyboard alone: one of every kind, and the answers
still there after the notebook is saved and the page reloaded, and after the kernel is restarted
and the notebook opened again.

Each control is reached with Tab from the one before it (the first one of an exercise is given
the focus as Tab from the cell above would: in JupyterLab, Tab inside a code editor indents), and
operated with Space, Enter, the arrow keys and typing. The answers are the solutions the
package computes, so the tests follow an instructor's edited data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

NB06 = "en/06_putting_it_together.ipynb"
NB03 = "en/05_reach.ipynb"
COPY03 = "en/exercises-05_reach.ipynb"


def _label(ex_id: str, lang: str = "en") -> str:
    from rolecomp.exercises import declaration, solution

    return declaration(ex_id).form.describe(solution(ex_id), lang)


def _open(page, lab, notebook: str):
    import pages

    pages.open_lab_notebook(page, lab, notebook)
    pages.run_all_cells(page)
    state = pages.wait_widgets_rendered(page)
    assert not state["errors"] and not state["loading"], state
    return page


@pytest.fixture
def fresh_answers(lab_server):
    """No saved answers before, and none left for the other browser tests after."""
    def clear():
        for f in Path(lab_server.root).rglob(".rolecomp-answers-*"):
            f.unlink()

    clear()
    yield
    clear()
    lab_server.shutdown_sessions()


def test_every_kind_is_answered_by_keyboard_in_lab(lab_server, lab_notebooks, new_page, screenshots, fresh_answers):
    import pages

    lab_notebooks.close()  # one notebook's kernel and page at a time on 2 cores

    from rolecomp.exercises import declaration, solution
    from rolecomp.scenario import Scenario

    page = _open(new_page(), lab_server, NB06)

    choice = pages.Exercise(page, "06-1")  # choice, a prediction: a reason before anything is shown
    assert pages.blurred(page, ".rolecomp-reach") and not pages.blurred(page, ".rolecomp-channel_dependence")
    pages.keyboard_buttons(choice, _label("06-1"), reason="operations compounds; 因为留存高")
    text = choice.wait_feedback(r"Correct!")
    assert "You predicted" in text and "因为留存高" in text
    # a screen reader is told which option is pressed, and hears the feedback
    pressed = choice.loc.locator(".rolecomp-choice button").evaluate_all(
        "bs => bs.map(b => [(b.innerText || '').trim(), b.getAttribute('aria-pressed')])")
    assert sum(p[1] == "true" for p in pressed) == 1 and all(p[1] in ("true", "false") for p in pressed), pressed
    assert next(p for p in pressed if p[1] == "true")[0].endswith(_label("06-1")), pressed
    assert choice.loc.locator(".rolecomp-feedback [role=status][aria-live=polite]").count() == 1
    page.wait_for_function("() => !/blur/.test(getComputedStyle(document.querySelector("
                           "'.rolecomp-reach .rolecomp-chart')).filter)", timeout=10_000)

    slider = pages.Exercise(page, "06-2")  # slider target: the explorer's slider moved by keys
    reach = page.locator(".rolecomp-reach").first
    start = Scenario("reach", "internet_startup").parameters["weeks"]  # notebook 06 loads this scenario
    pages.move_slider(reach, "Weeks", "ArrowRight", solution("06-2") - start)
    pages.keyboard_use_value(slider, declaration("06-2").form.text_of(solution("06-2")))
    slider.wait_feedback(r"Correct!")

    number = pages.Exercise(page, "06-3")  # number: a decimal comma and a spaced percent sign
    pages.keyboard_number(number, "15,8 %")
    number.wait_feedback(r"Correct!")

    case = pages.Exercise(page, "06-5")  # case: a choice and a passage as evidence
    keys = [e.key for e in declaration("06-5").form.evidence()]
    pages.keyboard_case(case, _label("06-5").split(",")[0], keys.index(solution("06-5")["evidence"]))
    case.wait_feedback(r"Correct!")

    mapping = pages.Exercise(page, "06-4")  # mapping: a grid of role buttons, one row per task
    names = dict((k, t) for t, k in declaration("06-4").form.choices("en"))
    pages.keyboard_mapping(mapping, [names[solution("06-4")[k]] for k, *_ in declaration("06-4").form.rows])
    mapping.wait_feedback(r"Correct!")

    for ex in (choice, slider, number, case, mapping):
        ex.screenshot(screenshots / f"lab-exercise-{ex.id}.png")
    summary = page.locator(".rolecomp-answers").first
    page.wait_for_function("() => /5 of 5 right/.test(document.querySelector('.rolecomp-answers').innerText)",
                           timeout=10_000)
    summary.screenshot(path=str(screenshots / "lab-my-answers-06.png"))
    problems = pages.lab_notebook_problems(page)
    assert not problems, problems.describe()


def _saved_with_output(server, path: str, source: str) -> bool:
    """Whether the server's copy of ``path`` has outputs in the code cell containing ``source``."""
    cells = server.request("GET", f"/api/contents/{path}?content=1")["content"]["cells"]
    cell = next(c for c in cells if c["cell_type"] == "code" and source in "".join(c["source"]))
    return bool(cell.get("outputs"))


def test_a_role_prediction_is_kept_after_a_kernel_restart(lab_server, lab_notebooks, new_page, screenshots,
                                                          fresh_answers):
    import pages

    lab_notebooks.close()  # its sessions are shut down below: no other notebook page left open on them

    # a copy of its own: the notebook is saved below, and the other tests' open pages of 05_reach
    # would ask whether to overwrite or revert the file that changed on disk
    shutil.copy(Path(lab_server.root) / NB03, Path(lab_server.root) / COPY03)
    page = _open(new_page(), lab_server, COPY03)
    assert pages.blurred(page, ".rolecomp-reach"), "the explorer is shown before the predictions"
    pages.Explorer(page.locator(".rolecomp-reach").first).screenshot(screenshots / "lab-03-explorer-covered.png")
    role = pages.Exercise(page, "05-1")
    pages.keyboard_buttons(role, "Operations", reason="the product grows by itself")
    first = role.wait_feedback(r"Not yet\.")
    assert pages.blurred(page, ".rolecomp-reach")  # 05-2 is not committed yet
    other = pages.Exercise(page, "05-2")
    other.focus(".rolecomp-choice button")
    other.tab_to("e => e.tagName === 'BUTTON' && e.classList.contains('rolecomp-peek')")
    page.keyboard.press("Enter")  # "Show the explorer now"
    page.wait_for_function("() => !/blur/.test(getComputedStyle(document.querySelector("
                           "'.rolecomp-reach .rolecomp-chart')).filter)", timeout=10_000)
    assert "You predicted \u201cOperations\u201d" in first
    pages.keyboard_buttons(role, _label("05-1"))  # a retry: no reason needed
    role.wait_feedback(r"the explorer shows")
    role.screenshot(screenshots / "lab-exercise-05-1.png")

    page.keyboard.press("Control+s")  # saved, and the page reloaded: the kernel keeps the widgets
    # saved means on disk: the reloaded page shows the outputs the file holds (JupyterLab 4 marks an
    # unsaved tab with a dot, not a "*", so the page's title and tab said nothing reliable)
    pages.wait_until(f'{COPY03} was not saved with the output of exercise("05-1")',
                     lambda: _saved_with_output(lab_server, COPY03, 'exercise("05-1")'), timeout=30, interval=0.2)
    page.reload(wait_until="domcontentloaded")
    try:
        pages.scroll_to_code_cell(page, 'exercise("05-1")')  # the reloaded page opens at the top
        page.wait_for_selector(".rolecomp-ex-05-1 .rolecomp-feedback", timeout=90_000)
    except Exception:
        page.screenshot(path=str(screenshots / "FAILED-lab-exercise-05-1-reload.png"), full_page=True)
        raise
    role = pages.Exercise(page, "05-1")
    assert "You predicted \u201cOperations\u201d" in role.wait_feedback(r"Correct!")

    page.context.close()
    lab_server.shutdown_sessions()  # the kernel is gone: a restart
    page = _open(new_page(), lab_server, COPY03)
    role = pages.Exercise(page, "05-1")
    text = role.wait_feedback(r"You predicted")
    assert "\u201cOperations\u201d, because \u201cthe product grows by itself\u201d" in text and "Correct!" in text
    assert role.loc.locator(".rolecomp-choice button.mod-active").inner_text().strip().endswith(_label("05-1"))
    history = pages._text(role.loc.locator(".rolecomp-history"))
    assert "Prediction (committed): Operations" in history and "retry 2" in history
    role.screenshot(screenshots / "lab-exercise-05-1-after-restart.png")

    page.locator(".rolecomp-lang button", has_text="中文").first.focus()  # the workshop's language, by keyboard
    page.keyboard.press("Space")
    text = role.wait_feedback(r"你预测的是")
    assert "「运营」" in text and "正确" in text, text
    assert "先预测，再检查" in role.text() and "再检查一次" in role.text()
    role.screenshot(screenshots / "lab-exercise-05-1-zh.png")
    pages.Exercise(page, "05-3").screenshot(screenshots / "lab-exercise-05-3-zh.png")
    page.locator(".rolecomp-answers").first.screenshot(path=str(screenshots / "lab-my-answers-03-zh.png"))
    problems = pages.lab_notebook_problems(page)
    assert not problems, problems.describe()
