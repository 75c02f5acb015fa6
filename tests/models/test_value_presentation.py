"""rolecomp.models.value_presentation: ROI, NPV, payback and the CRM example of ¶16."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from rolecomp.data import defaults
from rolecomp.models.value_presentation import crm_benefit, crm_cashflows, crm_value, npv, payback_period, roi

FAST = settings(max_examples=40, deadline=None)

SPEC_CRM = dict(reps=20, hours_saved=3, weeks=46, hourly_cost=50, deals_per_rep=20,
                deal_margin=5000, conversion_lift=0.05)


def test_roi_example():
    assert_allclose(roi(175_000, 50_000), 2.5)
    assert_allclose(roi(np.array([50_000, 175_000]), 50_000), [0, 2.5])


def test_npv():
    assert_allclose(npv([-100, 60, 60], 0.0), 20)
    assert_allclose(npv([-100, 60, 60], 0.1), -100 + 60 / 1.1 + 60 / 1.21)
    assert_allclose(npv([100], 0.5), 100)  # first cash flow at t = 0
    rates = np.array([0.0, 0.1, 0.2])
    out = npv([-100, 60, 60], rates)
    assert out.shape == (3,)
    assert np.all(np.diff(out) < 0)
    scenarios = npv(np.array([[-100, 60, 60], [-50, 30, 30]]), np.array([0.1, 0.1]))
    assert_allclose(scenarios, [npv([-100, 60, 60], 0.1), npv([-50, 30, 30], 0.1)])
    assert isinstance(npv([-100, 60], 0.1), float)


def test_payback_period():
    assert_allclose(payback_period([-100, 30, 40, 50]), 2.6)
    assert payback_period([-100, 10, 10]) is None
    assert payback_period([5, -1]) == 0.0
    assert_allclose(payback_period([-100, 100]), 1.0)
    many = payback_period(np.array([[-100, 50, 60], [-100, 10, 10]]))
    assert_allclose(many[0], 1 + 50 / 60)
    assert np.isinf(many[1])


@FAST
@given(invest=st.floats(1, 1e6), flow=st.floats(1, 1e6), n=st.integers(1, 30))
def test_payback_of_level_flows(invest, flow, n):
    cf = np.array([-invest] + [flow] * n)
    p = payback_period(cf)
    if invest / flow <= n:
        assert_allclose(p, invest / flow, rtol=1e-9)
    else:
        assert p is None


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: roi(100, 0), r"cost must be in \(0, inf\)"),
        (lambda: roi(-1, 10), r"benefit must be in \[0, inf\)"),
        (lambda: npv([-100, 50], -1), r"rate must be in \(-1, inf\)"),
        (lambda: npv([-100, np.inf], 0.1), "cashflows must be a finite number"),
        (lambda: payback_period([]), "at least one"),
        (lambda: crm_value(**{**SPEC_CRM, "reps": 2.5}), "reps must be a whole number"),
        (lambda: crm_value(**{**SPEC_CRM, "hours_saved": -1}), r"hours_saved must be in \[0, 168\]"),
        (lambda: crm_value(**{**SPEC_CRM, "weeks": 60}), r"weeks must be in \[0, 53\]"),
        (lambda: crm_value(**{**SPEC_CRM, "reps": [1, 2]}), "reps must be a single number"),
        (lambda: crm_cashflows(0, 1, 1, **SPEC_CRM), r"years must be in \[1, 50\]"),
    ],
)
def test_value_functions_reject_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_crm_value_components():
    df = crm_value(**SPEC_CRM)
    assert list(df.component) == ["direct_revenue", "time_saved", "conversion_lift"]
    assert list(df.kind) == ["direct", "indirect", "indirect"]
    v = df.set_index("component").value
    assert v["direct_revenue"] == 0
    assert_allclose(v["time_saved"], 20 * 3 * 46 * 50)
    assert_allclose(v["time_saved"], 138_000)
    assert_allclose(v["conversion_lift"], 20 * 20 * 0.05 * 5000)
    assert_allclose(df.value.sum(), crm_benefit(**SPEC_CRM))
    assert df.label_zh.str.len().min() > 0


def test_crm_benefit_vectorised():
    hours = np.linspace(0, 10, 11)
    b = crm_benefit(**{**SPEC_CRM, "hours_saved": hours})
    assert b.shape == (11,)
    for h, value in zip(hours, b, strict=True):
        assert_allclose(value, crm_value(**{**SPEC_CRM, "hours_saved": h}).value.sum())
    assert isinstance(crm_benefit(**SPEC_CRM), float)


def test_crm_defaults_from_data():
    d = defaults("value_presentation")
    df = crm_value()
    expected = d["reps"] * d["hours_saved"] * d["weeks"] * d["hourly_cost"]
    assert_allclose(df.set_index("component").value["time_saved"], expected)
    cf = crm_cashflows()
    assert cf.shape == (int(d["years"]) + 1,)
    assert_allclose(cf[0], -d["upfront"])
    assert_allclose(cf[1], df.value.sum() - d["cost"])


def test_crm_cashflows_with_npv_and_payback():
    cf = crm_cashflows(3, upfront=30_000, cost=50_000, **SPEC_CRM)
    assert_allclose(cf, [-30_000, 188_000, 188_000, 188_000])
    assert_allclose(payback_period(cf), 30_000 / 188_000)
    assert npv(cf, 0.1) > 0
    with pytest.raises(TypeError, match="unexpected"):
        crm_cashflows(3, colour="red")
