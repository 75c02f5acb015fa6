"""Every notebook in Notebook 7 (``jupyter notebook``, ``/notebooks/<nb>``): Run All Cells
gives no error and no widget failure, every explorer shows its chart and sentence, a mouse
drag on a slider redraws the chart, and the keyboard changes values too: an arrow key on a
slider and a number typed into the box beside it (arrows on a bare ipywidgets slider select
the next cell there instead, upstream)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import notebook_params

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("notebook", notebook_params())
def test_notebook_runs_and_explorers_respond_in_notebook7(notebook, notebook7_server, new_page,
                                                          screenshots):
    import pages

    page = new_page()
    stem = Path(notebook).stem
    try:
        pages.open_notebook7(page, notebook7_server, notebook)
        pages.run_all_cells(page, status_bar=False)
        state = pages.wait_widgets_rendered(page)
    except Exception:
        page.screenshot(path=str(screenshots / f"FAILED-nb7-{stem}.png"), full_page=True)
        raise
    try:
        page.screenshot(path=str(screenshots / f"nb7-{stem}.png"), full_page=True)
        problems = pages.lab_notebook_problems(page)
        assert not problems, (f"{notebook} after Run All Cells in Notebook 7:\n{problems.describe()}\n"
                              f"widgets: {state}; console: {page.console_errors[-5:]}")
        explorers = page.locator(pages.EXPLORER)
        fails = []
        for i in range(explorers.count()):
            ex = pages.Explorer(explorers.nth(i))
            name = ex.css_name
            s = ex.state()
            if not (s["charts"] and s["chartsLoaded"] and s["sentence"]):
                fails.append(f"{name}: no loaded chart or no sentence: {s['sentence']!r}")
                continue
            sliders = ex.slider_handles().count()
            if ex.number_boxes().count() != sliders:
                fails.append(f"{name}: {sliders} sliders but {ex.number_boxes().count()} number boxes")
            if sliders == 0:
                continue
            if i == 0:
                ex.loc.scroll_into_view_if_needed()
                ex.screenshot(screenshots / f"nb7-{stem}-{name}.png")
            # the mouse
            try:
                ex.drag_first_slider(40)
            except AssertionError as e:
                fails.append(str(e))
            # the keyboard: an arrow key on the slider, then a value typed into its box
            try:
                ex.nudge_first_slider()
            except AssertionError as e:
                fails.append(f"{e} (Notebook 7)")
            if ex.number_boxes().count() == 0:
                continue  # said above: no number boxes to type into
            before = ex.state()
            box = ex.number_boxes().first
            low = box.get_attribute("min")
            target = low if before["readouts"][0] != low else box.get_attribute("max")
            after = ex.type_number(0, target)
            if after["readouts"][0] != target or after["charts"] == before["charts"] \
                    or after["sentence"] == before["sentence"]:
                fails.append(f"{name}: typing {target} + Enter into the first number box: readout "
                             f"{before['readouts'][0]!r} -> {after['readouts'][0]!r}, chart "
                             f"{'changed' if after['charts'] != before['charts'] else 'unchanged'}, "
                             f"sentence {'changed' if after['sentence'] != before['sentence'] else 'unchanged'}")
        assert not fails, f"Notebook 7 {notebook}:\n" + "\n".join(fails)
    finally:
        notebook7_server.shutdown_sessions()
