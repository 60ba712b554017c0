# Flowkeeper: `make run` starts the server on SQLite, `make test` runs the whole suite.
# Both do their own set-up: a virtual environment in .venv with the project installed.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PROTOS := $(shell find protos -name '*.proto' | sort)
PYTEST_ARGS ?=
TEST_WORKERS ?= 2

.PHONY: all run test generate check-generated lint bench clean

all: test

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## generate: protoc -> generated/ (messages, gRPC stubs, .pyi type stubs)
generate: $(STAMP)
	$(PY) -m server.tools.generate protos generated

## check-generated: fail when `make generate` would change the committed stubs
check-generated: $(STAMP)
	$(PY) -m server.tools.generate --check protos generated

lint: $(STAMP)
	$(VENV)/bin/buf lint

test: $(STAMP) check-generated lint
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

run: $(STAMP)
	$(VENV)/bin/flowkeeper serve

## bench: python -m bench (all backends and worker counts; BENCH_ARGS="--quick" for a smoke run)
bench: $(STAMP)
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info flowkeeper.db flowkeeper.db-*
