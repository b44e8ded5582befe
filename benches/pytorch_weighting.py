"""The multi-task weighting methods in PyTorch eager, written from their
descriptions (src/train/weighting/: GradNorm on the last shared layer's
weight, MGDA-UB with Sener & Koltun's Frank-Wolfe min-norm solver on the
gradients with respect to the shared representation, uncertainty weighting
with learned log-variances, PCGrad on the shared parameters), as the peer
one Rust training step is checked against (tests/train_weighting.rs).

`step` takes one SGD step (torch.optim.SGD: momentum, weight decay) of a
`pytorch_net.Net` on a batch with a method, from the method's state before
the step, and returns the state after it. PCGrad's random task order is an
input (`orders[i]`: the tasks task i is projected against, in turn), so a
run seeded on the Rust side can be replayed here exactly.

Usage: pytorch_weighting.py DIR (holding case.json, index.json and
tensors.bin written by tests/train_weighting.rs). Prints one JSON line with
the differences found; exits 1 when one is above the tolerance.
"""
import copy
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_dump import load_init, read_case, rel_diff  # noqa: E402
from pytorch_net import build, task_losses  # noqa: E402

TOLERANCE = 1e-4
MAX_ITER = 250
STOP = 1e-5


def min_norm_of_two(v11, v12, v22):
    """argmin_g |g x1 + (1-g) x2|^2 on [0, 1] and its value."""
    if v12 >= v11:
        return 1.0, v11
    if v12 >= v22:
        return 0.0, v22
    g = (v22 - v12) / (v11 + v22 - 2 * v12)
    return g, v22 + g * (v12 - v22)


def min_norm(gram):
    """Sener & Koltun's find_min_norm_element_FW on a Gram matrix (lists)."""
    n = len(gram)
    if n == 1:
        return [1.0]
    best = None
    for i in range(n):
        for j in range(i + 1, n):
            g, cost = min_norm_of_two(gram[i][i], gram[i][j], gram[j][j])
            if best is None or cost < best[3]:
                best = (i, j, g, cost)
    a = [0.0] * n
    a[best[0]], a[best[1]] = best[2], 1 - best[2]
    if n == 2:
        return a
    for _ in range(MAX_ITER):
        ma = [sum(gram[r][c] * a[c] for c in range(n)) for r in range(n)]
        t = min(range(n), key=lambda k: ma[k])
        v11 = sum(a[k] * ma[k] for k in range(n))
        g, _ = min_norm_of_two(v11, ma[t], gram[t][t])
        nxt = [g * x for x in a]
        nxt[t] += 1 - g
        change = sum(abs(x - y) for x, y in zip(nxt, a))
        a = nxt
        if change < STOP:
            break
    return a


def pcgrad(grads, orders):
    """Yu et al.'s Algorithm 1 on flat gradients: each g_i projected on the
    normal plane of every g_j it conflicts with, in the order given; the sum."""
    total = torch.zeros_like(grads[0])
    projections = 0
    for i, order in enumerate(orders):
        g = grads[i].clone()
        for j in order:
            dot = torch.dot(g, grads[j])
            if dot < 0:
                g -= dot / torch.dot(grads[j], grads[j]) * grads[j]
                projections += 1
        total += g
    return total, projections


def shared_names(net):
    return [n for n, _ in net.named_parameters() if n.startswith("encoder.") or n.startswith("final_conv")]


def step(net, x, targets, order, method, state, hyper):
    """One training step; returns the method's state after it (and, for
    PCGrad, the number of projections made)."""
    net.train()
    params = dict(net.named_parameters())
    rep = net.representation(x)
    out = net.decode(rep, x.shape[2:])
    per_task = task_losses(out, targets)
    losses = [per_task[t] for t in order]
    values = [float(v) for v in losses]
    lr = hyper["lr"]
    state = copy.deepcopy(state)
    info = {}
    if method == "sum":
        sum(losses).backward()
    elif method == "gradnorm":
        w_name = "encoder.conv3.pointwise.weight" if net.family == "A" else "final_conv.pointwise.weight"
        w_last = params[w_name]
        norms = [torch.autograd.grad(l, w_last, retain_graph=True)[0].double().norm().item() for l in losses]
        weights = state["weights"]
        sum(w * l for w, l in zip(weights, losses)).backward()
        if state.get("initial_losses") is None:
            state["initial_losses"] = values
        ratios = [l / l0 for l, l0 in zip(values, state["initial_losses"])]
        mean_ratio = sum(ratios) / len(ratios)
        g = [w * v for w, v in zip(weights, norms)]
        mean_g = sum(g) / len(g)
        new = []
        for i, w in enumerate(weights):
            target = mean_g * (ratios[i] / mean_ratio) ** hyper["alpha"]
            diff = g[i] - target
            sign = (diff > 0) - (diff < 0)
            new.append(w - lr * sign * norms[i])
        total = sum(new)
        state["weights"] = [w * len(new) / total for w in new]
    elif method == "mgda":
        grads = [torch.autograd.grad(l, rep, retain_graph=True)[0].flatten().double() for l in losses]
        stacked = torch.stack(grads)
        a = min_norm((stacked @ stacked.T).tolist())
        info["alphas"] = a
        sum(c * l for c, l in zip(a, losses)).backward()
    elif method == "uncertainty":
        s = torch.tensor(state["log_variances"], dtype=torch.float64, requires_grad=True)
        sum(torch.exp(-s[i]) * l + s[i] for i, l in enumerate(losses)).backward()
        state["log_variances"] = (s - lr * s.grad).tolist()
    elif method == "pcgrad":
        names = shared_names(net)
        shared = [params[n] for n in names]
        grads = [torch.autograd.grad(l, shared, retain_graph=True) for l in losses]
        flat = [torch.cat([g.flatten() for g in gs]).double() for gs in grads]
        combined, info["projections"] = pcgrad(flat, hyper["orders"])
        sum(losses).backward()
        offset = 0
        for p in shared:
            n = p.numel()
            p.grad.copy_(combined[offset:offset + n].reshape(p.shape).float())
            offset += n
        state["steps"] += 1
    else:
        raise ValueError(f"unknown method {method}")
    opt = torch.optim.SGD(net.parameters(), lr=lr, momentum=hyper["momentum"], weight_decay=hyper["weight_decay"])
    opt.step()
    return state, info


def main():
    case, rust = read_case(sys.argv[1])
    net = build(case["family"], case["widths"], case["tasks"])
    init = load_init(net, rust)
    plain = copy.deepcopy(net)
    x = rust["input"]
    targets = {t: rust[f"target/{t}"] for t in case["order"]}
    if "s" in targets:
        targets["s"] = targets["s"].long()
    targets["mask"] = rust["mask"]
    state, info = step(net, x, targets, case["order"], case["method"], case["state"], case)
    step(plain, x, targets, case["order"], "sum", {}, case)

    worst = {"parameters": 0.0, "running statistics": 0.0}
    num, den, vs_sum = 0.0, 0.0, 0.0
    after = dict(net.named_parameters())
    summed = dict(plain.named_parameters())
    for k, p in after.items():
        worst["parameters"] = max(worst["parameters"], rel_diff(rust[f"after/{k}"], p.detach()))
        update = p.detach() - init[k]
        num = max(num, (rust[f"after/{k}"] - init[k] - update).abs().max().item())
        den = max(den, update.abs().max().item())
        vs_sum = max(vs_sum, (summed[k].detach() - p.detach()).abs().max().item())
    for k, b in net.named_buffers():
        if not k.endswith("num_batches_tracked"):
            worst["running statistics"] = max(worst["running statistics"], rel_diff(rust[f"after/{k}"], b))
    worst["updates"] = num / den
    state_diff = 0.0
    for key, theirs in state.items():
        ours = case["state_after"][key]
        if isinstance(theirs, list):
            a, b = torch.tensor(ours, dtype=torch.float64), torch.tensor(theirs, dtype=torch.float64)
            state_diff = max(state_diff, rel_diff(a, b))
        elif ours != theirs:
            state_diff = float("inf")
    worst["method state"] = state_diff
    problems = [{f"{what} differ": d, "tolerance": TOLERANCE} for what, d in worst.items() if not d <= TOLERANCE]
    result = {
        "method": case["method"],
        "max_relative_difference": worst,
        "update_vs_plain_sum": vs_sum / den,
        "state": state,
        **info,
        "problems": problems,
    }
    print(json.dumps(result))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
