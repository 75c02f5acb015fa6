"""Notebook 00's exercises: the case 00-3 (lunch in the first week, ¶3–¶8) judged on its choice and its evidence.

The case is answered from the article, not from the data: the three remarks are the round of ¶5,
and ¶4 says why (the jobs look too alike). A right judgement with a passage that answers another
question (¶6, ¶8, ¶31, ¶34) is not right yet, and the hint says what that passage does answer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import rolecomp
from rolecomp.exercises import check, declaration, solution

ARTICLE = Path(__file__).resolve().parents[2] / "shared/source/article_zh.md"
OFFERED = {"¶4", "¶5", "¶6", "¶8", "¶31", "¶34"}


@pytest.fixture(autouse=True)
def english():
    rolecomp.set_language("en")
    yield
    rolecomp.set_language("en")


def test_00_3_is_the_notebooks_case():
    d = declaration("00-3")
    assert d.kind == "case" and not d.prediction
    assert {e.key for e in d.form.evidence()} == OFFERED
    assert [k for k, _ in d.form.options] == ["side_with_sales", "merge", "doubt_operations", "alike"]


@pytest.mark.parametrize("choice", ["side_with_sales", "merge", "doubt_operations"])
@pytest.mark.parametrize("evidence", ["¶4", "¶5", "¶31"])
def test_a_wrong_judgement_is_wrong_whatever_the_evidence(choice, evidence):
    result = check("00-3", {"choice": choice, "evidence": evidence})
    assert result.status == "wrong", result
    assert "¶" in result.messages["en"] and "¶" in result.messages["zh"]


@pytest.mark.parametrize("evidence, says", [("¶6", "why Lin meets three teams"), ("¶8", "caveat"),
                                            ("¶31", "one remark only"), ("¶34", "learn next"),
                                            ("¶4;¶31", "one remark only"), ("¶12", "not among the passages")])
def test_the_right_judgement_with_the_wrong_evidence_is_not_right_yet(evidence, says):
    result = check("00-3", {"choice": "alike", "evidence": evidence})
    assert result.status == "wrong", result
    assert result.messages["en"].startswith("Your judgement is right") and says in result.messages["en"]
    assert result.messages["zh"].startswith("判断是对的")


@pytest.mark.parametrize("evidence", ["¶4", "¶5", "¶4;¶5", "第4段", 5])
def test_the_right_judgement_with_the_right_evidence_is_right(evidence):
    result = check("00-3", {"choice": "alike", "evidence": evidence})
    assert result.correct, result
    assert "04" in result.messages["en"] and "第 04 本" in result.messages["zh"]


def test_the_solution_and_the_answer_in_chinese():
    assert solution("00-3") == {"choice": "alike", "evidence": "¶4"}
    assert check("00-3", {"选择": "别照单全收", "依据": "¶5"}).correct
    assert check("00-3", ("alike", "¶5")).correct


def test_no_message_shows_half_width_punctuation_in_chinese():
    answers = [{"choice": c, "evidence": e} for c in ("side_with_sales", "merge", "doubt_operations", "alike")
               for e in sorted(OFFERED)]
    for answer in answers:
        zh = check("00-3", answer).messages["zh"]
        assert not re.search(r"[\u4e00-\u9fff][,;:!?()]|[,;:!?()][\u4e00-\u9fff]", zh), zh
        assert not re.search(r"[A-Za-z]{3,}", zh.replace("DAU", "")), f"English in a Chinese message: {zh}"


@pytest.mark.skipif(not ARTICLE.is_file(), reason="the article is not here")
def test_the_passages_are_verbatim_and_brief():
    paragraphs = {int(n): body for n, body in
                  re.findall(r"^¶(\d+)\s+(.*)$", ARTICLE.read_text(encoding="utf-8"), flags=re.M)}
    for e in declaration("00-3").form.evidence():
        assert len(e.paragraphs) == 1 and e.quote_zh in paragraphs[e.paragraphs[0]], e
        assert len(e.quote_zh) <= 45
