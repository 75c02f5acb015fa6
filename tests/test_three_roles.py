"""The role profile with 3 to 8 roles: headers, legend and markers that fit, ties in the sentence.

Roles added as data/README.md's "Add a role" says: one row in roles.csv, one row per attribute
in attributes.csv (scored with the article's quote, or empty with a reason).
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

import rolecomp
from rolecomp.explorers import ThreeRolesExplorer
from rolecomp.i18n import find_cjk_font

REPO = Path(__file__).resolve().parents[1]
SHIPPED = ("sales", "marketing", "operations", "traditional_sales")

#: Roles an instructor might add: id, English name, Chinese name, team, and scores by attribute
#: (channel_dependence ties traditional sales at the top and sales at the bottom on purpose).
ADDED = (
    ("customer_success", "Customer success", "客户成功", "commercial",
     {"channel_dependence": 5, "revenue_continuity": 5, "customer_closeness": 4}),
    ("product_manager", "Product manager", "产品经理", "product",
     {"product_say": 5, "data_reliance": 5}),
    ("business_development", "Business development", "商务拓展", "commercial",
     {"channel_dependence": 4, "relationship_reliance": 4, "reach_breadth": 2}),
    ("key_account", "Key account sales", "大客户销售", "commercial",
     {"channel_dependence": 2, "targeting_precision": 5, "customer_closeness": 5}),
)


def role_data(folder: Path, n_roles: int) -> Path:
    """data/*.csv copied to ``folder`` with the first ``n_roles - 4`` roles of ADDED appended
    (``n_roles`` < 4 keeps the shipped files, pick roles with ``roles=``); the attributes.csv path."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in (REPO / "data").glob("*.csv"):
        (folder / f.name).write_bytes(f.read_bytes())
    added = ADDED[: max(0, n_roles - len(SHIPPED))]
    with open(REPO / "data" / "attributes.csv", encoding="utf-8", newline="") as fh:
        shipped = list(csv.DictReader(fh))
    evidence = {}  # one scored row per attribute: its paragraphs and the article's quote
    for row in shipped:
        if row["score"] and row["attribute_id"] not in evidence:
            evidence[row["attribute_id"]] = row
    with open(REPO / "data" / "scales.csv", encoding="utf-8", newline="") as fh:
        attributes = [r["attribute_id"] for r in csv.DictReader(fh)]
    with open(folder / "roles.csv", "a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        for rid, en, zh, team, _scores in added:
            w.writerow([rid, en, zh, team, "internet", "", "", f"A role added for a test: {en.lower()}.",
                        f"为测试添加的岗位：{zh}。", "¶20;¶21"])
    with open(folder / "attributes.csv", "a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        for rid, en, zh, _team, scores in added:
            for a in attributes:
                if a in scores:
                    ev = evidence[a]
                    w.writerow([rid, a, scores[a], ev["paragraphs"], ev["quote_zh"], ev["quote_en"],
                                f"Test data: {en.lower()} read from the same passage.",
                                f"测试数据：按同一段原文为{zh}打分。"])
                else:
                    w.writerow([rid, a, "", "", "", "", f"The article is silent on {en.lower()}.",
                                f"文章未提及{zh}岗位。"])
    return folder / "attributes.csv"


def role_ids(n: int) -> list[str]:
    """The first ``n`` roles: three internet roles, then traditional sales, then the added ones."""
    return [*SHIPPED, *(r[0] for r in ADDED)][:n]


needs_cjk = pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font: apt-get install fonts-noto-cjk")
LANGS = ["en", pytest.param("zh", marks=needs_cjk)]


@pytest.fixture(autouse=True)
def english():
    rolecomp.set_language("en")
    yield
    rolecomp.set_language("en")


@pytest.fixture(scope="module")
def eight(tmp_path_factory):
    return role_data(tmp_path_factory.mktemp("roles8"), 8)


def test_added_roles_pass_check_data(eight):
    folder = eight.parent
    done = subprocess.run([sys.executable, "-m", "rolecomp", "check-data", *sorted(map(str, folder.glob("*.csv")))],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr


# ------------------------------------------------------------------ ties in the sentence


def test_sentence_names_every_role_tied_for_highest_and_lowest(eight):
    ex = ThreeRolesExplorer(path=eight, lang="en", evidence="channel_dependence")
    # channel dependence: traditional sales and customer success 5, sales and key account 2
    s = ex.sentence
    assert "Traditional sales and Customer success score highest (5)" in s, s
    assert "Sales and Key account sales score lowest (2)" in s, s
    ex.set(roles=["sales", "traditional_sales", "customer_success"])
    assert "Traditional sales and Customer success score highest (5)" in ex.sentence
    assert "Sales scores lowest (2)" in ex.sentence or "Sales lowest (2)" in ex.sentence


@needs_cjk
def test_sentence_ties_in_chinese_with_full_width_punctuation(eight):
    ex = ThreeRolesExplorer(path=eight, lang="zh", evidence="channel_dependence")
    s = ex.sentence
    assert "传统销售和客户成功并列最高（5）" in s, s
    assert "销售和大客户销售并列最低（2）" in s, s
    assert not re.search(r"[,;:()]", s), s
    ex.set(roles=["sales", "marketing", "operations"], evidence="product_say")
    assert "销售和市场并列最低（2）" in ex.sentence, ex.sentence


def test_sentence_without_ties_is_unchanged():
    ex = ThreeRolesExplorer(roles=["sales", "traditional_sales"], evidence="channel_dependence")
    assert ex.sentence == "On channel dependence, Traditional sales scores highest (5) and Sales lowest (2)."
    ex.set(roles=["sales", "marketing", "operations"], evidence="reach_breadth")
    assert ex.sentence == "On reach breadth, Marketing scores highest (5) and Sales lowest (1)."
    ex.set(roles=["sales", "marketing", "operations", "traditional_sales"], evidence="reach_breadth")
    assert ex.sentence == ("On reach breadth, Marketing scores highest (5) and Sales lowest (1); "
                           "the article is silent on 1 of the chosen roles.")


@needs_cjk
def test_sentence_without_ties_is_unchanged_in_chinese():
    ex = ThreeRolesExplorer(roles=["sales", "traditional_sales"], evidence="channel_dependence", lang="zh")
    assert ex.sentence == "在“渠道依赖”上，传统销售最高（5），销售最低（2）。"
