# make serve: set up .venv, build and serve the site with live reload.
# make test:  the same environment plus test tools (and Debian's chromium), then the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
EXTRACTION_BENCH ?= ../shared/bench/extraction

.PHONY: serve site test lint java bench bench-extraction audit clean

serve: $(VENV)/.installed
	$(PY) build.py serve --port $(PORT)

site: $(VENV)/.installed
	$(PY) build.py build

test: $(VENV)/.test-installed $(CHROMIUM) java
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

# The HTML validator (vnu.jar) runs on Java; install a JRE when there is none.
java:
	@command -v java >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless) >/dev/null; \
	  else \
	    echo "java is missing: run 'sudo apt-get install default-jre-headless' (HTML validation needs it)"; exit 1; \
	  fi; }

# Speed against Pelican and Hugo (bench/README.md); the peers live in their own environment.
bench/.venv-peers/.installed: bench/requirements-peers.txt
	$(PYTHON) bench/peers.py setup

$(VENV)/.bench-installed: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[fast,search]'
	touch $@

bench: $(VENV)/.bench-installed bench/.venv-peers/.installed
	$(PY) bench/run.py $(if $(BENCH_N),--n $(BENCH_N))

# Lighthouse scores of the index, a story and an article (optional; npm and chromium).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

audit: $(VENV)/.test-installed $(CHROMIUM) node_modules/.installed
	CHROME_PATH=$(CHROMIUM) $(PY) tools/audit.py

bench-extraction: $(VENV)/.installed
	$(PY) bench/extraction.py --bench $(EXTRACTION_BENCH)

clean:
	rm -rf public .cache bench/out .pytest_cache test-artifacts
