"""How long a fresh ``make lab`` takes until JupyterLab answers: uv route against plain pip.

Each route starts from a fresh clone of this repository with EMPTY package caches (a new
laptop on conference wifi), runs ``make lab`` and stops the clock when the server answers on
its port. Both routes run in the same invocation, so the ratio holds on any machine.

Run:  python3 benchmarks/setup_time.py
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_make_lab(no_uv: bool, work: Path) -> tuple[float, float]:
    clone = work / ("pip" if no_uv else "uv")
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    env = {**os.environ, "UV_CACHE_DIR": str(work / "uv-cache"), "PIP_NO_CACHE_DIR": "1",
           "JUPYTER_CONFIG_DIR": str(work / "jcfg"), "JUPYTER_RUNTIME_DIR": str(work / "jrt"),
           "JUPYTER_DATA_DIR": str(work / "jdata")}
    if no_uv:
        env["NO_UV"] = "1"
    port = free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen(["make", "lab", f"PORT={port}", "LAB_ARGS=--no-browser"], cwd=clone, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    installed = None
    try:
        while time.perf_counter() - t0 < 600:
            if installed is None and (clone / ".venv" / ".lab-ready").exists():
                installed = time.perf_counter() - t0
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=1)
            except urllib.error.HTTPError:  # 403 without the token: the server is up
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(f"make lab exited with {proc.returncode}") from None
                time.sleep(0.2)
                continue
            break
        ready = time.perf_counter() - t0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    return installed or ready, ready


def main():
    work = Path(tempfile.mkdtemp(prefix="rolecomp-setup-"))
    try:
        rows = [(name, *fresh_make_lab(no_uv, work)) for name, no_uv in (("uv (default)", False),
                                                                           ("plain pip (NO_UV=1)", True))]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'route':<22}{'installed s':>12}{'lab answering s':>17}")
    for name, inst, ready in rows:
        print(f"{name:<22}{inst:>12.1f}{ready:>17.1f}")
    print(f"goal: fresh make lab ready in < 30 s; uv route {rows[0][2]:.1f} s, "
          f"{rows[1][2] / rows[0][2]:.1f}x faster than plain pip ({sys.platform}, {os.cpu_count()} cores, "
          "empty caches)")


if __name__ == "__main__":
    main()
