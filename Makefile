# rolecomp: the front door. Two commands do all the set-up on a fresh machine:
#   make lab    create .venv if missing, install, open JupyterLab on the notebooks
#   make test   create/update the same .venv with the test tools and run the whole suite
# Re-running either is quick: installs happen only when pyproject.toml changed.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

.PHONY: notebooks lab test test-lowest present lite clean help doctor check-data export handouts bench-hub

help:
	@echo "make lab     open the workshop in JupyterLab (installs on first run)"
	@echo "make test    run every test (installs test tools on first run)"
	@echo "make notebooks  build notebooks/en and notebooks/zh from their one source, lessons/*.md"
	@echo "make present serve the notebooks with Voila, code hidden (projector; open the link it prints)"
	@echo "make lite [PYODIDE=pyodide-VERSION.tgz]  build a JupyterLite site (no server) under build/lite"
	@echo "make test-lowest  run the tests on the oldest declared dependency versions (.venv-lowest)"
	@echo "make doctor  check the set-up (versions, widget extension, CJK font)"
	@echo "make check-data [FILES=...]  validate the data CSV files"
	@echo "make export [OUT=slides] [EXPORT_ARGS='--lang zh --format svg']  every chart for slides"
	@echo "make handouts [HANDOUT_ARGS='--lang zh --format pdf --force']  every notebook as HTML and PDF under build/handouts"
	@echo "make bench-hub [HUB_ARGS='--users 5']  a real JupyterHub on 127.0.0.1: N learners run a notebook at once"

# Create the venv and install. uv is used when it can be had (about 10x faster on a class's
# laptops: it is fetched into .venv with pip if it is not on PATH); otherwise, or with NO_UV=1,
# plain pip does the same job. Both leave the packages compiled to bytecode (pip does it by
# default, uv when asked): without it every kernel compiles pandas and matplotlib again as it
# starts, about a second of CPU, since nothing else may write the .pyc files (where
# PYTHONDONTWRITEBYTECODE is set, as on this machine, or where the venv is read-only).
define install
	@"$(PYTHON)" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "rolecomp needs Python 3.11 or newer; $(PYTHON) is $$("$(PYTHON)" -V 2>&1 || echo missing)." \
	  "Run again with PYTHON=python3.12 (or another 3.11+)."; exit 1; }
	@if [ ! -x "$(2)/bin/python" ]; then \
	  if [ -z "$(NO_UV)" ] && command -v uv >/dev/null 2>&1; then uv venv -q --seed "$(2)" --python "$(PYTHON)"; \
	  else "$(PYTHON)" -m venv "$(2)"; fi; \
	fi
	@if [ -n "$(NO_UV)" ]; then UV=; \
	elif command -v uv >/dev/null 2>&1; then UV=uv; \
	elif [ -x "$(2)/bin/uv" ] || "$(2)/bin/python" -m pip install -q uv >/dev/null 2>&1; then UV="$(2)/bin/uv"; \
	else UV=; fi; \
	if [ -n "$$UV" ]; then echo "installing with uv into $(2): $(1)"; \
	  VIRTUAL_ENV="$(abspath $(2))" "$$UV" pip install -q --compile-bytecode --python "$(2)/bin/python" -e "$(1)"; \
	else echo "installing with pip into $(2): $(1)"; \
	  "$(2)/bin/python" -m pip install -q -e "$(1)"; fi
endef

# (make splits $(call) arguments at commas, so extras lists go through variables)
LAB_SPEC  := .
TEST_SPEC := .[test,present]
LITE_SPEC := .[lite]
LITE_VENV ?= .venv-lite

$(VENV)/.lab-ready: pyproject.toml
	$(call install,$(LAB_SPEC),$(VENV))
	@touch $@

$(VENV)/.test-ready: pyproject.toml
	$(call install,$(TEST_SPEC),$(VENV))
	@touch $@ $(VENV)/.lab-ready

# Both editions of every notebook come from one bilingual lesson (lessons/NN_name.md); edit the
# lesson, then build. tests/test_editions.py fails when a built notebook is out of date.
notebooks: $(VENV)/.lab-ready
	$(BIN)/python -m rolecomp.editions

lab: $(VENV)/.lab-ready
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) $(ROOT_FLAG) \
	  --ServerApp.root_dir="$(CURDIR)/notebooks" --LabApp.default_url=/lab/tree/START.ipynb $(LAB_ARGS)

# The JupyterLite builder lives in its own venv: its Pyodide extension does not belong in the
# JupyterLab that learners use. make test builds the site offline and checks it.
$(LITE_VENV)/.lite-ready: pyproject.toml
	$(call install,$(LITE_SPEC),$(LITE_VENV))
	@touch $@

# Two workers (pytest-xdist): the browser tests, which share one JupyterLab, go to one of them;
# everything else is shared out. TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2
test: $(VENV)/.test-ready $(LITE_VENV)/.lite-ready
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadgroup) $(PYTEST_ARGS)

clean:
	rm -rf build dist _output .pytest_cache

# --- Deployment routes (docs/deploy.md) ------------------------------------------------------

PRESENT_PORT ?= 8866
# make present NB=en/05_reach.ipynb (or zh/05_reach.ipynb) opens one notebook; without NB, Voila lists
# START.ipynb and both editions.
NB ?=
LOWEST_VENV ?= .venv-lowest

PRESENT_SPEC := .[present]
$(VENV)/.present-ready: pyproject.toml
	$(call install,$(PRESENT_SPEC),$(VENV))
	@touch $@

# Voila runs every cell and shows only the outputs (code hidden) on http://127.0.0.1:$(PRESENT_PORT),
# configured by voila.json: a token is required, idle kernels are culled, viewers get no
# tracebacks. The token is new at each start (make present TOKEN=... keeps one; only a TOKEN
# given on make's command line counts, not one in the environment); it reaches Voila in
# JUPYTER_TOKEN, not on its command line, where any local user can read it (ps).
PRESENT_TOKEN = $(if $(filter command line,$(origin TOKEN)),$(TOKEN))
present: $(VENV)/.present-ready
	@token='$(PRESENT_TOKEN)'; \
	[ -n "$$token" ] || token=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(16))'); \
	echo "Voila, for this computer only: open"; \
	echo "    http://127.0.0.1:$(PRESENT_PORT)/?token=$$token"; \
	JUPYTER_TOKEN="$$token" exec $(BIN)/voila "notebooks/$(NB)" --Voila.ip=127.0.0.1 \
	  --port=$(PRESENT_PORT) --Voila.port_retries=0 --Voila.config_file_paths="$(CURDIR)" \
	  --theme=light $(VOILA_ARGS)

# Static JupyterLite site under build/lite; the build itself reads nothing from the network.
# PYODIDE=<folder or tarball of a Pyodide release> bundles the runtime and the notebooks' packages
# into the site (no CDN needed for what it carries; see docs/deploy.md). The pure wheels that
# Pyodide release lacks come from PyPI once, kept in LITE_WHEELS for offline rebuilds.
PYODIDE ?=
LITE_WHEELS ?= build/cache/wheels
lite: $(LITE_VENV)/.lite-ready
	$(LITE_VENV)/bin/python lite/build.py --out build/lite $(if $(PYODIDE),--pyodide "$(PYODIDE)" --wheels "$(LITE_WHEELS)")

# The oldest versions pyproject.toml admits (uv's lowest-direct resolution), non-browser tests.
# uv alone can resolve "lowest": it is taken from PATH, else from .venv (where make test fetched it
# with pip), else fetched there now, so a machine with only python3 and make runs this too.
test-lowest: $(VENV)/.test-ready
	@UV=$$(command -v uv || echo "$(abspath $(BIN))/uv"); \
	if [ ! -x "$$UV" ]; then "$(BIN)/python" -m pip install -q uv || { echo "make test-lowest needs uv and could not install it with pip"; exit 1; }; fi; \
	[ -x "$(LOWEST_VENV)/bin/python" ] || "$$UV" venv -q "$(LOWEST_VENV)" --python "$(PYTHON)"; \
	VIRTUAL_ENV="$(abspath $(LOWEST_VENV))" "$$UV" pip install -q --compile-bytecode --python "$(LOWEST_VENV)/bin/python" \
	  --resolution lowest-direct -e ".[test]"
	$(LOWEST_VENV)/bin/python -m pytest -m "not browser and not slow" --disable-warnings \
	  $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS)) $(PYTEST_ARGS)

# --- The command line, with the workshop's own Python (no venv to activate) ----------------------

# make doctor: versions, the widget extension and the CJK font, and what to do about each problem
doctor: $(VENV)/.lab-ready
	$(BIN)/python -m rolecomp doctor

# make check-data [FILES="data/roles.csv ..."]: one line per problem, PATH:LINE: column
FILES ?= data/*.csv
check-data: $(VENV)/.lab-ready
	$(BIN)/python -m rolecomp check-data $(FILES)

# make export [OUT=slides] [EXPORT_ARGS="--lang zh --format svg --force"]: every chart at its defaults
OUT ?= slides
EXPORT_ARGS ?=
export: $(VENV)/.lab-ready
	$(BIN)/python -m rolecomp export-figures "$(OUT)" $(EXPORT_ARGS)

# make handouts [HANDOUT_ARGS="--lang zh --format html --force"]: every notebook of both editions, run in
# a fresh kernel, as a self-contained HTML file and a PDF (printed by the system's Chromium through
# playwright, which the handouts extra installs) under build/handouts; never overwrites without --force
HANDOUTS_OUT ?= build/handouts
HANDOUT_ARGS ?=
HANDOUTS_SPEC := .[handouts]
$(VENV)/.handouts-ready: pyproject.toml
	$(call install,$(HANDOUTS_SPEC),$(VENV))
	@touch $@

handouts: $(VENV)/.handouts-ready
	$(BIN)/python -m rolecomp handouts "$(HANDOUTS_OUT)" $(HANDOUT_ARGS)

# --- Benchmarks (benchmarks/README.md) ----------------------------------------------------------

# make bench-hub [HUB_ARGS="--users 5,20 --max 20 --json"]: JupyterHub with the shared-password
# login and local-process servers on 127.0.0.1 (benchmarks/hub.py); everything it starts is
# stopped at the end, also on Ctrl-C. Its proxy, npm's configurable-http-proxy, is installed under
# build/cache/chp (never globally); the bench extra brings jupyterhub.
HUB_ARGS ?=
CHP := build/cache/chp/node_modules/.bin/configurable-http-proxy
BENCH_SPEC := .[bench]
$(VENV)/.bench-ready: pyproject.toml
	$(call install,$(BENCH_SPEC),$(VENV))
	@touch $@

$(CHP):
	@command -v npm >/dev/null 2>&1 || { echo "make bench-hub needs npm (Node.js) for configurable-http-proxy"; exit 1; }
	npm install --prefix build/cache/chp --no-audit --no-fund configurable-http-proxy

bench-hub: $(VENV)/.bench-ready $(CHP)
	$(BIN)/python benchmarks/hub.py --proxy "$(CHP)" $(HUB_ARGS)
