"""The answer widgets (``rolecomp.exercise``) and where answers are kept (``rolecomp.answers``).

Driven as the front end drives them: values set on the controls, buttons clicked, the custom
"submit" message a Text box sends on Enter. Every exercise is answered right and wrong in its
own widget, odd input gets a message and is not saved, both languages are shown, predictions
are committed with a reason and kept, and answers survive a new kernel (a new store reading
the same folder), in a file of each learner's own, written atomically, never through a link.
"""

from __future__ import annotations

import gc
import json
import re
import stat
import weakref

import ipywidgets as w
import pytest
from test_exercises import WRONG
from test_lifetime import kernel  # noqa: F401  (a real kernel, shared by this module)

import rolecomp
from rolecomp import _hub, answer_widgets, answers
from rolecomp.answer_widgets import AnswersSummary, ExerciseWidget, exercise, my_answers
from rolecomp.exercises import KINDS, check, declaration, exercise_ids, solution

CJK = "\u4e00-\u9fff"


@pytest.fixture(autouse=True)
def learner_folder(tmp_path, monkeypatch):
    """Each test in its own empty folder, as one learner, in English, with no explorer alive."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ROLECOMP_LEARNER", "ada")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("VOILA_KERNEL_ID", raising=False)
    monkeypatch.setattr(_hub, "_live", weakref.WeakSet())
    monkeypatch.setitem(answer_widgets._name_owner, "ref", None)
    answers._reset_for_tests()
    rolecomp.set_language("en")
    yield tmp_path
    rolecomp.set_language("en")
    answers._reset_for_tests()


def restart():
    """What a kernel restart does to the answers: nothing in memory is left."""
    answers._reset_for_tests()


def typed(ex_id: str, value):
    """An answer as the widget holds it: numbers as the text a learner types."""
    d = declaration(ex_id)
    if d.kind == "slider":
        return d.form.text_of(value)
    if d.kind == "number":
        return str(value)
    return value


def press(widget: ExerciseWidget, answer, reason: str | None = "because the chart says so"):
    widget.answer = answer
    if declaration(widget.id).prediction and reason is not None:
        widget.reason = reason
    return widget.check()


def saved(folder, learner="ada") -> dict:
    return json.loads((folder / answers.file_name(learner)).read_text(encoding="utf-8"))["answers"]


# ------------------------------------------------------------------ every exercise, every kind


def test_every_kind_is_used_and_every_exercise_has_a_widget():
    kinds = {declaration(i).kind for i in exercise_ids()}
    assert kinds == set(KINDS)
    for i in exercise_ids():
        ex = exercise(i)
        assert ex.kind == declaration(i).kind
        assert f"rolecomp-exercise-{ex.kind}" in ex.widget._dom_classes
        assert ex.question == declaration(i).text("en")
        ex.close()


@pytest.mark.parametrize("ex_id", exercise_ids())
def test_the_solution_given_in_the_widget_is_right(ex_id, learner_folder):
    ex = exercise(ex_id)
    result = press(ex, typed(ex_id, solution(ex_id)))
    assert result is not None and result.correct, (ex_id, ex.feedback)
    assert "Correct!" in ex.feedback and "✔" in ex.feedback
    assert saved(learner_folder)[ex_id]["attempts"][-1]["status"] == "correct"


@pytest.mark.parametrize("ex_id", exercise_ids())
def test_a_wrong_answer_in_the_widget_gets_the_hint(ex_id):
    ex = exercise(ex_id)
    result = press(ex, typed(ex_id, WRONG[ex_id]))
    assert result.status == "wrong", ex.feedback
    assert "Not yet." in ex.feedback
    assert check(ex_id, WRONG[ex_id]).messages["en"] in ex.feedback  # the same judge as rolecomp.check


@pytest.mark.parametrize("ex_id", exercise_ids())
def test_check_waits_for_a_complete_answer(ex_id):
    ex = exercise(ex_id)
    assert ex.answer is None and not ex.ready
    assert not ex._check.disabled  # never disabled: Tab reaches it, and pressed it says what is missing
    assert ex.check() is None and ex.attempts == []
    assert ex.feedback  # says what is missing


@pytest.mark.parametrize("ex_id", exercise_ids())
def test_both_languages_everywhere(ex_id):
    ex = exercise(ex_id)
    press(ex, typed(ex_id, WRONG[ex_id]))
    rolecomp.set_language("zh")
    texts = [ex._title.value, ex._check.description, ex.feedback]
    for text in texts:
        assert any(f"{c}" for c in text if "\u4e00" <= c <= "\u9fff"), (ex_id, text)
    assert ex._check.description == "再检查一次"
    assert "还不对" in ex.feedback
    labels = [o[0] for o in getattr(ex._input, "buttons", getattr(ex._input, "choice", w.ToggleButtons())).options]
    for label in labels:
        assert any("\u4e00" <= c <= "\u9fff" for c in label), (ex_id, label)
    rolecomp.set_language("en")
    assert ex._check.description == "Check again" and "Not yet." in ex.feedback


def test_chinese_feedback_is_written_natively():
    ex = exercise("02-2")
    ex.set_language("zh")
    press(ex, "2")
    text = ex.feedback
    assert "，" in text or "。" in text
    assert not any(a + b in text for a in ",;:" for b in "的了是") , text


# ------------------------------------------------------------------ numbers as people type them


@pytest.mark.parametrize("text", ["15.8 %", "15,8 %", "１５．８％", "0.158", "0,158", "15.8%", " 15.8 percent "])
def test_the_number_box_reads_what_people_type(text):
    ex = exercise("06-3")
    assert press(ex, text).correct, (text, ex.feedback)


@pytest.mark.parametrize("text", ["３％", "3 %", "3,5 %"])
def test_percentages_from_a_chinese_keyboard_are_numbers(text):
    ex = exercise("06-3")
    result = press(ex, text)
    assert result.status == "wrong"  # read as 3 % or 3.5 %: a number, only not the right one
    assert "more than 3" in ex.feedback


@pytest.mark.parametrize(("text", "words"), [("abc", "expects a number"), ("1e999", "too large"),
                                              ("三", "digits"), ("1,2,3", "commas"), ("nan", "NaN")])
def test_odd_numbers_get_a_message_and_are_not_saved(text, words, learner_folder):
    ex = exercise("02-2")
    result = press(ex, text)
    assert result.status == "invalid" and words in ex.feedback, ex.feedback
    assert "Traceback" not in ex.feedback
    assert ex.attempts == [] and not (learner_folder / answers.file_name("ada")).exists()


def without_a_running_loop(fn):
    """Run ``fn`` in a thread of its own: no asyncio loop is running there, as in a script. (In
    the same pytest worker, Playwright's sync API of the browser tests keeps a loop running in
    the main thread, which the widgets take for a kernel's.)"""
    import threading

    errors = []

    def run():
        try:
            fn()
        except BaseException as exc:
            errors.append(exc)

    t = threading.Thread(target=run)
    t.start()
    t.join(30)
    if errors:
        raise errors[0]


def test_enter_in_the_number_box_checks():
    def run():
        ex = exercise("00-2")
        ex._input.box.value = "3"
        ex._on_text_msg(ex._input.box, {"event": "submit"}, [])
        assert ex.result is not None and ex.result.correct

    without_a_running_loop(run)


def test_a_check_in_a_kernel_waits_for_the_value_still_on_its_way():
    """In a kernel, Enter or Check can arrive before the value typed just before it (ipywidgets holds
    a model's next update back until the kernel answered the previous one): the check waits for it."""
    import asyncio

    async def page():
        ex = exercise("06-3")
        ex._input.box.value = "15,"  # what the kernel has so far
        ex._on_text_msg(ex._input.box, {"event": "submit"}, [])  # Enter overtakes the rest
        assert ex.result is None
        ex._input.box.value = "15,8 %"  # the value that was still on its way
        assert ex.result is not None and ex.result.correct  # checked at once, with it
        assert [a["answer"] for a in ex.attempts] == ["15,8 %"]
        ex._check.click()  # nothing else on its way: checked a moment later
        assert len(ex.attempts) == 1
        await asyncio.sleep(0.5)
        assert len(ex.attempts) == 2

    without_a_running_loop(lambda: asyncio.run(page()))


def test_never_is_a_button():
    ex = exercise("02-3")
    ex._input.never.click()
    assert ex.answer == "never"
    assert ex.check().correct
    ex.set_language("zh")
    ex._input.never.click()
    assert ex.answer == "永远不会" and ex.check().correct


def test_an_incomplete_answer_after_a_complete_one_is_not_checked():
    ex = exercise("06-4")
    press(ex, WRONG["06-4"])
    ex._input.rows["flyers"].value = None
    assert ex.check() is None and len(ex.attempts) == 1 and "still open" in ex.feedback


def test_html_in_answers_and_reasons_is_shown_as_text():
    ex = exercise("00-1")
    press(ex, "up", reason="<img src=x onerror=alert(1)>")
    assert "<img" not in ex._feedback.value and "<img" not in ex._history.value
    assert "&lt;img" in ex._history.value


# ------------------------------------------------------------------ predictions


def test_a_prediction_needs_a_choice_and_a_reason_before_anything_is_revealed():
    ex = exercise("03-1")
    assert ex._check.description == "Commit my prediction" and not ex.ready
    ex.answer = "down"
    assert not ex.ready  # no reason yet
    assert ex.check() is None and ex.attempts == [] and "why" in ex.feedback
    assert "Correct" not in ex.feedback and "Not yet" not in ex.feedback
    ex.reason = "   "
    assert not ex.ready and ex.check() is None
    ex.reason = "the chain takes a cut"
    assert ex.ready
    assert ex.check().correct
    assert ex.committed["answer"] == "down" and ex.committed["reason"] == "the chain takes a cut"


def test_the_first_prediction_is_kept_and_a_retry_is_visible():
    ex = exercise("00-1")
    press(ex, "up", reason="more links, more choice")
    assert ex.result.status == "wrong"
    assert "You predicted \u201cGoes up\u201d, because \u201cmore links, more choice\u201d." in ex.feedback
    assert "Goes down" not in ex.feedback  # a wrong prediction is not told the answer
    assert ex._check.description == "Check again" and ex._reason.description == "Why now?"
    press(ex, "down", reason=None)  # a retry needs no reason
    assert ex.result.correct
    assert ("You predicted \u201cGoes up\u201d, because \u201cmore links, more choice\u201d; "
            "the explorer shows \u201cGoes down\u201d.") in ex.feedback
    assert [a["answer"] for a in ex.attempts] == ["up", "down"]
    assert ex.committed["answer"] == "up"  # frozen
    history = ex._history.value
    assert "Prediction</b> (committed): Goes up" in history and "retry 2: Goes down" in history
    rolecomp.set_language("zh")
    assert "你预测的是「上升」" in ex.feedback and "探索工具显示的是「下降」" in ex.feedback
    assert "预测</b>（已提交）：上升 — 理由：「more links, more choice」 ✘ · 第 2 次：下降 ✔" in ex._history.value


def test_the_explorer_stays_blurred_until_the_prediction_is_committed():
    ex = exercise("03-1")
    assert declaration("03-1").reveals == "channel_dependence"
    assert ex.covers_explorer and "rolecomp-uncommitted" in ex.widget._dom_classes
    rule = ".jp-Notebook:has(.rolecomp-ex-03-1.rolecomp-uncommitted) .rolecomp-channel_dependence .rolecomp-chart"
    assert rule in ex._style.value and "blur(" in ex._style.value
    assert "stays blurred until you commit" in ex.feedback and ex._peek.layout.display is None
    rolecomp.set_language("zh")
    assert "先在上面提交你的预测" in ex._style.value and "保持模糊" in ex.feedback
    rolecomp.set_language("en")
    press(ex, "down", reason="less to share")
    assert not ex.covers_explorer and "rolecomp-uncommitted" not in ex.widget._dom_classes
    assert ex._peek.layout.display == "none"


def test_the_explorer_can_be_shown_before_predicting():
    ex = exercise("01-1")
    ex._peek.click()
    assert not ex.covers_explorer and ex.committed is None
    assert ex._check.description == "Commit my prediction"  # the prediction can still be made


def test_a_right_first_prediction_says_so():
    ex = exercise("05-1")
    press(ex, "marketing", reason="a big net")
    assert "and the explorer shows just that" in ex.feedback
    assert ex._reason.layout.display == "none"  # settled: no retry reason asked


def test_a_committed_prediction_is_frozen_after_a_restart(learner_folder):
    press(exercise("01-1"), "conversion_lift", reason="deals are worth more")
    restart()
    ex = exercise("01-1")
    assert ex.committed["answer"] == "conversion_lift" and ex._check.description == "Check again"
    assert "deals are worth more" in ex.feedback and "deals are worth more" in ex._history.value
    press(ex, "time_saved", reason=None)
    restart()
    ex = exercise("01-1")
    assert [a["answer"] for a in ex.attempts] == ["conversion_lift", "time_saved"]
    assert ex.committed["answer"] == "conversion_lift"


# ------------------------------------------------------------------ the other kinds


def test_role_buttons_wear_the_role_colours():
    from rolecomp.charts._render import role_style

    ex = exercise("04-1")
    assert [k for _, k in ex._input.buttons.options] == ["sales", "marketing", "operations", "traditional_sales"]
    for role in ("sales", "marketing", "operations"):
        assert role_style(role)["color"] in ex._style.value
    rolecomp.set_language("zh")
    assert [t for t, _ in ex._input.buttons.options][:3] == ["销售", "市场", "运营"]


def test_use_the_explorers_value():
    explorer = rolecomp.OneOffVsOngoingExplorer()
    ex = exercise("02-2", explorer=explorer)
    assert ex._input.use.description == "Use the explorer's value: 2"
    explorer.set(touches=3)  # the learner moves the slider: the button follows
    assert ex._input.use.description == "Use the explorer's value: 3"
    ex._input.use.click()
    assert ex.answer == "3" and ex.check().correct
    rolecomp.set_language("zh")
    assert ex._input.use.description == "用探索工具当前的值：3"


def test_use_the_explorers_value_without_an_explorer_says_what_to_do():
    ex = exercise("02-2")
    assert "rolecomp-not-ready" in ex._input.use._dom_classes and "Run the explorer's cell" in ex._input.use.tooltip
    ex._input.use.click()
    assert ex.answer is None and "Run the explorer's cell above first" in ex.feedback
    explorer = rolecomp.OneOffVsOngoingExplorer()
    explorer._repr_mimebundle_()  # the only one on the page: found without explorer=
    ex._input.use.click()
    assert ex.answer == "2" and "rolecomp-not-ready" not in ex._input.use._dom_classes
    assert "Run the explorer" not in ex.feedback


def test_the_exercise_keeps_no_explorer_alive_and_the_explorer_no_exercise():
    explorer = rolecomp.ReachExplorer()
    ex = exercise("05-3", explorer=explorer)
    ex_ref, explorer_ref = weakref.ref(ex), weakref.ref(explorer)
    del ex
    gc.collect()
    assert ex_ref() is None  # the slider's observer does not hold it
    explorer.set(reps=16)
    del explorer
    gc.collect()
    assert explorer_ref() is None


def test_a_mapping_names_the_rows_still_open():
    ex = exercise("06-4")
    ex._input.rows["flyers"].value = "marketing"
    assert ex.check() is None
    assert "still open: Paid search placement" in ex.feedback and "flyers" not in ex.feedback.lower()
    ex.set_language("zh")
    ex.check()
    assert "还没选的：开淘宝直通车" in ex.feedback


def test_a_case_needs_a_choice_and_evidence():
    ex = exercise("06-5")
    assert "Card C" in ex._input.card.value
    ex._input.choice.value = "value_presentation"
    assert ex.check() is None and "passage" in ex.feedback
    keys = [k for _, k in ex._input.evidence.options]
    ex._input.evidence.value = "¶23"
    assert keys and ex.check().status == "wrong" and "fewer channels" in ex.feedback
    ex._input.evidence.value = solution("06-5")["evidence"]
    assert ex.check().correct
    labels = [t for t, _ in ex._input.evidence.options]
    assert all(t.startswith("¶") and "「" in t for t in labels)


# ------------------------------------------------------------------ where answers are kept


def test_answers_survive_a_restart_and_are_shown_again(learner_folder):
    explorer = rolecomp.OneOffVsOngoingExplorer()
    press(exercise("02-2", explorer=explorer), "３")
    press(exercise("02-3"), "40")
    restart()
    again = exercise("02-2")
    assert again.answer == "３" and "Correct!" in again.feedback
    assert again._check.description == "Check again"
    other = exercise("02-3")
    assert other.answer == "40" and "Not yet." in other.feedback
    files = sorted(p.name for p in learner_folder.iterdir())
    assert files == [".rolecomp-answers-ada.json"]  # no temporary file left, nothing else written
    mode = stat.S_IMODE((learner_folder / files[0]).stat().st_mode)
    assert mode & 0o077 == 0, oct(mode)  # readable by its owner only


def test_rerunning_a_cell_shows_the_answer_again():
    first = exercise("04-3")
    press(first, "big_deals")
    first.close()
    assert exercise("04-3").answer == "big_deals"


def test_nothing_is_written_until_something_is_checked(learner_folder):
    for i in exercise_ids():
        exercise(i)
    my_answers("02")
    assert list(learner_folder.iterdir()) == []


def test_two_learners_in_one_folder_never_mix(learner_folder, monkeypatch):
    monkeypatch.delenv("ROLECOMP_LEARNER")
    monkeypatch.setenv("JUPYTERHUB_USER", "li")
    press(exercise("05-3"), "16")
    restart()
    monkeypatch.setenv("JUPYTERHUB_USER", "wang")
    assert exercise("05-3").answer is None
    press(exercise("05-3"), "3")
    restart()
    monkeypatch.setenv("JUPYTERHUB_USER", "li")
    assert exercise("05-3").answer == "16"
    assert saved(learner_folder, "li")["05-3"]["attempts"][0]["answer"] == "16"
    assert saved(learner_folder, "wang")["05-3"]["attempts"][0]["answer"] == "3"


def test_two_notebooks_of_one_learner_do_not_undo_each_other(learner_folder):
    one = answers.AnswerStore(learner_folder, "ada")
    two = answers.AnswerStore(learner_folder, "ada")  # another kernel, opened before one saved
    one.record("05-3", "16", "correct")
    two.record("02-2", "0.5 %", "correct")
    assert set(saved(learner_folder)) == {"05-3", "02-2"}
    two.clear(["02-2"])
    assert set(saved(learner_folder)) == {"05-3"}


def test_a_spoilt_file_is_set_aside_with_a_message(learner_folder):
    path = learner_folder / answers.file_name("ada")
    path.write_text('{"format": "rolecomp-answers", "answers": {"02-2": ', encoding="utf-8")
    ex = exercise("02-2")
    assert "could not be read" in ex._notice.value and ".bad" in ex._notice.value
    assert (learner_folder / (path.name + ".bad")).read_text().startswith('{"format"')
    press(ex, "3")
    assert saved(learner_folder)["02-2"]["attempts"][0]["answer"] == "3"
    ex.set_language("zh")
    assert "无法读取" in ex._notice.value


@pytest.mark.parametrize("content", ["[1, 2]", '{"answers": {}}', "\x00\xff", '{"format": "rolecomp-answers"}'])
def test_any_file_that_is_not_answers_is_set_aside(learner_folder, content):
    path = learner_folder / answers.file_name("ada")
    path.write_bytes(content.encode("latin-1"))
    store = answers.current()
    assert store.answered() == [] and store.notices
    assert not path.exists() and (learner_folder / (path.name + ".bad")).exists()


def test_a_link_in_the_files_place_is_neither_followed_nor_replaced(learner_folder, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "victim.txt"
    outside.write_text("keep me", encoding="utf-8")
    link = learner_folder / answers.file_name("ada")
    link.symlink_to(outside)
    ex = exercise("02-2")
    press(ex, "3")
    assert ex.result.correct and "is a link" in ex._notice.value
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert link.is_symlink()
    assert sorted(p.name for p in learner_folder.iterdir()) == [link.name]  # nothing else, no temp file


def test_file_names_stay_in_the_folder():
    names = ("../../etc/passwd", "a/b", "..", "../", "Li Wei", "张三", "C:\\x", "\x00", "")
    files = [answers.file_name(n) for n in names]
    for file in files:
        assert "/" not in file and "\\" not in file and "\x00" not in file and file.startswith(".rolecomp-answers-")
        assert not file.startswith(".rolecomp-answers-.")
    assert len(set(files)) == len(files)
    with pytest.raises(ValueError, match="letter or a digit"):
        answers.set_learner_name("../")


# ------------------------------------------------------------------ Voilà: a class on one server


@pytest.fixture
def voila(monkeypatch):
    monkeypatch.delenv("ROLECOMP_LEARNER")
    monkeypatch.setenv("VOILA_KERNEL_ID", "a-kernel")
    answers._reset_for_tests()


def test_in_voila_answers_wait_for_a_name(voila, learner_folder):
    ex = exercise("05-1")
    assert ex._names.widget.layout.display is None and "Type your name" in ex._names.note.value
    press(ex, "marketing", reason="the net")
    assert list(learner_folder.iterdir()) == []  # kept for this page only
    ex._names.box.value = "Li Wei 12"  # typed in the name box
    files = [p.name for p in learner_folder.iterdir()]
    assert len(files) == 1 and "li-wei-12" in files[0]
    assert "Answering as Li Wei 12" in ex._names.note.value
    data = json.loads((learner_folder / files[0]).read_text(encoding="utf-8"))
    assert data["answers"]["05-1"]["attempts"][0]["reason"] == "the net"


def test_in_voila_the_name_box_is_shown_once_per_page_and_in_my_answers(voila):
    first, second = exercise("05-1"), exercise("05-2")
    summary = my_answers("05")
    assert first._names.widget.layout.display is None and second._names.widget.layout.display == "none"
    assert summary._names.widget.layout.display is None and "Kept for this page only" in summary._where.value
    summary._names.box.value = "Wang 3"
    assert "Answering as Wang 3" in first._names.note.value and first._names.box.value == "Wang 3"
    assert ".rolecomp-answers-" in summary._where.value and "wang-3" in summary._where.value
    first._names.box.value = "\u3000。"  # no letter or digit: refused, the name stays
    assert "at least one letter or digit" in first._names.note.value and answers.learner_name() == "Wang 3"


def test_in_voila_two_learners_with_two_names_never_mix(voila, learner_folder):
    press(exercise("05-3"), "16")
    answers.set_learner_name("Li")
    restart()  # another page load: a new kernel
    ex = exercise("05-3")
    assert ex.answer is None  # a new learner until a name is typed
    answers.set_learner_name("Wang")
    assert ex.answer is None
    press(ex, "2")
    restart()
    ex = exercise("05-3")
    answers.set_learner_name("Li")
    assert ex.answer == "16"  # Li's answer, shown again when Li types the name on a new page
    assert len(list(learner_folder.iterdir())) == 2


def test_a_hub_user_needs_no_name_in_voila(voila, monkeypatch, learner_folder):
    monkeypatch.setenv("JUPYTERHUB_USER", "li")
    answers._reset_for_tests()
    ex = exercise("05-3")
    assert ex._names.widget.layout.display == "none"
    press(ex, "16")
    assert (learner_folder / answers.file_name("li")).exists()


# ------------------------------------------------------------------ my answers, start over


def test_my_answers_sums_up_a_notebook(learner_folder):
    summary = my_answers("02")
    assert [r["id"] for r in summary.rows] == ["02-1", "02-2", "02-3", "02-4"]
    assert "0 of 4 right" in summary._title.value
    press(exercise("02-1"), "2", reason="it is cheaper each month")
    press(exercise("02-2"), "3")
    assert "1 of 4 right" in summary._title.value  # follows the answers live
    rows = {r["id"]: r for r in summary.rows}
    assert rows["02-1"]["first"]["reason"] == "it is cheaper each month"
    assert "it is cheaper each month" in summary._table.value and ".rolecomp-answers-ada.json" in summary._where.value
    rolecomp.set_language("zh")
    assert "我的答案" in summary._title.value and "答对 1/4" in summary._title.value


def test_start_over_asks_first_and_clears_only_this_notebook(learner_folder):
    for_04 = exercise("02-2")
    press(for_04, "3")
    press(exercise("05-3"), "16")
    summary = my_answers("02")
    summary._start.click()
    assert summary._confirm.layout.display is None and "Delete your 1 answers in notebook 02" in \
        summary._confirm_text.value
    summary._no.click()
    assert summary._confirm.layout.display == "none" and saved(learner_folder).keys() == {"05-3", "02-2"}
    summary._start.click()
    summary._yes.click()
    assert saved(learner_folder).keys() == {"05-3"}
    assert for_04.answer is None and for_04.feedback == "" and for_04.attempts == []  # the widget is blank again
    assert "Deleted: 1 answers" in summary._status.value
    restart()
    assert exercise("02-2").answer is None and exercise("05-3").answer == "16"


def test_my_answers_of_an_unknown_notebook():
    with pytest.raises(ValueError, match="no exercises in notebook"):
        AnswersSummary("99")


# ------------------------------------------------------------------ lifetime, display, API


def open_widgets() -> int:
    from ipywidgets.widgets.widget import _instances

    gc.collect()
    return sum(1 for v in _instances.values() if v.comm is not None)


def test_an_exercise_nothing_refers_to_is_freed_with_its_widgets():
    before = open_widgets()
    ex = exercise("06-5")
    press(ex, {"choice": "value_presentation", "evidence": solution("06-5")["evidence"]})
    ref = weakref.ref(ex)
    assert open_widgets() > before
    del ex
    gc.collect()
    assert ref() is None and open_widgets() == before


def test_only_live_exercises_follow_the_language():
    kept, closed = exercise("03-1"), exercise("03-2")
    closed.close()
    rolecomp.set_language("zh")
    assert kept.language == "zh" and closed.language == "en"


def test_the_display_carries_the_question_as_text():
    bundle = exercise("02-2")._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith("02-2 · Target practice: what is the smallest number of after-sales")
    assert "<b>02-2 · Target practice</b>" in bundle["text/html"] and "rolecomp-exercise-static" in bundle["text/html"]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("ex_id", exercise_ids())
def test_on_paper_an_exercise_is_a_worksheet(ex_id, lang):
    """What exports and handouts show instead of the widget: the question and what to tick or fill in."""
    import html

    ex = exercise(ex_id)
    page = html.unescape(ex.static_html(lang))
    d = declaration(ex_id)
    assert d.text(lang) in page
    for text, _ in getattr(d.form, "choices", lambda _lang: [])(lang):
        assert f"\u2610 {text}" in page
    if d.kind in {"number", "slider"}:
        assert ("你的答案：" if lang == "zh" else "Your answer:") in page
    if d.prediction:
        assert ("理由：" if lang == "zh" else "Because:") in page
    assert "<script" not in page and "jupyter-widgets" not in page


def test_unknown_exercises_are_refused_with_the_list():
    with pytest.raises(ValueError, match="Exercises: 00-1"):
        exercise("99-9")


def test_the_typed_api_stays():
    assert rolecomp.check("02-2", "３").correct
    assert rolecomp.solution("02-2") == 3
    assert rolecomp.ask is rolecomp.exercise
    assert isinstance(rolecomp.exercise("00-1"), ExerciseWidget)


def test_every_widget_text_in_both_languages_and_native_chinese():
    from rolecomp.answer_widgets import TEXTS

    for key, texts in TEXTS.items():
        assert set(texts) == {"en", "zh"} and texts["en"] and texts["zh"], key
        zh = texts["zh"]
        assert re.search(f"[{CJK}]", zh), (key, zh)
        assert not re.search(f"[{CJK}][,;:!?()]|[,;:!?()][{CJK}]", zh), f"half-width punctuation: {key}: {zh}"
        assert not re.search(f"[{CJK}]\\.|\\.[{CJK}]", zh), f"a full stop that should be 。: {key}: {zh}"


# ------------------------------------------------------------------ in a real kernel: cells re-run

EXERCISE_CELL = "e = rolecomp.exercise('02-2')\nrefs.append(weakref.ref(e))\ne\n"


@pytest.mark.parametrize("cell_id", ["a-jupyterlab-cell-id", None], ids=["cellId", "source"])
def test_rerunning_an_exercise_cell_50_times_keeps_one_alive(kernel, cell_id):  # noqa: F811
    from test_lifetime import report, run

    run(kernel, "refs.clear()")
    run(kernel, EXERCISE_CELL, cell_id)
    first = report(kernel)
    for _ in range(49):
        run(kernel, EXERCISE_CELL, cell_id)
    last = report(kernel)
    assert last["alive"] == 1, last
    assert last["widgets"] == first["widgets"], (first, last)
    out = run(kernel, "rolecomp.set_language('zh'); print(refs[-1]().question[:4]); rolecomp.set_language('en')")
    assert out.strip() == "打靶练习"
