# The two commands a newcomer needs: `make demo` (set up, then run the main job on the
# bundled fixtures) and `make test` (set up, then run the tests).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test bench clean

$(BIN)/plansift: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/plansift

# A .docx and the .pdf exported from it share a document key (the file's stem), so each
# format goes to its own database: the PDFs (as councils publish) and the Word originals.
demo: setup
	$(BIN)/plansift --db sqlite:///plansift.db ingest fixtures/plans/*.pdf; test $$? -le 1
	$(BIN)/plansift --db sqlite:///plansift.db export actions.csv
	$(BIN)/plansift evaluate fixtures/gold actions.csv
	$(BIN)/plansift --db sqlite:///plansift-word.db ingest fixtures/plans/*.docx; test $$? -le 1
	$(BIN)/plansift --db sqlite:///plansift-word.db export actions-word.csv
	$(BIN)/plansift evaluate fixtures/gold actions-word.csv

test: setup
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) plansift.db plansift-word.db actions.csv actions-word.csv
