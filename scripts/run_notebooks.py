#!/usr/bin/env python3
"""Execute notebooks headlessly through the "Rust (taskgroup)" kernel.

Fails (exit 1) when any cell errors, when the kernel dies (strict mode ends
it on a panic), or when a cell tagged `expect-svg`, `expect-html` or
`expect-png` lacks an output of that type. Executed copies are written to
out/notebooks/ for inspection.
"""
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError

EXPECT = {"expect-svg": "image/svg+xml", "expect-html": "text/html", "expect-png": "image/png"}
# The first cell compiles taskgroup and its dependencies: minutes when cold.
CELL_TIMEOUT_S = 3600


def mimes(cell):
    found = set()
    for out in cell.get("outputs", []):
        found.update(out.get("data", {}).keys())
    return found


def execute(nb, cwd: pathlib.Path, name: str) -> list:
    """Executes `nb` in place through the kernel, in the working directory
    `cwd` (relative `:dep` paths resolve from there); returns the problems."""
    client = NotebookClient(
        nb,
        kernel_name="taskgroup",
        timeout=CELL_TIMEOUT_S,
        resources={"metadata": {"path": str(cwd.resolve())}},
    )
    try:
        client.execute()
    except (CellExecutionError, DeadKernelError) as e:
        return [f"{name}: {type(e).__name__}: {str(e)[-3000:]}"]
    except Exception as e:  # timeouts and kernel start failures
        return [f"{name}: {type(e).__name__}: {e}"]
    return []


def run(path: pathlib.Path, out_dir: pathlib.Path) -> list:
    nb = nbformat.read(path, as_version=4)
    started = time.time()
    try:
        problems = execute(nb, path.parent, str(path))
    finally:
        out_dir.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out_dir / path.name)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(f"{path} cell {i}: error {out.get('ename')}: {out.get('evalue')}")
        for tag in cell.get("metadata", {}).get("tags", []):
            mime = EXPECT.get(tag)
            if mime and mime not in mimes(cell):
                problems.append(f"{path} cell {i}: tagged {tag} but has no {mime} output")
    print(f"{path}: {time.time() - started:.1f} s, {len(problems)} problem(s)", flush=True)
    return problems


def main(argv):
    paths = [pathlib.Path(p) for p in argv[1:]]
    if not paths:
        print("no notebooks given", file=sys.stderr)
        return 2
    out_dir = pathlib.Path("out/notebooks")
    problems = []
    failed = 0
    for p in paths:
        mine = run(p, out_dir)
        failed += bool(mine)
        problems += mine
    for p in problems:
        print("FAIL", p)
    print(f"notebooks: {len(paths) - failed} passed, {failed} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
