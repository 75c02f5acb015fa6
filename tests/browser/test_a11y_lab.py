"""Accessibility of the kit's widgets in every notebook, in JupyterLab and in Voilà.

- axe-core (the copy in ``axe-playwright-python``) finds no serious or critical violation
  inside the kit's own widgets (the outermost elements with a ``rolecomp-*`` class); JupyterLab's
  and Voilà's own pages are not the kit's to fix and are not counted.
- What a screen reader is told (``pages.screen_reader_problems``): every chart is an image
  with a name and is described by the live sentence that follows it (a polite live region),
  every slider and number box is named by its visible label, the language buttons say which
  one is pressed, and the explorer's ``lang`` is its language; all of it again in 中文.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import notebook_params

pytestmark = pytest.mark.browser


def _check_page(page, where: str) -> list[str]:
    import pages

    fails = []
    found = pages.axe_violations(page)
    if found["violations"]:
        fails.append(f"{where}: axe, serious/critical inside the kit's widgets:\n"
                     + pages.describe_violations(found))
    explorers = page.locator(pages.EXPLORER)
    for i in range(explorers.count()):
        fails += [f"{where}: {f}" for f in pages.screen_reader_problems(pages.Explorer(explorers.nth(i)))]
    return fails


def _in_chinese_too(page, where: str) -> list[str]:
    """Switch the first explorer (so the whole workshop) to 中文, check again, back to English."""
    import pages

    explorers = page.locator(pages.EXPLORER)
    if explorers.count() == 0:
        return []
    first = pages.Explorer(explorers.first)
    first.set_language("中文")
    for i in range(explorers.count()):  # every explorer follows the workshop's language
        pages.Explorer(explorers.nth(i)).wait_state("(s) => /[\\u4e00-\\u9fff]/.test(s.sentence)", None)
    fails = _check_page(page, f"{where} in 中文")
    names = explorers.first.locator(".widget-slider .noUi-handle").evaluate_all(
        "hs => hs.map(h => h.getAttribute('aria-label') || '')")
    not_zh = [n for n in names if not pages.CJK_RE.search(n)]
    if not_zh:
        fails.append(f"{where} in 中文: slider names not in Chinese: {not_zh}")
    first.set_language("English")
    return fails


@pytest.mark.parametrize("notebook", notebook_params())
def test_kit_widgets_accessible_in_lab(notebook, lab_notebooks):
    nb = lab_notebooks.get(notebook)
    where = f"JupyterLab {notebook}"
    fails = _check_page(nb.page, where) + _in_chinese_too(nb.page, where)
    assert not fails, "\n".join(fails)


@pytest.mark.parametrize("notebook", notebook_params())
def test_kit_widgets_accessible_in_voila(notebook, voila_tree, new_page, screenshots):
    import pages

    page = new_page()
    try:
        pages.open_voila(page, voila_tree, path=f"/voila/render/{notebook}")
    except Exception:
        page.screenshot(path=str(screenshots / f"FAILED-voila-a11y-{Path(notebook).stem}.png"))
        raise
    where = f"Voilà {notebook}"
    fails = _check_page(page, where) + _in_chinese_too(page, where)
    assert not fails, "\n".join(fails)
