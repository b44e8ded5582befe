"""PyTorch eager training throughput of the paper's networks (both families and
their width scalings), for `taskgroup bench train`.

The network is `pytorch_net.Net` (written from ../shared/ARCHITECTURES.md),
built from the family and widths the Rust side passes (`--family A --widths
w0,w1,w2,w3,w4,r,side,c1,c2,c3` or `--family B --widths w0,...,r,d1,d2,d3,d4`),
so both sides train the same network; the parameter count is printed so the
Rust bench can check that. Prints one JSON line: {"images_per_s": ..., "params": ...}.
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_net import CHANNELS, build, loss_fn  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--family", choices=["A", "B"], default="A")
    p.add_argument("--widths", required=True)
    p.add_argument("--tasks", default="s")
    p.add_argument("--size", type=int, default=256)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--steps", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--device", default="cpu")
    p.add_argument("--amp", action="store_true")
    p.add_argument("--threads", type=int)
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    dev = torch.device(a.device)
    net = build(a.family, [int(x) for x in a.widths.split(",")], a.tasks, seed=0).to(dev).train()
    tasks = net.tasks
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    amp = a.amp and dev.type == "cuda"
    scaler = torch.amp.GradScaler("cuda", enabled=amp)
    b, s = a.batch, a.size
    x = torch.rand(b, 3, s, s, device=dev)
    targets = {"mask": torch.ones(b, 1, s, s, device=dev)}
    for t in tasks:
        targets[t] = torch.randint(0, 18, (b, s, s), device=dev) if t == "s" else torch.rand(b, CHANNELS[t], s, s, device=dev)

    def step():
        opt.zero_grad(set_to_none=False)
        with torch.autocast(device_type=dev.type, dtype=torch.float16, enabled=amp):
            out = net(x)
        scaler.scale(loss_fn(out, targets)).backward()
        scaler.step(opt)
        scaler.update()

    for _ in range(a.warmup):
        step()
    if dev.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(a.steps):
        step()
    if dev.type == "cuda":
        torch.cuda.synchronize()
    elapsed = time.perf_counter() - start
    params = sum(p.numel() for p in net.parameters())
    print(json.dumps({"images_per_s": b * a.steps / elapsed, "params": params, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
