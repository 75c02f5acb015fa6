# rolecomp: the front door. Two commands do all the set-up on a fresh machine:
#   make lab    create .venv if missing, install, open JupyterLab on the notebooks
#   make test   create/update the same .venv with the test tools and run the whole suite
# Re-running either is quick: installs happen only when pyproject.toml changed.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

.PHONY: lab test test-lowest lint present lite clean help

help:
	@echo "make lab     open the workshop in JupyterLab (installs on first run)"
	@echo "make test    run every test (installs test tools on first run)"
	@echo "make present serve the notebooks with Voila, code hidden (projector)"
	@echo "make lite    build a JupyterLite site (no server) under build/lite"

# Create the venv and install. uv is used when it can be had (about 10x faster on a class's
# laptops); otherwise plain pip does the same job.
define install
	@if [ ! -x "$(BIN)/python" ]; then \
	  if command -v uv >/dev/null 2>&1; then uv venv -q --seed "$(VENV)" --python "$(PYTHON)"; \
	  else "$(PYTHON)" -m venv "$(VENV)"; fi; \
	fi
	@if command -v uv >/dev/null 2>&1; then UV=uv; \
	elif [ -x "$(BIN)/uv" ] || "$(BIN)/python" -m pip install -q uv >/dev/null 2>&1; then UV="$(BIN)/uv"; \
	else UV=; fi; \
	if [ -n "$$UV" ]; then echo "installing with uv: $(1)"; \
	  VIRTUAL_ENV="$(abspath $(VENV))" "$$UV" pip install -q --python "$(BIN)/python" -e "$(1)"; \
	else echo "installing with pip: $(1)"; \
	  "$(BIN)/python" -m pip install -q -e "$(1)"; fi
endef

$(VENV)/.lab-ready: pyproject.toml
	$(call install,.)
	@touch $@

$(VENV)/.test-ready: pyproject.toml
	$(call install,.[test,present])
	@touch $@ $(VENV)/.lab-ready

lab: $(VENV)/.lab-ready
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) $(ROOT_FLAG) \
	  --ServerApp.root_dir="$(CURDIR)/notebooks" $(LAB_ARGS)

test: $(VENV)/.test-ready
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf build dist _output .pytest_cache
