"""rolecomp.check: the documented solution passes, a typical wrong answer gets a hint without the answer.

Also: never a traceback (unknown ids, answers of the wrong type), both languages, the
tolerance of slider targets, and agreement between what ``check`` computes and what the
learner sees in the explorer.
"""

from __future__ import annotations

import math
import re
import weakref
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rolecomp
from rolecomp import _hub, exercises
from rolecomp.data import load_roles
from rolecomp.exercises import CheckResult, check, exercise_ids, question, solution

# A typical wrong answer per exercise: what a learner who guessed or misread the chart would type.
WRONG = {
    "00-1": "up",
    "00-2": 2,
    "00-3": {"choice": "side_with_sales", "evidence": "¶31"},
    "04-1": "sales",
    "04-2": 3,
    "04-3": "savings",
    "04-4": {"尖刀班": "marketing", "炮火覆盖": "sales", "参谋长": "operations"},
    "04-5": {"choice": "marketing", "evidence": "¶30"},
    "03-1": "same",
    "03-2": 3,
    "03-3": "banned",
    "03-4": {"choice": "relationships", "evidence": "¶23"},
    "05-1": "operations",
    "05-2": "stops",
    "05-3": 10,
    "05-4": "a_little",
    "05-5": {"choice": "sales", "evidence": "¶26"},
    "02-1": 2,
    "02-2": 2,
    "02-3": 40,
    "02-4": {"choice": "after_sales", "evidence": "¶19"},
    "01-1": "conversion_lift",
    "01-2": 1,
    "01-3": {"choice": "quote_page", "evidence": "¶13"},
    "06-1": "yes",
    "06-2": 26,
    "06-3": 0.2,
    "06-4": {"flyers": "sales", "search_ads": "operations", "one_target": "sales", "competitors": "marketing",
             "product_changes": "operations"},
    "06-5": {"choice": "channel_dependence", "evidence": "¶22;¶24"},
}
# Words that show a hint points at the explorer or the article rather than being a bare "wrong".
POINTERS = ("slider", "chart", "explorer", "sentence", "scenario", "bar", "¶", "move", "look", "compare",
            "heatmap", "menu", "read")


@pytest.fixture(autouse=True)
def english():
    rolecomp.set_language("en")
    yield
    rolecomp.set_language("en")


def test_every_exercise_has_a_typical_wrong_answer():
    assert sorted(WRONG) == exercise_ids()


@pytest.mark.parametrize("ex", exercise_ids())
def test_the_documented_solution_passes(ex):
    result = check(ex, solution(ex))
    assert isinstance(result, CheckResult)
    assert result and result.correct and result.status == "correct", repr(result)


def _renderings(value) -> tuple[set[str], set[str]]:
    """Ways the answer could be written: (numbers as normalised tokens, words)."""
    numbers, words = set(), set()
    if isinstance(value, dict):
        for v in value.values():
            n, w = _renderings(v)
            numbers |= n
            words |= w
        return numbers, words
    if isinstance(value, str):
        words.add(value)
        roles = load_roles().set_index("role_id")
        if value in roles.index:
            words |= {roles.loc[value, "name_en"], roles.loc[value, "name_zh"]}
        return numbers, words
    x = float(value)
    numbers |= {f"{x:g}", f"{x:,.0f}".replace(",", ""), f"{x:.2f}", f"{x:.3f}"}
    if 0 < abs(x) < 1:
        for pct in (f"{100 * x:g}", f"{100 * x:.0f}", f"{100 * x:.1f}"):
            numbers.add(pct + "%")
    if float(x).is_integer():
        numbers.add(str(int(x)))
    return numbers, words


def _tokens(text: str) -> set[str]:
    """Every number in a text, commas and spaces before % removed ('1,989' -> '1989', '0.5 %' -> '0.5%')."""
    out = set()
    for m in re.finditer(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?(\s?%)?", text):
        out.add(m.group(0).replace(",", "").replace(" ", ""))
        if m.group(1):
            out.add(m.group(0).replace(",", "").replace(" ", "").rstrip("%"))
    return out


@pytest.mark.parametrize("ex", exercise_ids())
def test_a_typical_wrong_answer_gets_a_hint_without_the_answer(ex):
    result = check(ex, WRONG[ex])
    assert not result and result.status == "wrong", repr(result)
    numbers, words = _renderings(solution(ex))
    for lang, hint in result.messages.items():
        assert hint.strip(), f"{ex}: empty hint ({lang})"
        leaked = numbers & _tokens(hint)
        if isinstance(solution(ex), float) and not float(solution(ex)).is_integer():
            leaked |= {n for n in numbers if "." in n and n in hint}
        assert not leaked, f"{ex} ({lang}) hint gives away the answer {leaked}: {hint}"
        for word in words:
            if re.fullmatch(r"[A-Za-z_ ]+", word):
                assert not re.search(rf"\b{re.escape(word)}\b", hint, flags=re.I), (
                    f"{ex} ({lang}) hint names the answer {word!r}: {hint}")
            else:
                assert word not in hint, f"{ex} ({lang}) hint names the answer {word!r}: {hint}"
    assert any(p in result.messages["en"].lower() for p in POINTERS), (
        f"{ex}: the hint should say what to move or where to look: {result.messages['en']}")


@pytest.mark.parametrize("ex", exercise_ids())
def test_unanswered_is_neither_right_nor_an_error(ex):
    for placeholder in (..., None, ""):
        result = check(ex, placeholder)
        assert not result and result.status == "unanswered"
        assert "..." in result.message


GARBAGE = [object(), [1, 2], {"x": 1}, math.nan, math.inf, True, -5, "abc", 1e9, b"bytes", 3 + 4j]


@pytest.mark.parametrize("ex", exercise_ids())
def test_wrong_types_give_a_message_never_a_traceback(ex):
    for answer in GARBAGE:
        result = check(ex, answer)
        assert isinstance(result, CheckResult)
        assert not result, (ex, answer)
        assert result.status in {"invalid", "wrong"}, (ex, answer, result)
        assert result.messages["en"] and result.messages["zh"]
        repr(result)
        result._repr_html_()


def test_unknown_exercise_ids_give_a_message():
    for bad in ("99-9", "4-2", "", None, 42, ("02", 2)):
        result = check(bad, 1)
        assert not result and result.status == "unknown"
        assert "00-1" in result.message
    with pytest.raises(ValueError, match="no exercise"):
        solution("99-9")
    with pytest.raises(ValueError, match="no exercise"):
        question("99-9")


def test_result_displays_in_the_current_language():
    right, wrong = check("02-2", solution("02-2")), check("02-2", 2)
    assert repr(right).startswith("✔ 02-2 Correct!")
    assert repr(wrong).startswith("✘ 02-2 Not yet.")
    html = wrong._repr_html_()
    assert html.startswith("<div") and "After-sales touches" in html
    rolecomp.set_language("zh")
    assert repr(right).startswith("✔ 02-2 正确！")
    assert "售后跟进" in wrong._repr_html_() and "还不对" in repr(wrong)
    assert question("02-2").startswith("打靶练习")


def test_html_escapes_the_learners_input():
    result = check("04-1", "<script>alert(1)</script>")
    assert "<script>" not in result._repr_html_()


def test_percentages_and_fractions_are_both_read():
    assert check("06-3", "15.8%") and check("06-3", 0.16) and check("06-3", 16) and check("06-3", "16 %")
    assert not check("06-3", 0.18)
    # a value outside a slider that ends below 1 is read as a fraction, and the message says how to write one
    outside = exercises._outside("one_off_vs_ongoing", "base_churn", 0.5)
    assert outside is not None and not outside[0] and "fraction" in outside[1]["en"]
    assert check("02-2", 5).status == "wrong" and "outside" in check("02-2", 5).message  # 5 touches: off the slider


def test_choices_and_roles_accept_chinese_and_any_case():
    assert check("00-1", " Down ") and check("00-1", "下降")
    assert check("04-1", "Marketing") and check("04-1", "市场")
    assert check("04-3", "销售")
    assert check("02-3", "Never") and check("02-3", "从不")
    assert check("06-1", "NO") and check("06-1", "不会")
    assert check("04-4", {"spearhead squad": "销售", "artillery cover": "市场", "chief of staff": "运营"})


def test_dict_answers_say_what_is_missing():
    result = check("04-4", {"尖刀班": "sales"})
    assert result.status == "invalid" and "炮火覆盖" in result.message


# ------------------------------------------------------------------ check agrees with the explorers


def _last(df):
    return df[df.week == df.week.max()].set_index("role")


def test_channel_answers_match_the_channel_explorer():
    ex = rolecomp.ChannelDependenceExplorer()
    n = solution("00-2")
    assert float(ex.set(intermediaries=n).data["chain"]["end_price"]) > 92
    assert float(ex.set(intermediaries=n - 1).data["chain"]["end_price"]) <= 92
    ex.reset()
    k = solution("03-2")
    profit = ex.data["by_links"]["maker_profit"]
    assert profit[k] / profit[0] < 0.1 <= profit[k - 1] / profit[0]
    ex.load_preset("traditional_firm")
    before = float(ex.data["chain"]["end_price"])
    after = float(ex.set(intermediaries=1).data["chain"]["end_price"])
    assert 1 - after / before == pytest.approx(solution("06-3"), abs=0.001)


def test_reach_answers_match_the_reach_explorer():
    ex = rolecomp.ReachExplorer()
    last = _last(ex.data)
    assert last.customers.idxmax() == solution("05-1")
    stop = ex.load_preset("ads_stop").data
    ads = stop[stop.role == "marketing"].set_index("week").new_customers
    k = int(exercises._params("reach", "ads_stop")["ad_weeks"])
    assert 0.1 < ads[k + 4] / ads[k] < 0.9 and solution("05-2") == "carries_on"  # fading, not gone at once
    ex.reset()
    reps = solution("05-3")
    last = _last(ex.set(reps=reps).data)
    assert last.loc["sales", "customers"] >= last.loc["marketing", "customers"]
    last = _last(ex.set(reps=reps - 1).data)
    assert last.loc["sales", "customers"] < last.loc["marketing", "customers"]

    ex.load_preset("two_years")  # as 05-4 asks
    before = _last(ex.data).loc["operations", "customers"]
    retention = exercises._params("reach", "two_years")["retention"]
    after = _last(ex.set(retention=round(retention + 0.03, 2)).data).loc["operations", "customers"]
    assert solution("05-4") == ("twice" if after / before >= 1.6 else "a_third" if after / before >= 1.15
                                else "a_little")

    trad = _last(ex.load_preset("traditional_firm").data)
    target = trad.loc["sales", "customers"] + trad.loc["marketing", "customers"]
    assert trad.loc["operations", "customers"] == 0  # the traditional firm has no operations role (¶6)
    ex.load_preset("internet_startup")
    assert (_last(ex.data).loc["operations", "customers"] > target) == (solution("06-1") == "yes")
    weeks = solution("06-2")
    assert _last(ex.set(weeks=weeks).data).loc["operations", "customers"] >= target
    assert _last(ex.set(weeks=weeks - 1).data).loc["operations", "customers"] < target


def test_reach_questions_follow_the_horizon_of_the_data():
    """The questions name the horizon the explorer starts at, not a number typed into them."""
    from rolecomp.scenario import Scenario

    weeks = Scenario("reach").parameters["weeks"]
    for ex in ("05-1", "05-3", "06-1"):
        assert f"{weeks} weeks" in question(ex) or f"{weeks} 周" in question(ex), ex


def test_revenue_answers_match_the_revenue_explorer():
    ex = rolecomp.OneOffVsOngoingExplorer()
    month = ex.data.attrs["break_even_period"]
    assert math.ceil(month / 12) == solution("02-1")
    touches = solution("02-2")
    assert ex.set(touches=touches).data.attrs["break_even_period"] <= 30
    later = ex.set(touches=touches - 1).data.attrs["break_even_period"]
    assert later is None or later > 30
    ex.load_preset("traditional_firm")
    assert (ex.data.attrs["break_even_period"] is None) == (solution("02-3") == "never")


def test_value_answers_match_the_value_explorer():
    ex = rolecomp.ValuePresentationExplorer()
    comps = ex.data["components"].set_index("component")["value"]
    assert comps["direct_revenue"] == 0
    assert comps[["time_saved", "conversion_lift"]].idxmax() == solution("01-1")
    ex.load_preset("conservative")
    h = solution("01-2")
    assert ex.set(hours_saved=h).data["npv"] > 0
    assert ex.set(hours_saved=h - 0.5).data["npv"] <= 0


def test_profile_answers_match_the_role_profile():
    table = rolecomp.ThreeRolesExplorer().data
    assert table["reach_breadth"].idxmax() == solution("04-1")
    assert int(table.loc["operations"].isna().sum()) == solution("04-2")


def test_a_failing_model_gives_a_message_not_a_traceback(monkeypatch):
    import rolecomp.models.one_off_vs_ongoing

    def broken(*args, **kwargs):
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(rolecomp.models.one_off_vs_ongoing, "revenue_streams", broken)
    result = check("02-2", 3)
    assert result.status == "invalid" and "broken on purpose" in result.message


def test_unanswered_prompts_are_hidden_when_presenting_with_voila(monkeypatch):
    from rolecomp.exercises import check

    shown = check("01-1", ...)._repr_html_()
    assert "01-1" in shown
    monkeypatch.setenv("VOILA_KERNEL_ID", "some-kernel")  # set by Voila in the kernels it starts
    assert check("01-1", ...)._repr_html_() == ""
    assert "01-1" in check("01-1", "time_saved")._repr_html_()  # an answered check still shows


# ------------------------------------------------------------------ answers typed the way people type them


@pytest.fixture
def no_live_explorers(monkeypatch):
    """Switching the language redraws every live explorer (earlier tests made some): not needed here."""
    monkeypatch.setattr(_hub, "_live", weakref.WeakSet())


_FULL_WIDTH = {i: i + 0xFEE0 for i in range(0x21, 0x7F)}  # what a Chinese IME in full-width mode types


def _full_width(text: str) -> str:
    return text.translate(_FULL_WIDTH)


def _numeric_exercises(never: bool = False) -> list[str]:
    """Exercises whose answer is a number (with ``never``: or the word "never")."""
    return [ex for ex in exercise_ids()
            if (isinstance(solution(ex), (int, float)) and not isinstance(solution(ex), bool))
            or (never and solution(ex) == "never")]


def _reads_like_a_native(zh: str) -> None:
    """Chinese messages use full-width punctuation next to Chinese text, and no exception names."""
    assert re.search(r"[\u4e00-\u9fff]", zh), zh
    assert not re.search(r"[\u4e00-\u9fff][,;:!?()]|[,;:!?()][\u4e00-\u9fff]", zh), f"half-width punctuation: {zh}"


@pytest.mark.parametrize(("typed", "value", "percent"), [
    ("40,8%", 40.8, True),            # the issue: a decimal comma
    ("0,5%", 0.5, True),              # the issue: was read as 5 %
    ("０．００５", 0.005, False),      # the issue: full-width digits and point
    ("３％", 3.0, True),
    ("４０，８％", 40.8, True),        # full-width comma is a decimal comma too
    ("0,005", 0.005, False),          # a leading 0 is never a thousands group
    ("3,50", 3.5, False),
    ("1,2345", 1.2345, False),
    ("1,234", 1234.0, False),         # the documented choice: one group of three digits is thousands
    ("1,234,567", 1234567.0, False),
    ("12,345.5", 12345.5, False),
    ("1 234 567", 1234567.0, False),  # space-separated thousands
    ("1\u202f234,5", 1234.5, False),  # narrow no-break space, then a decimal comma
    ("\u3000０.５\u3000", 0.5, False),  # ideographic spaces around
    ("0。5", 0.5, False),             # ideographic full stop between digits: a decimal point
    ("40.8%。", 40.8, True),          # a full stop at the end of the answer
    ("3 %", 3.0, True),
    ("3 percent", 3.0, True),
    ("百分之40.8", 40.8, True),
    ("\u22125", -5.0, False),         # minus sign U+2212
    ("- 5", -5.0, False),
    (".5", 0.5, False),
    ("5.", 5.0, False),
    ("1e3", 1000.0, False),
    ("\u200b0.5", 0.5, False),        # a zero-width space pasted in
    (0.5, 0.5, False),
    (3, 3.0, False),
    (np.float64(0.25), 0.25, False),
    (np.float32(0.25), 0.25, False),
    (np.int64(3), 3.0, False),
    (np.array(0.25), 0.25, False),    # 0-d arrays, e.g. from np.round
    (Decimal("0.25"), 0.25, False),
    (Fraction(1, 4), 0.25, False),
])
def test_read_number_reads_what_people_type(typed, value, percent):
    assert exercises.read_number(typed) == (pytest.approx(value), percent)


class _BrokenRepr:
    def __repr__(self):
        raise RuntimeError("broken __repr__")

    __str__ = __repr__


class _BrokenNumber(float):
    """A float subclass whose conversion and display both fail."""

    def __float__(self):
        raise RuntimeError("broken __float__")

    def __repr__(self):
        raise RuntimeError("broken __repr__")

    __str__ = __repr__


class _BrokenMapping(dict):
    def items(self):
        raise RuntimeError("broken items()")

    def __repr__(self):
        raise RuntimeError("broken __repr__")


# (answer, words the English message must contain, words the Chinese one must contain)
REFUSED = [
    (10**400, "too large", "太大"),
    (10**5000, "too large", "太大"),  # too long even to print
    (-(10**400), "below zero", "负数"),
    (1e16, "too large", "太大"),
    (math.inf, "too large", "太大"),
    (-math.inf, "below zero", "负数"),
    (np.float64("inf"), "too large", "太大"),
    ("1e999", "too large", "太大"),
    ("inf", "too large", "太大"),
    ("-Infinity", "below zero", "负数"),
    ("nan", "NaN", "非数值"),
    (math.nan, "NaN", "非数值"),
    (Decimal("NaN"), "NaN", "非数值"),
    (True, "True and False", "True 和 False"),
    (False, "True and False", "True 和 False"),
    (np.bool_(True), "True and False", "True 和 False"),
    (None, "expects a number", "要填一个数"),
    ([0.5], "expects a number", "要填一个数"),
    ({"x": 1}, "expects a number", "要填一个数"),
    (b"0.5", "expects a number", "要填一个数"),
    (3 + 4j, "expects a number", "要填一个数"),
    (np.array([0.5, 0.6]), "expects a number", "要填一个数"),
    (_BrokenRepr(), "expects a number", "要填一个数"),
    (_BrokenNumber(1.0), "could not be read", "无法读取"),
    ("abc", "expects a number", "要填一个数"),
    ("1 2", "expects a number", "要填一个数"),
    ("1_000", "expects a number", "要填一个数"),
    ("10²", "expects a number", "要填一个数"),  # NFKC would turn it into 102
    ("1,23,456", "commas", "逗号"),
    ("1.234,5", "commas", "逗号"),
    ("1,2,3", "commas", "逗号"),
    ("三", "digits", "阿拉伯数字"),
    ("百分之四十", "digits", "阿拉伯数字"),
]

_HUGE = [r for r in REFUSED if r[1] in {"too large", "below zero", "NaN"}]


def _ids(cases) -> list[str]:
    return [f"{i}-{type(answer).__name__}" for i, (answer, _, _) in enumerate(cases)]


@pytest.mark.parametrize(("answer", "en", "zh"), REFUSED, ids=_ids(REFUSED))
def test_read_number_refuses_with_a_plain_message_in_both_languages(answer, en, zh):
    with pytest.raises(exercises.AnswerError) as info:
        exercises.read_number(answer)
    messages = info.value.messages
    assert en in messages["en"], messages["en"]
    assert zh in messages["zh"], messages["zh"]
    _reads_like_a_native(messages["zh"])
    for text in messages.values():
        assert "Overflow" not in text and "Traceback" not in text and len(text) < 300, text
    assert isinstance(info.value, ValueError)  # so callers that only know ValueError still catch it


# Text made of what numbers are typed with, in ASCII and full width, plus anything at all.
_NUMBERISH = (st.text(alphabet="0123456789０１２３４５６７８９.,，．。%％ \u3000+-−eE百分之三", max_size=12)
              | st.text(max_size=12))


@settings(max_examples=300, deadline=None)
@given(_NUMBERISH)
def test_any_text_is_a_number_or_a_plain_message(text):
    try:
        value, percent = exercises.read_number(text)
    except exercises.AnswerError as exc:
        assert exc.messages["en"] and exc.messages["zh"]
    else:
        assert math.isfinite(value) and abs(value) <= 1e15 and isinstance(percent, bool)


def test_the_issues_answers_are_read_as_meant():
    assert check("06-3", "15,8%"), check("06-3", "15,8%")
    assert check("06-3", "１５．８％") and check("06-3", "15,8") and check("06-3", "百分之15.8")
    assert check("06-3", "0,158") and check("06-3", "０．１５８") and check("06-3", "0。158")
    result = check("06-3", "0,5%")  # a wrong answer, read as 0.5 %, not 5 %
    assert result.status == "wrong" and "more than 0.5%" in result.message, result
    assert check("01-2", "1,000").status == "wrong"  # read as a thousand, not refused


@pytest.mark.parametrize("ex", exercise_ids())
def test_answers_typed_in_full_width_are_right(ex):
    sol = solution(ex)
    if isinstance(sol, dict):
        typed = {_full_width(k) if k.isascii() else k: _full_width(v) for k, v in sol.items()}
    else:
        typed = _full_width(str(sol))
    assert check(ex, typed), (typed, check(ex, typed))
    if isinstance(sol, str):
        assert check(ex, f"\u3000「{sol.upper()}」。"), check(ex, f"\u3000「{sol.upper()}」。")


@pytest.mark.parametrize("ex", _numeric_exercises())
def test_numpy_numbers_are_answers(ex):
    sol = solution(ex)
    for number in (np.float64(sol), np.array(sol)) + ((np.int64(sol),) if isinstance(sol, int) else ()):
        assert check(ex, number), (number, check(ex, number))


@pytest.mark.parametrize("ex", _numeric_exercises(never=True))
@pytest.mark.parametrize(("answer", "en", "zh"), _HUGE, ids=_ids(_HUGE))
def test_huge_and_non_finite_numbers_get_a_plain_message(ex, answer, en, zh):
    result = check(ex, answer)
    assert result.status == "invalid", result
    assert en in result.messages["en"] and zh in result.messages["zh"], result.messages
    for text in result.messages.values():
        assert "Error" not in text and "instructor" not in text and "讲师" not in text, text


def test_plain_messages_show_in_the_current_language(no_live_explorers):
    result = check("06-3", 10**400)
    assert "too large" in repr(result) and "too large" in result._repr_html_()
    rolecomp.set_language("zh")
    assert "太大" in repr(result) and "太大" in result._repr_html_()
    _reads_like_a_native(result.message)


ODD = [*GARBAGE, _BrokenRepr(), _BrokenNumber(1.0), _BrokenMapping(a=1), {_BrokenRepr(): 1},
       np.bool_(False), np.array([1, 2]), np.float64("nan"), 10**400, 10**5000, "x" * 10_000, Decimal("sNaN"),
       bytearray(b"1"), range(3), {1, 2}, Ellipsis.__class__]


@pytest.mark.parametrize("ex", exercise_ids())
def test_odd_answers_get_the_learner_a_message_never_a_traceback(ex):
    for answer in ODD:
        result = check(ex, answer)
        assert isinstance(result, CheckResult)
        assert not result, (ex, answer)
        assert result.status in {"invalid", "wrong", "unanswered"}, (ex, result)
        for lang in ("en", "zh"):
            text = result.messages[lang]
            assert text and len(text) < 600, (ex, lang, text)
            # the catch-all "ask your instructor, check the data" is for broken data, not odd answers
            assert "check-data" not in text, (ex, lang, text)
        repr(result)
        result._repr_html_()


def test_dots_and_blanks_of_any_width_are_unanswered():
    for placeholder in ("…", "……", "。。。", "\u3000", " ... "):
        assert check("02-2", placeholder).status == "unanswered", placeholder


def test_broken_exercise_ids_give_a_message():
    result = check(_BrokenRepr(), 1)
    assert result.status == "unknown" and "00-1" in result.message
    assert check("０２-２", solution("02-2")), "full-width exercise ids are found too"


def test_long_answers_are_quoted_short():
    result = check("02-2", "x" * 10_000)
    assert result.status == "invalid" and len(result.messages["en"]) < 300


def test_choice_messages_read_right_in_chinese(no_live_explorers):
    result = check("00-1", 5)
    assert result.status == "invalid"
    _reads_like_a_native(result.messages["zh"])
    assert "'上升'、'下降'、'不变'" in result.messages["zh"] and "'up'" not in result.messages["zh"]
    bad = [check("06-4", {"flyers": "sales"}), check("04-1", "boss"), check("02-3", "soon")]
    assert [b.status for b in bad] == ["invalid"] * 3, bad
    rolecomp.set_language("zh")
    for b in bad:
        _reads_like_a_native(b.message)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_instructor_guide_gives_the_computed_reach_answers(lang):
    """Each edition's INSTRUCTOR.md answer table, for the reach exercises, says what rolecomp.solution computes."""
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[1] / "notebooks" / lang / "INSTRUCTOR.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (05-\d|06-[12]) \|.*\| ([^|]+?) \|$", guide, flags=re.M))
    assert set(rows) == {i for i in exercise_ids() if i.startswith("05-")} | {"06-1", "06-2"}
    for ex, written in rows.items():
        assert written == str(solution(ex)), (ex, written, solution(ex))
