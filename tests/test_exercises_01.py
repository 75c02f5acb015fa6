"""Notebook 01, value presentation: the prediction, the one slider target and the case (issue 13)."""

from __future__ import annotations

import pytest

import rolecomp
from rolecomp.exercises import check, declaration, solution


@pytest.fixture(autouse=True)
def english():
    rolecomp.set_language("en")
    yield
    rolecomp.set_language("en")


def test_notebook_01_asks_a_prediction_one_slider_target_and_a_case():
    kinds = [declaration(f"01-{k}").kind for k in (1, 2, 3)]
    assert kinds == ["choice", "slider", "case"]
    assert declaration("01-1").prediction


def test_the_prediction_says_the_indirect_value_multiplies():
    result = check("01-1", "time_saved")
    assert result and "¶16" in result.message and "times the running cost" in result.message
    assert not check("01-1", "conversion_lift")


def test_the_case_needs_the_right_move():
    for wrong in ("quote_page", "demo", "spreadsheet"):
        result = check("01-3", {"choice": wrong, "evidence": "¶18"})
        assert result.status == "wrong", wrong
        assert "evidence is not yet" not in result.message


def test_the_case_needs_need_discovery_as_evidence():
    for evidence in ("¶13", "¶14", "¶16", "¶21", "¶24"):
        result = check("01-3", {"choice": "real_need", "evidence": evidence})
        assert result.status == "wrong" and "evidence is not yet" in result.message, evidence
    assert "traditional sales" in check("01-3", {"choice": "real_need", "evidence": "¶13"}).message
    assert "second difference" in check("01-3", {"choice": "real_need", "evidence": "¶21"}).message


@pytest.mark.parametrize("evidence", ["¶18", "¶11", 18])
def test_the_case_is_right_with_the_need_and_its_passage(evidence):
    result = check("01-3", {"choice": "real_need", "evidence": evidence})
    assert result.correct and "卖钻讲孔" in result.message and "¶11" in result.message


def test_the_spreadsheet_is_not_what_the_article_asks():
    """卖钻讲孔 is need discovery (¶18, ¶11), not a sensitivity analysis."""
    hint = check("01-3", {"choice": "spreadsheet", "evidence": "¶18"}).messages
    assert "need behind the request" in hint["en"] and "需求" in hint["zh"]


def test_the_case_offers_only_verbatim_passages_in_the_articles_order():
    items = declaration("01-3").form.evidence()
    assert [e.paragraphs[0] for e in items] == sorted(e.paragraphs[0] for e in items)
    assert solution("01-3")["evidence"] in [e.key for e in items]
    assert {e.key for e in items} >= {"¶11", "¶18"}


def test_the_case_reads_in_chinese():
    rolecomp.set_language("zh")
    result = check("01-3", {"choice": "需求", "evidence": "第18段"})
    assert result.correct and "需求挖掘" in result.message
