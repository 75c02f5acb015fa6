"""Notebook 02, one-off vs ongoing: one slider target and a case on what the seller does after signing."""

from __future__ import annotations

import pytest

import rolecomp
from rolecomp.exercises import check, declaration, solution


@pytest.fixture(autouse=True)
def english():
    rolecomp.set_language("en")
    yield
    rolecomp.set_language("en")


def test_notebook_02_has_one_slider_target_and_ends_with_a_case():
    kinds = [declaration(f"02-{k}").kind for k in (1, 2, 3, 4)]
    assert kinds.count("slider") == 1 and kinds[-1] == "case"


@pytest.mark.parametrize("wrong", ["next_prospect", "after_sales", "relationship"])
def test_the_case_needs_the_right_move(wrong):
    result = check("02-4", {"choice": wrong, "evidence": "¶21"})
    assert result.status == "wrong" and "¶" in result.message
    assert "evidence is not yet" not in result.message


def test_the_traditional_moves_are_told_why():
    assert "one-hammer" in check("02-4", {"choice": "next_prospect", "evidence": "¶21"}).message
    assert "¶19" in check("02-4", {"choice": "after_sales", "evidence": "¶21"}).message
    assert "¶24" in check("02-4", {"choice": "relationship", "evidence": "¶21"}).message


@pytest.mark.parametrize("evidence,why", [("¶19", "contrast"), ("¶16", "first difference"),
                                          ("¶24", "third difference")])
def test_the_case_needs_the_passage_on_selling_after_signing(evidence, why):
    result = check("02-4", {"choice": "keep_selling", "evidence": evidence})
    assert result.status == "wrong" and "evidence is not yet" in result.message and why in result.message


@pytest.mark.parametrize("evidence", ["¶20", "¶21"])
def test_the_case_is_right_with_keep_selling_and_its_passage(evidence):
    result = check("02-4", {"choice": "keep_selling", "evidence": evidence})
    assert result.correct and "¶20" in result.message and "¶21" in result.message


def test_the_case_offers_the_solutions_passage():
    keys = [e.key for e in declaration("02-4").form.evidence()]
    assert solution("02-4")["evidence"] in keys and len(keys) == len(set(keys))


def test_no_selling_after_signing_never_catches_up_and_says_why():
    result = check("02-3", "never")
    assert result.correct and "10,000" in result.message and "¶19" in result.message
    rolecomp.set_language("zh")
    zh = check("02-3", "never").message
    assert "始终追不上" in zh and "从不" not in zh and "1万" in zh


def test_chinese_uses_months_and_amounts_as_chinese_writes_them():
    rolecomp.set_language("zh")
    assert "第 28 个月" in check("02-2", 3).message
    assert "1.2万" in declaration("02-1").text("zh")
