# framing: everyday commands. Only Python 3.11 and make are assumed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.framing-installed
KERNEL := framing

.PHONY: setup browser report study test lint lab bench docs clean-notebooks clean help

help:
	@echo "make report  - set up, then run the notebook suite on the bundled corpus into reports/"
	@echo "make test    - set up, then run the lint, format and type checks, the manual's build and the tests"
	@echo "make lint    - ruff (lint and format check) and mypy over src/"
	@echo "make lab     - open JupyterLab on notebooks/ with the project's kernel"
	@echo "make study   - run the 2022 RT-vs-Western study on ../shared/corpora and refresh docs/study/"
	@echo "make bench   - run the benchmarks (benchmarks/)"
	@echo "make docs    - build the manual (docs/, mkdocs) into site/"
	@echo "make clean-notebooks - strip outputs from notebooks/ before committing an edit"
	@echo "make clean   - remove the virtual environment and generated reports"

setup: $(STAMP)

# Re-install only when the package definition changes.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,docs,dev]'
	$(BIN)/python -m ipykernel install --prefix $(abspath $(VENV)) --name $(KERNEL) --display-name "Python (framing)" >/dev/null
	@touch $(STAMP)

report: $(STAMP)
	$(BIN)/framing report

# The browser test drives JupyterLab in Debian's Chromium (no browser download). Installed once with
# apt when missing and we are root; otherwise the browser test says what to install.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not found: install Debian's chromium package to run the browser test"; fi; }

study: $(STAMP)
	$(BIN)/python -m tools.study

test: $(STAMP) browser lint
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir $$(mktemp -d)
	$(BIN)/python -m pytest

# Lint, format and type checks of src/ (configured in pyproject.toml); make test runs them first.
lint: $(STAMP)
	$(BIN)/ruff check src
	$(BIN)/ruff format --check src
	$(BIN)/mypy

clean-notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --clear-output --inplace notebooks/*.ipynb

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) reports/*/ site/
