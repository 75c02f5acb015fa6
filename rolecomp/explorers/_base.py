"""The shared view of every explorer: controls ↔ :class:`~rolecomp.scenario.Scenario` ↔ chart.

An explorer holds the current scenario, the contrast's chart (:mod:`rolecomp.charts`) on a
:class:`~rolecomp.charts.FastFigure`, and the widgets: a title, the scenario menu, Reset, the
language toggle, the controls, the chart as an ``ipywidgets.Image``, the live sentence and
notes. Every change goes one way: a control's value → a new scenario → the model's result →
the chart's artists → PNG. Widgets call back through weak references, so an explorer that
nothing refers to is freed (see :mod:`rolecomp._hub` for cells that are re-run).
"""

from __future__ import annotations

import base64
import html
import math
import weakref
from contextlib import contextmanager

import ipywidgets as w

from rolecomp import _hub
from rolecomp.charts import FastFigure, chart_class
from rolecomp.i18n import chart_language, get_language, normalize_language, set_language, t, zh_punct
from rolecomp.scenario import Scenario

__all__ = ["Explorer", "ParameterExplorer"]

_LANG_OPTIONS = (("English", "en"), ("中文", "zh"))
_START = "__start__"
_COMMON = {
    "custom": {"en": "(custom)", "zh": "（自定义）"},
    "start": {"en": "Start values (Reset)", "zh": "初始值（重置）"},
    "preset": {"en": "Scenario", "zh": "场景"},
    "toggle": {"en": "Language of the whole workshop: every explorer, chart and check",
               "zh": "整个工作坊的语言：所有探索工具、图表和答题反馈"},
    "chart": {"en": "Chart: {title}. The sentence under it says what it shows.",
              "zh": "图表：{title}。图下的句子说明图中内容。"},
}

# The chosen language button is bold and underlined, not only darker (colour alone).
_A11Y_CSS = ("<style>.rolecomp-explorer .rolecomp-lang button.mod-active"
             "{font-weight:700;text-decoration:underline;text-underline-offset:3px}</style>")

# What ipywidgets 8 cannot say from Python, set in the browser (an upstream gap, not a design):
# an Image has no alt text (and its `tooltip` breaks the view: "Could not create a view"), a
# slider's handle (role=slider) has no accessible name, and a page cannot tell a screen reader
# that the sentence is a live region or in which language the explorer speaks. An HTML widget's
# content is set as innerHTML, so this hidden image's onerror runs wherever the widgets render
# (JupyterLab, Notebook 7, Voila, exported HTML). It only adds attributes, with no data from
# the kernel but the two data-* values (escaped); without it everything still works.
# It also keeps the keys that move a slider or a menu (arrows, Home/End, Page Up/Down) from the
# notebook's shortcuts, which take them for "select the next cell" (Notebook 7: arrows on a
# slider; JupyterLab and Notebook 7: arrows on a menu or list). Text boxes do so themselves.
_A11Y_JS = """(function (marker) {
  var tries = 0;
  function apply(ex) {
    var m = ex.querySelector('[data-rc-a11y]');
    if (!m) return;
    ex.setAttribute('lang', m.getAttribute('data-lang'));
    var sentence = ex.querySelector('.rolecomp-sentence .widget-html-content');
    var img = ex.querySelector('img.rolecomp-chart');
    if (sentence) {
      if (!sentence.id) sentence.id = 'rolecomp-s-' + Math.random().toString(36).slice(2);
      sentence.setAttribute('role', 'status');
      sentence.setAttribute('aria-live', 'polite');
      sentence.setAttribute('aria-atomic', 'true');
    }
    if (img) {
      if (img.getAttribute('alt') !== m.getAttribute('data-alt')) img.setAttribute('alt', m.getAttribute('data-alt'));
      if (sentence) img.setAttribute('aria-describedby', sentence.id);
    }
    ex.querySelectorAll('.widget-slider').forEach(function (sl) {
      var label = sl.querySelector('.widget-label'), handle = sl.querySelector('.noUi-handle');
      var name = label ? label.textContent.trim() : '';
      if (handle && name && handle.getAttribute('aria-label') !== name) handle.setAttribute('aria-label', name);
    });
    ex.querySelectorAll('.rolecomp-unit').forEach(function (u) { u.setAttribute('aria-hidden', 'true'); });
    ex.querySelectorAll('.rolecomp-lang button').forEach(function (b) {
      var on = String(b.classList.contains('mod-active'));
      if (b.getAttribute('aria-pressed') !== on) b.setAttribute('aria-pressed', on);
    });
  }
  function go() {
    var ex = marker.closest('.rolecomp-explorer');
    if (!ex || !ex.querySelector('img.rolecomp-chart')) {
      if (tries++ < 150) setTimeout(go, 100);
      return;
    }
    apply(ex);
    if (!window.__rolecompKeys) {
      // before the notebook's shortcuts (Notebook 7 reads keys while they go down the page,
      // JupyterLab on their way back); both ignore a key whose default is already prevented
      window.__rolecompKeys = true;
      window.addEventListener('keydown', function (e) {
        var t = e.target;
        if (e.ctrlKey || e.metaKey || e.altKey || !t || !t.closest || !t.closest('.rolecomp-explorer')) return;
        var k = e.key;
        if (t.getAttribute('role') === 'slider' && /^(Arrow|Page|Home|End)/.test(k)) {
          e.preventDefault();  // the slider moves itself (noUiSlider ignores defaultPrevented)
        } else if (t.tagName === 'SELECT' && !e.shiftKey && /^(ArrowUp|ArrowDown|Home|End)$/.test(k)) {
          e.preventDefault();  // and do what the browser would have done
          var n = t.options.length, i = t.selectedIndex;
          if (t.multiple) {
            for (var j = n - 1; j >= 0; j--) if (t.options[j].selected) { i = j; break; }
          }
          var to = k === 'Home' ? 0 : k === 'End' ? n - 1
            : Math.max(0, Math.min(n - 1, i + (k === 'ArrowDown' ? 1 : -1)));
          if (to !== i || t.multiple) {
            for (var o = 0; o < n; o++) t.options[o].selected = (o === to);
            t.dispatchEvent(new Event('change', {bubbles: true}));
          }
        }
      }, true);
    }
    if (!ex.__rolecompA11y) {
      ex.__rolecompA11y = new MutationObserver(function () { apply(ex); });
      ex.__rolecompA11y.observe(ex, {childList: true, subtree: true, characterData: true,
                                     attributes: true, attributeFilter: ['class']});
    }
  }
  go();
})(this)"""


def _tr(entry: dict | str, lang: str) -> str:
    text = entry if isinstance(entry, str) else entry[lang]
    return zh_punct(text) if lang == "zh" else text


_weak = _hub.weak_callback  # a callback that does not keep its explorer alive


def _close_tree(root, figures: dict) -> None:
    """Close a widget tree (with its Layout and Style widgets) and free the figures."""
    stack = [root]
    while stack:
        wid = stack.pop()
        stack.extend(getattr(wid, "children", ()))
        for part in ("layout", "style"):  # Layout and Style are widgets of their own
            sub = getattr(wid, part, None)
            if isinstance(sub, w.Widget):
                sub.close()
        wid.close()
    for ff, _chart in figures.values():
        ff.clear()
    figures.clear()


class Explorer:
    """Base view: a subclass names its contrast and makes its controls.

    Subclasses set ``contrast`` (the id: chart, scenario and CSS class follow from it) and
    ``title`` falls back to the chart's; they implement ``_make_controls()`` (name -> widget)
    and may override ``_label(name, lang)``, ``_tooltip(name, lang)`` and ``_extra(data, lang)``
    (HTML under the sentence).
    """

    contrast = ""
    title: dict | None = None

    def __init__(self, lang: str | None = None, **values):
        self._lang = normalize_language(lang) if lang is not None else get_language()
        self._holding = False
        self._stale = False
        self._displayed = False
        self._chart_cls = chart_class(self.contrast)
        self._scenario = self._initial_scenario()
        self._start = self._scenario
        self._ff = FastFigure(figsize=self._chart_cls.figsize, dpi=100)
        self._chart = None
        # chart language -> (figure, chart): a language switch builds the other language's chart
        # once; switching back and forth afterwards only updates it (building costs ~0.2 s)
        self._figures: dict[str, tuple] = {}
        self._png = b""
        self._data = None
        self._notes: list[str] = []
        self._sentence_text = ""

        self._controls: dict[str, w.ValueWidget] = self._make_controls()
        self._title = w.HTML()
        self._lang_toggle = w.ToggleButtons(options=_LANG_OPTIONS, value=self._lang,
                                            style={"button_width": "84px"})
        # one tooltip in both languages, set once: ipywidgets 8 rebuilds the buttons on every
        # change to this widget, and a rebuilt button loses the keyboard focus
        self._lang_toggle.tooltip = f"{_COMMON['toggle']['en']} / {_COMMON['toggle']['zh']}"
        self._lang_toggle.add_class("rolecomp-lang")
        self._preset = w.Dropdown(layout=w.Layout(width="380px"), style={"description_width": "70px"})
        self._preset.add_class("rolecomp-preset")
        self._reset_button = w.Button(icon="undo", layout=w.Layout(width="110px"))
        self._reset_button.add_class("rolecomp-reset")
        width = self._chart_cls.figsize[0] * 100
        self._chart_w = w.Image(format="png", layout=w.Layout(width="100%", max_width=f"{width:.0f}px",
                                                             height="auto"))
        self._chart_w.add_class("rolecomp-chart")
        self._sentence_w = w.HTML(layout=w.Layout(min_height="2.6em"))
        self._sentence_w.add_class("rolecomp-sentence")
        self._note = w.HTML()
        self._note.add_class("rolecomp-note")
        self._extra_w = w.HTML()
        self._a11y = w.HTML(layout=w.Layout(display="none"))
        self._a11y.add_class("rolecomp-a11y")

        header = w.HBox([self._title, w.HBox([self._preset, self._reset_button, self._lang_toggle],
                                             layout=w.Layout(margin="0 0 0 auto", align_items="center"))],
                        layout=w.Layout(align_items="center", width="100%", flex_flow="row wrap"))
        # the sentence comes right after the chart: read in order, it is the chart's description
        self.widget = w.VBox([header, self._controls_box(), self._chart_w, self._sentence_w, self._note,
                              self._extra_w, self._a11y], layout=w.Layout(width="100%", max_width="1080px"))
        self.widget.add_class("rolecomp-explorer")
        self.widget.add_class(f"rolecomp-{self.contrast}")
        self._release = weakref.finalize(self, _close_tree, self.widget, self._figures)
        self._release.atexit = False  # at kernel exit the comms are gone: nothing to close then

        for c in self._controls.values():
            c.observe(_weak(self._on_control), names="value")
        self._preset.observe(_weak(self._on_preset), names="value")
        self._reset_button.on_click(_weak(self._on_reset))
        self._lang_toggle.observe(_weak(self._on_lang_toggle), names="value")
        self._cell = _hub.cell_of_new_explorer()
        _hub.register(self)
        self._build_chart()
        self._relabel()
        if values:
            self.set(**values)
        else:
            self._refresh()

    # ------------------------------------------------------------------ for subclasses
    def _initial_scenario(self) -> Scenario:
        return Scenario(self.contrast)

    def _make_controls(self) -> dict:
        raise NotImplementedError

    def _controls_box(self) -> w.Widget:
        return w.Box(list(self._controls.values()),
                     layout=w.Layout(display="flex", flex_flow="row wrap", width="100%"))

    def _label(self, name: str, lang: str) -> str:
        return name

    def _tooltip(self, name: str, lang: str) -> str:
        return self._label(name, lang)

    def _extra(self, data, lang: str) -> str:
        return ""

    # ------------------------------------------------------------------ public API
    @property
    def name(self) -> str:
        """The contrast's id (also the explorer's CSS class ``rolecomp-<id>``)."""
        return self.contrast

    @property
    def scenario(self) -> Scenario:
        """The scenario on show: every parameter, and the model's result for it."""
        return self._scenario

    @property
    def values(self) -> dict:
        """Current value of every control, by name."""
        return {k: c.value for k, c in self._controls.items()}

    @property
    def parameters(self) -> dict:
        """Every parameter the model is called with: controls, the scenario's other values, defaults."""
        return self._scenario.parameters

    @property
    def presets(self) -> dict[str, dict]:
        """Named scenarios: ``{id: {"en": name, "zh": name, "values": {...}}}``."""
        return dict(self._scenario.presets)

    @property
    def data(self):
        """The model's result for the current scenario (what the chart draws)."""
        return self._scenario.data

    @property
    def notes(self) -> list[str]:
        """Explanations of values at the edges, in this explorer's language."""
        self._fresh()
        return list(self._notes)

    @property
    def figure(self):
        """The matplotlib Figure behind the chart (kept up to date)."""
        self._fresh()
        return self._ff.figure

    @property
    def language(self) -> str:
        """Language of this explorer's labels and sentence (``"en"`` or ``"zh"``)."""
        return self._lang

    @property
    def sentence(self) -> str:
        """The live sentence as plain text: what the chart shows, in words."""
        self._fresh()
        return self._sentence_text

    @property
    def png(self) -> bytes:
        """The chart as PNG bytes, as shown."""
        self._fresh()
        return self._png

    def set(self, **values) -> Explorer:
        """Set several controls at once (validated), then redraw once.

        Raises
        ------
        ValueError
            For an unknown control or a value outside its range, naming both; nothing changes.
        """
        for name in values:
            if name not in self._controls:
                raise ValueError(f"{type(self).__name__} has no control {name!r}; its controls are: "
                                 f"{', '.join(self._controls)}")
        owner = type(self).__name__
        checked = {name: self._scenario.validate(name, value, owner) for name, value in values.items()}
        self._show(self._scenario.set(**checked))
        return self

    def reset(self) -> Explorer:
        """Back to what the learner first saw: the scenario when the explorer was first displayed
        (e.g. after a notebook loaded a preset), or else when it was created."""
        self._show(self._start)
        return self

    def load_preset(self, preset: str) -> Explorer:
        """Apply a named scenario (see ``.presets``): its control values and, for parameters
        without a control, its values behind the scenes (kept until Reset or another preset)."""
        if preset not in self._scenario.presets:
            raise ValueError(f"{type(self).__name__} has no preset {preset!r}; "
                             f"presets: {', '.join(self._scenario.presets) or 'none'}")
        self._show(self._scenario.with_preset(preset))
        return self

    def set_language(self, lang: str) -> Explorer:
        """Switch this explorer only to ``"en"`` or ``"zh"`` (its toggle switches the workshop)."""
        lang = normalize_language(lang)
        if lang != self._lang:
            self._lang = lang
            with self._hold():
                self._lang_toggle.value = lang
            self._rebuild()
        return self

    def close(self) -> None:
        """Remove the widgets from the page and free the figure (re-running its cell does it)."""
        self._release()
        _hub.forget(self)
        self._png = b""
        self._chart = None
        self._stale = False

    # ------------------------------------------------------------------ display
    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        self._fresh()
        if not self._displayed:  # what the learner sees first is what Reset returns to
            self._displayed = True
            self._start = self._scenario
            self._sync_preset()
            _hub.pin(self)
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        # A static copy of the chart: headless runs, exported HTML/PDF and front ends without
        # widgets still show the figure.
        bundle["image/png"] = base64.b64encode(self._png).decode("ascii")
        bundle["text/plain"] = f"<{type(self).__name__}: {self._sentence_text}>"
        return bundle

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.values}>"

    # ------------------------------------------------------------------ internals
    @contextmanager
    def _hold(self):
        prev, self._holding = self._holding, True
        try:
            yield
        finally:
            self._holding = prev

    def _show(self, scenario: Scenario) -> None:
        """Make ``scenario`` the one on show: controls, menu, chart, sentence."""
        self._scenario = scenario
        params = scenario.parameters
        with self._hold():
            for name, c in self._controls.items():
                if c.value != params[name]:
                    c.value = params[name]
        self._sync_preset()
        self._refresh()

    def _on_control(self, change) -> None:
        if self._holding:
            return
        name = next(k for k, c in self._controls.items() if c is change["owner"])
        self._scenario = self._scenario.set(**{name: change["new"]})
        self._sync_preset()
        self._refresh()

    def _on_preset(self, change) -> None:
        if self._holding or not change["new"]:
            return
        if change["new"] == _START:
            self.reset()
        else:
            self.load_preset(change["new"])

    def _on_reset(self, _button) -> None:
        self.reset()

    def _on_lang_toggle(self, change) -> None:
        if self._holding:
            return
        set_language(change["new"])  # the toggle switches the whole workshop

    def _on_global_language(self, lang: str) -> None:
        if lang == self._lang:
            return
        self._lang = lang
        with self._hold():
            self._lang_toggle.value = lang
        if self._displayed:
            self._rebuild()
        else:  # not on the page: relabel when it is shown or read
            self._stale = True

    def _fresh(self) -> None:
        if self._stale:
            self._rebuild()

    def _rebuild(self) -> None:
        self._stale = False
        self._build_chart()
        self._relabel()
        self._refresh()

    def _sync_preset(self) -> None:
        s = self._scenario
        match = next((pid for pid in s.presets if s.matches(pid)), "")
        if not match and s == self._start:
            match = _START
        with self._hold():
            self._preset.value = match

    def _relabel(self) -> None:
        lang = self._lang
        title = _tr(self.title or self._chart_cls.title, lang)
        self._title.value = f"<b style='font-size:1.15em'>{html.escape(title)}</b>"
        self._reset_button.description = t("reset", lang)
        alt = _COMMON["chart"][lang].format(title=title)
        code = "zh-Hans" if lang == "zh" else "en"
        self._a11y.value = (_A11Y_CSS + f'<img src="data:," alt="" hidden data-rc-a11y data-lang="{code}"'
                            f' data-alt="{html.escape(alt)}" onerror="{html.escape(_A11Y_JS)}">')
        with self._hold():
            self._preset.options = [(_COMMON["custom"][lang], ""), (_COMMON["start"][lang], _START)] + [
                (_tr(p[lang], lang), pid) for pid, p in self._scenario.presets.items()]
            self._preset.description = _COMMON["preset"][lang]
        for name, c in self._controls.items():
            c.description = self._label(name, lang)
            c.description_allow_html = False
            c.tooltip = self._tooltip(name, lang)
        self._sync_preset()

    def _build_chart(self) -> None:
        lang = chart_language(self._lang)
        if lang not in self._figures:
            ff = self._ff if not self._figures else FastFigure(figsize=self._chart_cls.figsize, dpi=100)
            ff.clear()
            self._figures[lang] = (ff, self._chart_cls(ff, lang, self._scenario))
        self._ff, self._chart = self._figures[lang]
        self._chart.scenario = self._scenario

    def _refresh(self) -> None:
        if self._chart is None:  # closed
            return
        lang = self._lang
        data, notes = self._scenario.result(lang)
        self._notes = notes
        self._png = self._chart.render(data)
        self._chart_w.value = self._png
        self._sentence_text = _tr(self._chart_cls.sentence_of(data, lang, self._scenario), lang)
        self._sentence_w.value = (f"<div style='font-size:1.1em;line-height:1.4'>"
                                  f"{html.escape(self._sentence_text)}</div>")
        self._note.value = "".join(
            f"<div style='background:#fff3cd;color:#1f1f1f;border-left:4px solid #E69F00;padding:4px 8px;"
            f"margin:2px 0'>{html.escape(n)}</div>" for n in notes)
        extra = self._extra(data, lang)
        if extra != self._extra_w.value:
            self._extra_w.value = extra


class ParameterExplorer(Explorer):
    """An explorer whose controls are sliders described by ``data/parameters.csv``.

    ``controls`` names the contrast's parameters shown as sliders, in order; parameters whose
    min, max, step and default are whole numbers become integer sliders.
    """

    controls: tuple[str, ...] = ()

    @property
    def group(self) -> str:
        """The parameter group in ``data/parameters.csv``: the contrast's id."""
        return self.contrast

    def _make_controls(self) -> dict:
        s = self._scenario
        out = {}
        for name in self.controls:
            row = s.row(name)
            value = s.parameters[name]
            # no readout: the number box beside the slider shows the value, in the same unit
            common = dict(min=row["min"], max=row["max"], step=row["step"], value=value,
                          continuous_update=True, readout=False, style={"description_width": "245px"},
                          layout=w.Layout(width="400px", margin="2px 4px 2px 0"))
            if s.is_whole(name):
                common = {k: (int(v) if isinstance(v, float) else v) for k, v in common.items()}
                out[name] = w.IntSlider(**common)
            else:
                out[name] = w.FloatSlider(**common)
        return out

    def _controls_box(self) -> w.Widget:
        """Each slider with a number box beside it: a keyboard user types a value there (arrow
        keys on a slider do nothing in Notebook 7), and a screen reader reads it with its name.

        The box shows the value in the unit the learner reads (fractions as percent) and is
        linked to the slider in Python both ways; ``_controls`` and ``.values`` stay the sliders.
        """
        self._boxes: dict[str, w.ValueWidget] = {}
        pairs = []
        for name, slider in self._controls.items():
            scale, decimals = self._box_scale(name)
            lo, hi, step = (round(v * scale, decimals) for v in (slider.min, slider.max, slider.step))
            kw = dict(value=self._box_value(name, slider.value), min=lo, max=hi, step=step,
                      continuous_update=False,  # typing "15" must not send "1" first
                      # its label (the slider's) is its accessible name, at no width: the
                      # slider's own label is beside it on screen
                      style={"description_width": "0px"}, layout=w.Layout(width="92px", margin="2px 0"))
            box = w.BoundedIntText(**kw) if isinstance(slider, w.IntSlider) else w.BoundedFloatText(**kw)
            box.add_class("rolecomp-number")
            self._boxes[name] = box
            unit = w.HTML("%" if scale == 100 else "", layout=w.Layout(width="22px", margin="2px 0 2px 3px"))
            unit.add_class("rolecomp-unit")  # the box's name says "(%)" already
            slider.observe(_weak(self._slider_to_box), names="value")
            box.observe(_weak(self._box_to_slider), names="value")
            pair = w.HBox([slider, box, unit], layout=w.Layout(align_items="center", margin="0 14px 0 0"))
            pair.add_class("rolecomp-control")
            pairs.append(pair)
        return w.Box(pairs, layout=w.Layout(display="flex", flex_flow="row wrap", width="100%"))

    def _box_scale(self, name: str) -> tuple[int, int]:
        """(factor, decimals) from the slider's value to its number box: percent for fractions."""
        row = self._scenario.row(name)
        scale = 100 if _is_fraction(row["unit"]) else 1
        step = float(row["step"]) * scale
        decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if 0 < step < 1 else 0
        return scale, decimals

    def _box_value(self, name: str, value):
        scale, decimals = self._box_scale(name)
        if isinstance(self._controls[name], w.IntSlider):
            return int(value)
        return round(float(value) * scale, decimals)

    def _slider_to_box(self, change) -> None:
        name = next(k for k, c in self._controls.items() if c is change["owner"])
        box = self._boxes[name]
        shown = self._box_value(name, change["new"])
        if box.value != shown:
            with self._hold_boxes():
                box.value = shown

    def _box_to_slider(self, change) -> None:
        if getattr(self, "_syncing_boxes", False):
            return
        name = next(k for k, b in self._boxes.items() if b is change["owner"])
        slider = self._controls[name]
        scale, _ = self._box_scale(name)
        # the slider's own grid: a typed 24.4 % on a 1 % slider becomes 24 %, as a drag would
        steps = round((change["new"] / scale - slider.min) / slider.step)
        value = min(slider.max, max(slider.min, slider.min + steps * slider.step))
        value = round(value) if isinstance(slider, w.IntSlider) else round(value, 12)
        if value != slider.value:
            slider.value = value  # the explorer redraws, and the box follows the slider
        else:
            self._slider_to_box({"owner": slider, "new": slider.value})

    @contextmanager
    def _hold_boxes(self):
        prev, self._syncing_boxes = getattr(self, "_syncing_boxes", False), True
        try:
            yield
        finally:
            self._syncing_boxes = prev

    def _relabel(self) -> None:
        super()._relabel()
        for name, box in self._boxes.items():
            # named like its slider, in the explorer's language, for screen readers and on hover
            scale, _ = self._box_scale(name)
            box.description = self._label(name, self._lang) + (" (%)" if scale == 100 else "")
            box.description_allow_html = False
            box.tooltip = box.description

    def _label(self, name: str, lang: str) -> str:
        return _tr(self._scenario.label(name, lang), lang)

    def _tooltip(self, name: str, lang: str) -> str:
        """Hover text: the label with its unit, and where the default comes from.

        In Chinese the unit is Chinese and the source is said by its kind (the article, a cited
        source, or illustrative) with the paragraphs it names: the sources are in English only.
        """
        row = self._scenario.row(name)
        unit = "" if row["unit"] is None or str(row["unit"]) in ("", "<NA>") else str(row["unit"])
        if lang == "zh":
            return _tooltip_zh(self._label(name, lang), unit, str(row["source"]), str(row.get("basis", "")))
        if _is_fraction(unit):
            unit = ("%" + unit.replace("fraction", "")).strip()
        label = self._label(name, lang)
        return f"{label} [{unit}]: {row['source']}" if unit else f"{label}: {row['source']}"


#: The units of data/parameters.csv in Chinese (after "单位：").
UNITS_ZH = {
    "currency": "元", "currency per 1,000 impressions": "元/千次曝光",
    "currency per click": "元/次点击",
    "currency per customer": "元/位客户", "currency per customer per month": "元/位客户/月",
    "currency per deal": "元/单", "currency per hour": "元/小时",
    "currency per rep per week": "元/名销售/周", "currency per unit": "元/件",
    "currency per unit sold a month": "元/（每月多卖一件）", "currency per week": "元/周",
    "currency per year": "元/年", "customers": "位客户", "days": "天", "deals per rep per year": "单/名销售/年",
    "fraction": "%", "fraction per month": "%/月", "fraction per month per touch": "%/月/次跟进",
    "fraction per touch": "%/次跟进", "fraction per week": "%/周", "fraction per year": "%/年",
    "hours per rep per week": "小时/名销售/周", "links": "个环节", "months": "个月",
    "new customers per active customer per week": "位新客户/位活跃客户/周", "open opportunities": "个商机",
    "people": "人", "people per week": "人/周", "prospects per rep per week": "位潜在客户/名销售/周",
    "touches per customer per month": "次跟进/位客户/月", "weeks": "周", "weeks per year": "周/年", "years": "年",
}
_BASIS_ZH = {"article": "依据文章", "cited": "引自公开的研究或行业数据", "illustrative": "示意数值，不是文章给出的数字"}


def _tooltip_zh(label: str, unit: str, source: str, basis: str) -> str:
    """A slider's hover text in Chinese, with no English in it.

    Examples
    --------
    >>> _tooltip_zh("售后期限", "months", "At most a year or so of after-sales (¶19)", "article")
    '售后期限（单位：个月）：依据文章，见 ¶19'
    >>> _tooltip_zh("中间环节数", "links", "Illustrative (¶22; ¶23)", "illustrative")
    '中间环节数（单位：个环节）：示意数值，不是文章给出的数字；相关段落 ¶22、¶23'
    """
    import re

    head = f"{label}（单位：{UNITS_ZH[unit]}）" if unit in UNITS_ZH else label
    basis_zh = _BASIS_ZH.get(basis.strip(), "")
    paras = list(dict.fromkeys(re.findall(r"¶\d+", source)))
    if paras:
        cited = "、".join(paras)
        basis_zh = f"{basis_zh}，见 {cited}" if basis == "article" else \
            (f"{basis_zh}；相关段落 {cited}" if basis_zh else f"相关段落 {cited}")
    return f"{head}：{basis_zh}" if basis_zh else head


def _is_fraction(unit) -> bool:
    """Parameters stored as fractions (0.05) are shown as percentages (5%)."""
    u = "" if unit is None else str(unit)
    return u.startswith("fraction") or u == "%"


def _fmt(step: float) -> str:
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    return f",.{decimals}f"
