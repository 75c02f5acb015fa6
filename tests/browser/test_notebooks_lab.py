"""Every notebook runs top to bottom in JupyterLab with no error and every widget rendered."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import notebook_params

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("notebook", notebook_params(("en", "zh")))
def test_notebook_runs_clean_in_lab(notebook, lab_notebooks, screenshots):
    import pages

    nb = lab_notebooks.get(notebook, fresh=True)
    shot = screenshots / f"lab-{Path(notebook).parent.name}-{Path(notebook).stem}.png"
    pages.screenshot_lab_notebook(nb.page, shot)
    problems = nb.problems()
    assert not problems, (
        f"{notebook} after Run All Cells in JupyterLab (screenshot {shot}):\n"
        f"{problems.describe()}\nbrowser console errors: {nb.page.console_errors[-5:]}"
    )
