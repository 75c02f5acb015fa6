"""benchmarks/hub.py's own logic: argument bounds, finding the proxy, the missing-tool line, the table.

No hub is started here (that is the benchmark's job, minutes on 2 cores); these are fast.
"""

import importlib.util
import json
import os
import random
import re
import statistics
import struct
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _load():
    spec = importlib.util.spec_from_file_location("hub_benchmark", REPO / "benchmarks" / "hub.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("hub_benchmark", module)
    spec.loader.exec_module(module)
    return module


hub = _load()


# --- --users and --max ---------------------------------------------------------------------

def test_users_are_sorted_and_deduplicated():
    assert hub.parse_users("20,5, 20") == [5, 20]
    assert hub.parse_users(",".join(map(str, hub.DEFAULT_USERS))) == sorted(hub.DEFAULT_USERS)
    assert max(hub.DEFAULT_USERS) <= hub.DEFAULT_MAX, "the defaults must pass the default bound"


@pytest.mark.parametrize(("text", "maximum", "words"), [
    ("21", 20, "above --max 20"),
    ("5,50", 20, "--users 50"),
    ("0", 20, "at least one learner"),
    ("-3", 20, "at least one learner"),
    ("five", 20, "'five'"),
    ("5,,20", 20, "''"),
    ("1", 0, "--max must be at least 1"),
])
def test_bad_users_are_refused_with_the_value_named(text, maximum, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        hub.parse_users(text, maximum)


def test_max_can_be_raised():
    assert hub.parse_users("50", maximum=50) == [50]


def test_cli_refuses_a_round_above_max(tmp_path, capsys):
    # a proxy that is not there: if the bound ever let 21 through, main stops at the tool check
    # instead of starting a hub of 21 learners inside the test run
    with pytest.raises(SystemExit) as exit_:
        hub.main(["--users", "5,21", "--max", "20", "--proxy", str(tmp_path / "no-proxy")])
    assert exit_.value.code != 0
    assert "above --max 20" in capsys.readouterr().err


def test_notebook_choice_is_one_file_of_the_folder_or_all(tmp_path):
    for name in ("01_b.ipynb", "00_a.ipynb"):
        (tmp_path / name).write_text("{}")
    (tmp_path / "notes.md").write_text("")
    assert [p.name for p in hub.notebook_paths("all", tmp_path)] == ["00_a.ipynb", "01_b.ipynb"]
    assert hub.notebook_paths("01_b.ipynb", tmp_path) == [tmp_path / "01_b.ipynb"]
    for bad in ("notes.md", "02_c.ipynb", "../01_b.ipynb", "sub/01_b.ipynb"):
        with pytest.raises(ValueError, match="--notebook"):
            hub.notebook_paths(bad, tmp_path)
    with pytest.raises(ValueError, match="no notebooks"):
        hub.notebook_paths("all", tmp_path / "empty")


# --- finding the proxy, and the line when a tool is missing ---------------------------------

def _executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\necho 5.3.0\n")
    path.chmod(0o755)
    return path


def test_proxy_is_found_explicitly_then_on_path_then_in_the_repository(tmp_path):
    repo = tmp_path / "repo"
    in_repo = _executable(repo / "build/cache/chp/node_modules/.bin/configurable-http-proxy")
    on_path = _executable(tmp_path / "bin" / "configurable-http-proxy")
    explicit = _executable(tmp_path / "elsewhere" / "chp")

    def nowhere(name):
        return None

    assert hub.find_proxy(str(explicit), which=nowhere, repo=repo) == explicit.resolve()
    assert hub.find_proxy(None, which=lambda name: str(on_path), repo=repo) == on_path
    assert hub.find_proxy(None, which=nowhere, repo=repo) == in_repo
    in_repo.unlink()
    assert hub.find_proxy(None, which=nowhere, repo=repo) is None
    # node_modules at the root (a plain `npm install configurable-http-proxy` there) counts too
    root = _executable(repo / "node_modules/.bin/configurable-http-proxy")
    assert hub.find_proxy(None, which=nowhere, repo=repo) == root


def test_an_explicit_proxy_that_cannot_run_is_not_taken(tmp_path):
    plain = tmp_path / "configurable-http-proxy"
    plain.write_text("not executable")
    plain.chmod(0o644)
    assert hub.find_proxy(str(plain), which=lambda name: "/usr/bin/true", repo=tmp_path) is None
    assert hub.find_proxy(str(tmp_path / "missing"), which=lambda name: "/usr/bin/true", repo=tmp_path) is None


def test_missing_tools_make_one_line_with_what_to_run():
    assert hub.missing_tools_line({}) is None
    line = hub.missing_tools_line({"jupyterhub": "not importable", "configurable-http-proxy": "not on PATH"})
    assert "\n" not in line
    assert "jupyterhub (not importable)" in line and "configurable-http-proxy (not on PATH)" in line
    assert "pip install jupyterhub" in line
    assert "npm install --prefix build/cache/chp configurable-http-proxy" in line
    assert "make bench-hub" in line
    only_proxy = hub.missing_tools_line({"configurable-http-proxy": "not on PATH"})
    assert "pip install" not in only_proxy


def test_cli_exits_non_zero_with_one_line_when_the_proxy_is_missing(tmp_path, capsys):
    code = hub.main(["--users", "1", "--proxy", str(tmp_path / "no-such-proxy")])
    out, err = capsys.readouterr()
    assert code != 0
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "configurable-http-proxy" in lines[0] and str(tmp_path / "no-such-proxy") in lines[0]


# --- the table and the ratio line ------------------------------------------------------------

def _round(n, rng):
    def values(lo, hi):
        return [rng.uniform(lo, hi) for _ in range(n)]

    return {"n": n, "pss_mib": values(150, 300), "rss_mib": values(250, 350), "first_chart_s": values(1, 30),
            "notebook_s": values(2, 40), "ready_s": values(3, 90)}


def test_table_shows_each_rounds_median_and_max_in_column_order():
    rng = random.Random(15)
    rows = [_round(n, rng) for n in (1, 4, 7)]
    lines = hub.format_table(rows)
    assert len(lines) == 2 + len(rows)
    titles = lines[1].split()
    assert titles[0] == "N"
    for row, line in zip(rows, lines[2:], strict=True):
        cells = line.split()
        assert int(cells[0]) == row["n"]
        expected = []
        for key, digits in (("pss_mib", 0), ("rss_mib", 0), ("first_chart_s", 2), ("notebook_s", 2),
                            ("ready_s", 2)):
            expected += [round(statistics.median(row[key]), digits), round(max(row[key]), digits)]
        assert [float(c) for c in cells[1:]] == pytest.approx(expected, abs=0.51 if digits == 0 else 0.006)
        assert len(line.rstrip()) <= len(lines[1].rstrip()), "a value wider than its column"


def test_table_columns_line_up_with_their_titles():
    rng = random.Random(3)
    lines = hub.format_table([_round(20, rng)])
    ends_title = [m.end() for m in re.finditer(r"\S+(?: (?:med|max))?", lines[1])]
    ends_value = [m.end() for m in re.finditer(r"\S+", lines[2])]
    assert ends_title == ends_value


def test_ratio_line_divides_the_medians_by_the_baselines():
    rng = random.Random(7)
    base, big = _round(1, rng), _round(20, rng)
    line = hub.ratio_line(big, base)
    numbers = [float(x) for x in re.findall(r"(\d+\.\d+)x", line)]
    med = statistics.median
    assert numbers == pytest.approx([
        med(big["first_chart_s"]) / med(base["first_chart_s"]),
        med(big["notebook_s"]) / med(base["notebook_s"]),
        med(big["pss_mib"]) / med(base["pss_mib"]),
    ], abs=0.051)
    assert line.startswith("N=20 vs 1 alone")


def test_summary_refuses_an_empty_round():
    with pytest.raises(ValueError):
        hub.summary([])


# --- kernel messages off the websocket ---------------------------------------------------------

def test_binary_frames_decode_as_jupyter_server_encodes_them():
    base = pytest.importorskip("jupyter_server.services.kernels.connection.base")
    msg = {"header": {"msg_id": "1", "msg_type": "comm_msg"}, "parent_header": {"msg_id": "0"},
           "metadata": {}, "content": {"data": {"method": "update"}}, "channel": "iopub",
           "buffers": [b"\x89PNG\r\n\x1a\n" + os.urandom(100), b"", b"second"]}
    frame = base.serialize_binary_message(dict(msg))
    decoded = hub.decode_ws_frame(frame)
    assert decoded["buffers"] == msg["buffers"]
    assert {k: v for k, v in decoded.items() if k != "buffers"} == {k: v for k, v in msg.items() if k != "buffers"}


def test_text_frames_are_json():
    msg = {"header": {"msg_type": "status"}, "content": {"execution_state": "idle"}, "channel": "iopub"}
    assert hub.decode_ws_frame(json.dumps(msg)) == msg
    frame = struct.pack("!II", 1, 8) + json.dumps(msg).encode()
    assert hub.decode_ws_frame(frame) == {**msg, "buffers": []}


# --- the docs cite it ---------------------------------------------------------------------------

def test_benchmarks_readme_and_deploy_doc_cite_the_hub_benchmark():
    readme = (REPO / "benchmarks" / "README.md").read_text(encoding="utf-8")
    deploy = (REPO / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert "hub.py" in readme and "benchmarks/hub.py" in deploy
