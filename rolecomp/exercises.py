"""The workshop's exercises, checked at once: ``rolecomp.check("02-2", 3)``.

Every notebook asks a *predict, then check* question before the learner touches the sliders
and a *target practice* task (find the slider value that makes something happen).
:func:`check` says at once whether an answer is right; if not, it gives a hint that points at
the explorer (what to move, what to look at) and never the answer itself.

Answers that depend on the data or the models' defaults are **computed when checking**, from
:mod:`rolecomp.data` and :mod:`rolecomp.models`, never typed in here: an instructor who edits
``data/parameters.csv`` or ``data/presets.csv`` gets exercises that still check correctly.
:func:`solution` returns the computed answer (for instructors and tests).

Tolerances
----------
* **Slider targets** ("the lowest unit cost at which ..."): an answer is right when it meets the
  target *and one slider step further would not*. So both the slider value and any number
  between it and the exact threshold count (a unit-cost target whose slider answer is 40 and
  whose exact threshold is about 36.4 takes anything from 36.4 to 40). A slider that counts something (links,
  touches a month) wants the count itself. :func:`solution` gives the
  slider value, found by bisection over the slider's values (each target moves one way only
  as its slider moves, which holds for these models).
* **Fractions** may be written as fractions (``0.25``), percentages in a string (``"25%"``)
  or, where the fraction cannot exceed 1, as a percentage number (``25``).
* **Read-off numbers** (``"06-3"``): within 1 percentage point.
* **Choices and roles** are matched case-insensitively, in English or Chinese
  (``"marketing"``, ``"Marketing"``, ``"市场"``).

Reading answers
---------------
Answers are read the way people type them (:func:`read_number`, :func:`normalise_text`):
full-width digits, letters and punctuation from a Chinese input method count as their ASCII
twins (``"４０．８％"`` is ``"40.8%"``); a comma is a thousands separator only in the pattern
``1,234,567`` and a decimal comma otherwise (``"40,8%"``, ``"0,005"``); numpy numbers are
numbers. Anything that cannot be an answer (``True``, ``10**400``, ``nan``, a list where a
number belongs, an object that fails when read) gets a plain message in both languages, never
a traceback.

Examples
--------
>>> check("00-1", "down")
✔ 00-1 Correct! Selling direct, the customer pays 60 instead of 90 (¶24).
>>> bool(check("00-1", "up"))
False
>>> check("06-3", "15,8%").correct  # a decimal comma; "１５．８％" from a Chinese keyboard reads the same
True
>>> print(check("99-9", 1).message)
There is no exercise '99-9'. Exercises: 00-1, 00-2, 00-3, ... (see rolecomp.exercises.exercise_ids()).
"""

from __future__ import annotations

import html
import math
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from numbers import Real
from typing import ClassVar

import numpy as np

from rolecomp.i18n import get_language, zh_number, zh_punct

__all__ = [
    "KINDS",
    "AnswerError",
    "CaseForm",
    "CheckResult",
    "ChoiceForm",
    "Evidence",
    "ExerciseIdError",
    "MappingForm",
    "NumberForm",
    "RoleForm",
    "SliderForm",
    "check",
    "declaration",
    "exercise_ids",
    "normalise_text",
    "question",
    "read_number",
    "solution",
]

_NEVER = "never"


# =============================================================================== results


@dataclass(frozen=True)
class CheckResult:
    """What :func:`check` found: truthy when the answer is right; shows itself in the notebook.

    Attributes
    ----------
    exercise_id : str
    status : {"correct", "wrong", "unanswered", "invalid", "unknown"}
        ``"invalid"``: the answer has the wrong type or cannot be read; ``"unknown"``: no such
        exercise.
    messages : dict
        The message in English (``"en"``) and Chinese (``"zh"``); :attr:`message` picks the
        current language (:func:`rolecomp.get_language`).

    Examples
    --------
    >>> r = check("02-2", 3)
    >>> bool(r), r.status
    (True, 'correct')
    >>> r = check("02-2", "a lot")
    >>> bool(r), r.status
    (False, 'invalid')
    >>> "<div" in r._repr_html_()
    True
    """

    exercise_id: str
    status: str
    messages: dict = field(repr=False)

    @property
    def correct(self) -> bool:
        """True when the answer is right."""
        return self.status == "correct"

    @property
    def message(self) -> str:
        """The message (explanation or hint) in the current language."""
        return _in_language(self.messages, get_language())

    def __bool__(self) -> bool:
        return self.correct

    def _head(self, lang: str) -> str:
        return _HEADS[self.status][lang]

    def __repr__(self) -> str:
        lang = get_language()
        icon = "✔" if self.correct else "✘"
        head = self._head(lang)
        gap = "" if lang == "zh" else " "  # no space after a full-width mark
        return f"{icon} {self.exercise_id} {head + gap if head else ''}{_in_language(self.messages, lang)}"

    def _repr_html_(self) -> str:
        if self.status == "unanswered" and os.environ.get("VOILA_KERNEL_ID"):
            return ""  # presenting with Voila (code hidden): nobody there can type an answer
        lang = get_language()
        colour, background = _COLOURS[self.status]
        icon = "✔" if self.correct else "✘"
        head = html.escape(self._head(lang))
        return (f"<div style='border-left:5px solid {colour};background:{background};padding:6px 10px;"
                f"margin:4px 0;font-size:1.05em;line-height:1.45'>"
                f"<b style='color:{colour}'>{icon} {html.escape(self.exercise_id)}"
                f"{' ' + head if head else ''}</b> {html.escape(_in_language(self.messages, lang))}</div>")


_HEADS = {
    "correct": {"en": "Correct!", "zh": "正确！"},
    "wrong": {"en": "Not yet.", "zh": "还不对。"},
    "unanswered": {"en": "", "zh": ""},
    "invalid": {"en": "", "zh": ""},
    "unknown": {"en": "", "zh": ""},
}
_COLOURS = {
    "correct": ("#007a5a", "#e6f5ef"),
    "wrong": ("#b35900", "#fff4e0"),
    "unanswered": ("#555555", "#f2f2f2"),
    "invalid": ("#b00020", "#fdecee"),
    "unknown": ("#b00020", "#fdecee"),
}


def _msg(en: str, zh: str) -> dict:
    return {"en": en, "zh": zh}


def _in_language(texts: Mapping[str, str], lang: str) -> str:
    """The text for ``lang``; Chinese gets full-width punctuation (:func:`rolecomp.i18n.zh_punct`).

    Every message and question is shown through here, so the Chinese texts above may be typed
    with ASCII punctuation.

    Examples
    --------
    >>> _in_language(_msg("At 2 %, no.", "月流失率 2% 时,订阅(¶21)太晚了"), "zh")
    '月流失率 2% 时，订阅（¶21）太晚了'
    """
    return zh_punct(texts[lang]) if lang == "zh" else texts[lang]


# =============================================================================== data and models


def _table(group: str):
    from rolecomp.data import parameter_table

    return parameter_table(group)


def _scenario(contrast: str, preset: str | None = None, **over):
    """The contrast's :class:`~rolecomp.scenario.Scenario`: what its explorer shows for the same
    choices (defaults, then the preset the learner picks from the Scenario menu, then sliders)."""
    from rolecomp.scenario import Scenario

    return Scenario(contrast, preset, **over)


def _params(contrast: str, preset: str | None = None, **over) -> dict:
    """Every parameter of ``contrast``'s scenario."""
    return _scenario(contrast, preset, **over).parameters


def _first(grid, ok) -> float | None:
    """Smallest grid value where ``ok`` holds, for ``ok`` false then true along the grid (bisection)."""
    lo, hi = 0, len(grid) - 1
    if not ok(grid[hi]):
        return None
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(grid[mid]):
            hi = mid
        else:
            lo = mid + 1
    return float(grid[lo])


def _last(grid, ok) -> float | None:
    """Largest grid value where ``ok`` holds, for ``ok`` true then false along the grid (bisection)."""
    found = _first(grid[::-1], ok)
    return found


def _grid(group: str, name: str) -> np.ndarray:
    """The values a slider can take (min, min + step, ..., max)."""
    row = _table(group).loc[name]
    lo, hi, step = float(row["min"]), float(row["max"]), float(row["step"])
    n = round((hi - lo) / step)
    return np.round(lo + step * np.arange(n + 1), 10)


def _step(group: str, name: str) -> float:
    return float(_table(group).loc[name, "step"])


def _bounds(group: str, name: str) -> tuple[float, float]:
    row = _table(group).loc[name]
    return float(row["min"]), float(row["max"])


def _label(group: str, name: str, lang: str) -> str:
    """The slider's label as the explorer shows it, e.g. 'Monthly churn'."""
    row = _table(group).loc[name]
    return str(row["label_en"] if lang == "en" else row["label_zh"])


def _labels(group: str, name: str) -> dict:
    return {lang: _label(group, name, lang) for lang in ("en", "zh")}


@cache
def _roles():
    from rolecomp.data import load_roles

    return load_roles()


def _role_name(role_id: str, lang: str) -> str:
    roles = _roles().set_index("role_id")
    return str(roles.loc[role_id, "name_en" if lang == "en" else "name_zh"])


def _scores(attribute: str):
    from rolecomp.data import attribute_matrix

    return attribute_matrix()[attribute]


# =============================================================================== reading answers
#
# Answers arrive as Python objects (0.005, "0.5%", {"尖刀班": "sales"}) and, from a future answer
# widget, as typed text. normalise_text and read_number are pure functions for both; the readers
# below them raise AnswerError, whose message the learner sees in both languages. Messages quote
# an answer through _shown, which never raises and never prints more than a line.


class AnswerError(ValueError):
    """An answer that cannot be read as the kind of answer the exercise expects.

    Attributes
    ----------
    messages : dict
        Why, in English (``"en"``) and Chinese (``"zh"``), for the learner.
    reason : str
        What went wrong, for callers that word it their own way: ``"type"`` (not a number or
        text at all), ``"bool"``, ``"text"`` (text that is no number), ``"digits"`` (a number in
        Chinese characters), ``"comma"``, ``"large"``, ``"nan"``, ``"broken"`` (the object
        failed when read), ``"whole"`` (not a whole number) or ``"choice"``.
    """

    def __init__(self, en: str, zh: str, reason: str = "text"):
        super().__init__(en)
        self.messages = {"en": en, "zh": zh}
        self.reason = reason


class ExerciseIdError(ValueError):
    """An exercise id (or a notebook number) the workshop does not have.

    In a notebook and in Voilà it shows its message, in the workshop's language, instead of a
    traceback: it is the learner's typing, not a fault of the code.

    Attributes
    ----------
    messages : dict
        The message in English (``"en"``) and Chinese (``"zh"``).

    Examples
    --------
    >>> err = ExerciseIdError("There is no exercise '9'.", "没有编号为 '9' 的练习。")
    >>> err._render_traceback_()[-1]
    "ExerciseIdError: There is no exercise '9'."
    """

    def __init__(self, en: str, zh: str):
        super().__init__(en)
        self.messages = {"en": en, "zh": zh}

    def _message(self) -> str:
        from rolecomp.i18n import get_language

        return self.messages.get(get_language(), self.messages["en"])

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback (Voilà, which hides error outputs' text,
        gets it as an ordinary output too, as :class:`rolecomp.RoleDataError` does)."""
        import os

        if os.environ.get("VOILA_KERNEL_ID") and not getattr(self, "_displayed", False):
            self._displayed = True
            try:
                from IPython.display import display

                text = self._message()
                display({"text/plain": text,
                         "text/html": f'<div class="rolecomp-data-error" role="alert" style="border-left:4px '
                                      f'solid #c62828;padding:0.4em 0.8em">{html.escape(text, quote=False)}</div>'},
                        raw=True)
            except Exception:
                pass
        return [f"{type(self).__name__}: {self._message()}"]

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(self._message())


def _kind(answer) -> str:
    """The answer's type, as messages name it ("list", "bytes")."""
    return type(answer).__name__


_KINDS_ZH = {"int": "整数", "int64": "整数", "int32": "整数", "float": "小数", "float64": "小数", "float32": "小数",
             "bool": "布尔值", "bool_": "布尔值", "str": "文字", "list": "列表", "tuple": "元组", "dict": "字典",
             "set": "集合", "frozenset": "集合", "bytes": "字节串", "bytearray": "字节串", "NoneType": "空值",
             "ndarray": "数组", "complex": "复数"}


def _kind_zh(answer, shown: bool = True) -> str:
    """The answer as a Chinese message names it after 不是 / 读取: ``列表 [1, 2]``; a type Chinese has
    no word for keeps its name, spaced from the Chinese before it: `` Decimal 类型的 Decimal('NaN')``.

    Examples
    --------
    >>> "而不是" + _kind_zh([1, 2]) + "。", "而不是" + _kind_zh(range(2), shown=False) + "。"
    ('而不是列表 [1, 2]。', '而不是 range 类型。')
    """
    name = _KINDS_ZH.get(_kind(answer))
    if name is not None:
        return f"{name} {_shown(answer)}" if shown else name
    return f" {_kind(answer)} 类型的 {_shown(answer)}" if shown else f" {_kind(answer)} 类型"


def _shown(answer, limit: int = 40) -> str:
    """The answer as a message quotes it: its repr, cut to ``limit`` characters; never raises.

    Examples
    --------
    >>> _shown("0.5%"), _shown("x" * 100)
    ("'0.5%'", "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'")
    """
    try:
        text = repr(answer)
    except Exception:  # a broken __repr__, or an int too long to print
        return f"<{_kind(answer)}>"
    if len(text) <= limit:
        return text
    close = text[-1] if isinstance(answer, str) else ""  # keep a string's closing quote
    return text[: limit - 1 - len(close)] + "…" + close


def _unreadable(answer, exc: BaseException) -> AnswerError:
    return AnswerError(f"This answer could not be read: {_kind(answer)} {_shown(answer)} failed when read "
                       f"({type(exc).__name__}).",
                       f"无法读取这个答案：读取{_kind_zh(answer)} 时出错"
                       f"（{type(exc).__name__}）。", "broken")


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def normalise_text(text: str) -> str:
    r"""Text as typed, without the differences that do not matter.

    Unicode NFKC turns full-width digits, letters and punctuation (``４０，８％``, ``Ｄｏｗｎ``,
    ``（）``) into ASCII; invisible characters (zero-width spaces, soft hyphens) go; runs of
    spaces of any kind (ideographic U+3000, no-break, thin) become one space; the ends are
    stripped. Chinese punctuation that has no ASCII twin (``。``, ``、``, ``「」``) is kept.

    Examples
    --------
    >>> normalise_text("\u3000４０，８\u2009％ ")
    '40,8 %'
    """
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    return re.sub(r"\s+", " ", text).strip()


#: No answer here comes near; beyond 2**53 (about 9e15) floats no longer hold every whole number.
_LARGEST = 1e15
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})  # the minus sign, and the en dash word processors use
_CJK_NUMERALS = re.compile("[零〇一二两三四五六七八九十百千万亿]")
_PERCENT = (re.compile(r"百分之 ?(.+)"), re.compile(r"(.+?) ?(?:%|percent|per cent|pct)", re.IGNORECASE))
_THOUSANDS_COMMA = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_THOUSANDS_SPACE = re.compile(r"[+-]?[1-9]\d{0,2}(?: \d{3})+(?:[.,]\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?", re.IGNORECASE)


def _too_large(negative: bool) -> AnswerError:
    if negative:
        return AnswerError("That number is too far below zero to be an answer here; the answers are ordinary "
                           "numbers such as 0.25, 3 or 1,200.",
                           "这个负数的绝对值太大，不可能是这里的答案；答案都是 0.25、3、1,200 这样的普通数字。",
                           "large")
    return AnswerError("That number is too large to be an answer here; the answers are ordinary numbers such as "
                       "0.25, 3 or 1,200.",
                       "这个数太大了，不可能是这里的答案；答案都是 0.25、3、1,200 这样的普通数字。", "large")


def _finite(value: float) -> float:
    if math.isnan(value):
        raise AnswerError("NaN (\"not a number\") cannot be checked; write a number such as 0.25 or 3.",
                          "NaN（非数值）无法检查；请填一个数，例如 0.25 或 3。", "nan")
    if not abs(value) <= _LARGEST:
        raise _too_large(value < 0)
    return value


def read_number(answer) -> tuple[float, bool]:
    r"""A number as people type or give it: ``(value, percent)``.

    ``percent`` is True when the answer was written as a percentage: ``"40.8%"`` gives
    ``(40.8, True)``; what a percentage stands for is up to the exercise.

    Text
        * :func:`normalise_text` first: full-width ``４０．８％`` reads as ``40.8%``, ``０，５``
          as ``0,5``. An ideographic full stop between digits (``0。5``) is a decimal point; a
          full stop at the end is dropped; a minus sign (U+2212) or an en dash is a minus.
        * A percentage is marked by ``%`` (``％``), ``percent``, ``per cent`` or ``pct`` after
          the number, or ``百分之`` before it. Numbers in Chinese characters (``三``,
          ``百分之四十``) are refused with a message asking for digits.
        * **Commas.** A comma is a thousands separator only in the pattern ``1,234`` /
          ``12,345,678.5``: one to three digits, not starting with 0, then groups of exactly
          three. Any other single comma is a decimal comma: ``0,5``, ``40,8``, ``3,50``,
          ``0,005``, ``1,2345``. So ``1,234`` is 1234, never 1.234 (no answer here has three
          decimals after a non-zero whole part). Other commas (``1,23,456``, ``1.234,5``) are
          refused rather than guessed.
        * Spaces may stand at either end, after a sign, before the percent mark and between
          groups of three digits (``1 234 567``, ``1 234,5``); ``1 2`` is refused.
    Objects
        Python's real numbers (int, float, Fraction, Decimal), numpy numbers and 0-d numpy
        arrays. ``True`` and ``False`` are refused, although Python counts them as 1 and 0.

    Anything not finite (``inf``, ``nan``, ``"1e999"``) or larger than 10**15 either side of
    zero (``10**400``) is refused with a plain message: no answer here comes near.

    Raises
    ------
    AnswerError
        Why, in both languages (``exc.messages``).

    Examples
    --------
    >>> read_number("40,8%")
    (40.8, True)
    >>> read_number("０．００５"), read_number("0,005"), read_number("1,234,567")
    ((0.005, False), (0.005, False), (1234567.0, False))
    >>> read_number(10**400)
    Traceback (most recent call last):
    ...
    rolecomp.exercises.AnswerError: That number is too large to be an answer here; the answers are ordinary numbers such as 0.25, 3 or 1,200.
    """  # noqa: E501
    if isinstance(answer, str):
        return _number_from_text(answer)
    return _number_from_object(answer), False


def _number_from_object(answer) -> float:
    if isinstance(answer, (bool, np.bool_)):
        raise AnswerError("True and False are not numbers here; write a number such as 0.25 or 3.",
                          "True 和 False 在这里不算数；请填一个数，例如 0.25 或 3。", "bool")
    if isinstance(answer, np.ndarray) and answer.ndim == 0 and answer.dtype.kind in "iuf":
        answer = answer.item()  # e.g. from np.round(x, 3)
    if not isinstance(answer, (Real, Decimal)):  # numpy's numbers are registered as numbers.Real
        raise AnswerError(f"This exercise expects a number, not {_kind(answer)} {_shown(answer)}.",
                          f"这道题要填一个数，而不是{_kind_zh(answer)}。", "type")
    try:
        value = float(answer)
    except OverflowError:  # an int or Fraction beyond any float
        raise _too_large(bool(answer < 0)) from None
    except Exception as exc:  # a number type whose conversion is broken, or Decimal("sNaN")
        raise _unreadable(answer, exc) from None
    return _finite(value)


def _number_from_text(answer: str) -> tuple[float, bool]:
    shown = _shown(answer)
    not_a_number = AnswerError(f"This exercise expects a number, e.g. 0.25 or \"25%\"; {shown} is not one.",
                               f"这道题要填一个数，例如 0.25 或 \"25%\"；{shown} 不是数。", "text")
    if any(unicodedata.category(c) == "No" for c in answer):  # ², ½, ①: NFKC would read 10² as 102
        raise not_a_number
    text = normalise_text(answer).translate(_MINUS)
    text = re.sub(r"(?<=\d)。(?=\d)", ".", text).rstrip("。.")
    percent = False
    for pattern in _PERCENT:
        m = pattern.fullmatch(text)
        if m:
            percent, text = True, m.group(1)
            break
    if _CJK_NUMERALS.search(text):
        raise AnswerError(f"Write the number in digits, e.g. 3 or \"25%\"; {shown} has it in Chinese characters.",
                          f"请用阿拉伯数字填写，例如 3 或 \"25%\"；{shown} 里的数是用汉字写的。", "digits")
    text = re.sub(r"^([+-]) ", r"\1", text)
    if _THOUSANDS_SPACE.fullmatch(text):
        text = text.replace(" ", "")
    if "," in text:
        if _THOUSANDS_COMMA.fullmatch(text):
            text = text.replace(",", "")
        elif _DECIMAL_COMMA.fullmatch(text):
            text = text.replace(",", ".")
        elif re.fullmatch(r"[+-]?[\d.,]+", text):
            raise AnswerError(f"The commas in {shown} can be read more than one way. Write one decimal point "
                              "(0.5 or 0,5) and, if you like, commas between groups of three digits (1,234,567.5).",
                              f"{shown} 里的逗号有不止一种读法。请只写一个小数点（0.5 或 0,5），"
                              "需要的话可以每三位加一个逗号（例如 1,234.5）。", "comma")
        else:
            raise not_a_number
    word = text.lower().lstrip("+-")
    if word in {"inf", "infinity", "∞"}:
        raise _too_large(text.startswith("-"))
    if word == "nan":
        _finite(math.nan)  # raises, with the NaN message
    if not _PLAIN_NUMBER.fullmatch(text):
        raise not_a_number
    return _finite(float(text)), percent


def _number(answer, *, fraction_max: float | None = None) -> float:
    """A real number, read by :func:`read_number`.

    A percentage (``"25%"``) is read as 0.25. With ``fraction_max`` (the answer is a fraction
    that cannot exceed it), a bare ``25`` is read as 0.25 too.
    """
    value, percent = read_number(answer)
    if percent or (fraction_max is not None and fraction_max <= 1 < value <= 100 * fraction_max):
        value /= 100.0
    return value


def _integer(answer) -> int:
    value = _number(answer)
    if abs(value - round(value)) > 1e-9:
        raise AnswerError(f"This exercise expects a whole number, not {_shown(answer)}.",
                          f"这道题要填一个整数，而不是 {_shown(answer)}。", "whole")
    return round(value)


_SEPARATORS = re.compile(r"[\s_\-'\"“”‘’.,!?;:()\[\]「」『』《》〈〉【】。、·]+")


def _norm(text: str) -> str:
    r"""A word or phrase made ready for matching: normalised, case-folded, punctuation and quotes as spaces.

    Examples
    --------
    >>> _norm("\u3000「下降」。"), _norm("Ｇｏｅｓ  Ｄｏｗｎ！"), _norm("conversion_lift")
    ('下降', 'goes down', 'conversion lift')
    """
    return _SEPARATORS.sub(" ", normalise_text(text).casefold()).strip()


def _listed(keys, lang: str) -> str:
    """``'a', 'b', 'c'`` in English, ``'a'、'b'、'c'`` in Chinese."""
    return ("、" if lang == "zh" else ", ").join(f"'{k}'" for k in keys)


_HAN = re.compile(r"[\u3400-\u9fff]")


def _zh_name(key: str, synonyms=()) -> str:
    """What a Chinese message calls an option: the key itself when it is Chinese, else its first Chinese
    synonym (every option the judges read has one: tests/test_chinese_text.py checks it), else the key."""
    return next((s for s in (key, *synonyms) if _HAN.search(s)), key)


def _zh_listed(options: Mapping[str, tuple[str, ...]] | list) -> str:
    """The options as a Chinese message lists them, by their Chinese names: ``'上升'、'下降'、'不变'``.

    Examples
    --------
    >>> _zh_listed(_UPDOWN)
    "'上升'、'下降'、'不变'"
    """
    names = [_zh_name(k, options[k]) for k in options] if isinstance(options, Mapping) else list(options)
    return _listed(names, "zh")


def _choice(answer, options: Mapping[str, tuple[str, ...]]) -> str:
    """One of the options' keys; each option may have synonyms (English or Chinese)."""
    en, zh = _listed(options, "en"), _zh_listed(options)
    if not isinstance(answer, str):
        raise AnswerError(f"This exercise expects one of {en} (text in quotes), not {_kind(answer)} "
                          f"{_shown(answer)}.",
                          f"这道题要填 {zh} 之一（加引号的文字；也可以写选项的英文名），而不是{_kind_zh(answer)}。",
                          "type")
    given = _norm(answer)
    for key, synonyms in options.items():
        if given in {_norm(key), *(_norm(s) for s in synonyms)}:
            return key
    raise AnswerError(f"{_shown(answer)} is not one of the choices: {en}.",
                      f"{_shown(answer)} 不在选项之中。可以写：{zh}（也可以写选项的英文名）。", "choice")


def _role(answer, allowed: tuple[str, ...] | None = None) -> str:
    """A role id from an id, an English or a Chinese name."""
    roles = _roles()
    names = {}
    for r in roles.itertuples():
        for text in (r.role_id, r.name_en, r.name_zh, str(r.role_id).replace("_", " ")):
            names[_norm(str(text))] = str(r.role_id)
    ids = [str(r) for r in roles.role_id if allowed is None or r in allowed]
    en = _listed(ids, "en")
    zh = _zh_listed([str(r.name_zh) for r in roles.itertuples() if str(r.role_id) in ids])
    if not isinstance(answer, str):
        raise AnswerError(f"This exercise expects a role as text, one of {en}; not {_kind(answer)} "
                          f"{_shown(answer)}.",
                          f"这道题要填一个岗位（文字），可选 {zh}（也可以写岗位的英文名）；"
                          f"而不是{_kind_zh(answer)}。", "type")
    role = names.get(_norm(answer))
    if role is None or role not in ids:
        raise AnswerError(f"{_shown(answer)} is not one of the roles here: {en} (or their Chinese names).",
                          f"{_shown(answer)} 不是这里可选的岗位。可以写：{zh}（也可以写岗位的英文名）。", "choice")
    return role


def _int_or_never(answer) -> int | str:
    if isinstance(answer, str) and _norm(answer) in {"never", "no", "none", "not", "从不", "不会", "永远不会",
                                                     "没有", "不", "never catches up"}:
        return _NEVER
    try:
        return _integer(answer)
    except AnswerError as exc:
        if exc.reason not in {"type", "text", "whole"}:  # too large, in Chinese numerals...: that message is better
            raise
        raise AnswerError(f"This exercise expects a whole number or \"never\", not {_shown(answer)}.",
                          f"这道题要填一个整数，或者“永远不会”，而不是 {_shown(answer)}。", exc.reason) from None


def _mapping(answer, keys: Mapping[str, tuple[str, ...]], reader: Callable) -> dict:
    """A dict whose keys are ``keys`` (or one of their synonyms), values read by ``reader``."""
    en, zh = _listed(keys, "en"), _zh_listed(keys)
    if not all(_HAN.search(k) for k in keys):  # the English keys are read too
        zh += "（也可以写英文键名）"
    if not isinstance(answer, Mapping):
        raise AnswerError(f"This exercise expects a dict with the keys {en}, not {_kind(answer)}.",
                          f"这道题要填一个字典（dict），键为 {zh}；而不是{_kind_zh(answer, shown=False)}。", "type")
    lookup = {}
    for key, synonyms in keys.items():
        for s in (key, *synonyms):
            lookup[_norm(s)] = key
    try:
        items = list(answer.items())
    except Exception as exc:  # a Mapping of the learner's own that fails
        raise _unreadable(answer, exc) from None
    out = {}
    for k, v in items:
        key = lookup.get(_norm(k)) if isinstance(k, str) else None
        if key is None:
            raise AnswerError(f"{_shown(k)} is not one of the keys: {en}.",
                              f"{_shown(k)} 不是可用的键。可以写：{zh}。", "choice")
        if v is None or v is Ellipsis:
            continue
        out[key] = reader(v)
    missing = [k for k in keys if k not in out]
    if missing:
        raise AnswerError(f"Give an answer for every key; missing: {_listed(missing, 'en')}.",
                          f"每个键都要作答；还缺：{_zh_listed({k: keys[k] for k in missing})}。", "choice")
    return out


def _is_unanswered(answer) -> bool:
    """``...``, ``None``, or text of nothing but spaces and dots (``"..."``, ``"……"``, ``"。。。"``)."""
    return (answer is None or answer is Ellipsis
            or (isinstance(answer, str) and re.fullmatch(r"[.。]*", normalise_text(answer)) is not None))


# =============================================================================== kinds of answer
#
# Every exercise is one of a few kinds; its form says what an answer looks like, so that the
# answer widgets (rolecomp.answer_widgets) can offer it without typing: buttons for a choice or
# a role, a box for a number, a box with "use the explorer's value" for a slider target, a grid
# of menus for a mapping, a card with choices and an evidence picker for a case. The options
# that come from the data (roles, slider labels, quotes) are read when asked for, so an
# instructor's edited data shows up without a change here.

#: The kinds of exercise, in the order the workshop introduces them.
KINDS = ("choice", "role", "number", "slider", "mapping", "case")

_WORDS = {
    "never": _msg("never", "永远不会"),
    "step": _msg("one slider step", "一格"),
}


def _number_text(value: float) -> str:
    """A number as people write it, without float noise: 0.005, 3, 1200, 40.8.

    Examples
    --------
    >>> _number_text(0.1 + 0.2), _number_text(3.0), _number_text(1e-7)
    ('0.3', '3', '1e-07')
    """
    return f"{float(value):.10g}"


def _label_of(options, key, lang: str) -> str | None:
    for k, labels in options:
        if k == key:
            return _in_language(labels, lang)
    return None


@dataclass(frozen=True)
class ChoiceForm:
    """One of a few options, shown as buttons. ``options``: ``((key, {"en": ..., "zh": ...}), ...)``."""

    options: tuple
    kind: ClassVar[str] = "choice"

    def choices(self, lang: str) -> list[tuple[str, str]]:
        """``[(label, key), ...]`` in ``lang``."""
        return [(_in_language(labels, lang), key) for key, labels in self.options]

    def describe(self, answer, lang: str) -> str:
        """An answer as the learner reads it: the option's label."""
        return _label_of(self.options, answer, lang) or _plain(answer)


@dataclass(frozen=True)
class RoleForm:
    """A role, shown as buttons in the workshop's role colours. ``roles``: the role ids offered,
    in order; None for every role in ``data/roles.csv``."""

    roles: tuple | None = None
    kind: ClassVar[str] = "role"

    def role_ids(self) -> list[str]:
        ids = [str(r) for r in _roles().role_id]
        return [r for r in ids if r in self.roles] if self.roles else ids

    def choices(self, lang: str) -> list[tuple[str, str]]:
        return [(_role_name(r, lang), r) for r in self.role_ids()]

    def describe(self, answer, lang: str) -> str:
        try:
            return _role_name(_role(answer), lang)
        except (AnswerError, KeyError):
            return _plain(answer)


@dataclass(frozen=True)
class NumberForm:
    """A number typed in a box (``3``, ``0.25``, ``25 %``, ``3,5 %``, ``３％`` all read).
    ``unit`` is shown after the box; ``never``: a "never" button as well."""

    unit: dict | None = None
    never: bool = False
    kind: ClassVar[str] = "number"

    def describe(self, answer, lang: str) -> str:
        if answer == _NEVER:
            return _WORDS["never"][lang]
        # as typed ("40,8 %", "0.41"): the unit is beside the box, not part of the answer
        return _number_text(answer) if isinstance(answer, Real) and not isinstance(answer, bool) else _plain(answer)


@dataclass(frozen=True)
class SliderForm:
    """A slider value that hits a target: typed, or taken from the explorer's slider
    (``contrast``'s explorer, control ``name``)."""

    contrast: str
    name: str
    whole: bool = False
    kind: ClassVar[str] = "slider"

    def label(self, lang: str) -> str:
        """The slider's label as the explorer shows it."""
        return _in_language(_labels(self.contrast, self.name), lang)

    @property
    def fraction(self) -> bool:
        """True when the slider shows a fraction as a percentage (``0.005`` as ``0.5%``)."""
        unit = _table(self.contrast).loc[self.name, "unit"]
        return str(unit).startswith("fraction") or str(unit) == "%"

    def text_of(self, value) -> str:
        """A slider value as the box shows it: ``0.5 %`` for a fraction, ``3`` otherwise."""
        if self.whole:
            return str(round(float(value)))
        if self.fraction:
            return f"{float(value) * 100:.10g} %"
        return _number_text(value)

    def describe(self, answer, lang: str) -> str:
        if isinstance(answer, Real) and not isinstance(answer, bool):
            return self.text_of(answer)
        return _plain(answer)


@dataclass(frozen=True)
class MappingForm:
    """Each row (``rows``: ``((key, {"en": ..., "zh": ...}[, short name]), ...)``) matched to a
    role: a grid of role buttons, one row per item."""

    rows: tuple
    roles: tuple | None = None
    kind: ClassVar[str] = "mapping"

    def role_ids(self) -> list[str]:
        return RoleForm(self.roles).role_ids()

    def choices(self, lang: str) -> list[tuple[str, str]]:
        return RoleForm(self.roles).choices(lang)

    def row_labels(self, lang: str) -> list[tuple[str, str]]:
        """``[(label, key), ...]`` in ``lang``."""
        return [(_in_language(labels, lang), key) for key, labels, *_ in self.rows]

    def describe(self, answer, lang: str) -> str:
        """``尖刀班 → Sales; …``: each row by its short name (a row's optional third item)."""
        if not isinstance(answer, Mapping):
            return _plain(answer)
        sep = "；" if lang == "zh" else "; "
        parts = []
        for key, labels, *short in self.rows:
            if answer.get(key):
                name = _in_language(short[0] if short else labels, lang).split(" (")[0].split("（")[0]
                parts.append(f"{name} → {RoleForm().describe(answer[key], lang)}")
        return sep.join(parts)


@dataclass(frozen=True)
class Evidence:
    """A passage of the article a case can be defended with: ``¶N`` and a brief quote."""

    key: str  # the paragraphs as the data writes them, "¶14;¶15;¶17"
    paragraphs: tuple
    quote_zh: str
    quote_en: str
    topic: str  # what the passage is about: a choice key of the case
    role: str = ""  # whose score in the data the quote supports

    def label(self, lang: str) -> str:
        """``¶14, ¶15, ¶17 「…」 (English rendering)``; the quote verbatim, as the article has it."""
        marks = ("、" if lang == "zh" else ", ").join(f"¶{p}" for p in self.paragraphs)
        if lang == "zh":
            return f"{marks}「{self.quote_zh}」"
        return f"{marks} 「{self.quote_zh}」 ({self.quote_en})"


@dataclass(frozen=True)
class CaseForm:
    """A case card (``card``) with one choice (``options``) defended by a passage of the article
    (``evidence()``: the passages offered, read from the data)."""

    card: dict
    options: tuple
    evidence: Callable
    kind: ClassVar[str] = "case"

    def choices(self, lang: str) -> list[tuple[str, str]]:
        return ChoiceForm(self.options).choices(lang)

    def describe(self, answer, lang: str) -> str:
        if not isinstance(answer, Mapping):
            return _plain(answer)
        choice = _label_of(self.options, answer.get("choice"), lang) or _plain(answer.get("choice"))
        marks = sorted(_paragraph_numbers(answer.get("evidence")))
        shown = ("、" if lang == "zh" else ", ").join(f"¶{p}" for p in marks)
        return f"{choice}{'，' if lang == 'zh' else ', '}{shown}" if shown else choice


def _plain(answer) -> str:
    """An answer as text for a message: a string as typed (normalised), anything else shown short."""
    if isinstance(answer, str):
        text = normalise_text(answer)
        return text if len(text) <= 60 else text[:59] + "…"
    return _shown(answer)


def _paragraph_numbers(value) -> set[int]:
    """The paragraph numbers in ``"¶14;¶15"``, ``"15"``, ``15``, ``"第15段"``; empty when none."""
    if isinstance(value, bool):
        return set()
    if isinstance(value, int):
        return {value}
    if not isinstance(value, str):
        return set()
    return {int(n) for n in re.findall(r"\d{1,3}", normalise_text(value))}


def _read_case(answer, keys: Mapping[str, tuple[str, ...]], read_choice: Callable, example: str
               ) -> tuple[str, set[int]]:
    """A case's answer, ``{"choice": ..., "evidence": "¶21"}`` (or a pair), read as (the choice that
    ``read_choice`` makes of it, the paragraph numbers cited); ``keys`` names the keys' spellings."""
    if isinstance(answer, (tuple, list)) and len(answer) == 2:
        answer = {"choice": answer[0], "evidence": answer[1]}
    given = _mapping(answer, keys, lambda v: v)
    choice = read_choice(given["choice"])
    paragraphs = _paragraph_numbers(given["evidence"])
    if not paragraphs or not all(1 <= p <= 43 for p in paragraphs):
        shown = _shown(given["evidence"])
        raise AnswerError(f"The evidence is a paragraph of the article, e.g. \"{example}\"; not {shown}.",
                          f"依据要写文章的段落，例如 \"{example}\"；而不是 {shown}。", "choice")
    return choice, paragraphs


# =============================================================================== exercises


@dataclass(frozen=True)
class _Exercise:
    """An exercise, declared once: its question, its kind of answer, how it is solved and judged.

    ``question`` may hold ``{fields}`` filled from ``facts()`` (numbers that come from the data);
    ``prediction``: a *predict, then check* question, committed with a reason before anything is
    revealed (see :mod:`rolecomp.answer_widgets`); ``reveals``: the contrast whose explorer shows
    the answer (kept blurred on the page until the prediction is committed).
    """

    id: str
    question: dict
    solve: Callable[[], object]
    # judge(answer) -> (True, explanation) or (False, hint); raises AnswerError for unreadable answers
    judge: Callable[[object], tuple[bool, dict]]
    example: str  # how to write an answer, shown when the learner has not answered yet
    form: object = None
    prediction: bool = False
    facts: Callable | None = None
    reveals: str | None = None
    example_zh: str | None = None  # the example in Chinese words (``{'选择': '合并', '依据': '¶6'}``), read alike

    def example_in(self, lang: str) -> str:
        """How to write an answer, as the message in ``lang`` shows it: Chinese messages show Chinese names.

        Examples
        --------
        >>> declaration("04-4").example_in("zh")
        "{'尖刀班': '销售', '炮火覆盖': '销售', '参谋长': '销售'}"
        """
        return self.example_zh if lang == "zh" and self.example_zh is not None else self.example

    @property
    def kind(self) -> str:
        """One of :data:`KINDS`."""
        return self.form.kind

    @property
    def notebook(self) -> str:
        """The notebook that asks it: ``"02"`` for ``"02-2"``."""
        return self.id.split("-")[0]

    def text(self, lang: str) -> str:
        """The question in ``lang``, its numbers filled in from the data."""
        text = _in_language(self.question, lang)
        if self.facts is not None:
            text = text.format(**{k: (v[lang] if isinstance(v, dict) else v) for k, v in self.facts().items()})
        return text


_REGISTRY: dict[str, _Exercise] = {}


def _exercise(id_: str, en: str, zh: str, *, example: str, example_zh: str | None = None, form=None,
              prediction: bool | str = False, facts: Callable | None = None):
    """Declare an exercise. ``prediction``: the contrast whose explorer shows the answer of a
    *predict, then check* question (or True for a prediction no explorer reveals). ``example_zh``:
    ``example`` in Chinese words, for an example that names options (the judge reads both alike)."""
    def wrap(cls):
        inst = cls()
        shape = form
        if shape is None and isinstance(inst, _SliderTarget):
            shape = SliderForm(inst.group, inst.name, inst.whole)
        if shape is None:
            raise TypeError(f"exercise {id_} declares no form (one of {', '.join(KINDS)})")
        reveals = prediction if isinstance(prediction, str) else None
        _REGISTRY[id_] = _Exercise(id_, _msg(en, zh), inst.solve, inst.judge, example, shape, bool(prediction), facts,
                                   reveals, example_zh)
        return cls
    return wrap


def _no_solution() -> tuple[bool, dict]:
    return False, _msg("With the current data no slider setting reaches this target (was data/parameters.csv "
                       "changed?). Ask your instructor.",
                       "按当前数据，没有哪个滑块位置能达到这个目标（是否改过 data/parameters.csv？）。请问讲师。")


def _outside(group: str, name: str, value: float) -> tuple[bool, dict] | None:
    lo, hi = _bounds(group, name)
    if lo - 1e-9 <= value <= hi + 1e-9:
        return None
    lab = _labels(group, name)
    en = f"{value:g} is outside the range of the '{lab['en']}' slider ({lo:g} to {hi:g})."
    zh = f"{value:g} 超出了“{lab['zh']}”滑块的范围（{lo:g} 到 {hi:g}）。"
    if hi <= 1:
        en += " Write a fraction: 0.02 for 2 %, or the string \"2%\"."
        zh += "请写成小数：2% 写作 0.02，或写成字符串 \"2%\"。"
    return False, _msg(en, zh)


class _SliderTarget:
    """A *target practice* exercise: the highest or lowest slider value that still meets a target.

    A subclass names its slider (``group``, ``name``), the direction (``lowest``), the target
    (:meth:`_ok`) and its wording: the messages ``right``, ``missed`` (the target is missed) and
    ``room`` (met, but the slider can go further), each ``{"en": ..., "zh": ...}`` formatted with
    ``v`` (the answer), ``lab`` (the slider's label) and the fields of :meth:`_facts`; a field
    given per language (a ``_msg`` dict) is filled in per language. Reading, range checks, the
    solution (bisection over the slider's values) and the tolerance are shared: a decimal answer
    is right when it meets the target and one slider step further does not (or that step is off
    the slider); a count (``whole``) must be the solution itself.
    """

    group: str
    name: str
    lowest: bool  # True: the lowest slider value that meets the target; False: the highest
    whole = False  # the slider counts something: the answer is a whole number
    fraction = True  # on a slider ending at or below 1, read "25%" and 25 as 0.25
    right: dict
    missed: dict
    room: dict

    def _ok(self, v) -> bool:
        """True when the slider at ``v`` meets the target."""
        raise NotImplementedError

    def _misses(self, v) -> bool:
        """True when a wrong ``v`` gets the ``missed`` hint (else ``room``)."""
        return not self._ok(v)

    def _facts(self, v, right: bool) -> dict:
        """The fields the messages show at ``v`` (``right``: for the ``right`` message)."""
        return {}

    def _further(self, v):
        """One slider step further, towards missing the target."""
        step = _step(self.group, self.name)
        return v - step if self.lowest else v + step

    def _on_slider(self, v) -> bool:
        lo, hi = _bounds(self.group, self.name)
        return lo - 1e-9 <= v <= hi + 1e-9

    def solve(self):
        grid = _grid(self.group, self.name)
        find = _first if self.lowest else _last
        if self.whole:
            found = find(grid, lambda v: self._ok(int(v)))
            return None if found is None else int(found)
        return find(grid, self._ok)

    def _read(self, answer):
        if self.whole:
            return _integer(answer)
        return _number(answer, fraction_max=_bounds(self.group, self.name)[1] if self.fraction else None)

    def _best(self, v, sol) -> bool:
        if self.whole:
            return v == sol
        nxt = self._further(v)
        return self._ok(v) and (not self._on_slider(nxt) or not self._ok(nxt))

    def judge(self, answer):
        v = self._read(answer)
        bad = _outside(self.group, self.name, v)
        if bad:
            return bad
        sol = self.solve()
        if sol is None:
            return _no_solution()
        right = self._best(v, sol)
        message = self.right if right else self.missed if self._misses(v) else self.room
        fields = {"v": v, "lab": _labels(self.group, self.name), **self._facts(v, right)}
        return right, {lang: text.format(**{k: f[lang] if isinstance(f, dict) else f for k, f in fields.items()})
                       for lang, text in message.items()}


_UPDOWN = {
    "up": ("higher", "rises", "rise", "increase", "increases", "goes up", "go up", "more", "上升", "升高", "变高",
           "提高", "增加", "上涨", "涨", "升", "高"),
    "down": ("lower", "falls", "fall", "decrease", "decreases", "goes down", "go down", "less", "下降", "降低",
             "变低", "减少", "下跌", "降", "低"),
    "same": ("stays the same", "stay the same", "unchanged", "no change", "equal", "不变", "一样", "相同", "持平"),
}


# ------------------------------------------------------------------------------- 00 start here

_PRICE_TARGET = 92.0


def _end_price(n, **over):
    return _scenario("channel_dependence", intermediaries=n, **over).data["chain"]["end_price"]


_UPDOWN_FORM = ChoiceForm((("up", _msg("Goes up", "上升")), ("down", _msg("Goes down", "下降")),
                           ("same", _msg("Stays the same", "不变"))))


@_exercise("00-1",
           "Predict: the default chain is maker → distributor → retailer, and each middle link adds a markup to "
           "the price it paid. If the maker sold direct, with no middle links, would the price the customer "
           "pays go up, go down or stay the same?",
           "预测：默认的链条是 厂商 → 经销商 → 零售商，每个中间环节都在进价上加价。如果厂商直接卖给客户、"
           "没有中间环节，客户支付的价格会上升、下降，还是不变？",
           example='"same"', example_zh='"不变"', form=_UPDOWN_FORM, prediction="channel_dependence")
class _E00_1:
    def solve(self):
        n = _params("channel_dependence")["intermediaries"]
        direct, chain = float(_end_price(0)), float(_end_price(n))
        return "same" if math.isclose(direct, chain) else ("down" if direct < chain else "up")

    def judge(self, answer):
        given = _choice(answer, _UPDOWN)
        n = _params("channel_dependence")["intermediaries"]
        direct, chain = float(_end_price(0)), float(_end_price(n))
        if given == self.solve():
            return True, _msg(f"Selling direct, the customer pays {direct:,.0f} instead of {chain:,.0f} (¶24).",
                              f"直接销售时，客户支付 {direct:,.0f}，而不是 {chain:,.0f}（¶24）。")
        lab = _labels("channel_dependence", "intermediaries")
        return False, _msg(f"Think of what every middle link adds to the price it paid (¶24). Then set the "
                           f"'{lab['en']}' slider to its lowest value and compare the numbers on top of the bars.",
                           f"想一想每个中间环节会在进价上加些什么（¶24）。再把“{lab['zh']}”滑块拉到最小，"
                           f"比较柱子顶上的数字。")


@_exercise("00-2",
           "Target practice: with the default demand and cost, what is the smallest number of intermediaries at "
           "which the customer pays more than 92 per unit? Move the slider and read the number on top of the "
           "right-hand bar.",
           "打靶练习：在默认的需求和成本下，中间环节最少要有几个，客户每件支付的价格才超过 92？"
           "拖动滑块，读右边柱子顶上的数字。",
           example="4")
class _E00_2(_SliderTarget):
    group, name, lowest, whole = "channel_dependence", "intermediaries", True, True
    right = _msg("With {v} middle link(s) the customer pays {price:,.0f}; with fewer it stays at or below 92. "
                 "Each link adds its own margin on top of the price it paid (¶24).",
                 "有 {v} 个中间环节时客户支付 {price:,.0f}；环节再少就不超过 92。"
                 "每个环节都在进价上再加一道自己的毛利（¶24）。")
    missed = _msg("With {v} middle link(s) the customer pays {price:,.0f}: not above 92 yet. Move the '{lab}' "
                  "slider to the right and read the number on top of the right bar.",
                  "有 {v} 个中间环节时客户支付 {price:,.0f}，还没超过 92。把“{lab}”滑块向右拉，看右边柱子顶上的数字。")
    room = _msg("With {v} middle links the customer pays {price:,.0f}, above 92; but is that the smallest number? "
                "Move the '{lab}' slider back one step at a time.",
                "有 {v} 个中间环节时客户支付 {price:,.0f}，超过了 92；但这是最少的吗？把“{lab}”滑块一格一格往回拉。")

    def _ok(self, n):
        return float(_end_price(n)) > _PRICE_TARGET

    def _facts(self, n, right):
        return {"price": float(_end_price(n))}


# The case of notebook 00: a newcomer hears each team run down another (the round of ¶5) and must
# decide what to make of it. The answer rests on the article, not on the data: the jobs look so alike
# (¶4) that each side underrates the others (¶5).
_LUNCH_OPTIONS = (  # short: a choice is one button, its label on one line
    ("side_with_sales", _msg("Believe sales: marketing spends the most and signs no deal",
                             "信销售的：市场花钱最多，自己却不签单")),
    ("merge", _msg("One job really: same users, same revenue, same plans; merge them",
                   "其实是一个岗位：用户、收入、方案都一样，可以合并")),
    ("doubt_operations", _msg("Trust operations least: it is the newest of the three jobs",
                              "最不该信运营的：它是三个岗位里最新的")),
    ("alike", _msg("Believe none outright: jobs this alike are easy to underrate",
                   "三句话都别照单全收：岗位太像，容易看轻别人")),
)
_LUNCH_CHOICES = {
    "side_with_sales": ("believe sales", "信销售的"),
    "merge": ("one job", "merge them", "合并", "一个岗位"),
    "doubt_operations": ("trust operations least", "最不该信运营的"),
    "alike": ("believe none outright", "none at face value", "别照单全收", "都别信"),
}
_LUNCH_ANSWER = "alike"
_LUNCH_RIGHT = (4, 5)  # the reason (¶4) and the round itself (¶5)
_LUNCH_PASSAGES = (
    Evidence("¶4", (4,), "这三个岗位实在是太像了", "these three jobs are just too alike", "alike"),
    Evidence("¶5", (5,), "做销售的觉得市场都是在吃软饭", "sales thinks marketing is freeloading", "alike"),
    Evidence("¶6", (6,), "几乎都会设置这三个岗位", "almost every one sets up these three jobs", "origin"),
    Evidence("¶8", (8,), "这三个岗位我也并未全部体验过", "I have not worked in all three jobs myself", "caveat"),
    Evidence("¶31", (31,), "这并不代表市场的投放没有意义", "this does not mean marketing's spending is pointless",
             "side_with_sales"),
    Evidence("¶34", (34,), "运营已经是属于产品团队了", "operations already belongs to the product team", "differ"),
)
_LUNCH_KEYS = {"choice": ("answer", "选择", "答案"),
               "evidence": ("paragraph", "paragraphs", "passage", "¶", "依据", "证据", "段落")}
_LUNCH_WRONG_CHOICE = {
    "side_with_sales": _msg(
        "That remark is one voice of a round the article describes: each of the three thinks it would do "
        "another's job better (¶5), and the card has all three voices. Marketing's spending is not pointless "
        "either: without its brand backing, sales would struggle to win big deals (¶31). Reread ¶3–¶5: what "
        "do the three remarks have in common?",
        "这句话只是文章描述的那一圈互相看轻中的一种声音：三方都觉得自己去做别人的工作会做得更好（¶5），"
        "卡片里三种声音都有。市场的投放也不是没有意义：没有它的品牌推广做背书，销售恐怕难以拿下大单（¶31）。"
        "再读 ¶3–¶5：这三句话有什么共同点？"),
    "merge": _msg(
        "They do look alike: all face users, all aim to raise revenue, all make plans (¶4). But almost every "
        "larger internet firm sets up all three (¶6), and the second half of the article is about how they "
        "differ: the commercial team against the product team (¶34), one customer at a time against the whole "
        "audience (¶33). Ask why people whose work looks so similar talk about each other as in the card.",
        "三者确实很像：都要面对用户，都为增加公司收入，都要想很多方案（¶4）。可稍大一点的互联网公司几乎都会"
        "设置这三个岗位（¶6），文章后半篇讲的正是三者的不同：商业团队与产品团队（¶34），针对单个客户与面向"
        "整体目标用户（¶33）。想一想：工作看起来这么像的人，为什么会像卡片里那样议论彼此？"),
    "doubt_operations": _msg(
        "Operations is indeed the new job of the internet (¶6), but new does not mean weaker: firms that have no "
        "sales or marketing hand part of both jobs to operations (¶35). And the operations lead's remark is no "
        "different in kind from the other two. Reread ¶5.",
        "运营确实是互联网行业的新岗位（¶6），但新不等于弱：没有销售和市场的公司，会让运营承担起这二者的部分"
        "工作（¶35）。何况运营主管那句话，和另外两句并没有什么两样。再读一遍 ¶5。"),
}
_LUNCH_WRONG_PASSAGE = {
    6: _msg("¶6 says why Lin meets three teams at all (larger internet firms set up all three, and operations is "
            "the new one), not why they talk about each other like this.",
            "¶6 说明的是林琳为什么会碰到三个团队（稍大的互联网公司都设这三个岗位，运营是新出现的），"
            "而不是他们为什么会这样议论彼此。"),
    8: _msg("¶8 is the author's own caveat: he has not worked in all three jobs. A good reason to read him "
            "critically, but it does not explain the remarks.",
            "¶8 是作者自己的说明：三个岗位他并没有都做过。这是带着批判眼光读文章的好理由，但解释不了这三句话。"),
    31: _msg("¶31 answers one remark only: marketing's spending is not pointless. The card has three.",
             "¶31 只回应了其中一句：市场的投放并非没有意义。卡片里却有三句。"),
    34: _msg("¶34 is what Lin should learn next, how the jobs differ (commercial team, product team); it does not "
             "say why the teams underrate one another.",
             "¶34 是林琳接下来该学的：三个岗位有什么不同（商业团队、产品团队）；它没有说明各团队为什么互相看轻。"),
}
_LUNCH_RIGHT_PASSAGE = {
    4: _msg("¶4 gives the reason: the three jobs are so alike (all face users, all aim at revenue, all make "
            "plans) that even people two or three years into their careers cannot tell them apart, and the "
            "article finds that understandable. So each side thinks it would do the others' job better (¶5).",
            "¶4 给出了原因：三个岗位太像了（都要面对用户，都为增加收入，都要想很多方案），连工作两三年的人也"
            "未必分得清，文章说这情有可原。于是各方都觉得自己去做别人的工作会做得更好（¶5）。"),
    5: _msg("The card is the round of ¶5 in a new firm: operations thinks it would sell better, sales thinks "
            "marketing freeloads, marketing thinks it would have a hundred million users. ¶4 gives the reason: "
            "the jobs look too alike to tell apart.",
            "卡片就是 ¶5 那一圈互相看轻，换了一家公司：做运营的觉得自己去做销售一打一个准，做销售的觉得市场在"
            "吃软饭，做市场的觉得自己去做运营早就上亿用户了。¶4 给出了原因：这三个岗位太像，难以分清。"),
}


def _lunch_answer(answer) -> tuple[str, set[int]]:
    """``{"choice": ..., "evidence": "¶4"}`` (or a pair) read as (choice key, paragraph numbers)."""
    return _read_case(answer, _LUNCH_KEYS, lambda v: _choice(v, _LUNCH_CHOICES), "¶6")


@_exercise("00-3",
           "What should Lin make of the three remarks? Pick your answer, then the passage of the article that "
           "backs it.",
           "林琳该怎么看这三句话？先选你的判断，再选文章里支持它的那一段。",
           example="{'choice': 'merge', 'evidence': '¶6'}", example_zh="{'选择': '合并', '依据': '¶6'}",
           form=CaseForm(
               card=_msg("Card · Lin has just joined a fast-growing online-education firm as a management trainee; "
                         "she will spend a few months in each of its sales, marketing and operations teams. At lunch "
                         "in her first week she hears three remarks. A salesperson: \u201cMarketing just burns the "
                         "budget; the deals are ours.\u201d A marketer: \u201cPut me in operations and we would "
                         "have ten times the users.\u201d An operations lead: \u201cGive me their targets and I "
                         "would sign more deals than sales does.\u201d Lin does not know which team to believe.",
                         "卡片 · 林琳刚以管培生的身份加入一家高速成长的在线教育公司，要在销售、市场、运营三个团队"
                         "各轮岗几个月。入职第一周的午饭桌上，她听到三句话。一位销售说：「市场就是在烧预算，单子"
                         "都是我们签的。」一位市场同事说：「让我去做运营，用户早翻十倍了。」一位运营主管说：「把"
                         "销售的指标给我，我签的单比他们还多。」林琳拿不准该信哪个团队。"),
               options=_LUNCH_OPTIONS, evidence=lambda: list(_LUNCH_PASSAGES)))
class _E00_3:
    def solve(self):
        return {"choice": _LUNCH_ANSWER, "evidence": "¶4"}

    def judge(self, answer):
        choice, paragraphs = _lunch_answer(answer)
        if choice != _LUNCH_ANSWER:
            return False, _LUNCH_WRONG_CHOICE[choice]
        offered = {p for e in _LUNCH_PASSAGES for p in e.paragraphs}
        if not paragraphs <= offered:
            en = ", ".join(f"¶{p}" for p in sorted(paragraphs - offered))
            zh = "、".join(f"¶{p}" for p in sorted(paragraphs - offered))
            return False, _msg(f"Your judgement is right; {en} is not among the passages under the card. Pick "
                               "the passage that explains why the teams talk about each other like this.",
                               f"判断是对的；{zh} 不在卡片下列出的段落之中。"
                               "请选出能解释各团队为什么这样议论彼此的那一段。")
        wrong = sorted(paragraphs - set(_LUNCH_RIGHT))
        if wrong:
            hint = _LUNCH_WRONG_PASSAGE[wrong[0]]
            return False, _msg(f"Your judgement is right; the evidence is not yet. {hint['en']} Pick the passage "
                               "that explains why the teams talk about each other like this.",
                               f"判断是对的，依据还不对。{hint['zh']}请选出能解释各团队为什么这样议论彼此的那一段。")
        first = min(paragraphs)
        said = _LUNCH_RIGHT_PASSAGE[first]
        return True, _msg(f"Believe none outright, defended with {', '.join(f'¶{p}' for p in sorted(paragraphs))}. "
                          f"{said['en']} What each job really does is the rest of the article: notebook 04 "
                          "compares the three roles, 05 how each reaches customers.",
                          f"三句话都别照单全收，依据是 {'、'.join(f'¶{p}' for p in sorted(paragraphs))}。{said['zh']}"
                          "每个岗位究竟做什么，是文章后半篇的内容：第 04 本笔记比较三个岗位，"
                          "第 05 本看各自怎样触达客户。")


# ------------------------------------------------------------------------------- 04 three roles

_METAPHORS = {
    "尖刀班": ("spearhead squad", "the spearhead squad", "spearhead", "斩首行动", "decapitation strike"),
    "炮火覆盖": ("artillery cover", "artillery", "炮火", "大网", "big net", "a big net"),
    "参谋长": ("chief of staff", "the chief of staff"),
}
_ROLES_04 = ("sales", "marketing", "operations")


def _top_roles(attribute: str) -> list[str]:
    col = _scores(attribute).dropna()
    return [str(r) for r in col.index[col == col.max()]]


def _top_role_exercise(attribute: str, paragraphs: str):
    paragraphs_zh = paragraphs.replace(", ", "、")  # "¶33, ¶42" as Chinese lists them: "¶33、¶42"

    class _E:
        def solve(self):
            return _top_roles(attribute)[0]

        def judge(self, answer):
            given = _role(answer)
            col = _scores(attribute)
            from rolecomp.data import load_scales

            sc = load_scales().set_index("attribute_id").loc[attribute]
            if given in _top_roles(attribute):
                return True, _msg(f"{_role_name(given, 'en')} scores {col[given]:.0f} of 5 on "
                                  f"{sc['name_en'].lower()} ({paragraphs}).",
                                  f"{_role_name(given, 'zh')}在“{sc['name_zh']}”上得 {col[given]:.0f} 分"
                                  f"（满分 5，{paragraphs_zh}）。")
            score = ("not scored: the article is silent" if np.isnan(col[given])
                     else f"scores {col[given]:.0f}")
            score_zh = "没有评分（文章未提及）" if np.isnan(col[given]) else f"得 {col[given]:.0f} 分"
            return False, _msg(f"{_role_name(given, 'en')} {score}. In the explorer choose "
                               f"'{sc['name_en']}' in the 'Evidence for' menu, compare the bars (longest = "
                               f"highest) and read the quotes under the chart ({paragraphs}).",
                               f"{_role_name(given, 'zh')}{score_zh}。在探索工具的“查看依据”菜单中选"
                               f"“{sc['name_zh']}”，比较柱子的长短（最长=最高），再读图下的原文（{paragraphs_zh}）。")
    return _E


_exercise("04-1",
          "Predict: before you open the explorer, which role do you expect to score highest on reach breadth "
          "(覆盖广度), from 1 (one customer at a time) to 5 (the whole target audience at once)?",
          "预测：打开探索工具之前，你认为哪个岗位的「覆盖广度」得分最高？"
          "（1 分 = 一次只面对一个客户，5 分 = 一次面向整个目标人群）",
          example='"sales"', example_zh='"销售"', form=RoleForm(),
          prediction="three_roles")(_top_role_exercise("reach_breadth", "¶33, ¶42"))


@_exercise("04-2",
           "On how many of the attributes is the article silent about operations (运营)? In the explorer pick "
           "the scenario 'Sales, marketing, operations' and count the hatched cells of the operations column.",
           "在所有属性中，文章对运营有几个属性没有提及？在探索工具里选场景「销售、市场、运营」，"
           "数一数运营那一列打斜线的格子。",
           example="2", form=NumberForm(unit=_msg("attributes", "个属性")))
class _E04_2:
    def solve(self):
        from rolecomp.data import attribute_matrix

        return int(attribute_matrix().loc["operations"].isna().sum())

    def judge(self, answer):
        n = _integer(answer)
        sol = self.solve()
        if n == sol:
            return True, _msg("Those cells stay empty on purpose: a missing score is missing evidence, not a "
                              "zero. The article says less about operations than about sales, and what it does say "
                              "(¶34–¶41) is mostly about the product and its users.",
                              "这些格子是有意留空的：没有评分表示没有证据，而不是零分。文章写运营比写销售少，"
                              "写到的（¶34–¶41）也多半围绕产品和用户。")
        more = "more" if n < sol else "fewer"
        more_zh = f"不止 {n} 个" if n < sol else f"没有 {n} 个那么多"
        return False, _msg(f"There are {more} than {n}. Pick the scenario 'Sales, marketing, operations' so every "
                           "attribute is shown, then count the hatched '—' cells in the operations column of "
                           "the heatmap.",
                           f"{more_zh}。选场景“销售、市场、运营”显示全部属性，再数热力图中运营那一列"
                           "打斜线、标着“—”的格子。")


# From the article, not from the data: ¶31 says that without marketing's brand promotion sales would
# struggle to win big deals; executives see only that sales sold the goods and developers wrote the code.
_LAYOFF = {
    "big_deals": ("big deals", "sales", "sales would struggle", "销售难以拿下大单", "销售", "大单"),
    "savings": ("save", "nothing", "little", "没什么影响", "省钱"),
    "operations": ("operations takes over", "运营接手", "运营"),
}
_LAYOFF_LABELS = (
    ("big_deals", _msg("Sales would struggle to win big deals", "销售难以拿下大单")),
    ("savings", _msg("Little would change: sales sells the goods and developers write the code, so the firm "
                     "just saves the money",
                     "没什么影响：东西是销售卖出去的，代码是开发写的，公司只是省了钱")),
    ("operations", _msg("Operations would take over marketing's work and reach more users through the product",
                        "运营会接手市场的工作，靠产品拉来更多用户")),
)


@_exercise("04-3",
           "Predict: in ¶30, marketing staff are the first target of the lay-offs, because spending money is "
           "always seen as wasteful. What does the next paragraph, ¶31, say would happen without marketing's "
           "large-scale brand promotion?",
           "预测：¶30 说，花钱的工作总被认为是败家，裁员潮中市场人员首当其冲。紧接着的 ¶31 说，"
           "如果没有市场人员大面积的品牌推广，会怎样？",
           example='"savings"', example_zh='"没什么影响"', prediction=True, form=ChoiceForm(_LAYOFF_LABELS))
class _E04_3:
    def solve(self):
        return "big_deals"

    def judge(self, answer):
        given = _choice(answer, _LAYOFF)
        if given == "big_deals":
            return True, _msg("¶31: without marketing's large-scale brand promotion backing the firm's credit, sales "
                              "would struggle to win big deals, and developers would worry about their jobs. So the "
                              "salespeople of ¶5, who think marketing lives off others, are the ones who lean on it. "
                              "Executives do not see this: they see only that sales sold the goods and developers "
                              "wrote the code.",
                              "¶31：倘若没有市场人员大面积的品牌推广为公司信誉背书，销售恐怕难以拿下大单，研发也要发愁"
                              "会不会失业。¶5 里觉得市场在“吃软饭”的销售，恰恰是离不开市场的人。公司高层看不到这一点："
                              "他们只看到东西是销售卖出去的、代码是开发写的。")
        if given == "savings":
            return False, _msg("That is what ¶31 says many people, even executives, see: the goods sold by sales, "
                               "the code written by developers. Read ¶31 (quoted below this exercise) to the end: "
                               "what does it say the brand's backing does?",
                               "这正是 ¶31 说很多人乃至公司高层看到的：东西是销售卖出去的，代码是开发写的。"
                               "把本题下面引用的 ¶31 读完：品牌背书起什么作用？")
        return False, _msg("¶31 does not mention operations; operations takes on part of the work of sales and "
                           "marketing in firms that have neither (¶35). Read ¶31 (quoted below this exercise): whose "
                           "deals does the brand's backing help?",
                           "¶31 没有提到运营；运营承担销售和市场的部分工作，说的是两者都没有的公司（¶35）。"
                           "读本题下面引用的 ¶31：品牌背书帮谁成交？")


@_exercise("04-4",
           "Match each of the article's three images to the role it pictures. ¶43 sums the roles up with them; "
           "use what you read about each role, not only the words.",
           "把文章的三个比喻和它们所比喻的岗位对应起来。¶43 用它们总结三个岗位；"
           "请根据你读到的各岗位的工作来判断，而不只是看字面。",
           example="{'尖刀班': 'sales', '炮火覆盖': 'sales', '参谋长': 'sales'}",
           example_zh="{'尖刀班': '销售', '炮火覆盖': '销售', '参谋长': '销售'}",
           form=MappingForm((("尖刀班", _msg("尖刀班 (the spearhead squad)", "尖刀班")),
                             ("炮火覆盖", _msg("炮火覆盖 (artillery cover)", "炮火覆盖")),
                             ("参谋长", _msg("参谋长 (the chief of staff)", "参谋长"))), roles=_ROLES_04))
class _E04_4:
    def solve(self):
        roles = _roles()
        out = {}
        for key in _METAPHORS:
            hit = roles[roles.metaphor_zh.fillna("").str.contains(key[:2], regex=False)]
            out[key] = str(hit.role_id.iloc[0]) if len(hit) else None
        return out

    def judge(self, answer):
        given = _mapping(answer, _METAPHORS, _role)
        sol = self.solve()
        wrong = [k for k in _METAPHORS if given[k] != sol[k]]
        if not wrong:
            return True, _msg("Sales is the spearhead squad (尖刀班, ¶26, ¶43): one target, point to point. Marketing "
                              "is the artillery cover (炮火覆盖, ¶33, ¶43): the whole target audience at once. "
                              "Operations is the chief of staff in the command post with the commander (参谋长, "
                              "¶43): it does not go to customers itself (¶39) but shapes the product from user "
                              "and data feedback (¶34, ¶40).",
                              "销售是尖刀班（¶26、¶43）：认准一个目标，点对点；市场是炮火覆盖（¶33、¶43）：一次覆盖整个"
                              "目标人群；运营是和司令一起待在指挥所的参谋长（¶43）：它不直接找顾客推销（¶39），而是依据"
                              "用户和数据反馈来塑造产品（¶34、¶40）。")
        right = len(_METAPHORS) - len(wrong)
        return False, _msg(f"{right} of {len(_METAPHORS)} right; not yet: {', '.join(wrong)}. Ask of each image: "
                           "does it hit one target, cover a whole area, or plan the battle beside the commander? "
                           "Then ask which role reaches one customer at a time (¶26), which the whole audience "
                           "(¶33), and which shapes the product with the product managers (¶34, ¶40).",
                           f"对了 {right}/{len(_METAPHORS)}；还不对的：{'、'.join(wrong)}。逐个想想：这个比喻是打"
                           "一个目标、覆盖一整片，还是在司令身边谋划全局？再想想哪个岗位一次只对一个客户（¶26），"
                           "哪个面向整个目标人群（¶33），哪个和产品经理一起塑造产品（¶34、¶40）。")


# Case: a growth goal, and who should lead it. The passages offered are quoted from the article, not from
# the data (verbatim, at most 45 characters; tests/test_exercises_04.py checks them against the article).
# Users already arrive and leave inside the product, so the role that can change the product leads:
# operations, in the product team (¶34), making funnel losses smaller (¶36), winning changes from product
# managers with evidence (¶40); the commercial team's say over the product is limited (¶42).
_CASE04_PASSAGES = (
    (26, "销售作为连接企业和外部的接口,同市场和运营相比,特点是“点对点”",
     "sales, the firm's interface with the outside, is marked by 'point to point'", "sales"),
    (30, "投放是市场部门一项重要工作,直白来说,就是花钱",
     "placement is an important job of marketing: plainly put, spending money", "marketing"),
    (31, "倘若没有市场人员大面积的品牌推广,为公司信誉增加背书,销售恐怕难以拿下大单",
     "without marketing's large-scale brand promotion backing the firm's credit, sales would struggle to win "
     "big deals", "marketing"),
    (33, "市场是一张大网,是战争中无差别的炮火覆盖,面向整体目标用户",
     "marketing is a big net, the indiscriminate artillery cover of war, aimed at the whole target audience",
     "marketing"),
    (34, "运营要通过用户及数据反馈到的信息,辅助产品经理做出产品设计的正确决策",
     "operations uses what users and data feed back to help product managers make the right design decisions",
     "operations"),
    (35, "很多互联网公司可能只有运营的岗位,没有销售和市场",
     "many internet firms may have only operations, no sales and no marketing", "operations"),
    (36, "怎样让产品的漏斗模型流失更少",
     "how to make the product's funnel lose fewer users", "operations"),
    (39, "开个淘宝直通车、做做淘宝的搜索引擎优化,从另外的角度增加流量",
     "buy Taobao's paid search placement, optimise for Taobao's search: more traffic from another angle",
     "operations"),
    (40, "提出增长方案,并要求产品经理对产品做相应地改动和优化",
     "proposes growth plans and asks the product managers to change and improve the product accordingly",
     "operations"),
    (42, "商业团队对于产品的建议权有限",
     "the commercial team has only a limited say over the product", "sales"),
)
_CASE04_ANSWER = "operations"
_CASE04_EVIDENCE = frozenset({34, 36, 40, 42})
# Why a passage that is offered does not defend the choice: what it is about, in a few words.
_CASE04_WHY_NOT = {
    26: _msg("¶26 says how sales works, one customer at a time; it says nothing about users who leave the product.",
             "¶26 讲的是销售一次只对一个客户，没有谈到离开产品的用户。"),
    30: _msg("¶30 is about marketing's placement budget: spending to bring people in, not keeping them.",
             "¶30 讲的是市场的投放预算：花钱把人引进来，而不是把人留住。"),
    31: _msg("¶31 is about the brand helping sales win big deals; the card's problem is new users leaving.",
             "¶31 讲的是品牌帮销售拿下大单；卡片里的问题是新用户在流失。"),
    33: _msg("¶33 is about marketing reaching the whole audience; the users are already arriving.",
             "¶33 讲的是市场面向整个目标人群；而用户其实已经来了。"),
    35: _msg("¶35 is about firms that have no sales or marketing; this firm has both, so ¶35 does not say who "
             "should lead here.",
             "¶35 讲的是没有销售和市场的公司；这家公司两者都有，所以 ¶35 说明不了这里该由谁牵头。"),
    39: _msg("¶39 is operations bringing more traffic from another angle; here traffic is not the problem: "
             "100,000 people a month arrive, and most leave inside the product.",
             "¶39 讲的是运营从另外的角度增加流量；而这里的问题不在流量：每月 10 万人下载，多数是在产品里流失的。"),
}


def _case04_evidence() -> list[Evidence]:
    """The passages offered, in the article's order."""
    return [Evidence(f"¶{p}", (p,), zh, en, role, role) for p, zh, en, role in _CASE04_PASSAGES]


_CASE04_KEYS = {"choice": ("role", "answer", "lead", "选择", "答案", "岗位"),
                "evidence": ("paragraph", "paragraphs", "passage", "¶", "依据", "证据", "段落")}


def _case04_answer(answer) -> tuple[str, set[int]]:
    """``{"choice": "operations", "evidence": "¶36"}`` (or a pair) read as (role id, paragraph numbers)."""
    return _read_case(answer, _CASE04_KEYS, lambda v: _role(v, _ROLES_04), "¶26")


_CASE04_OPTIONS = (
    ("sales", _msg("Sales leads: a team calls chain-store owners one by one and signs their shops up for the "
                   "premium plan", "销售牵头：组建团队，逐个给连锁店老板打电话，签下他们门店的高级版")),
    ("marketing", _msg("Marketing leads: double the placement budget for ads in app stores and on short-video "
                       "platforms", "市场牵头：把投放预算翻倍，在应用商店和短视频平台投广告")),
    ("operations", _msg("Operations leads: find the step where new users give up, get the product changed there, "
                        "and run events for new users", "运营牵头：找出新用户在哪一步放弃，推动产品在那里做修改，"
                        "再给新用户办活动")),
)


@_exercise("04-5",
           "Who should lead this goal: sales, marketing or operations? And which passage of the article is your "
           "evidence?",
           "这个目标该由谁牵头：销售、市场还是运营？你的依据是文章的哪一段？",
           example="{'choice': 'marketing', 'evidence': '¶30'}",
           example_zh="{'选择': '市场', '依据': '¶30'}",
           form=CaseForm(
               card=_msg("Case · Xiaolu (小鹿记账) is a bookkeeping app for small shop owners: free to use, with a "
                         "paid premium plan. The firm has a sales team, a marketing department and an operations "
                         "team. About 100,000 people download the app each month, but six in ten of them leave "
                         "before they have recorded their first bill (the numbers are made up). The board wants "
                         "more paying users within six months; three proposals are on the table.",
                         "案例 · 小鹿记账是一款面向小店老板的记账软件，基础功能免费，高级版收费。公司有销售团队、"
                         "市场部和运营团队。每月约有 10 万人下载，但其中六成还没记下第一笔账就离开了（数字为虚构）。"
                         "董事会希望半年内增加付费用户，桌上有三个方案。"),
               options=_CASE04_OPTIONS, evidence=_case04_evidence))
class _E04_5:
    def solve(self):
        offered = [e for e in _case04_evidence() if e.paragraphs[0] in _CASE04_EVIDENCE]
        return {"choice": _CASE04_ANSWER, "evidence": offered[0].key}

    def judge(self, answer):
        choice, paragraphs = _case04_answer(answer)
        if choice == "marketing":
            return False, _msg("More placement brings more downloads (¶30, ¶33), but six in ten of them would still "
                               "leave before their first bill: the money would pour into the same leaky product. "
                               "Is the problem reaching people, or what happens to them inside the product? Reread "
                               "¶42 on what the commercial team can do about the product.",
                               "加大投放能带来更多下载（¶30、¶33），可其中六成照样在记第一笔账之前离开：钱都灌进了"
                               "同一个漏水的产品。问题出在触达用户，还是出在用户进了产品以后？再读 ¶42，看商业团队"
                               "对产品能做什么。")
        if choice == "sales":
            return False, _msg("Sales works point to point (¶26): signing chain stores wins a few big customers, but "
                               "their staff would meet the same first steps that six in ten people give up at. The "
                               "problem is inside the product; reread ¶42 on what the commercial team can do about "
                               "the product.",
                               "销售是点对点的（¶26）：签下连锁店是拿下几个大客户，可店员照样会卡在六成人放弃的那几步。"
                               "问题出在产品内部；再读 ¶42，看商业团队对产品能做什么。")
        marks = "、".join(f"¶{p}" for p in sorted(paragraphs))
        marks_en = ", ".join(f"¶{p}" for p in sorted(paragraphs))
        if not paragraphs <= _CASE04_EVIDENCE:
            why = next((_CASE04_WHY_NOT[p] for p in sorted(paragraphs) if p in _CASE04_WHY_NOT),
                       _msg(f"{marks_en} is not among the passages on who can change the product.",
                            f"{marks} 不在讲谁能改动产品的段落之中。"))
            return False, _msg(f"Operations is right; the evidence is not yet. {why['en']} Pick the passage that says "
                               "why the product's own problem belongs to operations, or why the commercial team "
                               "cannot fix it.",
                               f"选运营是对的，依据还不对。{why['zh']}请选出说明产品本身的问题为什么归运营管，"
                               "或者商业团队为什么解决不了它的那一段。")
        return True, _msg(f"Operations, defended with {marks_en}. The users already arrive; they leave inside the "
                          "product. Operations sits in the product team and helps product managers decide from user "
                          "and data feedback (¶34), works on losing fewer users in the funnel (¶36) and gets changes "
                          "made with well-evidenced proposals (¶40); sales and marketing have only a limited say "
                          "over the product (¶42). Sales and marketing still have their part once the first steps "
                          "keep users: then placement (¶30) and chain-store deals (¶26) bring people to a product "
                          "that holds them.",
                          f"运营，依据是 {marks}。用户已经来了，是在产品里流失的。运营属于产品团队，依据用户和数据"
                          "反馈辅助产品经理决策（¶34），设法让漏斗流失更少（¶36），并用有理有据的方案推动产品修改"
                          "（¶40）；销售和市场对产品的建议权有限（¶42）。等前几步留得住人，销售和市场照样有用武之地："
                          "投放（¶30）和连锁店的单子（¶26）带来的人，才进得来也留得下。")


# ------------------------------------------------------------------------------- 03 channel dependence


def _channel(over: dict):
    return _scenario("channel_dependence", **over).data["chain"]


@_exercise("03-1",
           "Predict: a maker sells through one distributor. Now a retailer is added between the distributor and "
           "the customers. The maker keeps its own price and earns the same margin on every unit it sells. Does "
           "the maker's profit a month go up, go down or stay the same?",
           "预测：厂商原来只通过一家经销商销售，现在经销商和客户之间又多了一家零售商。厂商的出货价不变，"
           "每卖出一件赚的钱也不变。厂商每月的毛利会上升、下降，还是不变？",
           example='"same"', example_zh='"不变"', form=_UPDOWN_FORM, prediction="channel_dependence")
class _E03_1:
    def solve(self):
        one, two = float(_channel({"intermediaries": 1})["maker_profit"]), float(
            _channel({"intermediaries": 2})["maker_profit"])
        return "same" if math.isclose(one, two) else ("up" if two > one else "down")

    def judge(self, answer):
        given = _choice(answer, _UPDOWN)
        one, two = _channel({"intermediaries": 1}), _channel({"intermediaries": 2})
        f = {k: float(v) for k, v in (("p1", one["end_price"]), ("p2", two["end_price"]), ("q1", one["quantity"]),
                                      ("q2", two["quantity"]), ("m", two["maker_margin"]),
                                      ("e1", one["maker_profit"]), ("e2", two["maker_profit"]))}
        if given == self.solve():
            return True, _msg(f"Its margin stays {f['m']:,.0f} a unit, but the retailer adds a margin of its own: the "
                              f"customer pays {f['p2']:,.0f} instead of {f['p1']:,.0f}, only {f['q2']:,.0f} units "
                              f"sell a month instead of {f['q1']:,.0f}, and the maker's profit falls from "
                              f"{f['e1']:,.0f} to {f['e2']:,.0f} a month. One way to see what ¶24 means by "
                              "「增添了负担」 for the firm. The numbers are illustrative.",
                              f"厂商每件仍赚 {f['m']:,.0f}，但零售商又加了一道自己的毛利：客户每件要付 "
                              f"{f['p2']:,.0f}，不再是 {f['p1']:,.0f}；每月只卖出 {f['q2']:,.0f} 件，不再是 "
                              f"{f['q1']:,.0f} 件；厂商每月毛利从 {f['e1']:,.0f} 降到 {f['e2']:,.0f}。"
                              "¶24 说对企业来说「增添了负担」，这是理解它的一个角度。数字只是示意。")
        if given == "same":
            return False, _msg("Its margin per unit does stay the same: the orange block is as tall in both bars. But "
                               "a month's profit is the margin times the units sold. What does the customer pay "
                               "once the retailer is in, and how many still buy? Set the intermediaries to 1, then "
                               "2, and read the box on the right-hand chart.",
                               "每件赚的钱确实没变：橙色块在两根柱子里一样高。但每月毛利是每件毛利乘以卖出的件数。"
                               "多了零售商以后，客户要付多少？还有多少人买？把“中间环节数”先调到 1，再调到 2，"
                               "看右图里的方框。")
        return False, _msg("The retailer's margin goes to the retailer, not to the maker, and the maker's price does "
                           "not change. So what could change the maker's profit? Look at the price the customer "
                           "pays and the units sold: set the intermediaries to 1, then 2, and read the box on the "
                           "right-hand chart.",
                           "零售商的毛利归零售商，不归厂商，厂商的出货价也没变。那厂商的毛利还会因为什么而变？"
                           "看客户支付的价格和卖出的件数：把“中间环节数”先调到 1，再调到 2，看右图里的方框。")


_PROFIT_TARGET = 0.10


def _maker_profit_share(n: int) -> float:
    """The maker's profit a month with ``n`` intermediaries, as a share of its profit selling direct."""
    chain, direct = _channel({"intermediaries": n}), _channel({"intermediaries": 0})
    return float(chain["maker_profit"]) / float(direct["maker_profit"])


@_exercise("03-2",
           "Target practice (right-hand chart): every link sets its own price. How many intermediaries does it "
           "take until the maker's profit a month falls below 10 % of what it earns selling direct?",
           "打靶练习（右图）：每个环节各自定价。中间环节增加到几个时，厂商每月的毛利会跌到直接销售时的 10% 以下？",
           example="1")
class _E03_2(_SliderTarget):
    group, name, lowest, whole = "channel_dependence", "intermediaries", True, True
    right = _msg("With {v} links the maker earns only {share:.0%} of its direct profit. Its margin per unit never "
                 "changes, but each link that sets its own price halves the units sold: double marginalization "
                 "(Spengler 1950). The model's numbers are illustrative; the direction is the article's (¶24).",
                 "有 {v} 个环节时，厂商的毛利只有直销时的 {share:.0%}。每件赚的钱始终没变，但每多一个自己定价的环节，"
                 "销量就减半，这就是双重边际化（Spengler 1950）。模型的数字只是示意，方向来自文章（¶24）。")
    missed = _msg("With {v} link(s) the maker still earns {share:.0%} of its direct profit. Move '{lab}' to the "
                  "right and read the box on the right-hand chart.",
                  "有 {v} 个环节时，厂商的毛利仍是直销时的 {share:.0%}。把“{lab}”向右拉，看右图里的方框。")
    room = _msg("With {v} links the maker's profit is {share:.0%} of its direct profit, below 10 %; but is that the "
                "fewest links? Move '{lab}' back one step at a time.",
                "有 {v} 个环节时，厂商的毛利是直销时的 {share:.0%}，低于 10%；但这是最少的环节数吗？"
                "把“{lab}”一格一格往回拉。")

    def _ok(self, n):
        return _maker_profit_share(n) < _PROFIT_TARGET

    def _facts(self, n, right):
        return {"share": _maker_profit_share(n)}


_WHY_RELATIONS = {
    "transparent": ("efficient and transparent", "fewer middle links", "高效透明", "中间环节大幅减少"),
    "banned": ("favours are banned", "forbidden", "禁止利益交换", "禁止"),
    "no_contact": ("no salesperson", "no contact", "不再和销售打交道", "不打交道"),
}


@_exercise("03-3",
           "Why? ¶24 says internet firms still sell through relationships; relationships are just no longer the "
           "most decisive factor. By the article, why do they decide less than in traditional sales?",
           "为什么？¶24 说互联网公司里“关系型销售”依然存在，只是关系不再是最关键的因素。"
           "按文章的说法，为什么关系的分量比传统销售轻了？",
           example='"banned"', example_zh='"禁止利益交换"',
           form=ChoiceForm((
               ("transparent", _msg("The internet is efficient and transparent, and product and user are linked "
                                    "directly, with far fewer middle links",
                                    "互联网高效、透明，产品和用户直接相连，中间环节大幅减少")),
               ("banned", _msg("Internet firms forbid exchanges of favours", "互联网公司禁止利益交换")),
               ("no_contact", _msg("Internet customers buy without ever dealing with a salesperson",
                                   "互联网客户买东西，不再和销售人员打交道")))))
class _E03_3:
    def solve(self):
        return "transparent"

    def judge(self, answer):
        given = _choice(answer, _WHY_RELATIONS)
        if given == "transparent":
            return True, _msg("The article gives the reason in the internet itself: its efficiency and transparency "
                              "changed relationship selling (¶23), and with product and user more closely linked the "
                              "middle links are far fewer (¶24). Traditional sales leaned on channels, where deals "
                              "often went by favours or by closeness (¶23); where a firm reaches its users directly, "
                              "a relationship is one factor among others.",
                              "文章把原因放在互联网本身：它的高效和透明改变了“关系型销售”（¶23）；产品和用户连得更紧，"
                              "中间环节大幅减少（¶24）。传统销售倚重渠道，买卖往往靠利益交换或关系远近（¶23）；"
                              "企业能直接触达用户时，关系只是众多因素之一。")
        if given == "banned":
            return False, _msg("The article names no rule against favours. It finds the reason in what the internet "
                               "changed between product and user: reread the first sentence of ¶23 and the middle "
                               "of ¶24.",
                               "文章没有提到任何禁止利益交换的规定。它的理由在于互联网改变了产品和用户之间的关系："
                               "重读 ¶23 的第一句和 ¶24 的中间几句。")
        return False, _msg("The article still calls sales the role closest to the customer (¶10) and puts "
                           "communication in front (¶11); relationships still exist (¶24). What makes them weigh "
                           "less? Reread the first sentence of ¶23 and the middle of ¶24.",
                           "文章仍说销售是企业中与客户距离最近的岗位（¶10），沟通能力摆在台面上（¶11）；"
                           "关系也依然存在（¶24）。那是什么让关系的分量变轻了？重读 ¶23 的第一句和 ¶24 的中间几句。")


# The main task: a firm that sold through distributors now sells a SaaS product direct and hires its
# own salesperson. The passages offered are the article's, quoted verbatim (full-width punctuation
# where the article types half-width); each names the choice it argues for ("" for none).
_HIRE = {
    "relationships": ("a", "zhang", "candidate a", "甲", "老张"),
    "analyst": ("b", "li", "candidate b", "乙", "小李"),
    "all_round": ("c", "wang", "candidate c", "丙", "小王"),
}
_HIRE_LABELS = (
    ("relationships", _msg("A · Zhang, the distributor's top seller", "甲 · 老张，经销商的销售冠军")),
    ("analyst", _msg("B · Li, the product team's data analyst", "乙 · 小李，产品团队的数据分析师")),
    ("all_round", _msg("C · Wang, the software seller", "丙 · 小王，软件销售")),
)
_HIRE_ANSWER = "all_round"
_HIRE_EVIDENCE = (
    (10, "互联网时代的销售，不再只是一张嘴", "internet-era sales is no longer just a mouth", "all_round"),
    (11, "摆在台面上的，是沟通能力；而在背后的，是深厚的行业知识储备、卓越的数据分析能力和敏锐的需求挖掘能力",
     "in front, communication; behind it, deep industry knowledge, outstanding data analysis and keen need "
     "discovery", "all_round"),
    (22, "产品团队及商业团队能够根据用户和数据反馈，及时调整销售策略",
     "product and commercial teams can adjust the sales strategy promptly to user and data feedback", "analyst"),
    (23, "几乎所有的公司都会很小心的维护渠道资源，甚至有一个专门的岗位“客户关系”",
     "almost every firm guards its channel resources carefully, even with a dedicated 'customer relations' job",
     "relationships"),
    (24, "“关系”不再成为销售过程中的“最关键因子”",
     "'relationships' are no longer the 'most decisive factor' in selling", ""),
    (25, "真正优秀的互联网销售人员，是具备多方面能力的综合性人才",
     "a truly excellent internet salesperson is an all-round talent with many abilities", "all_round"),
)
_HIRE_KEYS = {"choice": ("answer", "candidate", "hire", "选择", "答案", "候选人"),
              "evidence": ("paragraph", "paragraphs", "passage", "¶", "依据", "证据", "段落")}


def _hire_evidence() -> list[Evidence]:
    """The passages offered for 03-4, in the article's order."""
    return [Evidence(f"¶{p}", (p,), zh, en, topic, "sales") for p, zh, en, topic in _HIRE_EVIDENCE]


def _hire_answer(answer) -> tuple[str, set[int]]:
    """``{"choice": ..., "evidence": "¶11"}`` (or a pair) read as (choice key, paragraph numbers)."""
    return _read_case(answer, _HIRE_KEYS, lambda v: _choice(v, _HIRE), "¶24")


@_exercise("03-4",
           "Whom should the firm hire, and which passage of the article is your evidence?",
           "这家公司该录用谁？你的依据是文章的哪一段？",
           example="{'choice': 'relationships', 'evidence': '¶23'}",
           example_zh="{'选择': '甲', '依据': '¶23'}",
           form=CaseForm(
               card=_msg("Case · For ten years a maker of equipment-maintenance software sold licences through "
                         "provincial distributors, whose sellers knew the plant managers and often closed deals "
                         "over dinner. Now the firm sells a SaaS version direct, online, by monthly subscription, "
                         "and hires its first salesperson of its own. Three finalists. A · Zhang: twelve years as a "
                         "distributor's top seller, knows every plant manager in the province, brought in 40 % of "
                         "the old licence revenue: \u201cleave the customers to me.\u201d B · Li: the product "
                         "team's data analyst, knows the maintenance trade and every usage figure of the product, "
                         "but would rather write reports than meet customers. C · Wang: five years selling "
                         "software to factories, a smaller network and smaller numbers than Zhang; he knows how "
                         "plants organise their maintenance, and before each meeting he "
                         "reads the customer's usage data, asks what the plant is trying to fix before showing "
                         "anything, and explains the product in the plant's own terms. The sales director leans "
                         "towards Zhang. (A made-up firm; the figures are illustrative.)",
                         "案例 · 一家做设备维护软件的厂商，十年来一直通过各省经销商卖软件授权；经销商的销售和各厂的"
                         "厂长都很熟，单子常常在饭桌上谈成。现在公司推出 SaaS 版，在网上直接销售、按月订阅，"
                         "并招聘第一位自己的销售。进入终面的有三人。甲 · 老张：在经销商做了 12 年销售冠军，"
                         "全省的厂长他都认识，过去软件授权收入的 40% 是他带来的，他说：「客户交给我就行。」"
                         "乙 · 小李：产品团队的数据分析师，懂设备维护这一行，产品的每项使用数据都了如指掌，"
                         "但宁可写报告也不愿见客户。丙 · 小王：向工厂卖了 5 年软件，人脉和业绩都不如老张；"
                         "他熟悉工厂怎样组织设备维护；"
                         "每次见客户前，他都先看客户的使用数据，先问清工厂想解决什么问题再介绍产品，"
                         "并用工厂自己的话把产品讲明白。销售总监倾向于录用老张。（公司是虚构的，数字只是示意。）"),
               options=_HIRE_LABELS, evidence=_hire_evidence))
class _E03_4:
    def solve(self):
        evidence = next(e for e in _hire_evidence() if e.topic == _HIRE_ANSWER and 11 in e.paragraphs)
        return {"choice": _HIRE_ANSWER, "evidence": evidence.key}

    def judge(self, answer):
        choice, paragraphs = _hire_answer(answer)
        if choice == "relationships":
            return False, _msg("Zhang was the right hire while the firm sold through distributors: traditional sales "
                               "depends heavily on channels, and firms guard their channel resources (¶23). This "
                               "firm now sells direct. What does ¶24 say about relationships today, and ¶10 about "
                               "a salesperson who is mostly talk? What stands behind Zhang's talk and contacts?",
                               "在公司靠经销商卖货的时候，老张是合适的人选：传统销售对渠道的依赖性极强，"
                               "企业都小心维护渠道资源（¶23）。可这家公司现在是直接销售。¶24 对今天的“关系”"
                               "怎么说？¶10 对只靠一张嘴的销售怎么说？老张的口才和人脉背后还有什么？")
        if choice == "analyst":
            return False, _msg("Li has two of the abilities the article puts behind the talk, industry knowledge and "
                               "data analysis, but not the one it puts in front: communication. And sales is the role "
                               "closest to the customer (¶10). Who has both the front and the back?",
                               "小李具备文章所说“背后”的两种能力：行业知识和数据分析；却缺少摆在台面上的那一种："
                               "沟通能力。而且销售是企业中与客户距离最近的岗位（¶10）。谁台前台后都具备？")
        supports = {p for p, _, _, topic in _HIRE_EVIDENCE if topic == _HIRE_ANSWER}
        marks = "、".join(f"¶{p}" for p in sorted(paragraphs))
        marks_en = ", ".join(f"¶{p}" for p in sorted(paragraphs))
        if not paragraphs <= supports:
            if paragraphs <= {24}:
                where = _msg("¶24 is a good reason not to hire Zhang for his contacts, but it does not say whom to "
                             "hire instead.",
                             "¶24 说明了为什么不该冲着人脉录用老张，却没说该录用什么样的人。")
            elif paragraphs <= {22, 23}:
                where = _msg(f"{marks_en} is about channels and how the firm sells, not about the salesperson.",
                             f"{marks} 讲的是渠道和企业怎么卖，而不是销售人员本身。")
            else:
                where = _msg(f"{marks_en} is not among the passages offered here.", f"{marks} 不在这里给出的段落之中。")
            return False, _msg(f"Wang is right; the evidence is not yet. {where['en']} Pick the passage that says what "
                               "an internet salesperson must be able to do.",
                               f"选小王是对的，依据还不对。{where['zh']}请选出说明互联网销售人员需要具备哪些能力的那一段。")
        return True, _msg(f"Wang, defended with {marks_en}. Moving from distributors to selling direct is this "
                          "notebook's difference (¶22–¶24): relationships are no longer the most decisive "
                          "factor (¶24), and what counts is the profile "
                          "the article draws: communication in front; industry knowledge, data "
                          "analysis and need discovery behind it (¶11), an all-round talent (¶25). Wang shows all "
                          "four; Zhang shows the front, Li part of the back.",
                          f"小王，依据是 {marks}。从经销商转向直接销售，正是本笔记讲的这一点不同（¶22–¶24）："
                          "关系不再是最关键的因素（¶24），于是文章描绘的能力模型就成了关键：台面上是沟通能力，"
                          "背后是行业知识、数据分析和需求挖掘（¶11），是一个综合性人才（¶25）。这四样小王都有；"
                          "老张只有台面上的，小李只有背后的一部分。")


# ------------------------------------------------------------------------------- 05 reach


def _reach(preset: str | None = None, **over):
    """The last week of :func:`rolecomp.models.reach_over_time`, one row per role."""
    df = _scenario("reach", preset, **over).data
    return df[df.week == df.week.max()].set_index("role")


def _reach_weeks(preset: str | None = None) -> int:
    """The horizon (weeks) of the reach scenario: what the explorer shows at its start."""
    return int(_params("reach", preset)["weeks"])


def _pct(p: float) -> str:
    from rolecomp.charts.reach import percent_text

    return percent_text(p)


def _amount(x: float) -> dict:
    """A sum of money in each language: ``832,000`` and ``83.2 万``."""
    from rolecomp.charts.reach import count_text

    return _msg(count_text(x, "en"), count_text(x, "zh"))


_REACH_ROLES = ("sales", "marketing", "operations")


@_exercise("05-1",
           "Predict: all three roles sell to the same audience of a million people. With the default settings, "
           "which role will have won the most customers after {w} weeks?",
           "预测：三个岗位面对的是同一批 100 万目标用户。在默认参数下，{w} 周后哪个岗位赢得的客户最多？",
           example='"sales"', example_zh='"销售"', form=RoleForm(_REACH_ROLES), prediction="reach",
           facts=lambda: {"w": _reach_weeks()})
class _E05_1:
    def solve(self):
        return str(_reach().customers.idxmax())

    def judge(self, answer):
        given = _role(answer, _REACH_ROLES)
        last, w = _reach(), _reach_weeks()
        if given == self.solve():
            parts = "; ".join(f"{_role_name(r, 'en').lower()} {last.loc[r, 'customers']:,.0f} for "
                              f"{_amount(last.loc[r, 'cost'])['en']}" for r in _REACH_ROLES)
            parts_zh = "；".join(f"{_role_name(r, 'zh')}花 {_amount(last.loc[r, 'cost'])['zh']}赢得 "
                                f"{last.loc[r, 'customers']:,.0f} 个客户" for r in _REACH_ROLES)
            s, m = last.loc["sales"], last.loc["marketing"]
            return True, _msg(f"After {w} weeks, customers won: {parts}. The three counts are of the same order: "
                              "none of the roles wins by the margin each one boasts of in ¶5. Customers are people "
                              f"reached × precision: marketing reaches nearly everyone at {_pct(m.precision)}, sales "
                              f"{s.reached:,.0f} prospects at {_pct(s.precision)}: breadth against precision (¶42).",
                              f"{w} 周后，{parts_zh}。三者的客户数在同一个量级，谁也没有像 ¶5 里各自夸口的那样"
                              "遥遥领先。客户数 = 触达人数 × 精准度：市场几乎触达了所有人，"
                              f"精准度 {_pct(m.precision)}；"
                              f"销售只接触了 {s.reached:,.0f} 位目标客户，精准度却有 {_pct(s.precision)}："
                              "这就是广度与精准度的取舍（¶42）。")
        n = f"{last.loc[given, 'customers']:,.0f}"
        return False, _msg(f"{_role_name(given, 'en')} has won {n} customers by week {w}; is that the most? Read the "
                           "left-hand chart at the last week, or the sentence under the chart: it gives each role's "
                           "customers.",
                           f"到第 {w} 周，{_role_name(given, 'zh')}赢得了 {n} 个客户；这是最多的吗？"
                           "看左图最后一周的位置，或者读图下的句子：每个岗位赢得多少客户都写在里面。")


_ADS_STOP = "ads_stop"
_AFTER_STOP = {
    "stops": ("stops", "flat", "goes flat", "it goes flat at once", "马上变平", "停", "马上停", "立刻持平",
              "持平"),
    "carries_on": ("carries on", "keeps rising", "rises for a few weeks", "slows", "再涨几周", "延续", "继续上升",
                   "慢慢放缓"),
    "unchanged": ("unchanged", "as before", "the same", "照旧上涨", "不变", "照旧", "和以前一样"),
}


def _marketing_after_stop() -> dict:
    """Marketing in the scenario where the ads stop: its new customers in the weeks around the stop."""
    df = _scenario("reach", _ADS_STOP).data
    mkt = df[df.role == "marketing"].set_index("week")
    k = int(_params("reach", _ADS_STOP)["ad_weeks"])
    w = int(df.week.max())
    full = _reach()  # the ads running the whole horizon, all else the same
    return {"k": k, "w": w, "at_stop": float(mkt.new_customers[k]), "next": float(mkt.new_customers[k + 1]),
            "later": float(mkt.new_customers[min(k + 4, w)]), "end": float(mkt.new_customers[w]),
            "m_stop": float(mkt.customers[w]), "m_full": float(full.loc["marketing", "customers"]),
            "carry": float(_params("reach", _ADS_STOP)["carryover"])}


def _after_stop_answer() -> str:
    f = _marketing_after_stop()
    ratio = f["later"] / max(f["at_stop"], 1e-12)  # four weeks after the stop, against the last week of ads
    return "stops" if ratio < 0.1 else "unchanged" if ratio > 0.9 else "carries_on"


@_exercise("05-2",
           "Predict: in the scenario '{stop}' the ads run until week {k} and then stop; everything else stays the "
           "same. What does marketing's customers line do in the weeks after week {k}?",
           "预测：在场景「{stop}」里，广告投到第 {k} 周就停了，其他一切照旧。第 {k} 周以后的几周，"
           "市场的客户曲线会怎么走？",
           example='"stops"', example_zh='"马上变平"', prediction="reach",
           facts=lambda: {"stop": _preset_names("reach", _ADS_STOP), "k": _marketing_after_stop()["k"]},
           form=ChoiceForm((
               ("stops", _msg("It goes flat at once: no ads, no new customers", "马上变平：不投广告，就没有新客户")),
               ("carries_on", _msg("It keeps rising for a few weeks, more and more slowly",
                                   "还会再涨几周，越涨越慢")),
               ("unchanged", _msg("It rises as before: nearly everyone has already seen an ad",
                                  "照旧上涨：反正几乎人人都看过广告了")),
           )))
class _E05_2:
    def solve(self):
        return _after_stop_answer()

    def judge(self, answer):
        given = _choice(answer, _AFTER_STOP)
        f = _marketing_after_stop()
        stop = _preset_names("reach", _ADS_STOP)
        if given == self.solve():
            return True, _msg(f"After the stop marketing still wins {f['next']:.1f} new customers in week "
                              f"{f['k'] + 1}, {f['later']:.1f} in week {f['k'] + 4} and {f['end']:.1f} in week "
                              f"{f['w']}: the ads' "
                              f"effect carries over and fades (each week keeps {f['carry']:.0%} of the last). By week "
                              f"{f['w']} marketing has won {f['m_stop']:,.0f} customers, against {f['m_full']:,.0f} "
                              "with the ads running. So placement is not pointless (¶31); and cutting it first (¶30) "
                              "shows its cost only slowly, over weeks, which makes the cost easy to miss.",
                              f"停投之后，市场第 {f['k'] + 1} 周仍赢得 {f['next']:.1f} 个新客户，第 {f['k'] + 4} 周 "
                              f"{f['later']:.1f} 个，第 {f['w']} 周 {f['end']:.1f} 个：广告的效果会延续，然后慢慢消退"
                              f"（每周保留上一周的 {f['carry']:.0%}）。到第 {f['w']} 周，"
                              f"市场共赢得 {f['m_stop']:,.0f} 个"
                              f"客户，一直投放则是 {f['m_full']:,.0f} 个。可见投放并非没有意义（¶31）；"
                              "而先砍市场（¶30）的代价要在几周里一点点显出来，所以很容易被忽视。")
        if given == "stops":
            return False, _msg(f"Load '{stop['en']}' and look at marketing's line right after week {f['k']}: does it "
                               "go flat at once? People who saw an ad last week have not forgotten it this week.",
                               f"载入「{stop['zh']}」，看市场的曲线在第 {f['k']} 周之后的样子：它是马上变平的吗？"
                               "上周看过广告的人，这周并没有忘掉。")
        return False, _msg(f"Load '{stop['en']}' and compare the slope of marketing's line before and after week "
                           f"{f['k']}. What sells is the ads' effect this week, not how many people once saw one.",
                           f"载入「{stop['zh']}」，比较市场曲线在第 {f['k']} 周前后的斜率。"
                           "带来购买的是广告这一周的效果，而不是曾经看过广告的人数。")


@_exercise("05-3",
           "Target practice: all else at the defaults, how many sales reps would sales need to win at least as "
           "many customers as marketing does in {w} weeks? Move the sales reps slider and compare the customer "
           "lines at the last week.",
           "打靶练习：其他参数保持默认，至少要有几名销售，{w} 周内赢得的客户才能不少于市场？"
           "拖动「销售人数」滑块，比较两条客户曲线在最后一周的高度。",
           example="5", facts=lambda: {"w": _reach_weeks()})
class _E05_3(_SliderTarget):
    group, name, lowest, whole = "reach", "reps", True, True
    right = _msg("{v} reps win {s:,.0f} customers against marketing's {m:,.0f}, at a cost of {cost_s} against "
                 "{cost_m}. Point-to-point selling grows with headcount (¶26), one deal at a time; but a sales "
                 "customer is often a big deal (大单, ¶31), and marketing's brand work is what helps sales win it.",
                 "{v} 名销售赢得 {s:,.0f} 个客户，市场是 {m:,.0f} 个；花费分别是 {cost_s}和 {cost_m}。"
                 "点对点的销售要靠人数来扩大（¶26），一单一单地拿；不过大单要靠销售去拿（¶31），"
                 "而帮销售拿下大单的，正是市场的品牌推广。")
    missed = _msg("With {v} reps sales wins {s:,.0f} customers, marketing {m:,.0f}. Move '{lab}' to the right and "
                  "compare the customers lines at the last week.",
                  "{v} 名销售赢得 {s:,.0f} 个客户，市场 {m:,.0f} 个。把「{lab}」往右拉，"
                  "比较两条客户曲线在最后一周的高度。")
    room = _msg("With {v} reps sales wins {s:,.0f}, more than marketing's {m:,.0f}; but is that the fewest reps? "
                "Move '{lab}' back one step at a time.",
                "{v} 名销售赢得 {s:,.0f} 个客户，已经多于市场的 {m:,.0f} 个；可这是最少的人数吗？"
                "把「{lab}」一格一格往回拉。")

    def _gap(self, reps):
        last = _reach(reps=reps)
        return float(last.loc["sales", "customers"]), float(last.loc["marketing", "customers"])

    def _ok(self, reps):
        s, m = self._gap(reps)
        return s >= m - 1e-9

    def _misses(self, reps):
        s, m = self._gap(reps)
        return s < m

    def _facts(self, n, right):
        s, m = self._gap(n)
        facts = {"s": s, "m": m}
        if right:
            last = _reach(reps=n)
            facts.update(cost_s=_amount(last.loc["sales", "cost"]), cost_m=_amount(last.loc["marketing", "cost"]))
        return facts


_TWO_YEARS = "two_years"
_RETENTION_STEP = 0.03  # three points more weekly retention: what 05-4 asks about


def _ops_two_years(retention: float | None = None):
    """Operations in the two-year scenario: customers won by the end, new customers in week 1 and the last week."""
    over = {} if retention is None else {"retention": retention}
    df = _scenario("reach", _TWO_YEARS, **over).data
    ops = df[df.role == "operations"]
    return float(ops.customers.iloc[-1]), float(ops.new_customers.iloc[1]), float(ops.new_customers.iloc[-1])


def _retention_pair() -> tuple[float, float]:
    r0 = float(_params("reach", _TWO_YEARS)["retention"])
    return r0, round(min(r0 + _RETENTION_STEP, 1.0), 4)


_GROWTH = {
    "a_little": ("a little", "a few per cent", "a few percent", "多几个百分点", "几个百分点", "多一点", "一点"),
    "a_third": ("a third", "about a third", "a third more", "三分之一", "多三分之一"),
    "twice": ("twice", "about twice", "double", "twice as many", "两倍", "翻倍", "翻一番"),
}


def _growth_answer() -> str:
    r0, r1 = _retention_pair()
    ratio = _ops_two_years(r1)[0] / max(_ops_two_years(r0)[0], 1e-9)
    return "a_little" if ratio < 1.15 else "a_third" if ratio < 1.6 else "twice"


@_exercise("05-4",
           "Predict, before you move a slider: choose the scenario '{two}'. At a weekly retention of {r0:.0%}, "
           "operations wins {o0:,.0f} customers in {w} weeks. With {r1:.0%} instead, three points more, how many "
           "customers will it win?",
           "先预测，再动滑块：选择场景「{two}」。活跃客户周留存率为 {r0:.0%} 时，运营在 {w} 周内赢得 {o0:,.0f} 个客户。"
           "如果留存率提高 3 个百分点，达到 {r1:.0%}，运营会赢得多少客户？",
           example='"a_little"', example_zh='"多几个百分点"', prediction=True,
           facts=lambda: {"two": _preset_names("reach", _TWO_YEARS), "r0": _retention_pair()[0],
                          "r1": _retention_pair()[1], "o0": _ops_two_years()[0], "w": _reach_weeks(_TWO_YEARS)},
           form=ChoiceForm((
               ("a_little", _msg("A few per cent more", "多几个百分点")),
               ("a_third", _msg("About a third more", "多三分之一左右")),
               ("twice", _msg("About twice as many, or more", "两倍左右，甚至更多")),
           )))
class _E05_4:
    def solve(self):
        return _growth_answer()

    def judge(self, answer):
        given = _choice(answer, _GROWTH)
        r0, r1 = _retention_pair()
        lab = _labels("reach", "retention")
        two = _preset_names("reach", _TWO_YEARS)
        if given == self.solve():
            o0, _, last0 = _ops_two_years(r0)
            o1, first, last1 = _ops_two_years(r1)
            w = _reach_weeks(_TWO_YEARS)
            return True, _msg(f"At {r1:.0%} operations wins {o1:,.0f} customers in {w} weeks, {o1 / o0:.1f} times the "
                              f"{o0:,.0f} at {r0:.0%}. Now read the new customers of the last week in the sentence: "
                              f"{last0:.1f} at {r0:.0%}, {last1:.1f} at {r1:.0%}, from {first:.1f} in week 1. Three "
                              "points of retention, and the weekly wins no longer stay flat: why? Look at the "
                              "referrals each active customer brings, and add them to the retention.",
                              f"留存率 {r1:.0%} 时，运营在 {w} 周内赢得 {o1:,.0f} 个客户，"
                              f"是 {r0:.0%} 时 {o0:,.0f} 个的 "
                              f"{o1 / o0:.1f} 倍。再读图下句子里最后一周的新增客户：{r0:.0%} 时 {last0:.1f} 个，"
                              f"{r1:.0%} 时 {last1:.1f} 个，而第 1 周只有 {first:.1f} 个。只多了 3 个百分点的留存，"
                              "每周新增的客户就不再持平：为什么？看看每位活跃客户每周带来多少新客户，再和留存率加在一起。")
        return False, _msg(f"Load '{two['en']}', move '{lab['en']}' from {r0:.0%} to {r1:.0%} and compare operations' "
                           "customers at the last week with the number in the question. Watch the end of "
                           "operations' line: does it still run straight?",
                           f"载入「{two['zh']}」，把「{lab['zh']}」从 {r0:.0%} 拉到 {r1:.0%}，"
                           "把运营最后一周的客户数和题目里的数字比一比。再看运营曲线的末端：它还是直的吗？")


# The case: which reach fits a firm's growth goal, defended with a passage of the article. The
# passages offered are the article's own on reach (¶26-¶43), one per paragraph; the answer and the
# passages that defend it come from the article, not from the data: a firm nobody has heard of cannot
# close big deals without marketing's brand backing (¶31), and marketing and sales together sell out
# the product (¶33); the targets are few and named, so sales stays (¶26).
_BOTH = "marketing_and_sales"
_REACH_CASE_OPTIONS = (
    ("sales", _msg("Sales alone: more salespeople calling on more banks, point to point",
                   "只靠销售：多招销售，点对点地一家家去拜访")),
    ("marketing", _msg("Marketing alone: a wide net of ads over the banking sector brings the banks in by itself",
                       "只靠市场：在银行业广撒网投放广告，让银行自己找上门")),
    (_BOTH, _msg("Marketing and sales together: a brand campaign makes the name known, the salespeople close each "
                 "bank", "市场和销售配合：品牌推广让银行知道这个名字，再由销售逐家拿下")),
    ("operations", _msg("Operations: search and paid placement bring the banks' buyers to the product's website",
                        "运营：靠搜索优化和付费推广，把银行的采购人员引到产品网站上")),
)
_REACH_CASE_CHOICES = {
    "sales": ("sales alone", "more sales", "more salespeople", "销售", "只靠销售", "多招销售"),
    "marketing": ("marketing alone", "marketing", "市场", "只靠市场"),
    _BOTH: ("both", "marketing and sales", "sales and marketing", "together", "marketing and sales together",
            "市场和销售", "销售和市场", "市场和销售配合", "两者配合", "配合"),
    "operations": ("operations", "运营"),
}
_REACH_PASSAGES = (
    # (paragraph, quote as the article writes it, English rendering, what it is about)
    (26, "认准目标，迅猛出手，箭无虚发", "pick the target, strike fast, waste no arrow", "sales"),
    (30, "投放是市场部门一项重要工作，直白来说，就是花钱", "placement is a key job of marketing; put plainly, it is "
     "spending money", "marketing"),
    (31, "倘若没有市场人员大面积的品牌推广，为公司信誉增加背书，销售恐怕难以拿下大单",
     "without marketing's broad brand promotion backing the firm's credibility, sales could hardly win big deals",
     _BOTH),
    (33, "市场和销售天衣无缝的配合，让公司产品每每脱销", "marketing and sales working seamlessly together sell the "
     "product out again and again", _BOTH),
    (39, "从另外的角度增加流量，从而达到卖货的目的", "raise traffic from another angle, and so sell the goods",
     "operations"),
    (42, "市场是属于广撒网式的营销", "marketing casts a wide net", "marketing"),
)
_REACH_CASE_EVIDENCE = {p for p, *_, topic in _REACH_PASSAGES if topic == _BOTH}


def _reach_case_evidence() -> list[Evidence]:
    """The passages offered for the case, in the article's order."""
    return [Evidence(f"¶{p}", (p,), zh, en, topic) for p, zh, en, topic in _REACH_PASSAGES]


def _reach_case_answer(answer) -> tuple[str, set[int]]:
    return _read_case(answer, _CASE_KEYS, lambda v: _choice(v, _REACH_CASE_CHOICES), "¶26")


_REACH_CASE_WRONG = {
    "sales": _msg("Sales is right for a few named targets (¶26), and the firm keeps its five salespeople. But reread "
                  "what the bank IT heads say: which passage says what sales needs before it can win a big deal?",
                  "几家点名的目标客户，确实适合销售去谈（¶26），这家公司的五名销售也会留下。但再读一遍银行 IT 负责人"
                  "的话：文章哪一段说了销售要拿下大单，先得有什么？"),
    "marketing": _msg("A wide net reaches the whole sector (¶42), and few of the people it reaches buy by themselves; "
                      "the goal is 20 named banks, each a big deal closed one customer at a time (¶26). Look for the "
                      "passage on what the two roles do together.",
                      "广撒网能覆盖整个行业（¶42），可被触达的人里自己来买的很少；目标是 20 家点了名的银行，"
                      "每一家都是要逐个去谈的大单（¶26）。找一找讲两个岗位一起做事的那一段。"),
    "operations": _msg("Operations does not go to the customer: it raises traffic from another angle (¶39) and grows "
                       "through the product (¶36). A bank that has never heard of the firm does not search for it. "
                       "Reread the card: the firm has salespeople; what do they lack?",
                       "运营不直接找客户，而是从另外的角度增加流量（¶39），靠产品本身增长（¶36）。"
                       "没听说过这家公司的银行，也不会去搜索它。再读一遍卡片：这家公司有销售，他们缺的是什么？"),
}


@_exercise("05-5",
           "Which reach fits the firm's goal, and which passage of the article is your evidence?",
           "哪种触达方式适合这家公司的目标？你的依据是文章的哪一段？",
           example="{'choice': 'sales', 'evidence': '¶26'}",
           example_zh="{'选择': '销售', '依据': '¶26'}",
           form=CaseForm(
               card=_msg("A Hangzhou firm sells a cloud security service to banks. Its goal for next year: sign 20 of "
                         "the country's 300 largest banks, each deal worth several million a year. It has five good "
                         "salespeople, but when they call, the banks' IT heads say: \u201cNever heard of you.\u201d "
                         "The board grants one extra budget.",
                         "杭州一家公司向银行提供云安全服务。明年的目标：在全国最大的 300 家银行里签下 20 家，"
                         "每单每年几百万。公司有五名能干的销售，可他们打电话过去，银行的 IT 负责人总是说："
                         "「没听说过你们。」董事会批了一笔追加预算。"),
               options=_REACH_CASE_OPTIONS, evidence=_reach_case_evidence))
class _E05_5:
    def solve(self):
        return {"choice": _BOTH, "evidence": f"¶{min(_REACH_CASE_EVIDENCE)}"}

    def judge(self, answer):
        choice, paragraphs = _reach_case_answer(answer)
        if choice != _BOTH:
            return False, _REACH_CASE_WRONG[choice]
        marks = "、".join(f"¶{p}" for p in sorted(paragraphs))
        marks_en = ", ".join(f"¶{p}" for p in sorted(paragraphs))
        if not paragraphs <= _REACH_CASE_EVIDENCE:
            topics = {p: t for p, *_, t in _REACH_PASSAGES}
            about = {topics.get(p) for p in paragraphs} - {None, _BOTH}
            what = (_msg(f"{marks_en} speaks for one role alone.", f"{marks} 讲的只是其中一个岗位。") if about else
                    _msg(f"{marks_en} is not one of the passages on reach offered here.",
                         f"{marks} 不在这里列出的讲触达的段落之中。"))
            return False, _msg(f"The choice is right; the evidence is not yet. {what['en']} Pick the passage that says "
                               "why the two roles need each other.",
                               f"选择是对的，依据还不对。{what['zh']}请选出说明这两个岗位为什么离不开彼此的那一段。")
        return True, _msg(f"Marketing beside sales, defended with {marks_en}. The targets are few and named, so sales "
                          "keeps striking point to point (¶26); but a name nobody knows cannot win big deals without "
                          "marketing's brand backing (¶31), and the two together are what sells the product out (¶33). "
                          "The explorer counts customers and cannot show this: it has no brand in it.",
                          f"在销售之外加上市场，依据是 {marks}。目标少而明确，销售照样点对点出击（¶26）；"
                          "可没人听说过的名字，没有市场的品牌推广背书，很难拿下大单（¶31）；两者配合，才让产品脱销（¶33）。"
                          "探索工具只数客户，显示不了这一点：模型里没有品牌。")


# ------------------------------------------------------------------------------- 02 one-off vs ongoing


def _break_even(**over):
    preset = over.pop("preset", None)
    df = _scenario("one_off_vs_ongoing", preset, **over).data
    return df.attrs["break_even_period"], df


_HORIZON_TARGET = 30


def _preset_names(contrast: str, preset: str) -> dict:
    """A named scenario's name in both languages, as the explorer's Scenario menu shows it."""
    names = _scenario(contrast).presets[preset]
    return {"en": names["en"], "zh": names["zh"]}


def _revenue_defaults() -> dict:
    p = _params("one_off_vs_ongoing")
    df = _scenario("one_off_vs_ongoing").data
    money = {k: _msg(f"{p[k]:,.0f}", zh_number(p[k])) for k in ("one_off_price", "arpa")}
    return {"price": money["one_off_price"], "arpa": money["arpa"], "touches": p["touches"], "base": p["base_churn"],
            "churn": df.attrs["churn"], "expansion": df.attrs["expansion"]}


@_exercise("02-1",
           "Predict: by default a one-off price of {price} stands against a subscription of {arpa} a "
           "month. After signing, the seller keeps in touch with each customer {touches} times a month, which "
           "brings monthly churn down from {base:.0%} to {churn:.1%} and adds {expansion:.0%} expansion a month. "
           "In which year (1, 2, 3, …) does the subscription's cumulative revenue catch up with the one-off sale? "
           "A year, or never.",
           "预测：默认情况下，一次性售价 {price}，订阅每月 {arpa}。签约后，销售每月跟进每位客户 "
           "{touches} 次，使月流失率从 {base:.0%} 降到 {churn:.1%}，并带来每月 {expansion:.0%} 的扩展（增购）。"
           "订阅的累计收入在第几年（1、2、3……）追上一次性销售？填年份；如果认为永远追不上，点旁边的按钮。",
           example="1", form=NumberForm(unit=_msg("(year)", "（年）"), never=True), prediction="one_off_vs_ongoing",
           facts=_revenue_defaults)
class _E02_1:
    def solve(self):
        month, _ = _break_even()
        return _NEVER if month is None else math.ceil(month / 12)

    def judge(self, answer):
        given = _int_or_never(answer)
        month, _ = _break_even()
        sol = self.solve()
        if given == sol:
            if sol == _NEVER:
                return True, _msg("Within the horizon the subscription never catches up.",
                                  "在时间跨度内，订阅始终追不上。")
            return True, _msg(f"The lines cross in month {month}, in year {sol}: until then the one-off sale is "
                              "ahead, after that the subscription keeps adding, because the seller keeps selling "
                              "after signing. The dashed line, the same subscription with nobody following up, "
                              "never catches up (¶20–¶21).",
                              f"两条线在第 {month} 个月相交，即第 {sol} 年：此前一次性销售领先，此后订阅持续累加，"
                              f"因为签约后销售还在继续。虚线是签约后无人跟进的同一个订阅，它始终追不上（¶20–¶21）。")
        return False, _msg("Find the month where the subscription's cumulative line crosses the one-off line; "
                           "months 1 to 12 are year 1, months 13 to 24 year 2, and so on. The sentence under the "
                           "chart names the month.",
                           "找到订阅累计收入曲线与一次性销售曲线相交的月份：第 1–12 个月是第 1 年，第 13–24 个月"
                           "是第 2 年，依此类推。图下的那句话写出了月份。")


@_exercise("02-2",
           "Target practice: what is the smallest number of after-sales touches per customer a month (a value on "
           "its slider) at which the subscription overtakes the one-off sale within 30 months? Leave the other "
           "sliders at their defaults.",
           "打靶练习：每位客户每月至少要有几次售后跟进（滑块上的值），订阅才能在 30 个月内超过一次性销售？"
           "其他滑块保持默认值。",
           example="1")
class _E02_2(_SliderTarget):
    group, name, lowest, whole = "one_off_vs_ongoing", "touches", True, True
    right = _msg("With {v} touches a month the subscription catches up {when}; with one fewer it catches up "
                 "{later}. Serving the customer, presenting new capabilities and recommending more after signing "
                 "is what makes the ongoing sale pay (¶21).",
                 "每月跟进 {v} 次时，订阅{when}；少一次就{later}。签约后继续服务、介绍新能力、推荐更多产品，"
                 "持续销售才划算（¶21）。")
    missed = _msg("With after-sales touches at {v} a month the subscription catches up {when}: too late. "
                  "Move '{lab}' to the right and watch where the two cumulative lines cross.",
                  "每月跟进 {v} 次时，订阅{when}，太晚了。把「{lab}」向右拉，看两条累计收入曲线在哪里相交。")
    room = _msg("With after-sales touches at {v} a month the subscription catches up {when}: within 30 months, "
                "but would fewer do? Move '{lab}' to the left one step at a time.",
                "每月跟进 {v} 次时，订阅{when}，在 30 个月以内；但少几次行不行？把「{lab}」一格一格向左拉。")

    def _month(self, touches):
        month, _ = _break_even(touches=touches)
        return month

    def _ok(self, touches):
        month = self._month(touches)
        return month is not None and month <= _HORIZON_TARGET

    def _facts(self, s, right):
        month = self._month(s)
        facts = {"when": _msg("never within the horizon", "在时间跨度内始终追不上") if month is None
                 else _msg(f"in month {month}", f"在第 {month} 个月追上")}
        if right:
            further = self._further(s)
            nxt = self._month(further) if self._on_slider(further) else None
            facts["later"] = (_msg("never", "始终追不上") if nxt is None
                              else _msg(f"in month {nxt}", f"要到第 {nxt} 个月才追上"))
        return facts


_TRAD = "traditional_firm"


@_exercise("02-3",
           "Load the scenario '{preset}' from the explorer's Scenario menu. In which month does the subscription "
           "catch up with the one-off sale? A month, or never.",
           "在探索工具的「场景」菜单里载入「{preset}」。订阅在第几个月追上一次性销售？填月份；如果始终追不上，"
           "点旁边的按钮。",
           example="12", form=NumberForm(unit=_msg("(month)", "（月）"), never=True),
           facts=lambda: {"preset": _preset_names("one_off_vs_ongoing", _TRAD)})
class _E02_3:
    def solve(self):
        month, _ = _break_even(preset=_TRAD)
        return _NEVER if month is None else int(month)

    def judge(self, answer):
        given = _int_or_never(answer)
        _, df = _break_even(preset=_TRAD)
        sol = self.solve()
        wide = df.pivot(index="period", columns="model", values="cumulative")
        if given == sol:
            if sol == _NEVER:
                end = wide.iloc[-1]
                p = _params("one_off_vs_ongoing", _TRAD)
                return True, _msg(f"Never: after {len(wide)} months the subscription has brought "
                                  f"{end['ongoing']:,.0f} against {end['one_off']:,.0f} for the one-off sale. "
                                  f"Only the after-sales touches changed: with nobody selling after signing, churn "
                                  f"stays at {p['base_churn']:.0%} and nothing is added, so a customer brings at "
                                  f"most {p['arpa']:,.0f} ÷ {p['base_churn']:.0%} = "
                                  f"{p['arpa'] / p['base_churn']:,.0f}, less than the one-off price of "
                                  f"{p['one_off_price']:,.0f}. Left alone after signing, the subscription runs "
                                  "down like a one-hammer deal, where the sale ends at purchase (¶19).",
                                  f"始终追不上：{len(wide)} 个月后，订阅累计收入 {zh_number(end['ongoing'], 3)}，"
                                  f"一次性销售 {zh_number(end['one_off'], 3)}。只改了售后跟进：签约后没人再跟进，"
                                  f"月流失率停在 {p['base_churn']:.0%}，也没有增购，每位客户最多带来 "
                                  f"{zh_number(p['arpa'])} ÷ {p['base_churn']:.0%} = "
                                  f"{zh_number(p['arpa'] / p['base_churn'])}，"
                                  f"低于一次性售价 {zh_number(p['one_off_price'])}。"
                                  "签约后撒手不管，订阅就成了一锤子买卖：客户买完，销售就结束了（¶19）。")
            return True, _msg(f"The lines cross in month {sol}.", f"两条线在第 {sol} 个月相交。")
        if given == _NEVER:
            return False, _msg("Look again: the two cumulative lines do cross within the horizon. The sentence under "
                               "the chart names the month.",
                               "再看看：两条累计曲线在时间跨度内确实相交了。图下的那句话写出了月份。")
        if not 1 <= given <= len(wide):
            return False, _msg(f"Month {given} is outside the chart's horizon (1 to {len(wide)}).",
                               f"第 {given} 个月超出了图的时间跨度（1 到 {len(wide)}）。")
        row = wide.loc[given]
        return False, _msg(f"In month {given} the subscription has brought {row['ongoing']:,.0f} so far and the "
                           f"one-off sale {row['one_off']:,.0f}. Follow the subscription's line to the right edge "
                           "of the chart: does it ever reach the one-off line?",
                           f"到第 {given} 个月，订阅累计 {zh_number(row['ongoing'])}，"
                           f"一次性销售 {zh_number(row['one_off'])}。"
                           "沿着订阅曲线一直看到图的右边：它追上过一次性销售的线吗？")


# The cases of notebooks 01 and 02: a new situation, a choice of what the seller does, and one passage of
# the article as evidence. The passages are quoted verbatim (tests/test_citations.py checks them).
_CASE_PICK_KEYS = {"choice": ("answer", "选择", "答案", "做法"),
                   "evidence": ("paragraph", "paragraphs", "passage", "¶", "依据", "证据", "段落")}


def _case_pick(answer, options: Mapping[str, tuple[str, ...]]) -> tuple[str, set[int]]:
    """``{"choice": ..., "evidence": "¶21"}`` (or a pair) read as (choice key, paragraph numbers)."""
    return _read_case(answer, _CASE_PICK_KEYS, lambda v: _choice(v, options), "¶21")


def _passages(*rows) -> Callable[[], list[Evidence]]:
    """Evidence offered by a case: ``(paragraph, quote_zh, quote_en, topic)`` rows, in the article's order."""
    items = [Evidence(f"¶{n}", (n,), zh, en, topic) for n, zh, en, topic in rows]
    return lambda: sorted(items, key=lambda e: e.paragraphs)


def _marks(paragraphs) -> dict:
    ps = sorted(paragraphs)
    return _msg(", ".join(f"¶{p}" for p in ps), "、".join(f"¶{p}" for p in ps))


class _PassageCase:
    """A case judged on its choice, then on the passage cited: subclasses name the ``answer`` and the
    ``accepted`` paragraphs, the ``choices`` and ``evidence`` offered, a hint per ``wrong`` choice, what
    each off-topic passage is about (``off_topic``: topic -> (en, zh), ``{m}`` the cited marks), what
    to look for (``ask``) and the explanation of a right answer (``right(m)``)."""

    answer: str
    accepted: set
    cite: str  # the passage the solution cites
    choices: dict
    evidence: Callable
    wrong: dict
    off_topic: dict
    ask: tuple

    def right(self, m: dict) -> dict:
        raise NotImplementedError

    def solve(self):
        return {"choice": self.answer, "evidence": self.cite}

    def judge(self, answer):
        choice, paragraphs = _case_pick(answer, self.choices)
        if choice != self.answer:
            return False, self.wrong[choice]
        m = _marks(paragraphs)
        if paragraphs & self.accepted:
            return True, self.right(m)
        topic = {e.paragraphs[0]: e.topic for e in self.evidence()}
        about = {topic.get(p) for p in paragraphs}
        en, zh = next((texts for t, texts in self.off_topic.items() if t in about),
                      ("{m} is not among the passages offered.", "{m} 不在给出的段落之中。"))
        return False, _msg(f"The choice is right; the evidence is not yet. {en.format(m=m['en'])} {self.ask[0]}",
                           f"做法选对了，依据还不对。{zh.format(m=m['zh'])}{self.ask[1]}")


_E02_EVIDENCE = _passages(
    (16, "其带来的间接价值可能是成倍增长的", "the indirect value it brings may multiply", "value"),
    (18, "他的真正需求是打孔", "what he really needs is a hole", "value"),
    (19, "传统销售往往是一锤子买卖", "traditional sales is often a one-hammer deal", "one_off"),
    (20, "才是产品销售过程真正的开始", "is when the sale truly begins", "ongoing"),
    (21, "不断向其介绍我们的新能力", "we keep presenting our new capabilities to them", "ongoing"),
    (22, "对于渠道的依赖性大幅减弱", "dependence on channels drops sharply", "channels"),
    (24, "“关系”不再成为销售过程中的“最关键因子”", "'relationships' are no longer the decisive factor",
     "channels"),
)
_E02_OPTIONS = (
    ("next_prospect", _msg("Hand the account to the support desk and move on to the next prospect: the sale is "
                           "closed.", "把客户交给客服，转去跟下一个潜在客户：这一单已经成交了。")),
    ("after_sales", _msg("Give the chain a year of after-sales: fix whatever breaks when it calls.",
                         "给这家连锁一年的售后：客户来电报修，就把问题解决。")),
    ("keep_selling", _msg("Keep serving the chain (training, regular check-ins), show it the demand forecast when "
                          "it ships and recommend the payroll module: the sale has only begun.",
                          "持续服务这家连锁（培训、定期回访），需求预测功能一上线就去演示，再推荐工资模块："
                          "销售才刚刚开始。")),
    ("relationship", _msg("Take the owner to dinner and send gifts on holidays, so that he renews out of "
                          "friendship.", "请老板吃饭，逢年过节送礼，让他念着交情续约。")),
)
_E02_CHOICES = {"next_prospect": ("next prospect", "下一个客户"), "after_sales": ("after-sales", "售后"),
                "keep_selling": ("keep selling", "ongoing", "持续销售", "持续服务"),
                "relationship": ("relationships", "dinner", "关系", "请客")}
_E02_WRONG = {
    "next_prospect": _msg("That ends the sale at signing, as a traditional one-hammer deal does (¶19). The chain "
                          "pays by the month and can leave; and the vendor has more to offer it (the card names "
                          "two things). What does the article say the seller does after the contract is signed?",
                          "这样签约就等于销售结束，正是传统的一锤子买卖（¶19）。这家连锁按月付费，随时可能流失；"
                          "厂商还有东西可以卖给它（卡片里提到了两样）。签约之后销售该做什么，文章是怎么说的？"),
    "after_sales": _msg("A year of repairs on call is the traditional after-sales term of ¶19 (一年半载的售后期限). "
                        "It keeps the product working but sells nothing more: the demand forecast and the payroll "
                        "module on the card stay unsold. What does the article add for an internet product?",
                        "有事报修、管一年，正是 ¶19 说的传统售后期限（一年半载）。它让产品能用，却不再卖出任何东西："
                        "卡片上的需求预测和工资模块都没人去卖。对互联网产品，文章还要求销售做什么？"),
    "relationship": _msg("Dinners and gifts are relationship selling, and the article says relationships are no "
                         "longer the decisive factor in internet sales (¶24). What keeps a subscriber buying is "
                         "what the seller does for it after signing: reread the card and what the article says "
                         "comes after the contract.",
                         "请客送礼是「关系型销售」，文章说在互联网销售中「关系」已不再是最关键的因素（¶24）。"
                         "让订阅客户继续买的，是签约后销售为它做的事：再读一遍卡片，想想文章说签约之后还有什么。"),
}


@_exercise("02-4",
           "What should the vendor's salesperson do now, and which passage of the article is your evidence?",
           "这家厂商的销售人员现在该怎么做？你的依据是文章的哪一段？",
           example="{'choice': 'after_sales', 'evidence': '¶19'}",
           example_zh="{'选择': '售后', '依据': '¶19'}",
           form=CaseForm(
               card=_msg("Case · A cloud vendor has just signed a one-year contract with a chain of 40 restaurants "
                         "for its ordering and stock-keeping SaaS, paid by the month. Next quarter the vendor "
                         "ships a demand forecast (an AI feature); it also sells a payroll module. The "
                         "salesperson's manager asks: \u201cThe contract is signed. What now?\u201d",
                         "案例 · 一家云服务厂商刚和一家有 40 家门店的餐饮连锁签下一年合同，卖的是点单和库存管理 "
                         "SaaS，按月付费。厂商下个季度要上线一项 AI 需求预测功能，另外还有工资模块可卖。"
                         "销售经理问：「合同签了，接下来做什么？」"),
               options=_E02_OPTIONS, evidence=_E02_EVIDENCE))
class _E02_4(_PassageCase):
    answer, accepted, cite = "keep_selling", {20, 21}, "¶21"
    choices, wrong, evidence = _E02_CHOICES, _E02_WRONG, staticmethod(_E02_EVIDENCE)
    off_topic = {
        "one_off": ("{m} describes the traditional one-hammer deal: the contrast, not the evidence.",
                   "{m} 讲的是传统的一锤子买卖：它是对照，不是依据。"),
        "value": ("{m} is about the first difference, presenting an intangible product's value.",
                   "{m} 讲的是第一点不同：把无形产品的价值讲出来。"),
        "channels": ("{m} is about the third difference, channels and relationships.",
                   "{m} 讲的是第三点不同：渠道与关系。"),
    }
    ask = ("Pick the passage that says what an internet seller does once the contract is signed.",
           "请选出说明互联网销售签约之后该做什么的那一段。")

    def right(self, m):
        return _msg(f"Keep selling after signing, defended with {m['en']}. For an internet product the "
                    "moment the contract is signed is when the sale truly begins (¶20): the seller keeps "
                    "serving the customer, presents new capabilities and recommends more products and "
                    "services, so selling runs through the whole relationship (¶21). The explorer "
                    "above shows what it is worth: fewer customers leave and those who stay buy more.",
                    f"签约后继续销售，依据是 {m['zh']}。互联网产品签下协议的那一刻，才是销售真正的开始"
                    "（¶20）：销售要持续服务客户，不断介绍新能力，推荐更多的产品和服务，销售过程贯穿始终"
                    "（¶21）。本笔记的探索工具显示了它的价值：流失的客户更少，留下的客户买得更多。")


# ------------------------------------------------------------------------------- 01 value presentation


def _crm(preset: str | None = None, **over):
    return _scenario("value_presentation", preset, **over).data["components"].set_index("component")["value"]


def _crm_npv(preset: str | None = None, **over) -> float:
    return _scenario("value_presentation", preset, **over).data["npv"]


_COMPONENTS = {
    "time_saved": ("time saved", "time", "saved time", "hours", "hours saved", "节省的时间", "节省时间", "时间"),
    "conversion_lift": ("more deals", "more deals won", "extra deals", "deals", "conversion", "conversion lift",
                        "lift", "多赢得的订单", "成交提升", "更多成交", "成交", "订单"),
}


def _crm_defaults() -> dict:
    p = _params("value_presentation")
    return {"reps": int(p["reps"])}


@_exercise("01-1",
           "Predict: the article's CRM brings its buyer no direct revenue (¶16). For a team of {reps} sales reps, "
           "at the defaults, which of its two indirect values is bigger each year: the reps' time it saves, or "
           "the extra deals it helps win?",
           "预测：文章里的 CRM 不能给买方带来直接收入（¶16）。对一支 {reps} 人的销售团队，按默认参数，"
           "它的两项间接价值哪一项每年更大：为销售节省的时间，还是帮他们多赢得的订单？",
           example='"conversion_lift"', example_zh='"多赢得的订单"', prediction="value_presentation",
           facts=_crm_defaults,
           form=ChoiceForm((("time_saved", _msg("Time saved", "节省的时间")),
                            ("conversion_lift", _msg("More deals won", "多赢得的订单")))))
class _E01_1:
    def solve(self):
        v = _crm()
        return "time_saved" if v["time_saved"] >= v["conversion_lift"] else "conversion_lift"

    def judge(self, answer):
        given = _choice(answer, _COMPONENTS)
        v = _crm()
        p = _params("value_presentation")
        total = float(v["time_saved"] + v["conversion_lift"])
        times = total / p["cost"]
        cost_zh = zh_number(p["cost"])  # "5万" is followed by 的 directly, "1,600" with a space
        if given == self.solve():
            return True, _msg(f"Time saved is worth {v['time_saved']:,.0f} a year, more deals "
                              f"{v['conversion_lift']:,.0f}: together {total:,.0f}, {times:.1f} times the running "
                              f"cost of {p['cost']:,.0f}, from a product with no direct revenue at all. That is "
                              "the article's point: the indirect value may multiply (¶16). Both numbers are "
                              "estimates, so say where each comes from.",
                              f"节省的时间每年值 {zh_number(v['time_saved'])}，多赢得的订单值 "
                              f"{zh_number(v['conversion_lift'])}：合计 {zh_number(total)}，是每年运行成本 "
                              f"{cost_zh}{'' if cost_zh[-1] in '万亿' else ' '}的 {times:.1f} 倍，"
                              "而这个产品本身没有一分直接收入。这正是文章的意思：间接价值可能成倍增长（¶16）。"
                              "两个数字都是估计，要说清每个从哪里来。")
        return False, _msg("Compare the two '(indirect)' bars of the left-hand chart, or work them out: reps × "
                           "hours saved × weeks × hourly cost, against reps × deals × lift × margin per deal.",
                           "比较左图中两根标着「间接」的柱子；或者自己算一算：“人数 × 每周节省小时 × 周数 × "
                           "小时成本”和“人数 × 成交数 × 成交提升 × 每单毛利”，哪个更大？")


_CONSERVATIVE = "conservative"


def _money(x: float) -> dict:
    """An amount as each language writes it: 32,700 and 3.27万."""
    return _msg(f"{x:,.0f}", zh_number(x))


@_exercise("01-2",
           "Target practice: load the scenario '{preset}'. What is the smallest number of admin hours saved per "
           "rep per week (a value on its slider) at which the CRM's net present value (NPV) is positive? Watch "
           "the NPV in the box on the right.",
           "打靶练习：载入场景「{preset}」。每名销售每周至少要节省多少小时事务时间（滑块上的值），"
           "CRM 的净现值（NPV）才为正？留意右图方框里的净现值。",
           example="3", facts=lambda: {"preset": _preset_names("value_presentation", _CONSERVATIVE)})
class _E01_2(_SliderTarget):
    group, name, lowest, fraction = "value_presentation", "hours_saved", True, False
    right = _msg("At {v:g} h the NPV is {value}; one step less and it is {less}. The whole case rests on "
                 "one estimate, the hours saved: the seller must be able to say how much benefit the product "
                 "creates (¶15), so agree on that number with the customer.",
                 "节省 {v:g} 小时时，净现值为 {value}；少一格就是 {less}。整个论证取决于一个估计："
                 "节省多少小时。销售必须说得清产品能为客户创造多少效益（¶15），所以要和客户一起确认这个数字。")
    missed = _msg("At {v:g} h the NPV is {value}: not positive. Keep the scenario and move '{lab}' to the "
                  "right, watching the NPV in the box on the right-hand chart.",
                  "节省 {v:g} 小时时，净现值为 {value}，不为正。保持这个场景，把「{lab}」向右拉，"
                  "留意右图方框里的净现值。")
    room = _msg("At {v:g} h the NPV is {value}: positive, but could fewer hours do? Check that the scenario "
                "is '{preset}', then move '{lab}' back one step at a time.",
                "节省 {v:g} 小时时，净现值为 {value}，为正；但更少的小时数行不行？先确认场景是「{preset}」，"
                "再把「{lab}」一格一格往回拉。")

    def _npv(self, h):
        return _crm_npv(_CONSERVATIVE, hours_saved=h)

    def _ok(self, h):
        return self._npv(h) > 0

    def _facts(self, h, right):
        facts = {"value": _money(self._npv(h)), "preset": _preset_names("value_presentation", _CONSERVATIVE)}
        if right:
            facts["less"] = _money(self._npv(self._further(h)))
        return facts


_E01_EVIDENCE = _passages(
    (11, "敏锐的需求挖掘能力", "a keen skill in discovering needs", "need"),
    (13, "销售可以直接把产品拿给客户看", "the seller can simply show the product to the customer", "tangible"),
    (14, "很难把产品摆在客户面前", "it is hard to put the product in front of the customer", "value"),
    (16, "其带来的间接价值可能是成倍增长的", "the indirect value it brings may multiply", "value"),
    (18, "他的真正需求是打孔", "what he really needs is a hole", "need"),
    (21, "向其推荐更多的产品和服务", "recommending more products and services to them", "ongoing"),
    (24, "“关系”不再成为销售过程中的“最关键因子”", "'relationships' are no longer the decisive factor",
     "channels"),
)
_E01_OPTIONS = (
    ("quote_page", _msg("Quote a low price for the booking page: give the customer exactly what he asked for.",
                        "给预约页面报个低价：客户要什么，就给什么。")),
    ("demo", _msg("Demo the software's screens and its list of features, and let the product speak for itself.",
                  "演示软件界面和功能清单，让产品自己说话。")),
    ("real_need", _msg("Ask what the page is for (fewer missed appointments, less time on the phone), offer a "
                       "whole solution to that need (booking, reminders, rebooking) and show what it is worth in "
                       "the clinics' own numbers.",
                       "先问清要这个页面是为了什么（少些爽约、少接电话），针对这个需求给出一整套方案"
                       "（预约、提醒、改约），再用诊所自己的数字算出它值多少。")),
    ("spreadsheet", _msg("First build a spreadsheet that tests how the page's return changes with each "
                         "assumption, and present the most cautious figure.",
                         "先做一张表，测算预约页面的回报随每个假设怎样变化，再报出最保守的数字。")),
)
_E01_CHOICES = {"quote_page": ("quote", "price", "报价", "低价"), "demo": ("show", "演示"),
                "real_need": ("real need", "need", "真正需求", "需求"), "spreadsheet": ("sensitivity", "表格", "测算")}
_E01_WRONG = {
    "quote_page": _msg("The page is what the owner asks for, not what he needs. Reread the end of the card: what "
                       "problem would the page solve for him, and is a page the whole answer to it?",
                       "页面是老板开口要的东西，不是他真正需要的。再读一遍卡片的后半段：他要这个页面是想解决什么"
                       "问题？一个页面能把问题全解决吗？"),
    "demo": _msg("Showing the product works for a house or a car, which can be put in front of the customer "
                 "(¶13). Screens and features do not show what software is worth to a clinic; the article asks "
                 "the seller to make an abstract product's value concrete (¶14).",
                 "把产品拿给客户看，对房子、汽车管用，因为它们能摆在客户面前（¶13）。界面和功能说明不了软件对诊所"
                 "值多少；文章要求销售把抽象的产品价值讲具体（¶14）。"),
    "spreadsheet": _msg("Testing assumptions checks a number once you know what to count; here it would still "
                        "count the page, the thing he asked for. The article asks for something else first: find "
                        "the need behind the request. Reread the card: what does the owner really want the page for?",
                        "测算假设，是在知道该算什么之后检验一个数字；这里算的仍是页面，也就是他开口要的东西。"
                        "文章要求先做另一件事：找出请求背后的需求。再读一遍卡片：老板要这个页面，到底是想要什么？"),
}


@_exercise("01-3",
           "What should the vendor's salesperson do, and which passage of the article is your evidence?",
           "这家厂商的销售人员该怎么做？你的依据是文章的哪一段？",
           example="{'choice': 'quote_page', 'evidence': '¶13'}",
           example_zh="{'选择': '报价', '依据': '¶13'}",
           form=CaseForm(
               card=_msg("Case · A SaaS vendor sells online booking to a chain of six dental clinics. The owner "
                         "says: \u201cAll I want is a booking page on our website. What does the page cost?\u201d "
                         "In passing he mentions that about one appointment in five is missed without notice, so "
                         "chairs stand empty, and that his front desks spend hours a day on the phone.",
                         "案例 · 一家 SaaS 厂商向一家有六家门店的牙科连锁推销在线预约系统。老板说："
                         "「我只要官网上有个预约页面，这个页面多少钱？」他顺口提到，大约每五个预约就有一个"
                         "不打招呼就爽约，椅位空着；各店前台每天要花好几个小时接电话。"),
               options=_E01_OPTIONS, evidence=_E01_EVIDENCE))
class _E01_3(_PassageCase):
    answer, accepted, cite = "real_need", {11, 18}, "¶18"
    choices, wrong, evidence = _E01_CHOICES, _E01_WRONG, staticmethod(_E01_EVIDENCE)
    off_topic = {
        "value": ("{m} backs the second half of your choice, making the value concrete; but the card "
                   "turns on what comes first: the owner asks for a page.",
                   "{m} 支持你所选做法的后半句，即把价值讲具体；但这张卡片的关键在前面：老板开口要的是"
                   "一个页面。"),
        "tangible": ("{m} is about traditional sales, where the product can be shown: the contrast, not "
                   "the evidence.", "{m} 讲的是传统销售，产品可以直接拿给客户看：它是对照，不是依据。"),
        "ongoing": ("{m} is about the second difference, selling after the contract is signed.",
                   "{m} 讲的是第二点不同：签约之后的销售。"),
        "channels": ("{m} is about the third difference, channels and relationships.",
                   "{m} 讲的是第三点不同：渠道与关系。"),
    }
    ask = ("Pick the passage that says to look for the real need behind what a customer asks for.",
           "请选出说明要看到客户请求背后真正需求的那一段。")

    def right(self, m):
        return _msg(f"Find the real need, defended with {m['en']}. A customer who asks for a drill wants "
                    "a hole (卖钻讲孔, ¶18); seeing that is the need-discovery skill of ¶11. The page is "
                    "the drill; filled chairs and free front desks are the hole, and a whole solution to "
                    "them suits the owner better. Its value is indirect, like the CRM's (¶16), so the "
                    "seller puts it in the clinics' own numbers: that is value presentation (¶15, ¶17).",
                    f"找出真正的需求，依据是 {m['zh']}。客户要买钻头，是想打一个孔（卖钻讲孔，¶18）；"
                    "看出这一点，靠的是 ¶11 说的需求挖掘能力。页面是钻头，坐满的椅位、腾出手来的前台才是孔，"
                    "给出一整套解决方案更合老板的心意。这份价值和 CRM 一样是间接的（¶16），所以要用诊所自己"
                    "的数字讲出来：这就是价值呈现（¶15、¶17）。")


# ------------------------------------------------------------------------------- 06 putting it together

_STARTUP = "internet_startup"
_YESNO = {"yes": ("y", "true", "会", "是", "对", "能"), "no": ("n", "false", "不会", "否", "不", "不能")}


def _trad_customers() -> float:
    """Customers the traditional firm's sales and marketing win together at the default horizon."""
    last = _reach(preset=_TRAD)
    return float(last.loc["sales", "customers"] + last.loc["marketing", "customers"])


def _trad_cost() -> float:
    last = _reach(preset=_TRAD)
    return float(last.loc["sales", "cost"] + last.loc["marketing", "cost"])


def _startup(**over) -> tuple[float, float]:
    """The start-up's customers won by operations, and what operations spent, at the last week."""
    last = _reach(preset=_STARTUP, **over)
    return float(last.loc["operations", "customers"]), float(last.loc["operations", "cost"])


@_exercise("06-1",
           "Card A, predict: the start-up has no sales reps and no ad budget; its operations does part of both "
           "jobs (¶35). After {w} weeks, will it have won more customers than the traditional firm's sales and "
           "marketing together?",
           "卡片 A，预测：这家初创公司没有销售人员，也没有投放预算，由运营兼做两者的部分工作（¶35）。"
           "{w} 周后，它赢得的客户会比传统企业的销售和市场加起来还多吗？",
           example='"yes"', example_zh='"会"', prediction="reach", facts=lambda: {"w": _reach_weeks(_STARTUP)},
           form=ChoiceForm((("yes", _msg("Yes, more", "会，更多")), ("no", _msg("No", "不会")))))
class _E06_1:
    def solve(self):
        return "yes" if _startup()[0] > _trad_customers() else "no"

    def judge(self, answer):
        given = _choice(answer, _YESNO)
        if given == self.solve():
            ops, spent = _startup()
            spent, cost = _amount(spent), _amount(_trad_cost())
            w = _reach_weeks(_STARTUP)
            return True, _msg(f"In {w} weeks the start-up's operations wins {ops:,.0f} customers for {spent['en']}; "
                              f"the traditional firm's sales and marketing win {_trad_customers():,.0f} for "
                              f"{cost['en']}. Operations takes on part of both jobs (¶35), not all of them: "
                              "what would you need to know to compare the two fairly (what a customer is worth, "
                              "what the brand does for sales, ¶31)?",
                              f"{w} 周内，初创公司的运营花 {spent['zh']}赢得 {ops:,.0f} 个客户；传统企业的销售和市场花 "
                              f"{cost['zh']}赢得 {_trad_customers():,.0f} 个。运营承担的是两者的部分工作（¶35），"
                              "不是全部：要公平比较，还需要知道什么（每个客户值多少、品牌给销售带来什么，¶31）？")
        return False, _msg("Load each scenario in the explorer in turn and read the sentence under the chart: for "
                           "the start-up, the customers operations has won; for the traditional firm, the customers "
                           "won by sales and by marketing, added together.",
                           "在探索工具里依次载入两个场景，读图下的句子：初创公司看运营赢得的客户；"
                           "传统企业看销售和市场赢得的客户，两者相加。")


@_exercise("06-2",
           "Card A, target practice: the start-up keeps growing through its product. With the scenario '{startup}' "
           "loaded, how many weeks (a value on the weeks slider) does it need to win at least as many customers "
           "as the traditional firm's sales and marketing win together in {w} weeks? (Load '{trad}' first to read "
           "its number.)",
           "卡片 A，打靶练习：初创公司靠产品持续增长。载入场景「{startup}」后，它至少要多少周（看周数滑块），"
           "赢得的客户才能追上传统企业的销售和市场 {w} 周的合计？（先载入「{trad}」，读出这个数字。）",
           example="30", facts=lambda: {"startup": _preset_names("reach", _STARTUP),
                                        "trad": _preset_names("reach", _TRAD), "w": _reach_weeks(_TRAD)})
class _E06_2(_SliderTarget):
    group, name, lowest, whole = "reach", "weeks", True, True
    right = _msg("In {v} weeks the start-up wins {ops:,.0f} customers and has spent {spent}; the traditional "
                 "firm's sales and marketing win {target:,.0f} in {w} weeks for {trad_cost}. Slower, and "
                 "cheaper here; but a sales customer is often a big deal, and marketing's brand helps win it (¶31).",
                 "{v} 周时，初创公司赢得 {ops:,.0f} 个客户，花费 {spent}；传统企业的销售和市场在 {w} 周内"
                 "花 {trad_cost}赢得 {target:,.0f} 个。更慢，但在这里也更省钱；不过大单要靠销售去拿，"
                 "而帮销售拿下大单的，正是市场的品牌推广（¶31）。")
    missed = _msg("In {v} weeks the start-up has won {ops:,.0f} customers, fewer than {target:,.0f}. With the start-up "
                  "scenario loaded, move '{lab}' to the right and watch operations' line.",
                  "{v} 周时初创公司赢得 {ops:,.0f} 个客户，少于 {target:,.0f} 个。载入初创公司场景后，"
                  "把「{lab}」往右拉，看运营的曲线。")
    room = _msg("In {v} weeks the start-up has won {ops:,.0f} customers, more than {target:,.0f}; could it do with "
                "fewer weeks? Move '{lab}' to the left one step at a time.",
                "{v} 周时初创公司赢得 {ops:,.0f} 个客户，多于 {target:,.0f} 个；更少的周数行不行？"
                "把「{lab}」一格一格往左拉。")

    def _ok(self, n):
        return _startup(weeks=n)[0] >= _trad_customers() - 1e-9

    def _facts(self, n, right):
        ops, spent = _startup(weeks=n)
        return {"ops": ops, "spent": _amount(spent), "target": _trad_customers(), "trad_cost": _amount(_trad_cost()),
                "w": _reach_weeks(_TRAD)}


def _price_fall() -> float:
    trad = _scenario("channel_dependence", _TRAD)
    before = float(trad.data["chain"]["end_price"])
    after = float(trad.set(intermediaries=1).data["chain"]["end_price"])
    return 1.0 - after / before


@_exercise("06-3",
           "Card B: start from the scenario '{preset}'. Online, the dealer buys straight from the maker, so one "
           "intermediary is left: the dealer. By what percentage does the price the buyer pays fall? (Within 1 "
           "percentage point: 25 %, 25% or 0.25.)",
           "卡片 B：从场景「{preset}」开始。上线后经销商直接从厂商进货，只剩经销商这一个中间环节。"
           "买家支付的价格下降了百分之几？（误差 1 个百分点以内，写 25%、25 % 或 0.25 都可以。）",
           example='"10%"', form=NumberForm(unit=_msg("%", "%")),
           facts=lambda: {"preset": _preset_names("channel_dependence", _TRAD)})
class _E06_3:
    def solve(self):
        return round(_price_fall(), 3)

    def judge(self, answer):
        x = _number(answer, fraction_max=1.0)
        sol = _price_fall()
        if abs(x - sol) <= 0.01 + 1e-12:
            return True, _msg(f"The price falls by {sol:.1%}: two middle links and their margins are gone (¶24). "
                              "The car is still a tangible product (¶13); what else changes for the dealer?",
                              f"价格下降 {sol:.1%}：去掉了两个中间环节和它们的加价（¶24）。汽车仍是有形的商品（¶13）；"
                              "对经销商来说还有什么变了？")
        lab = _labels("channel_dependence", "intermediaries")
        direction = "less" if x > sol else "more"
        fall_zh = f"降幅没有 {x:.1%} 那么大" if x > sol else f"降幅不止 {x:.1%}"
        return False, _msg(f"The fall is {direction} than {x:.1%}. Load the scenario, note the price on top of the "
                           f"right bar, set '{lab['en']}' to 1 and note it again; the fall is (before − after) ÷ "
                           "before.",
                           f"{fall_zh}。载入场景，记下右边柱子顶上的价格，"
                           f"再把「{lab['zh']}」设为 1，再记一次；降幅 =（之前 − 之后）÷ 之前。")


_TASK_SHORT = {"flyers": _msg("flyers", "发传单"), "search_ads": _msg("search placement", "直通车和搜索优化"),
               "one_target": _msg("one target customer", "认准目标客户"),
               "competitors": _msg("competitor intelligence", "打探竞争对手"),
               "product_changes": _msg("product changes", "推动产品修改")}
_TASKS = {
    "flyers": ("handing out flyers", "发传单", "发发传单"),
    "search_ads": ("search placement", "seo", "直通车和搜索优化", "淘宝直通车", "搜索引擎优化", "直通车"),
    "one_target": ("one target customer", "close one customer", "认准目标客户", "斩首行动", "认准目标"),
    "competitors": ("competitor intelligence", "competitors", "打探竞争对手", "竞争对手"),
    "product_changes": ("ask product managers for changes", "product changes", "推动产品修改", "产品建议", "改产品"),
}
# From the article, not from the data: ¶39 (flyers = marketing; search placement = operations),
# ¶26 (one target = sales), ¶32 (competitor intelligence = marketing), ¶40 (product changes = operations).
_TASK_ROLES = {"flyers": "marketing", "search_ads": "operations", "one_target": "sales",
               "competitors": "marketing", "product_changes": "operations"}


@_exercise("06-4",
           "Who does it, in the article? Match each task to sales, marketing or operations.",
           "在文章里，这些事由谁来做？把每项任务对应到销售、市场或运营。",
           example="{'flyers': 'sales', 'search_ads': 'sales', 'one_target': 'sales', 'competitors': 'sales', "
                   "'product_changes': 'sales'}",
           example_zh="{'发传单': '销售', '直通车和搜索优化': '销售', '认准目标客户': '销售', '打探竞争对手': '销售', "
                      "'推动产品修改': '销售'}",
           form=MappingForm((
               ("flyers", _msg("Handing out flyers (¶39)", "发传单（¶39）"), _TASK_SHORT["flyers"]),
               ("search_ads", _msg("Paid search placement (淘宝直通车) and search optimisation (¶39)",
                                   "开淘宝直通车、做搜索引擎优化（¶39）"), _TASK_SHORT["search_ads"]),
               ("one_target", _msg("Picking one target customer and closing fast (¶26)",
                                   "认准一个目标客户，迅猛出手（¶26）"), _TASK_SHORT["one_target"]),
               ("competitors", _msg("Gathering competitors' information and strategies (¶32)",
                                    "打探竞争对手的信息和策略（¶32）"), _TASK_SHORT["competitors"]),
               ("product_changes", _msg("Asking product managers for changes, with data as evidence (¶40)",
                                        "拿着数据要求产品经理修改产品（¶40）"), _TASK_SHORT["product_changes"]),
           ), roles=("sales", "marketing", "operations")))
class _E06_4:
    def solve(self):
        return dict(_TASK_ROLES)

    def judge(self, answer):
        from rolecomp.models.reach import ROLES

        given = _mapping(answer, _TASKS, lambda v: _role(v, ROLES))
        wrong = [k for k in _TASKS if given[k] != _TASK_ROLES[k]]
        if not wrong:
            return True, _msg("Flyers are marketing (¶39 says so: “发传单就是市场的一个例子”) and search placement "
                              "is operations (¶39); one target is sales (¶26); competitor intelligence is marketing "
                              "(¶32); product changes from data are operations (¶40).",
                              "发传单是市场（¶39：“发传单就是市场的一个例子”），直通车和搜索优化是运营（¶39）；"
                              "认准一个目标是销售（¶26）；"
                              "打探竞争对手是市场（¶32）；拿数据推动产品修改是运营（¶40）。")
        keys = ", ".join(_TASK_SHORT[k]["en"] for k in wrong)
        keys_zh = "、".join(_TASK_SHORT[k]["zh"] for k in wrong)
        return False, _msg(f"{len(_TASKS) - len(wrong)} of {len(_TASKS)} right; not yet: {keys}. Each task names "
                           "its paragraph (¶26, ¶32, ¶39, ¶40): reread it, or look back at notebooks 04 and 05.",
                           f"对了 {len(_TASKS) - len(wrong)}/{len(_TASKS)}；还不对的：{keys_zh}。每项任务都注明了出自"
                           "哪一段（¶26、¶32、¶39、¶40）：重读原文，或回看第 04、05 本笔记。")


# Card C: a case, defended with a passage of the article. The three differences between internet and
# traditional sales (¶12) are the contrasts of notebooks 01, 02 and 03; the passages offered are the
# quotes the data gives for internet and traditional sales on each, and a passage counts as evidence
# for a difference when the data cites it for that contrast (data/attributes.csv, data/scales.csv,
# and the sources in data/parameters.csv).
_DIFFERENCES = {
    "value_presentation": ("value presentation", "presenting value", "价值呈现", "价值", "01"),
    "one_off_vs_ongoing": ("ongoing sale", "an ongoing sale", "one-off vs ongoing", "ongoing", "持续销售",
                           "持续", "一锤子买卖", "02"),
    "channel_dependence": ("channels", "fewer channels", "channel", "渠道依赖", "渠道", "03"),
}
_DIFFERENCE_LABELS = (
    ("value_presentation", _msg("Value presentation: making an intangible product's value concrete",
                                "价值呈现：把看不见的产品价值讲具体")),
    ("one_off_vs_ongoing", _msg("An ongoing sale: selling starts when the contract is signed",
                                "持续销售：签约才是销售的开始")),
    ("channel_dependence", _msg("Fewer channels: reaching end users directly",
                                "渠道依赖减弱：直接触达终端用户")),
)
# From the article, not from the data: its own example of value presentation is a CRM, whose value is
# indirect (¶16), and software cannot be put in front of the customer as a car can (¶13–¶14).
_CARD_C_ANSWER = "value_presentation"
_CASE_ROLES = ("sales", "traditional_sales")


def _contrast_of_attributes() -> dict:
    from rolecomp.data import load_scales

    scales = load_scales()
    return {str(a): str(c) for a, c in zip(scales.attribute_id, scales.contrast, strict=True)}


def _case_evidence() -> list[Evidence]:
    """The passages offered: each difference's quote for internet sales, then for traditional sales."""
    from rolecomp.data import load_attributes

    contrast = _contrast_of_attributes()
    rows = load_attributes()
    out = []
    for role in _CASE_ROLES:
        for topic in _DIFFERENCES:
            hits = rows[(rows.role_id == role) & rows.attribute_id.map(contrast).eq(topic) & rows.score.notna()]
            for r in hits.itertuples():
                paragraphs = tuple(sorted(_cited(r.paragraphs)))
                if paragraphs and isinstance(r.quote_zh, str) and r.quote_zh:
                    key = ";".join(f"¶{p}" for p in paragraphs)
                    out.append(Evidence(key, paragraphs, zh_punct(str(r.quote_zh)), str(r.quote_en), topic, role))
                    break  # one passage per role and difference
    return sorted(out, key=lambda e: e.paragraphs)  # in the article's order, not the answer first


def _cited(paragraphs) -> set[int]:
    """Paragraph numbers of a data cell: the loader's tuple of numbers, or text such as ``¶22;¶24``."""
    if isinstance(paragraphs, (tuple, list)):
        return {int(p) for p in paragraphs}
    return _paragraph_numbers(str(paragraphs)) if isinstance(paragraphs, str) else set()


def _cited_for(topic: str) -> set[int]:
    """Every paragraph the data cites for a contrast: its attributes' scores and its parameters' sources."""
    from rolecomp.data import load_attributes

    contrast = _contrast_of_attributes()
    rows = load_attributes()
    cited = set()
    for cell in rows[rows.attribute_id.map(contrast).eq(topic)].paragraphs:
        cited |= _cited(cell)
    table = _table(topic) if topic in {"value_presentation", "one_off_vs_ongoing", "channel_dependence"} else None
    if table is not None:
        for text in table["source"].dropna():
            cited |= {int(n) for n in re.findall(r"¶(\d{1,3})", str(text))}
    return cited


_CASE_KEYS = {"choice": ("answer", "difference", "选择", "答案", "不同"),
              "evidence": ("paragraph", "paragraphs", "passage", "¶", "依据", "证据", "段落")}


def _case_answer(answer) -> tuple[str, set[int]]:
    """``{"choice": ..., "evidence": "¶15"}`` (or a pair) read as (choice key, paragraph numbers)."""
    return _read_case(answer, _CASE_KEYS, lambda v: _choice(v, _DIFFERENCES), "¶24")


@_exercise("06-5",
           "Which of the three differences between internet and traditional sales (¶12) must the vendor's "
           "salesperson master here, and which passage of the article is your evidence?",
           "这里，厂商的销售人员最需要掌握互联网销售与传统销售三大不同（¶12）中的哪一个？你的依据是文章的哪一段？",
           example="{'choice': 'channel_dependence', 'evidence': '¶24'}",
           example_zh="{'选择': '渠道依赖', '依据': '¶24'}",
           form=CaseForm(
               card=_msg("Card C · A CRM vendor wants to sell its system to the car dealer of card B. The dealer's "
                         "owner says: \u201cI can't see or touch software. Show me what I get for my money.\u201d",
                         "卡片 C · 一家 CRM 厂商想把系统卖给卡片 B 里的汽车经销商。经销商老板说："
                         "「软件看不见也摸不着，告诉我这笔钱花出去能得到什么。」"),
               options=_DIFFERENCE_LABELS, evidence=_case_evidence))
class _E06_5:
    def solve(self):
        offered = [e for e in _case_evidence() if e.topic == _CARD_C_ANSWER]
        evidence = next((e for e in offered if e.role == _CASE_ROLES[0]), offered[0])  # internet sales' own
        return {"choice": _CARD_C_ANSWER, "evidence": evidence.key}

    def judge(self, answer):
        choice, paragraphs = _case_answer(answer)
        labels = dict(_DIFFERENCE_LABELS)
        if choice != _CARD_C_ANSWER:
            return False, _msg("Not this difference. The owner's problem is that he cannot see what he would get. "
                               "Reread the card, then ask of each difference: would the owner still say this "
                               "about a car? Notebooks 01, 02 and 03 each take one difference.",
                               "不是这一点。老板的难处在于他看不到自己能得到什么。再读一遍卡片，然后逐一想想："
                               "如果卖的是汽车，老板还会这么说吗？第 01、02、03 本笔记各讲其中一点。")
        cited = _cited_for(_CARD_C_ANSWER)
        marks = "、".join(f"¶{p}" for p in sorted(paragraphs))
        marks_en = ", ".join(f"¶{p}" for p in sorted(paragraphs))
        if not paragraphs <= cited:
            others = {t: _cited_for(t) for t in _DIFFERENCES if t != _CARD_C_ANSWER}
            about = next((t for t, c in others.items() if paragraphs & c), None)
            where = (_msg(f"{marks_en} is about another difference: {labels[about]['en'].split(':')[0].lower()}.",
                          f"{marks} 讲的是另一点：{labels[about]['zh'].split('：')[0]}。") if about else
                     _msg(f"{marks_en} is not among the passages on the three differences (¶13–¶24).",
                          f"{marks} 不在讲三大不同的段落（¶13–¶24）之中。"))
            return False, _msg(f"The difference is right; the evidence is not yet. {where['en']} Pick the passage "
                               "that says what the salesperson has to do with an abstract product.",
                               f"选的那一点是对的，依据还不对。{where['zh']}请选出说明销售人员面对抽象产品该怎么做的那一段。")
        return True, _msg(f"{labels[choice]['en'].split(':')[0]}, defended with {marks_en}. Software cannot be put in "
                          "front of the customer as a car can (¶13–¶14); its value is indirect, as the article's own "
                          "CRM example says (¶16). The salesperson must make that value concrete: notebook 01 "
                          "puts numbers on it.",
                          f"{labels[choice]['zh'].split('：')[0]}，依据是 {marks}。软件不能像汽车那样摆在客户面前"
                          "（¶13–¶14）；它的价值是间接的，文章自己举的 CRM 例子就是这样（¶16）。销售人员必须把这种价值"
                          "讲具体：第 01 本笔记给它算了数字。")


# =============================================================================== public API


def exercise_ids() -> list[str]:
    """Ids of every exercise, in notebook order.

    Examples
    --------
    >>> exercise_ids()[:3]
    ['00-1', '00-2', '00-3']
    """
    return sorted(_REGISTRY)


def _lookup(exercise_id) -> _Exercise:
    ex = _REGISTRY.get(normalise_text(exercise_id)) if isinstance(exercise_id, str) else None
    if ex is None:
        raise KeyError(exercise_id)
    return ex


def _unknown_messages(exercise_id) -> dict:
    ids = exercise_ids()[:3]
    return _msg(f"There is no exercise {_shown(exercise_id)}. Exercises: {', '.join(ids)}, ... "
                "(see rolecomp.exercises.exercise_ids()).",
                f"没有编号为 {_shown(exercise_id)} 的练习。练习编号：{'、'.join(ids)} 等，"
                f"一直到 {exercise_ids()[-1]}（“02-2”就是第 02 本笔记的第 2 题）。")


def question(exercise_id: str) -> str:
    """The question of an exercise, in the current language.

    Examples
    --------
    >>> question("02-2").startswith("Target practice")
    True
    """
    try:
        ex = _lookup(exercise_id)
    except KeyError:
        raise ExerciseIdError(**_unknown_messages(exercise_id)) from None
    return ex.text(get_language())


def declaration(exercise_id: str) -> _Exercise:
    """How an exercise is declared: ``.kind``, ``.form`` (the answer's shape: options, roles,
    slider, rows, card and evidence), ``.prediction``, ``.notebook`` and ``.text(lang)``.

    The answer widgets (:func:`rolecomp.exercise`) are built from it.

    Examples
    --------
    >>> d = declaration("02-2")
    >>> d.kind, d.form.name, d.prediction
    ('slider', 'touches', False)
    >>> declaration("00-1").form.choices("zh")
    [('上升', 'up'), ('下降', 'down'), ('不变', 'same')]
    """
    try:
        return _lookup(exercise_id)
    except KeyError:
        raise ExerciseIdError(**_unknown_messages(exercise_id)) from None


def solution(exercise_id: str):
    """The answer to an exercise, computed from the current data and models (for instructors and tests).

    Slider targets return the slider value; the tolerance each exercise accepts is described in
    this module's docstring.

    Raises
    ------
    ValueError
        For an unknown exercise id.

    Examples
    --------
    >>> solution("02-2")
    3
    >>> solution("02-3")
    'never'
    >>> solution("04-4")["参谋长"]
    'operations'
    """
    try:
        ex = _lookup(exercise_id)
    except KeyError:
        raise ExerciseIdError(**_unknown_messages(exercise_id)) from None
    return ex.solve()


def _error_text(exc: BaseException, limit: int = 200) -> str:
    """An exception's text for a message: cut to ``limit`` characters; never raises."""
    try:
        text = str(exc)
    except Exception:
        return ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check(exercise_id: str, answer) -> CheckResult:
    """Check an answer at once: right, or a hint that points at the explorer.

    Parameters
    ----------
    exercise_id : str
        The exercise, e.g. ``"02-2"`` (notebook 02, exercise 2).
    answer
        Your answer: a number, a word in quotes, or a dict, as the exercise asks. ``...`` or
        ``None`` means "not answered yet".

    Returns
    -------
    CheckResult
        Truthy when right. It shows a short message in the current language (see
        :func:`rolecomp.set_language`): the explanation when right, a hint when not. An unknown
        id or an answer of the wrong type gives a clear message, never a traceback.

    Examples
    --------
    >>> check("02-2", 3)
    ✔ 02-2 Correct! With 3 touches a month the subscription catches up in month 28; with one fewer it
    catches up in month 34. Serving the customer, presenting new capabilities and recommending more after
    signing is what makes the ongoing sale pay (¶21).
    >>> check("02-2", "３").correct  # typed in full width
    True
    >>> check("02-2", 2)
    ✘ 02-2 Not yet. With after-sales touches at 2 a month the subscription catches up in month 34: too
    late. Move 'After-sales touches a month' to the right and watch where the two cumulative lines cross.
    >>> check("06-3", "15.8%").correct, check("06-3", 0.158).correct  # a percentage or a fraction
    (True, True)
    >>> check("02-2", ...)
    ✘ 02-2 Not answered yet: replace ... with your answer, e.g. 1.
    >>> check("02-2", [1])
    ✘ 02-2 This exercise expects a number, not list [1].
    >>> import rolecomp
    >>> rolecomp.set_language("zh")
    >>> print(check("02-2", 3).message[:23])
    每月跟进 3 次时，订阅在第 28 个月追上；
    >>> rolecomp.set_language("en")
    """
    try:
        ex = _lookup(exercise_id)
    except KeyError:
        shown = exercise_id if isinstance(exercise_id, str) else _shown(exercise_id)
        return CheckResult(shown, "unknown", _unknown_messages(exercise_id))
    if _is_unanswered(answer):
        return CheckResult(ex.id, "unanswered",
                           _msg(f"Not answered yet: replace ... with your answer, e.g. {ex.example_in('en')}.",
                                f"还没有作答：把 ... 换成你的答案，例如 {ex.example_in('zh')}。"))
    try:
        ok, messages = ex.judge(answer)
    except AnswerError as exc:
        return CheckResult(ex.id, "invalid", exc.messages)
    except Exception as exc:  # e.g. data edited into a state the exercise cannot use: a message, not a traceback
        what = f"{type(exc).__name__}: {_error_text(exc)}"
        return CheckResult(ex.id, "invalid", _msg(
            f"This answer could not be checked ({what}). Ask your instructor; "
            "`python -m rolecomp check-data data/*.csv` checks the data.",
            f"无法检查这个答案（{what}）。请问讲师；`python -m rolecomp check-data data/*.csv` 可检查数据。"))
    return CheckResult(ex.id, "correct" if ok else "wrong", messages)
