"""Memory of one learner: every workshop notebook run in ONE kernel, plus an idle JupyterLab server.

The sizing table in docs/deploy.md comes from this script. A learner on a JupyterHub costs the
peak memory of their kernel (the notebooks are worked through one after another, usually in the
same kernel or one per notebook) plus their own single-user Jupyter server.

    .venv/bin/python benchmarks/kernel_memory.py [--notebooks notebooks] [--each] [--no-server] [--json]

How: all ``notebooks/en/*.ipynb`` (or ``--notebooks notebooks/zh``) are concatenated in order and
executed by nbclient in one ipykernel (working directory: a copy of the folder, so nothing in the
repository changes). After
every cell the kernel's ``VmHWM`` (peak resident set, from /proc/<pid>/status; Linux only) is
read, so the table shows how the peak grows notebook by notebook. Cells tagged
``raises-exception`` may fail, as in the notebooks' own tests. Then, unless ``--no-server``,
JupyterLab is started on 127.0.0.1 with a throw-away config, its page and a few API calls are
fetched, and the server process's ``VmHWM`` is read the same way.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def status_kib(pid: int, field: str) -> int:
    """A ``VmHWM``/``VmRSS`` style field of /proc/<pid>/status, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` so far (/proc/<pid>/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def mib(kib: int) -> float:
    return round(kib / 1024, 1)


def merged_notebook(paths: list[Path]):
    """One notebook holding every cell of ``paths`` in order; cell metadata keeps its origin."""
    import nbformat

    merged = nbformat.v4.new_notebook()
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if not merged.metadata:
            merged.metadata = nb.metadata
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.metadata["_source_notebook"] = path.name
                merged.cells.append(cell)
    return merged


def measure_kernel(paths: list[Path], workdir: Path, timeout: int) -> dict:
    from nbclient import NotebookClient

    nb = merged_notebook(paths)
    per_notebook: dict[str, int] = {}
    state: dict[str, int] = {}

    def pid_of(client) -> int:
        process = getattr(getattr(client.km, "provisioner", None), "process", None)
        if process is None:
            raise RuntimeError("cannot find the kernel's process id (local kernels only)")
        return process.pid

    def on_cell_executed(cell, **_):
        pid = state.setdefault("pid", pid_of(client))
        hwm = status_kib(pid, "VmHWM")
        per_notebook[cell.metadata["_source_notebook"]] = hwm
        state["rss"] = status_kib(pid, "VmRSS")
        state["cpu"] = cpu_seconds(pid)

    def on_notebook_start(**_):
        state["pid"] = pid_of(client)
        state["start_rss"] = status_kib(state["pid"], "VmRSS")

    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", allow_errors=False,
        resources={"metadata": {"path": str(workdir)}},
        on_cell_executed=on_cell_executed, on_notebook_start=on_notebook_start,
    )
    env_backend = os.environ.pop("MPLBACKEND", None)  # the notebooks' own (inline) backend
    t0 = time.perf_counter()
    try:
        client.execute()
    finally:
        if env_backend is not None:
            os.environ["MPLBACKEND"] = env_backend
    return {
        "kernel_start_rss_mib": mib(state.get("start_rss", 0)),
        "kernel_peak_mib": mib(max(per_notebook.values())),
        "kernel_end_rss_mib": mib(state["rss"]),
        "peak_after_notebook_mib": {k: mib(v) for k, v in per_notebook.items()},
        "kernel_cpu_seconds": round(state["cpu"], 1),
        "code_cells": sum(c.cell_type == "code" for c in nb.cells),
        "seconds": round(time.perf_counter() - t0, 1),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_server(workdir: Path, timeout: float = 90.0) -> dict:
    """Start JupyterLab on 127.0.0.1, load its page and contents API, read the server's VmHWM."""
    port, token = free_port(), "kernel-memory-benchmark"
    env = dict(os.environ)
    home = Path(tempfile.mkdtemp(prefix="jl-"))
    env.update(JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), IPYTHONDIR=str(home / "ipython"))
    argv = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={workdir}"]
    if os.geteuid() == 0:
        argv.append("--allow-root")
    log = open(home / "server.log", "wb")  # closed in the finally below
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=workdir)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2).read()
                break
            except OSError as exc:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    tail = (home / "server.log").read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"JupyterLab did not start:\n{tail}") from exc
                time.sleep(0.3)
        for path in ("/lab", "/api/contents", "/lab/api/settings", "/api/kernelspecs"):
            urllib.request.urlopen(f"{base}{path}?token={token}", timeout=30).read()
        time.sleep(1)
        return {"server_peak_mib": mib(status_kib(proc.pid, "VmHWM")),
                "server_rss_mib": mib(status_kib(proc.pid, "VmRSS"))}
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        shutil.rmtree(home, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=Path, default=REPO / "notebooks" / "en")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--no-server", action="store_true", help="measure the kernel only")
    parser.add_argument("--each", action="store_true",
                        help="also run every notebook in a kernel of its own (JupyterLab starts one "
                             "kernel per open notebook) and add up their peaks")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if not Path("/proc/self/status").exists():
        parser.error("needs Linux (/proc/<pid>/status)")
    paths = sorted(args.notebooks.glob("*.ipynb"))
    if not paths:
        parser.error(f"no notebooks in {args.notebooks}")
    with tempfile.TemporaryDirectory(prefix="rolecomp-mem-") as tmp:
        workdir = Path(tmp) / "notebooks"
        shutil.copytree(args.notebooks, workdir)
        result = {
            "date": dt.date.today().isoformat(),
            "python": platform.python_version(),
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
            "notebooks": [p.name for p in paths],
            **measure_kernel(paths, workdir, args.timeout),
        }
        if args.each:
            result["own_kernel_peak_mib"] = {
                p.name: measure_kernel([p], workdir, args.timeout)["kernel_peak_mib"] for p in paths}
        if not args.no_server:
            result.update(measure_server(workdir))
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"{result['date']}  Python {result['python']}  {result['machine']}")
    print(f"{len(paths)} notebooks, {result['code_cells']} code cells, one kernel, "
          f"{result['seconds']} s")
    print(f"kernel RSS at start        {result['kernel_start_rss_mib']:8.1f} MiB")
    for name, value in result["peak_after_notebook_mib"].items():
        print(f"  peak after {name:<28} {value:8.1f} MiB")
    print(f"kernel peak RSS (VmHWM)    {result['kernel_peak_mib']:8.1f} MiB")
    print(f"kernel CPU time            {result['kernel_cpu_seconds']:8.1f} s")
    if "own_kernel_peak_mib" in result:
        for name, value in result["own_kernel_peak_mib"].items():
            print(f"  own kernel: {name:<28} {value:8.1f} MiB")
        print(f"every notebook open at once {sum(result['own_kernel_peak_mib'].values()):7.1f} MiB")
    if "server_peak_mib" in result:
        print(f"JupyterLab server peak RSS {result['server_peak_mib']:8.1f} MiB")
        total = result["kernel_peak_mib"] + result["server_peak_mib"]
        print(f"one learner (kernel + server) {total:5.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
