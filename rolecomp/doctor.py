"""``python -m rolecomp doctor``: what is installed, and what to do about each problem."""

from __future__ import annotations

import platform
import sys
from importlib import import_module, metadata

__all__ = ["diagnose", "run"]

# (distribution, why it matters, minimum version, module the kernel imports or None)
_PACKAGES = (
    ("jupyterlab", "the workshop's front end", "4.0", None),
    ("ipywidgets", "sliders and buttons", "8.0.4", "ipywidgets"),
    ("jupyterlab_widgets", "ipywidgets' JupyterLab extension (draws the widgets)", "3.0", None),
    ("widgetsnbextension", "ipywidgets' Notebook 7 / Voila extension", "4.0", None),
    ("matplotlib", "charts", "3.6", "matplotlib"),
    ("pandas", "the role data", "2.0", "pandas"),
    ("numpy", "the models", "1.23.2", "numpy"),
)
_MISSING = ("not installed", "cannot be imported")


def _version_tuple(v: str) -> tuple[int, ...]:
    out = []
    for part in v.split(".")[:3]:
        digits = "".join(ch for ch in part if ch.isdigit())
        out.append(int(digits) if digits else 0)
    return tuple(out)


def diagnose() -> list[tuple[str, str, str | None]]:
    """Rows of (item, what was found, what to do or None when fine).

    Examples
    --------
    >>> rows = diagnose()
    >>> rows[0][0]
    'Python'
    """
    rows: list[tuple[str, str, str | None]] = []
    py = platform.python_version()
    rows.append(("Python", f"{py} ({sys.executable})", None if sys.version_info >= (3, 11) else
                 "rolecomp needs Python 3.11 or newer; run `make lab PYTHON=python3.12` (or another)"))
    for dist, why, minimum, module in _PACKAGES:
        try:
            version = metadata.version(dist)
            if module:
                import_module(module)
        except (metadata.PackageNotFoundError, ImportError) as exc:
            found = _MISSING[isinstance(exc, ImportError)]
            rows.append((dist, found, f"needed for {why}: pip install '{dist}>={minimum}' "
                         "(or rerun `make lab`)"))
            continue
        fix = None
        if _version_tuple(version) < _version_tuple(minimum):
            fix = f"{version} is too old for {why}: pip install -U '{dist}>={minimum}'"
        rows.append((dist, version, fix))
    try:
        from rolecomp.i18n import find_cjk_font

        font = find_cjk_font()
    except Exception as exc:
        font, err = None, f" ({exc})"
    else:
        err = ""
    rows.append(("CJK font", font or f"none found{err}", None if font else
                 "Chinese chart labels need one (charts fall back to English until then): "
                 "Debian/Ubuntu `sudo apt-get install fonts-noto-cjk`, conda "
                 "`conda install -c conda-forge font-ttf-noto-cjk`; then restart the kernel"))
    try:
        from rolecomp.data import data_dir, load_attributes

        n = len(load_attributes())
        rows.append(("role data", f"{data_dir()} ({n} scores)", None))
    except ModuleNotFoundError as exc:
        rows.append(("role data", "cannot be loaded", f"it needs {exc.name or exc}, listed above"))
    except Exception as exc:
        rows.append(("role data", "cannot be loaded", f"{exc}; run `make check-data` to see every "
                     "problem"))
    return rows


def run() -> int:
    """Print the diagnosis; exit status 0 when everything is fine, 1 otherwise."""
    rows = diagnose()
    width = max(len(r[0]) for r in rows)
    problems = 0
    for item, found, fix in rows:
        mark = "ok " if fix is None else "!! "
        print(f"{mark}{item:<{width}}  {found}")
        if fix:
            problems += 1
            print(f"   {'':<{width}}  -> {fix}")
    print("widgets not showing? restart JupyterLab after installing, and reload the browser tab."
          if not problems else f"{problems} problem(s): see the -> lines above.")
    if any(found in _MISSING for _, found, _ in rows):
        print(f"This Python ({sys.executable}) lacks the workshop's packages. `make doctor` checks the "
              "workshop's own .venv (and `make lab` sets it up).")
    return 0 if problems == 0 else 1
