//! The layer description both the parameter/MAC counts and the tch network
//! are built from: one row of ARCHITECTURES.md's layer tables is one
//! [`Layer`], one segment is one or more [`Stage`]s.

use serde::Serialize;

/// One operation of a layer table (ARCHITECTURES.md section 4, column `op`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Op {
    /// `conv`: Conv2d, zero padding, dilation 1.
    Conv {
        /// Input channels.
        cin: i64,
        /// Output channels.
        cout: i64,
        /// Kernel side.
        k: i64,
        /// Stride.
        stride: i64,
        /// Zero padding on each side.
        pad: i64,
        /// Groups (`cin` for a depthwise conv).
        groups: i64,
        /// Whether the conv has a bias.
        bias: bool,
    },
    /// `convT`: ConvTranspose2d with k = 2, stride 2, no padding, bias; it
    /// exactly doubles the side.
    ConvT {
        /// Input channels.
        cin: i64,
        /// Output channels.
        cout: i64,
    },
    /// `bn`: BatchNorm2d (eps 1e-5, momentum 0.1, affine).
    Bn {
        /// Channels.
        c: i64,
    },
    /// `relu`, always out of place.
    Relu,
    /// `resize`: bilinear (align_corners = false) to the network input's side,
    /// computed in f32. The paper's code hard-codes 256x256, its only input
    /// size; resizing to the input side is the same at 256 and lets the
    /// family-A networks run at other sizes (the tiny preset at 64x64).
    Resize,
    /// `gradscale`: identity forward, gradient times 1/sqrt(decoders) backward.
    GradScale {
        /// Number of decoders T.
        decoders: i64,
    },
}

/// Kernel side of every transposed conv in these networks.
pub const CONVT_K: i64 = 2;

impl Op {
    /// Trainable parameters of the op.
    pub fn params(&self) -> u64 {
        let n = match *self {
            Op::Conv {
                cin,
                cout,
                k,
                groups,
                bias,
                ..
            } => cout * (cin / groups) * k * k + if bias { cout } else { 0 },
            Op::ConvT { cin, cout } => cin * cout * CONVT_K * CONVT_K + cout,
            Op::Bn { c } => 2 * c,
            Op::Relu | Op::Resize | Op::GradScale { .. } => 0,
        };
        n as u64
    }

    /// Output side for an input of side `h`; `input_side` is the network's
    /// input side (the target of [`Op::Resize`]).
    pub fn out_side(&self, h: i64, input_side: i64) -> i64 {
        match *self {
            Op::Conv { k, stride, pad, .. } => (h + 2 * pad - k) / stride + 1,
            Op::ConvT { .. } => h * CONVT_K,
            Op::Resize => input_side,
            Op::Bn { .. } | Op::Relu | Op::GradScale { .. } => h,
        }
    }

    /// Multiply-accumulates for one image of side `h` (the FlopCounterMode
    /// convention of ARCHITECTURES.md section 8: conv = H_out·W_out·out·(in/groups)·k·k,
    /// transposed conv = H_in·W_in·in·out·k·k; everything else 0).
    pub fn macs(&self, h: i64, input_side: i64) -> u64 {
        let m = match *self {
            Op::Conv {
                cin,
                cout,
                k,
                groups,
                ..
            } => {
                let o = self.out_side(h, input_side);
                o * o * cout * (cin / groups) * k * k
            }
            Op::ConvT { cin, cout } => h * h * cin * cout * CONVT_K * CONVT_K,
            _ => 0,
        };
        m as u64
    }

    /// Whether the op owns variables.
    pub fn has_vars(&self) -> bool {
        matches!(self, Op::Conv { .. } | Op::ConvT { .. } | Op::Bn { .. })
    }
}

/// One row of a layer table: an op and its state-dict key (e.g.
/// `encoder.block1.rep.0.conv1`; empty for parameter-free ops).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Layer {
    /// State-dict prefix of the op's variables (PyTorch key without `.weight`).
    pub key: String,
    /// The operation.
    pub op: Op,
}

impl Layer {
    /// A layer owning variables under `key`.
    pub fn new(key: impl Into<String>, op: Op) -> Layer {
        Layer {
            key: key.into(),
            op,
        }
    }

    /// A parameter-free layer.
    pub fn free(op: Op) -> Layer {
        Layer {
            key: String::new(),
            op,
        }
    }
}

/// How the paths of a segment combine (ARCHITECTURES.md section 4, ops
/// `add` and `cat`). Every path starts from the stage input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Stage {
    /// Layers in sequence.
    Chain(Vec<Layer>),
    /// `main(x) + skip(x)`; an empty `skip` is the identity shortcut.
    Residual {
        /// The main path.
        main: Vec<Layer>,
        /// The shortcut path (1x1 stride-2 conv + BN, or empty).
        skip: Vec<Layer>,
    },
    /// `cat([main(x), side(x)], channels)`: the family-A decoder's side branch.
    SideConcat {
        /// The main path.
        main: Vec<Layer>,
        /// The side branch (ends with [`Op::Resize`]).
        side: Vec<Layer>,
    },
}

impl Stage {
    /// The stage's layers in state-dict registration order (ARCHITECTURES.md
    /// section 4, "Registration order"): shortcut before main path in
    /// residual blocks; in the family-A decoder the side branch's leading
    /// convs, the main path's leading convs, the side branch's BN, then the
    /// rest of the main path (the order the official `Decoder.__init__`
    /// creates its modules in). It fixes the order of the initial RNG draws.
    pub fn registration_order(&self) -> Vec<&Layer> {
        match self {
            Stage::Chain(layers) => layers.iter().collect(),
            Stage::Residual { main, skip } => skip.iter().chain(main.iter()).collect(),
            Stage::SideConcat { main, side } => {
                let leading = |l: &[Layer]| {
                    l.iter()
                        .take_while(|x| matches!(x.op, Op::Conv { .. }))
                        .count()
                };
                let (sm, mm) = (leading(side), leading(main));
                side[..sm]
                    .iter()
                    .chain(&main[..mm])
                    .chain(&side[sm..])
                    .chain(&main[mm..])
                    .collect()
            }
        }
    }

    /// Every layer of the stage (any order).
    pub fn layers(&self) -> impl Iterator<Item = &Layer> {
        let (a, b): (&[Layer], &[Layer]) = match self {
            Stage::Chain(l) => (l, &[]),
            Stage::Residual { main, skip } => (main, skip),
            Stage::SideConcat { main, side } => (main, side),
        };
        a.iter().chain(b.iter())
    }

    /// Output side for an input of side `h`.
    pub fn out_side(&self, h: i64, input_side: i64) -> i64 {
        let main = match self {
            Stage::Chain(l) => l,
            Stage::Residual { main, .. } | Stage::SideConcat { main, .. } => main,
        };
        path_out_side(main, h, input_side)
    }

    /// Multiply-accumulates of the stage for one image of side `h`.
    pub fn macs(&self, h: i64, input_side: i64) -> u64 {
        let path = |l: &[Layer]| {
            let mut side = h;
            let mut macs = 0;
            for layer in l {
                macs += layer.op.macs(side, input_side);
                side = layer.op.out_side(side, input_side);
            }
            macs
        };
        match self {
            Stage::Chain(l) => path(l),
            Stage::Residual { main, skip: other } | Stage::SideConcat { main, side: other } => {
                path(main) + path(other)
            }
        }
    }

    /// Trainable parameters of the stage.
    pub fn params(&self) -> u64 {
        self.layers().map(|l| l.op.params()).sum()
    }
}

/// Side after a sequence of layers.
fn path_out_side(layers: &[Layer], h: i64, input_side: i64) -> i64 {
    layers
        .iter()
        .fold(h, |side, l| l.op.out_side(side, input_side))
}
