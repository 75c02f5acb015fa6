"""Exercises answered in Voilà with the keyboard alone: Voilà is where a class can answer, not only
watch. One exercise of every kind, reached with Tab from the top of the page; the "Your name" box
keys a learner's answers, so a new page load (a new kernel) shows them again once the same name
is typed, and not before.

Voilà serves the notebooks folder as ``make present`` does without ``NB=`` (a tree of notebooks),
with the repository's ``voila.json``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def voila_tree(workspace):
    pytest.importorskip("voila", reason="voila is optional (pip install voila, or make test)")
    import servers
    from conftest import _require_browser

    _require_browser()
    tmp, root, env = workspace
    server = servers.start_voila(tmp, "", root=root, env=env)
    yield server
    server.stop()
    for f in Path(root).rglob(".rolecomp-answers-*"):
        f.unlink()


def _open(page, server, notebook: str):
    import pages

    page.goto(server.api_url(f"/voila/render/{notebook}"), wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_selector(f"{pages.EXPLORER} .rolecomp-chart", state="visible", timeout=120_000)
    page.wait_for_selector(".rolecomp-exercise .rolecomp-check", state="visible", timeout=60_000)
    pages.wait_widgets_rendered(page)
    return page


def _label(ex_id: str) -> str:
    from rolecomp.exercises import declaration, solution

    return declaration(ex_id).form.describe(solution(ex_id), "en")


def _no_errors(page) -> None:
    import pages

    state = page.evaluate(pages.WIDGETS_STATE_JS, None)
    assert not state["errors"] and not state["loading"], state
    assert page.evaluate(pages.DOM_STDERR_JS, None) == []
    assert "Traceback" not in page.inner_text("body")


def _type_name(ex, name: str) -> None:
    ex.tab_to("e => e.tagName === 'INPUT' && !!e.closest('.rolecomp-name')", max_presses=30)
    ex.page.keyboard.type(name)
    ex.page.keyboard.press("Enter")
    ex.page.wait_for_function(
        "([sel, n]) => (document.querySelector(sel)?.innerText || '').includes('Answering as ' + n)",
        arg=[ex.selector, name], timeout=20_000, polling=100)


def test_a_class_answers_in_voila_by_keyboard_and_finds_its_answers_again(voila_tree, new_page, screenshots):
    import pages

    from rolecomp.exercises import solution

    page = _open(new_page(), voila_tree, "en/05_reach.ipynb")
    role = pages.Exercise(page, "05-1")  # role, a prediction: reached with Tab from the top of the page
    assert "Type your name" in role.text()
    pages.keyboard_buttons(role, _label("05-1"), reason="a wide net", start="tab")
    assert "You predicted" in role.wait_feedback(r"Correct!")

    slider = pages.Exercise(page, "05-3")  # slider target: the explorer's slider moved with the arrow keys
    explorer = page.locator(pages.EXPLORER).first
    pages.move_slider(explorer, "Sales reps", "ArrowRight", solution("05-3") - 5)
    pages.keyboard_use_value(slider, str(solution("05-3")))
    slider.wait_feedback(r"Correct!")
    _no_errors(page)

    role.focus(".rolecomp-choice button")
    _type_name(role, "Li Wei 12")  # from now on, saved for this learner
    role.screenshot(screenshots / "voila-exercise-05-1.png")
    slider.screenshot(screenshots / "voila-exercise-05-3.png")

    page = _open(new_page(), voila_tree, "en/05_reach.ipynb")  # a new page load: a new kernel
    role = pages.Exercise(page, "05-1")
    assert "Correct" not in role.text()  # a new learner until a name is typed
    role.tab_into()
    _type_name(role, "Li Wei 12")
    text = role.wait_feedback(r"You predicted")
    assert "\u201ca wide net\u201d" in text
    assert "Correct!" in pages.Exercise(page, "05-3").wait_feedback(r"Correct!")
    _no_errors(page)
    assert len(list(Path(voila_tree.root).rglob(".rolecomp-answers-*li-wei-12.json"))) == 1


def test_every_other_kind_in_voila_by_keyboard(voila_tree, new_page, screenshots):
    import pages

    from rolecomp.exercises import declaration, solution

    page = _open(new_page(), voila_tree, "en/06_putting_it_together.ipynb")
    choice = pages.Exercise(page, "06-1")
    pages.keyboard_buttons(choice, _label("06-1"), reason="operations compounds", start="tab")
    choice.wait_feedback(r"Correct!")

    number = pages.Exercise(page, "06-3")
    pages.keyboard_number(number, "１５．８％", start="tab")  # full width, as a Chinese input method types it
    number.wait_feedback(r"Correct!")

    case = pages.Exercise(page, "06-5")
    keys = [e.key for e in declaration("06-5").form.evidence()]
    pages.keyboard_case(case, _label("06-5").split(",")[0], keys.index(solution("06-5")["evidence"]), start="tab")
    case.wait_feedback(r"Correct!")

    mapping = pages.Exercise(page, "06-4")
    names = {k: t for t, k in declaration("06-4").form.choices("en")}
    pages.keyboard_mapping(mapping, [names[solution("06-4")[k]] for k, *_ in declaration("06-4").form.rows],
                           start="tab")
    mapping.wait_feedback(r"Correct!")

    for ex in (choice, number, case, mapping):
        ex.screenshot(screenshots / f"voila-exercise-{ex.id}.png")
    pages.screenshot_voila_page(page, screenshots / "voila-06_putting_it_together.png")
    _no_errors(page)
