"""docs/models.md quotes numbers of the channel and one-off models at their defaults: they must be
what the models compute (sections 1 and 3, and the presets table), so the page never drifts."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from rolecomp.models.channel_dependence import channel_chain, channel_summary, double_marginalization
from rolecomp.models.one_off_vs_ongoing import after_sales_effect
from rolecomp.scenario import Scenario

DOC = (Path(__file__).resolve().parents[2] / "docs" / "models.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = DOC.index(title)
    end = DOC.find("\n## ", start + 1)
    return DOC[start:end if end > 0 else None]


CHANNEL = section("## 1. Channels")
ONE_OFF = section("## 3. One-off vs ongoing")


def _amount(text: str) -> float:
    return float(text.replace(",", ""))


def test_the_channel_table_is_the_model():
    r1, r2 = double_marginalization(100, 1, 20, 1), double_marginalization(100, 1, 20, 2)
    for row, one, two in [("quantity sold", r1["quantity"], r2["quantity"]),
                          ("end price", r1["price"], r2["price"]),
                          ("total profit", r1["total_profit"], r2["total_profit"]),
                          ("consumer surplus", r1["consumer_surplus"], r2["consumer_surplus"])]:
        line = next(ln for ln in CHANNEL.splitlines() if ln.startswith(f"| {row} |"))
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert (_amount(cells[-2]), _amount(cells[-1])) == (one, two), line


def test_the_channel_defaults_paragraph_is_the_model():
    s = Scenario("channel_dependence").data
    chain, direct = s["chain"], s["direct"]
    m = re.search(r"customer pays\s+\*\*(\d+) instead of (\d+)\*\*\s+\(\+(\d+) %\)", CHANNEL)
    assert m, "the defaults paragraph of section 1b has changed shape"
    assert (float(m[1]), float(m[2])) == (chain["end_price"], direct["end_price"])
    assert float(m[3]) == round(100 * chain["premium_over_direct"])
    m = re.search(r"profit falls from ([\d,]+) to\s+([\d,]+) a month", CHANNEL)
    assert m and (_amount(m[1]), _amount(m[2])) == (direct["maker_profit"], chain["maker_profit"])
    m = re.search(r"only (\d+) units sell\s+instead of (\d+)", CHANNEL)
    assert m and (float(m[1]), float(m[2])) == (chain["quantity"], direct["quantity"])
    m = re.search(r"with `c = 0` two links add (\d+) %", CHANNEL)
    free = channel_summary(100, 1, 0, 2)["premium_over_direct"]
    assert m and float(m[1]) == round(100 * free)


def test_the_channel_formulas_agree_with_the_worked_numbers():
    s = channel_summary(100, 1, 20, np.arange(4))
    line = lambda key: next(ln for ln in CHANNEL.splitlines() if ln.strip().startswith(key))  # noqa: E731
    assert "60, 80, 90, 95" in line("customer's price") and list(s["end_price"]) == [60, 80, 90, 95]
    assert "40, 20, 10, 5" in line("units sold") and list(s["quantity"]) == [40, 20, 10, 5]
    assert "1,600, 800, 400, 200" in line("maker's profit") and list(s["maker_profit"]) == [1600, 800, 400, 200]
    assert list(channel_chain(100, 1, 20, 0).price) == [20, 60]


def test_the_one_off_numbers_are_the_model():
    df = Scenario("one_off_vs_ongoing").data
    m = re.search(r"5 % × 0\.8² = ([\d.]+) % with (\d) touches", ONE_OFF)
    e = after_sales_effect(int(m[2]), 0.05, 0.2, 0.005)
    assert float(m[1]) == pytest.approx(100 * e["churn"])
    m = re.search(r"the subscription overtakes in month (\d+)\. The same subscription with\s+nobody", ONE_OFF)
    assert m and int(m[1]) == df.attrs["break_even_period"]
    assert df.attrs["unserved_break_even"] is None and "never catches up" in ONE_OFF
    assert f"{df.attrs['churn']:.1%}".replace("%", " %") in ONE_OFF


@pytest.mark.parametrize(("group", "preset", "pattern", "value"), [
    ("channel_dependence", "traditional_firm", r"`traditional_firm` \(3 intermediaries: the customer pays (\d+)\)",
     lambda s: s.data["chain"]["end_price"]),
    ("channel_dependence", "internet_direct", r"`internet_direct` \(0 intermediaries: (\d+)\)",
     lambda s: s.data["chain"]["end_price"]),
    ("one_off_vs_ongoing", "saas_startup", r"`saas_startup` \(3 touches: [^)]*break-even in month (\d+)\)",
     lambda s: s.data.attrs["break_even_period"]),
])
def test_the_presets_table_is_the_model(group, preset, pattern, value):
    m = re.search(pattern, DOC)
    assert m, f"the presets table no longer describes {group}/{preset}"
    assert float(m[1]) == value(Scenario(group, preset))
    if preset == "saas_startup":
        assert Scenario(group, "traditional_firm").data.attrs["break_even_period"] is None  # "no break-even"
