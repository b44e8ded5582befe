//! SGD with momentum and weight decay, written out (PyTorch's `torch.optim.SGD`
//! update, dampening 0, no Nesterov) so its momentum buffers can be saved and
//! restored with a checkpoint, plus the dynamic loss scaling fp16 training needs.

use serde::{Deserialize, Serialize};
use std::path::Path;
use tch::{nn::VarStore, Kind, TchError, Tensor};

/// The optimiser: for each parameter p with gradient g,
/// `d = g + wd·p; buf = d (first step) or momentum·buf + d; p -= lr·buf`.
#[derive(Debug)]
pub struct Sgd {
    params: Vec<(String, Tensor)>,
    buffers: Vec<Option<Tensor>>,
    /// Learning rate of the next step.
    pub lr: f64,
    momentum: f64,
    weight_decay: f64,
}

impl Sgd {
    /// An optimiser over every trainable variable of `vs` (sorted by name).
    pub fn new(vs: &VarStore, lr: f64, momentum: f64, weight_decay: f64) -> Sgd {
        let mut params: Vec<(String, Tensor)> = vs
            .variables()
            .into_iter()
            .filter(|(_, t)| t.requires_grad())
            .collect();
        params.sort_by(|a, b| a.0.cmp(&b.0));
        let buffers = params.iter().map(|_| None).collect();
        Sgd {
            params,
            buffers,
            lr,
            momentum,
            weight_decay,
        }
    }

    /// Clears every gradient.
    pub fn zero_grad(&mut self) {
        for (_, p) in &mut self.params {
            p.zero_grad();
        }
    }

    /// The gradients that exist.
    fn grads(&self) -> Vec<Tensor> {
        self.params
            .iter()
            .map(|(_, p)| p.grad())
            .filter(Tensor::defined)
            .collect()
    }

    /// Whether every gradient is finite (one reduction, one sync).
    pub fn grads_finite(&self) -> bool {
        let sums: Vec<Tensor> = self.grads().iter().map(|g| g.sum(Kind::Float)).collect();
        sums.is_empty()
            || Tensor::stack(&sums, 0)
                .sum(Kind::Float)
                .double_value(&[])
                .is_finite()
    }

    /// Multiplies every gradient by `factor` (unscaling after loss scaling).
    pub fn scale_grads(&mut self, factor: f64) {
        tch::no_grad(|| {
            for mut g in self.grads() {
                let _ = g.g_mul_scalar_(factor);
            }
        });
    }

    /// One update with the current gradients.
    pub fn step(&mut self) {
        let (lr, m, wd) = (self.lr, self.momentum, self.weight_decay);
        tch::no_grad(|| {
            for ((_, p), buf) in self.params.iter_mut().zip(self.buffers.iter_mut()) {
                let g = p.grad();
                if !g.defined() {
                    continue;
                }
                let d = if wd != 0.0 { g + &*p * wd } else { g };
                let b = match buf {
                    Some(b) => {
                        let _ = b.g_mul_scalar_(m);
                        let _ = b.g_add_(&d);
                        b.shallow_clone()
                    }
                    None => {
                        let b = d.detach().copy();
                        *buf = Some(b.shallow_clone());
                        b
                    }
                };
                let _ = p.g_sub_(&(b * lr));
            }
        });
    }

    /// Moves each of `params` (variables this optimiser steps) by the step
    /// it would take with the gradients `grads` (one per parameter) instead
    /// of theirs, without changing any momentum buffer: `p -= lr·d` with
    /// `d = g + wd·p`, or with `with_momentum` (and a buffer from an earlier
    /// step) `d = momentum·buf + g + wd·p`, the update [`Sgd::step`] makes.
    /// The lookahead of `crate::estimate`; the caller restores `params`.
    pub fn step_params_with(&self, params: &[Tensor], grads: &[Tensor], with_momentum: bool) {
        let (lr, m, wd) = (self.lr, self.momentum, self.weight_decay);
        tch::no_grad(|| {
            for (p, g) in params.iter().zip(grads) {
                let mut d = if wd != 0.0 { g + p * wd } else { g.copy() };
                if with_momentum {
                    if let Some(buf) = self.buffer_of(p) {
                        d = buf * m + d;
                    }
                }
                let _ = p.shallow_clone().g_sub_(&(d * lr));
            }
        });
    }

    /// The momentum buffer of the variable `p` (the same tensor storage),
    /// if it has one yet.
    fn buffer_of(&self, p: &Tensor) -> Option<&Tensor> {
        let ptr = p.data_ptr();
        self.params
            .iter()
            .position(|(_, q)| q.data_ptr() == ptr)
            .and_then(|i| self.buffers[i].as_ref())
    }

    /// Writes the momentum buffers (safetensors, named like the parameters).
    pub fn save(&self, path: &Path) -> Result<(), TchError> {
        let named: Vec<(&str, Tensor)> = self
            .params
            .iter()
            .zip(&self.buffers)
            .filter_map(|((n, _), b)| {
                b.as_ref()
                    .map(|b| (n.as_str(), b.to_device(tch::Device::Cpu)))
            })
            .collect();
        Tensor::write_safetensors(&named, path)
    }

    /// Restores momentum buffers written by [`Sgd::save`].
    pub fn load(&mut self, path: &Path) -> Result<(), TchError> {
        let mut saved: std::collections::HashMap<String, Tensor> =
            Tensor::read_safetensors(path)?.into_iter().collect();
        for ((name, p), buf) in self.params.iter().zip(self.buffers.iter_mut()) {
            *buf = saved.remove(name).map(|t| t.to_device(p.device()));
        }
        Ok(())
    }
}

/// Dynamic loss scaling for fp16 (the policy of apex's `loss_scale="dynamic"`
/// and PyTorch's `GradScaler`): start at 2^16, halve and skip the step on
/// overflow, double after 2000 clean steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LossScaler {
    /// Current scale.
    pub scale: f64,
    /// Clean steps since the last change.
    pub clean_steps: u32,
    /// Steps skipped so far.
    pub skipped: u64,
}

impl Default for LossScaler {
    fn default() -> Self {
        LossScaler {
            scale: 65536.0,
            clean_steps: 0,
            skipped: 0,
        }
    }
}

/// Clean steps after which the scale doubles.
const GROWTH_INTERVAL: u32 = 2000;

impl LossScaler {
    /// After a backward pass of `loss · scale`: unscales and steps if the
    /// gradients are finite, otherwise skips; updates the scale. Returns
    /// whether the step was taken.
    pub fn step(&mut self, sgd: &mut Sgd) -> bool {
        if sgd.grads_finite() {
            sgd.scale_grads(1.0 / self.scale);
            sgd.step();
            self.clean_steps += 1;
            if self.clean_steps == GROWTH_INTERVAL {
                self.scale *= 2.0;
                self.clean_steps = 0;
            }
            true
        } else {
            self.scale *= 0.5;
            self.clean_steps = 0;
            self.skipped += 1;
            false
        }
    }
}
