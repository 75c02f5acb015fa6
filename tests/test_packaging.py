"""Set-up files agree with each other, the import stays light, and the wheel carries the data."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI's
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib"}


def _split(req: str) -> tuple[str, str]:
    req = req.split(";")[0]  # an environment marker (e.g. not in Pyodide) has no conda equivalent
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    assert m, req
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    pypi = dict(_split(r) for r in project["dependencies"])
    conda, pip_section = {}, []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip_section = dep["pip"]
            continue
        name, spec = _split(dep)
        conda[CONDA_TO_PYPI.get(name, name)] = spec
    python_spec = conda.pop("python")
    conda.pop("pip", None)
    # conda pins one Python (Binder builds exactly that): the oldest one pyproject admits, which is
    # the one make test-lowest and CI's Debian python3 run
    assert re.fullmatch(r"=\d+\.\d+", python_spec), f"environment.yml must pin python=X.Y, not {python_spec!r}"
    lowest = re.fullmatch(r">=(\d+\.\d+)", project["requires-python"])
    assert lowest, project["requires-python"]
    assert python_spec == "=" + lowest.group(1), "environment.yml's Python is not pyproject's oldest"
    if os.environ.get("CI"):  # CI's python3 (Debian's) is the Python Binder builds: keep them one
        assert python_spec == f"={sys.version_info.major}.{sys.version_info.minor}", (
            f"CI tests Python {sys.version_info.major}.{sys.version_info.minor}, Binder builds {python_spec[1:]}")
    assert conda == pypi, f"environment.yml {conda} != pyproject.toml {pypi}"
    assert "-e ." in pip_section or "." in pip_section, "environment.yml must install the package itself"


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text()
    readme = (REPO / "README.md").read_text()
    assert "make test" in ci and "make test" in readme and "make lab" in readme
    assert os.access(REPO / ".ci" / "run", os.X_OK)


def test_import_and_check_data_stay_light():
    code = (
        "import sys, rolecomp\n"
        "from rolecomp.__main__ import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    rc = main(['check-data', *sys.argv[1:]])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('matplotlib', 'ipywidgets', 'IPython'))\n"
        "print(rc, heavy)\n"
    )
    files = [str(p) for p in sorted((REPO / "data").glob("*.csv"))]
    out = subprocess.run([sys.executable, "-c", code, *files], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0 []"


@pytest.mark.slow
def test_wheel_installs_in_a_clean_venv_and_finds_its_data(tmp_path):
    uv = shutil.which("uv") or str(Path(sys.executable).with_name("uv"))
    if not Path(uv).exists() and not shutil.which(uv):
        pytest.skip("uv not available to build the wheel")
    src = tmp_path / "src"
    shutil.copytree(REPO, src, ignore=shutil.ignore_patterns(".venv*", "build", "dist", ".git",
                                                              "__pycache__", "notebooks"))
    subprocess.run([uv, "build", "--wheel", "-q", "--out-dir", str(tmp_path / "dist"), str(src)],
                   check=True, capture_output=True)
    wheels = list((tmp_path / "dist").glob("rolecomp-*.whl"))
    assert len(wheels) == 1
    import zipfile

    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "rolecomp/_data/roles.csv" in names and "rolecomp/_data/attributes.csv" in names
    venv = tmp_path / "venv"
    subprocess.run([uv, "venv", "-q", str(venv)], check=True)
    py = venv / "bin" / "python"
    # the wheel with its declared dependencies, nothing from this checkout
    subprocess.run([uv, "pip", "install", "-q", "--python", str(py), str(wheels[0])],
                   check=True, capture_output=True)
    out = subprocess.run([str(py), "-c",
                          "import rolecomp, rolecomp.data as d; "
                          "print(d.data_dir().parent.name, len(rolecomp.load_attributes()))"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    where, n = out.stdout.split()
    assert where == "rolecomp" and int(n) > 0
    cli = subprocess.run([str(py), "-m", "rolecomp", "check-data",
                          str(REPO / "data" / "roles.csv")], capture_output=True, text=True, cwd=tmp_path)
    assert cli.returncode == 0, cli.stdout + cli.stderr
