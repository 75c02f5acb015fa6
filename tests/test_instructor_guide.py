"""The instructor's guides, ``notebooks/en/INSTRUCTOR.md`` and ``notebooks/zh/INSTRUCTOR.md``, say what
the package does.

- Both list the same exercises, in the same order, and every exercise of
  :func:`rolecomp.exercises.exercise_ids` has a row ``| id | what it asks | answer |`` in each guide's
  answer table.
- Each row's answer is what :func:`rolecomp.solution` computes: a plain value (a number, ``never``,
  a choice key, a role) as ``str(solution(id))``; a case as a dict whose choice is the computed one
  and which :func:`rolecomp.check` accepts; a matching as the computed dict.
- The 90-minute plan's rows follow each other from 0:00 to 1:30, each row's minutes are its slot's,
  they add up to 90, and each notebook has the slot the notebooks themselves state.
- The Chinese guide has no half-width punctuation touching Chinese (:func:`rolecomp.i18n.zh_punct_problems`,
  which leaves code alone).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import rolecomp
from rolecomp.exercises import exercise_ids, solution
from rolecomp.i18n import zh_punct_problems

GUIDES = {lang: Path(__file__).resolve().parents[1] / "notebooks" / lang / "INSTRUCTOR.md" for lang in ("en", "zh")}

#: A row of the answer table: id, what it asks, answer (the last cell).
ROW = re.compile(r"^\| (\d\d-\d+) \| (.*) \| ([^|]+?) \|$", flags=re.M)

#: The heading of the 90-minute plan in each guide.
PLAN_HEADING = {"en": "## 90-minute plan", "zh": "## 90 分钟安排"}

#: The slots of the notebooks (notebook 00 states the plan; each notebook its own slot).
SLOTS = [("0:00", "0:10", "00"), ("0:10", "0:22", "01"), ("0:22", "0:34", "02"), ("0:34", "0:46", "03"),
         ("0:46", "1:00", "04"), ("1:00", "1:12", "05"), ("1:12", "1:30", "06")]

PLAN_ROW = re.compile(r"^\| (\d:\d\d)–(\d:\d\d) \| (\d+) \| (.*) \|$")


def read(lang: str) -> str:
    return GUIDES[lang].read_text(encoding="utf-8")


def answer_rows(text: str) -> list[tuple[str, str, str]]:
    """``(id, what it asks, answer)`` for every row of the text that starts with an exercise id."""
    return ROW.findall(text)


def answer_problem(exercise_id: str, written: str) -> str | None:
    """Why ``written`` is not the computed answer of ``exercise_id``; None if it is."""
    computed = solution(exercise_id)
    if not isinstance(computed, dict):
        if written == str(computed):
            return None
        return f"{exercise_id}: the guide says {written!r}, the package {computed!r}"
    try:
        given = ast.literal_eval(written)
    except (ValueError, SyntaxError):
        return f"{exercise_id}: {written!r} is not an answer rolecomp.check can take (a dict)"
    if not isinstance(given, dict):
        return f"{exercise_id}: {written!r} is not a dict"
    if "choice" in computed:
        if given.get("choice") != computed["choice"]:
            return f"{exercise_id}: the guide's choice is {given.get('choice')!r}, the package's {computed['choice']!r}"
    elif given != computed:
        return f"{exercise_id}: the guide says {given!r}, the package {computed!r}"
    status = rolecomp.check(exercise_id, given).status
    return None if status == "correct" else f"{exercise_id}: rolecomp.check says {status!r} to {given!r}"


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return 60 * int(hours) + int(minutes)


def plan_problems(text: str, heading: str) -> list[str]:
    """What is wrong with the 90-minute plan under ``heading`` (an empty list if nothing)."""
    if heading not in text:
        return [f"no section {heading!r}"]
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    rows = [PLAN_ROW.match(line) for line in section.splitlines()]
    rows = [m for m in rows if m]
    if not rows:
        return ["the plan has no rows | H:MM–H:MM | minutes | notebook | … |"]
    problems = []
    at = 0
    for m in rows:
        start, end, minutes = _minutes(m.group(1)), _minutes(m.group(2)), int(m.group(3))
        if start != at:
            problems.append(f"{m.group(1)}–{m.group(2)} does not start where the row before ends")
        if end - start != minutes:
            problems.append(f"{m.group(1)}–{m.group(2)} is {end - start} minutes, the row says {minutes}")
        at = end
    total = sum(int(m.group(3)) for m in rows)
    if total != 90:
        problems.append(f"the minutes add up to {total}, not 90")
    if at != 90:
        problems.append(f"the plan ends at {at} minutes, not 1:30")
    slots = []
    for m in rows:
        found = re.search(r"\((\d\d)_\w+\.ipynb\)", m.group(4))
        slots.append((m.group(1), m.group(2), found.group(1) if found else None))
    if slots != SLOTS:
        problems.append(f"the slots are {slots}, the notebooks say {SLOTS}")
    if not re.search(r"^\| \| \*\*90\*\* \|", section, flags=re.M):
        problems.append("no total row | | **90** | … |")
    return problems


# ------------------------------------------------------------------------------------- tests


def test_both_guides_list_the_same_exercises_in_the_same_order():
    ids = {lang: [row[0] for row in answer_rows(read(lang))] for lang in GUIDES}
    assert ids["en"] == ids["zh"]
    assert len(ids["en"]) == len(set(ids["en"])), "an exercise has two rows"


@pytest.mark.parametrize("lang", list(GUIDES))
def test_every_exercise_has_a_row_in_the_answer_table(lang):
    listed = [row[0] for row in answer_rows(read(lang))]
    assert listed == list(exercise_ids()), set(exercise_ids()) ^ set(listed)


@pytest.mark.parametrize("lang", list(GUIDES))
def test_each_answer_is_what_the_package_computes(lang):
    problems = [answer_problem(ex, written) for ex, _, written in answer_rows(read(lang))]
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", list(GUIDES))
def test_the_90_minute_plan_adds_up(lang):
    problems = plan_problems(read(lang), PLAN_HEADING[lang])
    assert not problems, "\n".join(problems)


def test_the_chinese_guide_has_chinese_punctuation():
    problems = zh_punct_problems(read("zh"))
    assert not problems, "\n".join(problems)


# -------------------------------------------------------------------- the checks can fail


def test_a_wrong_answer_is_reported():
    assert answer_problem("02-3", "12") and answer_problem("05-3", "8 reps")
    assert answer_problem("00-3", "{'choice': 'merge', 'evidence': '¶4'}")  # the wrong choice
    assert answer_problem("00-3", "{'choice': 'alike', 'evidence': '¶6'}")  # the right one, other evidence
    assert answer_problem("00-3", "alike")  # a case needs its evidence too
    assert answer_problem("00-3", "{'choice': 'alike', 'evidence': '¶5'}") is None  # ¶5 is accepted
    assert answer_problem("02-3", str(solution("02-3"))) is None


def test_a_wrong_plan_is_reported():
    heading = PLAN_HEADING["en"]
    rows = [f"| {a}–{b} | {_minutes(b) - _minutes(a)} | [{n}]({n}_x.ipynb) | … |" for a, b, n in SLOTS]
    good = "\n".join([heading, "", "| time | minutes | notebook | what |", "|---|---|---|---|", *rows,
                      "| | **90** | | |", "", "## Next"])
    assert plan_problems(good, heading) == []
    assert plan_problems(good.replace("| 0:10–0:22 | 12 |", "| 0:10–0:22 | 10 |"), heading)
    assert plan_problems(good.replace("| 0:22–0:34 | 12 |", "| 0:24–0:34 | 10 |"), heading)
    assert plan_problems(good.replace("](05_x.ipynb)", "](04_x.ipynb)"), heading)
    assert plan_problems(good.replace("**90**", "**88**"), heading)
