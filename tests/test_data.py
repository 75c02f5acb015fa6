"""Loading and validating the data files: every bad input names its file, line and column."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import rolecomp
from rolecomp.data import RoleDataError, check_file, data_dir

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def copy(tmp_path):
    """A fresh copy of the packaged data folder to break."""
    for f in data_dir().glob("*.csv"):
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


def problems_of(path: Path) -> list[str]:
    _, problems = check_file(path)
    return [str(p) for p in problems]


def set_cells(path: Path, edits: dict[tuple[int, str], str]) -> None:
    """Set cells by (0-based row, column) and write the file back as the csv module does."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for (i, column), value in edits.items():
        df.loc[i, column] = value
    df.to_csv(path, index=False)


# ------------------------------------------------------------------ the packaged data loads


def test_packaged_data_loads_with_proper_dtypes():
    roles = rolecomp.load_roles()
    attrs = rolecomp.load_attributes()
    assert isinstance(roles.role_id.dtype, pd.CategoricalDtype)
    assert isinstance(attrs.attribute_id.dtype, pd.CategoricalDtype)
    assert str(attrs.score.dtype) == "Int64"
    assert set(roles.role_id) >= {"sales", "marketing", "operations", "traditional_sales"}
    assert set(roles.team) <= {"commercial", "product"}
    # tidy: each role x attribute exactly once
    assert not attrs.duplicated(["role_id", "attribute_id"]).any()
    wide = rolecomp.attribute_matrix()
    assert wide.shape == (len(roles), attrs.attribute_id.nunique())
    assert wide.dtypes.eq("float64").all()


def test_the_article_is_silent_somewhere_and_the_data_says_why():
    attrs = rolecomp.load_attributes()
    silent = attrs[attrs.score.isna()]
    assert len(silent) > 0
    assert silent.rationale_en.str.len().min() > 10


@pytest.mark.parametrize("name", ["roles", "scales", "attributes", "parameters", "presets"])
def test_cli_accepts_every_packaged_file(name):
    out = subprocess.run([sys.executable, "-m", "rolecomp", "check-data", str(data_dir() / f"{name}.csv")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count("\n") == 1 and ": ok, " in out.stdout


# ------------------------------------------------------------------ bad input: exact places


def test_score_out_of_range_and_not_a_number_are_both_reported(copy):
    f = copy / "attributes.csv"
    rows = f.read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    score_col = header.index("score")
    scored = [i for i, r in enumerate(rows[1:], 2) if r.split(",")[score_col].strip()]
    a, b = scored[0], scored[1]
    for line_no, bad in ((a, "7"), (b, "high")):
        cells = rows[line_no - 1].split(",")
        cells[score_col] = bad
        rows[line_no - 1] = ",".join(cells)
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    got = problems_of(f)
    assert f"{f}:{a}: column 'score': 7 is out of range; use a number from 1 to 5" in got
    assert f"{f}:{b}: column 'score': 'high' is not a number" in got
    with pytest.raises(RoleDataError) as info:
        rolecomp.load_attributes(f)
    assert isinstance(info.value, ValueError)
    assert {p.line for p in info.value.problems} == {a, b}


def test_missing_and_unknown_columns(copy):
    f = copy / "roles.csv"
    edit(f, "summary_zh", "summary_cn")
    got = problems_of(f)
    assert any(g.startswith(f"{f}:1: column 'summary_zh': missing column") for g in got)
    assert any(g.startswith(f"{f}:1: column 'summary_cn': unknown column") for g in got)


def test_duplicate_id_names_both_lines(copy):
    f = copy / "roles.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    f.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    got = problems_of(f)
    assert got == [f"{f}:{len(lines) + 1}: column 'role_id': duplicate id 'sales'; first defined on line 2"]


def test_unknown_role_referenced(copy):
    f = copy / "attributes.csv"
    n = line_of(f, "marketing,")
    edit(f, "\nmarketing,", "\nmarketting,")
    got = problems_of(f)
    assert got and got[0].startswith(f"{f}:{n}: column 'role_id': unknown role_id 'marketting'")


def test_empty_required_text_and_bad_enum(copy):
    f = copy / "roles.csv"
    n = line_of(f, "operations")
    edit(f, ",product,", ",prodcut,")
    text = f.read_text(encoding="utf-8").splitlines()
    got = problems_of(f)
    assert f"{f}:{n}: column 'team': 'prodcut' is not allowed; use one of: commercial, product" in got
    assert len(text) >= n


def test_required_cell_left_empty(copy):
    f = copy / "roles.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    df.loc[2, "summary_en"] = "   "
    df.to_csv(f, index=False)
    assert problems_of(f) == [f"{f}:4: column 'summary_en': is empty; this column is required"]


def test_score_without_evidence(copy):
    f = copy / "attributes.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    i = df.index[df.score != ""][0]
    df.loc[i, "quote_zh"] = ""
    df.to_csv(f, index=False)
    assert problems_of(f) == [
        f"{f}:{i + 2}: column 'quote_zh': is empty; a score needs its evidence from the article"]


def test_paragraph_that_does_not_exist(copy):
    f = copy / "roles.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    df.loc[0, "paragraphs"] = "¶26;¶99"
    df.to_csv(f, index=False)
    assert problems_of(f) == [f"{f}:2: column 'paragraphs': ¶99 does not exist; the article has ¶1 to ¶43"]


def test_every_problem_is_listed_not_just_the_first(copy):
    f = copy / "attributes.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    scored = df.index[df.score != ""]
    for i in scored[:4]:
        df.loc[i, "score"] = "9"
    df.to_csv(f, index=False)
    assert [p.split(":")[1] for p in problems_of(f)] == [str(i + 2) for i in scored[:4]]


# ------------------------------------------------------------------ every role x attribute has a row


def attribute_ids(folder: Path) -> list[str]:
    with open(folder / "scales.csv", encoding="utf-8", newline="") as f:
        return [row["attribute_id"] for row in csv.DictReader(f)]


def drop_rows(path: Path, keep) -> None:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df[df.apply(keep, axis=1)].to_csv(path, index=False)


def test_a_missing_role_attribute_row_is_reported_with_its_keys(copy):
    f = copy / "attributes.csv"
    drop_rows(f, lambda r: not (r.role_id == "marketing" and r.attribute_id in ("reach_breadth", "data_reliance")))
    after = line_of(f, "marketing,value_presentation") + 1  # where marketing's rows end
    msg = (f"{f}:{after}: column 'attribute_id': role 'marketing' has no row for 2 of the 10 attributes "
           "in scales.csv: 'reach_breadth', 'data_reliance'")
    got = problems_of(f)
    assert len(got) == 1 and got[0].startswith(msg), got
    assert "leave score empty" in got[0]
    with pytest.raises(RoleDataError) as info:
        rolecomp.load_attributes(f)
    assert [str(p) for p in info.value.problems] == got


def test_a_new_attribute_without_rows_is_reported_once_per_role_in_file_order(copy):
    s = copy / "scales.csv"
    rows = s.read_text(encoding="utf-8").splitlines()
    rows.append(rows[-1].replace("value_presentation", "after_sales", 1))
    s.write_text("\n".join(rows) + "\n", encoding="utf-8")
    f = copy / "attributes.csv"
    roles = ["sales", "marketing", "operations", "traditional_sales"]
    got = problems_of(f)
    assert [g.split(": column 'attribute_id': ")[1].split(" has")[0] for g in got] == [
        f"role {r!r}" for r in roles]
    assert all("'after_sales'" in g for g in got)
    assert [int(g.split(":")[1]) for g in got] == [line_of(f, f"{r},value_presentation") + 1 for r in roles]


def test_the_role_attribute_check_runs_with_the_other_checks_in_one_pass(copy):
    set_cells(copy / "roles.csv", {(2, "team"): "Product"})  # a slip that leaves the role ids intact
    f = copy / "attributes.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    scored = df.index[df.score != ""][0]
    df.loc[scored, "score"] = "6"
    df = df[~((df.role_id == "operations") & (df.attribute_id == "product_say"))]
    df.to_csv(f, index=False)
    got = problems_of(f)
    assert len(got) == 2, got
    assert got[0].startswith(f"{f}:{scored + 2}: column 'score': 6 is out of range")
    assert "role 'operations' has no row for 1 of the 10 attributes in scales.csv: 'product_say'" in got[1]
    assert problems_of(copy / "roles.csv") == [
        f"{copy / 'roles.csv'}:4: column 'team': 'Product' is not allowed; use one of: commercial, product"]


def test_presets_are_still_checked_when_a_parameter_range_is_broken(copy):
    set_cells(copy / "parameters.csv", {(0, "min"): "low"})
    group, name = pd.read_csv(copy / "parameters.csv", dtype=str).loc[0, ["group", "name"]]
    f = copy / "presets.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    i = df.index[(df.group == group) & (df.name == name)][0]
    df.loc[i, "name"] = "no_such_parameter"
    df.to_csv(f, index=False)
    assert problems_of(f) == [f"{f}:{i + 2}: column 'name': unknown group/name '{group}/no_such_parameter'; "
                              "it is not in parameters.csv"]


# ------------------------------------------------------------------ files saved from Excel


def test_utf8_bom_and_crlf_load(copy):
    f = copy / "roles.csv"
    text = f.read_text(encoding="utf-8")
    f.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    roles = rolecomp.load_roles(f)
    assert roles.columns[0] == "role_id"
    assert not roles.summary_en.str.contains("\r").any()
    assert roles.name_zh.tolist() == rolecomp.load_roles().name_zh.tolist()


def test_gb18030_from_chinese_excel_loads_correctly(copy):
    f = copy / "roles.csv"
    text = f.read_text(encoding="utf-8")
    f.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    assert rolecomp.load_roles(f).name_zh.tolist() == rolecomp.load_roles().name_zh.tolist()
    assert problems_of(f) == []


def test_undecodable_bytes_are_refused_with_how_to_resave(copy):
    f = copy / "roles.csv"
    raw = f.read_bytes().split(b"\n")
    raw[2] = b"sales\xff\xfe\x80x" + raw[2]
    f.write_bytes(b"\n".join(raw))
    got = problems_of(f)
    assert len(got) == 1
    assert got[0].startswith(f"{f}:3: byte 0xff at character 6 is not UTF-8 (bad encoding)")
    assert "CSV UTF-8" in got[0]


def western_file(path: Path, word: str) -> bytes:
    """``path`` re-saved as Windows-1252 (Western European Excel): every run of non-ASCII text
    (the Chinese cells, ¶) becomes ``word``, which has accented letters."""
    text = re.sub(r"[^\x00-\x7f]+", word, path.read_text(encoding="utf-8"))
    raw = text.encode("cp1252")
    path.write_bytes(raw)
    return raw


@pytest.mark.parametrize("word, mojibake", [("Démarrage", "D閙arrage"), ("Opérations", "Op閞ations"),
                                            ("l’équipe", "l掗quipe")])
def test_western_file_is_refused_not_read_as_gb18030_mojibake(copy, word, mojibake):
    f = copy / "presets.csv"
    raw = western_file(f, word)
    first = next(i for i, line in enumerate(raw.split(b"\n"), 1) if word.encode("cp1252") in line)
    assert mojibake in raw.decode("gb18030"), "test set-up: the bytes must decode as GB18030"
    got = problems_of(f)
    assert len(got) == 1, got
    assert got[0].startswith(f"{f}:{first}: cannot tell the text encoding")
    for part in ("UTF-8", "GB18030", "Windows-1252", repr(mojibake), repr(word), "CSV UTF-8"):
        assert part in got[0]
    with pytest.raises(RoleDataError, match="cannot tell the text encoding"):
        rolecomp.load_presets(f)


def test_western_file_that_is_not_gb18030_either_says_what_it_looks_like(copy):
    f = copy / "presets.csv"
    western_file(f, "Café")  # é then ',' is not GB18030
    got = problems_of(f)
    assert len(got) == 1 and "is not UTF-8 (bad encoding)" in got[0]
    assert "GB18030" in got[0] and "Windows-1252" in got[0] and "'Café'" in got[0]


@pytest.mark.parametrize("name", ["roles", "scales", "attributes", "parameters", "presets"])
def test_every_packaged_file_saved_as_gb18030_still_loads(copy, name):
    f = copy / f"{name}.csv"
    f.write_bytes(f.read_text(encoding="utf-8").encode("gb18030"))
    assert problems_of(f) == []


def test_a_few_chinese_words_in_gbk_are_not_taken_for_western_text(copy):
    # 销售 in GBK is CF FA CA DB, which Windows-1252 reads as the Latin letters ÏúÊÛ; one cell
    # even has it next to ASCII letters, as "SaaS销售" would be.
    f = copy / "scales.csv"
    text = re.sub(r"[^\x00-\x7f]+", "销售", f.read_text(encoding="utf-8"))
    text = text.replace(",销售,", ",SaaS销售,", 1)
    f.write_bytes(text.encode("gbk"))
    assert set(f.read_bytes().decode("cp1252")) - set(map(chr, range(128))) == set("ÏúÊÛ")
    assert problems_of(f) == []
    assert "SaaS销售" in set(rolecomp.load_scales(f).name_zh)


# ------------------------------------------------------------------ never echo control characters


def test_control_characters_and_ansi_escapes_are_shown_escaped(copy):
    f = copy / "scales.csv"
    edit(f, "contrast", "\x1b[31mcontrast\x1b[0m")
    edit(f, "name_en", "\x9b2Jname_en")  # a C1 control (CSI)
    got = problems_of(f)
    assert got and all("\x1b" not in g and "\x9b" not in g for g in got)
    assert any("column '\\x1b[31mcontrast\\x1b[0m': unknown column" in g for g in got)
    assert any("'\\x9b2Jname_en'" in g for g in got)
    with pytest.raises(RoleDataError) as info:
        rolecomp.load_scales(f)
    assert "\x1b" not in str(info.value) and "\\x1b[31m" in str(info.value)
    out = run_cli("check-data", str(f))
    assert out.returncode == 1 and "\x1b" not in out.stdout + out.stderr and "\\x1b[31m" in out.stdout


def test_a_line_break_in_a_header_cell_does_not_split_the_problem_line(copy):
    f = copy / "roles.csv"
    edit(f, "summary_en", '"summary\nen"')
    got = problems_of(f)
    assert any(g.startswith(f"{f}:1: column 'summary\\nen': unknown column") for g in got)
    assert all("\n" not in g for g in got)


# ------------------------------------------------------------------ numbers in ASCII digits only


@pytest.mark.parametrize("score, shown", [("２", "FULLWIDTH DIGIT TWO"), ("٣", "ARABIC-INDIC DIGIT THREE"),
                                          ("４.０", "FULLWIDTH DIGIT FOUR")])
def test_a_score_in_non_ascii_digits_is_refused(copy, score, shown):
    f = copy / "attributes.csv"
    i = int(pd.read_csv(f, dtype=str, keep_default_na=False).score.ne("").idxmax())
    set_cells(f, {(i, "score"): score})
    got = problems_of(f)
    assert len(got) == 1, got
    assert got[0].startswith(f"{f}:{i + 2}: column 'score': {score!r} ")
    assert shown in got[0] and "ASCII (half-width)" in got[0]


def test_parameters_in_non_ascii_digits_or_python_only_spellings_are_refused(copy):
    f = copy / "parameters.csv"
    set_cells(f, {(0, "value"): "１００", (1, "min"): "1_0", (2, "step"): "\u22120.5", (3, "max"): "nan"})
    got = problems_of(f)
    assert [g.split(":")[1] for g in got] == ["2", "3", "4", "5"], got
    assert got[0].startswith(f"{f}:2: column 'value': '１００' ") and "'100'" in got[0]
    assert got[1] == f"{f}:3: column 'min': '1_0' is not a number"
    assert got[2].startswith(f"{f}:4: column 'step': '\u22120.5' ") and "MINUS SIGN" in got[2]
    assert got[3] == f"{f}:5: column 'max': 'nan' is not a number"


@pytest.mark.parametrize("cell, shown", [("¶２２", "FULLWIDTH DIGIT TWO"), ("¶26;¶4³", "SUPERSCRIPT THREE"),
                                         ("¶22;§24", "is not a list of paragraphs like '¶22;¶24'")])
def test_paragraphs_in_non_ascii_digits_are_a_problem_not_a_crash(copy, cell, shown):
    f = copy / "roles.csv"
    set_cells(f, {(0, "paragraphs"): cell})
    got = problems_of(f)
    assert len(got) == 1 and got[0].startswith(f"{f}:2: column 'paragraphs': ") and shown in got[0], got
    out = run_cli("check-data", str(f))
    assert out.returncode == 1 and out.stderr == ""


def test_semicolon_separated_file_gets_a_clear_message(copy):
    f = copy / "scales.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    df.to_csv(f, index=False, sep=";")
    got = problems_of(f)
    assert len(got) == 1 and "separated by semicolons" in got[0] and got[0].startswith(f"{f}:1: ")


def test_wrong_number_of_fields(copy):
    f = copy / "roles.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3] + ",extra"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = problems_of(f)
    assert len(got) == 1 and got[0].startswith(f"{f}:4: has 11 fields but the header has 10")


def test_text_is_data_never_evaluated(copy, tmp_path):
    f = copy / "roles.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    marker = tmp_path / "pwned"
    payload = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    df.loc[0, "summary_en"] = payload
    df.loc[1, "summary_en"] = "=HYPERLINK(\"http://x\")<script>alert(1)</script>"
    df.to_csv(f, index=False)
    roles = rolecomp.load_roles(f)
    assert roles.summary_en[0] == payload
    assert roles.summary_en[1].startswith("=HYPERLINK")
    assert not marker.exists()


# ------------------------------------------------------------------ the command line


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "rolecomp", *args], capture_output=True, text=True,
                          cwd=REPO)


def test_cli_exit_1_lists_every_problem_one_per_line(copy):
    f = copy / "attributes.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    scored = df.index[df.score != ""]
    df.loc[scored[0], "score"] = "0"
    df.loc[scored[1], "role_id"] = "nobody"
    df.to_csv(f, index=False)
    out = run_cli("check-data", str(copy / "roles.csv"), str(f))
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    assert lines[0].startswith(f"{copy / 'roles.csv'}: ok")
    assert lines[1] == f"{f}:{scored[0] + 2}: column 'score': 0 is out of range; use a number from 1 to 5"
    assert "Traceback" not in out.stdout + out.stderr


def test_cli_exit_2_for_unreadable_or_malformed(tmp_path):
    out = run_cli("check-data", str(tmp_path / "roles.csv"))
    assert out.returncode == 2 and "no such file" in out.stderr and "Traceback" not in out.stderr
    (tmp_path / "empty").mkdir()
    out = run_cli("check-data", str(tmp_path / "empty"))
    assert out.returncode == 2 and "folder" in out.stderr
    (tmp_path / "roles.csv").write_bytes(b"")
    out = run_cli("check-data", str(tmp_path / "roles.csv"))
    assert out.returncode == 2 and "empty" in out.stderr
    out = run_cli("check-data")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    out = run_cli("no-such-command")
    assert out.returncode == 2 and "Traceback" not in out.stderr


def test_load_of_a_missing_file_is_a_role_data_error(tmp_path):
    with pytest.raises(RoleDataError, match="no such file"):
        rolecomp.load_roles(tmp_path / "roles.csv")


def test_preset_outside_its_slider_range_and_unknown_parameter(copy):
    f = copy / "presets.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    cost = df.index[(df.group == "channel_dependence") & (df.name == "c")][0]
    df.loc[cost, "value"] = "5000"
    other = df.index[(df.group == "channel_dependence") & (df.name == "intermediaries")][0]
    df.loc[other, "name"] = "intermediares"
    df.to_csv(f, index=False)
    lo, hi = (pd.read_csv(copy / "parameters.csv").set_index(["group", "name"])
              .loc[("channel_dependence", "c"), ["min", "max"]])
    assert problems_of(f) == sorted([
        f"{f}:{cost + 2}: column 'value': 5000 is outside the slider range of channel_dependence/c "
        f"({lo:g} to {hi:g})",
        f"{f}:{other + 2}: column 'name': unknown group/name 'channel_dependence/intermediares'; "
        "it is not in parameters.csv",
    ], key=lambda s: int(s.split(":")[1]))


def test_every_default_says_where_it_comes_from(copy):
    """parameters.csv: `basis` is article, cited or illustrative, and agrees with the source text."""
    f = copy / "parameters.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    assert set(df.basis) <= {"article", "cited", "illustrative"} and (df.basis != "").all()
    row = {name: df.index[(df.group == "one_off_vs_ongoing") & (df.name == name)][0]
           for name in ("after_sales_periods", "alpha", "arpa", "horizon")}
    df.loc[row["after_sales_periods"], "source"] = "A year or so, as in traditional after-sales"  # no ¶N
    df.loc[row["alpha"], "source"] = "Fader & Hardie, How to project customer retention"  # no year
    df.loc[row["arpa"], "basis"] = "cited"  # but the source says Illustrative (it cites Skok 2013 for the formula)
    df.loc[row["horizon"], "basis"] = "measured"  # not a basis
    df.to_csv(f, index=False)
    got = problems_of(f)
    line = {k: v + 2 for k, v in row.items()}
    assert f"{f}:{line['after_sales_periods']}: column 'source': cites no paragraph (¶N), but basis is " \
           "'article'; name the paragraph the number comes from, or change basis" in got
    assert any(g.startswith(f"{f}:{line['alpha']}: column 'source': names no source with its year") for g in got)
    assert any(g.startswith(f"{f}:{line['arpa']}: column 'basis': is 'cited', but the source calls the "
                            "number illustrative") for g in got)
    assert any(g.startswith(f"{f}:{line['horizon']}: column 'basis': 'measured' is not allowed") for g in got)
    assert len(got) == 4, got


def test_a_source_citing_a_paragraph_the_article_lacks_is_refused(copy):
    f = copy / "parameters.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    i = df.index[(df.group == "channel_dependence") & (df.name == "intermediaries")][0]
    df.loc[i, "source"] = df.loc[i, "source"] + " (¶44)"
    df.to_csv(f, index=False)
    assert problems_of(f) == [f"{f}:{i + 2}: column 'source': cites ¶44, which does not exist; the article has ¶1 "
                              "to ¶43"]


def readme_add_a_role() -> tuple[str, list[str], list[str]]:
    """The rows of data/README.md's "Add a role" example: the line for roles.csv, then the
    scored attribute row and the row of an attribute the article is silent on (as fields)."""
    text = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Add a role\n", 1)[1].split("\n## ", 1)[0]
    blocks = [b.strip() for b in re.findall(r"```csv\n(.*?)```", section, flags=re.S)]
    assert len(blocks) == 3, "test set-up: the README's example has changed"
    scored, silent = (next(csv.reader(io.StringIO(b))) for b in blocks[1:])
    return blocks[0], scored, silent


def append_rows(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(path.read_text(encoding="utf-8") + buf.getvalue(), encoding="utf-8")


def test_adding_a_role_as_the_readme_says(copy):
    role_line, scored, silent = readme_add_a_role()
    role_id = role_line.split(",")[0]
    attrs = attribute_ids(copy)
    assert len(attrs) == 10 and scored[1] in attrs and silent[1] in attrs
    rows = {a: scored if a == scored[1] else [silent[0], a, *silent[2:]] for a in attrs}
    f = copy / "attributes.csv"
    files = sorted(str(p) for p in copy.glob("*.csv"))

    # step 1: the role row only
    (copy / "roles.csv").write_text((copy / "roles.csv").read_text(encoding="utf-8") + role_line + "\n",
                                    encoding="utf-8")
    out = run_cli("check-data", *files)
    assert out.returncode == 1, out.stdout + out.stderr
    end = len(f.read_text(encoding="utf-8").splitlines()) + 1
    problems = [line for line in out.stdout.splitlines() if ": ok, " not in line]
    assert len(problems) == 1 and problems[0].startswith(
        f"{f}:{end}: column 'attribute_id': role {role_id!r} has no row for any of the 10 attributes "
        "in scales.csv: " + ", ".join(map(repr, attrs)) + ";"), out.stdout
    assert "leave score empty" in problems[0]

    # step 2-3: nine of the ten attribute rows
    forgotten = attrs[7]
    append_rows(f, [rows[a] for a in attrs if a != forgotten])
    out = run_cli("check-data", *files)
    assert out.returncode == 1, out.stdout + out.stderr
    problems = [line for line in out.stdout.splitlines() if ": ok, " not in line]
    assert len(problems) == 1 and problems[0].startswith(
        f"{f}:{end + 9}: column 'attribute_id': role {role_id!r} has no row for 1 of the 10 attributes "
        f"in scales.csv: {forgotten!r}"), out.stdout
    with pytest.raises(RoleDataError, match=f"role '{role_id}' has no row"):
        rolecomp.load_attributes(f)

    # step 4: the tenth row, and check-data is content
    append_rows(f, [rows[forgotten]])
    out = run_cli("check-data", *files)
    assert out.returncode == 0, out.stdout + out.stderr
    assert len(out.stdout.splitlines()) == 5 and all(": ok, " in line for line in out.stdout.splitlines())
    assert role_id in set(rolecomp.load_attributes(f).role_id)
