//! [`TrainStep`]: one network with its optimiser on a device, and the two
//! things done to a batch: a training step (the plain sum of the task
//! losses, or the run's [`Weighting`] method) and an evaluation. The trainer
//! and the training benchmark both use it.

use super::config::ValidTrainConfig;
use super::error::TrainError;
use super::loss::{total_loss, LossError};
use super::sgd::{LossScaler, Sgd};
use super::weighting::{weighted_backward, StepInputs, Weighting, WeightingState};
use crate::data::Batch;
use crate::model::MultiTaskNet;
use crate::tasks::Task;
use std::collections::BTreeMap;
use tch::{nn::VarStore, Device, Tensor};

/// The losses of one batch (f32 values read back from the device).
#[derive(Clone, Debug, PartialEq)]
pub struct StepLosses {
    /// Sum over tasks (whatever the weighting: the schedule and the records
    /// follow the plain sum).
    pub total: f64,
    /// Per task.
    pub per_task: BTreeMap<Task, f64>,
    /// Whether the optimiser step was skipped (fp16 overflow).
    pub skipped: bool,
}

/// A network, its variables and optimiser, ready to train on one device.
#[derive(Debug)]
pub struct TrainStep {
    /// The variables (network weights and BN statistics).
    pub vs: VarStore,
    /// The network.
    pub net: MultiTaskNet,
    /// The optimiser.
    pub sgd: Sgd,
    /// The fp16 loss scaler, when mixed precision is on (CUDA only).
    pub scaler: Option<LossScaler>,
    /// The multi-task weighting's state (saved with the checkpoint).
    pub weighting_state: WeightingState,
    weighting: Weighting,
    seed: u64,
    device: Device,
    shift_tolerance: bool,
}

impl TrainStep {
    /// Builds the network of `config` with the seeded initialisation (on the
    /// CPU generator, as the paper's script does, then moved to the device).
    /// Fails only when the configured device is not there.
    pub fn new(config: &ValidTrainConfig) -> Result<TrainStep, TrainError> {
        let s = &config.settings;
        let device = s.device.resolve()?;
        let mut vs = VarStore::new(Device::Cpu);
        let net = MultiTaskNet::seeded(&vs.root(), config.arch, config.tasks, s.seed);
        vs.set_device(device);
        let sgd = Sgd::new(&vs, s.lr, s.momentum, s.weight_decay);
        let scaler = (s.mixed_precision && device.is_cuda()).then(LossScaler::default);
        Ok(TrainStep {
            vs,
            net,
            sgd,
            scaler,
            weighting_state: WeightingState::new(s.weighting, config.tasks.len()),
            weighting: s.weighting,
            seed: s.seed,
            device,
            shift_tolerance: s.shift_tolerance,
        })
    }

    /// The device.
    pub fn device(&self) -> Device {
        self.device
    }

    /// `f32` or `fp16-autocast`.
    pub fn precision(&self) -> &'static str {
        if self.scaler.is_some() {
            "fp16-autocast"
        } else {
            "f32"
        }
    }

    /// The weighting method the steps use.
    pub fn weighting(&self) -> Weighting {
        self.weighting
    }

    /// The shared representation, the total and the per-task losses.
    pub(crate) fn forward_losses(
        &self,
        batch: &Batch,
        train: bool,
    ) -> Result<(Tensor, Tensor, BTreeMap<Task, Tensor>), LossError> {
        let batch = batch.to_device(self.device);
        let (rep, outputs) = tch::autocast(self.scaler.is_some(), || {
            let x = &batch.input;
            let rep = self.net.representation(x, train);
            let outputs = self.net.decode_t(&rep, (x.size()[2], x.size()[3]), train);
            (rep, outputs)
        });
        let (total, per_task) = total_loss(&outputs, &batch.targets, self.shift_tolerance)?;
        Ok((rep, total, per_task))
    }

    /// One optimiser step on `batch`.
    pub fn step(&mut self, batch: &Batch) -> Result<StepLosses, LossError> {
        let (rep, total, per_task) = self.forward_losses(batch, true)?;
        self.sgd.zero_grad();
        let skipped = match &mut self.scaler {
            Some(scaler) => {
                (&total * scaler.scale).backward();
                !scaler.step(&mut self.sgd)
            }
            None if self.weighting.is_sum() => {
                total.backward();
                self.sgd.step();
                false
            }
            None => {
                let losses: Vec<Tensor> = per_task.values().map(Tensor::shallow_clone).collect();
                let inputs = StepInputs {
                    net: &self.net,
                    rep: &rep,
                    losses: &losses,
                    seed: self.seed,
                    lr: self.sgd.lr,
                };
                weighted_backward(self.weighting, &mut self.weighting_state, &inputs);
                self.sgd.step();
                false
            }
        };
        Ok(StepLosses {
            total: total.double_value(&[]),
            per_task: values(&per_task),
            skipped,
        })
    }

    /// The losses of `batch` in evaluation mode (running BN statistics, no gradients).
    pub fn evaluate(&self, batch: &Batch) -> Result<StepLosses, LossError> {
        let (_, total, per_task) = tch::no_grad(|| self.forward_losses(batch, false))?;
        Ok(StepLosses {
            total: total.double_value(&[]),
            per_task: values(&per_task),
            skipped: false,
        })
    }
}

fn values(per_task: &BTreeMap<Task, Tensor>) -> BTreeMap<Task, f64> {
    per_task
        .iter()
        .map(|(t, l)| (*t, l.double_value(&[])))
        .collect()
}
