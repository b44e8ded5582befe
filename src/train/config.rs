//! [`TrainConfig`]: every setting of one training run (saved as JSON in the
//! run directory before training starts).

use super::schedule::PlateauConfig;
use crate::model::Arch;
use crate::tasks::TaskSet;
use serde::{Deserialize, Serialize};

/// Settings of one training run. Defaults are the paper's (setting 1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainConfig {
    /// Network architecture.
    pub arch: Arch,
    /// Tasks the network carries (one decoder each).
    pub tasks: TaskSet,
    /// Initial learning rate (0.1).
    pub lr: f64,
    /// SGD momentum (0.9).
    pub momentum: f64,
    /// Weight decay on every parameter, BN included (1e-4).
    pub weight_decay: f64,
    /// The plateau schedule.
    pub schedule: PlateauConfig,
    /// Training stops at the start of an epoch whose learning rate is below this (3e-5).
    pub lr_floor: f64,
    /// Maximum number of epochs (100).
    pub max_epochs: usize,
    /// Training batch size (64). Evaluation batches are whatever the sources give.
    pub batch_size: usize,
    /// Input side in pixels (256); the data sources must deliver this size.
    pub size: i64,
    /// Per-task validation losses are also recorded after this fraction of
    /// `max_epochs` (the early-stopping approximation, 0.2).
    pub early_fraction: f64,
    /// Seed of the initial weights (and of anything else random in the run).
    pub seed: u64,
    /// `"auto"` (CUDA when available), `"cpu"`, `"cuda"` or `"cuda:N"`.
    pub device: String,
    /// Mixed precision on CUDA: fp16 autocast with dynamic loss scaling (the
    /// paper's apex O1 mode). No effect on the CPU; the record names the
    /// precision actually used.
    pub mixed_precision: bool,
    /// The paper's shift-tolerant loss for depth, normals and occlusion edges (on).
    pub shift_tolerance: bool,
    /// At most this many batches per training epoch (`None`: the whole source).
    pub max_batches_per_epoch: Option<usize>,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            arch: Arch::Xception17,
            tasks: TaskSet::from_letters("sdnkt").expect("catalog letters"),
            lr: 0.1,
            momentum: 0.9,
            weight_decay: 1e-4,
            schedule: PlateauConfig::default(),
            lr_floor: 3e-5,
            max_epochs: 100,
            batch_size: 64,
            size: 256,
            early_fraction: 0.2,
            seed: 0,
            device: "auto".to_string(),
            mixed_precision: false,
            shift_tolerance: true,
            max_batches_per_epoch: None,
        }
    }
}

/// A setting that cannot work, found before anything runs.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    /// A value outside its range.
    #[error("setting {name} = {value} is invalid: {why}")]
    Invalid {
        /// The setting.
        name: &'static str,
        /// Its value, printed.
        value: String,
        /// What is required.
        why: &'static str,
    },
}

fn invalid(name: &'static str, value: impl ToString, why: &'static str) -> ConfigError {
    ConfigError::Invalid {
        name,
        value: value.to_string(),
        why,
    }
}

macro_rules! setters {
    ($($(#[$doc:meta])* $fn:ident: $field:ident: $ty:ty),* $(,)?) => {
        $( $(#[$doc])* #[must_use] pub fn $fn(mut self, v: $ty) -> Self { self.$field = v; self } )*
    };
}

impl TrainConfig {
    setters! {
        /// Sets the architecture.
        with_arch: arch: Arch,
        /// Sets the tasks.
        with_tasks: tasks: TaskSet,
        /// Sets the initial learning rate.
        with_lr: lr: f64,
        /// Sets the momentum.
        with_momentum: momentum: f64,
        /// Sets the weight decay.
        with_weight_decay: weight_decay: f64,
        /// Sets the plateau schedule.
        with_schedule: schedule: PlateauConfig,
        /// Sets the learning-rate floor.
        with_lr_floor: lr_floor: f64,
        /// Sets the maximum number of epochs.
        with_max_epochs: max_epochs: usize,
        /// Sets the batch size.
        with_batch_size: batch_size: usize,
        /// Sets the input side.
        with_size: size: i64,
        /// Sets the early (ESA) fraction.
        with_early_fraction: early_fraction: f64,
        /// Sets the seed.
        with_seed: seed: u64,
        /// Sets mixed precision.
        with_mixed_precision: mixed_precision: bool,
        /// Sets the shift-tolerant loss.
        with_shift_tolerance: shift_tolerance: bool,
        /// Sets the per-epoch batch limit.
        with_max_batches_per_epoch: max_batches_per_epoch: Option<usize>,
    }

    /// Sets the device (`"auto"`, `"cpu"`, `"cuda"`, `"cuda:N"`).
    #[must_use]
    pub fn with_device(mut self, device: impl Into<String>) -> Self {
        self.device = device.into();
        self
    }

    /// Checks every setting.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.tasks.is_empty() {
            return Err(invalid("tasks", "(empty)", "at least one task"));
        }
        if !(self.lr > 0.0 && self.lr.is_finite()) {
            return Err(invalid("lr", self.lr, "a positive number"));
        }
        if !(0.0..1.0).contains(&self.momentum) {
            return Err(invalid("momentum", self.momentum, "in [0, 1)"));
        }
        if !(self.weight_decay >= 0.0 && self.weight_decay.is_finite()) {
            return Err(invalid(
                "weight_decay",
                self.weight_decay,
                "zero or positive",
            ));
        }
        if !(self.schedule.factor > 0.0 && self.schedule.factor < 1.0) {
            return Err(invalid(
                "schedule.factor",
                self.schedule.factor,
                "in (0, 1)",
            ));
        }
        if self.schedule.max_window_images < self.schedule.initial_window_images {
            return Err(invalid(
                "schedule.max_window_images",
                self.schedule.max_window_images,
                "at least initial_window_images",
            ));
        }
        if !(0.0..=1.0).contains(&self.schedule.p_threshold) {
            return Err(invalid(
                "schedule.p_threshold",
                self.schedule.p_threshold,
                "in [0, 1]",
            ));
        }
        if !(0.0..0.5).contains(&self.schedule.trim) {
            return Err(invalid("schedule.trim", self.schedule.trim, "in [0, 0.5)"));
        }
        if self.max_epochs == 0 {
            return Err(invalid("max_epochs", 0, "at least 1"));
        }
        if self.batch_size == 0 {
            return Err(invalid("batch_size", 0, "at least 1"));
        }
        if self.size < 16 || self.size % 16 != 0 {
            return Err(invalid(
                "size",
                self.size,
                "a positive multiple of 16 (the encoder downsamples 16-fold)",
            ));
        }
        if !(self.early_fraction > 0.0 && self.early_fraction <= 1.0) {
            return Err(invalid("early_fraction", self.early_fraction, "in (0, 1]"));
        }
        if self.max_batches_per_epoch == Some(0) {
            return Err(invalid("max_batches_per_epoch", 0, "at least 1 (or none)"));
        }
        let d = self.device.as_str();
        let cuda_index = d.strip_prefix("cuda:").map(|i| i.parse::<usize>().is_ok());
        if !(matches!(d, "auto" | "cpu" | "cuda") || cuda_index == Some(true)) {
            return Err(invalid(
                "device",
                d,
                "\"auto\", \"cpu\", \"cuda\" or \"cuda:N\"",
            ));
        }
        Ok(())
    }

    /// The epoch (1-based) after which the early-stopping approximation's
    /// validation losses are taken: `ceil(early_fraction · max_epochs)`, at least 1.
    pub fn esa_epoch(&self) -> usize {
        ((self.early_fraction * self.max_epochs as f64).ceil() as usize).clamp(1, self.max_epochs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_papers_and_round_trip() {
        let c = TrainConfig::default();
        assert_eq!(
            (c.lr, c.momentum, c.weight_decay, c.lr_floor),
            (0.1, 0.9, 1e-4, 3e-5)
        );
        assert_eq!(c.esa_epoch(), 20);
        c.validate().unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<TrainConfig>(&json).unwrap(), c);
        // Missing fields take the defaults.
        let partial: TrainConfig =
            serde_json::from_str(r#"{"arch":"tiny","max_epochs":3}"#).unwrap();
        assert_eq!(partial.arch, Arch::Tiny);
        assert_eq!(partial.esa_epoch(), 1);
    }

    #[test]
    fn invalid_settings_are_named() {
        let e = TrainConfig::default()
            .with_size(100)
            .validate()
            .unwrap_err();
        assert!(e.to_string().contains("size = 100"), "{e}");
        assert!(TrainConfig::default()
            .with_device("gpu")
            .validate()
            .is_err());
        assert!(TrainConfig::default()
            .with_device("cuda:1")
            .validate()
            .is_ok());
        assert!(TrainConfig::default()
            .with_tasks(TaskSet::EMPTY)
            .validate()
            .is_err());
    }
}
