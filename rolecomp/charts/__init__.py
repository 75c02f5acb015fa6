"""Charts: one module per contrast, each a chart that builds on a figure once and then follows
a :class:`~rolecomp.scenario.Scenario`'s result, in English or Chinese, without any widget.

Explorers show these charts live; ``export-figures``, handouts and tests draw them directly.
Figures are plain :class:`matplotlib.figure.Figure` objects on an Agg canvas: no pyplot, no
backend switch, nothing global. :class:`FastFigure` renders them: the static background once,
then only the artists that moved (blitting), then a PNG.

Examples
--------
>>> from rolecomp import charts
>>> fig = charts.draw("one_off_vs_ongoing", lang="en")
>>> [ax.get_title(loc="left") for ax in fig.axes]
['Cumulative revenue of the cohort', 'Revenue per month']
>>> charts.sentence("one_off_vs_ongoing", lang="en").startswith("With 2 after-sales touches")
True
"""

from __future__ import annotations

from importlib import import_module

import matplotlib as mpl

from rolecomp.charts._render import (
    OKABE_ITO,
    ROLE_STYLES,
    FastFigure,
    compact_number,
    nice_ceiling,
    role_style,
)

__all__ = [
    "CONTRASTS",
    "OKABE_ITO",
    "ROLE_STYLES",
    "Chart",
    "FastFigure",
    "chart_class",
    "compact_number",
    "draw",
    "nice_ceiling",
    "role_style",
    "sentence",
]

#: The workshop's contrasts, in notebook order; each id names its model, chart, explorer,
#: notebook, export file and tests.
CONTRASTS = ("three_roles", "channel_dependence", "reach", "one_off_vs_ongoing", "value_presentation")


class Chart:
    """A contrast's chart: :meth:`build` its artists once, then :meth:`update` them from a result.

    Parameters
    ----------
    ff : FastFigure
        Where to draw; the chart marks the artists that change as dynamic.
    lang : {"en", "zh"}
        Language of every label (already resolved: ``"zh"`` only when a CJK font exists).
    scenario : rolecomp.scenario.Scenario
        The scenario the chart is for: its defaults and ranges fix the static layout
        (axis extents, the number of bars), so a change of values never moves the frame.

    Notes
    -----
    Subclasses set ``title`` and ``figsize`` and implement ``build``, ``update(data)`` and the
    class method ``sentence_of(data, lang, scenario)``: the live sentence, what the chart shows
    in words (in the language asked for, even where the chart itself falls back to English).
    ``update`` calls ``self.ff.invalidate()`` when it changes a static part (an axis limit).
    """

    title: dict = {"en": "", "zh": ""}
    figsize = (10.5, 4.8)

    def __init__(self, ff: FastFigure, lang: str, scenario):
        self.ff, self.lang, self.scenario = ff, lang, scenario
        with mpl.rc_context(_rc(lang)):
            self.build()

    @property
    def figure(self):
        return self.ff.figure

    def build(self) -> None:
        raise NotImplementedError

    def update(self, data) -> None:
        raise NotImplementedError

    @classmethod
    def sentence_of(cls, data, lang: str, scenario) -> str:
        raise NotImplementedError

    def render(self, data) -> bytes:
        """Update from ``data`` and return the PNG."""
        with mpl.rc_context(_rc(self.lang)):
            self.update(data)
            return self.ff.png()


def _rc(lang: str) -> dict:
    from rolecomp.i18n import chart_rc

    return chart_rc(lang)


def chart_class(contrast: str) -> type[Chart]:
    """The chart of a contrast, by id.

    Examples
    --------
    >>> chart_class("reach").__name__
    'ReachChart'
    """
    if contrast not in CONTRASTS:
        raise ValueError(f"no chart for {contrast!r}; the contrasts are: {', '.join(CONTRASTS)}")
    return import_module(f"rolecomp.charts.{contrast}").CHART


def draw(contrast: str, lang: str = "en", scenario=None, dpi: int = 100):
    """The chart of ``contrast`` at ``scenario`` (its defaults when None), as a Figure.

    ``lang`` falls back to English when Chinese is asked for and no CJK font exists.
    """
    from rolecomp.i18n import chart_language
    from rolecomp.scenario import Scenario

    scenario = scenario if scenario is not None else Scenario(contrast)
    cls = chart_class(contrast)
    ff = FastFigure(figsize=cls.figsize, dpi=dpi)
    chart = cls(ff, chart_language(lang), scenario)
    with mpl.rc_context(_rc(chart.lang)):
        chart.update(scenario.result(lang).data)
    return ff.figure


def sentence(contrast: str, lang: str = "en", scenario=None) -> str:
    """The live sentence of ``contrast`` at ``scenario``: the chart's text alternative."""
    from rolecomp.i18n import zh_punct
    from rolecomp.scenario import Scenario

    scenario = scenario if scenario is not None else Scenario(contrast)
    text = chart_class(contrast).sentence_of(scenario.result(lang).data, lang, scenario)
    return zh_punct(text) if lang == "zh" else text
