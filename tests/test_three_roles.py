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

import matplotlib as mpl
import pytest

import rolecomp
from rolecomp.charts import role_style
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


# ------------------------------------------------------------------ layout with many roles


def _drawn(ex):
    fig = ex.figure
    with mpl.rc_context(rolecomp.i18n.chart_rc(ex.language)):
        fig.canvas.draw()
    return fig, fig.canvas.get_renderer()


def _overlaps(a, b, pad=0.0):
    return a.x0 < b.x1 - pad and b.x0 < a.x1 - pad and a.y0 < b.y1 - pad and b.y0 < a.y1 - pad


def _headers(ex):
    return [t for t in ex._chart._col_txt if t.get_visible() and t.get_text()]


def _outside(fig, r, margin_pt: float = 6):
    """What sticks out of the figure or comes within ``margin_pt`` points of its edge."""
    box, m = fig.bbox, margin_pt * fig.dpi / 72 - 0.5
    bad = []
    for ax in fig.axes:
        e = ax.get_tightbbox(r)
        if e.x0 < box.x0 + m or e.x1 > box.x1 - m or e.y0 < box.y0 + m or e.y1 > box.y1 - m:
            bad.append(tuple(round(v) for v in e.extents))
    for t in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_window_extent")):
        if t.get_visible() and t.get_text():
            e = t.get_window_extent(r)
            if e.x0 < box.x0 + m or e.x1 > box.x1 - m or e.y0 < box.y0 + m or e.y1 > box.y1 - m:
                bad.append(t.get_text())
    return bad


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("n", [3, 4, 5, 6, 8])
def test_headers_do_not_overlap_each_other(eight, lang, n):
    ex = ThreeRolesExplorer(path=eight, lang=lang, roles=role_ids(n))
    _, r = _drawn(ex)
    heads = _headers(ex)
    assert len(heads) == n
    boxes = [t.get_window_extent(r) for t in heads]
    clash = [(heads[i].get_text(), heads[j].get_text()) for i in range(n) for j in range(i + 1, n)
             if _overlaps(boxes[i], boxes[j])]
    assert not clash, clash
    # each header stays above its own heatmap column (no header spills into a neighbour's)
    hx = ex._chart._ax_heat
    col = hx.get_window_extent(r).width / n
    for t, b in zip(heads, boxes, strict=True):
        x = hx.transData.transform((t.get_position()[0], 0))[0]
        assert b.x0 >= x - col / 2 - 1 and b.x1 <= x + col / 2 + 1, (t.get_text(), b, col)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("n", [3, 5, 8])
def test_legend_fits_in_two_rows_clear_of_the_axes_and_headers(eight, lang, n):
    ex = ThreeRolesExplorer(path=eight, lang=lang, roles=role_ids(n))
    fig, r = _drawn(ex)
    legend = ex._chart._legend
    assert legend is not None and len(legend.get_texts()) == n
    texts = legend.get_texts()
    rows = {round(t.get_window_extent(r).y0) for t in texts}
    assert len(rows) <= 2, rows
    lb = legend.get_window_extent(r)
    for ax in fig.axes:
        assert not _overlaps(lb, ax.get_window_extent(r), pad=0.5), (lb, ax.get_window_extent(r))
    for t in _headers(ex):
        assert not _overlaps(lb, t.get_window_extent(r)), (t.get_text(), lb)
    # legend entries do not run into each other
    boxes = [t.get_window_extent(r) for t in texts]
    assert not [i for i in range(n) for j in range(i + 1, n) if _overlaps(boxes[i], boxes[j])]


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_sticks_out_of_the_figure_with_eight_roles(eight, lang):
    ex = ThreeRolesExplorer(path=eight, lang=lang)
    assert len(ex.data.index) == 8
    fig, r = _drawn(ex)
    assert not _outside(fig, r), _outside(fig, r)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("n", [5, 6, 7])
def test_data_with_n_roles_lays_out_cleanly(tmp_path, lang, n):
    """The issue's case: a fifth (sixth, seventh) role added to the data, all of them shown."""
    ex = ThreeRolesExplorer(path=role_data(tmp_path, n), lang=lang)
    assert len(ex.data.index) == n
    fig, r = _drawn(ex)
    heads = [t.get_window_extent(r) for t in _headers(ex)]
    assert not [(i, j) for i in range(n) for j in range(i + 1, n) if _overlaps(heads[i], heads[j])]
    legend = ex._chart._legend
    lb = legend.get_window_extent(r)
    assert len({round(t.get_window_extent(r).y0) for t in legend.get_texts()}) <= 2
    assert not [ax for ax in fig.axes if _overlaps(lb, ax.get_window_extent(r), pad=0.5)]
    assert not [h for h in heads if _overlaps(lb, h)]
    assert not _outside(fig, r), _outside(fig, r)


def _style(role, roles):
    """A role's (marker, colour): the workshop's own, or the next spare for an added role."""
    added = [r for r in roles if r not in SHIPPED]
    st = role_style(role, added.index(role) if role in added else 0)
    return st["marker"], mpl.colors.to_hex(st["color"])


def _marker_of(line):
    return line.get_marker(), mpl.colors.to_hex(line.get_markerfacecolor())


@pytest.mark.parametrize("lang", LANGS)
def test_every_role_has_its_marker_in_the_bars_and_the_legend(eight, lang):
    ex = ThreeRolesExplorer(path=eight, lang=lang)
    roles = list(ex.data.index)
    chart = ex._chart
    want = {r: _style(r, roles) for r in roles}
    assert len(set(want.values())) == 8, want  # eight roles, eight distinct colour + marker pairs
    ax = chart._ax_bar
    shown = {_marker_of(line) for line in ax.lines if line.get_visible() and len(line.get_xdata())}
    assert set(want.values()) <= shown, (want, shown)
    legend = chart._legend
    handles = legend.legend_handles if hasattr(legend, "legend_handles") else legend.legendHandles
    labels = [t.get_text() for t in legend.get_texts()]
    rnames = ex._scenario.names(ex.language)[0]
    got = {label: (h.get_marker(), mpl.colors.to_hex(h.get_markerfacecolor()))
           for label, h in zip(labels, handles, strict=True)}
    assert got == {rnames[r]: want[r] for r in roles}
    # and the entries read in the data's order, row by row
    _, rend = _drawn(ex)
    boxes = {t.get_text(): t.get_window_extent(rend) for t in legend.get_texts()}
    reading = sorted(boxes, key=lambda k: (-round(boxes[k].y0), boxes[k].x0))
    assert reading == [rnames[r] for r in roles]
    # shipped roles keep the workshop's own styles
    for r in SHIPPED:
        assert want[r] == (role_style(r)["marker"], mpl.colors.to_hex(role_style(r)["color"]))


def test_markers_sit_at_the_bar_ends(eight):
    ex = ThreeRolesExplorer(path=eight, lang="en", attributes=["channel_dependence", "reach_breadth"])
    chart = ex._chart
    table = ex.data
    for role in table.index:
        xs = [x for line in chart._ax_bar.lines if line.get_visible()
              and _marker_of(line) == _style(role, list(table.index))
              for x in line.get_xdata()]
        assert sorted(xs) == sorted(v for v in table.loc[role] if v == v), (role, xs)


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
    ex.set(roles=["sales", "marketing"], evidence="reach_breadth")
    assert ex.sentence == "On reach breadth, Marketing scores highest (5) and Sales lowest (1)."
    ex.set(roles=["sales", "marketing", "operations"], evidence="reach_breadth")
    assert ex.sentence == ("On reach breadth, Marketing scores highest (5) and Sales lowest (1); "
                           "the article is silent on 1 of the chosen roles.")
    ex.set(roles=["sales", "marketing", "operations", "traditional_sales"], evidence="reach_breadth")
    assert ex.sentence == ("On reach breadth, Marketing scores highest (5) and Sales lowest (1); "
                           "the article is silent on 2 of the chosen roles.")


@needs_cjk
def test_sentence_without_ties_is_unchanged_in_chinese():
    ex = ThreeRolesExplorer(roles=["sales", "traditional_sales"], evidence="channel_dependence", lang="zh")
    assert ex.sentence == "在「渠道依赖」上，传统销售最高（5），销售最低（2）。"


def test_legend_follows_the_roles_and_stays_while_only_attributes_change(eight):
    ex = ThreeRolesExplorer(path=eight, lang="en", roles=role_ids(5))
    legend = ex._chart._legend
    ex.set(attributes=["reach_breadth", "data_reliance"])
    assert ex._chart._legend is legend  # the same roles: not rebuilt
    ex.set(roles=["sales", "key_account"])
    assert sorted(t.get_text() for t in ex._chart._legend.get_texts()) == ["Key account sales", "Sales"]
    assert legend not in ex.figure.legends and len(ex.figure.legends) == 1
    ex.set(roles=[])
    assert ex._chart._legend is None and not ex.figure.legends
