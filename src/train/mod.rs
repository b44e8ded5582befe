//! Training one network the paper's way: SGD (momentum 0.9, weight decay
//! 1e-4, lr 0.1), the plateau schedule, validation after every epoch, the
//! best-validation checkpoint, per-task losses for train/val/test and the
//! early-stopping approximation, resumable from per-epoch checkpoints.
//!
//! Data flow: a [`crate::data::BatchSource`] per split -> [`Trainer::run`]
//! (one [`TrainStep`] per batch: forward, [`loss::total_loss`], backward
//! (the plain sum, or a multi-task [`weighting`] method), [`Sgd`]) -> a [`TrainRecord`] whose history rows go straight into a
//! DataFrame. The settings, schedule and record are pure Rust (they compile
//! without the `torch` feature so results can be read without libtorch).
//!
//! Settings: [`TrainSettings`] (how any network is trained, its
//! multi-task [`Weighting`] included) plus the
//! network's architecture and tasks make a [`TrainConfig`]; checked once
//! (`check`) into a [`ValidTrainConfig`], the only kind [`Trainer`] and
//! [`TrainStep`] take. A [`StepHook`] ([`Trainer::run_hooked`]) measures
//! something before each training step and saves its state with the
//! checkpoint (the affinity estimators of `crate::estimate`).

mod config;
mod error;
mod record;
mod schedule;
mod settings;
pub mod ttest;
pub mod weighting;

#[cfg(feature = "torch")]
pub mod checkpoint;
#[cfg(feature = "torch")]
mod hook;
#[cfg(feature = "torch")]
pub mod loss;
#[cfg(feature = "torch")]
mod sgd;
#[cfg(feature = "torch")]
mod step;
#[cfg(feature = "torch")]
mod trainer;

pub use config::{TrainConfig, ValidTrainConfig, CONFIG_FILE};
pub use error::TrainError;
pub use record::{HistoryRow, StopReason, TrainRecord, RECORD_FILE};
pub use schedule::{PlateauConfig, PlateauSchedule};
pub(crate) use settings::invalid as settings_invalid;
pub use settings::{ConfigError, TrainSettings, ValidTrainSettings};
pub use weighting::{Weighting, WeightingKind, WeightingState};

#[cfg(feature = "torch")]
pub use hook::StepHook;
#[cfg(feature = "torch")]
pub use sgd::{LossScaler, Sgd};
#[cfg(feature = "torch")]
pub use step::{StepLosses, TrainStep};
#[cfg(feature = "torch")]
pub use trainer::{Phase, Progress, Sources, Trainer};
