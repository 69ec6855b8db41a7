# Two commands do everything on a fresh Debian 12 or 13 machine, as root or as a user with sudo
# (needs only make and git beforehand):
#   make reports   set up (Debian packages, .venv with the runtime) and build every report: snakemake --cores 4
#   make test      set up (the same, plus the cluster and test packages) and run the tests
# Both are idempotent: a set-up step that is already done is skipped. Set-up prints what it does; on a
# fresh machine `make reports` takes about 1½ minutes in all (Debian packages, a minute of pip, the build).
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
PIP_INSTALL := $(PY) -m pip install --require-hashes --no-input --disable-pip-version-check

# Debian packages (the same names on Debian 12 and 13), each for what it provides:
#   python3 python3-venv   the interpreter (3.11 on Debian 12, 3.13 on 13) and `python3 -m venv` (ensurepip)
#   libpango-1.0-0         libpango-1.0.so.0, which WeasyPrint loads; it depends on libglib2.0-0 (on Debian 13
#                          libglib2.0-0t64: libgobject-2.0.so.0), libharfbuzz0b (libharfbuzz.so.0) and fontconfig
#   libpangoft2-1.0-0      libpangoft2-1.0.so.0, loaded by WeasyPrint; depends on libfontconfig1 (libfontconfig.so.1)
#   libharfbuzz-subset0    libharfbuzz-subset.so.0: WeasyPrint's deterministic font subsets in the PDFs
#   fonts-ipaexfont        the Japanese font IPAexGothic (config.yaml chart_font_path, templates/report.css)
#   poppler-utils          pdftoppm and pdftotext, to look at the PDFs' pages as pictures or text
# These are the libraries weasyprint/text/ffi.py opens and WeasyPrint's documented Debian packages for a
# pip install; everything else (freetype, fribidi, expat, glib) comes in as their dependencies.
APT_PACKAGES := python3 python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-ipaexfont \
                poppler-utils
# and for the tests only (make test, make test-fast; a target-specific value reaches the set-up steps it depends on):
#   libreoffice-calc-nogui  soffice --headless --convert-to xlsx: a data-entry workbook re-saved by LibreOffice
#                           imports as the original does (tests/test_entry.py)
#   chromium                headless: the HTML editions laid out at a phone's width (tests/test_page_pictures.py)
# Without them those tests skip, saying why.
APT_TEST_PACKAGES := libreoffice-calc-nogui chromium
setup-test: APT_PACKAGES += $(APT_TEST_PACKAGES)

PY_MIN := 3.11
PY_MAX := 3.13
# the same range as PY_MIN, PY_MAX (also in requirements/environment.py; UV_COMPILE below pins for PY_MIN)
PY_CHECK = -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))'

.PHONY: reports test test-fast check setup setup-test setup-cluster system python requirements lint review bench archive \
        mutate entry import
reports: setup
	$(VENV)/bin/snakemake --cores 4

test: setup-test
	$(PY) requirements/environment.py --check
	$(PY) -m pytest -q --durations=10

# The fast lane: unit and model tests, no Snakemake builds (a few seconds; run it on every change).
test-fast: setup-test
	$(PY) -m pytest -q -m "not e2e"

# Mutation testing of the domain core (tests/mutate.py): the score by module and the surviving mutants. Slow (minutes,
# at the lowest priority), so neither `make test` nor CI runs it. mutmut has its own venv (requirements/mutate.txt).
MUTATE_VENV := .venv-mutate
mutate: setup-test $(MUTATE_VENV)/.mutate-installed
	nice -n 19 $(MUTATE_VENV)/bin/python tests/mutate.py

# The checks of every document and year, without drawing or rendering (seconds): every problem listed at once.
#   make check            all years        make check FY=2025    one fiscal year
check: setup
	$(PY) scripts/check.py $(FY)

# A fiscal year's data entered in Excel (README, "Entering a year in Excel"):
#   make entry FY=2025               writes entry/2025.xlsx: the year's rows, blank rows for what it lacks
#   make import FILE=entry/2025.xlsx checks every cell and writes the rows into data/*.csv (nothing if any is wrong)
entry: setup
	@test -n "$(FY)" || { echo 'usage: make entry FY=<fiscal year>' >&2; exit 2; }
	$(PY) scripts/entry.py export $(FY)

import: setup
	@test -n "$(FILE)" || { echo 'usage: make import FILE=<path of the workbook>' >&2; exit 2; }
	$(PY) scripts/entry.py import "$(FILE)"

lint: setup
	$(VENV)/bin/snakemake --lint

# What each set-up installs into .venv (requirements/README.md): runtime for the reports; runtime and the
# SLURM executor for profiles/slurm; all of that and pytest, pypdf for the tests.
setup: $(VENV)/.runtime-installed
setup-cluster: $(VENV)/.cluster-installed
setup-test: $(VENV)/.test-installed

# Debian packages: installed with apt-get when one is missing (as root, or through sudo).
system:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "==> Not a Debian system: skipping the Debian packages. Install the equivalents of:" $(APT_PACKAGES) >&2; \
	  exit 0; \
	fi; \
	missing=$$(for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${db:Status-Abbrev}' $$p 2>/dev/null | grep -q '^ii' || echo $$p; done); \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ]; then sudo=; \
	elif command -v sudo >/dev/null 2>&1; then sudo=sudo; \
	else \
	  echo "error: these Debian packages are missing:" $$missing >&2; \
	  echo "  installing them needs root: run make as root, install sudo, or have an administrator run" >&2; \
	  echo "  apt-get install" $$missing >&2; \
	  exit 1; \
	fi; \
	echo "==> Installing Debian packages$${sudo:+ (with sudo)}:" $$missing; \
	$$sudo apt-get update && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing

# The Python that makes .venv, and later .venv's own Python, must be 3.11–3.13 (what the pins are tested on).
python: system
	@if [ -x $(PY) ]; then \
	  $(PY) $(PY_CHECK) 2>/dev/null || { \
	    echo "error: $(VENV) has Python $$($(PY) -V 2>&1 | cut -d' ' -f2); $(PY_MIN)–$(PY_MAX) is supported." >&2; \
	    echo "  remove it (rm -rf $(VENV)) and run make again, with PYTHON=python3.X if needed" >&2; exit 1; }; \
	else \
	  command -v $(PYTHON) >/dev/null 2>&1 || { \
	    echo "error: $(PYTHON) not found; Python $(PY_MIN)–$(PY_MAX) is needed (make PYTHON=python3.X ...)" >&2; exit 1; }; \
	  $(PYTHON) $(PY_CHECK) || { \
	    echo "error: $(PYTHON) is Python $$($(PYTHON) -V 2>&1 | cut -d' ' -f2); Python $(PY_MIN)–$(PY_MAX) is supported." >&2; \
	    echo "  run make with PYTHON=python3.X naming one of those, e.g. make reports PYTHON=python3.12" >&2; exit 1; }; \
	  echo "==> Creating $(VENV) with $$($(PYTHON) -V)"; \
	  $(PYTHON) -m venv $(VENV); \
	fi

# pip itself is pinned (requirements/pip.txt), then one lock file is installed with its hashes checked. Each
# lock contains the smaller ones with the same pins (requirements/README.md), so installing test.txt also
# completes the cluster and runtime set-ups.
$(VENV)/.pip-installed: requirements/pip.txt | python
	@echo "==> Installing pip (requirements/pip.txt)"
	$(PIP_INSTALL) -r requirements/pip.txt
	@touch $@

SMOKE := import sys, weasyprint.text.ffi as f; f.harfbuzz_subset or sys.exit( \
  "error: WeasyPrint finds no libharfbuzz-subset.so.0 (Debian: libharfbuzz-subset0)")
$(VENV)/.runtime-installed: requirements/runtime.txt $(VENV)/.pip-installed
	@echo "==> Installing the runtime packages (requirements/runtime.txt; about a minute on a fresh machine)"
	$(PIP_INSTALL) -r requirements/runtime.txt
	@$(PY) -c '$(SMOKE)'
	@touch $@

$(VENV)/.cluster-installed: requirements/cluster.txt $(VENV)/.pip-installed
	@echo "==> Installing the runtime and the SLURM executor (requirements/cluster.txt; about a minute on a fresh machine)"
	$(PIP_INSTALL) -r requirements/cluster.txt
	@$(PY) -c '$(SMOKE)'
	@touch $(VENV)/.runtime-installed $@

$(VENV)/.test-installed: requirements/test.txt $(VENV)/.pip-installed
	@echo "==> Installing the runtime, the SLURM executor and the test packages (requirements/test.txt; about a minute on a fresh machine)"
	$(PIP_INSTALL) -r requirements/test.txt
	@$(PY) -c '$(SMOKE)'
	@touch $(VENV)/.runtime-installed $(VENV)/.cluster-installed $@

$(MUTATE_VENV)/.mutate-installed: requirements/mutate.txt requirements/pip.txt | python
	@[ -x $(MUTATE_VENV)/bin/python ] || { echo "==> Creating $(MUTATE_VENV) for mutmut"; $(PYTHON) -m venv $(MUTATE_VENV); }
	@echo "==> Installing mutmut (requirements/mutate.txt) into $(MUTATE_VENV)"
	$(MUTATE_VENV)/bin/python -m pip install --require-hashes --no-input --disable-pip-version-check -r requirements/pip.txt
	$(MUTATE_VENV)/bin/python -m pip install --require-hashes --no-input --disable-pip-version-check -r requirements/mutate.txt
	@touch $@

# Re-pin after editing a requirements/*.in (needs uv: pip install uv). Existing pins are kept unless an
# .in file asks otherwise; `make requirements UPGRADE=1` moves every pin to the newest release.
UV_COMPILE = UV_CUSTOM_COMPILE_COMMAND="make requirements" uv pip compile --quiet --universal \
             --python-version $(PY_MIN) --generate-hashes $(if $(UPGRADE),--upgrade)
requirements:
	@command -v uv >/dev/null || { echo "error: make requirements needs uv (pip install uv)" >&2; exit 1; }
	$(UV_COMPILE) requirements/pip.in -o requirements/pip.txt
	$(UV_COMPILE) requirements/runtime.in -o requirements/runtime.txt
	$(UV_COMPILE) requirements/cluster.in -o requirements/cluster.txt
	$(UV_COMPILE) requirements/test.in -o requirements/test.txt
	$(UV_COMPILE) requirements/mutate.in -o requirements/mutate.txt
	$(PYTHON) requirements/environment.py

# The review bundle: every chart and table with captions, as one HTML file.
review: reports
	$(VENV)/bin/snakemake --report reports/review.html

# The benchmark (bench/run.py): timings as multiples of R, RSS, PDF sizes, scaling; writes bench/results.csv. R imports
# pandas, which the test set-up installs.
bench: setup-test
	$(PY) bench/run.py

# Accept a build as the publication of its year: archive its tables for the backtests (tests/test_backtest.py),
# with archive.yaml (date, reason, the publication's SHA-256). Deliberate, never automatic: run it when a report
# is published or a published figure is knowingly corrected, then commit reports/<FY>/published/.
#   make archive FY=2025 REASON="令和7年度の運用状況、令和8年7月公表"
#                          builds, lists every figure that differs from the archive, then copies
#                          reports/2025/<slug>/tables/*.csv → reports/2025/published/<slug>/ for each document
archive: setup
	@test -n "$(FY)" -a -n "$(REASON)" || { echo 'usage: make archive FY=<fiscal year> REASON="why it is accepted"' >&2; exit 2; }
	$(VENV)/bin/snakemake --cores 4
	$(PY) scripts/archive.py $(FY) --reason "$(REASON)"
