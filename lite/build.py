"""Build the JupyterLite site (``make lite``): notebooks + rolecomp wheel + ipywidgets, no server.

Needs only what ``pip install -e .[lite]`` put in this Python's environment; it reads nothing from
the network (the test runs it with networking switched off). The learner's browser later fetches
the Pyodide runtime and pandas/matplotlib/numpy from the Pyodide CDN, and ipywidgets from PyPI.

With ``--pyodide`` (``make lite PYODIDE=…``, a folder or tarball of a Pyodide release) the runtime
and the packages go into the site instead (``lite/pyodide_bundle.py``): what that Pyodide does not carry
comes from PyPI (pure wheels only, kept in ``--wheels``) or, for compiled packages, stays on the CDN.

    python lite/build.py [--out build/lite] [--pyodide PATH [--wheels build/cache/wheels]]

Layout of the result (serve the folder with any static web server)::

    build/lite/
      index.html, lab/, notebooks/   the JupyterLite apps
      files/START.ipynb              the start page, linking both editions
      files/en/*.ipynb, zh/*.ipynb   the notebooks (listed in api/contents/…/all.json), each with a
                                     first cell that installs rolecomp with piplite
      pypi/rolecomp-*.whl, all.json  the package with its data, found by ``%pip install rolecomp``
      extensions/@jupyter-widgets/   ipywidgets' front end
      jupyter-lite.json              site settings (merged from lite/jupyter-lite.json)
      rolecomp-check.js              loaded by every page: is the Python runtime there? (lite/check.js)
      static/pyodide/                with --pyodide: the runtime, its packages, rolecomp-bundle.json
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from packaging.utils import canonicalize_name

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))  # pyodide_bundle, beside this file
# Front-end extensions the site gets. Named one by one, so that whatever else is installed in the
# build environment (Voila's preview button, say, which needs a server) stays out of the site.
EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "@jupyterlite/pyodide-kernel-extension")
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
CHECK_JS = "rolecomp-check.js"
# First cell of every notebook in the site (only there: the repository's notebooks stay as they
# are). Pyodide has no rolecomp until piplite installs it from the site's own pypi/ folder, and
# piplite does not fail when a dependency cannot be downloaded (numpy, say, from a blocked CDN):
# it returns, and the next cell raises ModuleNotFoundError. So the cell imports what it installed
# and says, in both languages, what is missing and what to do. Plain Python: nothing of rolecomp
# can be imported before it is installed. @…@ are filled in per site by install_cell().
INSTALL_TAG = "lite-install"
INSTALL_CELL = """\
# JupyterLite: install the workshop package in this browser tab (the first time takes a while).
# JupyterLite：在这个浏览器标签页里安装工作坊的软件包（第一次需要一些时间）。
import importlib, piplite
needed = @NEEDED@
try:
    await piplite.install(["rolecomp", *needed], keep_going=True)
    problem = ""
except Exception as e:
    problem = f"{type(e).__name__}: {e}"[:300]
missing = []
for name in [*needed, "rolecomp"]:
    try:
        importlib.import_module(name)
    except Exception:
        missing.append(name)
if missing:
    print("Could not load " + ", ".join(missing) + ". "
          @HELP_EN@)
    print("无法加载 " + "、".join(missing) + "。"
          @HELP_ZH@)
    if problem:
        print("(" + problem + ")")
else:
    print("Ready: rolecomp is installed. 准备就绪：rolecomp 已安装。")"""
RESTART_EN = "then restart the kernel (Kernel → Restart Kernel) and run this cell again."
RESTART_ZH = "然后重启内核（Kernel → Restart Kernel），再运行这个单元格。"
HELP = {
    # the plain site: the runtime and numpy, pandas, matplotlib from the CDN, the rest from PyPI
    "cdn": ("This site downloads Python's packages from cdn.jsdelivr.net and pypi.org: check the "
            "internet connection (a school firewall may block these sites), " + RESTART_EN +
            " Without internet, ask the instructor for the offline version of this site.",
            "本网站从 cdn.jsdelivr.net 和 pypi.org 下载 Python 的软件包：请检查网络连接（学校的防火墙"
            "可能屏蔽了这些网站），" + RESTART_ZH + "如果没有网络，请向老师索取本网站的离线版本。"),
    # bundled, but the Pyodide given had no wheels of some compiled packages: those stay on the CDN
    "partial": ("This site carries Python but not @FROM_CDN@, which it downloads from cdn.jsdelivr.net: "
                "check the internet connection (a school firewall may block it), " + RESTART_EN +
                " Without internet, ask the instructor for a site built from the full Pyodide release.",
                "本网站自带 Python，但不含 @FROM_CDN@，需要从 cdn.jsdelivr.net 下载：请检查网络连接（学校的"
                "防火墙可能屏蔽了它），" + RESTART_ZH + "如果没有网络，请向老师索取用完整 Pyodide 版本构建的网站。"),
    # everything bundled: then a file of the site is missing or the copy is broken
    "full": ("This site carries every package, so part of it is missing: ask the instructor to copy "
             "the whole site folder again, " + RESTART_EN,
             "本网站自带所有软件包，所以是网站缺少了文件：请老师重新复制整个网站文件夹，" + RESTART_ZH),
}


def install_cell(needed: list[str], from_cdn: list[str] | None) -> str:
    """The install cell for a site that needs ``needed`` (import names): ``from_cdn`` None for the
    plain (CDN) site, else those of ``needed`` that the bundled site leaves on the CDN."""
    kind = "cdn" if from_cdn is None else "partial" if from_cdn else "full"
    en, zh = HELP[kind]
    en, zh = en.replace("@FROM_CDN@", ", ".join(from_cdn or [])), zh.replace("@FROM_CDN@", "、".join(from_cdn or []))
    # as adjacent string literals, one short line each, so the cell reads well in the notebook
    en_lines = [w + " " for w in textwrap.wrap(en, 76)]
    en_lines[-1] = en_lines[-1].rstrip()
    zh_lines = [""]
    for clause in re.findall(r"[^，。：；）]*[，。：；）]+|[^，。：；）]+$", zh):  # break after full-width punctuation
        if zh_lines[-1] and len(zh_lines[-1]) + len(clause) > 40:
            zh_lines.append("")
        zh_lines[-1] += clause
    indent = "\n" + " " * 10
    return (INSTALL_CELL.replace("@NEEDED@", repr(needed))
            .replace("@HELP_EN@", indent.join(json.dumps(t, ensure_ascii=False) for t in en_lines))
            .replace("@HELP_ZH@", indent.join(json.dumps(t, ensure_ascii=False) for t in zh_lines)))


def find_extension(name: str) -> Path:
    """The installed (pre-built) labextension folder called ``name``."""
    from jupyter_core.paths import jupyter_path

    for root in jupyter_path("labextensions"):
        candidate = Path(root, *name.split("/"))
        if (candidate / "package.json").is_file():
            return candidate
    hint = {"@jupyter-widgets/jupyterlab-manager": "jupyterlab_widgets (comes with ipywidgets)",
            "@jupyterlite/pyodide-kernel-extension": "jupyterlite-pyodide-kernel"}[name]
    raise SystemExit(f"lite: labextension {name} not found; install {hint}: pip install -e '.[lite]'")


def build_wheel(dest: Path) -> Path:
    """Build rolecomp's wheel (data included) into ``dest`` without build isolation (offline)."""
    dest.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dest)],
                   cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    wheels = sorted(dest.glob("rolecomp-*-py3-none-any.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"lite: expected one pure-Python rolecomp wheel in {dest}, got {wheels}")
    return wheels[0]


def copy_notebooks(notebooks: list[Path], dest: Path, cell_source: str, base: Path | None = None) -> None:
    """Copy ``notebooks`` into ``dest`` (at their paths relative to ``base``: ``en/…``, ``zh/…``) with
    the install cell ``cell_source`` first in every notebook that has code; the guides (``*.md``)
    beside them are copied too."""
    dest.mkdir(parents=True)
    done: set[Path] = set()
    for path in notebooks:
        rel = path.relative_to(base) if base else Path(path.name)
        folder = (dest / rel).parent
        if folder not in done:  # a folder's first notebook: make it, with the guides beside it
            done.add(folder)
            folder.mkdir(parents=True, exist_ok=True)
            for guide in path.parent.glob("*.md"):
                shutil.copy(guide, folder / guide.name)
        nb = json.loads(path.read_text(encoding="utf-8"))
        if not any(c.get("cell_type") == "code" for c in nb.get("cells", [])):
            shutil.copy(path, dest / rel)  # the start page: links only
            continue
        cell = {"cell_type": "code", "execution_count": None, "id": "lite-install",
                "metadata": {"tags": [INSTALL_TAG]}, "outputs": [],
                "source": cell_source.splitlines(keepends=True)}
        if nb.get("nbformat", 4) == 4 and nb.get("nbformat_minor", 0) < 5:
            del cell["id"]  # cell ids exist from nbformat 4.5 on
        nb["cells"].insert(0, cell)
        (dest / rel).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def add_start_check(out: Path, default_pyodide: str) -> list[Path]:
    """Put lite/check.js at the site's root and load it from every app page; the pages changed."""
    script = (HERE / "check.js").read_text(encoding="utf-8").replace("@DEFAULT_PYODIDE@", default_pyodide)
    (out / CHECK_JS).write_text(script, encoding="utf-8")
    stamp = hashlib.sha256(script.encode()).hexdigest()[:12]
    pages = []
    for page in sorted(out.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        root = re.search(r'data-jupyter-lite-root="([^"]*)"', html)
        if not root or "</head>" not in html:
            continue  # pages that only redirect (lab/tree/…), and the extensions' own
        tag = f'<script defer src="{root.group(1).rstrip("/") or "."}/{CHECK_JS}?_={stamp}"></script>'
        page.write_text(html.replace("</head>", f"  {tag}\n  </head>", 1), encoding="utf-8")
        pages.append(page)
    if not pages:
        raise SystemExit(f"lite: no JupyterLite page found in {out} to load {CHECK_JS} from")
    return pages


def needed_imports(wheel: Path, python: str) -> list[str]:
    """What rolecomp needs inside Pyodide (its requirements there), as import names."""
    import pyodide_bundle as bundle

    return [canonicalize_name(r.name).replace("-", "_")
            for r in bundle.wheel_requirements(wheel, bundle.pyodide_env(python))]


def build_wheel_pins() -> dict[str, str]:
    """Versions of the widget packages in this environment: the site's front end comes from it."""
    pins = {}
    for name in ("ipywidgets", "jupyterlab_widgets", "comm"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            pins[name] = importlib.metadata.version(name)
    return pins


def build(out: Path, contents: Path, pyodide: Path | None = None, wheels: Path | None = None) -> Path:
    from jupyterlite_pyodide_kernel import constants

    notebooks = sorted(p for p in contents.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    if not notebooks:
        raise SystemExit(f"lite: no notebooks in {contents}")
    src = out.with_name(out.name + "-src")  # the lite_dir: a scratch copy, so lite/ stays clean
    for d in (out, src):
        shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(HERE, src, ignore=shutil.ignore_patterns("*.py", "*.js", "__pycache__"))
    wheel = build_wheel(src / "pypi")  # lite_dir/pypi: piplite indexes every wheel found there
    bundled = None
    if pyodide is not None:
        import pyodide_bundle as bundle

        kernel_pypi = find_extension(EXTENSIONS[1]) / "static" / "pypi"
        bundled = bundle.bundle_pyodide(
            pyodide, src / "static" / "pyodide", roots=[str(r) for r in bundle.wheel_requirements(
                wheel, bundle.pyodide_env(constants.PYODIDE_PYTHON_VERSION))],
            site_pypi=src / "pypi", kernel_pypi=kernel_pypi, wheels=wheels or REPO / "build" / "cache" / "wheels",
            expect_version=constants.PYODIDE_VERSION, pins=build_wheel_pins())
        # every package the kernel and the notebooks need is in the site, or (compiled ones the
        # Pyodide given lacks) on the CDN via the lock: asking PyPI would only make an offline
        # class wait for a firewall to time out
        lite_json = json.loads((src / "jupyter-lite.json").read_text(encoding="utf-8"))
        settings = lite_json["jupyter-config-data"].setdefault("litePluginSettings", {})
        settings.setdefault(KERNEL_PLUGIN, {})["disablePyPIFallback"] = True
        (src / "jupyter-lite.json").write_text(json.dumps(lite_json, indent=2), encoding="utf-8")
    needed = needed_imports(wheel, constants.PYODIDE_PYTHON_VERSION)
    copy_notebooks(notebooks, src / "contents",
                   install_cell(needed, None if bundled is None else bundled.roots_from_cdn), base=contents)
    config = json.loads((src / "jupyter_lite_config.json").read_text(encoding="utf-8"))
    build_config = config.setdefault("LiteBuildConfig", {})
    build_config["ignore_sys_prefix"] = ["federated_extensions"]
    build_config["federated_extensions"] = [str(find_extension(n)) for n in EXTENSIONS]
    (src / "jupyter_lite_config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    jupyter_lite = Path(sys.executable).with_name("jupyter-lite")
    cmd = [str(jupyter_lite) if jupyter_lite.exists() else "jupyter-lite", "build",
           "--lite-dir", str(src), "--contents", str(src / "contents"), "--output-dir", str(out)]
    subprocess.run(cmd, cwd=src, check=True, stdout=subprocess.DEVNULL)
    add_start_check(out, f"{constants.PYODIDE_CDN_URL}/{constants.PYODIDE_MJS}")
    print(f"lite: {len(notebooks)} notebooks, {wheel.name}, widgets on -> {out}")
    if bundled is None:
        print("lite: Python (Pyodide) and numpy, pandas, matplotlib come from cdn.jsdelivr.net, the rest "
              "from pypi.org; for a class without internet: make lite PYODIDE=<Pyodide folder or tarball>")
    else:
        print(f"lite: Pyodide {bundled.version} bundled under static/pyodide: "
              f"{len(bundled.from_runtime) + len(bundled.from_pypi)} of its packages, and "
              f"{', '.join(bundled.site_wheels)} in pypi/")
        if bundled.from_cdn:
            print(f"lite: NOT bundled (no wheel in {pyodide}, none on PyPI for Pyodide), left on "
                  f"cdn.jsdelivr.net: {', '.join(bundled.from_cdn)}; so without internet "
                  f"{', '.join(bundled.roots_from_cdn)} cannot be imported. The full Pyodide release "
                  f"(pyodide-{bundled.version}.tar.bz2) carries them.")
    print(f"lite: try it: python -m http.server --bind 127.0.0.1 --directory {out} 8000, then open"
          " http://127.0.0.1:8000/lab/index.html?path=START.ipynb")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "build" / "lite")
    parser.add_argument("--contents", type=Path, default=REPO / "notebooks")
    parser.add_argument("--pyodide", type=Path, help="a Pyodide release to bundle: folder or tarball "
                        "(npm pack pyodide@VERSION, or pyodide-VERSION.tar.bz2 from GitHub)")
    parser.add_argument("--wheels", type=Path, help="pure wheels to bundle before asking PyPI, and where "
                        "downloads are kept (default build/cache/wheels)")
    args = parser.parse_args(argv)
    if args.wheels and not args.pyodide:
        parser.error("--wheels goes with --pyodide")
    build(args.out.resolve(), args.contents.resolve(), args.pyodide and args.pyodide.resolve(),
          args.wheels and args.wheels.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
