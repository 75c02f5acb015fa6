"""rolecomp.models.one_off_vs_ongoing: lifetime value, sBG retention, selling after signing, one-off vs ongoing."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from rolecomp.data import defaults
from rolecomp.models.one_off_vs_ongoing import (
    MODELS,
    after_sales_effect,
    break_even_period,
    cac_payback_months,
    retention_clv,
    revenue_streams,
    saas_ltv,
    sbg_survival,
)

FAST = settings(max_examples=40, deadline=None)
NUMERIC = ["revenue", "cumulative", "discounted_cumulative", "customers"]


def test_retention_clv_example_and_series():
    assert_allclose(retention_clv(100, 0.8, 0.1), 266.67, atol=0.005)
    # the closed form is the sum of m r^t / (1+d)^t, t >= 1
    t = np.arange(1, 2000)
    assert_allclose(np.sum(100 * 0.8**t / 1.1**t), retention_clv(100, 0.8, 0.1))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: retention_clv(100, 1.0, 0.1), r"retention must be in \[0, 1\)"),
        (lambda: retention_clv(100, -0.1, 0.1), "retention"),
        (lambda: retention_clv(-5, 0.8, 0.1), r"margin must be in \[0, inf\)"),
        (lambda: retention_clv(100, 0.8, -0.1), r"discount must be in \[0, inf\)"),
        (lambda: saas_ltv(500, 0.8, 0.0), "no finite limit"),
        (lambda: saas_ltv(500, 0.8, 0.02, 0.03), r"no finite limit.*revenue_streams"),
        (lambda: saas_ltv(500, 1.2, 0.05), r"gross_margin must be in \[0, 1\]"),
        (lambda: saas_ltv(-1, 0.8, 0.05), "arpa"),
        (lambda: cac_payback_months(6000, 0, 0.8), r"arpa must be in \(0, inf\)"),
        (lambda: cac_payback_months(6000, 500, 0), r"gross_margin must be in \(0, 1\]"),
        (lambda: sbg_survival(0, 1, 3), r"alpha must be in \(0, inf\)"),
        (lambda: sbg_survival(1, 1, -1), r"t must be in \[0, inf\)"),
        (lambda: sbg_survival(1, 1, 1.5), "t must be a whole number"),
    ],
)
def test_revenue_functions_reject_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_saas_ltv_example():
    assert_allclose(saas_ltv(500, 0.8, 0.05), 8000)
    assert_allclose(saas_ltv(500, 0.8, np.array([0.05, 0.1])), [8000, 4000])
    assert_allclose(saas_ltv(500, 0.8, 0.05, 0.01), 10_000)


@FAST
@given(c1=st.floats(0.01, 1), c2=st.floats(0.01, 1), e=st.floats(0, 0.009),
       arpa=st.floats(0, 1e4), gm=st.floats(0, 1))
def test_higher_churn_never_raises_ltv(c1, c2, e, arpa, gm):
    lo, hi = sorted([c1, c2])
    ltv = saas_ltv(arpa, gm, np.array([lo, hi]), e)
    assert ltv[1] <= ltv[0] + 1e-9
    clv = retention_clv(arpa * gm, 1 - np.array([lo, hi]), 0.01)
    assert clv[1] <= clv[0] + 1e-9


def test_cac_payback_example():
    assert_allclose(cac_payback_months(6000, 500, 0.8), 15)
    assert_allclose(cac_payback_months(np.array([0, 4000]), 500, 0.8), [0, 10])


def test_sbg_alpha_beta_one():
    t = np.arange(1, 30)
    s = sbg_survival(1, 1, np.arange(0, 30))
    assert_allclose(s, 1 / (np.arange(0, 30) + 1))
    assert_allclose(s[:-1] - s[1:], 1 / (t * (t + 1)))
    assert sbg_survival(1, 1, 0) == 1.0
    assert isinstance(sbg_survival(1, 1, 3), float)


def test_sbg_reproduces_fader_hardie_regular_segment():
    # Berry & Linoff's "regular" customers, share renewing after 1..7 years
    observed = [0.631, 0.468, 0.382, 0.326, 0.289, 0.262, 0.241]
    fitted = sbg_survival(0.704, 1.182, np.arange(1, 8))
    assert_allclose(fitted, observed, atol=0.01)


@FAST
@given(a=st.floats(0.05, 20), b=st.floats(0.05, 20))
def test_sbg_survival_decreasing_and_bounded(a, b):
    s = sbg_survival(a, b, np.arange(0, 100))
    assert s[0] == 1
    assert np.all(np.diff(s) <= 1e-12)
    assert np.all((s > 0) & (s <= 1))
    # the cohort's retention rate S(t)/S(t-1) rises over time
    rr = s[1:] / s[:-1]
    assert np.all(np.diff(rr) >= -1e-9)


def test_sbg_broadcasts():
    out = sbg_survival(np.array([[1.0], [2.0]]), 1.0, np.array([0, 1, 2]))
    assert out.shape == (2, 3)
    assert_allclose(out[1, 1], 1 / 3)


# --------------------------------------------------------------------------- revenue streams


def _explicit(**over):
    base = dict(customers=1, one_off_price=12000, after_sales_fee=0, after_sales_periods=12,
                arpa=500, churn=0.03, expansion=0.01, discount=0.0)
    base.update(over)
    return base


def test_revenue_streams_shape_and_values():
    df = revenue_streams(36, **_explicit())
    assert list(df.columns) == ["model", "period", *NUMERIC]
    assert len(df) == 72
    assert tuple(df.model.unique()) == MODELS
    one = df[df.model == "one_off"]
    on = df[df.model == "ongoing"]
    assert_allclose(one.revenue.iloc[0], 12000)
    assert_allclose(one.revenue.iloc[1:], 0)
    assert_allclose(one.customers.iloc[:12], 1)
    assert_allclose(one.customers.iloc[12:], 0)
    t = np.arange(36)
    assert_allclose(on.revenue, 500 * 0.97**t * 1.01**t)
    assert_allclose(on.customers, 0.97**t)
    assert_allclose(on.cumulative, np.cumsum(on.revenue))


def test_break_even():
    df = revenue_streams(60, **_explicit())
    be = break_even_period(df)
    assert be == df.attrs["break_even_period"] == 33
    wide = df.pivot(index="period", columns="model", values="cumulative")
    assert wide.loc[be, "ongoing"] >= wide.loc[be, "one_off"]
    assert wide.loc[be - 1, "ongoing"] < wide.loc[be - 1, "one_off"]
    assert revenue_streams(24, **_explicit()).attrs["break_even_period"] is None
    # discounting delays break-even
    disc = revenue_streams(60, **_explicit(discount=0.01))
    assert break_even_period(disc, "discounted_cumulative") > be
    with pytest.raises(ValueError, match="column must be"):
        break_even_period(df, "revenue")


def test_after_sales_fee_counts_for_its_term():
    df = revenue_streams(24, **_explicit(after_sales_fee=100, after_sales_periods=6))
    one = df[df.model == "one_off"]
    assert_allclose(one.revenue.iloc[0], 12100)
    assert_allclose(one.revenue.iloc[1:6], 100)
    assert_allclose(one.revenue.iloc[6:], 0)
    assert_allclose(one.cumulative.iloc[-1], 12600)


def test_discounted_never_above_undiscounted():
    df = revenue_streams(60, **_explicit(discount=0.02))
    assert (df.discounted_cumulative <= df.cumulative + 1e-9).all()
    first = df[df.period == 1]
    assert_allclose(first.discounted_cumulative, first.cumulative)


@pytest.mark.parametrize(
    "over",
    [
        {"churn": 0.0, "expansion": 0.0},
        {"churn": 0.0, "expansion": 1.0},
        {"churn": 0.02, "expansion": 0.05},
        {"churn": 1.0},
        {"customers": 0},
        {"arpa": 0, "one_off_price": 0},
        {"discount": 5.0},
    ],
)
def test_revenue_streams_finite_at_extremes(over):
    df = revenue_streams(600, **_explicit(**over))
    assert np.isfinite(df[NUMERIC].to_numpy(dtype=float)).all()
    assert (df[NUMERIC] >= 0).all().all()
    be = df.attrs["break_even_period"]
    assert be is None or 1 <= be <= 600


def test_expansion_above_churn_grows_but_stays_finite():
    df = revenue_streams(120, **_explicit(churn=0.02, expansion=0.05))
    on = df[df.model == "ongoing"].revenue.to_numpy()
    assert np.all(np.diff(on) > 0)


def test_revenue_streams_defaults_from_data():
    d = defaults("one_off_vs_ongoing")
    df = revenue_streams()
    assert df.period.max() == int(d["horizon"])
    first = df[(df.model == "ongoing") & (df.period == 1)].iloc[0]
    assert_allclose(first.revenue, d["customers"] * d["arpa"])
    # churn and expansion left as None are those the default after-sales work gives
    effect = after_sales_effect()
    explicit = revenue_streams(churn=float(effect["churn"]), expansion=float(effect["expansion"]))
    assert_allclose(df.cumulative, explicit.cumulative)


# --------------------------------------------------------------------------- selling after signing (¶21)


def test_after_sales_effect_formula():
    r = after_sales_effect(np.arange(4), 0.05, 0.2, 0.005)
    assert_allclose(r["churn"], 0.05 * 0.8 ** np.arange(4))
    assert_allclose(r["expansion"], 0.005 * np.arange(4))
    zero = after_sales_effect(0, 0.05, 0.2, 0.005)
    assert zero["churn"] == 0.05 and zero["expansion"] == 0.0  # no selling after signing: nothing changes
    assert isinstance(zero["churn"], float)
    d = defaults("one_off_vs_ongoing")
    r = after_sales_effect()
    assert_allclose(r["churn"], d["base_churn"] * (1 - d["churn_cut"]) ** d["touches"])
    assert_allclose(r["expansion"], d["expansion_per_touch"] * d["touches"])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"touches": -1}, r"touches must be in \[0, inf\)"),
        ({"base_churn": 1.5}, r"base_churn must be in \[0, 1\]"),
        ({"churn_cut": -0.1}, r"churn_cut must be in \[0, 1\]"),
        ({"touches": 50, "expansion_per_touch": 0.05}, r"expansion must be in \[0, 1\]"),
    ],
)
def test_after_sales_effect_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        after_sales_effect(**{"touches": 2, "base_churn": 0.05, "churn_cut": 0.2, "expansion_per_touch": 0.005,
                              **kwargs})


@FAST
@given(s1=st.floats(0, 6), s2=st.floats(0, 6), c0=st.floats(0, 1), k=st.floats(0, 1), e1=st.floats(0, 0.05))
def test_more_after_sales_work_never_raises_churn_or_lowers_expansion(s1, s2, c0, k, e1):
    lo, hi = sorted([s1, s2])
    r = after_sales_effect(np.array([lo, hi]), c0, k, e1)
    assert r["churn"][1] <= r["churn"][0] + 1e-12
    assert r["expansion"][1] >= r["expansion"][0] - 1e-12
    assert np.all((r["churn"] >= 0) & (r["churn"] <= c0 + 1e-12))


@FAST
@given(s=st.integers(0, 3), price=st.floats(0, 50000), arpa=st.floats(1, 5000), c0=st.floats(0.001, 0.3))
def test_more_touches_never_delay_the_break_even(s, price, arpa, c0):
    """Selling after signing is what makes the ongoing sale pay: one more touch never hurts it."""
    out = []
    for touches in (s, s + 1):
        e = after_sales_effect(touches, c0, 0.2, 0.005)
        df = revenue_streams(60, **_explicit(one_off_price=price, arpa=arpa, churn=float(e["churn"]),
                                             expansion=float(e["expansion"])))
        out.append(df)
    cum = [d[d.model == "ongoing"].cumulative.to_numpy() for d in out]
    assert np.all(cum[1] >= cum[0] - 1e-6)
    be = [d.attrs["break_even_period"] for d in out]
    if be[0] is not None:
        assert be[1] is not None and be[1] <= be[0]


def test_the_defaults_tell_the_articles_story():
    """At the packaged defaults the subscription overtakes the one-off sale within the horizon only
    because the seller keeps selling after signing (¶20–¶21); with no touches it never does (¶19)."""
    from rolecomp.scenario import Scenario

    df = Scenario("one_off_vs_ongoing").data
    assert df.attrs["touches"] > 0
    assert df.attrs["break_even_period"] is not None
    assert df.attrs["unserved_break_even"] is None
    unserved = Scenario("one_off_vs_ongoing", touches=0).data
    assert unserved.attrs["break_even_period"] is None
    assert_allclose(unserved[unserved.model == "ongoing"].cumulative, df.attrs["unserved_cumulative"])


@pytest.mark.parametrize(
    ("over", "match"),
    [
        ({"churn": 1.5}, r"churn must be in \[0, 1\]"),
        ({"churn": -0.1}, "churn"),
        ({"after_sales_periods": 1.5}, "after_sales_periods must be a whole number"),
        ({"one_off_price": -1}, r"one_off_price must be in \[0, inf\)"),
        ({"arpa": [1, 2]}, "arpa must be a single number"),
    ],
)
def test_revenue_streams_rejects_bad_input(over, match):
    with pytest.raises(ValueError, match=match):
        revenue_streams(12, **_explicit(**over))


def test_horizon_bounds():
    with pytest.raises(ValueError, match=r"horizon must be in \[1, 600\]"):
        revenue_streams(0, **_explicit())
    with pytest.raises(ValueError, match="horizon must be a whole number"):
        revenue_streams(12.5, **_explicit())
