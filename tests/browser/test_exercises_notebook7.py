"""Exercises answered in Jupyter Notebook 7 with the keyboard alone (its notebook is JupyterLab's,
with its own shortcuts): a prediction, a number, a mapping grid and a case."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
NB06 = "en/06_putting_it_together.ipynb"


@pytest.fixture
def notebook_server(notebook7_server):
    """The session's Notebook 7 server (no second one started for this test); the answers this
    test saves and its kernel are gone afterwards."""
    yield notebook7_server
    notebook7_server.shutdown_sessions()
    for f in Path(notebook7_server.root).rglob(".rolecomp-answers-*"):
        f.unlink()


def test_answers_by_keyboard_in_notebook_7(notebook_server, new_page, screenshots):
    import pages

    from rolecomp.exercises import declaration, solution

    page = new_page()
    page.goto(notebook_server.api_url(f"/notebooks/{NB06}"), wait_until="domcontentloaded", timeout=90_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    page.wait_for_function("() => { const p = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
                           " return !!(p && p.sessionContext && p.sessionContext.session &&"
                           " p.sessionContext.session.kernel && p.sessionContext.session.kernel.status === 'idle'); }",
                           timeout=90_000, polling=200)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.get_by_text("Run All Cells", exact=True).click()
    page.wait_for_function(pages.ALL_EXECUTED_JS.replace("if (!idle ||", "if (false ||"), timeout=180_000,
                           polling=200)
    pages.wait_widgets_rendered(page)

    label = declaration("06-1").form.describe(solution("06-1"), "en")
    choice = pages.Exercise(page, "06-1")
    pages.keyboard_buttons(choice, label, reason="operations compounds")
    assert "You predicted" in choice.wait_feedback(r"Correct!")

    number = pages.Exercise(page, "06-3")
    pages.keyboard_number(number, "16 %")
    number.wait_feedback(r"Correct!")

    mapping = pages.Exercise(page, "06-4")
    names = {k: t for t, k in declaration("06-4").form.choices("en")}
    pages.keyboard_mapping(mapping, [names[solution("06-4")[k]] for k, *_ in declaration("06-4").form.rows])
    mapping.wait_feedback(r"Correct!")

    case = pages.Exercise(page, "06-5")
    keys = [e.key for e in declaration("06-5").form.evidence()]
    case_label = declaration("06-5").form.describe(solution("06-5"), "en").split(",")[0]
    pages.keyboard_case(case, case_label, keys.index(solution("06-5")["evidence"]))
    case.wait_feedback(r"Correct!")
    mapping.screenshot(screenshots / "nb7-exercise-06-4.png")
    assert page.evaluate(pages.DOM_STDERR_JS, None) == []
