"""Notebook 05 (reach): the case (05-5) judges the choice and its evidence apart; the predictions and
the one slider target follow the model; Chinese feedback names no English ids."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

import rolecomp
from rolecomp import exercises
from rolecomp.exercises import check, declaration, exercise_ids, solution

ARTICLE = Path(__file__).resolve().parents[2] / "shared/source/article_zh.md"
IDS = [i for i in exercise_ids() if i.startswith("05-")]
ENGLISH_ID = re.compile(r"marketing_and_sales|carries_on|a_little|a_third|\b(sales|marketing|operations|stops|"
                        r"unchanged|twice)\b")


@pytest.fixture(autouse=True)
def english():
    rolecomp.set_language("en")
    yield
    rolecomp.set_language("en")


def _words(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c)[0] in "LN")


def test_the_notebook_asks_five_exercises_one_slider_and_a_case_last():
    assert IDS == ["05-1", "05-2", "05-3", "05-4", "05-5"]
    kinds = [declaration(i).kind for i in IDS]
    assert kinds.count("slider") == 1 and kinds[-1] == "case"
    assert declaration("05-1").prediction and declaration("05-2").prediction and declaration("05-4").prediction


def test_the_case_wants_marketing_and_sales_together_defended_with_31_or_33():
    assert check("05-5", solution("05-5"))
    assert check("05-5", {"choice": "marketing_and_sales", "evidence": "¶33"})
    assert check("05-5", {"choice": "两者配合", "evidence": "第31段"})


@pytest.mark.parametrize("choice", ["sales", "marketing", "operations"])
def test_a_wrong_choice_is_wrong_whatever_the_evidence_and_says_why(choice):
    for evidence in ("¶26", "¶31", "¶33", "¶39"):
        result = check("05-5", {"choice": choice, "evidence": evidence})
        assert result.status == "wrong", (choice, evidence)
        assert "¶" in result.messages["en"] and "¶" in result.messages["zh"]


@pytest.mark.parametrize("evidence", ["¶26", "¶30", "¶39", "¶42", "¶12"])
def test_the_right_choice_with_the_wrong_evidence_is_not_yet_right(evidence):
    result = check("05-5", {"choice": "marketing_and_sales", "evidence": evidence})
    assert result.status == "wrong" and "evidence is not yet" in result.messages["en"]
    assert "依据还不对" in result.messages["zh"]


def test_every_passage_offered_is_in_its_paragraph_and_brief():
    if not ARTICLE.is_file():
        pytest.skip("article not found")
    paragraphs = {int(n): body for n, body in
                  re.findall(r"^¶(\d+)\s+(.*)$", ARTICLE.read_text(encoding="utf-8"), flags=re.M)}
    offered = declaration("05-5").form.evidence()
    assert len({e.key for e in offered}) == len(offered)  # one button per passage
    for e in offered:
        assert len(e.paragraphs) == 1 and len(e.quote_zh) <= 45
        assert _words(e.quote_zh) in _words(paragraphs[e.paragraphs[0]]), e
        assert not re.search(r"[\u4e00-\u9fff][,;:]", e.label("zh")), e.label("zh")


def test_the_second_prediction_follows_the_carry_over():
    assert solution("05-2") == "carries_on"
    df = exercises._scenario("reach", "ads_stop", carryover=0.0).data
    mkt = df[df.role == "marketing"].set_index("week").new_customers
    k = int(exercises._params("reach", "ads_stop")["ad_weeks"])
    assert mkt[k + 4] < 0.1 * mkt[k]  # without carry-over the line would go flat at once
    assert check("05-2", "stops").status == "wrong" and check("05-2", "unchanged").status == "wrong"


def test_compounding_is_found_not_announced_in_the_question():
    assert solution("05-4") == "twice"
    for lang in ("en", "zh"):
        text = declaration("05-4").text(lang)
        assert "compound" not in text.lower() and "复利" not in text
    assert check("05-4", "a_little").status == "wrong" and check("05-4", "a_third").status == "wrong"


@pytest.mark.parametrize("ex", IDS)
def test_chinese_questions_and_feedback_name_no_english_ids(ex):
    form = declaration(ex).form
    wrong = {"05-1": "sales", "05-2": "stops", "05-3": 5, "05-4": "a_little",
             "05-5": {"choice": "sales", "evidence": "¶26"}}[ex]
    texts = [declaration(ex).text("zh"), check(ex, solution(ex)).messages["zh"], check(ex, wrong).messages["zh"]]
    if hasattr(form, "choices"):
        texts += [label for label, _ in form.choices("zh")]
    if hasattr(form, "card"):
        texts.append(form.card["zh"])
    if ex == "05-5":
        texts += [check(ex, {"choice": c, "evidence": "¶26"}).messages["zh"] for c in ("sales", "marketing",
                                                                                   "operations",
                                                                                   "marketing_and_sales")]
    for text in texts:
        assert not ENGLISH_ID.search(text), (ex, text)
