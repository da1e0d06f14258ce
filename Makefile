# The README's two commands are `make demo` and `make test`; each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.installed-app
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench fake-jira typeview clean

# The demo needs only the app's own dependencies; tests and linters add theirs.
$(APP_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(APP_STAMP)

$(STAMP): $(APP_STAMP)
	$(BIN)/pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

demo: $(APP_STAMP)  ## open the cockpit on the embedded demo workspace
	$(BIN)/cockpit --demo

test: $(STAMP)  ## install what the tests need (system packages too) and run the whole suite
	bash scripts/system-deps.sh
	$(BIN)/pytest

lint: $(STAMP) typeview  ## ruff (lint + format), mypy and the import contracts, on a view shaped like the wheel
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy build/typeview/cockpit
	$(BIN)/mypy --config-file tests/mypy.ini tests
	cd build/typeview && ../../$(BIN)/lint-imports --no-cache ../../pyproject.toml

typeview:
	bash scripts/typeview.sh

bench: $(STAMP)  ## every benchmark, as ratios against baselines measured in the same run
	$(BIN)/python bench/run.py

fake-jira: $(STAMP)  ## the fake Jira on http://127.0.0.1:8089 (demo data)
	$(BIN)/python -m cockpit.fakejira --port 8089

clean:
	rm -rf build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
