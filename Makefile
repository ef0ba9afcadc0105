# Two commands on a fresh machine: `make html` and `make test` (Python 3.11+ and make).
# Every target sets up .venv with the pinned dependencies first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
SPHINXOPTS ?= -W --keep-going -q
BIB    := sparsity.bib

RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed

.PHONY: help html test readme check-readme markdown clean distclean venv

help:
	@echo "make html          build the site into _build/html (sets up .venv first)"
	@echo "make test          run the test suite"
	@echo "make readme        regenerate the papers list in README.md from $(BIB)"
	@echo "make check-readme  fail when README.md's list is stale"
	@echo "make markdown      print the papers list as Markdown"
	@echo "make clean         remove _build"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Error: Python 3.11 or newer is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(DEV_STAMP): requirements-dev.txt requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(RUNTIME_STAMP) $@

venv: $(RUNTIME_STAMP)

html: $(RUNTIME_STAMP)
	$(BIN)/sphinx-build -M html . _build $(SPHINXOPTS)
	@echo "Site built: _build/html/index.html"

test: $(DEV_STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

markdown: $(RUNTIME_STAMP)
	@$(PY) -m ext render --format markdown $(BIB)

readme: $(RUNTIME_STAMP)
	$(PY) -m ext readme README.md $(BIB)

check-readme: $(RUNTIME_STAMP)
	$(PY) -m ext readme --check README.md $(BIB)

clean:
	rm -rf _build

distclean: clean
	rm -rf $(VENV)
