"""Scenario: a contrast's parameters, merged in one place, and the model's result for them.

*Defaults* come from ``data/parameters.csv``, a named *preset* (``data/presets.csv``) goes
over them, and *values* go over that. Explorers, exercises, ``export-figures``, handouts and
tests all build a :class:`Scenario`; nothing else merges parameters. Pure Python and pandas:
no widgets, no figures.

Examples
--------
>>> from rolecomp.scenario import Scenario
>>> s = Scenario("one_off_vs_ongoing", base_churn=0.04)
>>> s.parameters["base_churn"], s.parameters["horizon"]
(0.04, 60)
>>> s.set(touches=0).parameters["base_churn"]
0.04
>>> Scenario("reach", budget=-1)
Traceback (most recent call last):
...
ValueError: Scenario('reach'): budget (Marketing budget per week) = -1 is outside its range 0 to 100000
"""

from __future__ import annotations

import math
from functools import cache, cached_property
from importlib import import_module
from numbers import Real
from typing import Any, NamedTuple

__all__ = ["Result", "RoleScenario", "Scenario"]


class Result(NamedTuple):
    """What a scenario's model gives: the data the chart draws, and notes in one language."""

    data: Any
    notes: list[str]


def _same(a, b) -> bool:
    if isinstance(a, Real) and isinstance(b, Real) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b


class Scenario:
    """A contrast's parameters: defaults, then a preset, then values; and the model's result.

    Parameters
    ----------
    contrast : str
        The contrast's id (``"channel_dependence"``, ``"reach"``, ``"one_off_vs_ongoing"``,
        ``"value_presentation"``, or ``"three_roles"``, which gives a :class:`RoleScenario`).
    preset : str, optional
        A named scenario of ``data/presets.csv`` applied over the defaults: every value it sets,
        the parameters without a slider included.
    **values
        Values over those, each checked against its row of ``data/parameters.csv``.

    Raises
    ------
    ValueError
        For an unknown preset or parameter, or a value of the wrong type or outside its range,
        naming the parameter, its label and the range.

    Notes
    -----
    A scenario does not change: :meth:`set` and :meth:`with_preset` return new ones. Whole-number
    parameters (min, max, step and default all whole) are ints, the others floats.
    """

    def __new__(cls, contrast: str = "", *args, **kwargs):
        if cls is Scenario and contrast == "three_roles":
            cls = RoleScenario
        return super().__new__(cls)

    def __init__(self, contrast: str, preset: str | None = None, **values):
        spec = _spec(contrast)
        self.contrast = contrast
        self.table = spec.table
        self.presets: dict[str, dict] = spec.presets
        self.defaults = dict(spec.defaults)
        self._rows = spec.rows
        self.preset = preset
        if preset is None:
            self._base = spec.defaults
        elif preset in spec.presets:
            self._base = {**spec.defaults, **spec.preset_values[preset]}
        else:
            raise ValueError(f"{self!r} has no preset {preset!r}; presets: {', '.join(spec.presets) or 'none'}")
        self.values = {name: self.validate(name, value) for name, value in values.items()}

    # ------------------------------------------------------------------ the merge
    @property
    def parameters(self) -> dict:
        """Every parameter the model is called with: defaults, then the preset, then values."""
        return {**self._base, **self.values}

    def set(self, **values) -> Scenario:
        """A scenario with these values over this one's (the same preset underneath)."""
        new = object.__new__(type(self))
        new.__dict__.update({k: v for k, v in self.__dict__.items() if k != "_model_result"})
        new.values = {**self.values, **{k: self.validate(k, v) for k, v in values.items()}}
        return new

    def with_preset(self, preset: str | None) -> Scenario:
        """The defaults with ``preset`` over them (no values of this one kept)."""
        return type(self)(self.contrast, preset)

    def matches(self, preset: str) -> bool:
        """True when every value ``preset`` sets is what this scenario has."""
        p = self.parameters
        return all(_same(p.get(k), v) for k, v in self.presets[preset]["values"].items())

    # ------------------------------------------------------------------ one parameter
    def row(self, name: str):
        """The parameter's row of ``data/parameters.csv`` (label, unit, range, step, source)."""
        if name not in self._rows:
            raise ValueError(f"{self!r} has no parameter {name!r}; its parameters are: "
                             f"{', '.join(self._rows)}")
        return self._rows[name]

    def is_whole(self, name: str) -> bool:
        return self.row(name)["whole"]

    def limits(self, name: str) -> tuple[float, float]:
        row = self.row(name)
        return row["min"], row["max"]

    def label(self, name: str, lang: str = "en") -> str:
        return str(self.row(name)["label_zh" if lang == "zh" else "label_en"])

    def validate(self, name: str, value, owner: str | None = None):
        """``value`` as the parameter's type, or a ValueError naming it, its label and range."""
        row = self.row(name)
        who = owner or repr(self)
        label = f"{name} ({row['label_en']})"
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
            raise ValueError(f"{who}: {label} must be a number, not {value!r}")
        lo, hi = self.limits(name)
        if not lo <= float(value) <= hi:
            raise ValueError(f"{who}: {label} = {value!r} is outside its range {lo:g} to {hi:g}")
        if self.is_whole(name):
            if float(value) != int(value):
                raise ValueError(f"{who}: {label} must be a whole number, not {value!r}")
            return int(value)
        return float(value)

    # ------------------------------------------------------------------ the model
    @cached_property
    def _model_result(self):
        module = import_module(f"rolecomp.models.{self.contrast}")
        limits = {name: (row["min"], row["max"]) for name, row in self._rows.items()}
        return module.scenario_result(self.parameters, limits)

    def result(self, lang: str = "en") -> Result:
        """The model's data at these parameters, and its notes in ``lang``.

        The data is computed once per scenario; notes explain values at the edges (nothing
        sold, no finite limit) instead of failing.
        """
        from rolecomp.i18n import zh_punct

        data, notes = self._model_result
        return Result(data, [zh_punct(n["zh"]) if lang == "zh" else n["en"] for n in notes])

    @property
    def data(self):
        """Shorthand for ``result().data``."""
        return self._model_result[0]

    def __repr__(self) -> str:
        return f"Scenario({self.contrast!r})"

    def __eq__(self, other) -> bool:
        return (type(other) is type(self) and other.contrast == self.contrast
                and set(other.parameters) == set(self.parameters)
                and all(_same(v, other.parameters[k]) for k, v in self.parameters.items()))

    __hash__ = None  # mutable-looking equality: not a dict key


class _Spec(NamedTuple):
    table: Any
    rows: dict
    defaults: dict
    presets: dict
    preset_values: dict


def _spec(contrast: str) -> _Spec:
    """A contrast's parameter rows, defaults and presets: read again only when the data changed
    (the parameters' cache was cleared, or presets.csv was saved since)."""
    from rolecomp.data import _parameters_cached, data_dir

    try:
        st = (data_dir() / "presets.csv").stat()
        stamp = (str(data_dir()), st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = None
    return _read_spec(contrast, id(_parameters_cached()), stamp)


@cache
def _read_spec(contrast: str, _table_id: int, _presets_stamp) -> _Spec:
    from rolecomp.data import parameter_table, presets

    try:
        table = parameter_table(contrast)
    except KeyError as exc:
        raise ValueError(str(exc.args[0])) from None
    rows = {}
    for name, rec in zip(table.index, table.to_dict("records"), strict=True):
        rec = dict(rec, min=float(rec["min"]), max=float(rec["max"]), step=float(rec["step"]))
        rec["whole"] = all(float(rec[k]).is_integer() for k in ("min", "max", "step", "value"))
        rows[str(name)] = rec

    def coerce(name, v):
        return int(v) if rows[name]["whole"] else float(v)

    defaults = {name: coerce(name, rec["value"]) for name, rec in rows.items()}
    found = presets(contrast)
    values = {pid: {k: coerce(k, v) for k, v in p["values"].items()} for pid, p in found.items()}
    return _Spec(table, rows, defaults, found, values)


class RoleScenario(Scenario):
    """The three-roles contrast: which roles and attributes to compare, and whose evidence to list.

    Parameters
    ----------
    contrast : str
        ``"three_roles"``.
    preset : str, optional
        ``"internet_vs_traditional"`` or ``"three_roles"`` (where the data has those roles).
    path : str or Path, optional
        An ``attributes.csv`` to use instead of the packaged one (its roles.csv and scales.csv
        beside it are used when present).
    roles, attributes : sequence of str, optional
        Role ids and attribute ids (all by default), kept in the data's order.
    evidence : str, optional
        The attribute whose evidence is listed (the first by default).

    Examples
    --------
    >>> s = Scenario("three_roles", roles=["traditional_sales", "sales"])
    >>> s.parameters["roles"]
    ('sales', 'traditional_sales')
    >>> bool(s.data.loc["traditional_sales", "channel_dependence"] > s.data.loc["sales", "channel_dependence"])
    True
    """

    def __init__(self, contrast: str = "three_roles", preset: str | None = None, path=None, _tables=None,
                 **values):
        self.contrast = "three_roles"
        self.path = path
        self.tables = _tables or _role_tables(path)
        self.role_ids = tuple(self.tables["roles"].role_id)
        self.attribute_ids = tuple(self.tables["scales"].attribute_id)
        self.defaults = {"roles": self.role_ids, "attributes": self.attribute_ids,
                         "evidence": self.attribute_ids[0]}
        self.presets = _role_presets(self.role_ids, self.attribute_ids)
        self.preset = preset
        base = dict(self.defaults)
        if preset is not None:
            if preset not in self.presets:
                raise ValueError(f"{self!r} has no preset {preset!r}; presets: "
                                 f"{', '.join(self.presets) or 'none'}")
            base.update(self.presets[preset]["values"])
        self._base = base
        self.values = {name: self.validate(name, value) for name, value in values.items()}

    def with_preset(self, preset: str | None) -> RoleScenario:
        return RoleScenario("three_roles", preset, path=self.path, _tables=self.tables)

    def row(self, name: str):
        if name not in self.defaults:
            raise ValueError(f"{self!r} has no parameter {name!r}; its parameters are: "
                             f"{', '.join(self.defaults)}")
        return None

    def validate(self, name: str, value, owner: str | None = None):
        who = owner or repr(self)
        self.row(name)
        if name == "evidence":
            if value not in self.attribute_ids:
                raise ValueError(f"{who}: evidence={value!r} is not an attribute; use one of: "
                                 + ", ".join(self.attribute_ids))
            return value
        options = self.role_ids if name == "roles" else self.attribute_ids
        if isinstance(value, str):
            value = (value,)
        try:
            value = tuple(value)
        except TypeError:
            raise ValueError(f"{who}: {name} must be a list of ids, not {value!r}") from None
        unknown = [v for v in value if v not in options]
        if unknown:
            raise ValueError(f"{who}: unknown {name} {unknown}; use any of: " + ", ".join(options))
        return tuple(v for v in options if v in value)  # the data's order

    def names(self, lang: str) -> tuple[dict[str, str], dict[str, str]]:
        """Role names and attribute names by id, in ``lang``."""
        return self.tables["names"][lang]

    @cached_property
    def _model_result(self):
        from rolecomp.models.three_roles import scenario_result

        return scenario_result(self.parameters, self.tables["wide"])

    def __repr__(self) -> str:
        return "Scenario('three_roles')"


def _role_tables(path=None) -> dict:
    """The role data an explorer of roles needs, loaded and arranged once."""
    from pathlib import Path

    from rolecomp.data import attribute_matrix, load_attributes, load_roles, load_scales

    attrs = load_attributes(path)
    src = attrs.attrs.get("source")
    folder = Path(src).parent if src else None

    def beside(name):
        return folder / name if folder and (folder / name).is_file() else None

    roles = load_roles(beside("roles.csv"))
    scales = load_scales(beside("scales.csv"))
    wide = attribute_matrix(attrs)
    wide.index, wide.columns = list(wide.index), list(wide.columns)
    names = {lang: ({r["role_id"]: str(r[f"name_{lang}"]) for r in roles.to_dict("records")},
                    {r["attribute_id"]: str(r[f"name_{lang}"]) for r in scales.to_dict("records")})
             for lang in ("en", "zh")}
    return {"attributes": attrs, "roles": roles, "scales": scales, "wide": wide, "names": names}


def _role_presets(roles: tuple[str, ...], attributes: tuple[str, ...]) -> dict[str, dict]:
    have = set(roles)
    out: dict[str, dict] = {}
    if {"sales", "traditional_sales"} <= have:
        internet = {"channel_dependence", "relationship_reliance", "revenue_continuity", "value_presentation",
                    "customer_closeness", "data_reliance"}
        out["internet_vs_traditional"] = {
            "en": "Internet vs traditional sales", "zh": "互联网销售与传统销售",
            "values": {"roles": ("sales", "traditional_sales"),
                       "attributes": tuple(a for a in attributes if a in internet) or attributes}}
    if {"sales", "marketing", "operations"} <= have:
        out["three_roles"] = {"en": "Sales, marketing, operations", "zh": "销售、市场、运营",
                              "values": {"roles": ("sales", "marketing", "operations"), "attributes": attributes}}
    return out

