"""Every Chinese text the library shows reads as Chinese written by a Chinese business writer.

Collected from where a learner reads it: the label tables and Chinese literals of the library
(``{"zh": ...}`` entries and the Chinese branches of sentences), the answer widgets' texts, every
chart drawn in Chinese at its defaults and at each preset (titles, axis labels, tick labels,
legends, text artists, read from the matplotlib figure), the live sentences and the models' notes,
the explorers' widgets in Chinese, and the Chinese columns of ``data/*.csv``. Each is checked for

- half-width punctuation touching Chinese, or a space after a full-width mark
  (:func:`rolecomp.i18n.zh_punct_problems`);
- numbers written the Western way: ``1.2M``, ``50k`` or ``125,000`` (Chinese counts in 万 and 亿);
- terms the workshop does not use (探索器, 客单价, 双重加价, 厂商利润, 直接收益, 从不, "第 33 月");
- English ids (``sales``, ``flyers``, ``traditional_sales``, a parameter's name) in Chinese text.

Quotes of the article stay verbatim (its own half-width commas included), so they are taken out of
a text before it is checked: the data's quotes, and a 「quote」 found in ``../shared/source/article_zh.md``
(without the article: a 「quote」 right after ``¶N``). ``rolecomp/exercises.py`` is checked by the tests at
the end: its Chinese literals, and what :func:`rolecomp.check` tells a Chinese learner who has not answered
or whose answer cannot be read (the example, the options by their Chinese names, never an English id).
"""

from __future__ import annotations

import ast
import csv
import html
import re
from pathlib import Path

import pytest

from rolecomp.i18n import zh_punct_problems

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "rolecomp"
EXERCISES = PACKAGE / "exercises.py"
CJK = re.compile(r"[\u3400-\u9fff]")

#: Words Chinese business writing keeps in Latin letters, and symbols of the models.
KEPT_LATIN = {"SaaS", "PaaS", "CRM", "LTV", "ARPA", "DAU", "AI", "ROI", "NPV", "CPM", "CAC", "CPC", "sBG", "NBD",
              "vs", "B2B", "PNG", "PDF", "HTML", "SVG", "Enter", "Tab"}
#: Terms the workshop replaced, with what it says instead.
BANNED = {
    "探索器": "探索工具",
    "客单价": "平均合同金额",
    "双重加价": "双重边际化",
    "厂商利润": "厂商毛利",
    "厂商每件利润": "厂商每件毛利",
    "厂商每月利润": "厂商每月毛利",
    "直接收益": "直接收入",
    "从不": "永远不会 / 不会",
    "每周累计赢得的客户": "累计赢得的客户",
    "逐周累计赢得的客户": "累计赢得的客户",
}


# ------------------------------------------------------------------------------- collecting


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(REPO / "data" / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _article_quotes() -> list[str]:
    """Verbatim quotes of the article in the data (longest first), and the article's paragraphs."""
    quotes = set()
    for name, column in (("attributes.csv", "quote_zh"), ("roles.csv", "metaphor_zh")):
        for row in _read_csv(name):
            quotes.update(q.strip() for q in re.split(r"[；;]", row[column]) if q.strip())
    return sorted(quotes, key=len, reverse=True)


QUOTES = _article_quotes()


def english_ids() -> set[str]:
    """Ids a Chinese text must never show: roles, attributes, parameters, presets, contrasts."""
    ids = {r["role_id"] for r in _read_csv("roles.csv")}
    ids |= {r["attribute_id"] for r in _read_csv("scales.csv")}
    ids |= {r["name"] for r in _read_csv("parameters.csv")} | {r["group"] for r in _read_csv("parameters.csv")}
    ids |= {r["preset"] for r in _read_csv("presets.csv")}
    ids |= {"flyers", "one_off", "ongoing", "never"}
    return {i for i in ids if len(i) >= 3}


IDS = english_ids()


def _literal(node) -> str | None:
    """A string literal's text; an f-string's literal parts with ``{}`` for each field."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal(node.left), _literal(node.right)
        return None if left is None or right is None else left + right
    return None


def _chinese(text: str) -> bool:
    """Mostly Chinese: at least as many Chinese characters as Latin letters (an English message that
    quotes a Chinese word, ``"Also accepted: 中文, 汉语"``, is English)."""
    plain = re.sub(r"\{[^{}]*\}|``[^`]*``|`[^`]*`", " ", text)
    han = len(CJK.findall(plain))
    return han > 0 and han >= len(re.findall(r"[A-Za-z]", plain))


def _docstrings(tree) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def source_texts(path: Path) -> list[tuple[str, str]]:
    """The Chinese literals of a module: every ``"zh"`` / ``"..._zh"`` entry of a dict, and every other
    string or f-string (docstrings aside) that is mostly Chinese."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docs = _docstrings(tree)
    where = path.relative_to(REPO)
    out, seen = [], set()
    inner = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.JoinedStr, ast.BinOp)):
            inner.update(id(v) for v in ast.walk(node) if v is not node)
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(key.value, str) and \
                        (key.value == "zh" or key.value.endswith("_zh")):
                    items = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
                    for item in items:
                        text = _literal(item)
                        if text is not None and CJK.search(text):
                            out.append((f"{where}:{item.lineno}", text))
                            seen.add(id(item))
    for node in ast.walk(tree):
        if id(node) in seen or id(node) in docs or id(node) in inner:
            continue
        text = _literal(node) if isinstance(node, (ast.Constant, ast.JoinedStr, ast.BinOp)) else None
        if text is not None and _chinese(text):
            out.append((f"{where}:{node.lineno}", text))
    return out


def library_sources() -> list[tuple[str, str]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path != EXERCISES:
            out += source_texts(path)
    return out


def data_texts() -> list[tuple[str, str]]:
    out = []
    for path in sorted((REPO / "data").glob("*.csv")):
        for line, row in enumerate(_read_csv(path.name), start=2):
            for column, value in row.items():
                if column.endswith("_zh") and value:
                    out.append((f"data/{path.name}:{line}: {column}", value))
    return out


def figure_texts(fig) -> list[str]:
    """Every text a figure shows: titles, axis labels, tick labels, legends, text artists."""
    fig.canvas.draw()
    out = [t.get_text() for t in fig.texts if t.get_visible()]
    for ax in fig.axes:
        out += [ax.get_title(loc=loc) for loc in ("left", "center", "right")]
        out += [ax.get_xlabel(), ax.get_ylabel()]
        out += [t.get_text() for t in (*ax.get_xticklabels(), *ax.get_yticklabels()) if t.get_visible()]
        out += [t.get_text() for t in ax.texts if t.get_visible()]
        legend = ax.get_legend()
        if legend is not None:
            out += [t.get_text() for t in legend.get_texts()]
    return [t for t in out if t and t.strip()]


def _scenarios(contrast):
    from rolecomp.scenario import Scenario

    base = Scenario(contrast)
    yield "defaults", base
    for preset in getattr(base, "presets", {}) or {}:
        yield preset, Scenario(contrast, preset)


def chart_texts() -> list[tuple[str, str]]:
    """Every chart in Chinese at its defaults and presets, its live sentence and the model's notes."""
    from rolecomp import charts
    from rolecomp.i18n import find_cjk_font

    if find_cjk_font() is None:
        pytest.skip("no CJK font: the charts are drawn in English")
    out = []
    for contrast in charts.CONTRASTS:
        for name, scenario in _scenarios(contrast):
            where = f"chart {contrast} ({name})"
            fig = charts.draw(contrast, lang="zh", scenario=scenario)
            out += [(f"{where}: title", charts.chart_class(contrast).title["zh"])]
            out += [(f"{where}: figure", text) for text in figure_texts(fig)]
            out.append((f"{where}: sentence", charts.sentence(contrast, "zh", scenario)))
            out += [(f"{where}: note", note) for note in scenario.result("zh").notes]
    return out


def _widget_texts(widget) -> list[str]:
    import ipywidgets as w

    out = []
    for attr in ("description", "tooltip", "placeholder"):
        value = getattr(widget, attr, None)
        if isinstance(value, str) and value:
            out.append(value)
    if isinstance(widget, w.HTML) and widget.value:
        # each tag a line break: the cells of a table are read one by one
        text = re.sub(r"<style.*?</style>|<[^>]+>", "\n", widget.value, flags=re.S)
        out.append(html.unescape(text))
    if isinstance(widget, (w.Dropdown, w.SelectMultiple, w.Select)):
        out += [str(label) for label, _ in (o if isinstance(o, tuple) else (o, o) for o in widget.options)]
    for child in getattr(widget, "children", ()):
        out += _widget_texts(child)
    return out


def explorer_texts() -> list[tuple[str, str]]:
    from rolecomp import explorers
    from rolecomp.i18n import find_cjk_font

    if find_cjk_font() is None:
        pytest.skip("no CJK font: the explorers draw in English")
    out = []
    for name in explorers.__all__:
        cls = getattr(explorers, name)
        if not (isinstance(cls, type) and name.endswith("Explorer") and getattr(cls, "contrast", "")):
            continue
        ex = cls(lang="zh")
        try:
            ex._fresh()
            texts = _widget_texts(ex.widget)
            # the language toggle names the languages in their own words, and its one tooltip is in both
            texts = [t for t in texts if t not in ("English", "中文") and not t.startswith("Language of")]
            out += [(f"{name} (zh)", text) for text in texts]
        finally:
            ex.close()
    return out


# ------------------------------------------------------------------------------- checking


#: The article, when it is beside the repository (``../shared/source/article_zh.md``); without it a quote
#: is known by its form: 「…」 right after a paragraph mark ``¶N``.
ARTICLE = REPO.parent / "shared" / "source" / "article_zh.md"
ARTICLE_TEXT = ARTICLE.read_text(encoding="utf-8") if ARTICLE.exists() else None


def _verbatim(quote: str, before: str) -> bool:
    """True for a 「quote」 of the article, which keeps the article's own (half-width) punctuation."""
    if ARTICLE_TEXT is not None:
        return len(quote) >= 4 and quote in ARTICLE_TEXT
    return re.search(r"¶\d+\s*(?:说|写道|写)?[：:]?\s*$", before) is not None


def _without_quotes(text: str) -> str:
    for quote in QUOTES:
        text = text.replace(quote, "「」")
    return re.sub(r"「([^「」]*)」", lambda m: "「」" if _verbatim(m.group(1), text[max(0, m.start() - 12):m.start()])
                  else m.group(0), text)


# a format field ("{n}", "{x:.0%}"), not a dict shown as text ("{'尖刀班': 'sales'}")
_FIELDS_AND_CODE = re.compile(r"```.*?```|`[^`\n]*`|<[^>\n]*>|https?://\S+|\{[^{}\n'\"]*\}", re.S)


def problems(text: str) -> list[str]:
    """What is wrong with one Chinese text (empty: nothing)."""
    text = _without_quotes(text)
    out = [f"punctuation: {p}" for p in zh_punct_problems(text)]
    plain = _FIELDS_AND_CODE.sub(" ", text)
    for m in re.finditer(r"(?<![A-Za-z0-9.])\d+(?:\.\d+)?\s?(?:[kKMB]|bn|mn)(?![A-Za-z])", plain):
        out.append(f"k/M number (write 万/亿): {m.group(0)!r}")
    for m in re.finditer(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d{5,}(?:\.\d+)?", plain):
        if float(m.group(0).replace(",", "")) >= 10_000:
            out.append(f"number over 万 written out (write 万/亿): {m.group(0)!r}")
    for m in re.finditer(r"第\s*\d+\s*月", plain):
        out.append(f"{m.group(0)!r}: write 第 N 个月")
    for term, better in BANNED.items():
        if term in plain:
            out.append(f"{term!r}: write {better}")
    for m in re.finditer(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9_]*(?![A-Za-z0-9_])", plain):
        word = m.group(0)
        if word in IDS or "_" in word:
            out.append(f"English id {word!r} in Chinese text")
    return out


def _report(texts: list[tuple[str, str]]) -> list[str]:
    return [f"{where}: {p} in {text[:80]!r}" for where, text in texts for p in problems(text)]


def test_the_checks_can_fail():
    """Each check finds what it is meant to find, and passes good Chinese."""
    assert problems("正确!")
    assert problems("203(¶24)")
    assert problems("当前:价格 90")
    assert problems("0(没有)")
    assert problems("第一句。 第二句")
    assert problems("收入 1.2M")
    assert problems("每年 125k 的价值")
    assert problems("每年 125,000 的价值")
    assert problems("第 33 月反超")
    assert problems("探索器") and problems("平均客单价") and problems("双重加价") and problems("厂商利润")
    assert problems("{'尖刀班': 'sales'}") and problems("选 flyers") and problems("traditional_sales 的得分")
    assert not problems("第 33 个月反超；120万，共 1,600 元（SaaS 产品）。当前：{n} 个环节")
    assert not problems("原文说：同市场和运营相比,特点是“点对点”")  # a verbatim quote keeps the article's commas
    assert not problems("¶31 说「倘若没有市场人员大面积的品牌推广,为公司信誉增加背书」，这就是原因。")
    assert problems("他说「好吧,那就这样」，这就是原因。")  # not the article: a quote of one's own is checked


def test_the_library_sources_are_chinese_as_written():
    texts = library_sources()
    assert len(texts) > 150, len(texts)  # the collection found the tables and sentences
    found = _report(texts)
    assert not found, f"{len(found)} problems:\n" + "\n".join(found)


def test_the_data_is_chinese_as_written():
    texts = data_texts()
    assert len(texts) > 100, len(texts)
    found = _report(texts)
    assert not found, f"{len(found)} problems:\n" + "\n".join(found)


def test_the_charts_sentences_and_notes_are_chinese_as_written():
    texts = chart_texts()
    assert len(texts) > 100, len(texts)
    assert sum(bool(CJK.search(t)) for _, t in texts) > 60  # drawn in Chinese, not fallen back to English
    found = _report(texts)
    assert not found, f"{len(found)} problems:\n" + "\n".join(found)


def test_the_explorers_show_chinese_as_written():
    texts = explorer_texts()
    assert len(texts) > 50, len(texts)
    found = _report(texts)
    assert not found, f"{len(found)} problems:\n" + "\n".join(found)


def exercise_texts() -> list[tuple[str, str]]:
    """The Chinese of exercises.py: the second argument of every ``_msg(...)``, ``AnswerError(...)`` and
    ``ExerciseIdError(...)``, the zh argument of every ``_exercise(...)``, its ``example_zh``, and every
    text given to a variable ``zh`` (``zh = f"..."``, ``zh += "..."``)."""
    tree = ast.parse(EXERCISES.read_text(encoding="utf-8"), filename=str(EXERCISES))
    out = []
    for node in ast.walk(tree):
        args = []
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            position = {"_msg": 1, "_exercise": 2, "AnswerError": 1, "ExerciseIdError": 1}.get(node.func.id)
            if position is None:
                continue
            args.append(node.args[position] if len(node.args) > position else
                        next((k.value for k in node.keywords if k.arg == "zh"), None))
            args += [k.value for k in node.keywords if k.arg == "example_zh"]
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "zh" for t in targets):
                args.append(node.value)
        for arg in args:
            text = None if arg is None else _literal(arg)
            if text is not None and CJK.search(text):
                out.append((f"rolecomp/exercises.py:{arg.lineno}", text))
    return out


def test_the_exercises_are_chinese_as_written():
    texts = exercise_texts()
    assert len(texts) > 50, len(texts)
    found = _report(texts)
    assert not found, f"{len(found)} problems:\n" + "\n".join(found)


def test_the_after_sales_term_is_labelled_horizontally_in_chinese():
    """A vertical 售后期 lays its characters on their side: the Chinese label is horizontal, in the axes."""
    from rolecomp import charts
    from rolecomp.i18n import find_cjk_font
    from rolecomp.scenario import Scenario

    if find_cjk_font() is None:
        pytest.skip("no CJK font: the charts are drawn in English")
    for term in (3, 12, 24):
        fig = charts.draw("one_off_vs_ongoing", lang="zh", scenario=Scenario("one_off_vs_ongoing",
                                                                             after_sales_periods=term))
        fig.canvas.draw()
        label = [t for ax in fig.axes for t in ax.texts if t.get_text() == "售后期"]
        assert len(label) == 1, term
        assert label[0].get_rotation() == 0, term
        box, axes = label[0].get_window_extent(), label[0].axes.get_window_extent()
        assert axes.x0 <= box.x0 and box.x1 <= axes.x1, term


# ------------------------------------------------------------------------------- what the exercises tell a learner


def _exercise_ids(declared) -> set[str]:
    """The English ids an exercise's answers are written with: its options, rows and roles (every role id,
    since a row is matched to one), a case's keys ``choice`` / ``evidence``, and ``never``."""
    from rolecomp.exercises import CaseForm, ChoiceForm, MappingForm, NumberForm, RoleForm

    form = declared.form
    out = set(IDS) & {"sales", "marketing", "operations", "traditional_sales"}
    if isinstance(form, (ChoiceForm, CaseForm)):
        out |= {key for key, _ in form.options}
    if isinstance(form, (RoleForm, MappingForm)):
        out |= set(form.role_ids())
    if isinstance(form, MappingForm):
        out |= {key for key, *_ in form.rows}
    if isinstance(form, CaseForm):
        out |= {"choice", "evidence"}
    if isinstance(form, NumberForm) and form.never:
        out.add("never")
    return {i for i in out if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", i)}


def _odd_answers(declared) -> list:
    """Answers the exercise cannot read: of the wrong type, an option it does not have, a key it does not
    have, a missing key, a role it does not have."""
    from rolecomp.exercises import CaseForm, MappingForm

    form = declared.form
    out = [5, "zzz", [1, 2], {"zzz": 1}, {}]
    if isinstance(form, MappingForm):
        first = form.rows[0][0]
        out += [{first: "sales"}, {first: "boss"}, {first: 5}]
    if isinstance(form, CaseForm):
        first = form.options[0][0]
        out += [{"choice": "zzz", "evidence": "¶1"}, {"choice": first}, {"choice": first, "evidence": "x"},
                {"choice": 5, "evidence": "¶1"}, {"choice": first, "evidence": "¶1", "why": "?"}]
    return out


def _shows_an_id(text: str, ids: set[str]) -> list[str]:
    """The ids a text shows as words (``'sales'``, ``{'flyers': …}``), outside code in backticks."""
    plain = re.sub(r"`[^`]*`", " ", text)
    return sorted(i for i in ids if re.search(rf"(?<![A-Za-z0-9_]){re.escape(i)}(?![A-Za-z0-9_])", plain))


def exercise_messages() -> list[tuple[str, str, str, set[str]]]:
    """``(exercise, what, Chinese message, the exercise's ids)`` for the unanswered message and every message
    an unreadable answer gets."""
    from rolecomp.exercises import check, declaration, exercise_ids

    out = []
    for ex in exercise_ids():
        declared = declaration(ex)
        ids = _exercise_ids(declared)
        out.append((ex, "unanswered", check(ex, ...).messages["zh"], ids))
        for answer in _odd_answers(declared):
            result = check(ex, answer)
            if result.status == "invalid":
                out.append((ex, f"invalid {answer!r}", result.messages["zh"], ids))
    return out


def test_the_id_check_can_fail():
    assert _shows_an_id("还没有作答：把 ... 换成你的答案，例如 {'choice': 'merge', 'evidence': '¶6'}。",
                        {"choice", "evidence", "merge"}) == ["choice", "evidence", "merge"]
    assert _shows_an_id("不在选项之中：'up'、'down'、'same'。", {"up", "down", "same"}) == ["down", "same", "up"]
    assert not _shows_an_id("不在选项之中：'上升'、'下降'、'不变'（也可以写选项的英文名）。", {"up", "down", "same"})
    assert not _shows_an_id("运行 `rolecomp.check('04-1', 'sales')`。", {"sales"})


def test_the_exercises_tell_a_chinese_learner_no_english_ids():
    """A Chinese learner who types an answer reads the options by their Chinese names: the example of how to
    answer (``{'选择': '合并', '依据': '¶6'}``) and every message about an answer that cannot be read."""
    messages = exercise_messages()
    from rolecomp.exercises import exercise_ids

    invalid = {ex for ex, what, _, _ in messages if what.startswith("invalid")}
    assert invalid == set(exercise_ids()), set(exercise_ids()) - invalid  # each exercise met an unreadable answer
    found = [f"{ex} {what}: {ids_shown} in {text!r}" for ex, what, text, ids in messages
             if (ids_shown := _shows_an_id(text, ids))]
    assert not found, f"{len(found)} Chinese messages show English ids:\n" + "\n".join(found)
    bad = [f"{ex} {what}: {p} in {text!r}" for ex, what, text, _ in messages for p in problems(text)]
    assert not bad, f"{len(bad)} problems:\n" + "\n".join(bad)


def test_the_chinese_examples_answer_as_the_english_ones_do():
    """The Chinese example of how to answer is the English one in Chinese words: the judge reads it alike."""
    from rolecomp.exercises import check, declaration, exercise_ids

    for ex in exercise_ids():
        declared = declaration(ex)
        en, zh = ast.literal_eval(declared.example_in("en")), ast.literal_eval(declared.example_in("zh"))
        assert check(ex, zh).status in {"wrong", "correct"}, (ex, zh, check(ex, zh).messages["zh"])
        assert declared.judge(zh) == declared.judge(en), ex
        assert not check(ex, en).correct, f"{ex}: the example of how to answer gives the answer away"
