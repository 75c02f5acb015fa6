"""Each explorer in each notebook, in JupyterLab: a slider key press redraws the chart and the
sentence, Reset restores them, 中文 relabels everything in Chinese. Screenshots en/zh."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from conftest import notebook_params

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]


def _builds_an_explorer(notebook: str) -> bool:
    import json
    import re

    path = REPO / "notebooks" / Path(notebook).name
    if not path.is_file():
        return False
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return re.search(r"\b(RoleProfile|[A-Z]\w*Explorer)\(", code) is not None


@pytest.mark.parametrize("notebook", notebook_params())
def test_explorers_respond_in_lab(notebook, lab_notebooks, screenshots):
    import pages

    nb = lab_notebooks.get(notebook)
    page = nb.page
    explorers = page.locator(pages.EXPLORER)
    count = explorers.count()
    if count == 0:
        # a notebook whose code builds an explorer must show one; only the others may skip
        assert not _builds_an_explorer(notebook), f"{notebook} builds an explorer but none reached the page"
        pytest.skip(f"{notebook} displays no .rolecomp-explorer")
    nb.touched = True
    failures, seen = [], {}
    for i in range(count):
        ex = pages.Explorer(explorers.nth(i))
        name = ex.css_name
        seen[name] = seen.get(name, 0) + 1
        label = name if seen[name] == 1 else f"{name}-{seen[name]}"
        shot = screenshots / f"{Path(notebook).stem}-{label}"
        notes = []
        failures += pages.exercise_explorer(ex, shot, notes=notes)
        for note in notes:
            warnings.warn(pages.ExplorerNote(f"{notebook}: {note}"), stacklevel=1)
        for issue in pages.layout_issues(ex):  # visible, but not a failure
            warnings.warn(pages.LayoutWarning(f"{notebook}: {issue}"), stacklevel=1)
    problems = nb.problems()
    if problems:
        failures.append(f"after using the explorers: {problems.describe()}")
    assert not failures, f"{notebook} ({count} explorers):\n" + "\n".join(failures)
