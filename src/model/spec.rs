//! [`NetSpec`]: the whole network of an (architecture, task set) as layer
//! rows, assembled from the segments of ARCHITECTURES.md section 4 with the
//! widths of section 3. The counts and the tch network both read it.

use super::arch::{Arch, DecoderWidths, Family};
use super::layer::{Layer, Op, Stage};
use crate::tasks::{Task, TaskSet};
use serde::Serialize;

/// Decoder order of the paper's training script (`get_losses_and_tasks`
/// builds the decoder list in this order whatever the order of `--tasks`);
/// decoder `i` has the state-dict prefix `decoders.i`.
pub const DECODER_ORDER: [Task; 9] = [
    Task::SegmentSemantic,
    Task::DepthZbuffer,
    Task::Normal,
    Task::Keypoints2d,
    Task::EdgeOcclusion,
    Task::Reshading,
    Task::EdgeTexture,
    Task::Autoencoder,
    Task::PrincipalCurvature,
];

/// The tasks of `tasks` in [`DECODER_ORDER`].
pub fn decoder_order(tasks: TaskSet) -> Vec<Task> {
    DECODER_ORDER
        .into_iter()
        .filter(|t| tasks.contains(*t))
        .collect()
}

/// A network as layer rows: encoder, shared pre-decoder (family B) and one
/// decoder per task, each in forward order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NetSpec {
    /// The architecture.
    pub arch: Arch,
    /// The decoders' tasks, in [`DECODER_ORDER`].
    pub tasks: Vec<Task>,
    /// The official `model.encoder` sub-module.
    pub encoder: Vec<Stage>,
    /// Family B's `final_conv`, `final_conv_bn` and gradient scaling; empty for family A.
    pub shared: Vec<Stage>,
    /// One decoder per entry of `tasks`, same order.
    pub decoders: Vec<Vec<Stage>>,
}

impl NetSpec {
    /// The network of `arch` with one decoder per task of `tasks`.
    pub fn new(arch: Arch, tasks: TaskSet) -> NetSpec {
        let w = arch.widths();
        let tasks = decoder_order(tasks);
        let mut encoder = vec![stem(w.w0, w.w1)];
        encoder.push(down_block("encoder.block1", w.w1, w.w2, false));
        encoder.push(down_block("encoder.block2", w.w2, w.w3, true));
        encoder.push(down_block("encoder.block3", w.w3, w.w4, true));
        let mut shared = Vec::new();
        match arch.family() {
            Family::A => {
                for b in 8..=11 {
                    encoder.push(middle_block(&format!("encoder.block{b}"), w.w4, 2));
                }
                let mut head = sep("encoder.conv3", w.w4, w.r, 3, 1);
                head.push(Layer::new("encoder.bn3", Op::Bn { c: w.r }));
                head.push(Layer::free(Op::Relu));
                encoder.push(Stage::Chain(head));
            }
            Family::B => {
                for b in 4..=11 {
                    encoder.push(middle_block(&format!("encoder.block{b}"), w.w4, 3));
                }
                encoder.push(Stage::Chain(vec![Layer::free(Op::Relu)]));
                let mut s = sep("final_conv", w.w4, w.r, 3, 1);
                s.push(Layer::new("final_conv_bn", Op::Bn { c: w.r }));
                s.push(Layer::free(Op::GradScale {
                    decoders: tasks.len() as i64,
                }));
                shared.push(Stage::Chain(s));
            }
        }
        let decoders = tasks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let d = format!("decoders.{i}");
                match w.decoder {
                    DecoderWidths::A { side, c1, c2, c3 } => {
                        decoder_a(&d, w.r, side, [c1, c2, c3], t.channels())
                    }
                    DecoderWidths::B { d1, d2, d3, d4 } => {
                        decoder_b(&d, w.r, [d1, d2, d3, d4], t.channels())
                    }
                }
            })
            .collect();
        NetSpec {
            arch,
            tasks,
            encoder,
            shared,
            decoders,
        }
    }

    /// Every stage in registration (state-dict) order: encoder, shared, decoders.
    pub fn stages(&self) -> impl Iterator<Item = &Stage> {
        self.encoder
            .iter()
            .chain(&self.shared)
            .chain(self.decoders.iter().flatten())
    }
}

fn conv(key: String, cin: i64, cout: i64, k: i64, stride: i64, pad: i64, bias: bool) -> Layer {
    Layer::new(
        key,
        Op::Conv {
            cin,
            cout,
            k,
            stride,
            pad,
            groups: 1,
            bias,
        },
    )
}

/// A separable conv (`<key>.conv1` depthwise k x k, `<key>.pointwise` 1x1), no bias.
fn sep(key: &str, cin: i64, cout: i64, k: i64, pad: i64) -> Vec<Layer> {
    vec![
        Layer::new(
            format!("{key}.conv1"),
            Op::Conv {
                cin,
                cout: cin,
                k,
                stride: 1,
                pad,
                groups: cin,
                bias: false,
            },
        ),
        Layer::new(
            format!("{key}.pointwise"),
            Op::Conv {
                cin,
                cout,
                k: 1,
                stride: 1,
                pad: 0,
                groups: 1,
                bias: false,
            },
        ),
    ]
}

fn bn(key: String, c: i64) -> Layer {
    Layer::new(key, Op::Bn { c })
}

fn relu() -> Layer {
    Layer::free(Op::Relu)
}

/// Segment `stem`.
fn stem(w0: i64, w1: i64) -> Stage {
    Stage::Chain(vec![
        conv("encoder.conv1".into(), 3, w0, 3, 2, 1, false),
        bn("encoder.bn1".into(), w0),
        relu(),
        conv("encoder.conv2".into(), w0, w1, 3, 1, 1, false),
        bn("encoder.bn2".into(), w1),
        relu(),
    ])
}

/// Segments `down_first` (`opening_relu` false: block1) and `down`. The
/// `rep.<slot>` indices count the parameter-free ReLU slots, as in the
/// official `nn.Sequential`.
fn down_block(b: &str, cin: i64, cout: i64, opening_relu: bool) -> Stage {
    let o = usize::from(opening_relu);
    let mut main = Vec::new();
    if opening_relu {
        main.push(relu());
    }
    main.extend(sep(&format!("{b}.rep.{o}"), cin, cout, 3, 1));
    main.push(bn(format!("{b}.rep.{}", o + 1), cout));
    main.push(relu());
    main.extend(sep(&format!("{b}.rep.{}", o + 3), cout, cout, 3, 1));
    main.push(bn(format!("{b}.rep.{}", o + 4), cout));
    main.push(conv(
        format!("{b}.rep.{}", o + 5),
        cout,
        cout,
        2,
        2,
        0,
        true,
    ));
    let skip = vec![
        conv(format!("{b}.skip"), cin, cout, 1, 2, 0, false),
        bn(format!("{b}.skipbn"), cout),
    ];
    Stage::Residual { main, skip }
}

/// Segments `mid2` (`reps` 2) and `mid3` (`reps` 3): identity shortcut.
fn middle_block(b: &str, c: i64, reps: usize) -> Stage {
    let mut main = Vec::new();
    for r in 0..reps {
        main.push(relu());
        main.extend(sep(&format!("{b}.rep.{}", 3 * r + 1), c, c, 3, 1));
        main.push(bn(format!("{b}.rep.{}", 3 * r + 2), c));
    }
    Stage::Residual {
        main,
        skip: Vec::new(),
    }
}

/// Segment `A_dec`: widths `[c1, c2, c3]` are 96 / 64 / 32 in the paper.
fn decoder_a(d: &str, r: i64, side_c: i64, [c1, c2, c3]: [i64; 3], t: i64) -> Vec<Stage> {
    let mut side = sep(&format!("{d}.conv_decode_res"), r, side_c, 3, 1);
    side.push(bn(format!("{d}.bn_conv_decode_res"), side_c));
    side.push(Layer::free(Op::Resize));
    let mut main = sep(&format!("{d}.conv_decode_res2"), r, c1, 3, 1);
    main.push(bn(format!("{d}.bn_conv_decode_res2"), c1));
    // Stages 1-3: upconv + BN + ReLU, separable conv (3x3, then 5x5) + BN + ReLU.
    for (i, (cin, cout, k)) in [(c1, c2, 3), (c2, c2, 5), (c2, c3, 5)]
        .into_iter()
        .enumerate()
    {
        let s = i + 1;
        let up_out = if s == 3 { cout } else { cin };
        main.push(Layer::new(
            format!("{d}.upconv{s}"),
            Op::ConvT { cin, cout: up_out },
        ));
        main.push(bn(format!("{d}.bn_upconv{s}"), up_out));
        main.push(relu());
        main.extend(sep(&format!("{d}.conv_decode{s}"), up_out, cout, k, k / 2));
        main.push(bn(format!("{d}.bn_decode{s}"), cout));
        main.push(relu());
    }
    main.push(Layer::new(
        format!("{d}.upconv4"),
        Op::ConvT { cin: c3, cout: c3 },
    ));
    main.push(bn(format!("{d}.bn_upconv4"), c3));
    let mut tail = vec![relu()];
    tail.extend(sep(&format!("{d}.conv_decode4"), c3 + side_c, t, 5, 2));
    vec![Stage::SideConcat { main, side }, Stage::Chain(tail)]
}

/// Segment `B_dec` (full-resolution output, `small_decoder=True` widths).
fn decoder_b(d: &str, r: i64, widths: [i64; 4], t: i64) -> Vec<Stage> {
    let mut layers = Vec::new();
    let mut cin = r;
    for (i, w) in widths.into_iter().enumerate() {
        let s = i + 1;
        layers.push(Layer::new(
            format!("{d}.upconv{s}"),
            Op::ConvT { cin, cout: w },
        ));
        layers.push(bn(format!("{d}.bn_upconv{s}"), w));
        layers.push(relu());
        if s < 4 {
            layers.push(conv(format!("{d}.conv_decode{s}"), w, w, 3, 1, 1, true));
            layers.push(bn(format!("{d}.bn_decode{s}"), w));
            layers.push(relu());
        }
        cin = w;
    }
    layers.push(conv(format!("{d}.conv_decode4"), cin, t, 3, 1, 1, true));
    vec![Stage::Chain(layers)]
}
