# Two commands: `make run` serves the app, `make test` runs ruff and every test (browser tests included).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run run-class test lint browser bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(PY) -m streamlit run streamlit_app.py --server.headless true --server.port $(PORT)

# Classroom mode: students see a generic message instead of tracebacks, no developer menu.
run-class: $(VENV)/.installed-run
	$(PY) -m streamlit run streamlit_app.py --server.headless true --server.port $(PORT) \
		--client.showErrorDetails none --client.toolbarMode viewer

browser:
	@bash scripts/ensure_chromium.sh

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .

# Fast unit tests first, then the pages in AppTest, then the browser tests, each stage on both cores (pytest-xdist);
# a stage runs only when the one before passed. The browser stage's two processes each start one server and one
# Chromium that their tests share (tests/browser/conftest.py). Markers: tests/conftest.py and pyproject.toml.
# --durations: each stage ends with its slowest tests, so a test that grew slow shows up in every run.
test: $(VENV)/.installed-dev browser lint
	$(PY) -m pytest -m "not apptest and not browser" -n 2 --dist loadfile --durations=10
	$(PY) -m pytest -m apptest -n 2 --dist loadfile --durations=10
	$(PY) -m pytest -m browser -n 2 --dist loadgroup --durations=10

bench: $(VENV)/.installed-run
	$(PY) -m explainer.training.bench --device cpu --recipes fashion_mlp,xor_mlp --epochs 1 --json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
