"""Column schemas of the data files: what each file holds and what each value may be.

The schemas are plain data so that the datasheet (``data/README.md``), the validator and the
tests all read from one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["SCHEMAS", "Column", "Schema"]

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Column:
    """One column of a data file.

    Parameters
    ----------
    name : str
        Header text, exactly as in the file.
    kind : str
        ``"id"`` (lower-case letters, digits, underscores), ``"text"``, ``"enum"``, ``"int"``,
        ``"float"`` or ``"paragraphs"`` (article paragraph numbers such as ``¶26;¶43``).
    required : bool
        Whether an empty cell is a problem.
    choices : tuple of str
        Allowed values of an ``"enum"`` column.
    low, high : float or None
        Inclusive range of a numeric column.
    doc : str
        One line for the datasheet.
    """

    name: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    doc: str = ""


@dataclass(frozen=True)
class Schema:
    """A data file: its default name, its columns and its key."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    doc: str = ""
    refs: dict[str, str] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


#: Highest paragraph number of the article (``../shared/source/article_zh.md``).
LAST_PARAGRAPH = 43
SCORE_LOW, SCORE_HIGH = 1, 5
#: Where a default parameter comes from (``parameters.csv``, column ``basis``).
BASES = ("article", "cited", "illustrative")

ROLES = Schema(
    name="roles",
    doc="One row per role: names, team, the article's metaphor and a one-line summary.",
    key=("role_id",),
    columns=(
        Column("role_id", "id", doc="Short identifier used by every other file, e.g. `sales`."),
        Column("name_en", doc="English name."),
        Column("name_zh", doc="Chinese name."),
        Column("team", "enum", choices=("commercial", "product"),
               doc="`commercial` (sales, marketing; ¶34, ¶42) or `product` (operations; ¶34)."),
        Column("era", "enum", choices=("internet", "traditional"),
               doc="`internet` or `traditional` (the baseline of the three differences, ¶12)."),
        Column("metaphor_zh", required=False, doc="The article's metaphor in Chinese (¶26, ¶33, ¶43)."),
        Column("metaphor_en", required=False, doc="Its English rendering."),
        Column("summary_en", doc="One line: what the role does."),
        Column("summary_zh", doc="The same line in Chinese."),
        Column("paragraphs", "paragraphs", doc="Article paragraphs the row rests on, e.g. `¶26;¶43`."),
    ),
)

SCALES = Schema(
    name="scales",
    doc="One row per attribute: its names and what the two ends of its 1-5 scale mean.",
    key=("attribute_id",),
    columns=(
        Column("attribute_id", "id", doc="Short identifier, e.g. `channel_dependence`."),
        Column("name_en", doc="English name."),
        Column("name_zh", doc="Chinese name."),
        Column("low_en", doc="What a score of 1 means (English)."),
        Column("low_zh", doc="What a score of 1 means (Chinese)."),
        Column("high_en", doc="What a score of 5 means (English)."),
        Column("high_zh", doc="What a score of 5 means (Chinese)."),
        Column("contrast", "enum", choices=("three_roles", "channel_dependence", "reach", "one_off_vs_ongoing",
                                                     "value_presentation"),
               doc="Which contrast of the workshop it belongs to."),
    ),
)

ATTRIBUTES = Schema(
    name="attributes",
    doc="Tidy scores: one row per role x attribute, with the evidence from the article.",
    key=("role_id", "attribute_id"),
    refs={"role_id": "roles", "attribute_id": "scales"},
    columns=(
        Column("role_id", "id", doc="A `role_id` of roles.csv."),
        Column("attribute_id", "id", doc="An `attribute_id` of scales.csv."),
        Column("score", "int", required=False, low=SCORE_LOW, high=SCORE_HIGH,
               doc="1 (low) to 5 (high) on the attribute's scale; empty where the article is silent."),
        Column("paragraphs", "paragraphs", required=False,
               doc="Evidence paragraphs, e.g. `¶22;¶24`; required when a score is given."),
        Column("quote_zh", required=False,
               doc="The key sentence, quoted briefly from the article; required with a score."),
        Column("quote_en", required=False, doc="Its English rendering; required with a score."),
        Column("rationale_en", doc="Why this score, or why there is none (English)."),
        Column("rationale_zh", doc="The same in Chinese."),
    ),
)

PARAMETERS = Schema(
    name="parameters",
    doc="Default values and slider ranges of every model parameter, each with its source.",
    key=("group", "name"),
    columns=(
        Column("group", "id", doc="Model or explorer the parameter belongs to, e.g. `revenue`."),
        Column("name", "id", doc="Keyword argument name in `rolecomp.models`."),
        Column("value", "float", doc="Default value (within min..max)."),
        Column("min", "float", doc="Slider minimum."),
        Column("max", "float", doc="Slider maximum."),
        Column("step", "float", low=0, doc="Slider step (> 0)."),
        Column("unit", required=False, doc="Unit shown next to the value, e.g. `%` or `per month`."),
        Column("label_en", doc="Control label (English)."),
        Column("label_zh", doc="Control label (Chinese)."),
        Column("source", doc="One-line justification or citation of the default."),
        Column("basis", "enum", choices=BASES,
               doc="Where the default comes from: `article` (the number is the article's; `source` cites its "
                   "¶N), `cited` (a published source gives it; `source` names it with its year) or "
                   "`illustrative` (our choice, e.g. a round number in the direction the article gives)."),
    ),
)

PRESETS = Schema(
    name="presets",
    doc="Named scenarios of the explorers: one row per preset x parameter.",
    key=("group", "preset", "name"),
    refs={"group,name": "parameters"},
    columns=(
        Column("group", "id", doc="A `group` of parameters.csv."),
        Column("preset", "id", doc="Preset identifier, e.g. `saas_startup`."),
        Column("preset_en", doc="Preset name shown in the menu (English)."),
        Column("preset_zh", doc="Preset name shown in the menu (Chinese)."),
        Column("name", "id", doc="A `name` of that group in parameters.csv."),
        Column("value", "float", doc="Value within that parameter's min..max."),
    ),
)

SCHEMAS: dict[str, Schema] = {
    s.name: s for s in (ROLES, SCALES, ATTRIBUTES, PARAMETERS, PRESETS)
}
