# Two commands on a fresh machine with python3 (3.11+, with venv) and make:
#   make demo   create the environment, migrate, load demo data, serve on 127.0.0.1:8000
#   make test   create the environment and run the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_ENV := ALYANSA_ENV=development

.PHONY: demo test lint format bench-env translations messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

translations: $(STAMP)
	$(DEV_ENV) $(BIN)/alyansa compiletranslations --verbosity 0

# Extract strings into the catalogues (needs GNU gettext's xgettext, for developers only;
# building and running need only Babel).
messages: $(STAMP)
	cd alyansa && $(DEV_ENV) ../$(BIN)/alyansa makemessages --no-obsolete --ignore 'static/*' \
		-l tl -l id -l es -l fr -l ar

demo: translations
	$(DEV_ENV) $(BIN)/alyansa demo

# The whole suite; PYTEST_ARGS narrows it (CI runs the database-free tests once).
test: translations
	$(DEV_ENV) $(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV_ENV) $(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The peers bring their own numpy (pref-voting's numba refuses ours), so alyansa goes in
# without its dependencies: votecount needs none of Django's.
bench-env:
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/pip install --quiet --upgrade pip
	.venv-bench/bin/pip install --quiet -r bench/requirements-peers.txt
	.venv-bench/bin/pip install --quiet --no-deps -e .

clean:
	rm -rf $(VENV) .venv-bench *.egg-info
