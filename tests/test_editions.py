"""The English and Chinese editions: built from one source, never drifting, Chinese that reads as written.

``lessons/NN_name.md`` is the one source of both editions (``rolecomp.editions``); the committed
``notebooks/en`` and ``notebooks/zh`` must be exactly what ``make notebooks`` builds from it.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from rolecomp import editions
from rolecomp.i18n import zh_punct_problems

REPO = Path(__file__).resolve().parents[1]
LESSONS = REPO / "lessons"
NOTEBOOKS = REPO / "notebooks"
STEMS = [p.stem for p in editions.lessons(LESSONS)]
# Names Chinese business writing keeps in Latin letters (and the package's own name)
LATIN_OK = re.compile(r"\b(SaaS|PaaS|CRM|LTV|ARPA|DAU|AI|NPV|ROI|B2B|Voilà|Voila|JupyterLab|Jupyter|Notebook|"
                      r"Python|rolecomp|PNG|PDF|HTML|CSV|Tab|Enter|Shift|Esc|OK|Kernel|Run All|ipywidgets|"
                      r"Binder|JupyterHub|JupyterLite|Chromium|macOS|Windows|Linux|Debian|Ubuntu)\b")


def cells(lang: str, stem: str) -> list[dict]:
    return json.loads((NOTEBOOKS / lang / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]


def test_every_lesson_builds_into_both_editions():
    assert STEMS, "no lessons"
    for lang in editions.LANGUAGES:
        assert sorted(p.stem for p in (NOTEBOOKS / lang).glob("*.ipynb")) == STEMS, lang


def test_the_committed_editions_are_what_the_lessons_build():
    """A hand edit of a built notebook, or a lesson changed without ``make notebooks``, fails here."""
    stale = editions.build(LESSONS, NOTEBOOKS, check=True)
    assert stale == [], f"out of date, run `make notebooks`: {stale}"


def test_a_stale_edition_is_found(tmp_path):
    editions.build(LESSONS, tmp_path)
    assert editions.build(LESSONS, tmp_path, check=True) == []
    target = tmp_path / "zh" / f"{STEMS[-1]}.ipynb"
    target.write_text(target.read_text(encoding="utf-8").replace("rolecomp", "rolecomq", 1), encoding="utf-8")
    assert editions.build(LESSONS, tmp_path, check=True) == [f"zh/{STEMS[-1]}.ipynb"]


@pytest.mark.parametrize("stem", STEMS)
def test_the_editions_agree_cell_by_cell(stem):
    """Same cells in the same order; the code identical but for the language it sets."""

    def norm(source, lang, other):
        return "".join(source).replace(f'"{lang}"', "LANG").replace(f'"{other}"', "OTHER_LANG")

    en, zh = cells("en", stem), cells("zh", stem)
    assert [c["cell_type"] for c in en] == [c["cell_type"] for c in zh]
    assert [c["id"] for c in en] == [c["id"] for c in zh]
    for a, b in zip(en, zh, strict=True):
        if a["cell_type"] == "code":
            assert norm(a["source"], "en", "zh") == norm(b["source"], "zh", "en")


@pytest.mark.parametrize("stem", STEMS)
def test_each_edition_opens_in_its_own_language(stem):
    """The first code cell sets the edition's language, and no later cell sets another one."""
    for lang in editions.LANGUAGES:
        code = ["".join(c["source"]) for c in cells(lang, stem) if c["cell_type"] == "code"]
        assert f'rolecomp.set_language("{lang}")' in code[0], (lang, stem)
        last = [re.findall(r'set_language\("(\w+)"\)', src) for src in code]
        settings = [x for found in last for x in found]
        assert settings[-1] == lang, f"{lang}/{stem} ends in {settings[-1]}"


def _prose(markdown: str) -> str:
    """What a learner reads: markdown without code, link targets, HTML tags and quoted article text."""
    text = re.sub(r"```.*?```|`[^`\n]*`", " ", markdown, flags=re.S)
    text = re.sub(r"\]\([^)]*\)|<[^>]+>|https?://\S+", " ", text)
    return LATIN_OK.sub(" ", text)


@pytest.mark.parametrize("stem", STEMS)
def test_chinese_cells_are_chinese(stem):
    """A Chinese-edition markdown cell that is mostly Latin letters is an untranslated one."""
    for i, cell in enumerate(cells("zh", stem)):
        if cell["cell_type"] != "markdown":
            continue
        text = _prose("".join(cell["source"]))
        latin = len(re.findall(r"[A-Za-z]", text))
        han = len(re.findall(r"[\u3400-\u9fff]", text))
        assert latin <= han, f"zh/{stem} cell {i} is mostly Latin letters ({latin} against {han} 汉字): {text[:80]!r}"
        assert "待译" not in text, f"zh/{stem} cell {i} is not translated yet"


@pytest.mark.parametrize("stem", STEMS)
def test_chinese_cells_use_full_width_punctuation(stem):
    for i, cell in enumerate(cells("zh", stem)):
        if cell["cell_type"] == "markdown":
            problems = zh_punct_problems("".join(cell["source"]))
            assert problems == [], f"zh/{stem} cell {i}: {problems[:5]}"


def test_the_chinese_edition_shows_no_english_renderings_of_quotes():
    """The English edition gives each quote an English rendering in italics; the Chinese one does not."""
    for stem in STEMS:
        for i, cell in enumerate(cells("zh", stem)):
            text = "".join(cell["source"])
            assert not re.search(r"^>\s*\*[A-Za-z][^*]*\*\s*$", text, flags=re.M), f"zh/{stem} cell {i}"


def test_a_malformed_lesson_names_file_line_and_column():
    bad = "<!-- markdown -->\n<!-- en -->\nHello\n<!-- zh -->\n你好\n<!-- code -->\nprint(1)\n"
    with pytest.raises(editions.LessonError, match=r"^x\.md, line 6, column 1: a code cell is one ```python"):
        editions.parse(bad, "x.md")
    commented = "<!-- code -->\n```python\nx = 1  # a note\n```\n"
    with pytest.raises(editions.LessonError, match=r"^y\.md, line 3, column 8: code cells carry no comments"):
        editions.parse(commented, "y.md")
    assert editions.parse("<!-- code -->\n```python\nx = '#not a comment'\n```\n", "z.md")[0].kind == "code"
    in_a_string = "<!-- code -->\n```python\ns = \"\"\"\n# a line of text\n\"\"\"\n```\n"
    assert editions.parse(in_a_string, "w.md")[0].kind == "code"


def test_the_command_reports_a_bad_lesson_without_a_traceback(tmp_path, capsys):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "01_x.md").write_text("<!-- markdown -->\n<!-- zh -->\n你好\n", encoding="utf-8")
    assert editions.main([str(lessons), str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: 01_x.md, line 2, column 1: expected <!-- en --> here") and "Traceback" not in err
    assert not (tmp_path / "out").exists(), "nothing is written when a lesson is bad"


_CJK = "\u3400-\u9fff\u3000-\u303f\uff01-\uff5e"


def _without_code(text: str) -> str:
    return re.sub(r"```.*?```|`[^`\n]*`", "`", text, flags=re.S)


def _breaks_between_characters(text: str) -> list[str]:
    lines = _without_code(text).split("\n")
    found = []
    for a, b in itertools.pairwise(lines):
        if not a.strip() or a.lstrip().startswith(("#", "|")) or re.match(r"\s*([-*+>|#]|\d+\.)", b):
            continue
        if re.search(rf"[{_CJK}]$", a) and re.match(rf"\s*[{_CJK}]", b):
            found.append(a[-4:] + "⏎" + b.strip()[:4])
    return found


def _punct(ch: str) -> bool:
    import unicodedata

    return unicodedata.category(ch)[0] in "PS"


def _stuck_asterisks(text: str) -> list[str]:
    """``**`` that CommonMark cannot open or close where the writer meant it to (it shows as ``**``)."""
    found = []
    for para in _without_code(text).split("\n\n"):
        for n, m in enumerate(re.finditer(r"(?<!\*)\*\*(?!\*)", para)):
            before = para[m.start() - 1] if m.start() else " "
            after = para[m.end()] if m.end() < len(para) else " "
            if n % 2 == 0:  # opening: left-flanking
                ok = not after.isspace() and (not _punct(after) or before.isspace() or _punct(before))
            else:  # closing: right-flanking
                ok = not before.isspace() and (not _punct(before) or after.isspace() or _punct(after))
            if not ok:
                found.append(para[max(0, m.start() - 3):m.end() + 3])
    return found


@pytest.mark.parametrize("stem", STEMS)
def test_chinese_lines_do_not_break_between_characters(stem):
    """Markdown shows a line break inside a paragraph as a space: "没有 销售" in the page."""
    assert _breaks_between_characters("没有\n销售") and not _breaks_between_characters("### 标题\n正文\n- 一项")
    for i, cell in enumerate(cells("zh", stem)):
        if cell["cell_type"] == "markdown":
            spots = _breaks_between_characters("".join(cell["source"]))
            assert not spots, f"zh/{stem} cell {i}: a line break between Chinese characters: {spots[:3]}"


@pytest.mark.parametrize("stem", STEMS)
def test_chinese_bold_renders(stem):
    """CommonMark does not close ``**`` after full-width punctuation when a character follows, nor open it
    before punctuation right after a character: the asterisks then show on the page."""
    assert _stuck_asterisks("**看这里：**最上面") and not _stuck_asterisks("**看这里**：最上面")
    assert not _stuck_asterisks("**粗体**（注）") and _stuck_asterisks("这是**「引号」**")
    for i, cell in enumerate(cells("zh", stem)):
        if cell["cell_type"] == "markdown":
            found = _stuck_asterisks("".join(cell["source"]))
            assert not found, f"zh/{stem} cell {i}: bold that shows its asterisks: {found[:3]}"


def test_the_chinese_guide_reads_as_written():
    guide = (NOTEBOOKS / "zh" / "INSTRUCTOR.md").read_text(encoding="utf-8")
    assert _breaks_between_characters(guide) == []
    assert _stuck_asterisks(guide) == []
