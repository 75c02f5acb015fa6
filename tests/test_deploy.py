"""The routes to a whole class (docs/deploy.md): Binder, JupyterHub, JupyterLite, Voila, lowest versions.

What repo2docker reads is checked as files (no Docker engine here); the JupyterLite site is
really built, with networking switched off, and inspected; the docs' sizing table is checked
against its own formula.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
import yaml
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import parse_wheel_filename
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
# The learners' notebooks of both editions, as paths under notebooks/ ("zh/05_reach.ipynb")
NOTEBOOKS = sorted(str(p.relative_to(REPO / "notebooks")) for p in (REPO / "notebooks").glob("*/*.ipynb"))
DEPLOY_MD = REPO / "docs" / "deploy.md"
START = "notebooks/START.ipynb"

# What JupyterLite's Pyodide (jupyterlite-pyodide-kernel 0.8: Pyodide 314) brings: rolecomp's
# requirements must admit these, or `%pip install rolecomp` fails in the browser.
PYODIDE_PYTHON = "3.14.0"
PYODIDE_VERSIONS = {"pandas": "3.0.0", "matplotlib": "3.10.0", "numpy": "2.2.5", "ipywidgets": "8.1.7"}
PYODIDE_ENV = {"sys_platform": "emscripten", "platform_system": "Emscripten",
               "platform_machine": "wasm32", "python_version": "3.14",
               "python_full_version": PYODIDE_PYTHON, "implementation_name": "cpython",
               "os_name": "posix", "extra": ""}


# --- Binder / repo2docker -------------------------------------------------------------------

def test_no_binder_folder_hides_the_root_files():
    # repo2docker reads binder/ or .binder/ INSTEAD of the root: environment.yml would be ignored
    assert not (REPO / "binder").exists() and not (REPO / ".binder").exists()


def test_postbuild_is_an_executable_strict_bash_script_that_installs_the_package():
    post = REPO / "postBuild"
    assert post.is_file() and os.access(post, os.X_OK), "postBuild must be executable"
    text = post.read_text()
    assert text.startswith("#!/usr/bin/env bash\n") or text.startswith("#!/bin/bash\n")
    assert re.search(r"^set -[a-z]*e[a-z]*\b", text, re.M), "postBuild needs set -e"
    assert "set -euo pipefail" in text
    install = re.search(r"^python -m pip install (.+)$", text, re.M)
    assert install, "postBuild must install the package"
    args = install.group(1).split()
    assert "--no-deps" in args, "conda owns the dependencies; pip must not replace them"
    assert args[-1] == "." and args[-2] == "-e", "installs this checkout (editable, idempotent)"
    subprocess.run(["bash", "-n", str(post)], check=True)


def test_environment_yml_parses_and_installs_the_package():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    deps = env["dependencies"]
    pip = next((d["pip"] for d in deps if isinstance(d, dict)), [])
    assert "pip" in deps, "the pip section needs pip itself in the conda list"
    post = (REPO / "postBuild").read_text()
    assert "-e ." in pip or "." in pip or "pip install" in post
    # repo2docker picks the Python version from here; it must be one rolecomp supports
    python = next(d for d in deps if isinstance(d, str) and d.startswith("python"))
    pinned = Version(python.removeprefix("python="))
    assert pinned in SpecifierSet(PROJECT["requires-python"])


def test_no_runtime_txt_beside_environment_yml():
    """environment.yml pins Python for repo2docker; a runtime.txt would be a second, stale pin."""
    assert not (REPO / "runtime.txt").exists(), "pin Python in environment.yml only"


def test_repo2docker_would_use_environment_yml_then_postbuild(tmp_path):
    """The Dockerfile repo2docker writes (`--no-build`: no Docker engine needed)."""
    r2d = os.environ.get("REPO2DOCKER") or shutil.which("repo2docker")
    if not r2d:
        pytest.skip("repo2docker not installed (pip install jupyter-repo2docker, or set REPO2DOCKER)")
    out = subprocess.run([r2d, "--no-build", "--debug", str(REPO)], capture_output=True,
                         text=True, timeout=120, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    dockerfile = out.stdout + out.stderr
    env_update = dockerfile.index('env update -p ${NB_PYTHON_PREFIX} --file "environment.yml"')
    assert env_update < dockerfile.index("RUN ./postBuild")


def test_binder_badge_opens_the_start_notebook_in_jupyterlab():
    doc = DEPLOY_MD.read_text()
    url = f"https://mybinder.org/v2/gh/OWNER/rolecomp/HEAD?urlpath=lab/tree/{START}"
    assert f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({url})" in doc
    assert (REPO / START).is_file()


# --- JupyterHub: docs and the sizing table --------------------------------------------------

def test_deploy_doc_has_every_route():
    doc = DEPLOY_MD.read_text()
    headings = re.findall(r"^#+ (.+)$", doc, re.M)
    assert headings[1] == "For the README", "the README snippets come first"
    for needed in ("The Littlest JupyterHub", "Zero to JupyterHub", "nbgitpuller", "JupyterLite",
                   "Binder", "Presenting", "What was verified"):
        assert any(needed in h for h in headings), needed
    assert "hub/user-redirect/git-pull?repo=" in doc
    assert "benchmarks/kernel_memory.py" in doc


def test_sizing_table_follows_its_formula():
    """memory = learners x per-learner + overhead, with the measured per-learner figure."""
    doc = DEPLOY_MD.read_text()
    per = float(re.search(r"per-learner memory: \*\*(\d+) MiB\*\*", doc).group(1))
    overhead = float(re.search(r"overhead: \*\*(\d+(?:\.\d+)?) GiB\*\*", doc).group(1))
    limit = float(re.search(r"memory limit: \*\*(\d+) MiB\*\*", doc).group(1))
    measured = re.search(r"[Mm]easured on (\d{4}-\d{2}-\d{2})", doc)
    assert measured, "the measurement's date"
    assert limit >= per
    rows = {int(m.group(1)): (float(m.group(2)), float(m.group(3)))
            for m in re.finditer(r"^\| (\d+) \| (\d+(?:\.\d+)?) GiB \| (\d+(?:\.\d+)?) GiB \|", doc, re.M)}
    assert sorted(rows) == [10, 30, 100, 500]
    for n, (expected, planned) in rows.items():
        assert expected == pytest.approx(n * per / 1024 + overhead, abs=0.051), n
        assert planned == pytest.approx(n * limit / 1024 + overhead, abs=0.051), n


# --- JupyterLite ----------------------------------------------------------------------------

def test_dependencies_admit_pyodide():
    assert Version(PYODIDE_PYTHON) in SpecifierSet(PROJECT["requires-python"])
    names = set()
    for spec in PROJECT["dependencies"]:
        req = Requirement(spec)
        names.add(req.name)
        uppers = [s for s in req.specifier if s.operator in ("<", "<=", "==", "===", "~=")]
        assert not uppers, f"{spec}: an upper bound would shut out Pyodide's newer releases"
        if req.name in PYODIDE_VERSIONS:
            assert Version(PYODIDE_VERSIONS[req.name]) in req.specifier, spec
    assert set(PYODIDE_VERSIONS) <= names


def test_jupyterlab_is_not_installed_into_pyodide():
    """In JupyterLite the page is the front end: micropip must not try to install a server."""
    for spec in PROJECT["dependencies"]:
        req = Requirement(spec)
        in_pyodide = req.marker is None or req.marker.evaluate(PYODIDE_ENV)
        assert in_pyodide == (req.name != "jupyterlab"), spec
        on_linux = req.marker is None or req.marker.evaluate(
            {**PYODIDE_ENV, "sys_platform": "linux", "platform_system": "Linux"})
        assert on_linux, f"{spec}: needed on a computer"
    assert Marker("sys_platform != 'emscripten'").evaluate({"sys_platform": "linux"})


#: The JupyterLite builder's Python: its own venv (make lite / make test create it).
LITE_PYTHON = Path(os.environ.get("ROLECOMP_LITE_PYTHON", REPO / ".venv-lite" / "bin" / "python"))


def _lite_tools_or_skip():
    probe = "import jupyterlite_core, jupyterlite_pyodide_kernel, hatchling"
    ok = LITE_PYTHON.exists() and subprocess.run([str(LITE_PYTHON), "-c", probe],
                                                  capture_output=True).returncode == 0
    if not ok:
        msg = f"the JupyterLite tools are not installed in {LITE_PYTHON}: run make lite (make test does)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)


def _offline(argv: list[str]) -> list[str]:
    """``argv`` in a network namespace of its own (no network at all), where that is allowed."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode == 0:
        return [unshare, "-rn", *argv]
    return argv


@pytest.fixture(scope="module")
def lite_site(tmp_path_factory):
    _lite_tools_or_skip()
    out = tmp_path_factory.mktemp("lite") / "site"
    env = {**os.environ, "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "NO_PROXY": "",
           "no_proxy": "", "PIP_NO_INDEX": "1", "UV_OFFLINE": "1"}
    cmd = _offline([str(LITE_PYTHON), str(REPO / "lite" / "build.py"), "--out", str(out)])
    run = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=85, cwd=REPO)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return out


@pytest.mark.slow
def test_lite_site_lists_every_notebook_with_the_install_cell_first(lite_site):
    assert NOTEBOOKS, "no notebooks to publish"
    listed = []
    for edition in sorted({Path(n).parent for n in NOTEBOOKS}):
        listing = json.loads((lite_site / "api" / "contents" / edition / "all.json").read_text())
        listed += [f"{edition}/{c['name']}" for c in listing["content"] if c["type"] == "notebook"]
    assert sorted(listed) == NOTEBOOKS
    top = json.loads((lite_site / "api" / "contents" / "all.json").read_text())
    assert "START.ipynb" in [c["name"] for c in top["content"]], "the start page that links both editions"
    for name in NOTEBOOKS:
        site_nb = json.loads((lite_site / "files" / name).read_text())
        repo_nb = json.loads((REPO / "notebooks" / name).read_text())
        first, *rest = site_nb["cells"]
        assert "lite-install" in first["metadata"]["tags"]
        assert "await piplite.install([\"rolecomp\"" in "".join(first["source"])
        assert rest == repo_nb["cells"], name


# Runs a site's install cell in this Python, with piplite and the packages replaced by stand-ins:
# argv = cell file, packages whose import fails (comma-separated), "1" if piplite.install raises.
_INSTALL_CELL_HARNESS = r"""
import ast, asyncio, sys, types
cell, failing, raises = sys.argv[1], [n for n in sys.argv[2].split(",") if n], sys.argv[3] == "1"
calls = []
async def install(requirements, keep_going=False):
    calls.append((requirements, keep_going))
    if raises:
        raise ValueError("Can't fetch metadata for 'numpy': Failed to fetch")
sys.modules["piplite"] = types.SimpleNamespace(install=install)
for name in failing:
    sys.modules[name] = None  # import raises ImportError, as after a download that failed
for name in ("numpy", "pandas", "matplotlib", "ipywidgets", "rolecomp"):
    sys.modules.setdefault(name, types.ModuleType(name))
code = compile(open(cell, encoding="utf-8").read(), "<install cell>", "exec",
               flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
pending = eval(code, {"__name__": "__main__"})
if pending is not None:
    asyncio.run(pending)
print("CALLS", calls)
"""


def _run_install_cell(source: str, tmp_path: Path, failing=(), raises=False) -> str:
    cell = tmp_path / "cell.py"
    cell.write_text(source, encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", _INSTALL_CELL_HARNESS, str(cell), ",".join(failing),
                          "1" if raises else "0"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "Traceback" not in run.stdout + run.stderr, run.stdout + run.stderr
    return run.stdout


@pytest.mark.slow
def test_lite_install_cell_checks_what_it_installed_and_says_what_to_do(lite_site, tmp_path):
    """piplite returns without error when numpy, pandas or matplotlib could not be downloaded;
    the cell must notice, name them, and say what to do in both languages, never a traceback."""
    source = "".join(json.loads((lite_site / "files" / NOTEBOOKS[0]).read_text())["cells"][0]["source"])
    everything = {"numpy", "pandas", "matplotlib", "ipywidgets"}

    ok = _run_install_cell(source, tmp_path)
    assert "Ready" in ok and "准备就绪" in ok and "Could not" not in ok
    (requirements, keep_going), = eval(ok.split("CALLS", 1)[1])
    assert requirements[0] == "rolecomp" and set(requirements[1:]) == everything and keep_going

    # the silent case: piplite "succeeded", two packages are not there
    out = _run_install_cell(source, tmp_path, failing=["pandas", "matplotlib"])
    en, zh = out.splitlines()[:2]
    assert en.startswith("Could not load matplotlib, pandas.") and "Ready" not in out
    assert "cdn.jsdelivr.net" in en and "Restart Kernel" in en and "offline version" in en
    assert zh.startswith("无法加载 matplotlib、pandas。") and "离线版本" in zh and "重启内核" in zh
    assert "，" in zh and "（" in zh and not re.search(r"[,;:()]", zh), "Chinese takes full-width punctuation"

    # piplite itself fails: the same message, and its reason on one line
    out = _run_install_cell(source, tmp_path, failing=["numpy"], raises=True)
    assert out.startswith("Could not load numpy.") and "(ValueError: Can't fetch metadata" in out


@pytest.mark.slow
def test_lite_site_carries_a_pure_python_wheel_with_the_data(lite_site):
    wheels = sorted((lite_site / "pypi").glob("rolecomp-*.whl"))
    assert len(wheels) == 1
    name, version, _build, tags = parse_wheel_filename(wheels[0].name)
    assert name == "rolecomp" and str(version) == PROJECT["version"]
    assert {str(t) for t in tags} == {"py3-none-any"}, "piplite installs pure-Python wheels only"
    with zipfile.ZipFile(wheels[0]) as whl:
        names = set(whl.namelist())
        meta = Parser().parsestr(whl.read(f"rolecomp-{version}.dist-info/METADATA").decode())
    data = {f"rolecomp/_data/{p.name}" for p in (REPO / "data").iterdir() if p.is_file()}
    assert data and data <= names, data - names
    assert "rolecomp/__init__.py" in names
    requires = meta.get_all("Requires-Dist")
    jl = [r for r in requires if Requirement(r).name == "jupyterlab"]
    assert jl and not Requirement(jl[0]).marker.evaluate(PYODIDE_ENV)
    index = json.loads((lite_site / "pypi" / "all.json").read_text())
    release = index["rolecomp"]["releases"][PROJECT["version"]][0]
    assert release["url"] == f"./{wheels[0].name}"


@pytest.mark.slow
def test_lite_config_and_widgets_extension(lite_site):
    config = json.loads((lite_site / "jupyter-lite.json").read_text())["jupyter-config-data"]
    assert config["appName"] == "rolecomp"
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert any(u.split("?")[0] == "./pypi/all.json" for u in kernel["pipliteUrls"])
    assert kernel["disablePyPIFallback"] is False, "ipywidgets comes from PyPI at run time"
    extensions = {e["name"]: e for e in config["federated_extensions"]}
    assert set(extensions) == {"@jupyter-widgets/jupyterlab-manager",
                               "@jupyterlite/pyodide-kernel-extension"}
    for name, ext in extensions.items():
        assert (lite_site / "extensions" / name / ext["load"]).is_file(), name
    # the kernel's own wheels: the widgetsnbextension stand-in lets ipywidgets install in Pyodide
    kernel_pypi = lite_site / "extensions/@jupyterlite/pyodide-kernel-extension/static/pypi"
    assert list(kernel_pypi.glob("widgetsnbextension-4*.whl"))
    for app in ("lab", "notebooks"):
        assert (lite_site / app / "index.html").is_file()


@pytest.mark.slow
def test_lite_pages_check_at_start_that_the_python_runtime_answers(lite_site):
    """Offline, the kernel waits forever for its runtime: every page loads a check that shows a
    message instead, looking for the runtime where the kernel does (jupyter-lite.json, else the
    kernel's own CDN default). What it does in a browser: tests/browser/test_lite.py."""
    script = (lite_site / "rolecomp-check.js").read_text(encoding="utf-8")
    pages = {p.relative_to(lite_site).as_posix(): p.read_text(encoding="utf-8")
             for p in lite_site.rglob("index.html") if "data-jupyter-lite-root" in p.read_text(encoding="utf-8")}
    assert {"lab/index.html", "notebooks/index.html"} <= set(pages)
    for rel, html in pages.items():
        root = re.search(r'data-jupyter-lite-root="([^"]*)"', html).group(1)
        tags = re.findall(r'<script defer src="([^"?]+)\?_=\w+"></script>', html)
        assert tags == [f"{root.rstrip('/') or '.'}/rolecomp-check.js"], rel
        assert html.index(tags[0]) < html.index("</head>"), rel
    default = re.search(r'var DEFAULT_PYODIDE = "([^"]+)"', script).group(1)
    kernel_js = "".join(p.read_text(encoding="utf-8", errors="replace") for p in
                        (lite_site / "extensions/@jupyterlite/pyodide-kernel-extension/static").glob("*.js"))
    assert default.startswith("https://cdn.jsdelivr.net/pyodide/") and f'"{default}"' in kernel_js
    assert "jupyter-lite.json" in script and "pyodideUrl" in script
    for words in ("Python cannot start", "Python 无法启动", "ask the instructor for the offline", "离线版本",
                  "copy the whole site folder", "重新复制整个网站文件夹"):
        assert words in script


# --- Presenting and the lowest versions -----------------------------------------------------

def test_make_targets_for_present_lite_and_lowest():
    make = (REPO / "Makefile").read_text()
    extras = PROJECT["optional-dependencies"]
    assert any(Requirement(r).name == "voila" for r in extras["present"])
    assert {Requirement(r).name for r in extras["lite"]} >= {"jupyterlite-core",
                                                             "jupyterlite-pyodide-kernel"}
    present = make[make.index("\npresent:"):]
    assert "voila" in present.split("\n\n")[0] and "--Voila.ip=127.0.0.1" in present
    lowest = make[make.index("\ntest-lowest:"):]
    assert "--resolution lowest-direct" in lowest and '-m "not browser and not slow"' in lowest
    assert ".venv-lowest" in make and ".venv-lowest/" in (REPO / ".gitignore").read_text()
    ci = [line.strip() for line in (REPO / ".ci" / "run").read_text().splitlines()]
    assert ci.index("make test-lowest") > ci.index("make test")
    test_line = next(line for line in make.splitlines() if line.startswith("test:"))
    assert ".lite-ready" in test_line, "make test installs the lite tools, so the lite tests run in CI"
