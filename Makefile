# taskgroup: every entry point. `make demo` runs the main job, `make test` every
# check; both do all set-up first and are fast once set up.
#
# Set-up lives outside git: the virtual environment ($(VENV), PyPI torch 2.11.0
# giving libtorch), evcxr_jupyter and the kernels' warm build directories
# ($(CACHE)). Override VENV, CACHE or LIBTORCH on the command line or in the
# environment.

SHELL := /bin/bash
VENV ?= .venv
CACHE ?= $(HOME)/.cache/taskgroup
PYTHON ?= python3
VENV_ABS := $(abspath $(VENV))
PY := $(VENV_ABS)/bin/python
# tch finds libtorch through LIBTORCH; an exported LIBTORCH (your own
# libtorch 2.11.0) wins over the virtual environment's.
LIBTORCH ?= $(VENV_ABS)/libtorch
export LIBTORCH
export TASKGROUP_CACHE := $(CACHE)

.PHONY: setup kernel demo test check notebooks notebook bench clean-cache

## Virtual environment with torch (libtorch) and the headless notebook runner.
setup: $(VENV)/.taskgroup-setup

$(VENV)/.taskgroup-setup: scripts/requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r scripts/requirements.txt
	ln -sfn "$$($(PY) -W ignore -c 'import os, torch; print(os.path.dirname(torch.__file__))')" $(VENV)/libtorch
	@touch $@

## evcxr_jupyter (cached) and the "Rust (taskgroup)" kernelspec inside the venv.
kernel: setup
	@VENV=$(VENV_ABS) CACHE=$(CACHE) scripts/install-kernel.sh

## The main job on the embedded default (synthetic mini-Taskonomy).
demo: setup
	cargo run --quiet -- demo

## Every check: format, lints (warnings are errors; the second clippy proves
## the pure parts build without libtorch), tests, notebooks.
test: setup kernel
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --no-default-features --lib --tests -- -D warnings
	TASKGROUP_PYTHON=$(PY) cargo test
	$(MAKE) --no-print-directory notebooks
check: test

## Execute every notebook through the real kernel (strict mode).
notebooks: kernel
	TASKGROUP_STRICT=1 $(PY) scripts/run_notebooks.py notebooks/*.ipynb

## Open Jupyter Lab on notebooks/ with the taskgroup kernel.
notebook: kernel
	@test -x $(VENV)/bin/jupyter-lab || $(PY) -m pip install --quiet jupyterlab
	cd notebooks && $(VENV_ABS)/bin/jupyter lab

## Training throughput, Rust vs PyTorch eager (docs/benchmarks-train.md).
bench: setup
	TASKGROUP_PYTHON=$(PY) cargo run --quiet -- bench all

clean-cache:
	rm -rf $(CACHE)
