# plan-cascade: `make demo` and `make test` set everything up on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench speed serve clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m cascade.demo

test: $(STAMP)
	$(BIN)/ruff check cascade tests bench
	$(BIN)/python -m pytest -q -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check cascade tests bench

serve: $(STAMP)
	$(BIN)/cascade serve $(SERVE_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/audit_bench.py

speed: $(STAMP)
	$(BIN)/python bench/speed.py

clean:
	rm -rf $(VENV) output .pytest_cache
