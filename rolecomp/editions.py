"""Two editions of every notebook, English and Chinese, built from one bilingual source.

Each notebook is written once, in ``lessons/NN_name.md``: its markdown cells in both languages,
its code cells once. :func:`build` turns the lessons into ``notebooks/en/NN_name.ipynb`` and
``notebooks/zh/NN_name.ipynb``, and ``notebooks/START.ipynb``, the page that links both. The editions
cannot drift apart: their code cells, exercise ids
and order come from the same lines, and ``tests/test_editions.py`` fails when a committed edition
differs from what its lesson builds (a hand edit, or a lesson changed without ``make notebooks``).

The lesson format is plain markdown with HTML comments as markers, so a lesson previews as a
readable bilingual document::

    <!-- markdown -->
    <!-- en -->
    # 01 · Value presentation
    <!-- zh -->
    # 01 · 价值呈现
    <!-- code -->
    ```python
    import rolecomp

    rolecomp.set_language(LANG)
    ```

- ``<!-- markdown -->`` starts a markdown cell; it needs an ``<!-- en -->`` and a ``<!-- zh -->``
  part, in that order.
- ``<!-- code -->`` starts a code cell: one fenced ``python`` block, the same in both editions,
  except that the word ``LANG`` becomes ``"en"`` or ``"zh"`` (``OTHER_LANG`` the other one). Code
  cells carry no comments: what a learner reads goes into a markdown cell, where it is translated.
- In markdown, ``<!-- nav -->`` becomes the links to the previous and next notebook and
  ``<!-- next -->`` the link to the next one, titled from their lessons' first headings.

Examples
--------
>>> lesson = '''<!-- markdown -->
... <!-- en -->
... # 01 · Hello
... <!-- zh -->
... # 01 · 你好
... <!-- code -->
... ```python
... import rolecomp
...
... rolecomp.set_language(LANG)
... ```
... '''
>>> cells = parse(lesson, "01_hello.md")
>>> [c.kind for c in cells]
['markdown', 'code']
>>> cells[0].text["zh"]
'# 01 · 你好'
>>> notebook(cells, "zh")["cells"][1]["source"]
['import rolecomp\\n', '\\n', 'rolecomp.set_language("zh")']
>>> parse("<!-- markdown -->\\n<!-- en -->\\nHi\\n", "02_x.md")
Traceback (most recent call last):
...
rolecomp.editions.LessonError: 02_x.md, line 1, column 1: this markdown cell has no <!-- zh --> part.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import tempfile
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["LANGUAGES", "START", "Cell", "LessonError", "build", "lessons", "main", "notebook", "parse"]

LANGUAGES = ("en", "zh")
_MARKER = re.compile(r"^<!-- (markdown|code|en|zh) -->\s*$")
_NAV = {"en": ("Next", "·"), "zh": ("下一本", "·")}
_KERNEL = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


class LessonError(ValueError):
    """A lesson file that cannot be built: the message names the file, line and column."""


@dataclass
class Cell:
    """One cell of a lesson: ``kind`` is ``"markdown"`` (``text`` per language) or ``"code"``."""

    kind: str
    line: int
    text: dict = field(default_factory=dict)  # language -> markdown, or {"code": source}


def _fail(name: str, line: int, col: int, what: str) -> LessonError:
    return LessonError(f"{name}, line {line}, column {col}: {what}")


def parse(text: str, name: str = "<lesson>") -> list[Cell]:
    """The cells of a lesson; :class:`LessonError` (file, line, column) when it is malformed."""
    cells: list[Cell] = []
    part: str | None = None
    buf: list[str] = []

    def close():
        if not cells:
            if "".join(buf).strip():
                raise _fail(name, 1, 1, "text before the first <!-- markdown --> or <!-- code --> marker.")
            return
        cell = cells[-1]
        body = "\n".join(buf).strip("\n")
        if cell.kind == "code":
            lines = body.strip().splitlines()
            if len(lines) < 2 or lines[0].strip() != "```python" or lines[-1].strip() != "```":
                raise _fail(name, cell.line, 1, "a code cell is one ```python fenced block.")
            code = "\n".join(lines[1:-1]).strip("\n")
            if not code.strip():
                raise _fail(name, cell.line, 1, "this code cell is empty.")
            comment = _first_comment("\n".join(lines[1:-1]))
            if comment:
                row, col = comment
                raise _fail(name, cell.line + 1 + row, col + 1, "code cells carry no comments; say it in a "
                                                                "markdown cell, where it is translated.")
            cell.text["code"] = code
        elif part is not None:
            if not body.strip():
                raise _fail(name, cell.line, 1, f"the <!-- {part} --> part of this markdown cell is empty.")
            cell.text[part] = body

    for number, raw in enumerate(text.splitlines(), start=1):
        m = _MARKER.match(raw)
        if not m:
            buf.append(raw)
            continue
        word = m.group(1)
        if word in ("markdown", "code"):
            close()
            if cells and cells[-1].kind == "markdown":
                _complete(cells[-1], name)
            cells.append(Cell(word, number))
            part, buf = None, []
        else:
            if not cells or cells[-1].kind != "markdown":
                raise _fail(name, number, 1, f"<!-- {word} --> belongs inside a <!-- markdown --> cell.")
            cell = cells[-1]
            if part is None and "".join(buf).strip():
                raise _fail(name, cell.line, 1, "text before this markdown cell's <!-- en --> part.")
            close()
            expected = LANGUAGES[len(cell.text)] if len(cell.text) < len(LANGUAGES) else None
            if word != expected:
                raise _fail(name, number, 1, f"expected <!-- {expected} --> here, found <!-- {word} -->."
                            if expected else f"a second <!-- {word} --> part in one markdown cell.")
            part, buf = word, []
    close()
    if cells and cells[-1].kind == "markdown":
        _complete(cells[-1], name)
    if not cells:
        raise _fail(name, 1, 1, "this lesson has no cells.")
    return cells


def _complete(cell: Cell, name: str) -> None:
    missing = [lang for lang in LANGUAGES if lang not in cell.text]
    if missing:
        raise _fail(name, cell.line, 1, f"this markdown cell has no <!-- {missing[0]} --> part.")


def _first_comment(code: str) -> tuple[int, int] | None:
    """(row from 1, column from 0) of the first ``#`` comment in ``code``, as Python's tokenizer sees
    it (a ``#`` inside a string is not one); None when there is none or the code does not tokenize."""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            if tok.type == tokenize.COMMENT:
                return tok.start
    except (tokenize.TokenError, SyntaxError):
        pass
    return None


def _title(cells: list[Cell], lang: str) -> str:
    for cell in cells:
        if cell.kind == "markdown":
            m = re.search(r"^# (.+)$", cell.text[lang], flags=re.M)
            if m:
                return m.group(1).split(":")[0].split("：")[0].strip()
    return ""


def _links(order: list[tuple[str, list[Cell]]], index: int, lang: str) -> tuple[str, str]:
    def link(i):
        stem, cells = order[i]
        return f"[{_title(cells, lang)}]({stem}.ipynb)"
    prev = f"← {link(index - 1)}" if index > 0 else ""
    nxt = f"{link(index + 1)} →" if index + 1 < len(order) else ""
    nav = f" {_NAV[lang][1]} ".join(p for p in (prev, nxt) if p)
    nxt_line = f"{_NAV[lang][0]}{'：' if lang == 'zh' else ': '}{link(index + 1)}" if index + 1 < len(order) else ""
    return nav, nxt_line


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + [lines[-1]]


def notebook(cells: list[Cell], lang: str, *, stem: str = "", nav: tuple[str, str] = ("", "")) -> dict:
    """The ``lang`` edition of a lesson as an nbformat 4.5 notebook (a dict, without outputs)."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang is one of {LANGUAGES}, not {lang!r}")
    out = []
    prefix = stem[:2] or "nb"
    for i, cell in enumerate(cells):
        cid = f"{prefix}-{i:02d}"
        if cell.kind == "code":
            other = next(x for x in LANGUAGES if x != lang)
            source = re.sub(r"\bOTHER_LANG\b", json.dumps(other), cell.text["code"])
            source = re.sub(r"\bLANG\b", json.dumps(lang), source)
            out.append({"cell_type": "code", "execution_count": None, "id": cid, "metadata": {},
                        "outputs": [], "source": _lines(source)})
        else:
            source = cell.text[lang].replace("<!-- nav -->", nav[0]).replace("<!-- next -->", nav[1])
            out.append({"cell_type": "markdown", "id": cid, "metadata": {}, "source": _lines(source)})
    return {"cells": out, "metadata": dict(_KERNEL), "nbformat": 4, "nbformat_minor": 5}


def _dumps(nb: dict) -> str:
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


START = "START.ipynb"


def _start_page(order: list[tuple[str, list[Cell]]]) -> dict:
    """The page ``make lab`` opens: both editions side by side, and the instructor's guide."""
    rows = "\n".join(f"| [{_title(cells, 'en')}](en/{stem}.ipynb) | [{_title(cells, 'zh')}](zh/{stem}.ipynb) |"
                     for stem, cells in order)
    text = ("# Sales, marketing and operations · 销售、市场与运营\n\n"
            "A workshop on one article: how sales, marketing and operations differ in internet companies, "
            "and how internet sales differs from traditional sales. Pick your edition and open its first "
            "notebook; each opens in its own language.\n\n"
            "围绕一篇文章的工作坊：互联网公司里销售、市场和运营有什么不同，互联网销售又和传统销售有什么不同。"
            "选一个版本，从第一本笔记开始；每个版本打开就是它自己的语言。\n\n"
            "| English | 中文 |\n|---|---|\n" + rows + "\n\n"
            "Instructor's guide · 讲师指南：[English](en/INSTRUCTOR.md) · [中文](zh/INSTRUCTOR.md)")
    cell = {"cell_type": "markdown", "id": "start", "metadata": {}, "source": _lines(text)}
    return {"cells": [cell], "metadata": dict(_KERNEL), "nbformat": 4, "nbformat_minor": 5}


def lessons(lesson_dir: str | os.PathLike) -> list[Path]:
    """The lesson files, in notebook order (``NN_name.md``)."""
    return sorted(p for p in Path(lesson_dir).glob("[0-9][0-9]_*.md"))


def _built(lesson_dir) -> dict[str, str]:
    """Every edition's file name (``"zh/01_value_presentation.ipynb"``) and text."""
    order = []
    for path in lessons(lesson_dir):
        order.append((path.stem, parse(path.read_text(encoding="utf-8"), path.name)))
    files = {START: _dumps(_start_page(order))}
    for i, (stem, cells) in enumerate(order):
        for lang in LANGUAGES:
            nb = notebook(cells, lang, stem=stem, nav=_links(order, i, lang))
            files[f"{lang}/{stem}.ipynb"] = _dumps(nb)
    return files


def build(lesson_dir: str | os.PathLike, out_dir: str | os.PathLike, *, check: bool = False) -> list[str]:
    """Build both editions of every lesson into ``out_dir/en`` and ``out_dir/zh``.

    Returns the files that differ from what is on disk (written, unless ``check``). Each file is
    written to a temporary file first and moved into place, so none is left half-written; nothing is
    written outside ``out_dir/en`` and ``out_dir/zh``. An edition on disk that no lesson builds is
    reported, never removed.
    """
    out = Path(out_dir)
    files = _built(lesson_dir)
    stale = []
    for rel, text in files.items():
        target = out / rel
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        stale.append(rel)
        if not check:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, target)
    for lang in LANGUAGES:
        for extra in sorted((out / lang).glob("[0-9][0-9]_*.ipynb")):
            rel = f"{lang}/{extra.name}"
            if rel not in files:
                stale.append(rel)
    return stale


def main(argv: list[str] | None = None) -> int:
    """``python -m rolecomp.editions [--check] [LESSONS] [NOTEBOOKS]``: build (or check) the editions."""
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    root = Path(__file__).resolve().parents[1]
    lesson_dir = Path(args[0]) if args else root / "lessons"
    out_dir = Path(args[1]) if len(args) > 1 else root / "notebooks"
    try:
        stale = build(lesson_dir, out_dir, check=check)
    except LessonError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if check and stale:
        print("out of date (run `make notebooks`): " + ", ".join(stale), file=sys.stderr)
        return 1
    print(("up to date" if check else f"built {len(stale)} file(s)") + f": {out_dir}/en, {out_dir}/zh")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
