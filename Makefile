# Piip: `make demo` and `make test` each do their own set-up, idempotently.
SHELL := /bin/bash
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := ffmpeg sox libsndfile1 libvoikko1 voikko-fi festival festvox-suopuhe-lj festvox-suopuhe-mv espeak-ng chromium
PYTEST_ARGS ?=

.PHONY: setup system venv models demo test bench lint clean

setup: system venv models

system: .stamp-apt
.stamp-apt:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "setup: installing Debian packages: $$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	@touch $@

venv: $(BIN)/.installed
$(BIN)/.installed: pyproject.toml constraints.txt
	@command -v $(PY) >/dev/null || { echo "setup: $(PY) not found"; exit 1; }
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	@touch $@

models: venv
	@$(BIN)/python scripts/install_models.py

demo: setup
	$(BIN)/piip run sample_audio --out out

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup
	$(BIN)/python -m bench.run

lint: venv
	$(BIN)/ruff check pipeline flows tests bench scripts

clean:
	rm -rf $(VENV) out .stamp-apt models/whisper-base
