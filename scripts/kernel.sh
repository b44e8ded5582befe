#!/usr/bin/env bash
# Starts evcxr_jupyter for the "Rust (taskgroup)" kernelspec: finds libtorch
# and cargo, and gives the kernel a fixed, warm build directory. evcxr's build
# directory must not be shared by two live kernels (EVCXR.md), so each kernel
# takes the first free slot, holding a lock on it for its lifetime.
set -euo pipefail
connection_file="$1"
: "${TASKGROUP_VENV:?}" "${TASKGROUP_CACHE:?}" "${TASKGROUP_EVCXR:?}" "${LIBTORCH:?}"
export VIRTUAL_ENV="$TASKGROUP_VENV"
export PATH="$TASKGROUP_VENV/bin:$HOME/.cargo/bin:$PATH"
# evcxr links cells against Rust's shared std through an $ORIGIN-relative
# rpath that is off by one directory when the build directory lies under the
# same home as rustup (as ours does); name the std directory explicitly.
rust_libdir="$(rustc --print target-libdir)"
export LD_LIBRARY_PATH="$LIBTORCH/lib:$rust_libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
for slot in 0 1 2 3 4 5 6 7; do
  dir="$TASKGROUP_CACHE/evcxr-build/slot$slot"
  mkdir -p "$dir"
  exec 9>"$dir.lock"
  if flock -n 9; then
    export EVCXR_TMPDIR="$dir"
    exec "$TASKGROUP_EVCXR" --control_file "$connection_file"
  fi
  exec 9>&-
done
echo "taskgroup kernel: all 8 build slots are in use" >&2
exit 1
