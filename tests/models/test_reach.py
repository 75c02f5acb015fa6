"""rolecomp.models.reach: impressions, reach curves, sales velocity, viral loops, three roles."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from rolecomp.data import defaults
from rolecomp.models.reach import (
    ROLES,
    gross_rating_points,
    impressions,
    reach_curve,
    reach_over_time,
    sales_velocity,
    viral_users,
)

FAST = settings(max_examples=40, deadline=None)

NUMERIC = ["reached", "customers", "precision", "new_reached", "new_customers", "active", "cost"]


def test_impressions_example():
    assert_allclose(impressions(300, 2), 150_000)
    assert_allclose(impressions(np.array([0, 300]), 2), [0, 150_000])
    assert_allclose(gross_rating_points(150_000, 150_000), 100)


def test_reach_curve_examples():
    assert_allclose(reach_curve(100), 0.6321, atol=5e-5)
    assert_allclose(reach_curve(0), 0.0)
    assert_allclose(reach_curve(100, "nbd", k=1), 0.5)
    assert_allclose(reach_curve(100, "negative_binomial", k=1), 0.5)
    m = 2.0
    assert_allclose(reach_curve(200, "nbd", k=0.5), 1 - (1 + m / 0.5) ** -0.5)


def test_nbd_tends_to_poisson_for_large_k():
    grp = np.linspace(0, 500, 11)
    assert_allclose(reach_curve(grp, "nbd", k=1e7), reach_curve(grp), atol=1e-5)


@FAST
@given(g1=st.floats(0, 2000), g2=st.floats(0, 2000), k=st.floats(0.05, 50))
def test_more_grp_never_lowers_reach(g1, g2, k):
    lo, hi = sorted([g1, g2])
    for model, kk in (("poisson", None), ("nbd", k)):
        r = reach_curve(np.array([lo, hi]), model, k=kk)
        assert r[1] >= r[0]
        assert 0 <= r[0] <= 1 and 0 <= r[1] <= 1


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: reach_curve(100, "nbd"), "k must be given"),
        (lambda: reach_curve(100, "nbd", k=-1), r"k must be in \(0, inf\)"),
        (lambda: reach_curve(100, "nbd", k=0), r"k must be in \(0, inf\)"),
        (lambda: reach_curve(-1), r"grp must be in \[0, inf\)"),
        (lambda: reach_curve(100, "beta"), "model must be one of"),
        (lambda: impressions(-1, 2), r"budget must be in \[0, inf\)"),
        (lambda: impressions(100, 0), r"cpm must be in \(0, inf\)"),
        (lambda: sales_velocity(18, 42000, 1.2, 78), r"win_rate must be in \[0, 1\]"),
        (lambda: sales_velocity(18, 42000, 0.2, 0), r"cycle_days must be in \(0, inf\)"),
        (lambda: viral_users(10, -0.1, 3), r"k must be in \[0, inf\)"),
        (lambda: viral_users(10, 0.5, 2.5), "cycles must be a whole number"),
        (lambda: viral_users(1, 50, 1000), "viral_users overflowed"),
    ],
)
def test_reach_functions_reject_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_sales_velocity_example():
    assert_allclose(sales_velocity(18, 42000, 0.24, 78), 2326.15, atol=0.005)
    v = sales_velocity(np.array([9, 18]), 42000, 0.24, 78)
    assert_allclose(v[1], 2 * v[0])


def test_viral_users_shape_and_start():
    v = viral_users(100, 0.7, 10)
    assert v.shape == (11,)
    assert v[0] == 100
    assert_allclose(v[1], 170)
    grid = viral_users(np.array([1.0, 2.0]), np.array([[0.5], [0.9]]), 4)
    assert grid.shape == (2, 2, 5)
    assert_allclose(grid[1, 1], viral_users(2.0, 0.9, 4))


def test_viral_users_limit_k07():
    assert_allclose(viral_users(1, 0.7, 300)[-1], 1 / 0.3)
    assert_allclose(viral_users(1, 0.7, 300)[-1], 3.33, atol=0.005)


@FAST
@given(u0=st.floats(0, 1e6), k=st.floats(0, 0.95))
def test_viral_k_below_one_converges(u0, k):
    v = viral_users(u0, k, 600)
    assert np.all(np.diff(v) >= 0)
    assert_allclose(v[-1], u0 / (1 - k), rtol=1e-6, atol=1e-9)


def test_viral_k_one_or_more_keeps_growing():
    assert_allclose(viral_users(5, 1.0, 3), [5, 10, 15, 20])
    v = viral_users(5, 1.2, 20)
    assert np.all(np.diff(np.diff(v)) > 0)


# --------------------------------------------------------------------------- three roles


def _explicit(**over):
    base = dict(
        audience=100_000, reps=2, contacts_per_rep=10, win_rate=0.25, rep_cost=1000,
        budget=1000, cpm=20, conversion=0.01, reach_k=1, seed_users=100,
        organic_visitors=500, activation=0.1, retention=0.9, viral_k=0.5, ops_cost=500,
    )
    base.update(over)
    return base


def test_reach_over_time_shape_and_columns():
    df = reach_over_time(10, **_explicit())
    assert list(df.columns[:4]) == ["role", "week", "reached", "customers"]
    assert set(NUMERIC) <= set(df.columns)
    assert len(df) == 3 * 11
    assert tuple(df.role.unique()) == ROLES
    assert df.groupby("role").week.apply(list).map(lambda w: w == list(range(11))).all()
    assert np.isfinite(df[NUMERIC].to_numpy(dtype=float)).all()


def test_reach_over_time_role_logic():
    df = reach_over_time(10, **_explicit()).set_index(["role", "week"])
    # sales: linear in capacity
    assert_allclose(df.loc[("sales", 10), "reached"], 2 * 10 * 10)
    assert_allclose(df.loc[("sales", 10), "precision"], 0.25)
    assert_allclose(df.loc[("sales", 10), "cost"], 2 * 1000 * 10)
    # marketing: budget -> impressions -> GRP -> Poisson reach
    grp = gross_rating_points(impressions(1000 * 10, 20), 100_000)
    assert_allclose(df.loc[("marketing", 10), "reached"], 100_000 * reach_curve(grp))
    assert_allclose(df.loc[("marketing", 10), "precision"], 0.01)
    # marketing is broad and imprecise, sales narrow and precise
    assert df.loc[("marketing", 10), "reached"] > df.loc[("sales", 10), "reached"]
    assert df.loc[("marketing", 10), "precision"] < df.loc[("sales", 10), "precision"]
    # operations starts from its seed users
    assert_allclose(df.loc[("operations", 0), ["reached", "customers", "active"]], [100] * 3)


def test_reach_over_time_nbd_option():
    poisson = reach_over_time(5, **_explicit())
    nbd = reach_over_time(5, reach_model="nbd", **_explicit(reach_k=0.5))
    m_p = poisson[poisson.role == "marketing"].reached.to_numpy()
    m_n = nbd[nbd.role == "marketing"].reached.to_numpy()
    assert np.all(m_n <= m_p + 1e-9)
    with pytest.raises(ValueError, match="reach_model must be one of"):
        reach_over_time(5, reach_model="gamma", **_explicit())


def test_operations_compounds_when_growth_factor_above_one():
    # retention + viral_k * activation = 0.9 + 1.0 * 0.2 = 1.1 > 1: weekly additions grow
    df = reach_over_time(15, **_explicit(audience=1e9, retention=0.9, viral_k=1.0,
                                         activation=0.2, organic_visitors=100))
    ops = df[df.role == "operations"]
    new = ops.new_customers.to_numpy()[1:]
    assert np.all(np.diff(new) > 0)
    # ... while marketing's weekly additions shrink (saturation)
    mkt = df[df.role == "marketing"].new_reached.to_numpy()[1:]
    assert np.all(np.diff(mkt) < 0)


def test_reach_over_time_defaults_come_from_data():
    d = defaults("reach")
    df = reach_over_time()
    assert df.week.max() == int(d["weeks"])
    sales = df[(df.role == "sales") & (df.week == 1)].iloc[0]
    assert_allclose(sales.reached, d["reps"] * d["contacts_per_rep"])
    assert_allclose(sales.cost, d["reps"] * d["rep_cost"])


@pytest.mark.parametrize(
    "over",
    [
        {"budget": 0},
        {"reps": 0, "seed_users": 0, "organic_visitors": 0},
        {"retention": 1.0, "viral_k": 3.0, "activation": 1.0, "organic_visitors": 50_000},
        {"retention": 0.0, "viral_k": 0.0, "activation": 0.0},
        {"win_rate": 1.0, "conversion": 1.0, "contacts_per_rep": 100, "reps": 50},
        {"audience": 10, "seed_users": 10},
    ],
)
def test_reach_over_time_no_nan_or_inf_at_extremes(over):
    df = reach_over_time(104, **_explicit(**over))
    values = df[NUMERIC].to_numpy(dtype=float)
    assert np.isfinite(values).all()
    assert (values >= -1e-9).all()
    aud = _explicit(**over)["audience"]
    assert (df.reached <= aud * (1 + 1e-12)).all()
    assert (df.precision <= 1 + 1e-12).all()


def test_zero_budget_reaches_nobody():
    df = reach_over_time(8, **_explicit(budget=0))
    mkt = df[df.role == "marketing"]
    assert (mkt.reached == 0).all() and (mkt.precision == 0).all()


@FAST
@given(b1=st.floats(0, 50_000), b2=st.floats(0, 50_000))
def test_more_budget_never_lowers_reach(b1, b2):
    lo, hi = sorted([b1, b2])
    r_lo = reach_over_time(6, **_explicit(budget=lo))
    r_hi = reach_over_time(6, **_explicit(budget=hi))
    m_lo = r_lo[r_lo.role == "marketing"].reached.to_numpy()
    m_hi = r_hi[r_hi.role == "marketing"].reached.to_numpy()
    assert np.all(m_hi >= m_lo - 1e-9)


@pytest.mark.parametrize(
    ("over", "match"),
    [
        ({"reps": 2.5}, "reps must be a whole number"),
        ({"reps": -1}, r"reps must be in \[0, inf\)"),
        ({"retention": 1.5}, r"retention must be in \[0, 1\]"),
        ({"cpm": 0}, r"cpm must be in \(0, inf\)"),
        ({"audience": 0}, r"audience must be in \(0, inf\)"),
        ({"seed_users": 200_000}, r"seed_users must be in \[0, 100000\]"),
        ({"budget": [1, 2]}, "budget must be a single number"),
    ],
)
def test_reach_over_time_rejects_bad_input(over, match):
    with pytest.raises(ValueError, match=match):
        reach_over_time(4, **_explicit(**over))


def test_weeks_must_be_whole():
    with pytest.raises(ValueError, match="weeks must be a whole number"):
        reach_over_time(2.5, **_explicit())
    assert len(reach_over_time(3.0, **_explicit())) == 12
    assert len(reach_over_time(0, **_explicit())) == 3
