"""make handouts: every chart an embedded image, nothing from the network, Chinese that survives.

One build (module fixture) runs two real notebooks in both languages through the command line:
``00_start_here`` (one explorer, language switches in its cells) and ``06_putting_it_together``
(two explorers, presets), with a stand-in Chinese edition of 06 in ``zh/`` so both routes to a
Chinese handout are taken: an English notebook run in Chinese (its ``set_language("en")`` made
``"zh"``), and a notebook of the Chinese edition (which only ``ROLECOMP_LANG=zh`` makes Chinese).
The PDFs need Chromium: without it they are skipped, and with ``CI=true`` they fail. The
refusals run no kernel (one, for the failing cell) and take a fraction of a second each.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rolecomp import handouts as handouts_mod
from rolecomp.__main__ import main

# make test runs two workers (--dist loadgroup): keep this module on one, so the build runs once
pytestmark = pytest.mark.xdist_group("handouts")

REPO = Path(__file__).resolve().parents[1]
SOURCES = [REPO / "notebooks" / "en" / f"{stem}.ipynb" for stem in ("00_start_here", "06_putting_it_together")]
STEMS = [p.stem for p in SOURCES]
CJK = re.compile("[\u4e00-\u9fff]")
# What each notebook displays, in order: (explorer, preset loaded before it is shown)
SHOWN = {
    "00_start_here": [("ChannelDependenceExplorer", None)],
    "06_putting_it_together": [("ReachExplorer", "internet_startup"),
                               ("ChannelDependenceExplorer", "traditional_firm")],
}
ZH_HEADING = "# 06 · 综合运用（中文版）"


def _unavailable(message: str):
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{message} (CI=true: failing instead of skipping)", pytrace=False)
    pytest.skip(message)


def explorers_built(notebook: Path) -> int:
    """Code cells of the notebook that build an explorer (each one displays it)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return sum(1 for c in cells if c["cell_type"] == "code"
               and re.search(r"\b(RoleProfile|[A-Z]\w*Explorer)\(", "".join(c["source"])))


class Page(HTMLParser):
    """What a handout's HTML holds: images, scripts, stylesheet links, captions, text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.images, self.scripts, self.links, self.captions, self.lang = [], [], [], [], None
        self._in = []
        self._text = []
        self.feed(text)
        self.text = "".join(self._text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "img":
            self.images.append(a)
        if tag == "script":
            self.scripts.append({"src": a.get("src"), "text": ""})
        if tag == "link":
            self.links.append(a.get("href", ""))
        if tag == "figcaption":
            self.captions.append("")
        self._in.append(tag)

    def handle_endtag(self, tag):
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data):
        if "script" in self._in:
            self.scripts[-1]["text"] += data
        elif "style" not in self._in:
            self._text.append(data)
        if "figcaption" in self._in:
            self.captions[-1] += data


def sentence(explorer: str, preset: str | None, lang: str) -> str:
    import rolecomp

    ex = getattr(rolecomp, explorer)(lang=lang)
    if preset:
        ex.load_preset(preset)
    return ex.sentence


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "rolecomp", *args], capture_output=True, text=True,
                          cwd=REPO, env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """The two notebooks (and a stand-in zh edition of 06) built once through the command line."""
    tmp = tmp_path_factory.mktemp("handouts")
    notebooks = tmp / "notebooks"
    (notebooks / "zh").mkdir(parents=True)
    for src in SOURCES:
        shutil.copy(src, notebooks / src.name)
    # The Chinese edition: its own heading, and no set_language call, so only ROLECOMP_LANG=zh in its
    # kernel makes its charts Chinese
    nb = json.loads(SOURCES[1].read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = [ZH_HEADING + "\n"]
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["source"] = [line for line in cell["source"] if "set_language" not in line]
    (notebooks / "zh" / SOURCES[1].name).write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    pdf = handouts_mod._pdf_problem() is None
    out = tmp / "out"
    r = run("handouts", str(out), "--notebooks", str(notebooks), "--format", "both" if pdf else "html")
    return {"out": out, "result": r, "pdf": pdf}


def handout(build, stem: str, lang: str, fmt: str = "html") -> Path:
    assert build["result"].returncode == 0, build["result"].stderr
    return build["out"] / f"{stem}-{lang}.{fmt}"


# ------------------------------------------------------------------ the build


def test_every_handout_and_nothing_else(build):
    r = build["result"]
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "error:" not in r.stderr
    fmts = ("html", "pdf") if build["pdf"] else ("html",)
    expected = sorted(f"{stem}-{lang}.{fmt}" for stem in STEMS for lang in ("en", "zh") for fmt in fmts)
    assert sorted(os.listdir(build["out"])) == expected  # no temporary file left behind
    n = 4 * len(fmts)
    assert f"{n}/{n}" in r.stderr, "the progress bar reached the end"
    assert "Parent appears to have exited" not in r.stderr, "a kernel was left running"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("stem", STEMS)
def test_one_embedded_image_per_explorer(build, stem, lang):
    page = Page(handout(build, stem, lang).read_text(encoding="utf-8"))
    charts = [img for img in page.images if img.get("src", "").startswith("data:image/png;base64,")]
    assert len(charts) == explorers_built(REPO / "notebooks" / "en" / f"{stem}.ipynb") == len(SHOWN[stem])
    assert len(page.images) == len(charts), "every image is an embedded chart"
    for img in charts:
        assert base64.b64decode(img["src"].split(",", 1)[1]).startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("stem", STEMS)
def test_self_contained_no_widget_view(build, stem, lang):
    text = handout(build, stem, lang).read_text(encoding="utf-8")
    page = Page(text)
    assert not [s for s in page.scripts if s["src"]], "a script is loaded from elsewhere"
    assert not [s for s in page.scripts if "http" in s["text"]], "a script fetches something"
    assert not [href for href in page.links if href.startswith(("http:", "https:", "//"))]
    assert "application/vnd.jupyter.widget" not in text and "jupyter-widgets" not in text
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", text), "a stylesheet fetches something"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("stem", STEMS)
def test_each_chart_carries_its_sentence_in_the_handouts_language(build, stem, lang):
    page = Page(handout(build, stem, lang).read_text(encoding="utf-8"))
    expected = [sentence(explorer, preset, lang) for explorer, preset in SHOWN[stem]]
    assert [c.strip() for c in page.captions] == expected
    if lang == "zh":
        assert all(CJK.search(c) for c in page.captions)
    alts = [img.get("alt") for img in page.images]
    assert alts == expected, "the sentence is each chart's alternative text"


def test_where_each_chinese_handout_comes_from(build):
    # 00 has no Chinese edition: the English notebook, run in Chinese
    translated = Page(handout(build, "00_start_here", "zh").read_text(encoding="utf-8"))
    code_lines = {line.strip() for line in translated.text.splitlines()}
    assert translated.lang == "en" and 'rolecomp.set_language("en")' not in code_lines  # prose may name it
    assert 'rolecomp.set_language("zh")' in translated.text
    assert "Start here" in translated.text
    # 06 has one (zh/): that notebook, not the English one
    edition = Page(handout(build, "06_putting_it_together", "zh").read_text(encoding="utf-8"))
    assert edition.lang == "zh" and ZH_HEADING.lstrip("# ") in edition.text
    english = Page(handout(build, "06_putting_it_together", "en").read_text(encoding="utf-8"))
    assert english.lang == "en" and ZH_HEADING.lstrip("# ") not in english.text


# ------------------------------------------------------------------ the PDFs


def pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if not tool:
        _unavailable("pdftotext not found: `sudo apt-get install poppler-utils`")
    return subprocess.run([tool, "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("stem", STEMS)
def test_pdf_has_the_text_and_the_chinese(build, stem, lang):
    if not build["pdf"]:
        _unavailable(f"PDF handouts need Chromium and playwright: {handouts_mod._pdf_problem()}")
    path = handout(build, stem, lang, "pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    text = "".join(pdf_text(path).split())  # lines are wrapped: compare without white space
    for explorer, preset in SHOWN[stem]:
        assert "".join(sentence(explorer, preset, lang).split()) in text
    if lang == "zh":
        assert len(CJK.findall(text)) > 100, "the Chinese text is in the PDF, not dropped"


# ------------------------------------------------------------------ refusals: one line, nothing written


def handouts_cli(capsys, *args) -> tuple[int, str]:
    try:
        status = main(["handouts", *args])
    except BaseException as exc:
        pytest.fail(f"handouts raised {exc!r} instead of printing one line")
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return status, err


def error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def one_notebook(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    shutil.copy(SOURCES[0], folder / SOURCES[0].name)
    return folder


def test_an_existing_handout_is_kept_without_force(capsys, tmp_path, one_notebook):
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "00_start_here-zh.pdf"
    mine.write_bytes(b"my annotated copy")
    status, err = handouts_cli(capsys, str(out), "--notebooks", str(one_notebook))
    assert status == 2 and "--force" in error_line(err) and "already exist" in err
    assert mine.read_bytes() == b"my annotated copy" and os.listdir(out) == [mine.name]


@pytest.fixture
def fake_pages(monkeypatch):
    """Skip the kernels: every handout's HTML is a fixed page."""
    async def pages(plan, step):
        for h in plan:
            step(h.name("html"))
        return [f"<html><body>{h.stem}</body></html>" for h in plan]

    monkeypatch.setattr(handouts_mod, "_run_all", pages)


def test_force_replaces_the_handout_itself_never_a_symlinks_target(capsys, tmp_path, one_notebook, fake_pages):
    out, outside = tmp_path / "out", tmp_path / "outside.html"
    out.mkdir()
    outside.write_text("not a handout")
    (out / "00_start_here-en.html").symlink_to(outside)
    (out / "00_start_here-zh.html").write_text("old")
    status, err = handouts_cli(capsys, str(out), "--notebooks", str(one_notebook), "--format", "html", "--force")
    assert status == 0, err
    assert outside.read_text() == "not a handout"
    assert not (out / "00_start_here-en.html").is_symlink()
    assert (out / "00_start_here-en.html").read_text() == "<html><body>00_start_here-en</body></html>"
    assert (out / "00_start_here-zh.html").read_text() == "<html><body>00_start_here-zh</body></html>"
    assert sorted(os.listdir(out)) == ["00_start_here-en.html", "00_start_here-zh.html"]


def test_a_failing_cell_is_one_line_and_nothing_is_written(capsys, tmp_path):
    import nbformat

    folder = tmp_path / "notebooks"
    folder.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("1 / 0")])
    nbformat.write(nb, folder / "broken.ipynb")
    out = tmp_path / "out"
    status, err = handouts_cli(capsys, str(out), "--notebooks", str(folder), "--lang", "en", "--format", "html")
    assert status == 2
    assert error_line(err) == ("error: broken.ipynb (en): cell 1 raised ZeroDivisionError: division by zero; "
                               "nothing was written")
    assert not out.exists()


def test_no_chromium_no_cjk_font_no_notebooks(capsys, tmp_path, one_notebook, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setenv("ROLECOMP_CHROMIUM", str(tmp_path / "no-such-chromium"))
    status, err = handouts_cli(capsys, str(out), "--notebooks", str(one_notebook), "--format", "pdf")
    assert status == 2 and "ROLECOMP_CHROMIUM" in error_line(err) and "--format html" in err
    monkeypatch.setattr("rolecomp.i18n.find_cjk_font", lambda: None)
    status, err = handouts_cli(capsys, str(out), "--notebooks", str(one_notebook), "--format", "html")
    assert status == 2 and "CJK font" in error_line(err) and "--lang en" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    status, err = handouts_cli(capsys, str(out), "--notebooks", str(empty))
    assert status == 2 and "no notebooks" in error_line(err)
    assert not out.exists()
    assert run("handouts", str(out), "--lang", "fr").returncode == 2


@pytest.mark.parametrize("after", [0.5, 1.0, 2.5], ids=lambda s: f"after {s} s")
def test_ctrl_c_stops_the_kernels_and_writes_nothing(tmp_path, one_notebook, after):
    """nbclient takes SIGINT for itself when it runs in the main thread (it shuts down one kernel and
    goes on): Ctrl-C must stop the whole run instead, with one line and no kernel left behind."""
    import signal
    import time

    out = tmp_path / "out"
    p = subprocess.Popen([sys.executable, "-m", "rolecomp", "handouts", str(out), "--notebooks", str(one_notebook),
                          "--format", "html"], cwd=REPO, stderr=subprocess.PIPE,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    seen = b""
    while b"starting kernels" not in seen:
        chunk = os.read(p.stderr.fileno(), 256)
        assert chunk, seen
        seen += chunk
    time.sleep(after)  # the kernels are starting, or running the cells (a hang was seen once at 1 s)
    p.send_signal(signal.SIGINT)
    try:
        _, rest = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        pytest.fail("rolecomp handouts did not end within 60 s of Ctrl-C (a kernel left holding its stderr?)")
    err = (seen + rest).decode()
    assert p.returncode == 130
    assert "interrupted" in err and "Traceback" not in err, err
    assert not out.exists()


# ------------------------------------------------------------------ ROLECOMP_LANG


@pytest.mark.parametrize(("value", "lang", "warns"), [("zh", "zh", False), (" EN ", "en", False),
                                                      ("", "en", False), ("fr", "en", True)])
def test_rolecomp_lang_sets_the_starting_language(value, lang, warns):
    code = "import rolecomp.i18n as i; print(i.get_language())"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                       env={**os.environ, "ROLECOMP_LANG": value})
    assert r.returncode == 0 and r.stdout.strip() == lang
    assert ("ROLECOMP_LANG='fr' is not a language" in r.stderr) == warns, r.stderr
