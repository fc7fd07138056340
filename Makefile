# The two commands a newcomer needs: `make demo` (set up, then run the main job on the
# bundled fixtures) and `make test` (set up, then run the tests).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= sqlite:///plansift.db

.PHONY: setup demo test bench clean

$(BIN)/plansift: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/plansift

demo: setup
	$(BIN)/plansift --db $(DB) ingest fixtures/plans; test $$? -le 1
	$(BIN)/plansift --db $(DB) export actions.csv
	$(BIN)/plansift evaluate fixtures/gold actions.csv

test: setup
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) plansift.db actions.csv
