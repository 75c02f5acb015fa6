"""Notebook 06 (putting it together): the cards use the new notebook numbers, one slider target, the
case (06-5) last and judged on choice and evidence apart; who-does-it (06-4) follows ¶39 exactly."""

from __future__ import annotations

import re

import pytest

import rolecomp
from rolecomp.exercises import check, declaration, exercise_ids, solution

IDS = [i for i in exercise_ids() if i.startswith("06-")]
WRONG = {"06-1": "yes", "06-2": 26, "06-3": 0.3, "06-4": {**solution("06-4"), "flyers": "sales"},
         "06-5": {"choice": "value_presentation", "evidence": "¶23"}}
ENGLISH_ID = re.compile(r"value_presentation|one_off_vs_ongoing|channel_dependence|search_ads|one_target|"
                        r"product_changes|\b(flyers|competitors|sales|marketing|operations)\b")


@pytest.fixture(autouse=True)
def english():
    rolecomp.set_language("en")
    yield
    rolecomp.set_language("en")


def test_one_slider_target_and_the_case_last():
    kinds = [declaration(i).kind for i in IDS]
    assert IDS == ["06-1", "06-2", "06-3", "06-4", "06-5"]
    assert kinds.count("slider") == 1 and kinds[-1] == "case"


def test_the_case_is_judged_on_the_choice_then_on_the_evidence():
    assert check("06-5", solution("06-5"))
    wrong_choice = check("06-5", {"choice": "channel_dependence", "evidence": "¶14;¶15;¶17"})
    assert wrong_choice.status == "wrong" and "Not this difference" in wrong_choice.messages["en"]
    wrong_evidence = check("06-5", {"choice": "value_presentation", "evidence": "¶22;¶24"})
    assert wrong_evidence.status == "wrong" and "evidence is not yet" in wrong_evidence.messages["en"]
    assert "依据还不对" in wrong_evidence.messages["zh"]


def test_the_hints_name_the_notebooks_by_their_new_numbers():
    """01 value presentation, 02 one-off vs ongoing, 03 channel dependence, 04 three roles, 05 reach."""
    hint = check("06-5", {"choice": "channel_dependence", "evidence": "¶22"}).messages
    assert "Notebooks 01, 02 and 03 each take one difference" in hint["en"]
    assert "第 01、02、03 本笔记" in hint["zh"]
    right = check("06-5", solution("06-5")).messages
    assert "notebook 01" in right["en"] and "第 01 本笔记" in right["zh"]
    mapping = check("06-4", {**solution("06-4"), "flyers": "sales"}).messages
    assert "notebooks 04 and 05" in mapping["en"] and "第 04、05 本笔记" in mapping["zh"]


def test_only_handing_out_flyers_is_marketing_in_39():
    """¶39 labels flyers as marketing; shouting at the shop door it names only as a traditional way to sell."""
    assert solution("06-4")["flyers"] == "marketing"
    rows = " ".join(label for label, _ in declaration("06-4").form.row_labels("zh"))
    assert "吆喝" not in rows
    shouting = check("06-4", {**solution("06-4"), "店门口吆喝": "marketing"})
    assert shouting.status == "invalid"


@pytest.mark.parametrize("ex", IDS)
def test_chinese_questions_and_feedback_name_no_english_ids(ex):
    form = declaration(ex).form
    texts = [declaration(ex).text("zh"), check(ex, solution(ex)).messages["zh"], check(ex, WRONG[ex]).messages["zh"]]
    if hasattr(form, "choices"):
        texts += [label for label, _ in form.choices("zh")]
    if hasattr(form, "row_labels"):
        texts += [label for label, _ in form.row_labels("zh")]
    if hasattr(form, "card"):
        texts += [form.card["zh"]] + [e.label("zh") for e in form.evidence()]
    for text in texts:
        assert not ENGLISH_ID.search(text), (ex, text)
        assert "探索器" not in text, (ex, text)
