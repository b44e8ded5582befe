//! [`TrainConfig`]: every setting of one training run, the network (its
//! architecture and tasks) plus the [`TrainSettings`], saved as JSON in the
//! run directory before training starts; [`ValidTrainConfig`] is one that
//! passed [`TrainConfig::check`], the only kind the trainer takes.

use super::schedule::PlateauConfig;
use super::settings::{invalid, ConfigError, TrainSettings, ValidTrainSettings};
use super::weighting::Weighting;
use crate::device::DeviceChoice;
use crate::model::Arch;
use crate::tasks::TaskSet;
use serde::{Deserialize, Serialize};
use std::ops::Deref;

/// A run directory's configuration file, written before training starts.
pub const CONFIG_FILE: &str = "config.json";

/// Settings of one training run. Defaults are the paper's (setting 1). The
/// JSON form is flat: `arch`, `tasks`, then the settings' fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainConfig {
    /// Network architecture.
    pub arch: Arch,
    /// Tasks the network carries (one decoder each).
    pub tasks: TaskSet,
    /// How it is trained.
    #[serde(flatten)]
    pub settings: TrainSettings,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            arch: Arch::Xception17,
            tasks: TaskSet::from_letters("sdnkt").expect("catalog letters"),
            settings: TrainSettings::default(),
        }
    }
}

macro_rules! setters {
    ($($(#[$doc:meta])* $fn:ident: $field:ident: $ty:ty),* $(,)?) => {
        $( $(#[$doc])* #[must_use] pub fn $fn(mut self, v: $ty) -> Self { self.settings.$field = v; self } )*
    };
}

impl TrainConfig {
    /// Sets the architecture.
    #[must_use]
    pub fn with_arch(mut self, arch: Arch) -> Self {
        self.arch = arch;
        self
    }

    /// Sets the tasks.
    #[must_use]
    pub fn with_tasks(mut self, tasks: TaskSet) -> Self {
        self.tasks = tasks;
        self
    }

    setters! {
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
        with_size: size: usize,
        /// Sets the early (ESA) fraction.
        with_early_fraction: early_fraction: f64,
        /// Sets the seed.
        with_seed: seed: u64,
        /// Sets the device.
        with_device: device: DeviceChoice,
        /// Sets mixed precision.
        with_mixed_precision: mixed_precision: bool,
        /// Sets the shift-tolerant loss.
        with_shift_tolerance: shift_tolerance: bool,
        /// Sets the per-epoch batch limit.
        with_max_batches_per_epoch: max_batches_per_epoch: Option<usize>,
        /// Sets the multi-task weighting.
        with_weighting: weighting: Weighting,
    }

    /// Checks every setting; the result cannot be invalid.
    pub fn check(self) -> Result<ValidTrainConfig, ConfigError> {
        if self.tasks.is_empty() {
            return Err(invalid("tasks", "(empty)", "at least one task"));
        }
        self.settings.check()?.network(self.arch, self.tasks)
    }
}

impl ValidTrainSettings {
    /// The run of one network (`arch` carrying `tasks`) with these settings;
    /// only the task set is left to check.
    pub fn network(&self, arch: Arch, tasks: TaskSet) -> Result<ValidTrainConfig, ConfigError> {
        if tasks.is_empty() {
            return Err(invalid("tasks", "(empty)", "at least one task"));
        }
        Ok(ValidTrainConfig(TrainConfig {
            arch,
            tasks,
            settings: self.0.clone(),
        }))
    }
}

/// A [`TrainConfig`] that passed [`TrainConfig::check`] (or was made by
/// [`ValidTrainSettings::network`]); read through `Deref`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(transparent)]
pub struct ValidTrainConfig(TrainConfig);

impl ValidTrainConfig {
    /// The checked configuration, to change and check again.
    pub fn into_inner(self) -> TrainConfig {
        self.0
    }

    /// The same run with its seed moved on by `offset` (a study's seed
    /// replicate `offset`); every seed is valid.
    #[must_use]
    pub fn with_seed_offset(mut self, offset: u64) -> ValidTrainConfig {
        self.0.settings.seed = self.0.settings.seed.wrapping_add(offset);
        self
    }
}

impl Deref for ValidTrainConfig {
    type Target = TrainConfig;

    fn deref(&self) -> &TrainConfig {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_papers_and_round_trip() {
        let c = TrainConfig::default();
        let s = &c.settings;
        assert_eq!(
            (s.lr, s.momentum, s.weight_decay, s.lr_floor),
            (0.1, 0.9, 1e-4, 3e-5)
        );
        assert_eq!(c.settings.esa_epoch(), 20);
        c.clone().check().unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<TrainConfig>(&json).unwrap(), c);
        // Missing fields take the defaults.
        let partial: TrainConfig =
            serde_json::from_str(r#"{"arch":"tiny","max_epochs":3}"#).unwrap();
        assert_eq!(partial.arch, Arch::Tiny);
        assert_eq!(partial.settings.esa_epoch(), 1);
    }

    #[test]
    fn the_json_form_is_flat_and_unchanged() {
        // A run directory's config.json as the flat TrainConfig wrote it.
        let saved = r#"{"arch":"tiny","tasks":"sd","lr":0.1,"momentum":0.9,"weight_decay":0.0001,"schedule":{"initial_window_images":500000,"max_window_images":2000000,"hold_epochs":2,"factor":0.5,"p_threshold":0.99,"trim":0.05},"lr_floor":0.00003,"max_epochs":5,"batch_size":4,"size":32,"early_fraction":0.4,"seed":7,"device":"cpu","mixed_precision":false,"shift_tolerance":true,"max_batches_per_epoch":null}"#;
        let c: TrainConfig = serde_json::from_str(saved).unwrap();
        assert_eq!((c.arch, c.settings.size), (Arch::Tiny, 32));
        assert_eq!(c.settings.device, DeviceChoice::Cpu);
        assert_eq!(serde_json::to_string(&c).unwrap(), saved);
    }

    #[test]
    fn invalid_settings_are_named() {
        let e = TrainConfig::default().with_size(100).check().unwrap_err();
        assert!(e.to_string().contains("size = 100"), "{e}");
        assert!("gpu".parse::<DeviceChoice>().is_err());
        assert!(TrainConfig::default()
            .with_device("cuda:1".parse().unwrap())
            .check()
            .is_ok());
        assert!(TrainConfig::default()
            .with_tasks(TaskSet::EMPTY)
            .check()
            .is_err());
    }
}
