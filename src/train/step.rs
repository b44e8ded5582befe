//! [`TrainStep`]: one network with its optimiser on a device, and the two
//! things done to a batch: a training step and an evaluation. The trainer and
//! the training benchmark both use it.

use super::config::ValidTrainConfig;
use super::error::TrainError;
use super::loss::{total_loss, LossError};
use super::sgd::{LossScaler, Sgd};
use crate::data::Batch;
use crate::model::MultiTaskNet;
use crate::tasks::Task;
use std::collections::BTreeMap;
use tch::{nn::VarStore, Device, Tensor};

/// The losses of one batch (f32 values read back from the device).
#[derive(Clone, Debug, PartialEq)]
pub struct StepLosses {
    /// Sum over tasks.
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

    fn forward_losses(
        &self,
        batch: &Batch,
        train: bool,
    ) -> Result<(Tensor, BTreeMap<Task, Tensor>), LossError> {
        let batch = batch.to_device(self.device);
        let outputs = tch::autocast(self.scaler.is_some(), || {
            self.net.forward_t(&batch.input, train)
        });
        total_loss(&outputs, &batch.targets, self.shift_tolerance)
    }

    /// One optimiser step on `batch`.
    pub fn step(&mut self, batch: &Batch) -> Result<StepLosses, LossError> {
        let (total, per_task) = self.forward_losses(batch, true)?;
        self.sgd.zero_grad();
        let skipped = match &mut self.scaler {
            Some(scaler) => {
                (&total * scaler.scale).backward();
                !scaler.step(&mut self.sgd)
            }
            None => {
                total.backward();
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
        let (total, per_task) = tch::no_grad(|| self.forward_losses(batch, false))?;
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
