"""rolecomp.models.channel_dependence: one model (double marginalization) for the price, the chain and the maker."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from rolecomp.data import defaults
from rolecomp.models.channel_dependence import (
    channel_chain,
    channel_summary,
    double_marginalization,
    stage_names,
)

FAST = settings(max_examples=40, deadline=None)


# --------------------------------------------------------------------------- stage names


def test_stage_names_longer_chain():
    assert stage_names(0) == []
    assert stage_names(1) == ["maker"]
    assert stage_names(2) == ["maker", "retailer"]
    assert stage_names(3) == ["maker", "distributor", "retailer"]
    assert stage_names(5) == ["maker", "distributor_1", "distributor_2", "distributor_3", "retailer"]


# --------------------------------------------------------------------------- one model: summary and chain


def test_summary_worked_example():
    s = channel_summary(100, 1, 20, np.arange(4))
    assert_allclose(s["end_price"], [60, 80, 90, 95])
    assert_allclose(s["maker_price"], 60)
    assert_allclose(s["maker_margin"], 40)
    assert_allclose(s["quantity"], [40, 20, 10, 5])
    assert_allclose(s["maker_profit"], [1600, 800, 400, 200])
    assert_allclose(s["maker_revenue"], 60 * np.array([40, 20, 10, 5]))
    assert_allclose(s["intermediaries_profit"], [0, 400, 300, 175])
    assert_allclose(s["premium_over_direct"], np.array([60, 80, 90, 95]) / 60 - 1)
    assert_allclose(s["quantity_share"], [1, 0.5, 0.25, 0.125])


@pytest.mark.parametrize("n", range(0, 6))
def test_summary_is_double_marginalization_with_one_more_firm(n):
    """The chart's every number comes from one model: the summary is Spengler's chain of n + 1 firms."""
    s = channel_summary(100, 1, 20, n)
    dm = double_marginalization(100, 1, 20, n + 1)
    assert_allclose(s["end_price"], dm["price"])
    assert_allclose(s["quantity"], dm["quantity"])
    assert_allclose(s["maker_profit"], dm["profits"][0])
    assert_allclose(s["intermediaries_profit"], dm["profits"][1:].sum(), atol=1e-12)
    assert_allclose(s["maker_profit"] + s["intermediaries_profit"], dm["total_profit"])
    assert_allclose(s["consumer_surplus"], dm["consumer_surplus"])
    assert_allclose(s["maker_margin"], dm["margins"][0])


def test_chain_table_is_the_same_model():
    chain = channel_chain(100, 1, 20, 2)
    assert list(chain.stage) == ["cost", "maker", "distributor", "retailer"]
    assert_allclose(chain.price, [20, 60, 80, 90])
    assert_allclose(chain.margin, [20, 40, 20, 10])
    assert_allclose(chain.input_price.iloc[1:].to_numpy(), chain.price.iloc[:-1].to_numpy())
    assert_allclose(chain.share_of_end_price.sum(), 1.0)
    s = channel_summary(100, 1, 20, 2)
    assert_allclose(chain.margin.sum(), s["end_price"])
    assert_allclose(chain.price.iloc[1], s["maker_price"])
    assert_allclose(chain.quantity, s["quantity"])
    assert_allclose(chain.per_month.sum(), s["customer_spending"])
    assert_allclose(chain.per_month.iloc[1], s["maker_profit"])
    assert_allclose(chain.per_month.iloc[2:].sum(), s["intermediaries_profit"])
    assert list(channel_chain(100, 1, 20, 0).stage) == ["cost", "maker"]


def test_defaults_from_data():
    d = defaults("channel_dependence")
    chain = channel_chain()
    assert len(chain) == 2 + int(d["intermediaries"])
    assert_allclose(chain.price.iloc[0], d["c"])
    assert_allclose(channel_summary()["end_price"], chain.price.iloc[-1])
    assert_allclose(channel_summary(intermediaries=0)["end_price"], (d["a"] + d["c"]) / 2)


def test_summary_scalar_types_and_broadcasting():
    scalar = channel_summary(100, 1, 20, 2)
    for key, value in scalar.items():
        assert isinstance(value, float), key
    grid = channel_summary(np.array([[100.0], [200.0]]), 1, 20, np.arange(3))
    assert grid["end_price"].shape == (2, 3)
    assert_allclose(grid["end_price"][1, 0], 110)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"a": 100, "b": 1, "c": 120, "intermediaries": 1}, r"c must be in \[0, a\]"),
        ({"a": 100, "b": 0, "c": 20, "intermediaries": 1}, r"b must be in \(0, inf\)"),
        ({"a": 100, "b": 1, "c": 20, "intermediaries": 1.5}, "intermediaries must be a whole number"),
        ({"a": 100, "b": 1, "c": 20, "intermediaries": -1}, r"intermediaries must be in \[0, 99\]"),
        ({"a": 100, "b": 1, "c": -5, "intermediaries": 1}, r"c must be in \[0, inf\)"),
    ],
)
def test_summary_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        channel_summary(**kwargs)


def test_chain_takes_single_numbers_only():
    with pytest.raises(ValueError, match="intermediaries must be a single number"):
        channel_chain(100, 1, 20, [1, 2])


def test_cost_at_the_highest_price_sells_nothing_and_stays_finite():
    s = channel_summary(100, 1, 100, np.arange(4))
    assert_allclose(s["quantity"], 0)
    assert_allclose(s["end_price"], 100)
    assert_allclose(s["maker_profit"], 0)
    for value in s.values():
        assert np.all(np.isfinite(value))
    assert np.isfinite(channel_chain(100, 1, 100, 3).drop(columns="stage").to_numpy(dtype=float)).all()


# The article's story in property form: at 0 links every number agrees; every link added makes the
# customer pay more and leaves the maker less (¶24), whatever the demand.
DEMAND = dict(a=st.floats(1, 1000), b=st.floats(0.01, 100), c_share=st.floats(0, 0.99))


@FAST
@given(**DEMAND)
def test_at_zero_links_the_customer_pays_the_makers_price(a, b, c_share):
    c = a * c_share
    s = channel_summary(a, b, c, 0)
    assert_allclose(s["end_price"], s["maker_price"])
    assert_allclose(s["premium_over_direct"], 0, atol=1e-12)
    assert_allclose(s["intermediaries_profit"], 0, atol=1e-9)
    assert_allclose(s["intermediary_share"], 0, atol=1e-12)
    assert_allclose(s["quantity_share"], 1)
    chain = channel_chain(a, b, c, 0)
    assert_allclose(chain.price.iloc[-1], s["end_price"])
    assert_allclose(chain.per_month.iloc[1], s["maker_profit"])


@FAST
@given(**DEMAND, n=st.integers(0, 8))
def test_every_link_raises_the_price_and_lowers_the_makers_profit(a, b, c_share, n):
    c = a * c_share
    s = channel_summary(a, b, c, np.array([n, n + 1]))
    assert s["end_price"][1] > s["end_price"][0]
    assert s["maker_profit"][1] < s["maker_profit"][0]
    assert s["maker_revenue"][1] < s["maker_revenue"][0]
    assert s["maker_share"][1] < s["maker_share"][0]
    assert s["quantity"][1] < s["quantity"][0]
    assert s["consumer_surplus"][1] < s["consumer_surplus"][0]
    assert_allclose(s["maker_margin"][1], s["maker_margin"][0])  # per unit the maker keeps the same
    assert_allclose(s["maker_price"][1], s["maker_price"][0])
    total = s["maker_share"] + s["intermediary_share"] + s["cost_share"]
    assert_allclose(total, 1.0)
    assert np.all(s["end_price"] < a + 1e-9)  # nobody pays more than the most anyone would


@FAST
@given(**DEMAND, n=st.integers(0, 8))
def test_the_bars_add_up_to_the_summary(a, b, c_share, n):
    c = a * c_share
    chain = channel_chain(a, b, c, n)
    s = channel_summary(a, b, c, n)
    assert_allclose(chain.margin.sum(), s["end_price"])
    assert_allclose(chain.share_of_end_price.sum(), 1.0)
    assert np.all(np.diff(chain.price) >= 0)
    assert_allclose(chain.per_month.iloc[1], s["maker_profit"])


def test_at_the_default_demand_price_rises_and_maker_profit_falls_over_the_whole_slider():
    """The packaged defaults tell the article's story on every position of the slider (¶24)."""
    from rolecomp.data import parameter_table

    d = defaults("channel_dependence")
    top = int(parameter_table("channel_dependence").loc["intermediaries", "max"])
    s = channel_summary(d["a"], d["b"], d["c"], np.arange(top + 1))
    assert np.all(np.diff(s["end_price"]) > 0)
    assert np.all(np.diff(s["maker_profit"]) < 0)
    assert np.all(np.diff(s["maker_share"]) < 0)
    assert s["end_price"][0] == s["maker_price"][0]


# --------------------------------------------------------------------------- double marginalization


def test_double_marginalization_one_firm():
    r = double_marginalization(100, 1, 20, 1)
    assert_allclose([r["price"], r["quantity"], r["total_profit"], r["consumer_surplus"]],
                    [60, 40, 1600, 800])
    assert_allclose(r["profits"], [1600])
    assert_allclose(r["deadweight_loss"], 800)


def test_double_marginalization_two_firms():
    r = double_marginalization(100, 1, 20, 2)
    assert_allclose([r["price"], r["quantity"], r["total_profit"], r["consumer_surplus"]],
                    [80, 20, 1200, 200])
    assert_allclose(r["profits"], [800, 400])  # maker first
    assert_allclose(r["margins"], [40, 20])


def _best_price(cost, respond, a, lo_iter=60):
    """Ternary search for the price maximising (p - cost) * respond(p) on [cost, a]."""
    lo, hi = cost, a
    for _ in range(lo_iter):
        m1, m2 = lo + (hi - lo) / 3, hi - (hi - lo) / 3
        if (m1 - cost) * respond(m1) < (m2 - cost) * respond(m2):
            lo = m1
        else:
            hi = m2
    return (lo + hi) / 2


def _backward_induction(a, b, c, firms):
    """Numerical successive monopoly: each firm best-responds given the firms below."""

    def quantity(level, w):
        # quantity sold when firm `level` (1 = maker) buys at w and every firm below optimises
        if level > firms:
            return max(a - w, 0.0) / b  # users buy at price w
        p = _best_price(w, lambda price: quantity(level + 1, price), a, 40)
        return quantity(level + 1, p)

    q = quantity(1, c)
    return a - b * q, q


@pytest.mark.parametrize("firms", [1, 2, 3])
def test_closed_form_matches_numerical_backward_induction(firms):
    price, q = _backward_induction(100.0, 1.0, 20.0, firms)
    r = double_marginalization(100, 1, 20, firms)
    assert_allclose(r["price"], price, atol=1e-3)
    assert_allclose(r["quantity"], q, atol=1e-3)


def test_double_marginalization_arrays_and_padding():
    r = double_marginalization(100, 1, 20, np.array([1, 2, 3]))
    assert r["price"].shape == (3,)
    assert r["profits"].shape == (3, 3)
    assert_allclose(r["profits"][0], [1600, 0, 0])
    assert_allclose(r["profits"].sum(axis=-1), r["total_profit"])
    assert_allclose(r["margins"].sum(axis=-1), r["price"] - 20)
    for i, n in enumerate([1, 2, 3]):
        single = double_marginalization(100, 1, 20, n)
        assert_allclose(single["price"], r["price"][i])
        assert_allclose(single["consumer_surplus"], r["consumer_surplus"][i])
    grid = double_marginalization(np.array([[100.0], [150.0]]), 1, 20, np.array([1, 2]))
    assert grid["price"].shape == (2, 2)


@FAST
@given(
    a=st.floats(50, 500),
    b=st.floats(0.1, 10),
    c_share=st.floats(0, 0.99),
    n=st.integers(1, 10),
)
def test_more_firms_never_lowers_end_price(a, b, c_share, n):
    c = a * c_share
    r = double_marginalization(a, b, c, np.array([n, n + 1]))
    assert r["price"][1] >= r["price"][0] - 1e-9
    assert r["quantity"][1] <= r["quantity"][0] + 1e-9
    assert r["consumer_surplus"][1] <= r["consumer_surplus"][0] + 1e-9
    assert r["total_profit"][1] <= r["total_profit"][0] + 1e-9
    for key in ("price", "quantity", "total_profit", "consumer_surplus", "deadweight_loss"):
        assert np.all(np.isfinite(r[key]))


def test_double_marginalization_scalar_types():
    r = double_marginalization(100, 1, 20, 2)
    for key in ("price", "quantity", "total_profit", "consumer_surplus", "deadweight_loss"):
        assert isinstance(r[key], float), key


def test_cost_equal_to_intercept_sells_nothing():
    r = double_marginalization(100, 1, 100, 3)
    assert_allclose([r["price"], r["quantity"], r["total_profit"]], [100, 0, 0])


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((100, 1, 20, 0), r"firms must be in \[1, 100\]"),
        ((100, 1, 20, 2.5), "firms must be a whole number"),
        ((100, 0, 20, 2), r"b must be in \(0, inf\)"),
        ((-1, 1, 0, 2), r"a must be in \(0, inf\)"),
        ((100, 1, -1, 2), r"c must be in \[0, inf\)"),
        ((100, 1, 120, 2), r"c must be in \[0, a\]"),
        ((100, 1, 20, [1, np.nan]), "firms must be a finite number"),
    ],
)
def test_double_marginalization_rejects_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        double_marginalization(*args)
