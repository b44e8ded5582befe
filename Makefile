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
# The cargo profile `make demo` and `make bench` build and run. The release
# profile is a second build beside the tests' (which use dev); see README
# "Timings" for both.
PROFILE ?= release
PROFILE_FLAG := --profile $(PROFILE)

.PHONY: setup kernel slurm build demo test check notebooks notebook bench clean-cache

## Virtual environment with torch (libtorch) and the headless notebook runner.
setup: $(VENV)/.taskgroup-setup

$(VENV)/.taskgroup-setup: scripts/requirements.txt
	@test -x $(PY) || { echo "== creating the virtual environment $(VENV)"; $(PYTHON) -m venv $(VENV); }
	@echo "== installing torch 2.11.0 (libtorch, about 1 GB with its CUDA libraries) and the notebook runner into $(VENV): about a minute, once"
	$(PY) -m pip install --disable-pip-version-check --progress-bar on -r scripts/requirements.txt
	ln -sfn "$$($(PY) -W ignore -c 'import os, torch; print(os.path.dirname(torch.__file__))')" $(VENV)/libtorch
	@touch $@

## evcxr_jupyter (cached) and the "Rust (taskgroup)" kernelspec inside the venv.
kernel: setup
	@VENV=$(VENV_ABS) CACHE=$(CACHE) scripts/install-kernel.sh
	@$(PY) scripts/warm_kernel.py

## Slurm's Debian packages for the cluster tests (as root with apt-get;
## otherwise it says so and those tests skip). The tests start the daemons.
slurm:
	@scripts/install-slurm.sh

## Compile the command line ($(PROFILE) profile), showing cargo's progress:
## taskgroup-torch (every command, with libtorch), then taskgroup (the lean
## package: the commands that need no libtorch, handing the others to
## taskgroup-torch). Two cargo calls: one would unify the library's features.
build: setup
	@echo "== compiling taskgroup-torch and its dependencies ($(PROFILE) profile): about 20 minutes from nothing on 2 cores, seconds once built"
	cargo build $(PROFILE_FLAG) --bin taskgroup-torch
	@echo "== compiling the lean taskgroup (the library without libtorch; its dependencies are already built): about 2 minutes from nothing"
	cargo build $(PROFILE_FLAG) -p taskgroup-lean

## The main job on the embedded default (synthetic mini-Taskonomy).
demo: build
	@echo "== taskgroup demo: renders the synthetic data, trains 108 small networks (three seeds of 36 at 32x32, as many at once as there are cores; 9 minutes for the whole demo on 2 CPU cores, see README Timings; progress lines follow), writes out/demo/report/"
	cargo run --quiet $(PROFILE_FLAG) -p taskgroup-lean -- demo

## Every check: format, lints (warnings are errors; the second clippy proves
## the pure parts build without libtorch), tests, notebooks.
test: setup kernel slurm
	@echo "== format check"
	cargo fmt --check
	@echo "== clippy, warnings are errors (about 3 minutes from nothing, seconds once built)"
	cargo clippy --all-targets -- -D warnings
	@echo "== clippy without libtorch (the pure parts, and the lean taskgroup command)"
	cargo clippy --no-default-features --lib --tests -- -D warnings
	cargo clippy -p taskgroup-lean --all-targets -- -D warnings
	@echo "== tests: compiling them takes about 10 minutes from nothing on 2 cores, running them about 4 (a real local Slurm cluster among them)"
	TASKGROUP_PYTHON=$(PY) cargo test
	@echo "== the lean taskgroup's tests (it runs without libtorch and hands training to taskgroup-torch, which the tests above built)"
	cargo test -p taskgroup-lean
	$(MAKE) --no-print-directory notebooks
check: test

## Execute every notebook through the real kernel (strict mode).
notebooks: kernel
	@echo "== executing every notebook through the kernel, strict mode (30 to 50 s each when warm)"
	TASKGROUP_STRICT=1 $(PY) scripts/run_notebooks.py notebooks/*.ipynb

## Open Jupyter Lab on notebooks/ with the taskgroup kernel.
notebook: kernel
	@test -x $(VENV)/bin/jupyter-lab || { echo "== installing jupyterlab into $(VENV) (about a minute, once)"; $(PY) -m pip install --disable-pip-version-check --progress-bar on jupyterlab; }
	@echo "== opening Jupyter Lab on notebooks/; pick the kernel \"Rust (taskgroup)\""
	cd notebooks && $(VENV_ABS)/bin/jupyter lab

## Training throughput, Rust vs PyTorch eager (docs/benchmarks-train.md).
bench: build
	@echo "== training throughput, Rust against PyTorch eager (docs/benchmarks-train.md)"
	TASKGROUP_PYTHON=$(PY) cargo run --quiet $(PROFILE_FLAG) --bin taskgroup-torch -- bench all

clean-cache:
	rm -rf $(CACHE)
