"""03_reach served by Voilà (the projector view): code hidden, no errors, explorers respond."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from conftest import VOILA_NOTEBOOK

pytestmark = pytest.mark.browser

STEM = Path(VOILA_NOTEBOOK).stem


@pytest.fixture(scope="module")
def voila_page(voila_server, browser, screenshots):
    import pages
    from conftest import _new_page

    page = _new_page(browser)
    try:
        page.voila_seconds = pages.open_voila(page, voila_server)
    except Exception:
        page.screenshot(path=str(screenshots / f"FAILED-voila-{STEM}.png"), full_page=True)
        page.context.close()
        raise
    yield page
    page.context.close()


def check_voila_page(page, shot: Path) -> list[str]:
    """Code hidden, no error/stderr output, no widget stuck or failed; full-page screenshot."""
    import pages

    pages.screenshot_voila_page(page, shot)
    fails = []
    # markdown cells keep a .jp-InputArea (the rendered text); code cells must have none
    code = page.locator(
        ".jp-CodeCell .jp-InputArea, .jp-InputArea-editor, .jp-CodeMirrorEditor, .cm-editor,"
        " .CodeMirror")
    visible = [i for i in range(code.count()) if code.nth(i).is_visible()]
    if visible:
        fails.append(f"{len(visible)} code inputs visible (Voilà should hide code)")
    state = page.evaluate(pages.WIDGETS_STATE_JS, None)
    if state["errors"] or state["loading"]:
        fails.append(f"widgets: errors {state['errors']}, stuck loading {state['loading']}")
    stderr = page.evaluate(pages.DOM_STDERR_JS, None)
    if stderr:
        fails.append("error/stderr outputs:\n  " + "\n  ".join(stderr))
    if page.locator(pages.EXPLORER).count() == 0:
        fails.append("no .rolecomp-explorer on the page")
    if "Not answered yet" in page.inner_text("body"):
        fails.append("exercise prompts ('Not answered yet') are shown to an audience that cannot answer")
    return fails


def test_voila_renders_without_code_or_errors(voila_page, screenshots):
    shot = screenshots / f"voila-{STEM}.png"
    fails = check_voila_page(voila_page, shot)
    assert not fails, f"Voilà {VOILA_NOTEBOOK} (screenshot {shot}):\n" + "\n".join(fails)


def test_voila_explorers_respond(voila_page, screenshots):
    import pages

    explorers = voila_page.locator(pages.EXPLORER)
    failures = []
    for i in range(explorers.count()):
        ex = pages.Explorer(explorers.nth(i))
        suffix = "" if i == 0 else f"-{i + 1}"
        notes = []
        shot = screenshots / f"voila-{STEM}-{ex.css_name}{suffix}"
        failures += pages.exercise_explorer(ex, shot, notes=notes)
        for note in notes:
            warnings.warn(pages.ExplorerNote(f"Voilà {VOILA_NOTEBOOK}: {note}"), stacklevel=1)
        for issue in pages.layout_issues(ex):  # visible, but not a failure
            warnings.warn(pages.LayoutWarning(f"Voilà {VOILA_NOTEBOOK}: {issue}"), stacklevel=1)
    stderr = voila_page.evaluate(pages.DOM_STDERR_JS, None)
    if stderr:
        failures.append("error/stderr outputs after using the explorers:\n  " + "\n  ".join(stderr))
    assert not failures, f"Voilà {VOILA_NOTEBOOK}:\n" + "\n".join(failures)
