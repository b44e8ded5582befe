#!/usr/bin/env bash
# Installs evcxr_jupyter (once, into $CACHE/evcxr) and writes the
# "Rust (taskgroup)" kernelspec into the project's virtual environment, where
# the venv's Jupyter finds it. Idempotent. (`make kernel` then pre-builds the
# kernel's build directory with scripts/warm_kernel.py.)
set -euo pipefail
: "${VENV:?}" "${CACHE:?}"
EVCXR_VERSION=0.22.0
root="$(cd "$(dirname "$0")/.." && pwd)"
evcxr="$CACHE/evcxr/bin/evcxr_jupyter"
# cargo records what it installed under --root; evcxr_jupyter has no --version.
if ! [ -x "$evcxr" ] || ! grep -q "evcxr_jupyter $EVCXR_VERSION " "$CACHE/evcxr/.crates.toml" 2>/dev/null; then
  echo "== installing evcxr_jupyter $EVCXR_VERSION into $CACHE/evcxr (about 6 to 10 minutes on 2 cores, once; cargo's progress follows)"
  cargo install --locked "evcxr_jupyter@$EVCXR_VERSION" --root "$CACHE/evcxr"
fi
spec="$VENV/share/jupyter/kernels/taskgroup"
mkdir -p "$spec"
cat > "$spec/kernel.json.tmp" <<JSON
{
  "argv": ["bash", "$root/scripts/kernel.sh", "{connection_file}"],
  "display_name": "Rust (taskgroup)",
  "language": "rust",
  "interrupt_mode": "message",
  "env": {
    "TASKGROUP_VENV": "$VENV",
    "TASKGROUP_CACHE": "$CACHE",
    "TASKGROUP_EVCXR": "$evcxr",
    "LIBTORCH": "${LIBTORCH:-$VENV/libtorch}"
  }
}
JSON
mv "$spec/kernel.json.tmp" "$spec/kernel.json"
