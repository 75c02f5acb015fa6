"""Put a Pyodide runtime and the wheels the notebooks need into a JupyterLite site (``make lite PYODIDE=…``).

jupyterlite-pyodide-kernel serves a Pyodide found in the lite dir's ``static/pyodide/`` folder
(its "well-known" route) and then points ``pyodideUrl`` at ``./static/pyodide/pyodide.mjs``.
This module fills that folder:

- the runtime files (``pyodide.mjs``, ``pyodide.asm.*``, ``python_stdlib.zip``, the lock file),
  from a folder or a tarball: the npm package (``npm pack pyodide@<version>``, runtime only) or
  a GitHub release (``pyodide-<version>.tar.bz2``, runtime and every package);
- every package of ``pyodide-lock.json`` that the kernel's start-up and the notebooks need, and
  what they need: taken from the runtime when it carries them; a pure-Python one it lacks comes
  from PyPI (or a wheels folder) at the lock's version, with the lock's ``sha256`` rewritten
  (PyPI's file is not byte-identical to Pyodide's); a compiled one it lacks (numpy, pandas,
  matplotlib… are not on PyPI for Pyodide) keeps its lock entry, pointed at the Pyodide CDN by
  an absolute URL, and is reported;
- the packages that are in no lock (comm, ipywidgets, jupyterlab_widgets) go to the site's own
  piplite index (``pypi/``), pure wheels from PyPI or the wheels folder.

Lock entries nobody needs are pointed at the CDN too, so the site behaves for them as an
ordinary (CDN) site does. Only the standard library and ``packaging`` are used, so the tests can
import this module without the JupyterLite tools.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

#: What the kernel loads from the Pyodide folder itself; pyodide.mjs is what pyodideUrl names.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json")
#: What jupyterlite-pyodide-kernel 0.8's worker installs before the first cell runs
#: (initPackageManager: micropip; initKernel: piplite.install of the rest).
KERNEL_START = ("micropip", "ipykernel", "comm", "pyodide-kernel", "jedi", "ipython")
#: Where a runtime without the wheels gets a missing compiled package: Pyodide's CDN.
CDN = "https://cdn.jsdelivr.net/pyodide/v{version}/full/"


@dataclass
class Bundle:
    """What :func:`bundle_pyodide` put where (also written as ``rolecomp-bundle.json``)."""

    version: str
    from_runtime: list[str] = field(default_factory=list)  # lock packages the runtime carried
    from_pypi: list[str] = field(default_factory=list)     # lock packages fetched as pure wheels
    site_wheels: list[str] = field(default_factory=list)   # wheels put into the piplite index
    from_cdn: list[str] = field(default_factory=list)      # needed, not bundled: the CDN serves them
    roots_from_cdn: list[str] = field(default_factory=list)  # roots that need one of from_cdn

    def as_json(self) -> dict:
        return {"pyodide": self.version, "from_runtime": self.from_runtime,
                "from_pypi": self.from_pypi, "site_wheels": self.site_wheels,
                "from_cdn": self.from_cdn, "roots_from_cdn": self.roots_from_cdn}


def pyodide_env(python: str) -> dict[str, str]:
    """PEP 508 marker values inside Pyodide running CPython ``python`` (e.g. ``3.14.2``)."""
    return {"sys_platform": "emscripten", "platform_system": "Emscripten",
            "platform_machine": "wasm32", "python_version": ".".join(python.split(".")[:2]),
            "python_full_version": python, "implementation_name": "cpython",
            "platform_python_implementation": "CPython", "os_name": "posix", "extra": ""}


# --- the runtime ----------------------------------------------------------------------------

def _extract_safely(tar: tarfile.TarFile, into: Path) -> None:
    """Unpack ``tar`` into ``into`` and nowhere else: tarfile's "data" filter where this Python has
    it (3.12, 3.11.4 and later), else the same refusal of links, devices and paths that leave."""
    if hasattr(tarfile, "data_filter"):
        tar.extractall(into, filter="data")
        return
    root = into.resolve()
    for member in tar.getmembers():
        target = (into / member.name).resolve()
        if not (member.isfile() or member.isdir()) or root not in (target, *target.parents):
            raise tarfile.TarError(f"refusing {member.name!r}: a link, a device or a path outside the folder")
    tar.extractall(into)


def find_runtime(source: Path, scratch: Path) -> Path:
    """The folder with ``pyodide.mjs`` in ``source``: a folder, or a tarball unpacked into ``scratch``."""
    source = Path(source)
    if not source.exists():
        raise SystemExit(f"lite: PYODIDE={source}: no such file or folder")
    if source.is_file():
        try:
            with tarfile.open(source) as tar:
                scratch.mkdir(parents=True)
                _extract_safely(tar, scratch)
        except tarfile.TarError as e:
            raise SystemExit(f"lite: PYODIDE={source} is not a folder or a tarball: {e}") from None
        source = scratch
    for folder in (source, *sorted(p for p in source.iterdir() if p.is_dir())):
        if (folder / "pyodide.mjs").is_file():
            missing = [f for f in RUNTIME_FILES if not (folder / f).is_file()]
            if missing:
                raise SystemExit(f"lite: the Pyodide in {folder} lacks {', '.join(missing)}")
            return folder
    raise SystemExit(f"lite: no pyodide.mjs in {source} (nor one folder down): give the folder or tarball "
                     "of a Pyodide release, e.g. the one `npm pack pyodide@<version>` downloads")


def runtime_version(folder: Path) -> str:
    """The Pyodide version of a runtime folder (its package.json, else pyodide.mjs)."""
    package = folder / "package.json"
    if package.is_file():
        version = json.loads(package.read_text(encoding="utf-8")).get("version")
        if version:
            return version
    found = re.search(r'"(\d+\.\d+\.\d+(?:[a-z]+\d*)?)"', (folder / "pyodide.mjs").read_text(encoding="utf-8"))
    if not found:
        raise SystemExit(f"lite: cannot tell which Pyodide version {folder} holds")
    return found.group(1)


# --- wheels ---------------------------------------------------------------------------------

def wheel_requirements(wheel: Path, env: dict[str, str]) -> list[Requirement]:
    """The requirements a wheel declares that apply inside Pyodide (no extras)."""
    with zipfile.ZipFile(wheel) as whl:
        meta = next(n for n in whl.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
        parsed = Parser().parsestr(whl.read(meta).decode("utf-8"))
    reqs = [Requirement(r) for r in parsed.get_all("Requires-Dist") or []]
    return [r for r in reqs if r.marker is None or r.marker.evaluate(env)]


def is_pure(file_name: str) -> bool:
    """A wheel any Python 3 runs: ``…-none-any.whl``."""
    return file_name.endswith(".whl") and file_name.rsplit("-", 2)[-2:] == ["none", "any.whl"]


def find_wheel(folder: Path, name: str, accept: Callable[[Version], bool]) -> Path | None:
    """The newest pure wheel of ``name`` in ``folder`` whose version ``accept`` takes."""
    best = None
    for path in folder.glob("*.whl") if folder.is_dir() else ():
        try:
            wname, version, _, _ = parse_wheel_filename(path.name)
        except ValueError:
            continue
        if wname == canonicalize_name(name) and is_pure(path.name) and accept(version):
            if best is None or version > best[0]:
                best = (version, path)
    return best[1] if best else None


def pip_download(specs: list[str], dest: Path, python: str) -> None:
    """Download pure wheels for ``specs`` (no dependencies) from PyPI into ``dest``, as pip does."""
    dest.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
           "--implementation", "py", "--abi", "none", "--platform", "any",
           "--python-version", ".".join(python.split(".")[:2]), "-d", str(dest), *specs]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode:
        why = (run.stderr.strip().splitlines() or ["pip failed"])[-1]
        raise SystemExit(
            f"lite: could not download {' '.join(specs)} from PyPI ({why}).\n"
            f"lite: with no network, put those pure wheels into {dest} (e.g. on another computer: "
            f"pip download --no-deps --only-binary=:all: --platform any --python-version 3.14 -d DIR "
            f"{' '.join(shlex.quote(s) for s in specs)}) and run again.")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- bundling -------------------------------------------------------------------------------

def bundle_pyodide(source: Path, dest: Path, *, roots: list[str], site_pypi: Path,
                   kernel_pypi: Path, wheels: Path, expect_version: str | None = None,
                   pins: dict[str, str] | None = None,
                   download: Callable[[list[str], Path, str], None] = pip_download) -> Bundle:
    """Fill ``dest`` (the lite dir's ``static/pyodide``) from the runtime ``source``; see the module.

    ``roots``: requirements the site needs beyond :data:`KERNEL_START` (rolecomp's own, for
    Pyodide). ``kernel_pypi``: the kernel's own piplite wheels (its ipykernel, piplite and
    widgetsnbextension stand-ins). ``wheels``: a folder of pure wheels to use before PyPI (and
    where downloads are kept). ``pins``: versions to prefer for packages from PyPI (the build
    environment's, so ipywidgets matches the widgets front end put into the site).
    """
    with tempfile.TemporaryDirectory(prefix="pyodide-") as scratch:
        return _bundle(find_runtime(Path(source), Path(scratch) / "unpacked"), source, dest, roots=roots,
                       site_pypi=site_pypi, kernel_pypi=kernel_pypi, wheels=Path(wheels),
                       expect_version=expect_version, pins=pins or {}, download=download)


def _bundle(folder: Path, source: Path, dest: Path, *, roots, site_pypi, kernel_pypi, wheels,
            expect_version, pins, download) -> Bundle:
    version = runtime_version(folder)
    if expect_version and version != expect_version:
        raise SystemExit(f"lite: {source} holds Pyodide {version}, but this jupyterlite-pyodide-kernel runs "
                         f"{expect_version}: get that one, e.g. `npm pack pyodide@{expect_version}`")
    lock = json.loads((folder / "pyodide-lock.json").read_text(encoding="utf-8"))
    env = pyodide_env(lock["info"]["python"])
    cdn = CDN.format(version=version)
    packages = {canonicalize_name(key): pkg for key, pkg in lock["packages"].items()}
    standins = {}
    for path in kernel_pypi.glob("*.whl"):
        standins.setdefault(parse_wheel_filename(path.name)[0], []).append(path)
    pins = {canonicalize_name(k): v for k, v in pins.items()}

    # which lock packages and which extra wheels: a walk over the requirements, level by level
    # (one pip call per level); the first version chosen for a name must satisfy every later ask
    need_lock: set[str] = set()
    site: dict[str, Path | None] = {}  # None: served by the kernel's own index, already in the site
    graph: dict[str, set[str]] = {}    # name -> the names it needs
    todo = [Requirement(r) for r in (*KERNEL_START, *roots)]
    while todo:
        from_pypi: dict[str, Requirement] = {}
        for req in todo:
            name = canonicalize_name(req.name)
            if name in packages:
                have = packages[name]["version"]
                if not req.specifier.contains(have, True):
                    raise SystemExit(f"lite: {req} is needed, but this Pyodide's {name} is {have}")
                stack = [name]
                while stack:
                    n = stack.pop()
                    if n not in need_lock:
                        need_lock.add(n)
                        graph[n] = {canonicalize_name(d) for d in packages[n]["depends"]} & packages.keys()
                        stack += graph[n]
            elif name in site:
                path = site[name] or standins[name][0]
                if not req.specifier.contains(parse_wheel_filename(path.name)[1], True):
                    raise SystemExit(f"lite: {req} is needed, but {path.name} was chosen")
            elif name in standins:
                ok = [w for w in standins[name] if req.specifier.contains(parse_wheel_filename(w.name)[1], True)]
                if not ok:
                    raise SystemExit(f"lite: the kernel's own {name} does not satisfy {req}")
                standins[name] = ok
                site[name] = None
                reqs = wheel_requirements(ok[0], env)
                graph[name] = {canonicalize_name(r.name) for r in reqs}
                todo += reqs  # still visited by this loop
            else:
                from_pypi.setdefault(name, req)
        todo = []
        if from_pypi:
            specs = {}
            for name, req in from_pypi.items():
                pin = pins.get(name)
                specs[name] = Requirement(f"{name}=={pin}" if pin and req.specifier.contains(pin, True)
                                          else f"{name}{req.specifier}")
            missing = [str(s) for s in specs.values()
                       if not find_wheel(wheels, s.name, lambda v, s=s: s.specifier.contains(v, True))]
            if missing:
                download(missing, wheels, lock["info"]["python"])
            for name, spec in specs.items():
                path = find_wheel(wheels, name, lambda v, s=spec: s.specifier.contains(v, True))
                if path is None:
                    raise SystemExit(f"lite: no pure wheel for {spec} in {wheels}: {name} has to run in "
                                     "Pyodide, and only a py3-none-any wheel can be used without the CDN")
                site[name] = path
                reqs = wheel_requirements(path, env)
                graph[name] = {canonicalize_name(r.name) for r in reqs}
                todo += reqs

    # the runtime, then each lock entry: bundled, fetched from PyPI, or pointed at the CDN
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for name in RUNTIME_FILES:
        if name != "pyodide-lock.json":
            shutil.copy2(folder / name, dest / name)
    bundle = Bundle(version)
    lock_pure = {}
    for name in sorted(need_lock):
        pkg = packages[name]
        if not (folder / pkg["file_name"]).is_file() and is_pure(pkg["file_name"]):
            lock_pure[name] = Requirement(f"{name}=={pkg['version']}")
    absent = [str(r) for n, r in lock_pure.items()
              if not find_wheel(wheels, n, lambda v, r=r: r.specifier.contains(v, True))]
    if absent:
        download(absent, wheels, lock["info"]["python"])
    for name, pkg in sorted(packages.items()):
        file_name = pkg["file_name"]
        if "://" in file_name or file_name.startswith("/"):
            continue
        if name in need_lock and (folder / file_name).is_file():
            shutil.copy2(folder / file_name, dest / file_name)
            bundle.from_runtime.append(pkg["name"])
        elif name in lock_pure:
            req = lock_pure[name]
            path = find_wheel(wheels, name, lambda v, r=req: r.specifier.contains(v, True))
            if path is None:
                raise SystemExit(f"lite: no pure wheel for {req} in {wheels}")
            shutil.copy2(path, dest / path.name)
            pkg["file_name"], pkg["sha256"] = path.name, sha256(path)
            bundle.from_pypi.append(pkg["name"])
        else:
            pkg["file_name"] = cdn + file_name
            if name in need_lock:
                bundle.from_cdn.append(pkg["name"])
    (dest / "pyodide-lock.json").write_text(json.dumps(lock, indent=1), encoding="utf-8")
    on_cdn = {canonicalize_name(n) for n in bundle.from_cdn}
    for root in roots:
        seen, stack = set(), [canonicalize_name(Requirement(root).name)]
        while stack:
            n = stack.pop()
            if n not in seen:
                seen.add(n)
                stack += graph.get(n, ())
        if seen & on_cdn:
            bundle.roots_from_cdn.append(Requirement(root).name)
    bundle.roots_from_cdn.sort(key=str.lower)

    site_pypi.mkdir(parents=True, exist_ok=True)
    for path in sorted(p for p in site.values() if p is not None):
        shutil.copy2(path, site_pypi / path.name)
        bundle.site_wheels.append(path.name)
    (dest / "rolecomp-bundle.json").write_text(json.dumps(bundle.as_json(), indent=1) + "\n",
                                               encoding="utf-8")
    return bundle
