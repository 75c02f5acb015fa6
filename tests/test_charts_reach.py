"""The reach chart: units on its axes, operations' precision marked as illustrative, natural Chinese.

The article compares precision only for sales and marketing (¶42) and data/attributes.csv leaves
operations' targeting precision empty, so the chart must not draw operations' point like the others.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from matplotlib import colors as mcolors

from rolecomp import charts
from rolecomp.charts.reach import count_text, percent_text
from rolecomp.data import load_attributes
from rolecomp.scenario import Scenario

CJK = "\u3400-\u9fff"


def _axes(fig):
    left, right = fig.axes
    return left, right


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_axis_names_its_unit(lang):
    left, right = _axes(charts.draw("reach", lang=lang))
    units = {"en": (r"\(weeks\)", r"people", r"log scale", r"÷"), "zh": (r"（周）", r"（人）", r"对数坐标", r"÷")}[lang]
    assert re.search(units[0], left.get_xlabel()), left.get_xlabel()
    assert re.search(units[1], left.get_ylabel()), left.get_ylabel()
    assert re.search(units[2], right.get_xlabel()) and re.search(units[3], right.get_ylabel())


def test_all_three_lines_count_customers_won():
    left, _ = _axes(charts.draw("reach"))
    assert "customers won" in left.get_ylabel()
    assert [ln.get_label() for ln in left.lines[:3]] == ["Sales", "Marketing", "Operations"]


def test_operations_precision_is_drawn_as_illustrative_where_the_article_is_silent():
    att = load_attributes().set_index(["role_id", "attribute_id"])
    assert pd.isna(att.loc[("operations", "targeting_precision"), "score"])  # the data: the article is silent
    for lang, word in (("en", "illustrative"), ("zh", "示意")):
        _, right = _axes(charts.draw("reach", lang=lang))
        points = [ln for ln in right.lines if ln.get_linestyle() in ("None", "none", "")]
        faces = [mcolors.to_hex(ln.get_markerfacecolor()) for ln in points]
        assert faces[2] == "#ffffff" and faces[0] != "#ffffff" and faces[1] != "#ffffff"  # ops hollow only
        texts = [t.get_text() for t in right.texts if t.get_visible()]
        assert any(word in t and ("Operations" in t or "运营" in t) for t in texts), texts
        assert any("¶42" in t for t in texts), texts


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_tick_labels_are_plain_text_in_the_readers_numbers(lang):
    fig = charts.draw("reach", lang=lang)
    fig.canvas.draw()
    _, right = _axes(fig)
    xt = [t.get_text() for t in right.get_xticklabels()]
    yt = [t.get_text() for t in right.get_yticklabels()]
    assert not any("$" in t for t in xt + yt), (xt, yt)  # never mathtext
    assert "0.01%" in yt and "100%" in yt
    if lang == "zh":
        assert "100万" in xt and not any(re.search(r"\d[kM]$", t) for t in xt), xt
    else:
        assert "1M" in xt and "10k" in xt


def test_the_horizon_follows_the_scenario():
    for preset, weeks in ((None, 26), ("two_years", 104)):
        fig = charts.draw("reach", scenario=Scenario("reach", preset))
        left, right = _axes(fig)
        assert left.get_xlim()[1] == weeks
        assert f"week {weeks}" in right.get_title(loc="left")


def test_the_sentence_states_the_lines_in_both_languages_without_announcing_compounding():
    en, zh = charts.sentence("reach", "en"), charts.sentence("reach", "zh")
    df = Scenario("reach").data
    last = df[df.week == df.week.max()].set_index("role")
    for role in ("sales", "marketing", "operations"):
        assert count_text(last.loc[role, "customers"]) in en
        assert count_text(last.loc[role, "customers"], "zh") in zh
    assert percent_text(last.loc["sales", "precision"]) in en and "illustrative" in en
    assert "万人" in zh and "示意" in zh  # a million is 100 万, written with its measure word
    assert not re.search(rf"[{CJK}][,;:()]|[,;:()][{CJK}]", zh), zh  # full-width punctuation
    for word in ("compound", "grow", "accelerat"):
        assert word not in en.lower()
    assert "复利" not in zh and "增长" not in zh


@pytest.mark.parametrize("preset", [None, "traditional_firm", "internet_startup", "ads_stop", "two_years"])
def test_a_role_with_nobody_reached_is_said_so_and_not_drawn(preset):
    s = Scenario("reach", preset)
    fig = charts.draw("reach", scenario=s)
    _, right = _axes(fig)
    last = s.data[s.data.week == s.data.week.max()].set_index("role")
    points = [ln for ln in right.lines if ln.get_linestyle() in ("None", "none", "")]
    for role, point in zip(("sales", "marketing", "operations"), points, strict=True):
        assert point.get_visible() == bool(last.loc[role, "reached"] > 0), (preset, role)
    en = charts.sentence("reach", "en", s)
    assert "nan" not in en and "inf" not in en.replace("information", "")
