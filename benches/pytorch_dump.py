"""The tensor dump the Rust tests write for their PyTorch peers (a raw
little-endian f32 file `tensors.bin` plus `index.json` naming each tensor's
shape and byte offset; see `tests/torch_support/mod.rs`) with the case
beside it, the dumped initial weights loaded into a network, and the
relative difference the checks measure."""
import json
import os

import torch


def load(folder):
    """Every tensor of the dump in `folder`, by name (f32)."""
    with open(os.path.join(folder, "index.json")) as f:
        index = json.load(f)
    with open(os.path.join(folder, "tensors.bin"), "rb") as f:
        data = bytearray(f.read())
    out = {}
    for name, e in index.items():
        n = 1
        for d in e["shape"]:
            n *= d
        t = torch.frombuffer(data, dtype=torch.float32, count=n, offset=e["offset"])
        out[name] = t.reshape(e["shape"]).clone()
    return out


def read_case(folder):
    """The case (`case.json`) and the dump of `folder`."""
    with open(os.path.join(folder, "case.json")) as f:
        case = json.load(f)
    return case, load(folder)


def load_init(net, rust):
    """Loads the dump's `init/*` tensors into `net` (every state-dict entry
    but num_batches_tracked, which the Rust network does not have); returns
    them by state-dict name."""
    init = {k[len("init/"):]: v for k, v in rust.items() if k.startswith("init/")}
    sd = net.state_dict()
    for k in list(sd):
        if not k.endswith("num_batches_tracked"):
            sd[k] = init[k]
    net.load_state_dict(sd)
    return init


def rel_diff(a, b):
    """max |a - b| / max |b| (the absolute difference when b is all zero)."""
    scale = b.abs().max().item()
    diff = (a - b).abs().max().item()
    return diff / scale if scale > 0 else diff
