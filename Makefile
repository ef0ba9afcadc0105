# Two commands on a fresh machine: `make html` and `make test` (Python 3.11+ and make).
# Every target sets up .venv with the pinned dependencies first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
SPHINXOPTS ?= -W --keep-going
BIB    := sparsity.bib

RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed

.PHONY: help html pdf site latex-check lint-bib lint-since test test-fast test-compat test-data-change lint lint-workflows readme \
	check-readme markdown sync sync-check sync-verify sync-demo contributed-summary bench mutation clean distclean venv

help:
	@echo "make html          build the site into _build/html (sets up .venv first)"
	@echo "make pdf           build _build/latex/sparsity.pdf (needs TeX Live, see below)"
	@echo "make latex-check   compile sparsity.bib with biblatex+biber and with natbib+bibtex"
	@echo "make lint-bib      report what curators should fix in $(BIB) (python -m ext lint)"
	@echo "make lint-since    the lint of the entries added or changed since git revision SINCE (default origin/main)"
	@echo "make site          the site with the PDF and sparsity.bib inside (what GitHub Pages publishes)"
	@echo "make test          run the whole test suite (TeX, Chromium and benchmarks included)"
	@echo "make test-fast     the suite without TeX, browser and benchmark tests, on both cores"
	@echo "make test-compat   the fast suite and a -W site build on the oldest supported Sphinx, docutils, pyzotero ..."
	@echo "make test-data-change  pull an edited fake library into a copy of the project; its suite must pass"
	@echo "make lint          ruff (complexity gate included), ruff format --check, mypy, import-linter, and the workflow checks"
	@echo "make lint-workflows  actionlint and zizmor on .github/workflows"
	@echo "make readme        regenerate the papers list in README.md from $(BIB)"
	@echo "make check-readme  fail when README.md's list is stale"
	@echo "make markdown      print the papers list as Markdown"
	@echo "make sync          pull the Zotero group into $(BIB) (needs ZOTERO_GROUP_ID, ZOTERO_API_KEY), then make readme"
	@echo "make sync-verify   build the site, check the README and lint the changed entries; the sync report starts with the outcomes"
	@echo "make sync-check    exit 1 when $(BIB) is behind the Zotero group or an item cannot be mirrored as it is (for CI)"
	@echo "make sync-demo     pull from a local fake Zotero server: a sync without a Zotero account"
	@echo "make contributed-summary  Markdown list of entries without a zoterokey (to push after merge)"
	@echo "make bench         run the benchmarks, write bench/results.md"
	@echo "make mutation      mutation testing (mutmut) of the core modules, each against its own tests; the score per module"
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

TEX_PACKAGES := texlive-luatex texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended \
	texlive-bibtex-extra fonts-freefont-otf fonts-noto-cjk fonts-symbola fonts-dejavu-core fontconfig latexmk biber
LATEXMKOPTS ?= -silent
# Never shell escape; stop at the first error instead of waiting for input.
export LATEXOPTS = -no-shell-escape -halt-on-error -interaction=nonstopmode

tex-present:
	@command -v lualatex >/dev/null && command -v xelatex >/dev/null && command -v latexmk >/dev/null || \
	  { echo "Error: TeX is missing; install it with: sudo apt-get install $(TEX_PACKAGES)"; exit 1; }

# The same SPHINXOPTS as html, so one warning policy holds for both (what stops one stops the other),
# without -q/-Q: with them, sphinx-build would replace LATEXOPTS and so allow restricted shell escape.
pdf: $(RUNTIME_STAMP) tex-present
	@mkdir -p _build
	@$(BIN)/sphinx-build -M latexpdf . _build $(filter-out -q -Q,$(SPHINXOPTS)) > _build/pdf.log 2>&1 || \
	  { tail -n 40 _build/pdf.log; echo "Error: the PDF build failed; the full log is _build/pdf.log"; exit 1; }
	@echo "PDF built: _build/latex/sparsity.pdf"

# The published site: the PDF first, then the pages, which publish it and the bib and link them
# (conf.py reads PAPERS_PDF; PAPERS_BASEURL, the site's URL, makes the feed's links absolute).
site: pdf
	PAPERS_PDF=_build/latex/sparsity.pdf $(MAKE) html

latex-check: $(RUNTIME_STAMP) tex-present
	$(PY) latex/check.py $(BIB)

lint-bib: $(RUNTIME_STAMP)
	$(PY) -m ext lint $(BIB)

# Only what a change brings: the entries added or changed since git revision SINCE (check.yml: the PR's base)
SINCE ?= origin/main
LINT_FORMAT ?= text
lint-since: $(RUNTIME_STAMP)
	$(PY) -m ext lint --since "$(SINCE)" --format $(LINT_FORMAT) $(BIB)

# the browser tests in a run of their own: their browser and page server stay up (threads) until the
# run ends, and the tests of what the extension does only in a single-threaded process (fork, freeze
# the heap) must not share a process with them
test: $(DEV_STAMP)
	$(PY) -m pytest -n 2 -m "not browser" $(PYTEST_ARGS)
	$(PY) -m pytest -n 2 -m browser $(PYTEST_ARGS)

test-fast: $(DEV_STAMP)
	$(PY) -m pytest -n 2 -m "not tex and not browser and not bench and not install" $(PYTEST_ARGS)

# The oldest versions pyproject.toml admits (requirements-oldest.txt) in a venv of their own: pip must
# resolve the project with them, the suite must pass, and the site must build with -W.
COMPAT := .venv-oldest
COMPAT_TEST_TOOLS = $(shell grep -E '^(pytest|pytest-xdist|execnet|hypothesis|sortedcontainers|iniconfig|pluggy|playwright|greenlet)==' requirements-dev.txt)
test-compat: | $(PY)
	@test -x $(COMPAT)/bin/python || $(PYTHON) -m venv $(COMPAT)
	$(COMPAT)/bin/python -m pip install --quiet --disable-pip-version-check -c requirements-oldest.txt . $(COMPAT_TEST_TOOLS)
	$(COMPAT)/bin/python -c 'import sphinx, docutils, pyzotero; print("test-compat on Sphinx", sphinx.__version__, "docutils", docutils.__version__, "pyzotero", pyzotero.__version__)'
	$(COMPAT)/bin/sphinx-build -q -W --keep-going -b html . _build/compat-html
	$(COMPAT)/bin/python -m pytest -n 2 -m "not tex and not browser and not bench and not install" $(PYTEST_ARGS)

test-data-change: $(DEV_STAMP)
	$(PY) -m tests.data_change

lint: $(DEV_STAMP) lint-workflows
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# actionlint gets the files: without them it looks for a git project and fails in an export with no .git
lint-workflows: $(DEV_STAMP)
	$(BIN)/actionlint $(wildcard .github/workflows/*.yml)
	$(BIN)/zizmor --offline --min-severity low .github/workflows

markdown: $(RUNTIME_STAMP)
	@$(PY) -m ext render --format markdown $(BIB)

readme: $(RUNTIME_STAMP)
	$(PY) -m ext readme README.md $(BIB)

check-readme: $(RUNTIME_STAMP)
	$(PY) -m ext readme --check README.md $(BIB)

# SYNC_REPORT=FILE.md also writes the change report (the sync workflow's pull request body)
sync: $(RUNTIME_STAMP)
	@mkdir -p _build
	$(PY) -m sync pull --bib $(BIB) $(if $(SYNC_REPORT),--report $(SYNC_REPORT))
	$(MAKE) readme

# What the sync job checks before it opens the pull request; the report (SYNC_REPORT) starts with the outcomes
sync-verify: $(RUNTIME_STAMP)
	$(PY) -m sync.commands.verify --report $(or $(SYNC_REPORT),_build/sync-report.md) \
	  --check "the site builds with no warning (a citation of a removed key fails it)=$(MAKE) --no-print-directory html" \
	  --check "README's list is current=$(MAKE) --no-print-directory check-readme" \
	  --check "no lint error in the added and changed entries=$(MAKE) --no-print-directory lint-since SINCE=HEAD"

contributed-summary: $(RUNTIME_STAMP)
	@$(PY) -m sync contributed --bib $(BIB) >> "$${GITHUB_STEP_SUMMARY:-/dev/stdout}"

sync-check: $(RUNTIME_STAMP)
	$(PY) -m sync pull --check --strict --bib $(BIB)

sync-demo: $(RUNTIME_STAMP)
	$(PY) -m tests.zotero_fixture

bench: $(DEV_STAMP)
	$(PY) -m bench

# Mutation testing (issue 21): mutmut copies ext/ and sync/ into mutants/, mutates the modules
# [tool.mutmut] in pyproject.toml names, and runs each mutant against the tests listed there that reach
# it. Slow (some 1 100 mutants, six to ten minutes on two cores), so neither make test nor CI runs it.
# MUTATE=sync.mapping.citekeys limits the run to one module; `.venv/bin/mutmut show NAME` prints one mutant.
MUTATE ?= sync.mapping.citekeys sync.local.mirror ext.reader.bibtext ext.style.pages
mutation: $(DEV_STAMP)
	rm -rf mutants
	@for module in $(MUTATE); do $(BIN)/mutmut run --max-children 2 "$$module.*" > /dev/null || exit 1; done
	@$(BIN)/mutmut results --all true | awk -F': ' '{ m = $$1; sub(/^ */, "", m); sub(/\.[^.]*$$/, "", m); \
	  if ($$2 == "not checked") next; total[m]++; if ($$2 == "killed" || $$2 == "timeout") killed[m]++; \
	  else survivors[m] = survivors[m] "\n  " $$2 ": " $$1 } \
	  END { for (m in total) printf "%s: %d/%d killed%s\n", m, killed[m], total[m], survivors[m] }'

clean:
	rm -rf _build mutants

distclean: clean
	rm -rf $(VENV) $(COMPAT)
