"""Checks a Rust network dump (written by tests/model_pytorch.rs) against the
PyTorch eager peer benches/pytorch_net.py, built from the same family, widths
and tasks:

1. initial weights: `torch.manual_seed(seed)`, construction with PyTorch's
   default initialisers and the official init loop must give every
   state-dict entry bit for bit (the Rust side replays the same draws);
2. with `forward` set: the Rust network's initial weights loaded, one
   training-mode forward on the dumped input, the loss sum_t <out_t, w_t>
   backward: outputs, every parameter gradient and the updated BN running
   statistics must agree within a relative tolerance (max |a-b| / max |b|).

Usage: pytorch_check.py DIR (holding case.json, index.json, tensors.bin).
Prints one JSON line with the findings; exits 1 on any mismatch.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "benches"))
from pytorch_dump import load, rel_diff  # noqa: E402
from pytorch_net import build  # noqa: E402

TOLERANCE = 1e-4


def main():
    folder = sys.argv[1]
    with open(os.path.join(folder, "case.json")) as f:
        case = json.load(f)
    rust = load(folder)
    net = build(case["family"], case["widths"], case["tasks"], seed=case["seed"])
    state = {k: v for k, v in net.state_dict().items() if not k.endswith("num_batches_tracked")}
    problems = []

    init = {k[len("init/"):]: v for k, v in rust.items() if k.startswith("init/")}
    if set(init) != set(state):
        problems.append({
            "state-dict keys only in Rust": sorted(set(init) - set(state))[:5],
            "only in PyTorch": sorted(set(state) - set(init))[:5],
        })
    unequal = [k for k in state if k in init and not torch.equal(init[k], state[k])]
    for k in unequal[:5]:
        problems.append({"initial weights differ": k, "max abs diff": (init[k] - state[k]).abs().max().item()})
    result = {
        "entries": len(state),
        "scalars": sum(v.numel() for v in state.values()),
        "init_bit_exact": not unequal and set(init) == set(state),
    }

    if case["forward"] and result["init_bit_exact"]:
        # The Rust weights are the PyTorch ones (checked above).
        net.train()
        out = net(rust["input"])
        loss = sum((out[t] * rust[f"lossw/{t}"]).sum() for t in net.tasks)
        loss.backward()
        worst = {"outputs": 0.0, "gradients": 0.0, "running statistics": 0.0}
        for t in net.tasks:
            worst["outputs"] = max(worst["outputs"], rel_diff(rust[f"out/{t}"], out[t].detach()))
        for k, p in net.named_parameters():
            worst["gradients"] = max(worst["gradients"], rel_diff(rust[f"grad/{k}"], p.grad))
        for k, b in net.named_buffers():
            if not k.endswith("num_batches_tracked"):
                worst["running statistics"] = max(worst["running statistics"], rel_diff(rust[f"after/{k}"], b))
        result["max_relative_difference"] = worst
        for what, d in worst.items():
            if not d <= TOLERANCE:
                problems.append({f"{what} differ": d, "tolerance": TOLERANCE})

    result["problems"] = problems
    print(json.dumps(result))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
