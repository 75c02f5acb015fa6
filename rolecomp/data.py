"""Load and validate the workshop's data files into pandas.

Every problem found in a file is collected, not just the first, and reported with the file,
the line (the header is line 1) and the column, so an instructor who edited a score in Excel
sees at once what to fix::

    data/attributes.csv:7: column 'score': 7 is out of range; use a whole number from 1 to 5

Nothing in a file is ever evaluated: cells are read as text and converted by type.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import html
import io
import math
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from rolecomp._schema import (
    ID_PATTERN,
    LAST_PARAGRAPH,
    SCHEMAS,
    Column,
    Schema,
)

__all__ = [
    "Problem",
    "RoleDataError",
    "attribute_matrix",
    "check_file",
    "data_dir",
    "defaults",
    "load_attributes",
    "load_parameters",
    "load_presets",
    "load_roles",
    "load_scales",
    "parameter_table",
    "presets",
]

_EXCEL_RESAVE = (
    "in Excel use File > Save As > 'CSV UTF-8 (Comma delimited) (*.csv)'; "
    "in LibreOffice tick 'Edit filter settings' and choose 'Unicode (UTF-8)' and ','"
)


@dataclass(frozen=True)
class Problem:
    """One problem in a data file.

    ``str(problem)`` gives the line printed by ``python -m rolecomp check-data``.

    Examples
    --------
    >>> print(Problem("data/roles.csv", 3, "team", "'sales team' is not allowed"))
    data/roles.csv:3: column 'team': 'sales team' is not allowed
    >>> print(Problem("x.csv", 1, None, "the file is empty"))
    x.csv:1: the file is empty
    """

    path: str
    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"column '{self.column}': " if self.column else ""
        return _printable(f"{self.path}:{self.line}: {where}{self.message}")


def _printable(text: str) -> str:
    r"""``text`` made safe to print as one line on a terminal.

    A file's header names and cells are quoted in problem messages; any character in them that
    is not printable (the ESC of ANSI colour codes and every other C0 or C1 control, a line
    break, a bidirectional override) is shown as its Python escape instead of being sent to the
    terminal.

    Examples
    --------
    >>> print(_printable("column '\x1b[31mscore\x1b[0m' 销售\n"))
    column '\x1b[31mscore\x1b[0m' 销售\n
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class RoleDataError(ValueError):
    """A data file has problems; ``problems`` lists every one of them.

    Examples
    --------
    >>> err = RoleDataError([Problem("a.csv", 2, "score", "must be a number")])
    >>> isinstance(err, ValueError), len(err.problems)
    (True, 1)
    >>> print(err)
    1 problem in the data:
    a.csv:2: column 'score': must be a number
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the data:"
        super().__init__("\n".join([head, *map(str, self.problems)]))

    # -- how a learner (or a Voila audience) sees it ------------------------------------------
    def display_lines(self) -> list[str]:
        """The message for a notebook page: the head line, then one line per problem.

        An absolute file path is shown from its data folder on (``data/roles.csv``), so a page
        never shows where the files live on the server; ``str(err)`` keeps the full paths.

        Examples
        --------
        >>> err = RoleDataError([Problem("/srv/class/data/a.csv", 2, "score", "must be a number")])
        >>> err.display_lines()
        ['1 problem in the data:', "data/a.csv:2: column 'score': must be a number"]
        """
        head = str(self).split("\n", 1)[0]
        return [head, *(str(self._shown(p)) for p in self.problems)]

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback: only the message, no code frames.

        Under Voila (``VOILA_KERNEL_ID`` is set in its kernels) the message is also displayed
        as an ordinary output, because Voila replaces every error output's text with a generic
        line unless it runs with ``show_tracebacks``.
        """
        lines = self.display_lines()
        # IPython may render one error more than once (IPython 9 also formats it for the
        # history): display it once
        if os.environ.get("VOILA_KERNEL_ID") and not getattr(self, "_displayed", False):
            self._displayed = True
            with contextlib.suppress(Exception):  # a traceback must never fail to show
                from IPython.display import display

                display(self)
        return [f"\x1b[31m{type(self).__name__}\x1b[0m: {lines[0]}", *lines[1:]]

    @staticmethod
    def _shown(problem: Problem) -> Problem:
        """``problem`` with an absolute path cut to its data folder and file (display only)."""
        path = Path(problem.path)
        if not path.is_absolute():
            return problem
        base = str(path.parent.parent).rstrip("/\\")
        short = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
        message = problem.message.replace(str(path), short)
        if base:
            message = message.replace(base + os.sep, "")
        return dataclasses.replace(problem, path=short, message=message)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text("\n".join(self.display_lines()))

    def _repr_html_(self) -> str:
        head, *rest = (html.escape(line) for line in self.display_lines())
        items = "".join(f"<li><code>{line}</code></li>" for line in rest)
        return (f'<div class="rolecomp-data-error" role="alert" style="border-left:4px solid '
                f'#c62828;padding:0.4em 0.8em;margin:0.4em 0"><strong>{head}</strong>'
                f'<ul style="margin:0.3em 0 0 0">{items}</ul></div>')


class _Unreadable(Exception):
    """A file that cannot be read at all (missing, a folder, empty of bytes)."""


def data_dir() -> Path:
    """Folder of the packaged data.

    Inside an installed wheel the files live in ``rolecomp/_data``; in a checkout (or an
    editable install) they are the repository's top-level ``data/`` folder. The environment
    variable ``ROLECOMP_DATA_DIR`` names another folder instead (a class's own copy of the
    files); it is used as given, so its problems are reported against its files.

    Examples
    --------
    >>> (data_dir() / "roles.csv").is_file()
    True
    """
    override = os.environ.get("ROLECOMP_DATA_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data", here.parent / "data"):
        if (candidate / "roles.csv").is_file():
            return candidate
    raise FileNotFoundError(
        f"rolecomp's data files are missing (looked in {here / '_data'} and {here.parent / 'data'}); "
        "reinstall the package with: pip install --force-reinstall rolecomp"
    )


# --------------------------------------------------------------------------- reading


#: Non-letters a Western European text may hold, as Windows-1252 writes them.
_WESTERN_SYMBOLS = frozenset("€‚„…†‡‰‹›‘’“”•–—˜™\xa0¡£§©«®°±²³µ¶·º»¼½¾¿×÷ª")


def _western_reading(raw: bytes) -> str | None:
    """``raw`` read as Windows-1252 (Western European Excel), if that gives Western text: every
    non-ASCII character a Latin letter or common punctuation. GBK read this way is full of
    symbols such as ¸ ´ ¬ ¨, so it does not pass."""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    for c in set(text):
        if not c.isascii() and c not in _WESTERN_SYMBOLS and "LATIN" not in unicodedata.name(c, ""):
            return None
    return text


def _word_at(text: str, i: int) -> str:
    """The word of ``text`` around position ``i``: letters, and any non-ASCII character but spaces."""
    def inside(c: str) -> bool:
        return c.isalpha() or not (c.isascii() or c.isspace())
    start, end = i, i + 1
    while start > 0 and inside(text[start - 1]):
        start -= 1
    while end < len(text) and inside(text[end]):
        end += 1
    return text[start:end]


def _mojibake(text: str) -> int | None:
    """Where GB18030 text looks like a misread Western file, else None.

    Read as GB18030, each accented letter of a Western file fuses with the byte after it into
    one Chinese character inside a Latin word (``Démarrage`` becomes ``D閙arrage``). Genuine
    Chinese text seldom touches Latin letters; when most of its non-ASCII characters do, the
    position of the first one is returned.
    """
    def latin(i: int) -> bool:
        return 0 <= i < len(text) and text[i].isascii() and text[i].isalpha()
    others = [i for i, c in enumerate(text) if not c.isascii()]
    glued = [i for i in others if latin(i - 1) or latin(i + 1)]
    return glued[0] if others and 2 * len(glued) > len(others) else None


def _decode(raw: bytes, path: str) -> tuple[str, list[Problem]]:
    """Bytes to text: UTF-8 (with or without BOM), or GB18030 as saved by Chinese Excel."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", [Problem(path, 1, None,
                            "the file is UTF-16 ('Unicode Text' in Excel), not CSV; "
                            f"re-save it: {_EXCEL_RESAVE}")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        bad = exc.start
    # Chinese Windows Excel saves "CSV (Comma delimited)" as GBK/GB18030. Accept it only if
    # it decodes cleanly, actually contains Chinese text and is not a Western (Windows-1252)
    # file that happens to decode as GB18030; anything else is refused.
    western = _western_reading(raw)
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and re.search(r"[\u4e00-\u9fff]", text):
        at = _mojibake(text) if western is not None else None
        if at is None:
            return text, []
        misread = _word_at(text, at)
        meant = misread.encode("gb18030", errors="replace").decode("cp1252", errors="replace")
        return "", [Problem(path, text.count("\n", 0, at) + 1, None,
                            "cannot tell the text encoding: the file is not UTF-8, and read as "
                            f"GB18030 (as Chinese Excel saves it) it gives {misread!r}, which looks "
                            f"like {meant!r} from a Western European file (Windows-1252); "
                            f"re-save it as UTF-8: {_EXCEL_RESAVE}")]
    line = raw.count(b"\n", 0, bad) + 1
    col = bad - (raw.rfind(b"\n", 0, bad) + 1) + 1
    looks = ""
    if western is not None:
        looks = (f"; it looks like a Western European file (Windows-1252), where this reads "
                 f"{_word_at(western, bad)!r}")
    return "", [Problem(path, line, None,
                        f"byte {raw[bad]:#04x} at character {col} is not UTF-8 (bad encoding), "
                        f"nor is the file GB18030 Chinese text{looks}; "
                        f"re-save the file as UTF-8: {_EXCEL_RESAVE}")]


def _read_rows(path: Path, schema: Schema) -> tuple[list[tuple[int, dict[str, str]]], list[Problem], int]:
    """Parse a CSV file into (line number, row) pairs, checking its header; also return the
    line after the last row (where a row would be added)."""
    shown = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _Unreadable(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise _Unreadable(f"{shown}: is a folder, not a CSV file") from None
    except OSError as exc:
        raise _Unreadable(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    if not raw.strip():
        raise _Unreadable(f"{shown}: the file is empty")

    text, problems = _decode(raw, shown)
    if problems:
        return [], problems, 2

    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        return [], [Problem(shown, 1, None, f"the header cannot be read as CSV ({exc})")], 2
    header = [h.strip() for h in header]
    expected = schema.names

    if len(header) == 1 and ";" in header[0]:
        return [], [Problem(shown, 1, None,
                            "the columns are separated by semicolons (;), not commas; "
                            f"re-save it with commas: {_EXCEL_RESAVE}")], 2
    if len(header) == 1 and "\t" in header[0]:
        return [], [Problem(shown, 1, None,
                            f"the columns are separated by tabs, not commas; re-save it: {_EXCEL_RESAVE}")], 2

    problems = []
    for name in expected:
        if name not in header:
            problems.append(Problem(shown, 1, name, "missing column (expected columns: "
                                    + ", ".join(expected) + ")"))
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(shown, 1, name, "column appears twice"))
        seen.add(name)
        if name not in expected:
            hint = "" if name else " (an empty header cell)"
            problems.append(Problem(shown, 1, name, f"unknown column{hint}; allowed: "
                                    + ", ".join(expected)))
    if problems:
        return [], problems, 2

    rows: list[tuple[int, dict[str, str]]] = []
    line = end = reader.line_num + 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue  # blank lines and Excel's trailing ",,,," rows
            end = line
            if len(record) != len(header):
                problems.append(Problem(shown, start, None,
                                        f"has {len(record)} fields but the header has {len(header)}; "
                                        "check for a stray comma or a missing quote"))
                continue
            rows.append((start, {h: c.strip() for h, c in zip(header, record, strict=True)}))
    except csv.Error as exc:
        problems.append(Problem(shown, line, None, f"cannot be read as CSV ({exc})"))
    return rows, problems, end


#: A number as a spreadsheet writes it, in ASCII only (Python's float() also takes "1_000",
#: "nan", "infinity" and digits of any script, such as the full-width "２").
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def _non_ascii(value: str) -> tuple[str, str] | None:
    """The first non-ASCII character of ``value``, named, and ``value`` retyped in ASCII
    (full-width forms and digits of other scripts by their value); None if all is ASCII.

    Examples
    --------
    >>> _non_ascii("２")
    ("'２' (FULLWIDTH DIGIT TWO)", '2')
    >>> _non_ascii("¶２２")
    ("'２' (FULLWIDTH DIGIT TWO)", '¶22')
    """
    odd = next((c for c in value if not c.isascii() and c != "¶"), None)
    if odd is None:
        return None
    name = unicodedata.name(odd, f"U+{ord(odd):04X}")
    retyped = "".join(str(unicodedata.decimal(c)) if unicodedata.decimal(c, None) is not None
                      else unicodedata.normalize("NFKC", c) for c in value)
    return f"{odd!r} ({name})", retyped.replace("\u2212", "-")


def _paragraphs(value: str) -> tuple[int, ...] | str:
    """Parse ``¶22;¶24`` into (22, 24), or return the reason it is not valid."""
    parts = [p.strip().lstrip("¶").strip() for p in re.split(r"[;,，；]", value) if p.strip()]
    if not parts:
        return "lists no paragraph"
    out = []
    for p in parts:
        odd = _non_ascii(p)
        if odd is not None and odd[1].isascii() and odd[1].isdigit():  # a full-width ２, a ³
            return (f"{value!r} has {odd[0]}; write paragraph numbers in ASCII (half-width) digits, "
                    f"e.g. {_non_ascii(value)[1]!r}")
        if not (p.isascii() and p.isdigit()):
            return f"{value!r} is not a list of paragraphs like '¶22;¶24'"
        n = int(p)
        if not 1 <= n <= LAST_PARAGRAPH:
            return f"¶{n} does not exist; the article has ¶1 to ¶{LAST_PARAGRAPH}"
        out.append(n)
    return tuple(out)


def _convert(col: Column, value: str, shown: str, line: int, problems: list[Problem]):
    """Convert one cell by its column's kind; record a problem and return None if it is bad."""
    if value == "":
        if col.required:
            problems.append(Problem(shown, line, col.name, "is empty; this column is required"))
        return None
    if col.kind == "id":
        if not ID_PATTERN.match(value):
            problems.append(Problem(shown, line, col.name,
                                    f"{value!r} is not a valid id; use lower-case letters, digits "
                                    "and underscores, starting with a letter (e.g. customer_success)"))
            return None
        return value
    if col.kind == "enum":
        if value not in col.choices:
            problems.append(Problem(shown, line, col.name,
                                    f"{value!r} is not allowed; use one of: " + ", ".join(col.choices)))
            return None
        return value
    if col.kind in ("int", "float"):
        odd = _non_ascii(value)
        if odd is not None:
            what = "a whole number" if col.kind == "int" else "a number"
            if col.low is not None and col.high is not None:
                what += f" from {col.low:g} to {col.high:g}"
            example = f", e.g. {odd[1]!r}" if _NUMBER.fullmatch(odd[1]) else ""
            problems.append(Problem(shown, line, col.name,
                                    f"{value!r} has {odd[0]}; type {what} in ASCII (half-width) "
                                    f"digits{example}"))
            return None
        number = float(value) if _NUMBER.fullmatch(value) else None
        if number is None or not math.isfinite(number):
            problems.append(Problem(shown, line, col.name, f"{value!r} is not a number"))
            return None
        if col.kind == "int" and number != int(number):
            problems.append(Problem(shown, line, col.name, f"{value!r} is not a whole number"))
            return None
        low, high = col.low, col.high
        if (low is not None and number < low) or (high is not None and number > high):
            rng = f"from {low:g} to {high:g}" if high is not None else f"at least {low:g}"
            problems.append(Problem(shown, line, col.name, f"{value} is out of range; use a number {rng}"))
            return None
        return int(number) if col.kind == "int" else number
    if col.kind == "paragraphs":
        parsed = _paragraphs(value)
        if isinstance(parsed, str):
            problems.append(Problem(shown, line, col.name, parsed))
            return None
        return parsed
    return value


def _load(path: Path, schema: Schema) -> tuple[list[tuple[int, dict]], list[Problem], int]:
    """Read and type-check one file: (line, converted row) pairs, the problems found and the
    line after the last row."""
    rows, problems, end = _read_rows(path, schema)
    shown = str(path)
    out = []
    keys: dict[tuple, int] = {}
    for line, row in rows:
        converted = {c.name: _convert(c, row[c.name], shown, line, problems) for c in schema.columns}
        key = tuple(converted[k] for k in schema.key)
        if None not in key:
            if key in keys:
                problems.append(Problem(shown, line, schema.key[-1],
                                        f"duplicate id {'/'.join(map(str, key))!r}; "
                                        f"first defined on line {keys[key]}"))
            else:
                keys[key] = line
        out.append((line, converted))
    return out, problems, end


# --------------------------------------------------------------------------- rules across columns


def _row_rules(schema: Schema, rows: list[tuple[int, dict]], shown: str) -> list[Problem]:
    problems: list[Problem] = []
    if schema.name == "attributes":
        for line, row in rows:
            if row["score"] is not None:
                for name in ("paragraphs", "quote_zh", "quote_en"):
                    if row[name] is None:
                        problems.append(Problem(shown, line, name,
                                                "is empty; a score needs its evidence from the article"))
    if schema.name == "parameters":
        for line, row in rows:
            low, high, value = row["min"], row["max"], row["value"]
            if None in (low, high, value):
                continue
            if low > high:
                problems.append(Problem(shown, line, "max", f"{high:g} is below min {low:g}"))
            elif not low <= value <= high:
                problems.append(Problem(shown, line, "value",
                                        f"{value:g} is outside min..max ({low:g} to {high:g})"))
            if row["step"] is not None and row["step"] <= 0:
                problems.append(Problem(shown, line, "step", "must be greater than 0"))
            problems += _basis_problems(row, shown, line)
    return problems


_CITED_PARAGRAPH = re.compile(r"¶\s*(\d+)")
_CITED_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def _basis_problems(row: dict, shown: str, line: int) -> list[Problem]:
    """A parameter's ``basis`` must agree with its ``source``: ``article`` cites a paragraph,
    ``cited`` names a source with its year, a source that calls itself illustrative is
    ``illustrative``; every ¶N cited exists."""
    source, basis = row["source"], row["basis"]
    if source is None:
        return []
    out = []
    for n in map(int, _CITED_PARAGRAPH.findall(source)):
        if not 1 <= n <= LAST_PARAGRAPH:
            out.append(Problem(shown, line, "source", f"cites ¶{n}, which does not exist; the article has ¶1 to "
                                                      f"¶{LAST_PARAGRAPH}"))
    if basis == "article" and not _CITED_PARAGRAPH.search(source):
        out.append(Problem(shown, line, "source", "cites no paragraph (¶N), but basis is 'article'; name the "
                                                  "paragraph the number comes from, or change basis"))
    if basis == "cited" and not _CITED_YEAR.search(source):
        out.append(Problem(shown, line, "source", "names no source with its year (e.g. 'Fader & Hardie 2007'), "
                                                  "but basis is 'cited'; add the citation, or change basis"))
    if basis in ("article", "cited") and source.lower().startswith("illustrative"):
        out.append(Problem(shown, line, "basis", f"is {basis!r}, but the source calls the number illustrative; "
                                                 "use 'illustrative'"))
    return out


def _sibling(path: Path, name: str) -> Path:
    """The file ``name``.csv next to ``path``, or the packaged one if there is none."""
    beside = path.with_name(f"{name}.csv")
    return beside if beside.is_file() else data_dir() / f"{name}.csv"


def _reference_problems(schema: Schema, path: Path, rows: list[tuple[int, dict]], end: int) -> list[Problem]:
    """Check ids that point into another file (an unknown role, an unknown parameter), that
    every role x attribute has its row in attributes.csv and, for presets, that each value lies
    in its parameter's slider range.

    A referenced file is used if its ids could all be read, even when it has other problems
    (those are reported when that file itself is checked), so one run says everything.
    """
    problems: list[Problem] = []
    shown = str(path)
    others: dict[str, list[dict]] = {}  # each referenced file, read once
    for target in set(schema.refs.values()):
        target_schema = SCHEMAS[target]
        try:
            other, other_problems, _ = _load(_sibling(path, target), target_schema)
        except _Unreadable:
            continue
        if other and not any(p.column is None or p.column in target_schema.key for p in other_problems):
            others[target] = [r for _, r in other]
    for columns, target in schema.refs.items():
        if target not in others:
            continue
        names = columns.split(",")
        known = {tuple(r[n] for n in names) for r in others[target]}
        for line, row in rows:
            value = tuple(row[n] for n in names)
            if None in value or value in known:
                continue
            problems.append(Problem(shown, line, names[-1],
                                    f"unknown {'/'.join(names)} {'/'.join(value)!r}; it is not in "
                                    f"{_sibling(path, target).name}"))
    if schema.name == "attributes" and {"roles", "scales"} <= others.keys():
        problems += _missing_rows(path, rows, end, others["roles"], others["scales"])
    if schema.name == "presets" and "parameters" in others:
        ranges = {(r["group"], r["name"]): (r["min"], r["max"]) for r in others["parameters"]
                  if r["min"] is not None and r["max"] is not None and r["min"] <= r["max"]}
        for line, row in rows:
            rng = ranges.get((row["group"], row["name"]))
            if rng and row["value"] is not None and not rng[0] <= row["value"] <= rng[1]:
                problems.append(Problem(shown, line, "value",
                                        f"{row['value']:g} is outside the slider range of "
                                        f"{row['group']}/{row['name']} ({rng[0]:g} to {rng[1]:g})"))
    return problems


def _missing_rows(path: Path, rows: list[tuple[int, dict]], end: int, roles: list[dict],
                  scales: list[dict]) -> list[Problem]:
    """One problem per role of roles.csv that lacks a row for some attribute of scales.csv,
    placed after that role's last row (or after the last row of the file)."""
    have: dict[str, set[str]] = {}
    last: dict[str, int] = {}
    for line, row in rows:
        if row["role_id"] is not None:
            have.setdefault(row["role_id"], set()).add(row["attribute_id"])
            last[row["role_id"]] = line
    starts = sorted(line for line, _ in rows)
    attributes = [s["attribute_id"] for s in scales]
    out = []
    for role in dict.fromkeys(r["role_id"] for r in roles):
        missing = [a for a in attributes if a not in have.get(role, ())]
        if not missing:
            continue
        line = next((s for s in starts if s > last[role]), end) if role in last else end
        which = f"any of the {len(attributes)}" if len(missing) == len(attributes) \
            else f"{len(missing)} of the {len(attributes)}"
        out.append(Problem(str(path), line, "attribute_id",
                           f"role {role!r} has no row for {which} attributes in "
                           f"{_sibling(path, 'scales').name}: {', '.join(map(repr, missing))}; add one "
                           "row per attribute (leave score empty, with a reason in both rationales, "
                           "where the article is silent)"))
    return out


def _validated(path: Path, schema: Schema) -> list[dict]:
    rows, problems, end = _load(path, schema)
    problems += _row_rules(schema, rows, str(path))
    if rows:  # rows of a file whose header could be read, whatever else is wrong in it
        problems += _reference_problems(schema, path, rows, end)
    elif not problems:
        problems = [Problem(str(path), 2, None, "the file has a header but no rows")]
    problems.sort(key=lambda p: p.line)  # in file order, as an editor shows them
    if problems:
        raise RoleDataError(problems)
    return [row for _, row in rows]


def _frame(path: str | Path | None, name: str) -> pd.DataFrame:
    schema = SCHEMAS[name]
    p = Path(path) if path is not None else data_dir() / f"{name}.csv"
    try:
        rows = _validated(p, schema)
    except _Unreadable as exc:
        raise RoleDataError([Problem(str(p), 1, None, str(exc).split(": ", 1)[-1])]) from None
    df = pd.DataFrame(rows, columns=schema.names)
    for col in schema.columns:
        if col.kind in ("text", "enum") or (col.kind == "id" and col.name not in schema.key[:1]):
            df[col.name] = df[col.name].astype("string")
        elif col.kind == "int":
            df[col.name] = df[col.name].astype("Int64")
        elif col.kind == "float":
            df[col.name] = df[col.name].astype("float64")
    df.attrs["source"] = str(p)
    return df


def _categorical(df: pd.DataFrame, column: str, order: Iterable[str]) -> None:
    df[column] = pd.Categorical(df[column], categories=list(order))


# --------------------------------------------------------------------------- public loaders


def load_roles(path: str | Path | None = None) -> pd.DataFrame:
    """Load the roles: names, team, metaphor, summary and evidence paragraphs.

    Parameters
    ----------
    path : str or Path, optional
        A ``roles.csv``; the packaged file when omitted.

    Returns
    -------
    pandas.DataFrame
        One row per role, in file order; ``role_id`` is categorical in that order and
        ``paragraphs`` holds tuples of paragraph numbers.

    Raises
    ------
    RoleDataError
        Listing every problem with file, line and column.

    Examples
    --------
    >>> roles = load_roles()
    >>> list(roles.role_id)[:3]
    ['sales', 'marketing', 'operations']
    >>> roles.set_index("role_id").loc["operations", "team"]
    'product'
    """
    df = _frame(path, "roles")
    _categorical(df, "role_id", df["role_id"])
    return df


def load_scales(path: str | Path | None = None) -> pd.DataFrame:
    """Load the attributes' definitions: names and the meaning of both ends of the 1-5 scale.

    Examples
    --------
    >>> "channel_dependence" in set(load_scales().attribute_id)
    True
    """
    df = _frame(path, "scales")
    _categorical(df, "attribute_id", df["attribute_id"])
    return df


def load_attributes(path: str | Path | None = None) -> pd.DataFrame:
    """Load the tidy scores: one row per role x attribute, with the article's evidence.

    ``roles.csv`` and ``scales.csv`` next to ``path`` (or the packaged ones) define which
    roles and attributes exist; an id not found there is a problem.

    Parameters
    ----------
    path : str or Path, optional
        An ``attributes.csv``; the packaged file when omitted.

    Returns
    -------
    pandas.DataFrame
        Columns ``role_id`` and ``attribute_id`` (categorical, in the order of roles.csv and
        scales.csv), ``score`` (nullable ``Int64``: missing where the article is silent),
        ``paragraphs`` (tuples of ints), the quotes and rationales (``string``).

    Examples
    --------
    >>> attrs = load_attributes()
    >>> str(attrs.score.dtype)
    'Int64'
    >>> row = attrs[(attrs.role_id == "traditional_sales")
    ...             & (attrs.attribute_id == "channel_dependence")].iloc[0]
    >>> int(row.score) > 3, 23 in row.paragraphs
    (True, True)
    """
    p = Path(path) if path is not None else data_dir() / "attributes.csv"
    df = _frame(p, "attributes")
    roles = load_roles(_sibling(p, "roles"))
    scales = load_scales(_sibling(p, "scales"))
    _categorical(df, "role_id", roles["role_id"].cat.categories)
    _categorical(df, "attribute_id", scales["attribute_id"].cat.categories)
    return df.sort_values(["role_id", "attribute_id"], kind="stable").reset_index(drop=True)


def attribute_matrix(attributes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Wide view for charts: roles as rows, attributes as columns, scores as floats.

    A cell where the article is silent is ``NaN`` (charts draw it as "not in the article").

    Examples
    --------
    >>> m = attribute_matrix()
    >>> bool(m.loc["marketing", "reach_breadth"] > m.loc["sales", "reach_breadth"])
    True
    """
    df = load_attributes() if attributes is None else attributes
    wide = df.pivot(index="role_id", columns="attribute_id", values="score")
    wide = wide.astype("Float64").astype("float64")
    wide.index = pd.CategoricalIndex(wide.index, categories=df["role_id"].cat.categories, name="role_id")
    wide.columns = pd.CategoricalIndex(wide.columns, categories=df["attribute_id"].cat.categories,
                                       name="attribute_id")
    return wide


def load_parameters(path: str | Path | None = None) -> pd.DataFrame:
    """Load the models' default parameters and slider ranges.

    Examples
    --------
    >>> params = load_parameters()
    >>> sorted(set(params.group)) == sorted({"channel_dependence", "reach", "one_off_vs_ongoing", "value_presentation"})
    True
    """
    return _frame(path, "parameters")


def load_presets(path: str | Path | None = None) -> pd.DataFrame:
    """Load the explorers' named scenarios (one row per preset x parameter).

    Examples
    --------
    >>> len(load_presets()) > 0
    True
    """
    return _frame(path, "presets")


@cache
def _parameters_cached() -> pd.DataFrame:
    return load_parameters()


def parameter_table(group: str) -> pd.DataFrame:
    """The packaged parameters of one group, indexed by name (cached after the first call).

    Examples
    --------
    >>> bool(parameter_table("one_off_vs_ongoing").loc["base_churn", "min"] >= 0)
    True
    """
    table = _parameters_cached()
    sub = table[table["group"] == group]
    if sub.empty:
        known = ", ".join(sorted(set(table["group"])))
        raise KeyError(f"no parameters for group {group!r}; known groups: {known}")
    return sub.set_index("name")


def defaults(group: str) -> dict[str, float]:
    """Default value of every parameter of a model group, from ``data/parameters.csv``.

    Examples
    --------
    >>> d = defaults("one_off_vs_ongoing")
    >>> 0 <= d["base_churn"] < 1
    True
    """
    return {str(k): float(v) for k, v in parameter_table(group)["value"].items()}


def presets(group: str) -> dict[str, dict]:
    """The packaged presets of one group: ``{preset: {"en": ..., "zh": ..., "values": {...}}}``.

    Examples
    --------
    >>> len(presets("one_off_vs_ongoing")) >= 2
    True
    """
    table = load_presets()
    out: dict[str, dict] = {}
    for row in table[table["group"] == group].itertuples():
        entry = out.setdefault(row.preset, {"en": row.preset_en, "zh": row.preset_zh, "values": {}})
        entry["values"][row.name] = float(row.value)
    return out


# --------------------------------------------------------------------------- checking files


def _schema_for(path: Path) -> Schema | None:
    stem = path.stem.lower()
    for name, schema in SCHEMAS.items():
        if stem == name or stem.startswith(name + "_") or stem.startswith(name + "-") \
                or stem.endswith("_" + name) or stem.endswith("-" + name):
            return schema
    return None


def check_file(path: str | Path) -> tuple[str, list[Problem]]:
    """Validate one data file; return a one-line summary and the problems found.

    The kind of file (roles, scales, attributes, parameters, presets) is taken from its name,
    e.g. ``attributes.csv`` or ``attributes_class2.csv``.

    Raises
    ------
    OSError
        When the file cannot be read at all (missing, a folder, empty).
    ValueError
        When the name does not say which kind of data file it is.

    Examples
    --------
    >>> summary, problems = check_file(data_dir() / "roles.csv")
    >>> problems
    []
    """
    p = Path(path)
    if not p.is_file():
        raise OSError(f"{p}: " + ("is a folder, not a CSV file" if p.is_dir() else "no such file"))
    schema = _schema_for(p)
    if schema is None:
        raise ValueError(f"{p}: cannot tell which data file this is from its name; name it "
                         + ", ".join(f"{n}.csv" for n in SCHEMAS) + " (or e.g. attributes_myclass.csv)")
    try:
        rows = _validated(p, schema)
    except _Unreadable as exc:
        raise OSError(str(exc)) from None
    except RoleDataError as exc:
        return "", exc.problems
    summary = f"{p}: ok, {len(rows)} {schema.name} rows"
    if schema.name == "attributes":
        missing = sum(r["score"] is None for r in rows)
        summary += f" ({len(rows) - missing} scored, {missing} where the article is silent)"
    return summary, []
