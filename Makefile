# Two commands do everything on a fresh Debian machine (Python 3.11, root or sudo-less root shell):
#   make reports   set up (Debian packages + .venv) and build every report: snakemake --cores 4
#   make test      set up the same way and run the tests
# Both are idempotent: set-up steps are skipped when already done.
VENV := .venv
PY := $(VENV)/bin/python
APT_PACKAGES := fonts-ipaexfont libharfbuzz-subset0 poppler-utils
PYTHON ?= python3

.PHONY: reports test test-fast check setup system lint review bench archive
reports: setup
	$(VENV)/bin/snakemake --cores 4

test: setup
	$(PY) -m pytest -q

# The fast lane: unit and model tests, no Snakemake builds (a few seconds; run it on every change).
test-fast: setup
	$(PY) -m pytest -q -m "not e2e"

# The checks of every document and year, without drawing or rendering (seconds): every problem listed at once.
#   make check            all years        make check FY=2025    one fiscal year
check: setup
	$(PY) scripts/check.py $(FY)

lint: setup
	$(VENV)/bin/snakemake --lint

setup: system $(VENV)/.installed

# Debian packages: the Japanese font, HarfBuzz's subsetter (deterministic font subsets in the PDFs),
# poppler-utils (pdftoppm, to look at pages as pictures).
system:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

# The review bundle: every chart and table with captions, as one HTML file.
review: reports
	$(VENV)/bin/snakemake --report reports/review.html

# The benchmark (bench/run.py): timings as multiples of R, RSS, PDF sizes, scaling; writes bench/results.csv.
bench: setup
	$(PY) bench/run.py

# Archive a published report's computed tables for the backtests (tests/test_backtest.py). Deliberate,
# never automatic: run it when a report is published or a published figure is knowingly corrected, then
# commit reports/<FY>/published*/ with the reason.
#   make archive FY=2024   builds, lists every figure that differs from the archive, then copies
#                          reports/2024/<slug>/tables/*.csv → reports/2024/published/<slug>/ for each document
archive: setup
	@test -n "$(FY)" || { echo "usage: make archive FY=<fiscal year>   e.g. make archive FY=2024" >&2; exit 2; }
	$(VENV)/bin/snakemake --cores 4
	$(PY) scripts/archive.py $(FY)
