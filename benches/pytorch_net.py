"""The paper's networks in PyTorch eager, written from ../shared/ARCHITECTURES.md
(sections 2-4 and 6), as the peer the Rust networks are checked and
benchmarked against (`benches/train_pytorch.py`, `tests/pytorch_check.py`).

Module names follow the official state-dict keys (`encoder.block1.skip`,
`encoder.block1.rep.0.conv1`, `decoders.0.upconv1`, `final_conv_bn`, ...) and
modules are registered in the official order (a block's `skip`/`skipbn`
before its `rep`; the family-A decoder's order of section 4), so that
`torch.manual_seed(seed)`, construction (PyTorch's default initialisers, in
registration order) and `official_init` (the model's init loop) replay the
official initial weights draw by draw.

The widths come from the caller (the Rust side prints them), so the same code
builds Xception17, the full Xception, their half sizes and the tiny presets.
One deliberate difference from the official family-A code: its side branch is
resized to the network's input side instead of a hard-coded 256x256 (the same
at 256, and what lets the tiny preset run at 64x64; the Rust side does the same).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

# Output channels per task letter (ARCHITECTURES.md section 5; reshading 1).
CHANNELS = {"s": 18, "d": 1, "n": 3, "k": 1, "t": 1, "e": 1, "r": 1, "c": 2, "a": 3}
MASKED = set("dnerc")  # tasks whose L1 uses the depth-validity mask
ORDER = "sdnkertac"  # the decoder order of train_taskonomy.py


class SeparableConv2d(nn.Module):
    """Depthwise k x k (`conv1`) then pointwise 1x1 (`pointwise`), no bias."""

    def __init__(self, cin, cout, k=3):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cin, k, 1, k // 2, groups=cin, bias=False)
        self.pointwise = nn.Conv2d(cin, cout, 1, bias=False)

    def forward(self, x):
        return self.pointwise(self.conv1(x))


class Block(nn.Module):
    """Official `Block`: segments down_first / down (stride 2, 1x1 conv + BN
    shortcut registered before `rep`) and mid2 / mid3 (identity shortcut).
    `rep` holds the main path with parameter-free ReLU slots, so its indices
    match the official keys; the opening ReLU is out of place."""

    def __init__(self, cin, cout, reps, down, opening_relu):
        super().__init__()
        if down:
            self.skip = nn.Conv2d(cin, cout, 1, 2, bias=False)
            self.skipbn = nn.BatchNorm2d(cout)
        else:
            self.skip = None
        layers = []
        c = cin
        for i in range(reps):
            if i > 0 or opening_relu:
                layers.append(nn.ReLU())
            layers += [SeparableConv2d(c, cout), nn.BatchNorm2d(cout)]
            c = cout
        if down:
            layers.append(nn.Conv2d(cout, cout, 2, 2))
        self.rep = nn.Sequential(*layers)

    def forward(self, x):
        skip = self.skipbn(self.skip(x)) if self.skip is not None else x
        return self.rep(x) + skip


class Encoder(nn.Module):
    """Stem, blocks 1-3 and the middle flow (family A: `block8`-`block11`, two
    separable convs each, then `conv3`/`bn3`/ReLU; family B: `block4`-`block11`,
    three each, then a ReLU)."""

    def __init__(self, family, w0, w1, w2, w3, w4, r):
        super().__init__()
        self.family = family
        self.conv1 = nn.Conv2d(3, w0, 3, 2, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(w0)
        self.conv2 = nn.Conv2d(w0, w1, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(w1)
        self.block1 = Block(w1, w2, 2, True, False)
        self.block2 = Block(w2, w3, 2, True, True)
        self.block3 = Block(w3, w4, 2, True, True)
        first_mid, reps = (8, 2) if family == "A" else (4, 3)
        self.mids = [f"block{i}" for i in range(first_mid, 12)]
        for name in self.mids:
            setattr(self, name, Block(w4, w4, reps, False, True))
        if family == "A":
            self.conv3 = SeparableConv2d(w4, r)
            self.bn3 = nn.BatchNorm2d(r)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.bn2(self.conv2(x)))
        x = self.block3(self.block2(self.block1(x)))
        for name in self.mids:
            x = getattr(self, name)(x)
        if self.family == "A":
            return F.relu(self.bn3(self.conv3(x)))
        return F.relu(x)


class DecoderA(nn.Module):
    """Segment A_dec with widths side, c1, c2, c3 (16/96/64/32 in the paper),
    registered in the official order."""

    def __init__(self, r, side, c1, c2, c3, t):
        super().__init__()
        self.conv_decode_res = SeparableConv2d(r, side)
        self.conv_decode_res2 = SeparableConv2d(r, c1)
        self.bn_conv_decode_res = nn.BatchNorm2d(side)
        self.bn_conv_decode_res2 = nn.BatchNorm2d(c1)
        self.upconv1, self.bn_upconv1 = nn.ConvTranspose2d(c1, c1, 2, 2), nn.BatchNorm2d(c1)
        self.conv_decode1, self.bn_decode1 = SeparableConv2d(c1, c2), nn.BatchNorm2d(c2)
        self.upconv2, self.bn_upconv2 = nn.ConvTranspose2d(c2, c2, 2, 2), nn.BatchNorm2d(c2)
        self.conv_decode2, self.bn_decode2 = SeparableConv2d(c2, c2, 5), nn.BatchNorm2d(c2)
        self.upconv3, self.bn_upconv3 = nn.ConvTranspose2d(c2, c3, 2, 2), nn.BatchNorm2d(c3)
        self.conv_decode3, self.bn_decode3 = SeparableConv2d(c3, c3, 5), nn.BatchNorm2d(c3)
        self.upconv4, self.bn_upconv4 = nn.ConvTranspose2d(c3, c3, 2, 2), nn.BatchNorm2d(c3)
        self.conv_decode4 = SeparableConv2d(c3 + side, t, 5)

    def forward(self, rep, size):
        s = self.bn_conv_decode_res(self.conv_decode_res(rep))
        s = F.interpolate(s.float(), size=size, mode="bilinear", align_corners=False).to(s.dtype)
        x = self.bn_conv_decode_res2(self.conv_decode_res2(rep))
        x = F.relu(self.bn_upconv1(self.upconv1(x)))
        x = F.relu(self.bn_decode1(self.conv_decode1(x)))
        x = F.relu(self.bn_upconv2(self.upconv2(x)))
        x = F.relu(self.bn_decode2(self.conv_decode2(x)))
        x = F.relu(self.bn_upconv3(self.upconv3(x)))
        x = F.relu(self.bn_decode3(self.conv_decode3(x)))
        x = self.bn_upconv4(self.upconv4(x))
        return self.conv_decode4(F.relu(torch.cat([x, s], 1)))


class DecoderB(nn.Module):
    """Segment B_dec (`small_decoder=True`, full-size output) with widths d1-d4."""

    def __init__(self, r, d1, d2, d3, d4, t):
        super().__init__()
        self.upconv1, self.bn_upconv1 = nn.ConvTranspose2d(r, d1, 2, 2), nn.BatchNorm2d(d1)
        self.conv_decode1, self.bn_decode1 = nn.Conv2d(d1, d1, 3, 1, 1), nn.BatchNorm2d(d1)
        self.upconv2, self.bn_upconv2 = nn.ConvTranspose2d(d1, d2, 2, 2), nn.BatchNorm2d(d2)
        self.conv_decode2, self.bn_decode2 = nn.Conv2d(d2, d2, 3, 1, 1), nn.BatchNorm2d(d2)
        self.upconv3, self.bn_upconv3 = nn.ConvTranspose2d(d2, d3, 2, 2), nn.BatchNorm2d(d3)
        self.conv_decode3, self.bn_decode3 = nn.Conv2d(d3, d3, 3, 1, 1), nn.BatchNorm2d(d3)
        self.upconv4, self.bn_upconv4 = nn.ConvTranspose2d(d3, d4, 2, 2), nn.BatchNorm2d(d4)
        self.conv_decode4 = nn.Conv2d(d4, t, 3, 1, 1)

    def forward(self, rep, size):
        x = rep
        for i in (1, 2, 3):
            x = F.relu(getattr(self, f"bn_upconv{i}")(getattr(self, f"upconv{i}")(x)))
            x = F.relu(getattr(self, f"bn_decode{i}")(getattr(self, f"conv_decode{i}")(x)))
        x = F.relu(self.bn_upconv4(self.upconv4(x)))
        return self.conv_decode4(x)


class GradScale(torch.autograd.Function):
    """Identity forward, gradient times `factor` backward (official `TrevorRepFunction`)."""

    @staticmethod
    def forward(ctx, x, factor):
        ctx.factor = factor
        return x.clone()

    @staticmethod
    def backward(ctx, g):
        return g * ctx.factor, None


class Net(nn.Module):
    """A multi-task network. `widths`: family A: w0,w1,w2,w3,w4,r,side,c1,c2,c3;
    family B: w0,w1,w2,w3,w4,r,d1,d2,d3,d4. Tasks are letters, built in the
    official decoder order."""

    def __init__(self, family, widths, tasks):
        super().__init__()
        w0, w1, w2, w3, w4, r, *dec = widths
        self.family = family
        self.tasks = [t for t in ORDER if t in tasks]
        self.encoder = Encoder(family, w0, w1, w2, w3, w4, r)
        if family == "B":
            self.final_conv = SeparableConv2d(w4, r)
            self.final_conv_bn = nn.BatchNorm2d(r)
        decoder = DecoderA if family == "A" else DecoderB
        self.decoders = nn.ModuleList([decoder(r, *dec, CHANNELS[t]) for t in self.tasks])

    def representation(self, x):
        """The shared representation the decoders read (family B: after the
        shared pre-decoder and its gradient scaling)."""
        rep = self.encoder(x)
        if self.family == "B":
            rep = GradScale.apply(self.final_conv_bn(self.final_conv(rep)), 1 / math.sqrt(len(self.tasks)))
        return rep

    def decode(self, rep, size):
        """One output per task from the representation, for an input of side `size`."""
        return {t: d(rep, size) for t, d in zip(self.tasks, self.decoders)}

    def forward(self, x):
        return self.decode(self.representation(x), x.shape[2:])


def official_init(net):
    """The model's init loop (ARCHITECTURES.md section 6): every Conv2d weight
    (not ConvTranspose2d) redrawn from N(0, 2/(k*k*out_channels)) in
    registration order; BatchNorm weight 1, bias 0 (PyTorch's defaults)."""
    for m in net.modules():
        if isinstance(m, nn.Conv2d):
            n = m.kernel_size[0] * m.kernel_size[1] * m.out_channels
            m.weight.data.normal_(0, math.sqrt(2.0 / n))
        elif isinstance(m, nn.BatchNorm2d):
            m.weight.data.fill_(1)
            m.bias.data.zero_()


def build(family, widths, tasks, seed=None):
    """A network; with a seed, the official initial weights for that seed."""
    if seed is not None:
        torch.manual_seed(seed)
    net = Net(family, widths, tasks)
    if seed is not None:
        official_init(net)
    return net


def task_losses(out, targets):
    """Each task's loss: cross-entropy ignoring class 0, masked L1 (mean over
    all elements), plain L1 (the Rust losses without the shift tolerance)."""
    losses = {}
    for t, o in out.items():
        o = o.float()
        if t == "s":
            losses[t] = F.cross_entropy(o, targets[t], ignore_index=0)
        elif t in MASKED:
            losses[t] = ((o - targets[t]).abs() * targets["mask"]).mean()
        else:
            losses[t] = F.l1_loss(o, targets[t])
    return losses


def loss_fn(out, targets):
    """Sum of the task losses (`task_losses`)."""
    return sum(task_losses(out, targets).values())
