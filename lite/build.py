"""Build the JupyterLite site (``make lite``): notebooks + rolecomp wheel + ipywidgets, no server.

Needs only what ``pip install -e .[lite]`` put in this Python's environment; it reads nothing from
the network (the test runs it with networking switched off). The learner's browser later fetches
the Pyodide runtime and pandas/matplotlib/numpy from the Pyodide CDN, and ipywidgets from PyPI.

    python lite/build.py [--out build/lite]

Layout of the result (serve the folder with any static web server)::

    build/lite/
      index.html, lab/, notebooks/   the JupyterLite apps
      files/*.ipynb                  the notebooks (listed in api/contents/all.json), each with a
                                     first cell that installs rolecomp with piplite
      pypi/rolecomp-*.whl, all.json  the package with its data, found by ``%pip install rolecomp``
      extensions/@jupyter-widgets/   ipywidgets' front end
      jupyter-lite.json              site settings (merged from lite/jupyter-lite.json)
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# Front-end extensions the site gets. Named one by one, so that whatever else is installed in the
# build environment (Voila's preview button, say, which needs a server) stays out of the site.
EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "@jupyterlite/pyodide-kernel-extension")
# First cell of every notebook in the site (only there: the repository's notebooks stay as they
# are). Pyodide has no rolecomp until piplite installs it from the site's own pypi/ folder; its
# dependencies come from the Pyodide CDN (numpy, pandas, matplotlib) and PyPI (ipywidgets).
INSTALL_TAG = "lite-install"
INSTALL_CELL = """\
# JupyterLite: install the workshop package in this browser tab (the first time takes a while).
import piplite

await piplite.install("rolecomp")"""


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


def copy_notebooks(notebooks: list[Path], dest: Path) -> None:
    """Copy ``notebooks`` into ``dest`` with the piplite install cell first."""
    dest.mkdir(parents=True)
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        cell = {"cell_type": "code", "execution_count": None, "id": "lite-install",
                "metadata": {"tags": [INSTALL_TAG]}, "outputs": [],
                "source": INSTALL_CELL.splitlines(keepends=True)}
        if nb.get("nbformat", 4) == 4 and nb.get("nbformat_minor", 0) < 5:
            del cell["id"]  # cell ids exist from nbformat 4.5 on
        nb["cells"].insert(0, cell)
        (dest / path.name).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n",
                                      encoding="utf-8")


def build(out: Path, contents: Path) -> Path:
    notebooks = sorted(contents.glob("*.ipynb"))
    if not notebooks:
        raise SystemExit(f"lite: no notebooks in {contents}")
    src = out.with_name(out.name + "-src")  # the lite_dir: a scratch copy, so lite/ stays clean
    for d in (out, src):
        shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(HERE, src, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    copy_notebooks(notebooks, src / "contents")
    wheel = build_wheel(src / "pypi")  # lite_dir/pypi: piplite indexes every wheel found there
    config = json.loads((src / "jupyter_lite_config.json").read_text(encoding="utf-8"))
    build_config = config.setdefault("LiteBuildConfig", {})
    build_config["ignore_sys_prefix"] = ["federated_extensions"]
    build_config["federated_extensions"] = [str(find_extension(n)) for n in EXTENSIONS]
    (src / "jupyter_lite_config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    jupyter_lite = Path(sys.executable).with_name("jupyter-lite")
    cmd = [str(jupyter_lite) if jupyter_lite.exists() else "jupyter-lite", "build",
           "--lite-dir", str(src), "--contents", str(src / "contents"), "--output-dir", str(out)]
    subprocess.run(cmd, cwd=src, check=True, stdout=subprocess.DEVNULL)
    print(f"lite: {len(notebooks)} notebooks, {wheel.name}, widgets on -> {out}")
    print(f"lite: try it: python -m http.server --bind 127.0.0.1 --directory {out} 8000, then open"
          " http://127.0.0.1:8000/lab/index.html?path=00_start_here.ipynb")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "build" / "lite")
    parser.add_argument("--contents", type=Path, default=REPO / "notebooks")
    args = parser.parse_args(argv)
    build(args.out.resolve(), args.contents.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
