#!/usr/bin/env python3
"""Pre-builds the notebook kernel's build directory, so that the first cell a
new user runs starts warm instead of compiling for minutes.

Executes the set-up cells every notebook starts with (the first two code cells
of notebooks/01-quickstart.ipynb, read from it so they cannot drift) once
through the real "Rust (taskgroup)" kernel, from notebooks/ as a user's
session runs. The kernel builds in the first free slot of
$TASKGROUP_CACHE/evcxr-build/ (slot 0 unless a kernel is running); a stamp
there records what it was built for (those cells, Cargo.toml, Cargo.lock and
the evcxr install), and a run whose slot-0 stamp matches does nothing.
"""
import hashlib
import os
import pathlib
import sys
import time

import nbformat

from run_notebooks import execute

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
STAMP = ".taskgroup-warm"
WHERE = 'println!("EVCXR_TMPDIR={}", std::env::var("EVCXR_TMPDIR").unwrap_or_default());'


def setup_cells() -> list:
    nb = nbformat.read(NOTEBOOKS / "01-quickstart.ipynb", as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"][:2]


def key(cells: list, cache: pathlib.Path) -> str:
    h = hashlib.sha256()
    for part in cells + [str(ROOT)]:
        h.update(part.encode() + b"\0")
    for path in (ROOT / "Cargo.toml", ROOT / "Cargo.lock", cache / "evcxr" / ".crates.toml"):
        h.update(path.read_bytes() if path.exists() else b"-")
    return h.hexdigest()


def main() -> int:
    cache = pathlib.Path(os.environ["TASKGROUP_CACHE"])
    cells = setup_cells()
    want = key(cells, cache)
    stamp0 = cache / "evcxr-build" / "slot0" / STAMP
    if stamp0.exists() and stamp0.read_text() == want:
        print("notebook kernel: build directory already warm (slot 0)")
        return 0
    print(
        "notebook kernel: pre-building its build directory so your first cell starts warm\n"
        "  (compiles taskgroup, tch and polars for evcxr: about 7 minutes on 2 cores once,\n"
        "  seconds after a change; the kernel's cargo lines follow)",
        flush=True,
    )
    started = time.time()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells + [WHERE]])
    problems = execute(nb, NOTEBOOKS, "kernel warm-up")
    printed = "".join(o.get("text", "") for o in nb.cells[-1].get("outputs", []))
    slot = next((line.split("=", 1)[1] for line in printed.splitlines() if line.startswith("EVCXR_TMPDIR=")), "")
    if problems or not slot:
        for p in problems or ["kernel warm-up: the kernel did not report its build directory"]:
            print("FAIL", p)
        return 1
    (pathlib.Path(slot) / STAMP).write_text(want)
    print(f"notebook kernel: warm ({slot}), took {time.time() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
