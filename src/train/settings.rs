//! [`TrainSettings`]: how a network is trained, whatever network it is (a
//! study shares them between its networks), and the one check that turns
//! them into [`ValidTrainSettings`].

use super::schedule::PlateauConfig;
use super::weighting::Weighting;
use crate::device::DeviceChoice;
use serde::{Deserialize, Serialize};
use std::ops::Deref;

/// Training settings shared by every network of a study. Defaults are the
/// paper's (setting 1). A [`super::TrainConfig`] adds the architecture and
/// the tasks of one network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainSettings {
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
    pub size: usize,
    /// Per-task validation losses are also recorded after this fraction of
    /// `max_epochs` (the early-stopping approximation, 0.2).
    pub early_fraction: f64,
    /// Seed of the initial weights (and of anything else random in the run).
    pub seed: u64,
    /// The device (`auto`: CUDA when available).
    pub device: DeviceChoice,
    /// Mixed precision on CUDA: fp16 autocast with dynamic loss scaling (the
    /// paper's apex O1 mode). No effect on the CPU; the record names the
    /// precision actually used.
    pub mixed_precision: bool,
    /// The paper's shift-tolerant loss for depth, normals and occlusion edges (on).
    pub shift_tolerance: bool,
    /// At most this many batches per training epoch (`None`: the whole source).
    pub max_batches_per_epoch: Option<usize>,
    /// How the task losses are combined (`sum`, the paper's; left out of
    /// the JSON when it is the sum, so plain runs' settings are unchanged).
    #[serde(skip_serializing_if = "Weighting::is_sum")]
    pub weighting: Weighting,
}

impl Default for TrainSettings {
    fn default() -> Self {
        TrainSettings {
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
            device: DeviceChoice::Auto,
            mixed_precision: false,
            shift_tolerance: true,
            max_batches_per_epoch: None,
            weighting: Weighting::Sum,
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

pub(crate) fn invalid(name: &'static str, value: impl ToString, why: &'static str) -> ConfigError {
    ConfigError::Invalid {
        name,
        value: value.to_string(),
        why,
    }
}

impl TrainSettings {
    /// Checks every setting; the result cannot be invalid.
    pub fn check(self) -> Result<ValidTrainSettings, ConfigError> {
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
        self.weighting.check()?;
        if !self.weighting.is_sum() && self.mixed_precision {
            return Err(invalid(
                "weighting",
                self.weighting,
                "the plain sum when mixed_precision is on (the weighted steps run in f32)",
            ));
        }
        Ok(ValidTrainSettings(self))
    }

    /// The epoch (1-based) after which the early-stopping approximation's
    /// validation losses are taken: `ceil(early_fraction · max_epochs)`, at least 1.
    pub fn esa_epoch(&self) -> usize {
        ((self.early_fraction * self.max_epochs as f64).ceil() as usize).clamp(1, self.max_epochs)
    }
}

/// [`TrainSettings`] that passed [`TrainSettings::check`]; read through
/// `Deref`. [`ValidTrainSettings::network`] makes a network's
/// [`super::ValidTrainConfig`] from them without checking them again.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(transparent)]
pub struct ValidTrainSettings(pub(super) TrainSettings);

impl ValidTrainSettings {
    /// The checked settings, to change and check again.
    pub fn into_inner(self) -> TrainSettings {
        self.0
    }
}

impl Deref for ValidTrainSettings {
    type Target = TrainSettings;

    fn deref(&self) -> &TrainSettings {
        &self.0
    }
}
