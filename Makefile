# make serve: set up .venv, build and serve the site with live reload.
# make test:  the same environment plus test tools (and Debian's chromium), then the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
EXTRACTION_BENCH ?= ../shared/bench/extraction

.PHONY: serve site test lint bench bench-extraction audit clean

serve: $(VENV)/.installed
	$(PY) build.py serve --port $(PORT)

site: $(VENV)/.installed
	$(PY) build.py build

test: $(VENV)/.test-installed $(CHROMIUM)
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(VENV)/.test-installed
	$(PY) -m ruff check .

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.created
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# Browser tests drive Debian's chromium (no browser downloads); install it when missing.
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; \
	else \
	  echo "chromium is missing: run 'sudo apt-get install chromium' (browser tests need it)"; exit 1; \
	fi

bench-extraction: $(VENV)/.installed
	$(PY) bench/extraction.py --bench $(EXTRACTION_BENCH)

clean:
	rm -rf public .cache bench/out .pytest_cache
