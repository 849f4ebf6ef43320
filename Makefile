# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench bench-quick build clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	@$(BIN)/python -m index build
	@$(BIN)/python -m bot

build: $(STAMP)
	$(BIN)/python -m index build

test: $(STAMP)
	$(BIN)/python -m pytest -q

# `make bench NEWS_QA=path/to/questions.jsonl` measures another news_qa file (its articles/ beside it).
NEWS_QA_ARG = $(if $(NEWS_QA),--news-qa $(NEWS_QA))

bench: $(STAMP)
	$(BIN)/python -m benchmarks $(NEWS_QA_ARG)

# <= 3 min on a cold cache (BENCH_CACHE empty), 2 cores: small stores, see README.
bench-quick: $(STAMP)
	$(BIN)/python -m benchmarks --quick $(NEWS_QA_ARG)

clean:
	rm -rf $(VENV) .data
