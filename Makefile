# framing: everyday commands. Only Python 3.11 and make are assumed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.framing-installed
KERNEL := framing

.PHONY: setup report test lab bench clean help

help:
	@echo "make report  - set up, then run the notebook suite on the bundled corpus into reports/"
	@echo "make test    - set up, then run the tests"
	@echo "make lab     - open JupyterLab on notebooks/ with the project's kernel"
	@echo "make bench   - run the benchmarks (benchmarks/)"
	@echo "make clean   - remove the virtual environment and generated reports"

setup: $(STAMP)

# Re-install only when the package definition changes.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --prefix $(abspath $(VENV)) --name $(KERNEL) --display-name "Python (framing)" >/dev/null
	@touch $(STAMP)

report: $(STAMP)
	$(BIN)/framing report

test: $(STAMP)
	$(BIN)/python -m pytest

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) reports/*/
