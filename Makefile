# Styrgraf — the two commands of the Quickstart, and their set-up.
#   make run    set up, ingest the seed documents (or SEEDS=path) and serve on http://127.0.0.1:8000
#   make test   set up and run the whole test suite (ruff, mypy --strict, pytest)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SEEDS  ?= ../shared/seeds
STORE  ?= var/store
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test setup ingest serve lint bench clean chromium

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: setup
	$(BIN)/styrgraf ingest $(SEEDS) --store $(STORE)
	$(BIN)/styrgraf serve --store $(STORE) --host $(HOST) --port $(PORT)

test: setup lint chromium
	$(BIN)/pytest

chromium:  # the browser test drives Debian's chromium headless
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: setup  # the HTTP section also needs wrk (Debian: apt-get install -y wrk)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var build *.egg-info
