# Two commands: `make run` serves the app, `make test` runs ruff and every test (browser tests included).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Requirements are installed by scripts/install_requirements.sh (uv, else pip), without compiling every module to
# bytecode up front (torch and ray: about 50 s of CPU on a fresh clone): Python compiles only the modules the app
# and the tests import, on first import, and keeps them there, which a PYTHONDONTWRITEBYTECODE inherited from the
# shell would forbid (every process would recompile).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run run-class run-cluster test lint browser bench bench-gpu clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(PY)
	bash scripts/install_requirements.sh $(PY) requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	bash scripts/install_requirements.sh $(PY) requirements-dev.txt
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(PY) -m streamlit run streamlit_app.py --server.headless true --server.port $(PORT)

# Classroom mode: students see a generic message instead of tracebacks, no developer menu, and no watching of the
# source files (Streamlit resolves the path of every loaded module after each run of each session to watch them:
# a sixth of the server's CPU with 10 students following; see README, following the lecturer).
# SERVERS=N (N > 1) starts N server processes behind nginx with sticky sessions (scripts/run_servers.sh).
CLASS_FLAGS := --client.showErrorDetails none --client.toolbarMode viewer --server.fileWatcherType none
SERVERS ?= 1
# A class server loads the lecture's MNIST-type datasets in a thread when its first page opens, not on the first
# visit of the dropout or train page while the class waits (CIFAR-10 is left to the first LeNet run: 50,000 JPEGs to decode).
run-class run-cluster: export EXPLAINER_WARM_DATASETS ?= fashion_mnist,mnist
run-class: $(VENV)/.installed-run
ifeq ($(SERVERS),1)
	$(PY) -m streamlit run streamlit_app.py --server.headless true --server.port $(PORT) $(CLASS_FLAGS)
else
	PORT=$(PORT) SERVERS=$(SERVERS) STREAMLIT_FLAGS="$(CLASS_FLAGS)" bash scripts/run_servers.sh
endif

# Past one machine: a local Ray head with one worker slot trains for two server processes behind nginx
# (EXPLAINER_EXECUTOR=ray); identical configurations train once across both. README: "Past one machine".
run-cluster: $(VENV)/.installed-run
	PORT=$(PORT) SERVERS=2 RAY=1 STREAMLIT_FLAGS="$(CLASS_FLAGS)" bash scripts/run_servers.sh

browser:
	@bash scripts/ensure_chromium.sh

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .

# The fast unit tests first, then the pages in AppTest, then the browser tests, on both cores (pytest-xdist). The
# unit and AppTest tests share one pytest stage (tests/conftest.py hands out the unit test files first): each stage's
# workers import torch, Streamlit and the app again, and the AppTest files fill the gaps the unit tests leave (a
# local Ray cluster starting, subprocesses): 187 s together against 124 + 86 s as two stages. The browser stage runs
# only when the first passed.
# The browser stage's two processes each start one server and one Chromium that their tests share
# (tests/browser/conftest.py). Markers: tests/conftest.py and pyproject.toml.
# --durations: each stage ends with its slowest tests, so a test that grew slow shows up in every run.
test: $(VENV)/.installed-dev browser lint
	$(PY) -m pytest -m "not browser" -n 2 --dist loadfile --durations=15
	$(PY) -m pytest -m browser -n 2 --dist loadgroup --durations=10

bench: $(VENV)/.installed-run
	$(PY) -m explainer.training.bench --device cpu --recipes fashion_mlp,xor_mlp --epochs 1 --json

# On a machine with a GPU: checks the CUDA-graph path against eager steps, then times every recipe (README).
bench-gpu: $(VENV)/.installed-run
	$(PY) -m explainer.training.bench --device cuda --recipes all --epochs 1 --check --json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
