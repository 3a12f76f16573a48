# Every target creates .venv and installs into it on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test bench validate lint eval console clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

run: $(STAMP)  ## start the Telegram bot if TELEGRAM_BOT_TOKEN is set, else the console
	$(PY) -m bot run

test: $(TEST_STAMP)  ## validate the knowledge base, then run the whole test suite
	$(PY) -m bot validate
	$(PY) -m pytest

bench: $(TEST_STAMP)  ## speed and memory, at the real size and on synthetic bases
	$(PY) -m bot bench

validate: $(STAMP)
	$(PY) -m bot validate

eval: $(STAMP)
	$(PY) -m bot eval tests/eval

lint: $(TEST_STAMP)
	$(PY) -m ruff check bot tests
	$(PY) -m mypy bot

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
