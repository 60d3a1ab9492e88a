# newscrawl: `make crawl` (the real sites), `make test`, `make demo` (the fixture site, offline).
# Every target first runs `make install`: idempotent, quick when nothing is missing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ARGS ?=

.PHONY: install system-packages crawl demo test lint bench clean-output

install: $(STAMP) system-packages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -U pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

# Chromium (for sites that need JavaScript) comes from the system: Playwright's own browser download does not
# work everywhere. redis-server: a distributed crawl's shared state (docs/distributed.md), and the tests start
# their own. As root on Debian/Ubuntu they are installed when missing; otherwise a note says what to install.
system-packages:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || test -x /usr/lib/chromium/chromium || missing="$$missing chromium"; \
	command -v redis-server >/dev/null 2>&1 || test -x /usr/bin/redis-server || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing$$missing"; DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null \
	    || (apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null); \
	  else echo "note: install$$missing for sites that need JavaScript (and its tests)"; fi; \
	fi

crawl: install
	$(BIN)/scrapy crawl news $(ARGS)

demo: install
	$(BIN)/python -m tests.demo $(ARGS)

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python -m benchmarks

clean-output:
	find output -mindepth 1 ! -name .gitkeep -delete
