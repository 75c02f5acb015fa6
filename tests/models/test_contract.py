"""The contract of rolecomp.models as a whole: shapes, docstrings, defaults and presets."""

from __future__ import annotations

import inspect
import subprocess
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose

from rolecomp import models
from rolecomp.data import defaults, load_parameters, presets
from rolecomp.models import channel_dependence, one_off_vs_ongoing, reach, value_presentation

MODULES = {m.CONTRAST: m for m in (channel_dependence, reach, one_off_vs_ongoing, value_presentation)}

# Vectorised functions with one valid scalar value per argument.
VECTORISED = [
    (channel_dependence.double_marginalization, {"a": 100.0, "b": 1.0, "c": 20.0, "firms": 2}),
    (channel_dependence.channel_summary, {"a": 100.0, "b": 1.0, "c": 20.0, "intermediaries": 2}),
    (one_off_vs_ongoing.after_sales_effect, {"touches": 2.0, "base_churn": 0.05, "churn_cut": 0.2,
                                             "expansion_per_touch": 0.005}),
    (reach.impressions, {"budget": 300.0, "cpm": 2.0}),
    (reach.gross_rating_points, {"impressions": 1e5, "audience": 1e6}),
    (reach.reach_curve, {"grp": 100.0}),
    (reach.sales_velocity, {"opportunities": 18.0, "deal_size": 42000.0, "win_rate": 0.24,
                            "cycle_days": 78.0}),
    (one_off_vs_ongoing.retention_clv, {"margin": 100.0, "retention": 0.8, "discount": 0.1}),
    (one_off_vs_ongoing.saas_ltv, {"arpa": 500.0, "gross_margin": 0.8, "churn": 0.05}),
    (one_off_vs_ongoing.cac_payback_months, {"cac": 6000.0, "arpa": 500.0, "gross_margin": 0.8}),
    (one_off_vs_ongoing.sbg_survival, {"alpha": 1.0, "beta": 1.0, "t": 3}),
    (value_presentation.roi, {"benefit": 175000.0, "cost": 50000.0}),
    (value_presentation.crm_benefit, {"reps": 20, "hours_saved": 3.0, "weeks": 46, "hourly_cost": 50.0,
                         "deals_per_rep": 20.0, "deal_margin": 5000.0, "conversion_lift": 0.05}),
]


def _first_output(result):
    if isinstance(result, dict):
        return result[next(k for k in ("price", "end_price", "churn") if k in result)]
    return result


@pytest.mark.parametrize(("func", "kwargs"), VECTORISED, ids=lambda x: getattr(x, "__name__", ""))
def test_scalar_in_scalar_out_and_array_agrees(func, kwargs):
    scalar = _first_output(func(**kwargs))
    assert isinstance(scalar, float)  # numpy.float64 is a float
    for name, v in kwargs.items():
        arr = np.array([v, v, v])
        out = _first_output(func(**{**kwargs, name: arr}))
        assert isinstance(out, np.ndarray) and out.shape == (3,), name
        assert_allclose(out, scalar)
        grid = _first_output(func(**{**kwargs, name: arr.reshape(3, 1)}))
        assert grid.shape == (3, 1), name


def test_every_module_declares_all_and_exports_exist():
    for mod in (models, *MODULES.values()):
        assert hasattr(mod, "__all__")
        for name in mod.__all__:
            assert hasattr(mod, name), f"{mod.__name__}.{name}"
    for name in ("channel_dependence", "reach", "one_off_vs_ongoing", "value_presentation"):
        assert name in models.__all__


def _public_functions():
    for mod in MODULES.values():
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.isfunction(obj):
                yield mod.__name__, name, obj


@pytest.mark.parametrize(("mod", "name", "func"), list(_public_functions()),
                         ids=lambda x: x if isinstance(x, str) else "")
def test_docstrings_have_references_and_examples(mod, name, func):
    doc = inspect.getdoc(func) or ""
    assert "Examples\n--------" in doc and ">>>" in doc, name
    assert "References\n----------" in doc, name


# Scenario functions whose ``None`` keyword arguments are filled from parameters.csv.
SCENARIOS = {
    "channel_dependence": [channel_dependence.channel_chain, channel_dependence.channel_summary],
    "reach": [reach.reach_over_time],
    "one_off_vs_ongoing": [one_off_vs_ongoing.revenue_streams, one_off_vs_ongoing.after_sales_effect],
    "value_presentation": [value_presentation.crm_value, value_presentation.crm_benefit,
                           value_presentation.crm_cashflows],
}


# Arguments whose ``None`` is computed from other rows, not read from a row of their own: the
# subscription's churn and expansion follow the after-sales work (after_sales_effect), so that
# the data has one source for them.
DERIVED = {"one_off_vs_ongoing": {"churn", "expansion"}}


def test_every_default_argument_has_a_row_in_parameters_csv():
    for group, funcs in SCENARIOS.items():
        d = defaults(group)
        for func in funcs:
            for p in inspect.signature(func).parameters.values():
                if p.default is None and p.name not in DERIVED.get(group, set()):
                    assert p.name in d, f"{func.__name__}({p.name}) has no row in group {group}"


def test_derived_defaults_follow_the_rows_they_come_from():
    effect = one_off_vs_ongoing.after_sales_effect()
    derived = one_off_vs_ongoing.revenue_streams()
    explicit = one_off_vs_ongoing.revenue_streams(churn=float(effect["churn"]), expansion=float(effect["expansion"]))
    assert_allclose(derived.cumulative, explicit.cumulative)


def test_every_parameter_row_is_a_keyword_of_its_module():
    table = load_parameters()
    for group, mod in MODULES.items():
        kwargs = set()
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.isfunction(obj):
                kwargs |= set(inspect.signature(obj).parameters)
        if group == "value_presentation":  # crm_cashflows forwards **crm to crm_value
            kwargs |= set(inspect.signature(value_presentation.crm_value).parameters)
        names = set(table[table.group == group].name)
        assert names <= kwargs, f"{group}: rows that are no keyword argument: {names - kwargs}"


def test_parameter_ranges_are_legal_for_the_models():
    """Any slider position in parameters.csv is a valid model input (min and max)."""
    table = load_parameters()
    for group, funcs in SCENARIOS.items():
        sub = table[table.group == group].set_index("name")
        for end in ("min", "max"):
            values = sub[end].to_dict()
            for func in funcs:
                params = inspect.signature(func).parameters
                kwargs = {k: v for k, v in values.items() if k in params}
                func(**kwargs)
    ch = table[table.group == "channel_dependence"].set_index("name")
    assert ch.loc["c", "max"] <= ch.loc["a", "min"], "c <= a must hold at every slider position"
    rv = table[table.group == "one_off_vs_ongoing"].set_index("name")
    assert rv.loc["gross_margin", "min"] > 0 and rv.loc["arpa", "value"] > 0
    vl = table[table.group == "value_presentation"].set_index("name")
    assert vl.loc["cost", "min"] > 0, "roi needs a cost > 0"


@pytest.mark.parametrize("group", list(SCENARIOS))
def test_presets_run_and_give_finite_numbers(group):
    sets = presets(group)
    assert len(sets) >= 2
    for preset, entry in sets.items():
        for func in SCENARIOS[group]:
            params = inspect.signature(func).parameters
            kwargs = {k: v for k, v in entry["values"].items() if k in params}
            out = func(**kwargs)
            if hasattr(out, "select_dtypes"):
                assert np.isfinite(out.select_dtypes("number").to_numpy(dtype=float)).all(), preset
            elif isinstance(out, dict):
                assert all(np.isfinite(np.asarray(v)).all() for v in out.values()), preset
            else:
                assert np.isfinite(np.asarray(out)).all(), preset


def test_channel_presets_contrast():
    p = presets("channel_dependence")
    trad = p["traditional_firm"]["values"]
    direct = p["internet_direct"]["values"]
    assert trad["intermediaries"] == 3 and direct["intermediaries"] == 0


# Presets of these contrasts change ONE parameter against the defaults, so that an exercise built on
# a preset (02-3, 06-3) can be traced to its cause. (The other contrasts' presets are scenarios
# that move several things at once on purpose, and are not held to this.)
ONE_CHANGE = ("channel_dependence", "one_off_vs_ongoing")


@pytest.mark.parametrize("group", ONE_CHANGE)
def test_presets_change_one_thing_at_a_time(group):
    d = defaults(group)
    for preset, entry in presets(group).items():
        changed = sorted(k for k, v in entry["values"].items() if not np.isclose(v, d[k]))
        assert len(changed) <= 1, f"{group}/{preset} differs from the defaults in {changed}; change one thing"
        assert changed, f"{group}/{preset} is the defaults themselves"


def test_one_off_presets_differ_in_the_after_sales_work():
    p = presets("one_off_vs_ongoing")
    assert p["traditional_firm"]["values"]["touches"] == 0  # no selling after signing (¶19)
    assert p["saas_startup"]["values"]["touches"] > defaults("one_off_vs_ongoing")["touches"]


def test_import_has_no_side_effects():
    code = (
        "import rolecomp.models, rolecomp.data as d, sys;"
        "assert d._parameters_cached.cache_info().currsize == 0;"
        "assert 'matplotlib' not in sys.modules and 'ipywidgets' not in sys.modules;"
        "print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
