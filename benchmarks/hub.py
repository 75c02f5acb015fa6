"""A real JupyterHub on this computer: N learners log in at once and run a workshop notebook.

A script, not a test (memory and times depend on the machine and its load):

    .venv/bin/python benchmarks/hub.py [--users 5,20] [--max 20] [--notebook 05_reach.ipynb|all]
                                       [--proxy PATH] [--json] [--json-file FILE]
    make bench-hub [HUB_ARGS="--users 5"]      # installs jupyterhub and the proxy first

What runs: JupyterHub (pip ``jupyterhub``, the ``bench`` extra) with npm's
``configurable-http-proxy`` (looked for with ``--proxy``, then on PATH, then under
``build/cache/chp`` and ``node_modules`` of this repository, where ``make bench-hub`` puts it), the
shared-password authenticator and the simple local-process spawner, on 127.0.0.1 only (free
ports), everything in a temporary folder (database, cookie secret, the learners' homes) that is
removed at the end. Each single-user server runs this environment's Python with this checkout
on its PYTHONPATH, like a hub whose user environment has rolecomp installed.

A round of N learners, all at once, one thread each, over HTTP like a browser:

1. log in through the hub's login form, ask for an API token, start a server (REST API) and wait
   until the hub says it is ready (*server ready*: from the login to that moment);
2. find the notebook (copied into their home beforehand) through the contents API, open it as
   a session (which starts its kernel) and connect to the kernel's websocket (``--notebook all``:
   every notebook's code cells in order in that one kernel, the whole workshop, as
   ``kernel_memory.py`` runs it);
3. when every learner of the round has an idle kernel, all start at the same moment (the room
   presses *Run All* on the teacher's cue) and send the notebook's code cells one after another,
   as a front end does; *first chart* is the time from the first ``execute_request`` to the
   first output carrying an ``image/png`` (an explorer's chart: only explorers carry one),
   *whole notebook* until the last cell's reply;
4. with every kernel still running, the memory of each learner's processes, found by the
   ``JUPYTERHUB_USER`` in their environment: the single-user server and its kernel. **PSS**
   (proportional set size, ``/proc/<pid>/smaps_rollup``) shares each library page among the
   processes that map it, so PSS adds up to the machine's memory: size a hub with it. **RSS**
   (``VmRSS``) counts the shared pages in full for every learner: the upper bound one learner
   alone needs. Linux only.

Then the round's servers are stopped and the next round starts. First comes a warm-up learner,
not counted (the first server and kernel on a fresh hub read every file from disk; its times
are printed apart), then one learner alone: the baseline the ratio lines compare with. Times in
a round of N on a 2-core machine grow with N (N kernels share 2 cores): the ratio says by how
much. The load average before and after each round is printed; other work on the machine makes
the times grow too.

Every process the run starts (hub, proxy, servers, kernels) carries a marker in its environment;
at the end, on an error and on Ctrl-C, the hub is stopped (it stops the servers and the proxy)
and anything with the marker still running is terminated, then killed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = [
    "DEFAULT_MAX",
    "DEFAULT_USERS",
    "decode_ws_frame",
    "find_proxy",
    "format_table",
    "missing_tools_line",
    "notebook_paths",
    "parse_users",
    "ratio_line",
    "summary",
]

REPO = Path(__file__).resolve().parents[1]
DEFAULT_USERS = (5, 20)
DEFAULT_MAX = 20
MARKER = "ROLECOMP_HUB_BENCH"
PROXY_NAME = "configurable-http-proxy"
# where `make bench-hub` (npm install --prefix build/cache/chp) or a plain `npm install` put it
PROXY_PLACES = (Path("build/cache/chp/node_modules/.bin") / PROXY_NAME, Path("node_modules/.bin") / PROXY_NAME)
INSTALL_HINT = {
    "jupyterhub": "pip install jupyterhub (the bench extra: pip install -e '.[bench]')",
    PROXY_NAME: f"npm install --prefix build/cache/chp {PROXY_NAME}",
}


# ----------------------------------------------------------------------------- pure helpers

def parse_users(text: str, maximum: int = DEFAULT_MAX) -> list[int]:
    """The round sizes of ``--users`` ("5,20"), sorted, each between 1 and ``maximum``.

    Raises ``ValueError`` with a message naming the bad value (a hub of 50 learners on a 2-core
    machine is a mistake unless ``--max`` says otherwise).

    >>> parse_users("20, 5")
    [5, 20]
    >>> parse_users("30", maximum=20)
    Traceback (most recent call last):
    ...
    ValueError: --users 30 is above --max 20 (raise --max to allow it)
    """
    if maximum < 1:
        raise ValueError(f"--max must be at least 1, not {maximum}")
    sizes = set()
    for part in text.split(","):
        part = part.strip()
        try:
            n = int(part)
        except ValueError:
            raise ValueError(f"--users wants whole numbers separated by commas, not {part!r}") from None
        if n < 1:
            raise ValueError(f"--users {n}: a round needs at least one learner")
        if n > maximum:
            raise ValueError(f"--users {n} is above --max {maximum} (raise --max to allow it)")
        sizes.add(n)
    return sorted(sizes)


def find_proxy(explicit: str | None = None, which: Callable[[str], str | None] = shutil.which,
               repo: Path = REPO) -> Path | None:
    """configurable-http-proxy: ``explicit`` if given, else on PATH, else in this repository.

    >>> find_proxy(which=lambda name: None, repo=Path("/nonexistent")) is None
    True
    """
    if explicit:
        path = Path(explicit)
        return path.resolve() if path.is_file() and os.access(path, os.X_OK) else None
    found = which(PROXY_NAME)
    if found:
        return Path(found)
    for place in PROXY_PLACES:
        path = repo / place
        if path.is_file() and os.access(path, os.X_OK):
            return path
    return None


def missing_tools_line(missing: dict[str, str]) -> str | None:
    """One line naming every missing tool (name -> why) and how to install it; None if none.

    >>> print(missing_tools_line({"jupyterhub": "not importable"})[:67])
    benchmarks/hub.py: missing jupyterhub (not importable): pip install
    >>> missing_tools_line({}) is None
    True
    """
    if not missing:
        return None
    parts = [f"{name} ({why}): {INSTALL_HINT.get(name, 'install it')}" for name, why in missing.items()]
    return "benchmarks/hub.py: missing " + "; ".join(parts) + "; or run make bench-hub"


def notebook_paths(choice: str, folder: Path) -> list[Path]:
    """The notebooks ``--notebook`` names: one file of ``folder`` (the English edition), or ``all``
    of them in order.

    >>> [p.name for p in notebook_paths("05_reach.ipynb", REPO / "notebooks" / "en")]
    ['05_reach.ipynb']
    """
    if choice == "all":
        paths = sorted(folder.glob("*.ipynb"))
        if not paths:
            raise ValueError(f"no notebooks in {folder}")
        return paths
    path = folder / choice
    if path.suffix != ".ipynb" or path.parent != folder or not path.is_file():
        raise ValueError(f"--notebook wants a notebook of {folder} or 'all', not {choice!r}")
    return [path]


def summary(values: Sequence[float]) -> tuple[float, float]:
    """(median, max) of ``values``.

    >>> summary([3.0, 1.0, 2.0, 10.0])
    (2.5, 10.0)
    """
    if not values:
        raise ValueError("no values")
    return float(statistics.median(values)), float(max(values))


# (group title, [(column title, row key, statistic index, format)]) for format_table
_COLUMNS = [
    ("memory per learner, MiB", [("PSS med", "pss_mib", 0, ".0f"), ("PSS max", "pss_mib", 1, ".0f"),
                                 ("RSS med", "rss_mib", 0, ".0f"), ("RSS max", "rss_mib", 1, ".0f")]),
    ("first chart, s", [("median", "first_chart_s", 0, ".2f"), ("max", "first_chart_s", 1, ".2f")]),
    ("whole notebook, s", [("median", "notebook_s", 0, ".2f"), ("max", "notebook_s", 1, ".2f")]),
    ("server ready, s", [("median", "ready_s", 0, ".2f"), ("max", "ready_s", 1, ".2f")]),
]
_WIDTH = 8  # every value column
_GAP = "   "  # between the groups


def format_table(rows: Sequence[dict]) -> list[str]:
    """The result table, one line per round: a dict with ``n`` and the lists ``pss_mib``,
    ``rss_mib``, ``first_chart_s``, ``notebook_s``, ``ready_s`` (one value per learner), shown as
    median and max.

    >>> row = {"n": 2, "pss_mib": [200.0, 220.0], "rss_mib": [290.0, 300.0], "first_chart_s": [1.0, 1.5],
    ...        "notebook_s": [2.0, 3.0], "ready_s": [4.0, 5.0]}
    >>> print("\\n".join(line.rstrip() for line in format_table([row])))
              memory per learner, MiB         first chart, s    whole notebook, s   server ready, s
      N    PSS med PSS max RSS med RSS max     median     max     median     max     median     max
      2        210     220     295     300       1.25    1.50       2.50    3.00       4.50    5.00
    """
    groups, titles = "   ", "  N"
    for group, columns in _COLUMNS:
        width = _WIDTH * len(columns)
        groups += _GAP + f"{group:^{width}}"
        titles += _GAP + "".join(f"{title:>{_WIDTH}}" for title, *_ in columns)
    lines = [groups, titles]
    for row in rows:
        line = f"{row['n']:>3}"
        for _, columns in _COLUMNS:
            line += _GAP + "".join(f"{format(summary(row[key])[which], fmt):>{_WIDTH}}"
                                   for _, key, which, fmt in columns)
        lines.append(line)
    return lines


def ratio_line(row: dict, baseline: dict) -> str:
    """How a round compares with the baseline (one learner alone), by the medians.

    >>> base = {"n": 1, "pss_mib": [250.0], "first_chart_s": [1.0], "notebook_s": [2.0]}
    >>> print(ratio_line({"n": 20, "pss_mib": [200.0, 220.0], "first_chart_s": [5.0, 7.0],
    ...                   "notebook_s": [12.0, 14.0]}, base))
    N=20 vs 1 alone (medians): time to first chart 6.0x, whole notebook 6.5x, memory per learner (PSS) 0.84x
    """
    first = summary(row["first_chart_s"])[0] / summary(baseline["first_chart_s"])[0]
    whole = summary(row["notebook_s"])[0] / summary(baseline["notebook_s"])[0]
    memory = summary(row["pss_mib"])[0] / summary(baseline["pss_mib"])[0]
    return (f"N={row['n']} vs {baseline['n']} alone (medians): time to first chart {first:.1f}x, "
            f"whole notebook {whole:.1f}x, memory per learner (PSS) {memory:.2f}x")


def decode_ws_frame(frame: str | bytes) -> dict:
    """A kernel message from a jupyter_server websocket frame (default, unnamed protocol).

    Text frames are the message as JSON; a message with binary buffers (a widget's PNG) comes as a
    binary frame: a big-endian uint32 count n, n uint32 offsets, the JSON message at the first
    offset, then the buffers (returned as ``buffers``).

    >>> decode_ws_frame('{"msg_type": "status"}')
    {'msg_type': 'status'}
    """
    if isinstance(frame, str):
        return json.loads(frame)
    (count,) = struct.unpack_from("!I", frame, 0)
    offsets = [*struct.unpack_from(f"!{count}I", frame, 4), len(frame)]
    msg = json.loads(frame[offsets[0]:offsets[1]].decode("utf-8"))
    msg["buffers"] = [frame[a:b] for a, b in itertools.pairwise(offsets[1:])]
    return msg


# ----------------------------------------------------------------------------- /proc

def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return dict(item.split("=", 1) for item in raw.decode("utf-8", "replace").split("\0") if "=" in item)


def marked_processes(run_id: str) -> dict[int, dict[str, str]]:
    """Every process whose environment carries this run's marker: pid -> environment."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            env = _environ(int(entry.name))
        except OSError:  # gone, or not ours
            continue
        if env.get(MARKER) == run_id:
            found[int(entry.name)] = env
    return found


def _kib(path: str, field: str) -> int:
    for line in Path(path).read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def memory_mib(pid: int) -> tuple[float, float, float]:
    """(PSS, RSS, peak RSS) of one process in MiB."""
    status = f"/proc/{pid}/status"
    return (_kib(f"/proc/{pid}/smaps_rollup", "Pss") / 1024, _kib(status, "VmRSS") / 1024,
            _kib(status, "VmHWM") / 1024)


def _is_kernel(pid: int) -> bool:
    try:
        return b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _memory_or_zero(pid: int) -> tuple[float, float, float]:
    try:
        return memory_mib(pid)
    except (OSError, KeyError):  # it ended between the listing and the reading
        return 0.0, 0.0, 0.0


# ----------------------------------------------------------------------------- the hub

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Hub:
    """JupyterHub, its proxy and its users' servers under ``root``, all marked with ``run_id``."""

    def __init__(self, root: Path, proxy: Path, run_id: str, password: str):
        self.root, self.proxy, self.run_id, self.password = root, proxy, run_id, password
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.homes = root / "home"
        self.log_path = root / "hub.log"
        self.proc: subprocess.Popen | None = None
        self._log = None

    def config(self) -> str:
        bin_dir = str(Path(sys.executable).parent)
        env = {
            MARKER: self.run_id,
            "PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "/usr/bin:/bin")]),
            # this checkout's rolecomp, as an installed package would be on a real hub
            "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p),
        }
        for key in ("LANG", "LC_ALL"):
            if key in os.environ:
                env[key] = os.environ[key]
        settings = {
            "JupyterHub.bind_url": self.url,
            "JupyterHub.hub_bind_url": f"http://127.0.0.1:{free_port()}",
            "ConfigurableHTTPProxy.api_url": f"http://127.0.0.1:{free_port()}",
            "ConfigurableHTTPProxy.command": [str(self.proxy)],
            "JupyterHub.db_url": f"sqlite:///{self.root / 'jupyterhub.sqlite'}",
            "JupyterHub.cookie_secret_file": str(self.root / "jupyterhub_cookie_secret"),
            "JupyterHub.pid_file": str(self.root / "jupyterhub.pid"),
            "JupyterHub.authenticator_class": "shared-password",
            "SharedPasswordAuthenticator.user_password": self.password,
            "Authenticator.allow_all": True,
            "JupyterHub.spawner_class": "simple",
            "SimpleLocalProcessSpawner.home_dir_template": str(self.homes / "{username}"),
            "Spawner.cmd": [sys.executable, "-m", "jupyterhub.singleuser"],
            "Spawner.args": ["--allow-root"] if os.geteuid() == 0 else [],
            "Spawner.environment": env,
            "Spawner.default_url": "/lab",
            "Spawner.start_timeout": 600,
            "Spawner.http_timeout": 600,
            "JupyterHub.cleanup_servers": True,
            "JupyterHub.cleanup_proxy": True,
        }
        return "c = get_config()  # noqa\n" + "".join(f"c.{k} = {v!r}\n" for k, v in settings.items())

    def start(self, timeout: float = 120.0) -> None:
        import requests

        config = self.root / "jupyterhub_config.py"
        config.write_text(self.config())
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTERHUB_", "JPY_"))}
        env[MARKER] = self.run_id
        self._log = open(self.log_path, "wb")  # closed in stop()
        # a session of its own: Ctrl-C in the terminal reaches this script, which stops the hub in order
        self.proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=self.root,
                                     env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("JupyterHub did not start (its log follows)")
            time.sleep(0.3)

    def log_tail(self, chars: int = 3000) -> str:
        if self._log:
            self._log.flush()
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self, timeout: float = 30.0) -> int:
        """Stop the hub (which stops servers and proxy), then end whatever carries the marker.

        Returns how many marked processes had to be signalled after the hub had stopped.
        """
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        left = marked_processes(self.run_id)
        for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
            for pid in left:
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
            deadline = time.monotonic() + wait
            while marked_processes(self.run_id) and time.monotonic() < deadline:
                time.sleep(0.2)
            if not marked_processes(self.run_id):
                break
        if self._log:
            self._log.close()
            self._log = None
        return len(left)


# ----------------------------------------------------------------------------- a learner

class Learner:
    """One learner's session: login, server, kernel, notebook run; timings in ``result``."""

    def __init__(self, hub: Hub, name: str, notebooks: list[Path], timeout: float):
        import requests

        self.hub, self.name, self.timeout = hub, name, timeout
        self.notebook = notebooks[0]  # the session's notebook; with several, their cells run in its kernel
        self.http = requests.Session()
        self.token = ""
        self.ws = None
        self.session_id = uuid.uuid4().hex
        self.result: dict = {"name": name}
        self.cells = [c for nb in notebooks for c in json.loads(nb.read_text(encoding="utf-8"))["cells"]
                      if c["cell_type"] == "code"]

    # -- the hub
    def _api(self, method: str, path: str, **kw):
        kw.setdefault("timeout", self.timeout)
        headers = kw.pop("headers", {})
        if self.token:
            headers["Authorization"] = f"token {self.token}"
        r = self.http.request(method, f"{self.hub.url}{path}", headers=headers, **kw)
        if r.status_code >= 400:
            raise RuntimeError(f"{self.name}: {method} {path}: HTTP {r.status_code} {r.text[:300]}")
        return r

    def _xsrf(self) -> str:
        return self.http.cookies.get("_xsrf", path="/hub/") or self.http.cookies.get("_xsrf") or ""

    def login_and_start(self) -> None:
        t0 = time.perf_counter()
        self._api("GET", "/hub/login")  # sets the _xsrf cookie, as for a browser
        r = self._api("POST", "/hub/login", data={"username": self.name, "password": self.hub.password,
                                                  "_xsrf": self._xsrf()}, allow_redirects=False)
        if r.status_code != 302:
            raise RuntimeError(f"{self.name}: login refused (HTTP {r.status_code})")
        # the login set a new _xsrf cookie, tied to the session; the API wants it in a header
        r = self._api("POST", f"/hub/api/users/{self.name}/tokens", headers={"X-XSRFToken": self._xsrf()},
                      json={"note": "hub benchmark", "expires_in": 3600})
        self.token = r.json()["token"]
        self._api("POST", f"/hub/api/users/{self.name}/server")
        deadline = time.monotonic() + self.timeout
        while True:
            server = self._api("GET", f"/hub/api/users/{self.name}").json()["servers"].get("", {})
            if server.get("ready"):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name}: server not ready after {self.timeout:.0f} s")
            time.sleep(0.25)
        self.result["ready_s"] = time.perf_counter() - t0

    def stop_server(self) -> None:
        self._api("DELETE", f"/hub/api/users/{self.name}/server")
        deadline = time.monotonic() + 60
        while self._api("GET", f"/hub/api/users/{self.name}").json()["servers"] and time.monotonic() < deadline:
            time.sleep(0.25)

    # -- the notebook and its kernel
    def open_notebook(self) -> None:
        import websocket

        base = f"/user/{self.name}/api"
        self._api("GET", f"{base}/contents/{self.notebook.name}", params={"content": 0})
        t0 = time.perf_counter()
        session = self._api("POST", f"{base}/sessions", json={
            "path": self.notebook.name, "name": self.notebook.name, "type": "notebook",
            "kernel": {"name": "python3"}}).json()
        url = (f"ws://127.0.0.1:{self.hub.port}{base}/kernels/{session['kernel']['id']}/channels"
               f"?session_id={self.session_id}")
        self.ws = websocket.create_connection(url, header=[f"Authorization: token {self.token}"],
                                              timeout=self.timeout)
        self._request("kernel_info_request", {}, until_idle=False)
        self.result["kernel_s"] = time.perf_counter() - t0

    def _send(self, msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": self.name, "session": self.session_id,
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": []}))
        return msg_id

    def _request(self, msg_type: str, content: dict, until_idle: bool = True,
                 on_output: Callable[[dict], None] | None = None) -> dict:
        """Send one shell request; return its reply once it (and, if asked, the idle status) came."""
        msg_id = self._send(msg_type, content)
        reply, idle = None, not until_idle
        deadline = time.monotonic() + self.timeout
        while reply is None or not idle:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name}: no reply to {msg_type} after {self.timeout:.0f} s")
            msg = decode_ws_frame(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if msg["channel"] == "shell" and kind.endswith("_reply"):
                reply = msg
            elif kind == "status" and msg["content"].get("execution_state") == "idle":
                idle = True
            elif on_output is not None and msg["channel"] == "iopub":
                on_output(msg)
        return reply

    def run_notebook(self) -> None:
        first_chart: list[float] = []

        def on_output(msg: dict) -> None:
            kind = msg["header"]["msg_type"]
            if (not first_chart and kind in ("display_data", "execute_result", "update_display_data")
                    and "image/png" in msg["content"].get("data", {})):
                first_chart.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        for index, cell in enumerate(self.cells):
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            reply = self._request("execute_request", {
                "code": source, "silent": False, "store_history": True, "user_expressions": {},
                "allow_stdin": False, "stop_on_error": True}, on_output=on_output)
            content = reply["content"]
            if content["status"] != "ok" and "raises-exception" not in cell.get("metadata", {}).get("tags", []):
                raise RuntimeError(f"{self.name}: code cell {index + 1} failed: "
                                   f"{content.get('ename')}: {content.get('evalue')}")
        self.result["notebook_s"] = time.perf_counter() - t0
        if not first_chart:
            raise RuntimeError(f"{self.name}: {self.notebook.name} showed no chart (no image/png output)")
        self.result["first_chart_s"] = first_chart[0]

    def close(self) -> None:
        if self.ws is not None:
            try:
                self.ws.close()
            except Exception:
                pass
            self.ws = None


# ----------------------------------------------------------------------------- a round

def run_round(hub: Hub, n: int, label: str, notebooks: list[Path], timeout: float) -> dict:
    """N learners at once; returns the round's row for :func:`format_table` plus details."""
    learners = [Learner(hub, f"{label}-{i + 1:02d}", notebooks, timeout) for i in range(n)]
    for learner in learners:
        home = hub.homes / learner.name
        home.mkdir(parents=True, exist_ok=True)
        for notebook in notebooks:
            shutil.copy2(notebook, home / notebook.name)
    ready = threading.Barrier(n, timeout=timeout)
    errors: list[str] = []

    def work(learner: Learner) -> None:
        try:
            learner.login_and_start()
            learner.open_notebook()
            ready.wait()  # every kernel idle: all press Run All together
            learner.run_notebook()
        except threading.BrokenBarrierError:
            pass  # another learner failed; that one reports
        except Exception as exc:  # one clear line for the report; the others stop waiting
            errors.append(f"{type(exc).__name__}: {exc}" if not isinstance(exc, RuntimeError) else str(exc))
            ready.abort()

    load_before = os.getloadavg()[0]
    threads = [threading.Thread(target=work, args=(learner,), daemon=True) for learner in learners]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(errors[0] + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""))
    time.sleep(1.0)  # let the last outputs settle before reading memory
    by_user: dict[str, list[int]] = {}
    for pid, env in marked_processes(hub.run_id).items():
        if env.get("JUPYTERHUB_USER"):
            by_user.setdefault(env["JUPYTERHUB_USER"], []).append(pid)
    pss, rss, hwm, processes = [], [], [], []
    parts: dict[str, list[tuple[float, float, float]]] = {"server": [], "kernel": []}
    for learner in learners:
        pids = by_user.get(learner.name, [])
        mems = [_memory_or_zero(pid) for pid in pids]
        for pid, mem in zip(pids, mems, strict=True):
            parts["kernel" if _is_kernel(pid) else "server"].append(mem)
        pss.append(sum(m[0] for m in mems))
        rss.append(sum(m[1] for m in mems))
        hwm.append(sum(m[2] for m in mems))
        processes.append(len(pids))
        if not pids:
            raise RuntimeError(f"{learner.name}: no process with JUPYTERHUB_USER={learner.name} found")
    hub_pids = [pid for pid, env in marked_processes(hub.run_id).items() if "JUPYTERHUB_USER" not in env]
    overhead = [_memory_or_zero(pid) for pid in hub_pids]
    load_after = os.getloadavg()[0]
    for learner in learners:
        learner.close()
    for learner in learners:
        learner.stop_server()

    def times(key: str) -> list[float]:
        return [round(lr.result[key], 3) for lr in learners]

    def mib(values: list[float]) -> list[float]:
        return [round(v, 1) for v in values]

    return {
        "n": n, "pss_mib": mib(pss), "rss_mib": mib(rss), "peak_rss_mib": mib(hwm),
        "processes_per_learner": processes, "first_chart_s": times("first_chart_s"),
        "notebook_s": times("notebook_s"), "ready_s": times("ready_s"), "kernel_start_s": times("kernel_s"),
        # each process on its own (PSS, RSS, peak RSS), by kind: the single-user servers and the kernels
        "per_process_mib": {kind: [[round(v, 1) for v in mem] for mem in mems] for kind, mems in parts.items()},
        "hub_and_proxy_pss_mib": round(sum(m[0] for m in overhead), 1),
        "hub_and_proxy_rss_mib": round(sum(m[1] for m in overhead), 1),
        "load_before_after": [round(load_before, 2), round(load_after, 2)],
    }


# ----------------------------------------------------------------------------- main

def _versions(proxy: Path) -> dict[str, str]:
    import jupyter_server
    import jupyterhub

    out = subprocess.run([str(proxy), "--version"], capture_output=True, text=True, timeout=30)
    return {"jupyterhub": jupyterhub.__version__, PROXY_NAME: out.stdout.strip(),
            "jupyter_server": jupyter_server.__version__, "python": platform.python_version()}


def check_tools(proxy_option: str | None) -> tuple[Path | None, dict[str, str]]:
    """The proxy's path and the missing tools (name -> why)."""
    import importlib.util

    missing = {}
    if importlib.util.find_spec("jupyterhub") is None:
        missing["jupyterhub"] = f"not importable by {sys.executable}"
    proxy = find_proxy(proxy_option)
    if proxy is None:
        missing[PROXY_NAME] = f"not at {proxy_option}" if proxy_option else "not on PATH nor under build/cache/chp"
    else:
        try:
            ok = subprocess.run([str(proxy), "--version"], capture_output=True, timeout=30).returncode == 0
        except OSError:
            ok = False
        if not ok:
            missing[PROXY_NAME] = f"{proxy} does not run (is node installed?)"
    return proxy, missing


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default=",".join(map(str, DEFAULT_USERS)),
                        help="round sizes, comma-separated (default %(default)s); one learner alone is the baseline")
    parser.add_argument("--max", type=int, default=DEFAULT_MAX,
                        help="refuse a round above this many learners (default %(default)s)")
    parser.add_argument("--notebook", default="05_reach.ipynb",
                        help="a notebook of notebooks/EDITION/, or all (every one in one kernel; default %(default)s)")
    parser.add_argument("--edition", default="en", choices=("en", "zh"),
                        help="which edition's notebooks (default %(default)s)")
    parser.add_argument("--proxy", help=f"path to {PROXY_NAME} (default: PATH, then build/cache/chp)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds for any one step (default %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--json-file", type=Path, help="also write the JSON record to this file (a run takes minutes)")
    args = parser.parse_args(argv)
    try:
        sizes = parse_users(args.users, args.max)
    except ValueError as exc:
        parser.error(str(exc))
    try:
        notebooks = notebook_paths(args.notebook, REPO / "notebooks" / args.edition)
    except ValueError as exc:
        parser.error(str(exc))
    if not Path("/proc/self/smaps_rollup").exists():
        parser.error("needs Linux (/proc/<pid>/smaps_rollup)")
    proxy, missing = check_tools(args.proxy)
    line = missing_tools_line(missing)
    if line:
        print(line, file=sys.stderr)
        return 2
    assert proxy is not None

    # Ctrl-C and kill both end in the clean-up below (also where the caller ignored SIGINT, as a
    # shell does for a background job)
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    run_id = uuid.uuid4().hex
    tmp = Path(tempfile.mkdtemp(prefix="rolecomp-hub-"))
    hub = Hub(tmp, proxy, run_id, password=secrets.token_urlsafe(16))
    rows, status = [], 0
    versions = _versions(proxy)
    try:
        hub.start()
        # a warm-up learner (not counted: the first server and kernel on a fresh hub read every
        # file from disk), then one learner alone (the baseline), then the rounds
        for label, n in [("warmup", 1), ("alone", 1), *((f"n{n}", n) for n in sizes if n != 1)]:
            rows.append(run_round(hub, n, label, notebooks, args.timeout))
            r = rows[-1]
            print(f"{label}: {n} learner(s) done, load {r['load_before_after'][0]:.2f} -> "
                  f"{r['load_before_after'][1]:.2f}", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        print("interrupted: stopping the hub, its proxy and every server and kernel", file=sys.stderr)
        status = 130
    except Exception as exc:
        print(f"hub benchmark failed: {exc}", file=sys.stderr)
        tail = hub.log_tail()
        if tail:
            print(f"--- end of the hub's log ---\n{tail}", file=sys.stderr)
        status = 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # let the clean-up finish
        try:
            leftover = hub.stop()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
            signal.signal(signal.SIGINT, signal.default_int_handler)
        still = marked_processes(run_id)
        if still:
            print(f"could not stop processes {sorted(still)}", file=sys.stderr)
            status = status or 1
    if status:
        return status

    warmup, baseline, measured = rows[0], rows[1], rows[2:]
    result = {
        "date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "notebooks": [p.name for p in notebooks], "versions": versions,
        "memory": "PSS and RSS, single-user server + kernel",
        "warmup": warmup, "baseline": baseline, "rounds": measured,
        "processes_left_after_hub_stopped": leftover,
    }
    if args.json_file:
        args.json_file.write_text(json.dumps(result, indent=2) + "\n")
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    v = versions
    print(f"{result['date']}  {result['machine']}  Python {v['python']}  JupyterHub {v['jupyterhub']}  "
          f"{PROXY_NAME} {v[PROXY_NAME]}  jupyter_server {v['jupyter_server']}")
    what = notebooks[0].name if len(notebooks) == 1 else f"all {len(notebooks)} notebooks in one kernel"
    print(f"{what}, every code cell; N learners at once on 127.0.0.1 (shared-password login, "
          f"local-process spawner)\n")
    for line in format_table(rows[1:]):
        print(line)
    print("memory: each learner's single-user server + kernel, all kernels running; PSS shares library pages "
          "among processes (sum it to size a hub), RSS counts them in full\n")
    for row in measured:
        print(ratio_line(row, baseline))
    loads = [f"N={r['n']} {r['load_before_after'][0]:.2f} -> {r['load_before_after'][1]:.2f}" for r in rows[1:]]
    print("load average (1 min) before -> after each round: " + ", ".join(loads))
    top = max(rows[1:], key=lambda r: r["n"])
    print(f"hub + proxy (at N={top['n']}): PSS {top['hub_and_proxy_pss_mib']:.0f} MiB, "
          f"RSS {top['hub_and_proxy_rss_mib']:.0f} MiB; processes per learner: "
          f"{sorted(set(p for r in rows for p in r['processes_per_learner']))}")
    print(f"peak RSS (VmHWM) per learner at N={top['n']}: median {summary(top['peak_rss_mib'])[0]:.0f}, "
          f"max {summary(top['peak_rss_mib'])[1]:.0f} MiB")
    print(f"warm-up (the first learner on the fresh hub, not counted): server ready {warmup['ready_s'][0]:.1f} s, "
          f"first chart {warmup['first_chart_s'][0]:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
