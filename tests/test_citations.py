"""Every ¶N the workshop cites exists, and every Chinese quote attached to it is in that paragraph.

Scanned: the notebooks (markdown and code cells), ``notebooks/INSTRUCTOR.md``, ``docs/*.md``, the
two READMEs, ``data/*.csv`` and every string in ``rolecomp/**/*.py`` (exercise questions, feedback
and hints, chart titles and sentences, docstrings).

The article is ``../shared/source/article_zh.md``, numbered as the other content tests read it
(``tests/test_data_content.py``, ``tests/test_notebooks.py``): one paragraph per line, starting
``¶N``. It is not shipped with the package, so these tests are skipped where it is missing.

A **citation** is ``¶N``, a range ``¶N–¶M`` (or ``¶N-¶M``), or a list of them joined by ``,`` ``;``
``、`` or "and" (``¶26, ¶33, ¶43``, ``¶22;¶24``). A **quote** is text in 「…」, “…” or "…" that
contains Chinese characters. A quote is *attached* to the nearest citation before or after it, if
that citation is at most ``MAX_GAP`` characters away and what lies between them has no Chinese
character, no quotation mark and no end of a sentence or clause (``**¶24** 「…」``,
``(¶39 says so: “…”)``, ``“价值呈现”（¶13–¶18）``). So a label in quotes that merely stands in the same
sentence as a citation (``再读 ¶16,看左图最上面那根“直接收入”柱子``) is not taken for a quote of
it. Data files attach their quote columns explicitly: ``attributes.csv`` ``quote_zh`` and
``roles.csv`` ``metaphor_zh`` to the row's ``paragraphs``.

Only the paragraph a citation names and the words a quote copies are checked here: whether a
paragraph *says what the text claims* in its own words is for a reader of the article.

A quote matches a paragraph when its words occur there in order, with whitespace and punctuation
ignored (the article writes half-width ``,`` where a Chinese text has ``，``) and an ellipsis
(``…``, ``……``, ``...``) standing for any gap. It may match any one cited paragraph, or a run of
them read in order.
"""

from __future__ import annotations

import ast
import csv
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO.parent / "shared/source/article_zh.md"

#: Largest distance, in characters, between a quote and the citation it is attached to.
MAX_GAP = 40

_ONE = r"¶\s*([0-9]+)(?:\s*[–—-]\s*¶?\s*([0-9]+))?"
CITATION = re.compile(rf"{_ONE}(?:\s*(?:[,，;；、]|\band\b|和|及)\s*{_ONE})*")
ITEM = re.compile(_ONE)
QUOTE = re.compile(r"「([^「」]*)」|“([^“”]*)”|\"([^\"\n]{1,80})\"")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ELLIPSIS = re.compile(r"…+|⋯+|\.{3,}")
#: Where a sentence, a clause (a Chinese ，), a table cell or a quoted line ends, and what else a
#: quote is never attached across: Chinese text and quotation marks. A ``;`` between two citations
#: (``¶22;¶24``) is part of the citation.
BOUNDARY = re.compile(r"[。！？，]|[;；](?!\s*¶)|\.(?=\s)|\||\n\s*\n|\n\s*>|<br\s*/?>"
                      r"|[「」“”\"]|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


# ----------------------------------------------------------------------------------- the parts


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    text: str
    paragraphs: tuple[int, ...]  # in order, ranges expanded
    problems: tuple[str, ...]  # paragraphs that do not exist, ranges that run backwards


def read_article(path: Path = ARTICLE) -> dict[int, str]:
    """The article's paragraphs by number, as the other content tests number them."""
    text = path.read_text(encoding="utf-8")
    return {int(n): body for n, body in re.findall(r"^¶([0-9]+)\s+(.*)$", text, flags=re.M)}


def words(text: str) -> str:
    """``text`` with only its letters and digits: no whitespace, no punctuation, full width folded.

    >>> words("对于企业来说，增添了负担。") == words("对于企业来说,增添了负担")
    True
    """
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


def quote_in(quote: str, paragraph: str) -> bool:
    """Whether ``quote``'s words occur in ``paragraph`` in order, an ellipsis matching any gap.

    >>> quote_in("互联网行业的销售…有三大不同", "互联网行业的销售和传统行业的销售比起来,有三大不同:")
    True
    >>> quote_in("有三大不同…互联网行业的销售", "互联网行业的销售和传统行业的销售比起来,有三大不同:")
    False
    """
    body = words(paragraph)
    pieces = [words(p) for p in ELLIPSIS.split(quote)]
    pieces = [p for p in pieces if p]
    if not pieces:
        return False
    at = 0
    for piece in pieces:
        found = body.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def citations(text: str, article: dict[int, str]) -> list[Citation]:
    """Every citation in ``text``, with the paragraphs it names and what is wrong with it."""
    out = []
    for m in CITATION.finditer(text):
        numbers, problems = [], []
        for item in ITEM.finditer(m.group(0)):
            first = int(item.group(1))
            last = int(item.group(2)) if item.group(2) else first
            if last < first:
                problems.append(f"the range {item.group(0)!r} runs backwards")
                last = first
            for n in sorted({first, last}):
                if n not in article:
                    problems.append(f"¶{n} does not exist (the article has ¶{min(article)} to ¶{max(article)})")
            numbers += [n for n in range(first, last + 1) if n in article]
        out.append(Citation(m.start(), m.end(), m.group(0), tuple(numbers), tuple(problems)))
    return out


def quotes(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, words)`` of every quote in ``text`` that contains Chinese."""
    out = []
    for m in QUOTE.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        if CJK.search(inner):
            out.append((m.start(), m.end(), inner))
    return out


def _crosses_boundary(text: str, start: int, end: int) -> bool:
    return start < end and BOUNDARY.search(text, start, end) is not None


def attached(text: str, article: dict[int, str]) -> list[tuple[str, Citation]]:
    """Each quote of ``text`` with the citation it is attached to (quotes with none are left out)."""
    cites = citations(text, article)
    pairs = []
    for q_start, q_end, inner in quotes(text):
        best = None
        for c in cites:
            if c.end <= q_start:
                gap, span = q_start - c.end, (c.end, q_start)
            elif c.start >= q_end:
                gap, span = c.start - q_end, (q_end, c.start)
            else:  # the citation is inside the quote
                continue
            if gap <= MAX_GAP and not _crosses_boundary(text, *span) and (best is None or gap < best[0]):
                best = (gap, c)
        if best is not None:
            pairs.append((inner, best[1]))
    return pairs


def quote_problem(quote: str, numbers: tuple[int, ...], article: dict[int, str]) -> str | None:
    """Why ``quote`` is not in any of the paragraphs ``numbers`` (or a run of them); None if it is."""
    if not numbers:
        return None  # the citation itself is reported
    if any(quote_in(quote, article[n]) for n in numbers):
        return None
    if quote_in(quote, "".join(article[n] for n in sorted(set(numbers)))):
        return None
    elsewhere = [n for n in sorted(article) if quote_in(quote, article[n])]
    hint = f"; it is in ¶{', ¶'.join(map(str, elsewhere))}" if elsewhere else "; it is not in the article"
    cited = ", ".join(f"¶{n}" for n in sorted(set(numbers)))
    return f"「{quote}」 is not in {cited}{hint}"


def problems_in(text: str, where: str, article: dict[int, str]) -> list[str]:
    """Every wrong citation and misattributed quote in ``text``, each prefixed with ``where``."""
    out = [f"{where}: {c.text!r}: {p}" for c in citations(text, article) for p in c.problems]
    for quote, c in attached(text, article):
        problem = quote_problem(quote, c.paragraphs, article)
        if problem:
            out.append(f"{where}: {problem} (cited as {c.text!r})")
    return out


# ---------------------------------------------------------------------------- what is scanned


def notebook_texts() -> list[tuple[str, str]]:
    out = []
    for path in sorted((REPO / "notebooks").glob("*/*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            out.append((f"notebooks/{path.parent.name}/{path.name} cell {i} ({cell['cell_type']})", source))
    return out


def markdown_texts() -> list[tuple[str, str]]:
    paths = [REPO / "notebooks/INSTRUCTOR.md", *sorted((REPO / "docs").glob("*.md")),
             REPO / "README.md", REPO / "data/README.md"]
    return [(str(p.relative_to(REPO)), p.read_text(encoding="utf-8")) for p in paths if p.is_file()]


def _csv_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return [(reader.line_num, row) for row in reader]


def data_texts() -> list[tuple[str, str]]:
    out = []
    for path in sorted((REPO / "data").glob("*.csv")):
        for line, row in _csv_rows(path):
            for column, value in row.items():
                if value:
                    out.append((f"data/{path.name}:{line}: column {column!r}", value))
    return out


#: Quote columns of the data and the column of paragraphs they rest on.
DATA_QUOTES = {"attributes.csv": ("quote_zh", "paragraphs"), "roles.csv": ("metaphor_zh", "paragraphs")}


def data_quotes() -> list[tuple[str, str, str]]:
    """``(where, quote, paragraphs)`` for every quote column of the data (several quotes split at ；)."""
    out = []
    for name, (column, cited) in DATA_QUOTES.items():
        for line, row in _csv_rows(REPO / "data" / name):
            for quote in re.split(r"[；;]", row[column]):
                if quote.strip():
                    out.append((f"data/{name}:{line}: column {column!r}", quote.strip(), row[cited]))
    return out


def python_texts() -> list[tuple[str, str]]:
    """Every string constant of ``rolecomp`` (an f-string's literal parts joined by a placeholder)."""
    out = []
    for path in sorted((REPO / "rolecomp").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        inside_fstrings = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                inside_fstrings.update(id(v) for v in ast.walk(node) if v is not node)
        for node in ast.walk(tree):
            where = f"{path.relative_to(REPO)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.JoinedStr) and id(node) not in inside_fstrings:
                parts = [v.value if isinstance(v, ast.Constant) else "{…}" for v in node.values]
                out.append((where, "".join(str(p) for p in parts)))
            elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and id(node) not in inside_fstrings):
                out.append((where, node.value))
    return out


SOURCES = {"notebooks": notebook_texts, "markdown": markdown_texts, "data": data_texts,
           "rolecomp": python_texts}


# ------------------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def article() -> dict[int, str]:
    if not ARTICLE.is_file():
        pytest.skip(f"article not found at {ARTICLE}")
    return read_article()


@pytest.fixture(scope="module")
def texts() -> dict[str, list[tuple[str, str]]]:
    return {kind: read() for kind, read in SOURCES.items()}


def test_the_article_is_numbered_without_gaps(article):
    assert sorted(article) == list(range(1, len(article) + 1))
    assert len(article) == 43


@pytest.mark.parametrize("kind", list(SOURCES))
def test_every_citation_names_a_paragraph_that_exists(kind, texts, article):
    found = [c for _, text in texts[kind] for c in citations(text, article)]
    assert found, f"no citation found in {kind}: the scanner is broken"
    problems = [f"{where}: {c.text!r}: {p}" for where, text in texts[kind]
                for c in citations(text, article) for p in c.problems]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("kind", list(SOURCES))
def test_every_quote_is_in_the_paragraph_it_is_cited_with(kind, texts, article):
    problems = []
    for where, text in texts[kind]:
        for quote, c in attached(text, article):
            problem = quote_problem(quote, c.paragraphs, article)
            if problem:
                problems.append(f"{where}: {problem} (cited as {c.text!r})")
    assert not problems, "\n".join(problems)


def test_quotes_are_found_and_attached_in_every_kind_of_text(texts, article):
    """Not vacuous: each kind of text has quotes attached to citations (the notebooks many)."""
    counts = {kind: sum(len(attached(text, article)) for _, text in texts[kind]) for kind in SOURCES}
    assert counts["notebooks"] >= 30, counts
    assert all(counts[k] > 0 for k in ("markdown", "rolecomp", "data")), counts


def test_every_quote_column_of_the_data_is_in_its_paragraphs(article):
    rows = data_quotes()
    assert len(rows) >= 20
    problems = []
    for where, quote, cited in rows:
        numbers = tuple(n for c in citations(cited, article) for n in c.paragraphs)
        if not numbers:
            problems.append(f"{where}: 「{quote}」 has no paragraphs to rest on ({cited!r})")
            continue
        problem = quote_problem(quote, numbers, article)
        if problem:
            problems.append(f"{where}: {problem}")
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------- the checker can fail


@pytest.mark.parametrize("text, expected", [
    # a quote from ¶19 cited as ¶24
    ("> **¶24** 「传统销售往往是一锤子买卖」<br>", "is not in ¶24; it is in ¶19"),
    # the article has 43 paragraphs
    ("Flyers are marketing (¶44).", "¶44 does not exist"),
    ("(¶13–¶48)", "¶48 does not exist"),
    ("(¶18–¶13)", "runs backwards"),
    # ¶39 labels only flyers as marketing: a made-up quote
    ("Shouting at the door is marketing (¶39: “店门口吆喝就是市场”).", "it is not in the article"),
    # a quote after the citation it belongs to, in Chinese
    ("文章说“无意义的成本”（¶23）。", "is not in ¶23; it is in ¶24"),
    # a range that stops short of the quoted paragraph
    ("¶13–¶15 「其带来的间接价值可能是成倍增长的」", "is not in ¶13, ¶14, ¶15; it is in ¶16"),
    # an ellipsis keeps the order of the words
    ("**¶12** 「有三大不同…互联网行业的销售」", "is not in ¶12"),
])
def test_a_wrong_citation_is_reported(text, expected, article):
    problems = problems_in(text, "made-up text", article)
    assert len(problems) == 1 and expected in problems[0], problems


@pytest.mark.parametrize("text", [
    "**¶24** 「对于用户来说，徒增了无意义的成本」",  # full-width comma where the article has ","
    "**¶12** 「互联网行业的销售……有三大不同」",  # an ellipsis over a gap
    "(¶39: \"发传单就是市场的一个例子\")",  # ASCII quotes, words between citation and quote
    "“价值呈现”（¶13–¶18）",  # a range that includes the paragraph, the quote before it
    "**¶26** 「销售是战争中的“斩首行动”,认准目标」",  # a quote inside a quote
    "¶13–¶14 「销售可以直接把产品拿给客户看…很难把产品摆在客户面前」",  # across two cited paragraphs
    "The sales chapter (¶19). Later: 「市场是一张大网」",  # not attached across a sentence end
    "再读 ¶16,看左图最上面那根“直接收入”柱子",  # a label in the same sentence, not a quote of ¶16
    "运营不像销售那样“点对点”（¶26），¶36 讲的是运营的目标",  # the quote's citation is the nearer one
])
def test_a_right_citation_passes(text, article):
    assert problems_in(text, "made-up text", article) == []


def test_a_wrong_quote_column_in_the_data_is_reported(article):
    # marketing's precision quoted from ¶42 but resting on ¶33 only
    problem = quote_problem("销售则是针对目标客户进行精准的推广", (33,), article)
    assert problem and "it is in ¶42" in problem
    assert quote_problem("无差别的炮火覆盖,面向整体目标用户", (33, 42), article) is None
