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
        return f"{self.path}:{self.line}: {where}{self.message}"


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
    # it decodes cleanly and actually contains Chinese text; anything else is refused.
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and re.search(r"[\u4e00-\u9fff]", text):
        return text, []
    line = raw.count(b"\n", 0, bad) + 1
    col = bad - (raw.rfind(b"\n", 0, bad) + 1) + 1
    return "", [Problem(path, line, None,
                        f"byte {raw[bad]:#04x} at character {col} is not UTF-8 (bad encoding); "
                        f"re-save the file as UTF-8: {_EXCEL_RESAVE}")]


def _read_rows(path: Path, schema: Schema) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """Parse a CSV file into (line number, row) pairs, checking its header."""
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
        return [], problems

    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        return [], [Problem(shown, 1, None, f"the header cannot be read as CSV ({exc})")]
    header = [h.strip() for h in header]
    expected = schema.names

    if len(header) == 1 and ";" in header[0]:
        return [], [Problem(shown, 1, None,
                            "the columns are separated by semicolons (;), not commas; "
                            f"re-save it with commas: {_EXCEL_RESAVE}")]
    if len(header) == 1 and "\t" in header[0]:
        return [], [Problem(shown, 1, None,
                            f"the columns are separated by tabs, not commas; re-save it: {_EXCEL_RESAVE}")]

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
        return [], problems

    rows: list[tuple[int, dict[str, str]]] = []
    line = reader.line_num + 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue  # blank lines and Excel's trailing ",,,," rows
            if len(record) != len(header):
                problems.append(Problem(shown, start, None,
                                        f"has {len(record)} fields but the header has {len(header)}; "
                                        "check for a stray comma or a missing quote"))
                continue
            rows.append((start, {h: c.strip() for h, c in zip(header, record, strict=True)}))
    except csv.Error as exc:
        problems.append(Problem(shown, line, None, f"cannot be read as CSV ({exc})"))
    return rows, problems


def _paragraphs(value: str) -> tuple[int, ...] | str:
    """Parse ``¶22;¶24`` into (22, 24), or return the reason it is not valid."""
    parts = [p.strip().lstrip("¶").strip() for p in re.split(r"[;,，；]", value) if p.strip()]
    if not parts:
        return "lists no paragraph"
    out = []
    for p in parts:
        if not p.isdigit():
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
        try:
            number = float(value.replace("，", ","))
        except ValueError:
            number = None
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


def _load(path: Path, schema: Schema) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """Read and type-check one file: (line, converted row) pairs and the problems found."""
    rows, problems = _read_rows(path, schema)
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
    return out, problems


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
    return problems


def _sibling(path: Path, name: str) -> Path:
    """The file ``name``.csv next to ``path``, or the packaged one if there is none."""
    beside = path.with_name(f"{name}.csv")
    return beside if beside.is_file() else data_dir() / f"{name}.csv"


def _reference_problems(schema: Schema, path: Path, rows: list[tuple[int, dict]]) -> list[Problem]:
    """Check ids that point into another file (an unknown role, an unknown parameter) and, for
    presets, that each value lies in its parameter's slider range."""
    problems: list[Problem] = []
    shown = str(path)
    others: dict[str, list[dict]] = {}  # each referenced file, read once
    for target in set(schema.refs.values()):
        try:
            other, other_problems = _load(_sibling(path, target), SCHEMAS[target])
        except _Unreadable:
            continue
        if not other_problems:  # otherwise reported when that file itself is checked
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
    if schema.name == "presets" and "parameters" in others:
        ranges = {(r["group"], r["name"]): (r["min"], r["max"]) for r in others["parameters"]}
        for line, row in rows:
            rng = ranges.get((row["group"], row["name"]))
            if rng and row["value"] is not None and not rng[0] <= row["value"] <= rng[1]:
                problems.append(Problem(shown, line, "value",
                                        f"{row['value']:g} is outside the slider range of "
                                        f"{row['group']}/{row['name']} ({rng[0]:g} to {rng[1]:g})"))
    return problems


def _validated(path: Path, schema: Schema) -> list[dict]:
    rows, problems = _load(path, schema)
    problems += _row_rules(schema, rows, str(path))
    if not problems:
        problems += _reference_problems(schema, path, rows)
    problems.sort(key=lambda p: p.line)  # in file order, as an editor shows them
    if problems:
        raise RoleDataError(problems)
    if not rows:
        raise RoleDataError([Problem(str(path), 2, None, "the file has a header but no rows")])
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
    >>> sorted(set(params.group)) == sorted({"channels", "reach", "revenue", "value"})
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
    >>> bool(parameter_table("revenue").loc["churn", "min"] >= 0)
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
    >>> d = defaults("revenue")
    >>> 0 <= d["churn"] < 1
    True
    """
    return {str(k): float(v) for k, v in parameter_table(group)["value"].items()}


def presets(group: str) -> dict[str, dict]:
    """The packaged presets of one group: ``{preset: {"en": ..., "zh": ..., "values": {...}}}``.

    Examples
    --------
    >>> len(presets("revenue")) >= 2
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
