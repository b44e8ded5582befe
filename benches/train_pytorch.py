"""PyTorch eager training throughput of a family-A network (Xception17 and
its width scalings), for `taskgroup bench train`.

Written from ../shared/ARCHITECTURES.md (segments stem, down_first, down,
mid2, A_head, A_dec) with the widths the Rust side passes (`--widths
w0,w1,w2,w3,w4,r,side,c1,c2,c3`), so both sides train the same network; the
parameter count is printed so the Rust bench can check that. Prints one JSON
line: {"images_per_s": ..., "params": ...}.
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# Output channels per task letter (ARCHITECTURES.md section 5, reshading 1).
CHANNELS = {"s": 18, "d": 1, "n": 3, "k": 1, "t": 1, "e": 1, "r": 1, "c": 2, "a": 3}
MASKED = set("dnerc")  # tasks whose L1 uses the depth-validity mask
ORDER = "sdnkertac"  # the paper's decoder order


def sep(cin, cout, k=3):
    return nn.Sequential(nn.Conv2d(cin, cin, k, 1, k // 2, groups=cin, bias=False), nn.Conv2d(cin, cout, 1, bias=False))


class Down(nn.Module):
    """down_first (opening_relu False) and down: main + (1x1 stride-2 conv + BN)."""

    def __init__(self, cin, cout, opening_relu):
        super().__init__()
        self.opening_relu = opening_relu
        self.skip = nn.Conv2d(cin, cout, 1, 2, bias=False)
        self.skipbn = nn.BatchNorm2d(cout)
        self.sep1, self.bn1 = sep(cin, cout), nn.BatchNorm2d(cout)
        self.sep2, self.bn2 = sep(cout, cout), nn.BatchNorm2d(cout)
        self.down = nn.Conv2d(cout, cout, 2, 2)

    def forward(self, x):
        h = F.relu(x) if self.opening_relu else x
        h = F.relu(self.bn1(self.sep1(h)))
        h = self.down(self.bn2(self.sep2(h)))
        return h + self.skipbn(self.skip(x))


class Mid(nn.Module):
    """mid2: two ReLU-sepconv-BN with an identity shortcut."""

    def __init__(self, c):
        super().__init__()
        self.sep1, self.bn1 = sep(c, c), nn.BatchNorm2d(c)
        self.sep2, self.bn2 = sep(c, c), nn.BatchNorm2d(c)

    def forward(self, x):
        h = self.bn1(self.sep1(F.relu(x)))
        return self.bn2(self.sep2(F.relu(h))) + x


class Decoder(nn.Module):
    """A_dec with widths side, c1, c2, c3."""

    def __init__(self, r, side, c1, c2, c3, t):
        super().__init__()
        self.res, self.bn_res = sep(r, side), nn.BatchNorm2d(side)
        self.res2, self.bn_res2 = sep(r, c1), nn.BatchNorm2d(c1)
        self.up1, self.bn_up1 = nn.ConvTranspose2d(c1, c1, 2, 2), nn.BatchNorm2d(c1)
        self.dec1, self.bn_dec1 = sep(c1, c2), nn.BatchNorm2d(c2)
        self.up2, self.bn_up2 = nn.ConvTranspose2d(c2, c2, 2, 2), nn.BatchNorm2d(c2)
        self.dec2, self.bn_dec2 = sep(c2, c2, 5), nn.BatchNorm2d(c2)
        self.up3, self.bn_up3 = nn.ConvTranspose2d(c2, c3, 2, 2), nn.BatchNorm2d(c3)
        self.dec3, self.bn_dec3 = sep(c3, c3, 5), nn.BatchNorm2d(c3)
        self.up4, self.bn_up4 = nn.ConvTranspose2d(c3, c3, 2, 2), nn.BatchNorm2d(c3)
        self.dec4 = sep(c3 + side, t, 5)

    def forward(self, rep, size):
        s = self.bn_res(self.res(rep))
        s = F.interpolate(s.float(), size=size, mode="bilinear", align_corners=False).to(s.dtype)
        x = self.bn_res2(self.res2(rep))
        x = F.relu(self.bn_up1(self.up1(x)))
        x = F.relu(self.bn_dec1(self.dec1(x)))
        x = F.relu(self.bn_up2(self.up2(x)))
        x = F.relu(self.bn_dec2(self.dec2(x)))
        x = F.relu(self.bn_up3(self.up3(x)))
        x = F.relu(self.bn_dec3(self.dec3(x)))
        x = self.bn_up4(self.up4(x))
        return self.dec4(F.relu(torch.cat([x, s], 1)))


class Net(nn.Module):
    def __init__(self, widths, tasks):
        super().__init__()
        w0, w1, w2, w3, w4, r, side, c1, c2, c3 = widths
        self.stem = nn.Sequential(
            nn.Conv2d(3, w0, 3, 2, 1, bias=False), nn.BatchNorm2d(w0), nn.ReLU(),
            nn.Conv2d(w0, w1, 3, 1, 1, bias=False), nn.BatchNorm2d(w1), nn.ReLU(),
        )
        self.blocks = nn.Sequential(Down(w1, w2, False), Down(w2, w3, True), Down(w3, w4, True), *[Mid(w4) for _ in range(4)])
        self.head = nn.Sequential(sep(w4, r), nn.BatchNorm2d(r), nn.ReLU())
        self.tasks = tasks
        self.decoders = nn.ModuleList([Decoder(r, side, c1, c2, c3, CHANNELS[t]) for t in tasks])

    def forward(self, x):
        rep = self.head(self.blocks(self.stem(x)))
        return {t: d(rep, x.shape[2:]) for t, d in zip(self.tasks, self.decoders)}


def loss_fn(out, targets):
    """Sum of task losses: cross-entropy ignoring class 0, masked L1 (mean over
    all elements), plain L1 (the losses of the Rust side, without the shift
    tolerance)."""
    total = 0.0
    for t, o in out.items():
        o = o.float()
        if t == "s":
            total = total + F.cross_entropy(o, targets[t], ignore_index=0)
        elif t in MASKED:
            total = total + ((o - targets[t]).abs() * targets["mask"]).mean()
        else:
            total = total + F.l1_loss(o, targets[t])
    return total


def main():
    p = argparse.ArgumentParser()
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
    tasks = [t for t in ORDER if t in a.tasks]
    net = Net([int(x) for x in a.widths.split(",")], tasks).to(dev).train()
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
