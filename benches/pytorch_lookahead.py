"""TAG's lookahead affinity and the per-task gradient cosine in PyTorch
eager, written from their description (src/estimate/lookahead.rs), as the
peer one measured Rust step is checked against (tests/estimate_lookahead.rs).

The network starts from the dumped weights and BN statistics `init/*` and
the optimiser (torch.optim.SGD: momentum, weight decay) from the dumped
momentum buffers `momentum/*` (the Rust network's after one training
step). Then, on batch `b1`, in training mode: every task's loss L_j and gradient g_i on the shared
parameters (the encoder, and family B's pre-decoder); the cosines of the
flattened gradients; for each task i the shared parameters set to
theta - lr (g_i + wd theta) (plain) or theta - lr (momentum buf + g_i +
wd theta) (momentum-aware), the losses L'_j without gradients, theta put
back: Z_{i->j} = 1 - L'_j / L_j. The BN buffers (running statistics and
num_batches_tracked) are copied before and put back after, then the normal
step on `b1` is taken, and the running statistics are compared with the
Rust network's after the same (`after/*`).

Usage: pytorch_lookahead.py DIR (holding case.json, index.json and
tensors.bin). Prints one JSON line: the matrices, the running statistics'
difference and the networks' num_batches_tracked values.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_dump import load_init, read_case, rel_diff  # noqa: E402
from pytorch_net import build, task_losses  # noqa: E402
from pytorch_weighting import shared_names  # noqa: E402


def batch(rust, name, order):
    """Input and targets of a dumped batch."""
    targets = {t: rust[f"{name}/target/{t}"] for t in order}
    if "s" in targets:
        targets["s"] = targets["s"].long()
    targets["mask"] = rust[f"{name}/mask"]
    return rust[f"{name}/input"], targets


def normal_step(net, opt, x, targets):
    opt.zero_grad()
    sum(task_losses(net(x), targets).values()).backward()
    opt.step()


def lookahead(net, opt, x, targets, order, momentum, hyper):
    """(tag, cosine) at the current weights; the network is left unchanged."""
    net.train()
    saved = {k: b.clone() for k, b in net.named_buffers()}
    params = dict(net.named_parameters())
    shared = [params[n] for n in shared_names(net)]
    theta = [p.detach().clone() for p in shared]
    per_task = task_losses(net(x), targets)
    base = [per_task[t].item() for t in order]
    grads = [torch.autograd.grad(per_task[t], shared, retain_graph=True) for t in order]
    flat = [torch.cat([g.flatten() for g in gs]).double() for gs in grads]
    cosine = [[(torch.dot(a, b) / (a.norm() * b.norm())).item() for b in flat] for a in flat]
    lr, m, wd = hyper["lr"], hyper["momentum"], hyper["weight_decay"]
    tag = []
    for gs in grads:
        with torch.no_grad():
            for p, g, t0 in zip(shared, gs, theta):
                d = g + wd * t0
                buf = opt.state[p].get("momentum_buffer") if momentum else None
                if buf is not None:
                    d = m * buf + d
                p.copy_(t0 - lr * d)
            after = task_losses(net(x), targets)
            for p, t0 in zip(shared, theta):
                p.copy_(t0)
        tag.append([1.0 - after[t].item() / b for t, b in zip(order, base)])
    with torch.no_grad():
        for k, b in net.named_buffers():
            b.copy_(saved[k])
    return tag, cosine


def main():
    case, rust = read_case(sys.argv[1])
    order = case["order"]
    net = build(case["family"], case["widths"], case["tasks"])
    load_init(net, rust)
    net.train()
    opt = torch.optim.SGD(net.parameters(), lr=case["lr"], momentum=case["momentum"],
                          weight_decay=case["weight_decay"])
    for name, p in net.named_parameters():
        opt.state[p]["momentum_buffer"] = rust[f"momentum/{name}"].clone()
    x1, t1 = batch(rust, "b1", order)
    tag_plain, cosine = lookahead(net, opt, x1, t1, order, False, case)
    tag_momentum, _ = lookahead(net, opt, x1, t1, order, True, case)
    normal_step(net, opt, x1, t1)
    stats = 0.0
    tracked = set()
    for k, b in net.named_buffers():
        if k.endswith("num_batches_tracked"):
            tracked.add(int(b))
        else:
            stats = max(stats, rel_diff(rust[f"after/{k}"], b))
    print(json.dumps({
        "tag_plain": tag_plain,
        "tag_momentum": tag_momentum,
        "cosine": cosine,
        "running_statistics_difference": stats,
        "num_batches_tracked": sorted(tracked),
    }))


if __name__ == "__main__":
    main()
