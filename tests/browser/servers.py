"""Start and stop JupyterLab / Voilà servers and headless Chromium for the browser tests.

Shared by ``tests/browser/conftest.py`` and ``benchmarks/browser.py``. Nothing here touches the
user's files or Jupyter state: each server runs on a temporary COPY of ``notebooks/`` with every
Jupyter/IPython state folder pointed at a temporary directory, listens on 127.0.0.1 on a free
port, and is stopped (terminate, then kill) by the code that started it.

Importing this module needs neither Playwright nor Chromium; :func:`browser_problem` says what is
missing and how to install it.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "FIXTURES",
    "NOTEBOOKS",
    "REPO",
    "SELFTEST_DIR",
    "Server",
    "browser_problem",
    "free_port",
    "kernel_pids",
    "launch_chromium",
    "make_workspace",
    "start_lab",
    "start_notebook",
    "start_voila",
]

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Sub-folder of the temporary root that receives the fixture notebooks (machinery self-test).
SELFTEST_DIR = "_browser_selftest"

#: Debian's Chromium: its headless shell where installed (``chromium-headless-shell``, the same
#: Blink and V8 without the browser's UI layers, and what Playwright itself runs headless), else the
#: full ``chromium``; ROLECOMP_CHROMIUM may name another Chromium binary. Measured one after the
#: other on a 2-core machine (2026-12-02): opening a notebook in Notebook 7 took 5.3-5.8 s of CPU with the shell against
#: 6.5-9.6 s with ``chromium``, a Voila page 4.9-6.3 s against 6.5-8.5 s; ``make test`` 8 min 18 s
#: against 9 min 14 s.
_CHROMIUMS = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
CHROMIUM = os.environ.get("ROLECOMP_CHROMIUM") or next(
    (c for c in _CHROMIUMS if os.access(c, os.X_OK)), _CHROMIUMS[-1])
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = (
    "install Chromium and the test tools: `sudo apt-get install chromium chromium-headless-shell` "
    "(Debian/Ubuntu), then `make test` (installs playwright into .venv)"
)

# JupyterLab user settings written into the temporary settings folder.
LAB_SETTINGS = {
    # no "Would you like to receive official Jupyter news?" pop-up
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        # every cell stays in the DOM, so error checks and full-notebook screenshots see it all
        "windowingMode": "none",
        # a notebook without kernelspec metadata starts the default kernel, no dialog
        "autoStartDefaultKernel": True,
    },
}


def browser_problem() -> str | None:
    """Why the browser tests cannot run here (with how to fix it), or None if they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return f"playwright is not installed in {sys.executable}; {INSTALL_HINT}"
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"{CHROMIUM} not found; {INSTALL_HINT}"
    return None


def launch_chromium(playwright):
    """Launch Debian's headless Chromium through a started ``sync_playwright()`` object."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS)
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_workspace(tmp: Path, *, with_fixtures: bool = True) -> tuple[Path, dict[str, str]]:
    """Create ``tmp/notebooks`` (a copy of the repo's notebooks) and the isolated environment.

    The fixture notebooks go to ``tmp/notebooks/_browser_selftest/``. Returns the root folder and
    the environment variables for the servers.
    """
    tmp = Path(tmp)
    root = tmp / "notebooks"
    if NOTEBOOKS.is_dir():
        shutil.copytree(
            NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
        )
    else:
        root.mkdir(parents=True)
    if with_fixtures and FIXTURES.is_dir():
        shutil.copytree(
            FIXTURES,
            root / SELFTEST_DIR,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
        )

    state = tmp / "jupyter-state"
    dirs = {
        "JUPYTER_CONFIG_DIR": state / "config",
        "JUPYTER_RUNTIME_DIR": state / "runtime",
        "JUPYTER_DATA_DIR": state / "data",
        "JUPYTERLAB_SETTINGS_DIR": state / "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": state / "lab-workspaces",
        "IPYTHONDIR": state / "ipython",
    }
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    for rel, value in LAB_SETTINGS.items():
        f = dirs["JUPYTERLAB_SETTINGS_DIR"] / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(value))

    env = dict(os.environ)
    env.update({k: str(v) for k, v in dirs.items()})
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = venv_bin + os.pathsep + env.get("PATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    # Kernels import the rolecomp of THIS checkout (a git worktree, say), not the one the
    # environment has installed (an editable install may point at another checkout).
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_TOKEN", None)
    return root, env


class Server:
    """A server process we started; :meth:`stop` ends exactly this process."""

    def __init__(self, name, argv, *, cwd, env, port, token, log_path, status_path):
        self.name = name
        self.argv = argv
        self.port = port
        self.token = token
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = Path(log_path)
        self.status_path = status_path
        self._log = open(self.log_path, "wb")  # closed in stop()
        self.proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=self._log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        self.started = time.perf_counter()
        self.ready_after: float | None = None

    # -- life cycle -------------------------------------------------------------------------
    def wait_ready(self, timeout: float = 90.0) -> float:
        """Block until ``status_path`` answers 200; return the seconds it took."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with code {self.proc.returncode} before it was ready:\n"
                    + self.log_tail()
                )
            try:
                with urllib.request.urlopen(self.api_url(self.status_path), timeout=2) as r:
                    if r.status == 200:
                        self.ready_after = time.perf_counter() - self.started
                        return self.ready_after
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as e:
                last = e
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} not ready after {timeout:.0f} s ({last}):\n"
                           + self.log_tail())

    def stop(self, grace: float = 10.0) -> None:
        """Terminate our process, kill it if it does not exit within ``grace`` seconds."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(grace)
        if not self._log.closed:
            self._log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    # -- helpers ----------------------------------------------------------------------------
    def api_url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.url}{path}{sep}token={self.token}" if self.token else f"{self.url}{path}"

    def log_tail(self, n: int = 60) -> str:
        with contextlib.suppress(OSError, ValueError):
            self._log.flush()
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(lines[-n:])

    def request(self, method: str, path: str):
        req = urllib.request.Request(self.api_url(path), method=method)
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else None

    def shutdown_sessions(self) -> None:
        """Close every notebook session (and its kernel) on this JupyterLab server."""
        with contextlib.suppress(OSError, ValueError):
            for s in self.request("GET", "/api/sessions") or []:
                with contextlib.suppress(OSError):
                    self.request("DELETE", f"/api/sessions/{s['id']}")


def _root_flag() -> list[str]:
    return ["--allow-root"] if hasattr(os, "getuid") and os.getuid() == 0 else []


def _start_jupyter(tmp: Path, name: str, module: str, app_flags: list[str], *, root, env,
                   timeout: float) -> Server:
    """Start a Jupyter server application (``python -m <module>``) on a copy of notebooks/
    (made here unless ``root``/``env`` given): 127.0.0.1, a free port, a random token, XSRF on.
    Its kernels import the ``rolecomp`` of this checkout (``PYTHONPATH``), as Voilà's do."""
    tmp = Path(tmp)
    if root is None or env is None:
        root, env = make_workspace(tmp)
    env = dict(env)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    port, token = free_port(), secrets.token_hex(16)
    argv = [
        sys.executable, "-m", module,
        "--no-browser", *_root_flag(),
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.disable_check_xsrf=False",
        *app_flags,
    ]
    server = Server(name, argv, cwd=root, env=env, port=port, token=token,
                    log_path=tmp / f"{module}-{port}.log", status_path="/api/status")
    server.root = root
    server.wait_ready(timeout)
    return server


def start_lab(tmp: Path, *, root: Path | None = None, env: dict | None = None,
              timeout: float = 90.0) -> Server:
    """Start ``jupyter lab``, with ``window.jupyterapp`` exposed (to read cell outputs' model)."""
    return _start_jupyter(tmp, "jupyter lab", "jupyterlab",
                          ["--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
                           "--LabServerApp.open_browser=False"],
                          root=root, env=env, timeout=timeout)


def start_notebook(tmp: Path, *, root: Path | None = None, env: dict | None = None,
                   timeout: float = 90.0) -> Server:
    """Start Notebook 7 (``jupyter notebook``) like :func:`start_lab`; ImportError if absent.

    The same isolated state folders and settings as JupyterLab (Notebook 7 reads JupyterLab's
    user settings), ``window.jupyterapp`` exposed.
    """
    import importlib.util

    if importlib.util.find_spec("notebook") is None:
        raise ImportError("Notebook 7 is not installed (pip install 'notebook>=7', or make test)")
    return _start_jupyter(tmp, "jupyter notebook", "notebook",
                          ["--JupyterNotebookApp.expose_app_in_browser=True"],
                          root=root, env=env, timeout=timeout)


#: The presenting configuration ``make present`` uses (token, culling, no tracebacks).
VOILA_CONFIG_DIR = REPO


def kernel_pids(server: Server) -> list[int]:
    """Process ids of the kernels ``server`` started (its ``ipykernel_launcher`` children)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # "pid (comm) state ppid ...": comm may hold spaces, so split after the last ")"
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if ppid != server.proc.pid:
                continue
            cmdline = (stat.parent / "cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
        if b"ipykernel_launcher" in cmdline:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def start_voila(tmp: Path, notebook: str, *, root: Path | None = None,
                env: dict | None = None, timeout: float = 90.0, tracebacks: bool = True,
                extra_args: list[str] | tuple[str, ...] = (),
                extra_env: dict[str, str] | None = None) -> Server:
    """Serve ``notebook`` (relative to the notebooks copy) with Voilà; raise ImportError if absent.

    Voilà reads the repository's ``voila.json``, as ``make present`` does: a token is required
    (a random one, handed over in ``JUPYTER_TOKEN`` like the Makefile; ``server.token``), idle
    kernels are culled. ``tracebacks=True`` (the default, for the tests' own diagnostics) adds
    ``--show_tracebacks=True``, which ``make present`` does not: with it, an error shows its
    traceback and stderr output reaches the page, where the tests see it. ``extra_args`` go
    after the others (``--MappingKernelManager.cull_idle_timeout=4``); ``extra_env`` is added
    to the server's (and so its kernels') environment. Kernels import the ``rolecomp`` of this
    checkout (``PYTHONPATH``), not whatever the environment has installed.
    """
    import importlib.util

    if importlib.util.find_spec("voila") is None:
        raise ImportError("voila is not installed (pip install voila, or make test)")
    tmp = Path(tmp)
    if root is None or env is None:
        root, env = make_workspace(tmp)
    port, token = free_port(), secrets.token_urlsafe(16)
    env = dict(env)
    env["JUPYTER_TOKEN"] = token  # as make present: not on the command line, where ps shows it
    if str(REPO) not in env.get("PYTHONPATH", "").split(os.pathsep):
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env.update(extra_env or {})
    argv = [
        sys.executable, "-m", "voila", str(root / notebook),
        "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
        f"--Voila.config_file_paths={VOILA_CONFIG_DIR}",
        *(["--show_tracebacks=True"] if tracebacks else []),
        *extra_args,
    ]
    server = Server("voila", argv, cwd=root, env=env, port=port, token=token,
                    log_path=tmp / f"voila-{port}.log", status_path="/voila/static/voila.js")
    server.root = root
    server.wait_ready(timeout)
    return server
