# Summit Forum: `make run` serves the demo summit, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi.py

.PHONY: run test lint format clean assets bench

ASSET_SOURCES := $(wildcard static/src/*.scss static/src/forum/*.scss static/src/*.mjs)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/forum.css: node_modules/.installed $(ASSET_SOURCES)
	npm run --silent build

assets: static/build/forum.css

run: $(VENV)/.runtime assets
	$(BIN)/flask db upgrade
	$(BIN)/flask forum demo --if-empty
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: $(VENV)/.dev assets
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Our forum against Isso, FlaskBB and the ceilings in one run (bench/README.md).
bench:
	bash bench/run.sh

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache node_modules static/build
