"""The machinery itself, on fixture notebooks (tests/browser/fixtures/).

* A broken notebook is reported (error output, stderr, widget callback error): always run, so
  that a detector that silently stopped detecting cannot make the real tests pass.
* A fake explorer built from raw ipywidgets with rolecomp's DOM conventions passes every check,
  in JupyterLab and in Voilà: run while notebooks/ has no notebooks yet (the real notebooks
  prove the same once they exist), or always with ROLECOMP_BROWSER_SELFTEST=1.
"""

from __future__ import annotations

import os

import pytest
import servers
from conftest import teaching_notebooks

pytestmark = pytest.mark.browser

needs_selftest = pytest.mark.skipif(
    bool(teaching_notebooks()) and os.environ.get("ROLECOMP_BROWSER_SELFTEST") != "1",
    reason="the real notebooks exercise the same checks (ROLECOMP_BROWSER_SELFTEST=1 to run)",
)

FAKE = f"{servers.SELFTEST_DIR}/fake_explorer.ipynb"
BROKEN = f"{servers.SELFTEST_DIR}/broken.ipynb"


@needs_selftest
def test_fake_explorer_passes_every_check(lab_notebooks, tmp_path):
    import pages

    nb = lab_notebooks.get(FAKE, fresh=True)
    assert not nb.problems(), nb.problems().describe()
    assert nb.widgets["expected"] == nb.widgets["rendered"] == 2, nb.widgets
    explorers = nb.page.locator(pages.EXPLORER)
    assert explorers.count() == 2
    nb.touched = True
    for i in range(2):
        ex = pages.Explorer(explorers.nth(i))
        assert ex.css_name in ("rolecomp-fake", "rolecomp-fake-two")
        notes = []
        assert pages.exercise_explorer(ex, tmp_path / f"fake-{i}", notes=notes) == []
        assert notes == []
        assert (tmp_path / f"fake-{i}-zh.png").stat().st_size > 1000
        assert pages.layout_issues(ex) == []
    assert not nb.problems(), nb.problems().describe()


def test_broken_notebook_is_reported(lab_notebooks):
    nb = lab_notebooks.get(BROKEN, fresh=True)
    problems = nb.problems()
    assert [e for e in problems.errors if "ZeroDivisionError" in e], problems.describe()
    assert any("a warning on stderr" in s for s in problems.stderr), problems.describe()
    assert not problems.log_console
    nb.touched = True
    nb.page.locator(".selftest-boom").click()
    nb.page.wait_for_function(
        "() => { const e = document.querySelector('.jp-LogConsoleStatusItem');"
        " return e && !e.classList.contains('lm-mod-hidden'); }", timeout=15_000)
    assert nb.problems().log_console


@needs_selftest
def test_voila_machinery_on_fake_explorer(workspace, browser, tmp_path):
    """Voilà hides the code of the fake explorer notebook and its explorers pass every check."""
    pytest.importorskip("voila", reason="voila is optional")
    import pages
    from conftest import _new_page
    from test_voila import check_voila_page

    tmp, root, env = workspace
    with servers.start_voila(tmp, FAKE, root=root, env=env) as voila:
        page = _new_page(browser)
        try:
            pages.open_voila(page, voila)
            assert check_voila_page(page, tmp_path / "voila.png") == []
            explorers = page.locator(pages.EXPLORER)
            assert explorers.count() == 2
            for i in range(2):
                ex = pages.Explorer(explorers.nth(i))
                assert pages.exercise_explorer(ex, tmp_path / f"v{i}") == []
        finally:
            page.context.close()
