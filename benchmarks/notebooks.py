"""Execution time of the workshop notebooks, and the memory of a kernel that ran them all.

A script, not a test (timings depend on the machine and its load):

    .venv/bin/python benchmarks/notebooks.py [--edition en|zh|both] [--notebooks DIR] [--no-fresh] [--json]

Two measurements, both headless with nbclient and this environment's "python3" kernel,
working folder = the notebooks' folder, for each edition (English ``notebooks/en``, Chinese
``notebooks/zh``; both by default, and their ratio):

* **fresh**: each notebook in a new kernel, as a learner gets it with *Restart Kernel and Run
  All*: kernel start plus every cell (skipped with ``--no-fresh``);
* **whole set**: every notebook, one after another, in ONE kernel: each notebook's run time, the
  total including the kernel's start, and the kernel's peak resident memory afterwards
  (``VmHWM`` in /proc/<pid>/status; Linux only).

Goals: the whole set in under 20 s on 2 cores; the kernel under 200 MB. The load average is
printed too: on a busy machine the times grow with it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOAL_TOTAL_S = 20.0
GOAL_KERNEL_MB = 200.0


def vm_hwm_mb(pid: int) -> float:
    """Peak resident set of a process in MB (MiB), from /proc/<pid>/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise KeyError("VmHWM")


def _client(nb, folder: Path, sockets: str, name: str):
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    # IPC sockets: no "kernel running over TCP without encryption" warning on stderr.
    km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(sockets, name))
    return NotebookClient(nb, km=km, timeout=300, resources={"metadata": {"path": str(folder)}})


async def _run_cells(client, nb) -> float:
    """Run every cell of ``nb`` in the client's kernel; return seconds; raise on an error output."""
    t0 = time.perf_counter()
    for index, cell in enumerate(nb.cells):
        await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
    return time.perf_counter() - t0


async def fresh(paths: list[Path], sockets: str) -> dict[str, float]:
    """Seconds per notebook in its own new kernel (start + run), one at a time."""
    import nbformat

    out = {}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        client = _client(nb, path.parent, sockets, f"fresh-{path.stem}")
        t0 = time.perf_counter()
        async with client.async_setup_kernel(cleanup_kc=True):
            await _run_cells(client, nb)
        out[path.stem] = time.perf_counter() - t0
    return out


async def whole_set(paths: list[Path], sockets: str) -> dict:
    """Every notebook in one kernel: start time, seconds per notebook, total, peak memory."""
    import nbformat

    nbs = [nbformat.read(p, as_version=4) for p in paths]
    client = _client(nbs[0], paths[0].parent, sockets, "whole-set")
    t0 = time.perf_counter()
    per = {}
    async with client.async_setup_kernel(cleanup_kc=True):
        start = time.perf_counter() - t0
        pid = client.km.provisioner.pid
        for path, nb in zip(paths, nbs, strict=True):
            client.nb = nb
            per[path.stem] = await _run_cells(client, nb)
        total = time.perf_counter() - t0
        peak = vm_hwm_mb(pid)
    return {"kernel_start_s": start, "notebooks_s": per, "total_s": total, "kernel_peak_mb": peak}


def _measure(paths: list[Path], no_fresh: bool) -> tuple[dict, dict]:
    async def run():
        with tempfile.TemporaryDirectory() as sockets:
            times = {} if no_fresh else await fresh(paths, sockets)
            return times, await whole_set(paths, sockets)

    return asyncio.run(run())


def _print_edition(lang: str, paths: list[Path], times: dict, shared: dict) -> None:
    width = max(len(p.stem) for p in paths)
    print(f"edition {lang}: notebooks/{lang}/")
    print(f"{'notebook':<{width}}  {'fresh kernel':>12}  {'in the shared kernel':>20}")
    print(f"{'':-<{width}}  {'':->12}  {'':->20}")
    for p in paths:
        f = f"{times[p.stem]:.1f} s" if p.stem in times else "-"
        print(f"{p.stem:<{width}}  {f:>12}  {shared['notebooks_s'][p.stem]:>18.1f} s")
    total, peak = shared["total_s"], shared["kernel_peak_mb"]
    print(f"{'':-<{width}}  {'':->12}  {'':->20}")
    print(f"{'kernel start':<{width}}  {'':>12}  {shared['kernel_start_s']:>18.1f} s")
    if times:
        print(f"{'sum of fresh runs':<{width}}  {sum(times.values()):>10.1f} s")
    print(f"whole set in one kernel: {total:5.1f} s   goal < {GOAL_TOTAL_S:.0f} s on 2 cores   "
          f"{'ok' if total < GOAL_TOTAL_S else 'MISSED'}")
    print(f"kernel peak memory:      {peak:5.0f} MB  goal < {GOAL_KERNEL_MB:.0f} MB            "
          f"{'ok' if peak < GOAL_KERNEL_MB else 'MISSED'}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notebooks", type=Path, default=REPO / "notebooks",
                        help="folder with the editions (en/, zh/), or a folder of *.ipynb")
    parser.add_argument("--edition", choices=("en", "zh", "both"), default="both",
                        help="which edition to run (default: both, one after the other)")
    parser.add_argument("--no-fresh", action="store_true", help="skip the one-kernel-per-notebook runs")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)

    wanted = ("en", "zh") if args.edition == "both" else (args.edition,)
    editions = {lang: sorted((args.notebooks / lang).glob("*.ipynb")) for lang in wanted
                if (args.notebooks / lang).is_dir()}
    if not editions:  # a plain folder of notebooks
        editions = {args.notebooks.name: sorted(args.notebooks.glob("*.ipynb"))}
    if not any(editions.values()):
        print(f"no notebooks in {args.notebooks}", file=sys.stderr)
        return 2
    load_before = os.getloadavg()
    measured = {}
    try:
        for lang, paths in editions.items():
            measured[lang] = _measure(paths, args.no_fresh)
    except Exception as exc:  # a failing cell: say which, without a long traceback
        print(f"benchmark failed: {type(exc).__name__}: {str(exc)[:2000]}", file=sys.stderr)
        return 1
    load_after = os.getloadavg()

    result = {
        "cpus": os.cpu_count(),
        "load_average_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "goals": {"whole_set_s": GOAL_TOTAL_S, "kernel_mb": GOAL_KERNEL_MB},
        "editions": {
            lang: {"fresh_kernel_s": {k: round(v, 2) for k, v in times.items()},
                   "whole_set": {**shared, "notebooks_s": {k: round(v, 2) for k, v in shared["notebooks_s"].items()},
                                 "kernel_start_s": round(shared["kernel_start_s"], 2),
                                 "total_s": round(shared["total_s"], 2),
                                 "kernel_peak_mb": round(shared["kernel_peak_mb"], 1)}}
            for lang, (times, shared) in measured.items()},
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{os.cpu_count()} CPUs; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after\n")
    for lang, (times, shared) in measured.items():
        _print_edition(lang, editions[lang], times, shared)
    if len(measured) == 2:
        (_, en), (_, zh) = measured["en"], measured["zh"]
        print(f"zh / en: whole set {zh['total_s'] / en['total_s']:.2f}x, "
              f"kernel peak {zh['kernel_peak_mb'] / en['kernel_peak_mb']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
