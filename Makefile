# Otklik: `make run` to start the desk with demo data, `make test` for the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_TICKETS ?= 3000
# Everything started from here is a development desk: the built-in SECRET_KEY is allowed
# (docs/deployment.md). A production desk is started with its own environment, not with make.
export OTKLIK_DEV ?= 1

.PHONY: run test install install-dev lint format typecheck migrations-check bench clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/otklik migrate --noinput
	$(BIN)/otklik demo --if-empty --tickets $(DEMO_TICKETS) --seed 1
	HOST=$(HOST) PORT=$(PORT) $(BIN)/otklik run

test: install-dev
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: install-dev
	$(BIN)/mypy otklik

migrations-check: install-dev
	$(BIN)/otklik makemigrations --check --dry-run

messages: install-dev
	cd otklik && ../$(BIN)/otklik makemessages -l ru -l en --no-obsolete --ignore "demo/*" && ../$(BIN)/otklik compilemessages

# The peer comparison (docs/benchmarks.md), then the classifier's and the staffing model's speed
# (their numbers go to docs/classification.md and docs/workforce.md by hand, with the machine).
bench: install-dev
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.classify_speed
	$(BIN)/python -m bench.workforce_speed

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
