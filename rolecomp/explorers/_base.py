"""The shared base of every explorer: controls, one persistent figure, a live sentence, Reset,
presets, a language toggle, ``.values``, ``.set()``, ``.data`` and ``.figure``."""

from __future__ import annotations

import base64
import html
import math
from contextlib import contextmanager
from numbers import Real

import ipywidgets as w
import matplotlib as mpl

from rolecomp import _hub
from rolecomp.charts import FastFigure
from rolecomp.data import parameter_table, presets
from rolecomp.i18n import chart_language, chart_rc, get_language, set_language, t, zh_punct

__all__ = ["Explorer", "ParameterExplorer"]

_LANG_OPTIONS = (("English", "en"), ("中文", "zh"))
_START = "__start__"
_COMMON = {
    "custom": {"en": "(custom)", "zh": "（自定义）"},
    "start": {"en": "Start values (Reset)", "zh": "初始值（重置）"},
    "preset": {"en": "Scenario", "zh": "场景"},
}


def _tr(entry: dict | str, lang: str) -> str:
    text = entry if isinstance(entry, str) else entry[lang]
    return zh_punct(text) if lang == "zh" else text


class Explorer:
    """Base class: subclasses define the controls, the model call and the chart.

    Subclasses implement
      ``_make_controls()`` -> dict name -> widget,
      ``_compute(values)`` -> (data, notes),
      ``_build(ff, lang)`` (create axes and artists once; mark changing ones dynamic),
      ``_update(data, lang)`` (move artists; call ``self._ff.invalidate()`` if static parts moved),
      ``_sentence(data, lang)`` -> str, and optionally ``_presets()``.
    """

    name = "explorer"
    title: dict = {"en": "Explorer", "zh": "探索器"}
    figsize = (10.5, 4.8)

    def __init__(self, lang: str | None = None, **values):
        self._lang = lang or get_language()
        if self._lang not in ("en", "zh"):
            raise ValueError(f"lang must be 'en' or 'zh', not {lang!r}")
        self._holding = False
        self._hidden: dict = {}  # a preset's values for parameters that have no slider
        self._ff = FastFigure(figsize=self.figsize, dpi=100)
        self._png = b""
        self.data = None
        self._sentence_text = ""
        self.notes: list[str] = []

        self._controls: dict[str, w.ValueWidget] = self._make_controls()
        self._initial = {k: c.value for k, c in self._controls.items()}
        self._initial_hidden: dict = {}
        self._displayed = False
        self._preset_map = self._presets()

        self._title = w.HTML()
        self._lang_toggle = w.ToggleButtons(options=_LANG_OPTIONS, value=self._lang,
                                            style={"button_width": "72px"})
        self._lang_toggle.add_class("rolecomp-lang")
        self._preset = w.Dropdown(layout=w.Layout(width="380px"), style={"description_width": "70px"})
        self._preset.add_class("rolecomp-preset")
        self._reset_button = w.Button(icon="undo", layout=w.Layout(width="110px"))
        self._reset_button.add_class("rolecomp-reset")
        self._chart_w = w.Image(format="png", layout=w.Layout(width="100%", max_width=f"{self.figsize[0] * 100:.0f}px",
                                                             height="auto"))
        self._chart_w.add_class("rolecomp-chart")
        self._sentence_w = w.HTML(layout=w.Layout(min_height="2.6em"))
        self._sentence_w.add_class("rolecomp-sentence")
        self._note = w.HTML()
        self._note.add_class("rolecomp-note")

        header = w.HBox([self._title, w.HBox([self._preset, self._reset_button, self._lang_toggle],
                                             layout=w.Layout(margin="0 0 0 auto", align_items="center"))],
                        layout=w.Layout(align_items="center", width="100%", flex_flow="row wrap"))
        self.widget = w.VBox([header, self._controls_box(), self._chart_w, self._sentence_w, self._note],
                             layout=w.Layout(width="100%", max_width="1080px"))
        self.widget.add_class("rolecomp-explorer")
        self.widget.add_class(f"rolecomp-{self.name}")

        self._build_figure()
        self._relabel()
        for c in self._controls.values():
            c.observe(self._on_control, names="value")
        self._preset.observe(self._on_preset, names="value")
        self._reset_button.on_click(lambda _b: self.reset())
        self._lang_toggle.observe(self._on_lang_toggle, names="value")
        _hub.register(self)
        if values:
            self.set(**values)
        else:
            self._refresh()

    # ------------------------------------------------------------------ for subclasses
    def _make_controls(self) -> dict:
        raise NotImplementedError

    def _controls_box(self) -> w.Widget:
        return w.Box(list(self._controls.values()),
                     layout=w.Layout(display="flex", flex_flow="row wrap", width="100%"))

    def _presets(self) -> dict[str, dict]:
        return {}

    def _label(self, name: str, lang: str) -> str:
        return name

    def _validate(self, name: str, value):
        return value

    def _tooltip(self, name: str, lang: str) -> str:
        return self._label(name, lang)

    # ------------------------------------------------------------------ public API
    @property
    def values(self) -> dict:
        """Current value of every control, by name."""
        return {k: c.value for k, c in self._controls.items()}

    @property
    def figure(self):
        """The matplotlib Figure behind the chart (kept up to date)."""
        return self._ff.figure

    @property
    def language(self) -> str:
        """Language of this explorer's labels and sentence (``"en"`` or ``"zh"``)."""
        return self._lang

    @property
    def sentence(self) -> str:
        """The live sentence as plain text."""
        return self._sentence_text

    @property
    def png(self) -> bytes:
        """The chart as PNG bytes, as shown."""
        return self._png

    def set(self, **values) -> Explorer:
        """Set several controls at once (validated), then redraw once.

        Raises
        ------
        ValueError
            For an unknown control or a value outside its range, naming both.
        """
        checked = {}
        for name, value in values.items():
            if name not in self._controls:
                known = ", ".join(self._controls)
                raise ValueError(f"{type(self).__name__} has no control {name!r}; its controls are: {known}")
            checked[name] = self._validate(name, value)
        with self._hold():
            for name, value in checked.items():
                self._controls[name].value = value
        self._sync_preset()
        self._refresh()
        return self

    def reset(self) -> Explorer:
        """Back to the state the learner first saw: the values when the explorer was first
        displayed (e.g. after a notebook loaded a scenario), or else when it was created."""
        self._hidden = dict(self._initial_hidden)
        return self.set(**self._initial)

    def load_preset(self, preset: str) -> Explorer:
        """Apply a named scenario (see ``.presets``): its slider values and, for parameters
        without a slider, its values behind the scenes (kept until Reset or another preset)."""
        if preset not in self._preset_map:
            raise ValueError(f"{type(self).__name__} has no preset {preset!r}; "
                             f"presets: {', '.join(self._preset_map) or 'none'}")
        values = self._preset_map[preset]["values"]
        self._hidden = {k: v for k, v in values.items() if k not in self._controls}
        return self.set(**{k: v for k, v in values.items() if k in self._controls})

    @property
    def presets(self) -> dict[str, dict]:
        """Named scenarios: ``{id: {"en": name, "zh": name, "values": {...}}}``."""
        return dict(self._preset_map)

    def set_language(self, lang: str) -> Explorer:
        """Switch this explorer's labels, chart and sentence to ``"en"`` or ``"zh"``."""
        if lang not in ("en", "zh"):
            raise ValueError(f"language must be 'en' or 'zh', not {lang!r}")
        if lang != self._lang:
            self._lang = lang
            self._lang_toggle.value = lang
            self._build_figure()
            self._relabel()
            self._refresh()
        return self

    def close(self) -> None:
        """Remove the widgets from the page and free the figure (e.g. before re-running a cell)."""
        stack = [self.widget]
        while stack:
            wid = stack.pop()
            stack.extend(getattr(wid, "children", ()))
            for part in ("layout", "style"):  # Layout and Style are widgets of their own
                sub = getattr(wid, part, None)
                if isinstance(sub, w.Widget):
                    sub.close()
            wid.close()
        self._ff.clear()
        self._png = b""

    # ------------------------------------------------------------------ display
    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        if not self._displayed:  # what the learner sees first is what Reset returns to
            self._displayed = True
            self._initial = dict(self.values)
            self._initial_hidden = dict(self._hidden)
            self._sync_preset()
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

    def _on_control(self, change) -> None:
        if self._holding:
            return
        self._sync_preset()
        self._refresh()

    def _on_preset(self, change) -> None:
        if self._holding or not change["new"]:
            return
        if change["new"] == _START:
            self.reset()
        else:
            self.load_preset(change["new"])

    def _on_lang_toggle(self, change) -> None:
        if self._holding:
            return
        set_language(change["new"])  # every live explorer follows

    def _on_global_language(self, lang: str) -> None:
        with self._hold():
            self.set_language(lang)

    def _sync_preset(self) -> None:
        current = {**self._hidden, **self.values}
        match = ""
        for pid, p in self._preset_map.items():
            if all(_same(current.get(k), v) for k, v in p["values"].items()):
                match = pid
                break
        if not match and self._hidden == self._initial_hidden and \
                all(_same(current[k], v) for k, v in self._initial.items()):
            match = _START
        with self._hold():
            self._preset.value = match

    def _relabel(self) -> None:
        lang = self._lang
        self._title.value = f"<b style='font-size:1.15em'>{html.escape(_tr(self.title, lang))}</b>"
        self._reset_button.description = t("reset", lang)
        with self._hold():
            self._preset.options = [(_COMMON["custom"][lang], ""), (_COMMON["start"][lang], _START)] + [
                (_tr(p[lang], lang), pid) for pid, p in self._preset_map.items()]
            self._preset.description = _COMMON["preset"][lang]
        for name, c in self._controls.items():
            c.description = self._label(name, lang)
            c.description_allow_html = False
            c.tooltip = self._tooltip(name, lang)
        self._sync_preset()

    def _build_figure(self) -> None:
        lang = chart_language(self._lang)
        self._ff.clear()
        with mpl.rc_context(chart_rc(lang)):
            self._build(self._ff, lang)

    def _refresh(self) -> None:
        lang = chart_language(self._lang)
        self.data, notes = self._compute(self.values)
        self.notes = list(notes)
        with mpl.rc_context(chart_rc(lang)):
            self._update(self.data, lang)
            self._png = self._ff.png()
        self._chart_w.value = self._png
        self._sentence_text = _tr(self._sentence(self.data, self._lang), self._lang)
        self.notes = [_tr(n, self._lang) for n in self.notes]
        self._sentence_w.value = (f"<div style='font-size:1.1em;line-height:1.4'>"
                                f"{html.escape(self._sentence_text)}</div>")
        self._note.value = "".join(
            f"<div style='background:#fff3cd;border-left:4px solid #E69F00;padding:4px 8px;"
            f"margin:2px 0'>{html.escape(n)}</div>" for n in self.notes)


def _same(a, b) -> bool:
    if isinstance(a, Real) and isinstance(b, Real):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b


class ParameterExplorer(Explorer):
    """An explorer whose controls are sliders described by ``data/parameters.csv``.

    ``controls`` names the parameters of ``group`` shown as sliders, in order; parameters
    whose min, max and step are whole numbers become integer sliders.
    """

    group = ""
    controls: tuple[str, ...] = ()

    def _table(self):
        # read on every change (labels, validation, defaults): looked up once per explorer
        if "_param_table" not in self.__dict__:
            self._param_table = parameter_table(self.group)
        return self._param_table

    def _make_controls(self) -> dict:
        table = self._table()
        out = {}
        for name in self.controls:
            row = table.loc[name]
            whole = all(float(row[k]).is_integer() for k in ("min", "max", "step", "value"))
            percent = _is_fraction(row["unit"])
            common = dict(min=row["min"], max=row["max"], step=row["step"], value=row["value"],
                          continuous_update=True, style={"description_width": "245px"},
                          layout=w.Layout(width="505px", margin="2px 12px 2px 0"))
            if whole:
                common = {k: (int(v) if isinstance(v, float) else v) for k, v in common.items()}
                out[name] = w.IntSlider(readout_format=",d", **common)
            else:
                fmt = ".0%" if percent and row["step"] >= 0.01 else (".1%" if percent else _fmt(row["step"]))
                out[name] = w.FloatSlider(readout_format=fmt, **common)
        return out

    def _label(self, name: str, lang: str) -> str:
        row = self._table().loc[name]
        return _tr(str(row["label_en"] if lang == "en" else row["label_zh"]), lang)

    def _tooltip(self, name: str, lang: str) -> str:
        """Hover text: the label with its unit, and where the default comes from."""
        row = self._table().loc[name]
        unit = "" if row["unit"] is None or str(row["unit"]) in ("", "<NA>") else str(row["unit"])
        if _is_fraction(unit):
            unit = ("%" + unit.replace("fraction", "")).strip()
        label = self._label(name, lang)
        return f"{label} [{unit}]: {row['source']}" if unit else f"{label}: {row['source']}"

    def _presets(self) -> dict[str, dict]:
        return presets(self.group)

    def _validate(self, name: str, value):
        row = self._table().loc[name]
        label = f"{name} ({row['label_en']})"
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
            raise ValueError(f"{type(self).__name__}: {label} must be a number, not {value!r}")
        lo, hi = float(row["min"]), float(row["max"])
        if not lo <= float(value) <= hi:
            raise ValueError(f"{type(self).__name__}: {label} = {value!r} is outside its range "
                             f"{lo:g} to {hi:g}")
        if isinstance(self._controls[name], w.IntSlider):
            if float(value) != int(value):
                raise ValueError(f"{type(self).__name__}: {label} must be a whole number, not {value!r}")
            return int(value)
        return float(value)

    def _defaults(self) -> dict:
        table = self._table()
        return {k: float(v) for k, v in table["value"].items()}

    def _model_kwargs(self, values: dict) -> dict:
        """Every parameter of the group: slider values over a preset's hidden values over the defaults."""
        return {**self._defaults(), **self._hidden, **values}

    @property
    def parameters(self) -> dict:
        """Every parameter the model is called with: sliders, the preset's other values, defaults."""
        return self._model_kwargs(self.values)


def _is_fraction(unit) -> bool:
    """Parameters stored as fractions (0.05) are shown as percentages (5%)."""
    u = "" if unit is None else str(unit)
    return u.startswith("fraction") or u == "%"


def _fmt(step: float) -> str:
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    return f",.{decimals}f"
