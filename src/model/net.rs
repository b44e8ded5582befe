//! [`MultiTaskNet`]: the tch network built from a [`NetSpec`]. Variables are
//! named by the specification's state-dict keys (`encoder.block1.rep.0.conv1.weight`,
//! BN `running_mean`/`running_var` as non-trainable variables), so an
//! exported official state dict maps one to one (less `num_batches_tracked`).

use super::arch::Arch;
use super::init::initialise;
use super::layer::{Layer, Op, Stage, CONVT_K};
use super::spec::NetSpec;
use crate::tasks::{Task, TaskSet};
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use tch::{nn, Kind, Tensor};

/// Held while a network draws its initial weights, so that a seeded
/// construction is reproducible while other threads build networks too
/// (libtorch's generator is global). Other random draws of the process
/// (`Tensor::rand`, ...) do not take it.
static INIT_RNG: Mutex<()> = Mutex::new(());

/// The variables of one layer.
#[derive(Debug)]
pub(super) enum Vars {
    /// Conv2d or ConvTranspose2d weight and bias.
    Conv {
        weight: Tensor,
        bias: Option<Tensor>,
    },
    /// BatchNorm2d affine parameters and running statistics.
    Bn {
        weight: Tensor,
        bias: Tensor,
        running_mean: Tensor,
        running_var: Tensor,
    },
}

/// A multi-task network: one shared encoder, one decoder per task.
#[derive(Debug)]
pub struct MultiTaskNet {
    spec: NetSpec,
    vars: HashMap<String, Vars>,
}

/// BatchNorm momentum and epsilon (PyTorch defaults, ARCHITECTURES.md section 2).
const BN_MOMENTUM: f64 = 0.1;
const BN_EPS: f64 = 1e-5;

impl MultiTaskNet {
    /// Creates the variables of `arch` with one decoder per task under `p`
    /// and initialises them with the paper's rules (ARCHITECTURES.md section
    /// 6), drawing from the generator of `p`'s device in state-dict order:
    /// after `tch::manual_seed` on the CPU the draws are those of the
    /// official PyTorch constructor.
    pub fn new(p: &nn::Path, arch: Arch, tasks: TaskSet) -> MultiTaskNet {
        let _guard = INIT_RNG.lock().unwrap_or_else(|e| e.into_inner());
        Self::build(p, arch, tasks)
    }

    /// [`MultiTaskNet::new`] after `tch::manual_seed(seed)`, atomically with
    /// respect to other network constructions: the same seed gives the same
    /// weights (on the CPU: the official model's initial weights after
    /// `torch.manual_seed(seed)`).
    pub fn seeded(p: &nn::Path, arch: Arch, tasks: TaskSet, seed: u64) -> MultiTaskNet {
        let _guard = INIT_RNG.lock().unwrap_or_else(|e| e.into_inner());
        tch::manual_seed(seed as i64);
        Self::build(p, arch, tasks)
    }

    fn build(p: &nn::Path, arch: Arch, tasks: TaskSet) -> MultiTaskNet {
        let spec = NetSpec::new(arch, tasks);
        let mut vars = HashMap::new();
        let mut order = Vec::new();
        for stage in spec.stages() {
            for layer in stage.registration_order() {
                if let Some(v) = create(p, layer) {
                    order.push(layer.clone());
                    vars.insert(layer.key.clone(), v);
                }
            }
        }
        initialise(order.iter().map(|l| (l, &vars[&l.key])));
        MultiTaskNet { spec, vars }
    }

    /// The layer description the network was built from.
    pub fn spec(&self) -> &NetSpec {
        &self.spec
    }

    /// The decoders' tasks, in decoder order.
    pub fn tasks(&self) -> &[Task] {
        &self.spec.tasks
    }

    /// Trainable parameters (number of scalars).
    pub fn num_params(&self) -> u64 {
        self.vars
            .values()
            .map(|v| match v {
                Vars::Conv { weight, bias } => {
                    weight.numel() + bias.as_ref().map_or(0, Tensor::numel)
                }
                Vars::Bn { weight, bias, .. } => weight.numel() + bias.numel(),
            })
            .sum::<usize>() as u64
    }

    /// The shared representation: the encoder output (family A) or the
    /// gradient-scaled shared BN output (family B).
    pub fn representation(&self, x: &Tensor, train: bool) -> Tensor {
        let side = (x.size()[2], x.size()[3]);
        let h = self.run_stages(&self.spec.encoder, x, train, side);
        self.run_stages(&self.spec.shared, &h, train, side)
    }

    /// One output per task (no activation; segmentation outputs are logits),
    /// `[B, channels, H, W]` for an input `[B, 3, H, W]` with H and W
    /// multiples of 16. `train` selects batch statistics in BN (and updates
    /// the running statistics).
    pub fn forward_t(&self, x: &Tensor, train: bool) -> BTreeMap<Task, Tensor> {
        let side = (x.size()[2], x.size()[3]);
        let rep = self.representation(x, train);
        self.decode_t(&rep, side, train)
    }

    /// The decoders on a shared representation `rep` (from
    /// [`MultiTaskNet::representation`] of an input of side `side`):
    /// `forward_t` in two halves, for methods that need the representation.
    pub fn decode_t(&self, rep: &Tensor, side: (i64, i64), train: bool) -> BTreeMap<Task, Tensor> {
        self.spec
            .tasks
            .iter()
            .zip(&self.spec.decoders)
            .map(|(t, d)| (*t, self.run_stages(d, rep, train, side)))
            .collect()
    }

    /// The trainable parameters of the shared part (encoder, and family B's
    /// pre-decoder), in registration order.
    pub fn shared_parameters(&self) -> Vec<Tensor> {
        let mut out = Vec::new();
        for stage in self.spec.encoder.iter().chain(&self.spec.shared) {
            for layer in stage.registration_order() {
                match self.vars.get(&layer.key) {
                    Some(Vars::Conv { weight, bias }) => {
                        out.push(weight.shallow_clone());
                        out.extend(bias.as_ref().map(Tensor::shallow_clone));
                    }
                    Some(Vars::Bn { weight, bias, .. }) => {
                        out.push(weight.shallow_clone());
                        out.push(bias.shallow_clone());
                    }
                    None => {}
                }
            }
        }
        out
    }

    /// The weight of the last shared convolution (family A:
    /// `encoder.conv3.pointwise`, family B: `final_conv.pointwise`), the
    /// layer GradNorm measures the task gradients on.
    pub fn last_shared_weight(&self) -> Tensor {
        let last = self
            .spec
            .encoder
            .iter()
            .chain(&self.spec.shared)
            .flat_map(Stage::layers)
            .filter(|l| matches!(l.op, Op::Conv { .. }))
            .last()
            .expect("the encoder has convolutions");
        match self.vars.get(&last.key) {
            Some(Vars::Conv { weight, .. }) => weight.shallow_clone(),
            _ => unreachable!("conv layer {} has conv variables", last.key),
        }
    }

    fn run_stages(&self, stages: &[Stage], x: &Tensor, train: bool, side: (i64, i64)) -> Tensor {
        let mut h = x.shallow_clone();
        for stage in stages {
            h = match stage {
                Stage::Chain(l) => self.run_path(l, &h, train, side),
                Stage::Residual { main, skip } => {
                    let m = self.run_path(main, &h, train, side);
                    if skip.is_empty() {
                        m + &h
                    } else {
                        m + self.run_path(skip, &h, train, side)
                    }
                }
                Stage::SideConcat { main, side: branch } => {
                    let m = self.run_path(main, &h, train, side);
                    let s = self.run_path(branch, &h, train, side);
                    Tensor::cat(&[m, s], 1)
                }
            };
        }
        h
    }

    fn run_path(&self, layers: &[Layer], x: &Tensor, train: bool, side: (i64, i64)) -> Tensor {
        let mut h = x.shallow_clone();
        for layer in layers {
            h = self.run_layer(layer, &h, train, side);
        }
        h
    }

    fn run_layer(&self, layer: &Layer, x: &Tensor, train: bool, side: (i64, i64)) -> Tensor {
        match (layer.op, self.vars.get(&layer.key)) {
            (
                Op::Conv {
                    stride,
                    pad,
                    groups,
                    ..
                },
                Some(Vars::Conv { weight, bias }),
            ) => x.conv2d(
                weight,
                bias.as_ref(),
                [stride, stride],
                [pad, pad],
                [1, 1],
                groups,
            ),
            (Op::ConvT { .. }, Some(Vars::Conv { weight, bias })) => x.conv_transpose2d(
                weight,
                bias.as_ref(),
                [CONVT_K, CONVT_K],
                [0, 0],
                [0, 0],
                1,
                [1, 1],
            ),
            (
                Op::Bn { .. },
                Some(Vars::Bn {
                    weight,
                    bias,
                    running_mean,
                    running_var,
                }),
            ) => x.batch_norm(
                Some(weight),
                Some(bias),
                Some(running_mean),
                Some(running_var),
                train,
                BN_MOMENTUM,
                BN_EPS,
                true,
            ),
            (Op::Relu, _) => x.relu(),
            (Op::Resize, _) => {
                // In f32 even under mixed precision, as the paper's code does.
                let kind = x.kind();
                x.to_kind(Kind::Float)
                    .upsample_bilinear2d([side.0, side.1], false, None, None)
                    .to_kind(kind)
            }
            (Op::GradScale { decoders }, _) if decoders > 1 => {
                let d = x.detach();
                &d + (x - &d) * (1.0 / (decoders as f64).sqrt())
            }
            (Op::GradScale { .. }, _) => x.shallow_clone(),
            (op, _) => unreachable!(
                "layer {} ({op:?}) has no variables: NetSpec and MultiTaskNet::new disagree",
                layer.key
            ),
        }
    }
}

/// The path of a dotted state-dict key.
fn path_of<'a>(p: &nn::Path<'a>, key: &str) -> nn::Path<'a> {
    let mut parts = key.split('.');
    let first = p.sub(parts.next().unwrap_or(key));
    parts.fold(first, |acc, part| acc.sub(part))
}

/// Creates (zero-filled) variables for a layer that owns any.
fn create(p: &nn::Path, layer: &Layer) -> Option<Vars> {
    let p = path_of(p, &layer.key);
    match layer.op {
        Op::Conv {
            cin,
            cout,
            k,
            groups,
            bias,
            ..
        } => Some(Vars::Conv {
            weight: p.zeros("weight", &[cout, cin / groups, k, k]),
            bias: bias.then(|| p.zeros("bias", &[cout])),
        }),
        Op::ConvT { cin, cout } => Some(Vars::Conv {
            weight: p.zeros("weight", &[cin, cout, CONVT_K, CONVT_K]),
            bias: Some(p.zeros("bias", &[cout])),
        }),
        Op::Bn { c } => Some(Vars::Bn {
            weight: p.ones("weight", &[c]),
            bias: p.zeros("bias", &[c]),
            running_mean: p.zeros_no_train("running_mean", &[c]),
            running_var: p.ones_no_train("running_var", &[c]),
        }),
        Op::Relu | Op::Resize | Op::GradScale { .. } => None,
    }
}
