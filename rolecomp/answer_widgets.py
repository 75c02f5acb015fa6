"""Answer every exercise without code: ``rolecomp.exercise("02-2", explorer=ex)``.

Each exercise shows its question (from its one declaration in :mod:`rolecomp.exercises`, in
the workshop's language), an answer widget of its kind, a Check button and the feedback beside
it:

========  ==================================================================================
choice    buttons, one per option
role      buttons in the workshop's role colours
number    a box that reads ``3``, ``0.03``, ``3 %``, ``3,5 %``, ``３％``; a "Never" button where
          "never" is an answer
slider    the same box, and "Use the explorer's value" (the explorer's slider as it stands)
mapping   a grid: one row per item, the roles as buttons
case      the case card, buttons for the choice and a list of passages (¶N) for the evidence
========  ==================================================================================

Everything works by keyboard alone: Tab moves between the controls, Enter or Space presses a
button, Enter in a box checks (commits, for a prediction). The judge is the same as for those
who type (:func:`rolecomp.check`), so the feedback is the same, in both languages; an answer
that cannot be read gets a message, never a traceback.

*Predict, then check*: a prediction needs a one-line reason, and Check ("Commit my
prediction") does nothing but say what is missing until there is a choice and a reason. Nothing
is revealed before: the explorer that shows the answer (the declaration's ``reveals``) is blurred
in the same notebook until the prediction is committed, unless the learner presses "Show the
explorer now". The first committed prediction is kept, shown beside every later result, and a
retry is listed as one ("retry 2: …"), never silent.

What a learner answered is saved by :mod:`rolecomp.answers` (a small file in the notebook's
folder, one per learner) and shown again when the cell runs again, after a kernel restart, or
when the notebook is reopened; :func:`my_answers` sums them up per notebook with a "Start over"
button. The widgets follow :func:`rolecomp.set_language` and end like explorers do (weak
callbacks; closed when their cell runs again; see :mod:`rolecomp._hub`).

Accessibility: ipywidgets gives no way to set ARIA attributes from Python. Every box has its
``description`` as a ``<label for>`` (its accessible name); buttons are real ``<button>``
elements named by their text, with a ``tooltip`` (``title``); a chosen button is marked by a
check mark and a colour, and the feedback repeats the chosen answer in words; a small script
in the page adds ``aria-pressed`` to the option buttons (ToggleButtons do not expose it),
``aria-disabled`` to a Check that is not ready, and makes the feedback a polite live region.
"""

from __future__ import annotations

import html
import weakref

import ipywidgets as w

from rolecomp import _hub, answers
from rolecomp.exercises import CheckResult, ExerciseIdError, check, declaration, exercise_ids, solution
from rolecomp.i18n import get_language, normalize_language, zh_punct

__all__ = ["AnswersSummary", "ExerciseWidget", "ask", "exercise", "my_answers"]

_weak = _hub.weak_callback

# ------------------------------------------------------------------------------- texts

TEXTS = {
    "predict": {"en": "Predict, then check", "zh": "先预测，再检查"},
    "target": {"en": "Target practice", "zh": "打靶练习"},
    "question": {"en": "Question", "zh": "问题"},
    "case": {"en": "Case", "zh": "案例"},
    "check": {"en": "Check", "zh": "检查"},
    "check_again": {"en": "Check again", "zh": "再检查一次"},
    "commit": {"en": "Commit my prediction", "zh": "提交我的预测"},
    "check_tip": {"en": "Check your answer to {id} (or press Enter in a box)",
                  "zh": "检查你对 {id} 的回答（也可以在输入框里按回车）"},
    "commit_tip": {"en": "Commit your prediction to {id}: it is kept, and the answer is shown only after this",
                   "zh": "提交你对 {id} 的预测：预测会被保留，提交之后才显示答案"},
    "answer": {"en": "Your answer", "zh": "你的答案"},
    "prediction": {"en": "Your prediction", "zh": "你的预测"},
    "because": {"en": "Because", "zh": "理由"},
    "because_tip": {"en": "One line: why do you expect this?", "zh": "写一句话：你为什么这样认为？"},
    "because_lower": {"en": "because", "zh": "理由："},
    "because_again": {"en": "Why now?", "zh": "为什么改？"},
    "because_again_tip": {"en": "Optional: what changed your mind?", "zh": "可不填：是什么让你改变了想法？"},
    "number_tip": {"en": "e.g. 3, 0.25 or 25 %", "zh": "例如 3、0.25 或 25%"},
    "count_tip": {"en": "e.g. 3", "zh": "例如 3"},
    "never": {"en": "Never", "zh": "永远不会"},
    "never_tip": {"en": "Answer \u201cnever\u201d", "zh": "回答「永远不会」"},
    "use_value": {"en": "Use the explorer's value: {value}", "zh": "用探索工具当前的值：{value}"},
    "use_value_none": {"en": "Use the explorer's value", "zh": "用探索工具当前的值"},
    "use_tip": {"en": "Copy the current value of the explorer's slider '{label}' into the box",
                "zh": "把探索工具里「{label}」滑块当前的值填进输入框"},
    "no_explorer": {"en": "Run the explorer's cell above first: then this button copies its slider's value",
                    "zh": "请先运行上面探索工具所在的单元格，这个按钮才能复制滑块的值"},
    "choose": {"en": "(choose)", "zh": "（请选择）"},
    "evidence": {"en": "Your evidence", "zh": "你的依据"},
    "need_choice": {"en": "Choose an answer, then press Check.", "zh": "先选出答案，再按「检查」。"},
    "need_number": {"en": "Type your answer in the box, then press Check or Enter.",
                    "zh": "在输入框里填上答案，再按「检查」或回车。"},
    "need_rows": {"en": "Choose a role in every row; still open: {rows}.",
                  "zh": "每一行都要选一个岗位；还没选的：{rows}。"},
    "need_case": {"en": "Choose an answer and a passage as your evidence, then press Check.",
                  "zh": "选出答案，再选一段文字作为依据，然后按「检查」。"},
    "need_reason": {"en": "Pick your prediction and write one line on why, then commit it. Nothing is revealed "
                          "before you commit.",
                    "zh": "先选出你的预测，再写一句理由，然后提交。提交之前不会显示答案。"},
    "covered": {"en": "The explorer below stays blurred until you commit.",
                "zh": "提交之前，下面的探索工具会保持模糊。"},
    "gate": {"en": "Commit your prediction above to see this chart (or press \u201cShow the explorer now\u201d).",
             "zh": "先在上面提交你的预测，再看这张图（或按「现在就显示探索工具」）。"},
    "peek": {"en": "Show the explorer now", "zh": "现在就显示探索工具"},
    "peek_tip": {"en": "A prediction is worth more made first; you can still commit it after looking",
                 "zh": "先预测再看，收获更大；看过之后仍可以提交预测"},
    "you_predicted": {"en": "You predicted \u201c{answer}\u201d, because \u201c{reason}\u201d.",
                      "zh": "你预测的是「{answer}」，理由是「{reason}」。"},
    "you_predicted_shows": {"en": "You predicted \u201c{answer}\u201d, because \u201c{reason}\u201d; the explorer "
                                  "shows \u201c{solution}\u201d.",
                            "zh": "你预测的是「{answer}」，理由是「{reason}」；探索工具显示的是「{solution}」。"},
    "you_predicted_right": {"en": "You predicted \u201c{answer}\u201d, because \u201c{reason}\u201d, and the "
                                  "explorer shows just that.",
                            "zh": "你预测的是「{answer}」，理由是「{reason}」，探索工具显示的正是如此。"},
    "committed": {"en": "committed", "zh": "已提交"},
    "first": {"en": "Prediction", "zh": "预测"},
    "retry": {"en": "retry {n}", "zh": "第 {n} 次"},
    "try": {"en": "try {n}", "zh": "第 {n} 次"},
    "name": {"en": "Your name", "zh": "你的名字"},
    "name_tip": {"en": "name and seat, e.g. Li Wei 12", "zh": "名字加座位号，例如 李伟 12"},
    "name_note": {"en": "Type your name (and seat) to keep your answers after this page closes; until then they "
                        "are kept for this page only.",
                  "zh": "填上名字（和座位号），关闭页面后答案仍会保留；在此之前答案只保留在这个页面上。"},
    "name_saved": {"en": "Answering as {name}: your answers are saved.",
                   "zh": "正在以「{name}」的身份作答：答案已保存。"},
    "name_bad": {"en": "A name needs at least one letter or digit.", "zh": "名字里至少要有一个字母或数字。"},
    "summary": {"en": "My answers · notebook {nb}", "zh": "我的答案 · 第 {nb} 本笔记"},
    "summary_all": {"en": "My answers", "zh": "我的答案"},
    "col_ex": {"en": "Exercise", "zh": "练习"},
    "col_pred": {"en": "First prediction", "zh": "最初的预测"},
    "col_last": {"en": "Latest answer", "zh": "最近的答案"},
    "col_result": {"en": "Result", "zh": "结果"},
    "col_tries": {"en": "Tries", "zh": "次数"},
    "not_yet": {"en": "not answered yet", "zh": "尚未作答"},
    "right": {"en": "right", "zh": "正确"},
    "wrong": {"en": "not yet", "zh": "还不对"},
    "score": {"en": "{right} of {total} right", "zh": "答对 {right}/{total}"},
    "where": {"en": "Your answers are saved for {who} in {file}, in this notebook's folder.",
              "zh": "你的答案以「{who}」的名义保存在本笔记所在文件夹的 {file} 中。"},
    "memory": {"en": "Kept for this page only (not saved to a file).", "zh": "只保留在这个页面上（没有保存到文件）。"},
    "start_over": {"en": "Start over", "zh": "重新开始"},
    "start_over_tip": {"en": "Delete your answers to this notebook's exercises (asks first)",
                       "zh": "删除你在本笔记中的答案（会先确认）"},
    "confirm": {"en": "Delete your {n} answers in {scope}? This cannot be undone.",
                "zh": "确定删除你在{scope}中的 {n} 个答案？删除后无法恢复。"},
    "confirm_none": {"en": "There is nothing to delete yet.", "zh": "还没有可以删除的答案。"},
    "scope_nb": {"en": "notebook {nb}", "zh": "第 {nb} 本笔记"},
    "scope_all": {"en": "all notebooks", "zh": "所有笔记"},
    "yes_delete": {"en": "Yes, delete", "zh": "确定删除"},
    "cancel": {"en": "Cancel", "zh": "取消"},
    "deleted": {"en": "Deleted: {n} answers. The exercises above are blank again.",
                "zh": "已删除 {n} 个答案，上面的练习已恢复为空白。"},
}


# What ipywidgets cannot say from Python, set in the browser (as the explorers do, see
# rolecomp.explorers._base): which option button is pressed (aria-pressed: ToggleButtons mark it
# only by a class), that a Check that is not ready yet is not ready (aria-disabled: a disabled
# button would be skipped by Tab), and that the feedback is a polite live region. A hidden image's
# onerror runs wherever the widgets render; it only adds attributes, with no data from the kernel.
_A11Y_JS = """(function (marker) {
  var tries = 0;
  function apply(ex) {
    ex.querySelectorAll('.widget-toggle-button').forEach(function (b) {
      var on = String(b.classList.contains('mod-active'));
      if (b.getAttribute('aria-pressed') !== on) b.setAttribute('aria-pressed', on);
    });
    ex.querySelectorAll('.rolecomp-check').forEach(function (b) {
      var off = String(b.classList.contains('rolecomp-not-ready'));
      if (b.getAttribute('aria-disabled') !== off) b.setAttribute('aria-disabled', off);
    });
    var f = ex.querySelector('.rolecomp-feedback .widget-html-content');
    if (f && f.getAttribute('role') !== 'status') {
      f.setAttribute('role', 'status'); f.setAttribute('aria-live', 'polite');
    }
  }
  function go() {
    var ex = marker.closest('.rolecomp-exercise');
    if (!ex || !ex.querySelector('.rolecomp-check')) {
      if (tries++ < 150) setTimeout(go, 100);
      return;
    }
    apply(ex);
    if (!ex.__rolecompA11y) {
      ex.__rolecompA11y = new MutationObserver(function () { apply(ex); });
      ex.__rolecompA11y.observe(ex, {childList: true, subtree: true, attributes: true,
                                     attributeFilter: ['class']});
    }
  }
  go();
})(this)"""
_A11Y_HTML = f'<img src="data:," alt="" hidden data-rc-a11y onerror="{html.escape(_A11Y_JS)}">'


def _t(key: str, lang: str, **fields) -> str:
    text = TEXTS[key][lang]
    return text.format(**fields) if fields else text


def _tr(texts: dict, lang: str) -> str:
    text = texts[lang]
    return zh_punct(text) if lang == "zh" else text


_COLOURS = {"correct": ("#007a5a", "#e6f5ef"), "wrong": ("#b35900", "#fff4e0"), "invalid": ("#b00020", "#fdecee"),
            "info": ("#555555", "#f2f2f2"), "unanswered": ("#555555", "#f2f2f2")}


def _box(status: str, body_html: str) -> str:
    colour, background = _COLOURS.get(status, _COLOURS["info"])
    # role=status: a screen reader may read the new feedback out (it replaces the old one)
    return (f"<div class='rolecomp-feedback-{status}' role='status' style='border-left:5px solid {colour};"
            f"background:{background};padding:6px 10px;margin:0;line-height:1.45'>{body_html}</div>")


_CSS = """
.rolecomp-exercise { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 12px 10px; margin: 6px 0;
  max-width: 1000px; box-sizing: border-box; }
.rolecomp-exercise .jupyter-button:focus-visible, .rolecomp-exercise input:focus-visible,
.rolecomp-exercise select:focus-visible { outline: 3px solid #0072B2; outline-offset: 1px; }
.rolecomp-exercise .widget-toggle-button { width: auto; min-width: 7em; padding: 0 12px; font-size: 1.02em; }
.rolecomp-exercise .widget-toggle-button.mod-active { font-weight: bold; }
.rolecomp-exercise .widget-toggle-button.mod-active::before { content: "\\2713\\00a0"; }
.rolecomp-exercise .widget-toggle-buttons { flex-wrap: wrap; }
.rolecomp-exercise .widget-toggle-buttons > div { display: flex; flex-wrap: wrap; gap: 4px; }
.rolecomp-exercise .rolecomp-check { font-weight: bold; }
/* not ready yet: an outlined button, not a faded one, so its text keeps a 4.5:1 contrast */
.rolecomp-exercise .jupyter-button.rolecomp-not-ready { background: #ffffff !important; color: #1f4e79 !important;
  border: 1px dashed #1f4e79 !important; box-shadow: none !important; cursor: not-allowed; }
.rolecomp-exercise .rolecomp-evidence > div { flex-direction: column; align-items: stretch; flex-wrap: nowrap; }
.rolecomp-exercise .rolecomp-evidence .widget-toggle-button { text-align: left; white-space: normal; height: auto;
  min-height: var(--jp-widgets-inline-height, 28px); line-height: 1.4; padding: 4px 10px; }
.rolecomp-exercise .rolecomp-card { border: 1px solid #bbb; border-radius: 6px; background: #fffdf5;
  padding: 8px 12px; margin: 4px 0 6px; font-size: 1.05em; }
.rolecomp-exercise .rolecomp-mapping .widget-label { white-space: normal; line-height: 1.3; height: auto;
  text-align: left; padding-right: 8px; }
.rolecomp-exercise .rolecomp-mapping .widget-toggle-buttons { margin: 3px 0; align-items: center; }
"""


def _role_css(cls: str, role_ids: list[str]) -> str:
    """Role buttons in the workshop's role colours (the charts' Okabe-Ito palette), also in every
    row of a mapping grid."""
    from rolecomp.charts._render import role_style

    rules = []
    for i, role in enumerate(role_ids, 1):
        colour = role_style(role, i - 1)["color"]
        sel = f".{cls} .widget-toggle-buttons button:nth-child({i})"
        rules.append(f"{sel} {{ border-left: 6px solid {colour}; }}")
        rules.append(f"{sel}.mod-active {{ background: {colour}; color: #fff; }}")
    return "\n".join(rules)


# ------------------------------------------------------------------------------- answer inputs
#
# One small object per kind: its widget, the answer it holds (None while incomplete), what is
# still missing, and how to show a saved answer again. They hold no reference to the exercise.


class _Choice:
    def __init__(self, form, lang: str, css_class: str = ""):
        self.form = form
        self.buttons = w.ToggleButtons(options=form.choices(lang), value=None, style={"button_width": "auto"})
        self.buttons.add_class("rolecomp-choice")
        if css_class:
            self.buttons.add_class(css_class)
        self.widget = self.buttons
        self.watched = [self.buttons]
        self.texts = []

    @property
    def value(self):
        return self.buttons.value

    def missing(self, lang: str) -> str | None:
        return None if self.value is not None else _t("need_choice", lang)

    def show(self, answer) -> None:
        keys = [k for _, k in self.buttons.options]
        self.buttons.value = answer if answer in keys else None

    def relabel(self, lang: str, label: str) -> None:
        value = self.buttons.value
        self.buttons.options = self.form.choices(lang)
        self.buttons.value = value
        self.buttons.description = ""
        self.buttons.tooltips = [f"{label}: {text}" for text, _ in self.buttons.options]

    def clear(self) -> None:
        self.buttons.value = None


class _Role(_Choice):
    def __init__(self, form, lang: str):
        ids = form.role_ids()
        self.css_class = "rolecomp-roles-" + "-".join(ids)
        super().__init__(form, lang)
        self.widget = w.Box([self.buttons])
        self.widget.add_class("rolecomp-rolepick")
        self.widget.add_class(self.css_class)
        self.css = _role_css(self.css_class, ids)


class _Number:
    def __init__(self, form, lang: str):
        self.form = form
        self.box = w.Text(value="", continuous_update=False, layout=w.Layout(width="360px"),
                          style={"description_width": "initial"})
        self.box.add_class("rolecomp-number")
        self.unit = w.HTML()
        parts = [self.box, self.unit]
        self.never = None
        if getattr(form, "never", False):
            self.never = w.Button(layout=w.Layout(width="auto"))
            self.never.add_class("rolecomp-never")
            self.never.on_click(self._on_never)
            parts.append(self.never)
        self.widget = w.HBox(parts, layout=w.Layout(align_items="center", flex_flow="row wrap"))
        self.watched = [self.box]
        self.texts = [self.box]
        self._lang = lang

    def _on_never(self, _button) -> None:
        self.box.value = _t("never", self._lang).lower()

    @property
    def value(self):
        text = self.box.value
        return text if text.strip() else None

    def missing(self, lang: str) -> str | None:
        return None if self.value is not None else _t("need_number", lang)

    def show(self, answer) -> None:
        self.box.value = "" if answer is None else str(answer)

    def relabel(self, lang: str, label: str) -> None:
        self._lang = lang
        self.box.description = label
        unit = getattr(self.form, "unit", None)
        # a count ("attributes", "个属性") is not a share: no "0.25 or 25 %" in its example
        counted = bool(unit) and "%" not in str(_tr(unit, lang))
        self.box.placeholder = _t("count_tip" if counted else "number_tip", lang)
        self.box.tooltip = label
        self.unit.value = f"<span style='padding:0 8px'>{html.escape(_tr(unit, lang))}</span>" if unit else ""
        if self.never is not None:
            self.never.description = _t("never", lang)
            self.never.tooltip = _t("never_tip", lang)

    def clear(self) -> None:
        self.box.value = ""


class _Slider(_Number):
    """A number, or the value the explorer's slider has right now."""

    def __init__(self, form, lang: str, explorer=None):
        super().__init__(form, lang)
        self.use = w.Button(layout=w.Layout(width="auto"), icon="arrow-down")
        self.use.add_class("rolecomp-use-value")
        self.use.on_click(self._on_use)
        self.widget.children = (*self.widget.children, self.use)
        self._explorer = weakref.ref(explorer) if explorer is not None else None
        self.said = None  # what pressing "use" had to say (no explorer), for the feedback
        self._watching = None
        self._watch = _weak(self._on_slider)
        self._attach()

    def explorer(self):
        """The explorer given, or the only explorer of this contrast on the page."""
        if self._explorer is not None:
            ex = self._explorer()
            return ex if ex is not None and self.form.name in getattr(ex, "_controls", {}) else None
        found = [ex for ex in list(_hub._live)
                 if getattr(ex, "contrast", None) == self.form.contrast and getattr(ex, "_displayed", False)
                 and self.form.name in getattr(ex, "_controls", {})]
        return found[0] if len(found) == 1 else None

    def _attach(self) -> None:
        ex = self.explorer()
        control = ex._controls[self.form.name] if ex is not None else None
        if control is self._watching:
            return
        self.detach()
        if control is not None:
            control.observe(self._watch, names="value")
            self._watching = control

    def detach(self) -> None:
        if self._watching is not None:
            try:
                self._watching.unobserve(self._watch, names="value")
            except ValueError:
                pass
            self._watching = None

    def current(self):
        ex = self.explorer()
        return None if ex is None else ex.values[self.form.name]

    def _on_slider(self, _change) -> None:
        self._label_button()

    def _on_use(self, _button) -> None:
        self._attach()
        value = self.current()
        if value is not None:
            self.box.value = self.form.text_of(value)
            self.said = None
        else:
            self.said = {code: _t("no_explorer", code) for code in ("en", "zh")}
        self._label_button()

    def _label_button(self) -> None:
        lang = self._lang
        value = self.current()
        self.use.remove_class("rolecomp-not-ready")
        if value is None:
            self.use.add_class("rolecomp-not-ready")
            self.use.description = _t("use_value_none", lang)
            self.use.tooltip = _t("no_explorer", lang)
        else:
            self.use.description = _t("use_value", lang, value=self.form.text_of(value))
            self.use.tooltip = _t("use_tip", lang, label=self.form.label(lang))

    def relabel(self, lang: str, label: str) -> None:
        super().relabel(lang, label)
        self._attach()
        self._label_button()


class _Mapping:
    """A grid: one row per item, the roles as buttons in their colours. (Not a menu per row: in
    JupyterLab a closed menu's arrow keys move between cells instead, ipywidgets issue 3912.)"""

    def __init__(self, form, lang: str):
        self.form = form
        ids = form.role_ids()
        self.css_class = "rolecomp-roles-" + "-".join(ids)
        self.css = _role_css(self.css_class, ids)
        self.rows = {}
        for _, key in form.row_labels(lang):
            row = w.ToggleButtons(options=form.choices(lang), value=None,
                                  style={"button_width": "auto", "description_width": "min(420px, 45%)"},
                                  layout=w.Layout(width="100%"))
            row.add_class("rolecomp-mapping-row")
            row.add_class("rolecomp-choice")
            self.rows[key] = row
        self.widget = w.VBox(list(self.rows.values()), layout=w.Layout(width="100%"))
        self.widget.add_class("rolecomp-mapping")
        self.widget.add_class(self.css_class)
        self.watched = list(self.rows.values())
        self.texts = []

    @property
    def value(self):
        answer = {k: r.value for k, r in self.rows.items()}
        return answer if all(answer.values()) else None

    def missing(self, lang: str) -> str | None:
        labels = {k: label for label, k in self.form.row_labels(lang)}
        open_rows = [labels[k] for k, r in self.rows.items() if not r.value]
        if not open_rows:
            return None
        shown = [r.split(" (")[0].split("（")[0] for r in open_rows]
        return _t("need_rows", lang, rows=("、" if lang == "zh" else ", ").join(shown))

    def show(self, answer) -> None:
        if not isinstance(answer, dict):
            return
        for key, row in self.rows.items():
            allowed = [v for _, v in row.options]
            row.value = answer.get(key) if answer.get(key) in allowed else None

    def relabel(self, lang: str, label: str) -> None:
        options = self.form.choices(lang)
        for text, key in self.form.row_labels(lang):
            row = self.rows[key]
            value = row.value
            row.options = options
            row.value = value
            row.description = text
            row.tooltips = [f"{text}: {name}" for name, _ in options]

    def clear(self) -> None:
        for row in self.rows.values():
            row.value = None


class _Case:
    def __init__(self, form, lang: str):
        self.form = form
        self.card = w.HTML()
        self.card.add_class("rolecomp-card")
        self.choice = w.ToggleButtons(options=form.choices(lang), value=None, style={"button_width": "auto"})
        self.choice.add_class("rolecomp-choice")
        self.evidence_items = list(form.evidence())
        # buttons, one per passage, in a column: keyboard-operable like every other choice
        self.evidence = w.ToggleButtons(options=[(e.label(lang), e.key) for e in self.evidence_items], value=None,
                                        layout=w.Layout(width="100%"), style={"button_width": "100%"})
        self.evidence.add_class("rolecomp-evidence")
        self.evidence_label = w.HTML()
        self.widget = w.VBox([self.card, self.choice, self.evidence_label, self.evidence])
        self.watched = [self.choice, self.evidence]
        self.texts = []

    @property
    def value(self):
        if self.choice.value is None or self.evidence.value is None:
            return None
        return {"choice": self.choice.value, "evidence": self.evidence.value}

    def missing(self, lang: str) -> str | None:
        return None if self.value is not None else _t("need_case", lang)

    def show(self, answer) -> None:
        if not isinstance(answer, dict):
            return
        keys = [k for _, k in self.choice.options]
        self.choice.value = answer.get("choice") if answer.get("choice") in keys else None
        ev = [k for _, k in self.evidence.options]
        self.evidence.value = answer.get("evidence") if answer.get("evidence") in ev else None

    def relabel(self, lang: str, label: str) -> None:
        self.card.value = f"<div>{html.escape(_tr(self.form.card, lang))}</div>"
        value = self.choice.value
        self.choice.options = self.form.choices(lang)
        self.choice.value = value
        self.choice.tooltips = [f"{label}: {text}" for text, _ in self.choice.options]
        value = self.evidence.value
        self.evidence.options = [(e.label(lang), e.key) for e in self.evidence_items]
        self.evidence.value = value
        self.evidence.tooltips = [f"{_t('evidence', lang)}: {t}" for t, _ in self.evidence.options]
        self.evidence_label.value = f"<b>{html.escape(_t('evidence', lang))}</b>"

    def clear(self) -> None:
        self.choice.value = None
        self.evidence.value = None


def _make_input(decl, lang: str, explorer):
    kind = decl.kind
    if kind == "choice":
        return _Choice(decl.form, lang)
    if kind == "role":
        return _Role(decl.form, lang)
    if kind == "number":
        return _Number(decl.form, lang)
    if kind == "slider":
        return _Slider(decl.form, lang, explorer)
    if kind == "mapping":
        return _Mapping(decl.form, lang)
    if kind == "case":
        return _Case(decl.form, lang)
    raise ValueError(f"no answer widget for the kind {kind!r}")


# ------------------------------------------------------------------------------- Voilà's name box


class _NameBox:
    """"Your name": where a Voilà server has no other way to tell learners apart (see
    :mod:`rolecomp.answers`). Shown by the first exercise on the page and by "My answers"."""

    def __init__(self):
        self.box = w.Text(continuous_update=False, layout=w.Layout(width="360px"),
                          style={"description_width": "initial"})
        self.box.add_class("rolecomp-name")
        self.note = w.HTML()
        self.widget = w.HBox([self.box, self.note], layout=w.Layout(align_items="center", flex_flow="row wrap"))
        self.widget.add_class("rolecomp-name-row")
        self._holding = False
        self._lang = "en"
        self.box.observe(self._on_name, names="value")

    @staticmethod
    def needed() -> bool:
        return answers.in_voila() and answers.learner_from_environment() is None

    def _on_name(self, change) -> None:
        if self._holding:
            return
        name = str(change["new"]).strip()
        if not name:
            return
        try:
            answers.set_learner_name(name)
        except ValueError:
            self.note.value = html.escape(_t("name_bad", self._lang))

    def relabel(self, lang: str, show: bool) -> None:
        self._lang = lang
        self.widget.layout.display = None if show else "none"
        if not show:
            return
        self.box.description = _t("name", lang)
        self.box.placeholder = _t("name_tip", lang)
        self.box.tooltip = _t("name_tip", lang)
        name = answers.learner_name()
        self._holding = True
        try:
            self.box.value = name or ""
        finally:
            self._holding = False
        note = _t("name_saved", lang, name=name) if name else _t("name_note", lang)
        self.note.value = f"<span style='padding:0 8px'>{html.escape(note)}</span>"


_name_owner: dict = {"ref": None}


def _shows_name_box(obj) -> bool:
    """True for the one exercise that shows the name box: the first one alive on the page."""
    ref = _name_owner["ref"]
    owner = ref() if ref is not None else None
    if owner is None or getattr(owner, "_closed", False):
        _name_owner["ref"] = weakref.ref(obj)
        owner = obj
    return owner is obj


# ------------------------------------------------------------------------------- the exercise


def _close_tree(root) -> None:
    """Close a widget tree (with its Layout and Style widgets)."""
    stack = [root]
    while stack:
        wid = stack.pop()
        stack.extend(getattr(wid, "children", ()))
        for part in ("layout", "style"):
            sub = getattr(wid, part, None)
            if isinstance(sub, w.Widget):
                sub.close()
        wid.close()


class ExerciseWidget:
    """One exercise on the page: question, answer widget, Check and feedback (see the module).

    Made by :func:`exercise`. ``.answer`` is the answer the widget holds (None while
    incomplete), ``.reason`` the reason typed for a prediction, ``.check()`` presses Check,
    ``.result`` is the last :class:`~rolecomp.exercises.CheckResult`, ``.attempts`` what was
    checked so far (saved), ``.committed`` the first committed prediction.
    """

    def __init__(self, exercise_id: str, explorer=None, lang: str | None = None):
        self._decl = declaration(exercise_id)
        self.id = self._decl.id
        self._lang = normalize_language(lang) if lang is not None else get_language()
        self._result: CheckResult | None = None
        self._message: tuple[str, dict] | None = None  # (status, {"en", "zh"}) of a plain message
        self._holding = False
        self._pending = None  # a Check waiting for the front end's last values
        self._store = answers.current()

        self._input = _make_input(self._decl, self._lang, explorer)
        self._title = w.HTML()
        self._title.add_class("rolecomp-question")
        self._reason = w.Text(value="", continuous_update=False, layout=w.Layout(width="min(100%, 720px)"),
                              style={"description_width": "initial"})
        self._reason.add_class("rolecomp-reason")
        self._check = w.Button(button_style="primary", layout=w.Layout(width="auto", min_width="9em"))
        self._check.add_class("rolecomp-check")
        self._peek = w.Button(icon="eye", layout=w.Layout(width="auto", margin="4px 0 0 0"))
        self._peek.add_class("rolecomp-peek")
        self._peeked = False  # the learner chose to see the explorer before predicting
        self._feedback = w.HTML(layout=w.Layout(flex="1 1 300px", margin="0 0 0 10px"))
        self._feedback.add_class("rolecomp-feedback")
        self._history = w.HTML()
        self._history.add_class("rolecomp-history")
        self._notice = w.HTML()
        self._notice.add_class("rolecomp-notice")
        self._names = _NameBox()
        self._closed = False
        self._style = w.HTML(layout=w.Layout(display="none"))

        row = w.HBox([w.VBox([self._check, self._peek]), self._feedback],
                     layout=w.Layout(align_items="flex-start", margin="6px 0 0 0", width="100%"))
        parts = [self._style, self._title, self._input.widget, self._reason, row, self._history, self._notice,
                 self._names.widget]
        self.widget = w.VBox(parts, layout=w.Layout(width="100%"))
        for cls in ("rolecomp-exercise", f"rolecomp-exercise-{self._decl.kind}", f"rolecomp-ex-{self.id}"):
            self.widget.add_class(cls)
        if self._decl.prediction:
            self.widget.add_class("rolecomp-prediction")
        self._release = weakref.finalize(self, _close_tree, self.widget)
        self._release.atexit = False  # at kernel exit the comms are gone: nothing to close then

        for wid in self._input.watched:
            wid.observe(_weak(self._on_input), names="value")
        self._reason.observe(_weak(self._on_input), names="value")
        for box in (*self._input.texts, self._reason):
            box.on_msg(_weak(self._on_text_msg))
        self._check.on_click(_weak(self._on_button))
        self._peek.on_click(_weak(self._on_peek))
        if isinstance(self._input, _Slider):
            self._input.use.on_click(_weak(self._on_used))
        self._store.subscribe(self._on_store)

        self._cell = _hub.cell_of_new_explorer()
        _hub.register(self)
        self._restore()
        self._relabel()

    # ------------------------------------------------------------------ public API
    @property
    def kind(self) -> str:
        """The exercise's kind: choice, role, number, slider, mapping or case."""
        return self._decl.kind

    @property
    def language(self) -> str:
        return self._lang

    @property
    def answer(self):
        """The answer the widget holds now (None while incomplete)."""
        return self._input.value

    @answer.setter
    def answer(self, value) -> None:
        if value is None:
            self._input.clear()
        else:
            self._input.show(value)

    @property
    def reason(self) -> str:
        """The reason typed for a prediction."""
        return self._reason.value

    @reason.setter
    def reason(self, text: str) -> None:
        self._reason.value = str(text)

    @property
    def attempts(self) -> list[dict]:
        """What was checked so far, oldest first (as saved)."""
        return self._store.attempts(self.id)

    @property
    def committed(self) -> dict | None:
        """The first committed prediction (``answer``, ``reason``, ``status``), or None."""
        attempts = self.attempts
        return attempts[0] if self._decl.prediction and attempts else None

    @property
    def result(self) -> CheckResult | None:
        """What the last Check said."""
        return self._result

    @property
    def ready(self) -> bool:
        """True when Check would judge (the answer is complete; a prediction has its reason)."""
        return "rolecomp-not-ready" not in self._check._dom_classes

    @property
    def feedback(self) -> str:
        """The feedback beside Check, as plain text."""
        return html.unescape(_strip_tags(self._feedback.value))

    @property
    def question(self) -> str:
        return self._decl.text(self._lang)

    def check(self) -> CheckResult | None:
        """Press Check: judge the answer, save it, show the feedback; None while incomplete."""
        return self._on_check(None)

    def set_language(self, lang: str) -> ExerciseWidget:
        """Switch this exercise only (``rolecomp.set_language`` switches the whole workshop)."""
        lang = normalize_language(lang)
        if lang != self._lang:
            self._lang = lang
            self._relabel()
        return self

    def close(self) -> None:
        """Remove the widgets from the page (re-running the cell does it)."""
        if isinstance(self._input, _Slider):
            self._input.detach()
        self._closed = True
        self._release()
        _hub.forget(self)

    # ------------------------------------------------------------------ display
    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        _hub.pin(self)
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/plain"] = f"{self.id} · {self.question}"
        # exported HTML, handouts and front ends without widgets still show the question (a worksheet)
        bundle["text/html"] = self.static_html()
        return bundle

    def static_html(self, lang: str | None = None) -> str:
        """The exercise on paper: its question, the options to tick or a line to write on, and for a
        prediction a line for the reason (what exports and handouts show instead of the widget)."""
        lang = lang or self._lang
        d = self._decl
        e = html.escape
        box = "\u2610"
        colon = "：" if lang == "zh" else ":"
        line = "<span style='display:inline-block;min-width:12em;border-bottom:1px solid #888'>&nbsp;</span>"
        parts = [f"<p><b>{e(self.id)} · {e(self._kind_label(lang))}</b><br>{e(d.text(lang))}</p>"]
        form = d.form
        if d.kind == "case":
            parts.append(f"<blockquote>{e(_tr(form.card, lang))}</blockquote>")
        if d.kind in {"choice", "role", "case"}:
            parts.append("<ul style='list-style:none'>" + "".join(
                f"<li>{box} {e(text)}</li>" for text, _ in form.choices(lang)) + "</ul>")
        if d.kind == "case":
            parts.append(f"<p><b>{e(_t('evidence', lang))}</b></p><ul style='list-style:none'>" + "".join(
                f"<li>{box} {e(ev.label(lang))}</li>" for ev in form.evidence()) + "</ul>")
        if d.kind in {"number", "slider"}:
            unit = _tr(form.unit, lang) if getattr(form, "unit", None) else ""
            never = f" {box} {e(_t('never', lang))}" if getattr(form, "never", False) else ""
            parts.append(f"<p>{e(_t('answer', lang))}{colon} {line} {e(unit)}{never}</p>")
        if d.kind == "mapping":
            roles = " ".join(f"{box} {e(t)}" for t, _ in form.choices(lang))
            parts.append("<table>" + "".join(f"<tr><td>{e(label)}</td><td>{roles}</td></tr>"
                                             for label, _ in form.row_labels(lang)) + "</table>")
        if d.prediction:
            parts.append(f"<p>{e(_t('because', lang))}{colon} {line}{line}</p>")
        code = ' lang="zh"' if lang == "zh" else ""
        return f"<div class='rolecomp-exercise-static'{code}>{''.join(parts)}</div>"

    def __repr__(self) -> str:
        return f"<ExerciseWidget {self.id} ({self.kind}) answer={self.answer!r}>"

    # ------------------------------------------------------------------ events
    def _on_input(self, _change) -> None:
        if self._holding:
            return
        self._message = None
        if getattr(self._input, "said", None):
            self._input.said = None
        if self._pending is not None:  # the value a pending Check was waiting for: check now
            self._pending.cancel()
            self._run_pending()
            return
        self._update_state()

    def _on_text_msg(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("event") == "submit":  # Enter in a box
            self._request_check()

    def _on_button(self, _button) -> None:
        self._request_check()

    def _request_check(self) -> None:
        """Check once the front end's last changes have arrived.

        A button press or Enter reaches the kernel as a message of its own, which can overtake
        the value typed or clicked just before it: ipywidgets holds a model's next state update
        back until the kernel has answered the previous one (and Enter in a box is sent before
        the box's new value). So in a kernel the check runs a moment later, after a value that
        arrives meanwhile, as soon as it does; outside one (tests, scripts) at once.
        """
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._on_check(None)
            return
        if self._pending is not None:
            return
        self._pending = loop.call_later(_SETTLE_SECONDS, _weak(self._run_pending))

    def _on_peek(self, _button) -> None:
        """"Show the explorer now": the learner looks before predicting (not recommended, allowed)."""
        self._peeked = True
        self._update_state()
        self._check.focus()

    def _on_used(self, _button) -> None:
        """After "Use the explorer's value": the box holds the value (or the feedback says why not)."""
        self._update_state()

    def _run_pending(self) -> None:
        self._pending = None
        self._on_check(None)

    def _on_check(self, _button) -> CheckResult | None:
        lang = self._lang
        missing = self._input.missing(lang)
        committed = self.committed
        if missing is None and self._decl.prediction and committed is None and not self.reason.strip():
            missing = _t("need_reason", lang)
        if missing is not None:
            self._message = ("info", {code: self._missing(code) for code in ("en", "zh")})
            self._render()
            return None
        answer = self._input.value
        result = check(self.id, answer)
        self._result = result
        self._message = None
        if result.status in {"correct", "wrong"}:  # an unreadable answer is not an attempt
            reason = self.reason.strip() or None
            self._store.record(self.id, answer, result.status, reason)
            if self._decl.prediction:
                with self._hold():
                    self._reason.value = ""
        self._relabel()
        return result

    def _missing(self, lang: str) -> str:
        text = self._input.missing(lang)
        if text is None and self._decl.prediction and self.committed is None and not self.reason.strip():
            text = _t("need_reason", lang)
        return text or ""

    def _on_store(self, ids) -> None:
        """Answers changed elsewhere (Start over, another cell, a name typed in Voilà)."""
        store = answers.current()
        switched = store is not self._store
        self._store = store
        if switched:  # another learner's answers (a name typed in Voilà): show theirs
            with self._hold():
                self._input.clear()
                self._reason.value = ""
            self._result = None
            self._message = None
            self._restore()
            self._relabel()
            return
        if self.id not in ids:
            self._relabel_name()
            return
        if not self.attempts:
            with self._hold():
                self._input.clear()
                self._reason.value = ""
            self._result = None
            self._message = None
        elif self._result is None:
            self._restore()
        self._relabel()

    def _on_global_language(self, lang: str) -> None:
        if lang != self._lang:
            self._lang = lang
            self._relabel()

    # ------------------------------------------------------------------ internals
    def _hold(self):
        exercise = self

        class Hold:
            def __enter__(self):
                self.prev, exercise._holding = exercise._holding, True

            def __exit__(self, *exc):
                exercise._holding = self.prev

        return Hold()

    def _restore(self) -> None:
        """Show the saved answer again (after a re-run, a restart, a reopened notebook)."""
        attempts = self.attempts
        if not attempts:
            return
        last = attempts[-1]["answer"]
        with self._hold():
            self._input.show(last)
        if self._input.value is not None:
            self._result = check(self.id, self._input.value)

    def _kind_label(self, lang: str) -> str:
        d = self._decl
        if d.prediction:
            return _t("predict", lang)
        return _t({"case": "case", "slider": "target"}.get(d.kind, "question"), lang)

    def _relabel(self) -> None:
        lang = self._lang
        d = self._decl
        kind = self._kind_label(lang)
        code = " lang='zh'" if lang == "zh" else ""
        self._title.value = (f"<div{code} style='font-size:1.05em;line-height:1.45;margin-bottom:4px'>"
                             f"<b>{html.escape(self.id)} · {html.escape(kind)}</b><br>"
                             f"{html.escape(d.text(lang))}</div>")
        label = _t("prediction" if d.prediction else "answer", lang)
        with self._hold():
            self._input.relabel(lang, label)
        committed = self.committed
        if d.prediction and committed is None:
            self._reason.description = _t("because", lang)
            self._reason.placeholder = _t("because_tip", lang)
        else:
            self._reason.description = _t("because_again", lang)
            self._reason.placeholder = _t("because_again_tip", lang)
        self._reason.tooltip = self._reason.placeholder
        attempts = self.attempts
        settled = bool(attempts) and attempts[-1].get("status") == "correct"
        self._reason.layout.display = None if d.prediction and not settled else "none"
        self._relabel_name()
        self._update_state()

    def _relabel_name(self) -> None:
        lang = self._lang
        self._names.relabel(lang, _NameBox.needed() and _shows_name_box(self))
        notices = self._store.notices
        self._notice.value = "".join(_box("invalid", html.escape(_tr(n, lang))) for n in notices)

    @property
    def covers_explorer(self) -> bool:
        """True while the explorer that reveals this prediction's answer is kept blurred."""
        d = self._decl
        return bool(d.prediction and d.reveals and self.committed is None and not self._peeked)

    def _gate_css(self, lang: str) -> str:
        """While uncommitted: blur the chart and sentence of this contrast's explorers in the same
        notebook (``.jp-Notebook`` is the notebook in JupyterLab and Notebook 7, Voilà's body)."""
        d = self._decl
        if not (d.prediction and d.reveals):
            return ""
        scope = f".jp-Notebook:has(.rolecomp-ex-{self.id}.rolecomp-uncommitted) .rolecomp-{d.reveals}"
        note = _tr(TEXTS["gate"], lang).replace("\\", "\\\\").replace('"', '\\"')
        return (f"{scope} .rolecomp-chart, {scope} .rolecomp-sentence > div, {scope} .rolecomp-note "
                f"{{ filter: blur(16px) grayscale(1); opacity: 0.35; }}\n"
                f"{scope} .rolecomp-sentence {{ flex-wrap: wrap; }}\n"
                f'{scope} .rolecomp-sentence::before {{ content: "{note}"; flex: 0 0 100%; font-weight: bold; '
                f"font-size: 1.1em; color: #b35900; padding: 2px 0 4px; }}")

    def _update_state(self) -> None:
        lang = self._lang
        d = self._decl
        covered = self.covers_explorer
        if covered:
            self.widget.add_class("rolecomp-uncommitted")
        else:
            self.widget.remove_class("rolecomp-uncommitted")
        self._peek.layout.display = None if covered else "none"
        self._peek.description = _t("peek", lang)
        self._peek.tooltip = _t("peek_tip", lang)
        style = _CSS + getattr(self._input, "css", "") + "\n" + self._gate_css(lang)
        if self._style.value != f"<style>{style}</style>{_A11Y_HTML}":
            self._style.value = f"<style>{style}</style>{_A11Y_HTML}"
        committed = self.committed
        if d.prediction and committed is None:
            self._check.description = _t("commit", lang)
            self._check.tooltip = _t("commit_tip", lang, id=self.id)
            ready = self._input.value is not None and bool(self.reason.strip())
        else:
            self._check.description = _t("check_again" if self.attempts else "check", lang)
            self._check.tooltip = _t("check_tip", lang, id=self.id)
            ready = self._input.value is not None
        # Never disabled: a disabled button is skipped by Tab and says nothing. Until the answer is
        # complete it looks inactive and, pressed, says what is still missing.
        if ready:
            self._check.remove_class("rolecomp-not-ready")
        else:
            self._check.add_class("rolecomp-not-ready")
        self._render()

    def _render(self) -> None:
        lang = self._lang
        self._feedback.value = self._feedback_html(lang)
        self._history.value = self._history_html(lang)

    def _describe(self, answer, lang: str) -> str:
        return self._decl.form.describe(answer, lang)

    def _feedback_html(self, lang: str) -> str:
        d = self._decl
        said = getattr(self._input, "said", None)
        if said:
            return _box("info", html.escape(said[lang]))
        if self._message is not None:
            status, texts = self._message
            return _box(status, html.escape(texts[lang]))
        committed = self.committed
        result = self._result
        if result is None:
            if d.prediction and committed is None:
                covered = ("" if lang == "zh" else " ") + _t("covered", lang) if self.covers_explorer else ""
                return _box("info", html.escape(_t("need_reason", lang) + covered))
            return ""
        head = {"correct": "✔", "wrong": "✘"}.get(result.status, "✘")
        title = result._head(lang)
        body = html.escape(result.messages[lang] if lang == "en" else zh_punct(result.messages[lang]))
        lead = ""
        if committed is not None and result.status in {"correct", "wrong"}:
            answer = html.escape(self._describe(committed["answer"], lang))
            reason = html.escape(committed.get("reason") or "…")
            if committed.get("status") == "correct":
                lead = _t("you_predicted_right", lang, answer=answer, reason=reason)
            elif result.correct:
                shown = html.escape(self._describe(solution(self.id), lang))
                lead = _t("you_predicted_shows", lang, answer=answer, reason=reason, solution=shown)
            else:
                lead = _t("you_predicted", lang, answer=answer, reason=reason)
            lead = f"<div style='margin-bottom:3px'><i>{lead}</i></div>"
        colour = _COLOURS.get(result.status, _COLOURS["invalid"])[0]
        return _box(result.status, f"{lead}<b style='color:{colour}'>{head} {html.escape(self.id)}"
                                   f"{' ' + html.escape(title) if title else ''}</b> {body}")

    def _history_html(self, lang: str) -> str:
        attempts = self.attempts
        if not attempts or (len(attempts) == 1 and not self._decl.prediction):
            return ""  # one try: the feedback says it all
        items = []
        colon = "：" if lang == "zh" else ": "
        for n, a in enumerate(attempts, 1):
            mark = "✔" if a.get("status") == "correct" else "✘"
            text = html.escape(self._describe(a.get("answer"), lang))
            reason = html.escape(_quoted(a.get("reason") or "", lang))
            if n == 1 and self._decl.prediction:
                gap = "" if lang == "zh" else " "
                why = f" — {html.escape(_t('because_lower', lang))}{gap}{reason}" if reason else ""
                committed = f"（{_t('committed', lang)}）" if lang == "zh" else f" ({_t('committed', lang)})"
                items.append(f"<b>{html.escape(_t('first', lang))}</b>{html.escape(committed)}{colon}"
                             f"{text}{why} {mark}")
            else:
                which = _t("retry" if self._decl.prediction else "try", lang, n=n)
                why = f" — {reason}" if reason else ""
                items.append(f"{html.escape(which)}{colon}{text}{why} {mark}")
        return ("<div style='color:#444;font-size:0.95em;margin-top:4px'>"
                + " · ".join(items) + "</div>")


_SETTLE_SECONDS = 0.2  # how long a Check waits for values still on their way from the page


def _quoted(text: str, lang: str) -> str:
    """A learner's own words in quotation marks: 「…」 in Chinese, “…” in English."""
    if not text:
        return ""
    return f"「{text}」" if lang == "zh" else f"\u201c{text}\u201d"


def _strip_tags(text: str) -> str:
    import re

    return re.sub(r"<[^>]+>", " ", text).replace("  ", " ").strip()


def exercise(exercise_id: str, explorer=None, *, lang: str | None = None) -> ExerciseWidget:
    """The exercise ``exercise_id`` with its answer widget, Check button and feedback.

    Parameters
    ----------
    exercise_id : str
        E.g. ``"02-2"``; :func:`rolecomp.exercises.exercise_ids` lists them.
    explorer : optional
        For a slider target: the explorer whose slider "Use the explorer's value" copies. Without
        it, the only explorer of the exercise's contrast on the page is used, if there is one.
    lang : optional
        Language of this exercise only; by default the workshop's (:func:`rolecomp.set_language`).

    Raises
    ------
    ValueError
        For an unknown exercise id.

    Examples
    --------
    >>> ex = exercise("00-1")
    >>> ex.kind, ex.answer
    ('choice', None)
    """
    return ExerciseWidget(exercise_id, explorer=explorer, lang=lang)


#: Another name for :func:`exercise`: ``rolecomp.ask("02-2", explorer=ex)``.
ask = exercise


# ------------------------------------------------------------------------------- my answers


class AnswersSummary:
    """A notebook's exercises with what the learner answered, and a way to start over."""

    def __init__(self, notebook: str | None = None, lang: str | None = None):
        self.notebook = None if notebook is None else str(notebook).zfill(2)
        self.ids = [i for i in exercise_ids() if self.notebook is None or declaration(i).notebook == self.notebook]
        if not self.ids:
            known = sorted({declaration(i).notebook for i in exercise_ids()})
            raise ExerciseIdError(f"There are no exercises in notebook {str(notebook)[:40]!r}; notebooks: "
                                  f"{', '.join(known)}.",
                                  f"笔记本 {str(notebook)[:40]!r} 里没有练习。有练习的笔记本：{'、'.join(known)}。")
        self._lang = normalize_language(lang) if lang is not None else get_language()
        self._store = answers.current()
        self._confirming = False
        self._done: int | None = None
        self._title = w.HTML()
        self._table = w.HTML()
        self._where = w.HTML()
        self._start = w.Button(icon="trash", layout=w.Layout(width="auto"))
        self._start.add_class("rolecomp-start-over")
        self._yes = w.Button(button_style="danger", layout=w.Layout(width="auto"))
        self._yes.add_class("rolecomp-confirm-delete")
        self._no = w.Button(layout=w.Layout(width="auto"))
        self._no.add_class("rolecomp-cancel-delete")
        self._confirm_text = w.HTML()
        self._confirm = w.HBox([self._confirm_text, self._yes, self._no], layout=w.Layout(align_items="center",
                                                                                            flex_flow="row wrap"))
        self._status = w.HTML()
        self._names = _NameBox()
        self.widget = w.VBox([w.HTML(f"<style>{_CSS}</style>", layout=w.Layout(display="none")), self._title,
                              self._table, self._where, self._names.widget, w.HBox([self._start, self._status]),
                              self._confirm], layout=w.Layout(width="100%"))
        self.widget.add_class("rolecomp-exercise")
        self.widget.add_class("rolecomp-answers")
        self._release = weakref.finalize(self, _close_tree, self.widget)
        self._release.atexit = False
        self._start.on_click(_weak(self._on_start))
        self._yes.on_click(_weak(self._on_yes))
        self._no.on_click(_weak(self._on_no))
        self._store.subscribe(self._on_store)
        self._cell = _hub.cell_of_new_explorer()
        _hub.register(self)
        self._relabel()

    @property
    def rows(self) -> list[dict]:
        """One row per exercise: ``id``, ``first`` (committed prediction), ``last``, ``status``, ``tries``."""
        out = []
        for i in self.ids:
            attempts = self._store.attempts(i)
            d = declaration(i)
            out.append({"id": i, "first": attempts[0] if attempts and d.prediction else None,
                        "last": attempts[-1] if attempts else None,
                        "status": attempts[-1]["status"] if attempts else None, "tries": len(attempts)})
        return out

    def start_over(self) -> int:
        """Delete this learner's answers to these exercises (what "Yes, delete" does); return how many."""
        n = self._store.clear(self.ids)
        self._done = n
        self._confirming = False
        self._relabel()
        return n

    def close(self) -> None:
        self._release()
        _hub.forget(self)

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        _hub.pin(self)
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/plain"] = self._plain()
        return bundle

    def _plain(self) -> str:
        lang = self._lang
        lines = [self._heading(lang)]
        for r in self.rows:
            lines.append(f"{r['id']}: {self._cell_last(r, lang)}")
        return "\n".join(lines)

    def _heading(self, lang: str) -> str:
        return _t("summary", lang, nb=self.notebook) if self.notebook else _t("summary_all", lang)

    def _on_store(self, _ids) -> None:
        store = answers.current()
        if store is not self._store:
            self._store = store
        self._relabel()

    def _on_global_language(self, lang: str) -> None:
        if lang != self._lang:
            self._lang = lang
            self._relabel()

    def _on_start(self, _button) -> None:
        self._confirming = True
        self._done = None
        self._relabel()
        self._no.focus()  # the safe choice has the keyboard focus

    def _on_yes(self, _button) -> None:
        self.start_over()
        self._start.focus()  # the confirm row is hidden: the focus must not fall to the page

    def _on_no(self, _button) -> None:
        self._confirming = False
        self._relabel()
        self._start.focus()

    def _cell_last(self, r: dict, lang: str) -> str:
        if r["last"] is None:
            return _t("not_yet", lang)
        d = declaration(r["id"])
        mark = "✔" if r["status"] == "correct" else "✘"
        return f"{d.form.describe(r['last']['answer'], lang)} {mark}"

    def _relabel(self) -> None:
        lang = self._lang
        rows = self.rows
        right = sum(1 for r in rows if r["status"] == "correct")
        self._title.value = (f"<b style='font-size:1.1em'>{html.escape(self._heading(lang))}</b> · "
                             f"{html.escape(_t('score', lang, right=right, total=len(rows)))}")
        head = "".join(f"<th style='text-align:left;padding:2px 8px'>{html.escape(_t(k, lang))}</th>"
                       for k in ("col_ex", "col_pred", "col_last", "col_tries"))
        body = []
        for r in rows:
            d = declaration(r["id"])
            first = ""
            if r["first"] is not None:
                reason = r["first"].get("reason") or ""
                first = d.form.describe(r["first"]["answer"], lang) + (f" — {_quoted(reason, lang)}" if reason else "")
            colour = _COLOURS["correct" if r["status"] == "correct" else "wrong" if r["status"] else "info"][0]
            body.append("<tr>" + "".join(f"<td style='padding:2px 8px;vertical-align:top'>{c}</td>" for c in (
                f"<b>{html.escape(r['id'])}</b>", html.escape(first),
                f"<span style='color:{colour}'>{html.escape(self._cell_last(r, lang))}</span>",
                str(r["tries"]) if r["tries"] else "")) + "</tr>")
        self._table.value = (f"<table class='rolecomp-answers-table' style='border-collapse:collapse'>"
                             f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
        store = self._store
        if store.saved:
            where = _t("where", lang, file=store.path.name, who=store.display)
        else:
            where = _t("memory", lang)
        self._names.relabel(lang, _NameBox.needed())
        notices = "".join(_box("invalid", html.escape(_tr(n, lang))) for n in store.notices)
        self._where.value = f"<div style='color:#444;margin:4px 0'>{html.escape(where)}</div>{notices}"
        scope = _t("scope_nb", lang, nb=self.notebook) if self.notebook else _t("scope_all", lang)
        self._start.description = _t("start_over", lang)
        self._start.tooltip = _t("start_over_tip", lang)
        self._yes.description = _t("yes_delete", lang)
        self._no.description = _t("cancel", lang)
        n = sum(1 for r in rows if r["tries"])
        if self._confirming and n == 0:
            self._confirm_text.value = html.escape(_t("confirm_none", lang))
            self._yes.layout.display = "none"
        else:
            self._confirm_text.value = (f"<b style='color:#b00020;padding-right:8px'>"
                                        f"{html.escape(_t('confirm', lang, n=n, scope=scope))}</b>")
            self._yes.layout.display = None
        self._confirm.layout.display = None if self._confirming else "none"
        self._status.value = (f"<span style='padding:0 8px'>{html.escape(_t('deleted', lang, n=self._done))}</span>"
                              if self._done is not None else "")


def my_answers(notebook: str | None = None, *, lang: str | None = None) -> AnswersSummary:
    """What you answered in a notebook (``"02"``), or in all of them, with a "Start over" button.

    Examples
    --------
    >>> summary = my_answers("02")
    >>> [r["id"] for r in summary.rows]
    ['02-1', '02-2', '02-3', '02-4']
    """
    return AnswersSummary(notebook, lang=lang)
