"""Notebook 04's exercises: the ¶31 prediction, the metaphors, and the case of who leads a growth goal.

Each test can fail: a wrong choice, the right choice with the wrong evidence, and both right.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import rolecomp
from rolecomp import exercises
from rolecomp.exercises import check, declaration, solution
from rolecomp.i18n import zh_punct_problems

ARTICLE = Path(__file__).resolve().parents[2] / "shared/source/article_zh.md"
IDS = ("04-1", "04-2", "04-3", "04-4", "04-5")


@pytest.fixture(autouse=True)
def english():
    rolecomp.set_language("en")
    yield
    rolecomp.set_language("en")


def article() -> dict[int, str]:
    if not ARTICLE.is_file():
        pytest.skip(f"article not found at {ARTICLE}")
    text = ARTICLE.read_text(encoding="utf-8")
    return {int(n): body for n, body in re.findall(r"^¶(\d+)\s+(.*)$", text, flags=re.M)}


def test_the_notebook_asks_five_exercises_and_its_main_task_is_a_case():
    kinds = [declaration(i).kind for i in IDS]
    assert kinds == ["role", "number", "choice", "mapping", "case"]
    assert kinds.count("slider") <= 1
    assert declaration("04-1").prediction and declaration("04-3").prediction


# ------------------------------------------------------------------ 04-3: what ¶31 says


@pytest.mark.parametrize("answer", ["savings", "operations"])
def test_a_wrong_prediction_says_why(answer):
    result = check("04-3", answer)
    assert result.status == "wrong" and "¶31" in result.message
    assert "big deals" not in result.message  # a hint, not the answer


def test_the_right_prediction_ties_31_to_the_complaint_of_5():
    result = check("04-3", "big_deals")
    assert result.correct and "¶5" in result.message and "big deals" in result.message
    assert check("04-3", "销售").correct and check("04-3", "sales").correct


# ------------------------------------------------------------------ 04-4: the three images


def test_the_metaphors_are_read_from_the_data():
    assert solution("04-4") == {"尖刀班": "sales", "炮火覆盖": "marketing", "参谋长": "operations"}
    wrong = check("04-4", {"尖刀班": "marketing", "炮火覆盖": "sales", "参谋长": "operations"})
    assert wrong.status == "wrong" and "1 of 3" in wrong.message


def test_the_metaphors_offer_only_the_three_internet_roles():
    assert declaration("04-4").form.role_ids() == ["sales", "marketing", "operations"]


# ------------------------------------------------------------------ 04-5: the case


def test_the_case_offers_passages_in_the_articles_order_and_not_the_answer_first():
    offered = declaration("04-5").form.evidence()
    numbers = [e.paragraphs[0] for e in offered]
    assert numbers == sorted(numbers) and len(numbers) >= 8
    assert numbers[0] not in exercises._CASE04_EVIDENCE


def test_every_passage_offered_is_verbatim_brief_and_in_its_paragraph():
    paragraphs = article()
    for e in declaration("04-5").form.evidence():
        (n,) = e.paragraphs
        assert e.quote_zh in paragraphs[n], (n, e.quote_zh)
        assert len(e.quote_zh) <= 45, (n, len(e.quote_zh))


@pytest.mark.parametrize("choice", ["sales", "marketing"])
def test_a_wrong_role_is_told_why(choice):
    result = check("04-5", {"choice": choice, "evidence": "¶36"})
    assert result.status == "wrong" and "¶42" in result.message and "inside the product" in result.message
    assert "Operations" not in result.message.split(".")[0]


@pytest.mark.parametrize("evidence", ["¶26", "¶30", "¶31", "¶33", "¶35", "¶39"])
def test_operations_with_the_wrong_passage_is_not_yet_right(evidence):
    result = check("04-5", {"choice": "operations", "evidence": evidence})
    assert result.status == "wrong", evidence
    assert "Operations is right; the evidence is not yet" in result.message
    assert evidence in result.message  # it says what that passage is about


@pytest.mark.parametrize("evidence", ["¶34", "¶36", "¶40", "¶42"])
def test_operations_with_a_passage_that_defends_it_is_right(evidence):
    result = check("04-5", {"choice": "operations", "evidence": evidence})
    assert result.correct, result
    assert evidence in result.message


def test_the_case_reads_chinese_names_and_pairs():
    assert check("04-5", {"choice": "运营", "evidence": "¶40"}).correct
    assert check("04-5", ("operations", "第36段")).correct
    assert check("04-5", {"choice": "运营", "evidence": "¶39"}).status == "wrong"
    bad = check("04-5", {"choice": "operations", "evidence": "the funnel"})
    assert bad.status == "invalid" and "paragraph" in bad.message


def test_the_solution_passes_and_is_one_of_the_passages_offered():
    sol = solution("04-5")
    assert sol["choice"] == "operations"
    assert sol["evidence"] in {e.key for e in declaration("04-5").form.evidence()}
    assert check("04-5", sol).correct


# ------------------------------------------------------------------ Chinese


@pytest.mark.parametrize("answer", [
    ("04-3", "savings"), ("04-3", "big_deals"),
    ("04-4", {"尖刀班": "marketing", "炮火覆盖": "sales", "参谋长": "operations"}),
    ("04-5", {"choice": "marketing", "evidence": "¶30"}), ("04-5", {"choice": "operations", "evidence": "¶39"}),
    ("04-5", {"choice": "operations", "evidence": "¶36"}), ("04-2", 3), ("04-1", "sales"),
])
def test_chinese_feedback_shows_no_english_ids_and_full_width_punctuation(answer):
    rolecomp.set_language("zh")
    message = check(*answer).message
    assert not re.search(r"\b(sales|marketing|operations|savings|big_deals|flyers)\b", message), message
    assert zh_punct_problems(message) == [], message
    assert "探索器" not in message


def test_chinese_card_options_and_questions_read_as_chinese():
    for i in IDS:
        d = declaration(i)
        assert zh_punct_problems(d.text("zh")) == [], i
        if hasattr(d.form, "choices"):
            for label, _key in d.form.choices("zh"):
                assert not re.search(r"[A-Za-z]{3,}", label), (i, label)
    card = declaration("04-5").form.card["zh"]
    assert card.startswith("案例") and "10 万" in card and zh_punct_problems(card) == []
