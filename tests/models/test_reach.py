"""rolecomp.models.reach: impressions, reach curves, adstock, sales velocity, viral loops, three roles."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from rolecomp.data import defaults, load_parameters
from rolecomp.models.reach import (
    ROLES,
    adstock,
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


# --------------------------------------------------------------------------- adstock


def test_adstock_builds_up_and_decays():
    assert_allclose(adstock([100, 100, 100, 0, 0], 0.5), [100, 150, 175, 87.5, 43.75])
    assert_allclose(adstock([10.0] * 300, 0.8)[-1], 50.0)  # g / (1 - lambda)
    assert_allclose(adstock([5.0, 0.0, 7.0], 0.0), [5.0, 0.0, 7.0])  # no carry-over: this week only
    grid = adstock(np.ones(4), np.array([0.0, 0.5]))
    assert grid.shape == (2, 4)
    assert_allclose(grid[1], adstock(np.ones(4), 0.5))


@FAST
@given(g=st.floats(0, 500), lam=st.floats(0, 0.95), n=st.integers(2, 60))
def test_adstock_of_constant_spending_rises_to_its_steady_state(g, lam, n):
    a = adstock(np.full(n, g), lam)
    assert np.all(np.diff(a) >= -1e-9)
    assert np.all(a <= g / (1 - lam) * (1 + 1e-9) + 1e-9)


@pytest.mark.parametrize(("call", "match"), [
    (lambda: adstock([1, 2], 1.0), r"carryover must be in \[0, 1\)"),
    (lambda: adstock([1, -2], 0.5), r"grp must be in \[0, inf\)"),
    (lambda: adstock(3.0, 0.5), "grp must be a series"),
])
def test_adstock_rejects_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --------------------------------------------------------------------------- three roles


def _explicit(**over):
    base = dict(
        audience=100_000, reps=2, contacts_per_rep=10, qualification_rate=0.2, win_rate=0.25, rep_cost=1000,
        budget=1000, cpm=20, carryover=0.5, conversion=0.001, ad_weeks=104, reach_k=1, seed_users=100,
        organic_visitors=500, paid_budget=200, cpc=2, visitor_conversion=0.01, retention=0.9, referral_rate=0.05,
        ops_cost=500,
    )
    base.update(over)
    return base


def _role(df, role):
    return df[df.role == role].reset_index(drop=True)


def test_reach_over_time_shape_and_columns():
    df = reach_over_time(10, **_explicit())
    assert list(df.columns[:4]) == ["role", "week", "reached", "customers"]
    assert set(NUMERIC) <= set(df.columns)
    assert len(df) == 3 * 11
    assert tuple(df.role.unique()) == ROLES
    assert df.groupby("role").week.apply(list).map(lambda w: w == list(range(11))).all()
    assert np.isfinite(df[NUMERIC].to_numpy(dtype=float)).all()


def test_sales_is_a_funnel_of_contacts_opportunities_and_wins():
    df = reach_over_time(10, **_explicit()).set_index(["role", "week"])
    assert_allclose(df.loc[("sales", 10), "reached"], 2 * 10 * 10)  # prospects contacted
    assert_allclose(df.loc[("sales", 10), "customers"], 2 * 10 * 10 * 0.2 * 0.25)  # qualified, then won
    assert_allclose(df.loc[("sales", 10), "precision"], 0.2 * 0.25)
    assert_allclose(df.loc[("sales", 10), "cost"], 2 * 1000 * 10)


def test_the_default_sales_pace_is_the_kits_deals_per_rep_a_year():
    """A rep closes about as many deals a year as the value_presentation data says (20), not 4.8 a week."""
    d, v = defaults("reach"), defaults("value_presentation")
    per_week = d["contacts_per_rep"] * d["qualification_rate"] * d["win_rate"]
    assert per_week * v["weeks"] == pytest.approx(v["deals_per_rep"], rel=0.05)
    df = reach_over_time(int(v["weeks"]), reps=1)
    assert _role(df, "sales").customers.iloc[-1] == pytest.approx(v["deals_per_rep"], rel=0.05)
    assert d["win_rate"] < 0.5 and d["qualification_rate"] < 0.5  # rates of a real funnel, each one < 1


def test_marketing_is_broad_imprecise_and_its_reach_follows_the_curve():
    df = reach_over_time(10, **_explicit()).set_index(["role", "week"])
    grp = gross_rating_points(impressions(1000 * 10, 20), 100_000)
    assert_allclose(df.loc[("marketing", 10), "reached"], 100_000 * reach_curve(grp))
    assert df.loc[("marketing", 10), "reached"] > df.loc[("sales", 10), "reached"]
    assert df.loc[("marketing", 10), "precision"] < df.loc[("sales", 10), "precision"]


def test_marketing_customers_follow_the_adstock():
    p = _explicit()
    df = reach_over_time(6, **p)
    g = float(gross_rating_points(impressions(p["budget"], p["cpm"]), p["audience"]))
    stock = adstock(np.r_[0.0, np.full(6, g)], p["carryover"])
    aware = reach_curve(stock)
    c = 0.0
    for week in range(1, 7):
        c += p["conversion"] * aware[week] * (p["audience"] - c)
        assert_allclose(_role(df, "marketing").customers[week], c)


def test_marketing_keeps_winning_under_constant_spend_and_fades_after_the_ads_stop():
    df = reach_over_time(52, **_explicit(ad_weeks=26))
    new = _role(df, "marketing").new_customers.to_numpy()
    assert new[2] > new[1]  # the ads' effect builds up
    assert new[26] > 0.5 * new[10]  # half a year of ads: still working, no collapse to zero
    assert np.all(np.diff(new[27:]) < 0) and new[27] > 0  # carried over after the stop, fading
    assert new[52] < 0.05 * new[26]
    cost = _role(df, "marketing").cost.to_numpy()
    assert_allclose(cost[26:], 26 * 1000)  # no spending once the ads stop


@FAST
@given(budget=st.floats(1000, 100_000), cpm=st.floats(5, 200), carryover=st.floats(0.0, 0.9),
       weeks=st.integers(20, 104))
def test_constant_spend_keeps_marketings_weekly_customers_from_falling_to_zero(budget, cpm, carryover, weeks):
    """Carry-over: under constant spending, marketing's weekly wins settle; they never fall towards zero
    while people are left to win (the first-exposure-only model won 363 in week 1 and 2 in week 26)."""
    d = defaults("reach")
    df = reach_over_time(weeks, budget=budget, cpm=cpm, carryover=carryover)
    m = _role(df, "marketing")
    new = m.new_customers.to_numpy()
    left = 1 - m.customers.to_numpy() / d["audience"]
    assert new[-1] >= 0.9 * left[-1] * new[1:].max()


def test_operations_counts_customers_from_unpaid_and_paid_visitors():
    df = reach_over_time(1, **_explicit(seed_users=0, referral_rate=0.0))
    ops = _role(df, "operations")
    visitors = (500 + 200 / 2) * 1.0  # nobody reached yet: the whole flow arrives
    assert_allclose(ops.reached[1], visitors)
    assert_allclose(ops.customers[1], 0.01 * visitors)
    assert_allclose(ops.cost[1], 500 + 200)  # team cost plus the paid placement


@FAST
@given(paid=st.floats(0, 20_000), extra=st.floats(1, 10_000), cpc=st.floats(0.1, 20), weeks=st.integers(1, 104))
def test_paid_traffic_has_a_cost_and_unpaid_traffic_does_not(paid, extra, cpc, weeks):
    base = reach_over_time(weeks, paid_budget=paid, cpc=cpc)
    more = reach_over_time(weeks, paid_budget=paid + extra, cpc=cpc)
    ob, om = _role(base, "operations"), _role(more, "operations")
    assert_allclose(om.cost - ob.cost, extra * om.week)  # every week of paid placement is paid for
    assert np.all(om.reached >= ob.reached - 1e-9)
    # more paid visitors buy more in the first week; later, once they have used up much of the audience,
    # fewer people are left to be referred, so the totals can meet again (a finite market)
    assert om.customers[1] > ob.customers[1]
    free = _role(reach_over_time(weeks, paid_budget=paid, cpc=cpc, organic_visitors=50_000), "operations")
    assert_allclose(free.cost, ob.cost)  # unpaid visitors cost nothing beyond the team


@FAST
@given(over=st.fixed_dictionaries({
    "reps": st.integers(0, 50), "budget": st.floats(0, 100_000), "paid_budget": st.floats(0, 20_000),
    "retention": st.floats(0, 1), "referral_rate": st.floats(0, 0.5), "organic_visitors": st.floats(0, 50_000),
    "carryover": st.floats(0, 0.95), "ad_weeks": st.integers(0, 104)}), weeks=st.integers(1, 104))
def test_the_three_roles_count_the_same_unit(over, weeks):
    """Customers are people who bought: never more than the people reached, never more than the audience,
    never falling; the same column for all three roles."""
    df = reach_over_time(weeks, **over)
    aud = defaults("reach")["audience"]
    for role in ROLES:
        r = _role(df, role)
        assert np.all(r.customers <= r.reached + 1e-6), role
        assert np.all(r.reached <= aud * (1 + 1e-12)), role
        assert np.all(np.diff(r.customers) >= -1e-9), role
        assert np.all((r.precision >= 0) & (r.precision <= 1 + 1e-12)), role


def test_the_defaults_tell_the_articles_story():
    """At the defaults no role wins by an order of magnitude (¶5 mocks each role's boast), sales is the
    most precise and marketing the broadest (¶42), and marketing is the biggest spender (¶30)."""
    df = reach_over_time()
    last = df[df.week == df.week.max()].set_index("role")
    c = last.customers
    assert c.max() < 3 * c.min(), c.to_dict()
    assert last.precision[["sales", "marketing"]].idxmax() == "sales"
    assert last.reached.idxmax() == "marketing"
    assert last.cost.idxmax() == "marketing"


def test_operations_compounds_only_when_retention_and_referrals_pass_one():
    """The active base grows by retention + referral rate a week: it levels off below 1 and compounds above."""
    slow = _role(reach_over_time(104, retention=0.9, referral_rate=0.05), "operations").new_customers.to_numpy()
    fast = _role(reach_over_time(104, retention=0.99, referral_rate=0.05), "operations").new_customers.to_numpy()
    assert slow[104] < 1.2 * slow[52]  # settled
    assert np.all(np.diff(fast[10:]) > 0) and fast[104] > 2 * fast[52]  # still speeding up
    # ... and at the default retention its line is about as straight as the others over the default horizon
    ops = _role(reach_over_time(), "operations").new_customers.to_numpy()
    assert ops[-1] < 1.25 * ops[1]


def test_seed_users_bring_referrals_but_are_not_customers_won():
    df = reach_over_time(3, **_explicit(organic_visitors=0, paid_budget=0))
    ops = _role(df, "operations")
    assert ops.customers[0] == 0 and ops.active[0] == 100 and ops.reached[0] == 100
    assert_allclose(ops.customers[1], 0.05 * 100 * (1 - 100 / 100_000))


def test_reach_over_time_nbd_option():
    poisson = reach_over_time(5, **_explicit())
    nbd = reach_over_time(5, reach_model="nbd", **_explicit(reach_k=0.5))
    m_p = poisson[poisson.role == "marketing"].reached.to_numpy()
    m_n = nbd[nbd.role == "marketing"].reached.to_numpy()
    assert np.all(m_n <= m_p + 1e-9)
    with pytest.raises(ValueError, match="reach_model must be one of"):
        reach_over_time(5, reach_model="gamma", **_explicit())


def test_reach_over_time_defaults_come_from_data():
    d = defaults("reach")
    df = reach_over_time()
    assert df.week.max() == int(d["weeks"])
    sales = df[(df.role == "sales") & (df.week == 1)].iloc[0]
    assert_allclose(sales.reached, d["reps"] * d["contacts_per_rep"])
    assert_allclose(sales.cost, d["reps"] * d["rep_cost"])


def test_every_reach_default_says_where_it_comes_from():
    """Each reach row's source says article (¶N), cited, or illustrative, in its first words."""
    table = load_parameters()
    rows = table[table.group == "reach"]
    assert len(rows) > 10
    for name, source in zip(rows.name, rows.source, strict=True):
        head = str(source).split(":")[0].split(";")[0].split(",")[0]
        assert head.startswith(("Illustrative", "Cited", "Article ¶")), f"{name}: {source}"
        if head.startswith("Cited"):
            assert any(ch.isdigit() for ch in source), f"{name}: a citation names its year: {source}"


@pytest.mark.parametrize(
    "over",
    [
        {"budget": 0},
        {"reps": 0, "seed_users": 0, "organic_visitors": 0, "paid_budget": 0},
        {"retention": 1.0, "referral_rate": 0.5, "visitor_conversion": 1.0, "organic_visitors": 50_000},
        {"retention": 0.0, "referral_rate": 0.0, "visitor_conversion": 0.0},
        {"win_rate": 1.0, "qualification_rate": 1.0, "conversion": 1.0, "contacts_per_rep": 100, "reps": 50},
        {"audience": 10, "seed_users": 10},
        {"carryover": 0.0, "ad_weeks": 0},
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
    assert (df.customers <= df.reached + 1e-6).all()


def test_zero_budget_reaches_nobody():
    df = reach_over_time(8, **_explicit(budget=0))
    mkt = df[df.role == "marketing"]
    assert (mkt.reached == 0).all() and (mkt.precision == 0).all() and (mkt.customers == 0).all()


@FAST
@given(b1=st.floats(0, 50_000), b2=st.floats(0, 50_000))
def test_more_budget_never_lowers_reach_or_customers(b1, b2):
    lo, hi = sorted([b1, b2])
    r_lo = _role(reach_over_time(6, **_explicit(budget=lo)), "marketing")
    r_hi = _role(reach_over_time(6, **_explicit(budget=hi)), "marketing")
    assert np.all(r_hi.reached.to_numpy() >= r_lo.reached.to_numpy() - 1e-9)
    assert np.all(r_hi.customers.to_numpy() >= r_lo.customers.to_numpy() - 1e-9)


@pytest.mark.parametrize(
    ("over", "match"),
    [
        ({"reps": 2.5}, "reps must be a whole number"),
        ({"reps": -1}, r"reps must be in \[0, inf\)"),
        ({"retention": 1.5}, r"retention must be in \[0, 1\]"),
        ({"qualification_rate": 1.5}, r"qualification_rate must be in \[0, 1\]"),
        ({"carryover": 1.0}, r"carryover must be in \[0, 1\)"),
        ({"cpm": 0}, r"cpm must be in \(0, inf\)"),
        ({"cpc": 0}, r"cpc must be in \(0, inf\)"),
        ({"ad_weeks": 1.5}, "ad_weeks must be a whole number"),
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
