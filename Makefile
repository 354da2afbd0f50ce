# Two entry points: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck unit clean

$(BIN)/srmap: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,demo]'
	touch $@

# The example has deliberate gaps, so the scan exits 1 (findings); only 2 (an error) fails the demo.
demo: $(BIN)/srmap
	$(BIN)/srmap demo; status=$$?; test $$status -le 1
	@echo
	@echo "The same workload as code: $(BIN)/srmap scan examples/webshop/terraform/plan.json --policy examples/webshop/srmap.yaml"

lint: $(BIN)/srmap
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: $(BIN)/srmap
	$(BIN)/mypy

unit: $(BIN)/srmap
	$(BIN)/pytest

test: lint typecheck unit

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
