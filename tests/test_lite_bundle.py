"""``make lite PYODIDE=…``: what lite/pyodide_bundle.py puts into the site, on a small fake Pyodide.

No network and no JupyterLite tools: the runtime, its lock file and the wheels are made here, and
"PyPI" is a folder (any attempt to download fails the test). The real thing (npm's Pyodide, PyPI's
wheels, a browser with the network blocked) is tests/browser/test_lite.py.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("pyodide_bundle", REPO / "lite" / "pyodide_bundle.py")
bundle = sys.modules.setdefault("pyodide_bundle", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(bundle)

VERSION = "314.0.6"
CDN = f"https://cdn.jsdelivr.net/pyodide/v{VERSION}/full/"
ROOTS = ["ipywidgets>=8.0.4", "pandas>=2.0", "numpy>=1.23.2"]  # rolecomp's, inside Pyodide


def make_wheel(folder: Path, name: str, version: str, requires=(), tag="py3-none-any") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}-{version}-{tag}.whl"
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + "".join(
        f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(path, "w") as whl:
        whl.writestr(f"{name}/__init__.py", "")
        whl.writestr(f"{name}-{version}.dist-info/METADATA", meta)
    return path


def lock_entry(name, version, file_name, depends=(), sha="0" * 64):
    return {"name": name, "version": version, "file_name": file_name, "depends": list(depends),
            "imports": [name], "install_dir": "site", "package_type": "package", "sha256": sha,
            "unvendored_tests": False}


@pytest.fixture
def fake(tmp_path):
    """A runtime like npm's (no wheels but traitlets'), the kernel's stand-ins, a wheels folder."""
    runtime = tmp_path / "npm" / "package"
    runtime.mkdir(parents=True)
    for name in bundle.RUNTIME_FILES[:-1]:
        (runtime / name).write_text(f"// {name}")
    (runtime / "package.json").write_text(json.dumps({"name": "pyodide", "version": VERSION}))
    traitlets = make_wheel(runtime, "traitlets", "5.14.3")
    packages = {
        "micropip": lock_entry("micropip", "0.11.1", "micropip-0.11.1-py3-none-any.whl"),
        "ipython": lock_entry("ipython", "9.12.0", "ipython-9.12.0-py3-none-any.whl", ["traitlets"]),
        "traitlets": lock_entry("traitlets", "5.14.3", traitlets.name,
                                sha=hashlib.sha256(traitlets.read_bytes()).hexdigest()),
        "jedi": lock_entry("jedi", "0.19.2", "jedi-0.19.2-py2.py3-none-any.whl", ["parso"]),
        "parso": lock_entry("parso", "0.8.6", "parso-0.8.6-py2.py3-none-any.whl"),
        "numpy": lock_entry("numpy", "2.4.6", "numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl",
                            sha="a" * 64),
        "pandas": lock_entry("pandas", "3.0.2", "pandas-3.0.2-cp314-cp314-pyemscripten_2026_0_wasm32.whl",
                             ["numpy"], sha="b" * 64),
        "scipy": lock_entry("scipy", "1.17.0", "scipy-1.17.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl"),
        "six": lock_entry("six", "1.17.0", "six-1.17.0-py2.py3-none-any.whl"),
    }
    lock = {"info": {"arch": "wasm32", "python": "3.14.2"}, "packages": packages}
    (runtime / "pyodide-lock.json").write_text(json.dumps(lock))

    kernel = tmp_path / "kernel-pypi"
    make_wheel(kernel, "ipykernel", "6.9.2", ["pyodide-kernel"])
    make_wheel(kernel, "pyodide_kernel", "0.8.6", ["comm", "ipython"])
    make_wheel(kernel, "piplite", "0.8.6")
    make_wheel(kernel, "widgetsnbextension", "4.0.999")

    wheels = tmp_path / "wheels"  # what PyPI would give
    make_wheel(wheels, "micropip", "0.11.1")
    make_wheel(wheels, "ipython", "9.12.0", ["traitlets>=5.13", "pexpect>4.3; sys_platform != 'emscripten'"])
    make_wheel(wheels, "jedi", "0.19.2", ["parso>=0.8.4,<0.9"], tag="py2.py3-none-any")
    make_wheel(wheels, "parso", "0.8.6", tag="py2.py3-none-any")
    make_wheel(wheels, "comm", "0.2.3")
    for version in ("8.1.9", "8.2.0"):
        make_wheel(wheels, "ipywidgets", version, ["comm>=0.1.3", "ipython>=6.1.0", "traitlets>=4.3.1",
                                                   "widgetsnbextension~=4.0.14", "jupyterlab_widgets~=3.0.15"])
    make_wheel(wheels, "jupyterlab_widgets", "3.0.17")
    return {"runtime": runtime, "kernel": kernel, "wheels": wheels, "tmp": tmp_path}


def no_network(specs, dest, python):
    raise AssertionError(f"tried to download {specs}")


def run(fake, source=None, **kwargs):
    site = fake["tmp"] / "site"
    kwargs = {"roots": ROOTS, "site_pypi": site / "pypi", "kernel_pypi": fake["kernel"],
              "wheels": fake["wheels"], "expect_version": VERSION, "pins": {"ipywidgets": "8.1.9"},
              "download": no_network, **kwargs}
    result = bundle.bundle_pyodide(source or fake["runtime"], site / "static" / "pyodide", **kwargs)
    return result, site


def test_bundle_puts_runtime_and_needed_wheels_in_and_leaves_compiled_ones_on_the_cdn(fake):
    result, site = run(fake)
    dest = site / "static" / "pyodide"
    for name in bundle.RUNTIME_FILES:
        assert (dest / name).is_file(), name
    lock = json.loads((dest / "pyodide-lock.json").read_text())["packages"]
    # pure wheels the runtime lacks: PyPI's file, and the lock's hash rewritten to match it
    for name in ("micropip", "ipython", "jedi", "parso"):
        wheel = dest / lock[name]["file_name"]
        assert wheel.is_file() and lock[name]["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    # what the runtime carries is copied as it is
    assert (dest / lock["traitlets"]["file_name"]).is_file() and lock["traitlets"]["sha256"] != "0" * 64
    # compiled ones it lacks: the CDN's file (whose hash the lock has), and said so
    assert lock["numpy"]["file_name"] == CDN + "numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl"
    assert lock["numpy"]["sha256"] == "a" * 64 and lock["pandas"]["sha256"] == "b" * 64
    assert result.from_cdn == ["numpy", "pandas"] and result.roots_from_cdn == ["numpy", "pandas"]
    # not needed: not bundled, but still where an ordinary site would find them
    assert lock["scipy"]["file_name"].startswith(CDN) and lock["six"]["file_name"].startswith(CDN)
    assert not list(dest.glob("six-*")) and not list(dest.glob("scipy-*"))
    # packages in no lock: into the site's piplite index; ipywidgets at the build env's version;
    # widgetsnbextension stays the kernel's own stand-in
    assert sorted(p.name for p in (site / "pypi").iterdir()) == [
        "comm-0.2.3-py3-none-any.whl", "ipywidgets-8.1.9-py3-none-any.whl",
        "jupyterlab_widgets-3.0.17-py3-none-any.whl"]
    record = json.loads((dest / "rolecomp-bundle.json").read_text())
    assert record["pyodide"] == VERSION and record["from_cdn"] == ["numpy", "pandas"]


def test_bundle_reads_the_npm_tarball_as_well_as_a_folder(fake):
    tgz = fake["tmp"] / "pyodide-314.0.6.tgz"
    with tarfile.open(tgz, "w:gz") as tar:
        tar.add(fake["runtime"], arcname="package")
    result, site = run(fake, tgz)
    assert (site / "static" / "pyodide" / "pyodide.asm.wasm").is_file() and result.version == VERSION


def test_a_full_release_needs_no_cdn(fake):
    runtime = fake["runtime"]
    lock = json.loads((runtime / "pyodide-lock.json").read_text())
    for name in ("numpy", "pandas"):
        (runtime / lock["packages"][name]["file_name"]).write_bytes(name.encode())
    result, site = run(fake)
    assert result.from_cdn == [] and result.roots_from_cdn == []
    rewritten = json.loads((site / "static" / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    assert rewritten["numpy"]["file_name"] == lock["packages"]["numpy"]["file_name"]
    assert (site / "static" / "pyodide" / rewritten["pandas"]["file_name"]).read_bytes() == b"pandas"


def test_what_cannot_be_had_is_said_not_guessed(fake):
    (fake["wheels"] / "comm-0.2.3-py3-none-any.whl").unlink()
    with pytest.raises(AssertionError, match=r"tried to download \['comm'\]"):
        run(fake)
    with pytest.raises(SystemExit, match=r"no pure wheel for comm in"):
        run(fake, download=lambda specs, dest, python: None)
    with pytest.raises(SystemExit, match=r"runs 314\.0\.7: get that one, e\.g\. `npm pack pyodide@314\.0\.7`"):
        run(fake, expect_version="314.0.7")
    with pytest.raises(SystemExit, match=r"no pyodide\.mjs"):
        run(fake, fake["kernel"])


def test_pip_download_failure_says_how_to_bundle_offline(tmp_path, monkeypatch):
    class Failed:
        returncode, stderr = 1, "ERROR: Could not find a version that satisfies the requirement comm"

    monkeypatch.setattr(bundle.subprocess, "run", lambda *a, **k: Failed)
    with pytest.raises(SystemExit) as e:
        bundle.pip_download(["comm"], tmp_path / "w", "3.14.2")
    assert "could not download comm from PyPI (ERROR: Could not find" in str(e.value)
    assert f"put those pure wheels into {tmp_path / 'w'}" in str(e.value) and "--platform any" in str(e.value)


def test_install_cell_advice_follows_what_the_site_carries():
    """The plain site (CDN), a bundle that left packages on the CDN, a complete bundle: each
    gets the advice that is true for it, and stays valid Python with top-level await."""
    import ast

    _build_spec = importlib.util.spec_from_file_location("lite_build", REPO / "lite" / "build.py")
    build = importlib.util.module_from_spec(_build_spec)
    _build_spec.loader.exec_module(build)
    needed = ["ipywidgets", "matplotlib", "numpy", "pandas"]
    cells = {kind: build.install_cell(needed, cdn) for kind, cdn in
             [("cdn", None), ("partial", ["matplotlib", "numpy", "pandas"]), ("full", [])]}
    for source in cells.values():
        compile(source, "<install cell>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        assert all(len(line) <= 100 for line in source.splitlines()), "short lines, to read in a notebook"

    def text(source):  # the messages: the string literals that make up the lines of their own
        return "".join(ast.literal_eval(s) for s in re.findall(r'^ +("(?:[^"\\]|\\.)*")\)?$', source, re.M))

    assert "cdn.jsdelivr.net and pypi.org" in text(cells["cdn"]) and "offline version" in text(cells["cdn"])
    partial = text(cells["partial"])
    assert "carries Python but not matplotlib, numpy, pandas" in partial and "full Pyodide release" in partial
    assert "不含 matplotlib、numpy、pandas" in partial
    full = text(cells["full"])
    assert "copy the whole site folder again" in full and "cdn" not in full and "重新复制整个网站文件夹" in full
