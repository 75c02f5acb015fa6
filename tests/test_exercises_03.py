"""Notebook 03's exercises: the prediction, the one slider target, the why-question and the hiring case.

Each judge must be able to fail: a wrong choice, a right choice with the wrong evidence, and only the right
choice with the right evidence passes. The case's passages are the article's own words.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

import rolecomp
from rolecomp import exercises
from rolecomp.exercises import check, declaration, exercise_ids, solution

ARTICLE = Path(__file__).resolve().parents[2] / "shared/source/article_zh.md"
IDS = [i for i in exercise_ids() if i.startswith("03-")]
# English ids of the choices, which a Chinese text must never show
ENGLISH_IDS = ("all_round", "relationships", "analyst", "transparent", "banned", "no_contact", "same", "up",
               "down", "intermediaries")


@pytest.fixture(autouse=True)
def english():
    rolecomp.set_language("en")
    yield
    rolecomp.set_language("en")


def test_the_notebook_asks_four_exercises_with_one_slider_and_a_case():
    assert IDS == ["03-1", "03-2", "03-3", "03-4"]
    kinds = [declaration(i).kind for i in IDS]
    assert kinds == ["choice", "slider", "choice", "case"]
    assert declaration("03-1").prediction and declaration("03-1").reveals == "channel_dependence"


# ------------------------------------------------------------------ 03-1, the prediction


def test_adding_a_link_cuts_the_makers_profit():
    assert solution("03-1") == "down"
    right = check("03-1", "down")
    assert right and "800" in right.message and "400" in right.message
    for wrong in ("same", "up", "不变", "上升"):
        result = check("03-1", wrong)
        assert result.status == "wrong", wrong
        assert "box on the right-hand chart" in result.message


def test_the_same_answer_is_told_why_margin_is_not_profit():
    assert "margin times the units sold" in check("03-1", "same").message
    assert "retailer's margin goes to the retailer" in check("03-1", "up").message


# ------------------------------------------------------------------ 03-2, the one slider target


def test_the_slider_target_is_the_fewest_links_under_ten_percent():
    assert solution("03-2") == 4
    assert check("03-2", 4)
    assert check("03-2", 3).status == "wrong" and "right" in check("03-2", 3).message  # missed: more links
    assert check("03-2", 5).status == "wrong" and "back" in check("03-2", 5).message  # met, but not the fewest
    rolecomp.set_language("zh")
    assert "中间环节数" in check("03-2", 3).message and "双重边际化" in check("03-2", 4).message


def test_the_slider_target_agrees_with_the_chart_at_its_defaults():
    """At the defaults the chart tells the article's story: each link, the customer pays more and the
    maker earns less."""
    ex = rolecomp.ChannelDependenceExplorer()
    by = ex.data["by_links"]
    prices, profits = [float(x) for x in by["end_price"]], [float(x) for x in by["maker_profit"]]
    assert all(a > b for a, b in pairwise(profits)), profits
    assert all(a < b for a, b in pairwise(prices)), prices
    chain, direct = ex.data["chain"], ex.data["direct"]
    assert float(chain["end_price"]) > float(direct["end_price"])
    assert float(chain["maker_profit"]) < float(direct["maker_profit"])
    assert float(chain["maker_margin"]) == pytest.approx(float(direct["maker_margin"]))
    k = solution("03-2")
    assert profits[k] / profits[0] < 0.1 <= profits[k - 1] / profits[0]
    ex.close()


class _UnitCost(exercises._SliderTarget):
    """The tolerance of a decimal slider target, on the unit-cost slider (no exercise asks it any more)."""

    group, name, lowest = "channel_dependence", "c", True
    right, missed, room = exercises._msg("right", "right"), exercises._msg("missed", "missed"), exercises._msg(
        "room", "room")

    def _ok(self, c):
        from rolecomp.models.channel_dependence import channel_summary

        p = exercises._params("channel_dependence")
        return float(channel_summary(p["a"], p["b"], c, p["intermediaries"])["premium_over_direct"]) <= 0.35 + 1e-12


def test_a_decimal_slider_target_accepts_anything_up_to_the_exact_threshold():
    """The slider answer (40) and any unit cost from the exact threshold (about 36.4, where the premium is
    35 %) to just under one slider step above it are right: a step further down must miss the target."""
    target = _UnitCost()
    assert target.solve() == 40
    for ok in (40, 38, 36.5, 41, "41"):
        assert target.judge(ok)[0], ok
    for bad in (35, 36, 42, 45, 0):
        assert not target.judge(bad)[0], bad
    assert target.judge(45)[1]["en"] == "room" and target.judge(35)[1]["en"] == "missed"


# ------------------------------------------------------------------ 03-3, why relationships weigh less


def test_the_why_question_wants_the_articles_reason():
    assert solution("03-3") == "transparent"
    assert check("03-3", "transparent") and "¶23" in check("03-3", "transparent").message
    for wrong in ("banned", "no_contact"):
        result = check("03-3", wrong)
        assert result.status == "wrong" and "¶23" in result.message, wrong


# ------------------------------------------------------------------ 03-4, the case


@pytest.mark.parametrize("choice", ["relationships", "analyst"])
@pytest.mark.parametrize("evidence", ["¶11", "¶25", "¶23"])
def test_a_wrong_candidate_fails_whatever_the_evidence(choice, evidence):
    result = check("03-4", {"choice": choice, "evidence": evidence})
    assert result.status == "wrong"
    assert "evidence is not yet" not in result.message


@pytest.mark.parametrize("evidence", ["¶22", "¶23", "¶24"])
def test_the_right_candidate_with_the_wrong_evidence_fails(evidence):
    result = check("03-4", {"choice": "all_round", "evidence": evidence})
    assert result.status == "wrong" and "the evidence is not yet" in result.message, result


@pytest.mark.parametrize("evidence", ["¶10", "¶11", "¶25"])
def test_the_right_candidate_with_the_right_evidence_passes(evidence):
    result = check("03-4", {"choice": "all_round", "evidence": evidence})
    assert result and evidence in result.message
    assert check("03-4", ("丙", evidence))  # a pair, the candidate by its Chinese name


def test_the_solution_is_one_of_the_passages_offered():
    form = declaration("03-4").form
    keys = [e.key for e in form.evidence()]
    assert len(keys) == len(set(keys)), "each passage once"
    assert solution("03-4")["evidence"] in keys
    assert solution("03-4")["choice"] in [k for _, k in form.choices("en")]
    assert [e.paragraphs[0] for e in form.evidence()] == sorted(e.paragraphs[0] for e in form.evidence())


@pytest.mark.skipif(not ARTICLE.is_file(), reason="the article is not here")
def test_the_passages_offered_are_the_articles_words():
    from tests.test_citations import quote_in, read_article

    article = read_article(ARTICLE)
    for e in declaration("03-4").form.evidence():
        assert quote_in(e.quote_zh, article[e.paragraphs[0]]), (e.key, e.quote_zh)


def test_an_unreadable_evidence_gets_a_message():
    result = check("03-4", {"choice": "all_round", "evidence": "the article"})
    assert result.status == "invalid" and "¶24" in result.message


# ------------------------------------------------------------------ Chinese


@pytest.mark.parametrize("ex", ["03-1", "03-2", "03-3", "03-4"])
def test_chinese_texts_show_no_english_ids(ex):
    wrongs = {"03-1": ["same", "up"], "03-2": [3, 5], "03-3": ["banned", "no_contact"],
              "03-4": [{"choice": "relationships", "evidence": "¶23"}, {"choice": "analyst", "evidence": "¶11"},
                       {"choice": "all_round", "evidence": "¶24"}, {"choice": "all_round", "evidence": "¶22"}]}
    rolecomp.set_language("zh")
    texts = [declaration(ex).text("zh"), check(ex, solution(ex)).message]
    texts += [check(ex, w).message for w in wrongs[ex]]
    form = declaration(ex).form
    if hasattr(form, "choices"):
        texts += [label for label, _ in form.choices("zh")]
    if ex == "03-4":
        texts += [form.card["zh"]] + [e.label("zh") for e in form.evidence()]
    for text in texts:
        for word in ENGLISH_IDS:
            assert not re.search(rf"\b{word}\b", text), (ex, word, text)
        assert not re.search(r"[A-Za-z]{3,}", re.sub(r"SaaS|Spengler", "", text)), (ex, text)
