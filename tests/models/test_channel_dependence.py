"""rolecomp.models.channel_dependence: markup chains and double marginalization."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from rolecomp.data import defaults
from rolecomp.models.channel_dependence import (
    channel_chain,
    channel_summary,
    double_marginalization,
    markup_chain,
    stage_names,
)

FAST = settings(max_examples=40, deadline=None)


# --------------------------------------------------------------------------- markup chain


def test_markup_chain_example_ends_at_210():
    chain = markup_chain(100, [0.20, 0.25, 0.40])
    assert list(chain.stage) == ["cost", "maker", "distributor", "retailer"]
    assert_allclose(chain.price, [100, 120, 150, 210])
    assert_allclose(chain.margin, [100, 20, 30, 60])
    assert_allclose(chain.share_of_end_price, np.array([100, 20, 30, 60]) / 210)
    assert_allclose(chain.share_of_end_price.sum(), 1.0)
    assert {"stage", "price", "margin", "share_of_end_price"} <= set(chain.columns)


def test_markup_chain_no_markup_and_custom_names():
    only_cost = markup_chain(80, [])
    assert list(only_cost.stage) == ["cost"]
    assert_allclose(only_cost.share_of_end_price, [1.0])
    named = markup_chain(10, [0.1, 0.1], stages=["factory", "shop"])
    assert list(named.stage) == ["cost", "factory", "shop"]


def test_stage_names_longer_chain():
    assert stage_names(1) == ["maker"]
    assert stage_names(2) == ["maker", "retailer"]
    assert stage_names(5) == ["maker", "distributor_1", "distributor_2", "distributor_3", "retailer"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"unit_cost": 0, "markups": [0.1]}, r"unit_cost must be in \(0, inf\)"),
        ({"unit_cost": -5, "markups": [0.1]}, "unit_cost"),
        ({"unit_cost": 100, "markups": [0.1, -0.2]}, r"markups must be in \[0, inf\)"),
        ({"unit_cost": [100, 200], "markups": [0.1]}, "unit_cost must be a single number"),
        ({"unit_cost": 100, "markups": [0.1], "stages": ["a", "b"]}, "stages"),
    ],
)
def test_markup_chain_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        markup_chain(**kwargs)


@FAST
@given(
    cost=st.floats(1, 1000),
    markups=st.lists(st.floats(0, 2), min_size=0, max_size=6),
)
def test_markup_chain_shares_sum_to_one(cost, markups):
    chain = markup_chain(cost, markups)
    assert_allclose(chain.share_of_end_price.sum(), 1.0)
    assert np.all(np.diff(chain.price) >= 0)
    assert np.isfinite(chain.drop(columns="stage").to_numpy(dtype=float)).all()


def test_channel_chain_matches_markup_chain():
    chain = channel_chain(100, 0.2, 0.3, 3)
    direct = markup_chain(100, [0.2, 0.3, 0.3, 0.3])
    pd.testing.assert_frame_equal(chain, direct)


def test_channel_chain_defaults_from_data():
    d = defaults("channel_dependence")
    chain = channel_chain()
    assert len(chain) == 2 + int(d["intermediaries"])
    assert_allclose(chain.price.iloc[0], d["unit_cost"])


def test_channel_summary_vectorised_and_consistent():
    n = np.arange(5)
    s = channel_summary(100, 0.2, 0.3, n)
    assert s["end_price"].shape == (5,)
    for i in n:
        chain = channel_chain(100, 0.2, 0.3, int(i))
        assert_allclose(s["end_price"][i], chain.price.iloc[-1])
        assert_allclose(s["maker_share"][i], chain.share_of_end_price.iloc[1])
    total = s["maker_share"] + s["intermediary_share"] + s["cost_share"]
    assert_allclose(total, 1.0)
    assert np.all(np.diff(s["maker_share"]) < 0)  # more links, smaller share for the maker
    scalar = channel_summary(100, 0.2, 0.3, 2)
    assert isinstance(scalar["end_price"], float)
    assert_allclose(scalar["end_price"], s["end_price"][2])


def test_channel_summary_integer_parameter_checked():
    with pytest.raises(ValueError, match="intermediaries must be a whole number"):
        channel_summary(100, 0.2, 0.3, 1.5)
    assert_allclose(channel_summary(100, 0.2, 0.3, 2.0)["end_price"], 100 * 1.2 * 1.3**2)


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
