"""Content checks of the role data: quotes, paragraph citations and completeness.

These tests read the CSV files with the standard ``csv`` module only, so they check the data
itself independently of ``rolecomp``'s loader and validator.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
ARTICLE = Path(__file__).resolve().parents[2] / "shared/source/article_zh.md"
LAST_PARAGRAPH = 43
PARAGRAPH_LIST = re.compile(r"^¶\d+(;¶\d+)*$")


def read_rows(name: str) -> list[dict[str, str]]:
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def cited(paragraphs: str) -> list[int]:
    return [int(n) for n in re.findall(r"¶(\d+)", paragraphs)]


@pytest.fixture(scope="module")
def attributes() -> list[dict[str, str]]:
    return read_rows("attributes")


@pytest.fixture(scope="module")
def article_paragraphs() -> dict[int, str]:
    if not ARTICLE.is_file():
        pytest.skip(f"article not found at {ARTICLE}")
    text = ARTICLE.read_text(encoding="utf-8")
    found = re.findall(r"^¶(\d+)\s+(.*)$", text, flags=re.MULTILINE)
    return {int(n): normalise(body) for n, body in found}


def row_id(row: dict[str, str]) -> str:
    return f"{row['role_id']}x{row['attribute_id']}"


def test_files_are_utf8_without_bom_and_lf() -> None:
    for name in ("roles", "scales", "attributes"):
        raw = (DATA / f"{name}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), f"{name}.csv starts with a BOM"
        assert b"\r" not in raw, f"{name}.csv has CR line ends"
        raw.decode("utf-8")


def test_every_paragraph_list_is_well_formed_and_in_range(attributes) -> None:
    rows = [("roles", r) for r in read_rows("roles")]
    rows += [("attributes", r) for r in attributes]
    for name, row in rows:
        value = row["paragraphs"]
        if not value:
            continue
        assert PARAGRAPH_LIST.match(value), f"{name}: {value!r} is not like '¶26;¶43'"
        for n in cited(value):
            assert 1 <= n <= LAST_PARAGRAPH, f"{name}: ¶{n} is outside 1..{LAST_PARAGRAPH}"


def test_every_role_attribute_pair_appears_exactly_once(attributes) -> None:
    roles = [r["role_id"] for r in read_rows("roles")]
    scales = [s["attribute_id"] for s in read_rows("scales")]
    assert len(set(roles)) == len(roles), "duplicate role_id in roles.csv"
    assert len(set(scales)) == len(scales), "duplicate attribute_id in scales.csv"
    pairs = [(r["role_id"], r["attribute_id"]) for r in attributes]
    expected = {(r, a) for r in roles for a in scales}
    assert len(pairs) == len(set(pairs)), "a role x attribute pair appears twice"
    assert set(pairs) == expected


def test_scores_are_integers_on_the_scale(attributes) -> None:
    for row in attributes:
        if row["score"]:
            assert row["score"] in {"1", "2", "3", "4", "5"}, row_id(row)


def test_scored_rows_carry_evidence(attributes) -> None:
    for row in attributes:
        if row["score"]:
            for column in ("paragraphs", "quote_zh", "quote_en", "rationale_en", "rationale_zh"):
                assert row[column].strip(), f"{row_id(row)}: {column} is empty"


def test_unscored_rows_explain_the_silence(attributes) -> None:
    for row in attributes:
        if row["score"]:
            continue
        assert not row["quote_zh"] and not row["quote_en"], row_id(row)
        assert not row["paragraphs"], row_id(row)
        assert "silent" in row["rationale_en"].lower(), row_id(row)
        assert "文章未" in row["rationale_zh"], row_id(row)


def test_quotes_are_verbatim_and_in_a_cited_paragraph(attributes, article_paragraphs) -> None:
    whole = normalise(" ".join(article_paragraphs.values()))
    for row in attributes:
        quote = normalise(row["quote_zh"])
        if not quote:
            continue
        assert len(quote) <= 40, f"{row_id(row)}: quote is {len(quote)} characters long"
        assert quote in whole, f"{row_id(row)}: {quote!r} is not in the article"
        numbers = cited(row["paragraphs"])
        assert any(quote in article_paragraphs.get(n, "") for n in numbers), (
            f"{row_id(row)}: {quote!r} is not in any of {row['paragraphs']}"
        )


def test_article_has_all_paragraphs(article_paragraphs) -> None:
    assert sorted(article_paragraphs) == list(range(1, LAST_PARAGRAPH + 1))


def test_english_labels_have_no_chinese_characters():
    """An English edition's slider shows ``label_en``: Chinese belongs in ``label_zh`` (the browser
    tests once found 'Paid placement per week (直通车)' on an English page)."""
    from rolecomp.data import data_dir

    for name in ("parameters.csv", "presets.csv"):
        path = data_dir() / name
        with path.open(encoding="utf-8-sig") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                for col in ("label_en", "preset_en"):
                    assert not re.search("[\u4e00-\u9fff]", row.get(col) or ""), f"{name}:{line}: {col} {row[col]!r}"
