//! Errors of a training run: each names the file, epoch, batch or task.

use super::settings::ConfigError;
use std::path::PathBuf;

/// A training error.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// The configuration is invalid.
    #[error("invalid training configuration: {0}")]
    Config(#[from] ConfigError),
    /// The run directory holds a different run's configuration.
    #[error("{path} holds a different configuration: use another run directory or delete it")]
    ConfigMismatch {
        /// The existing `config.json`.
        path: PathBuf,
    },
    /// A run's saved state does not fit its configuration.
    #[error("{path}: {why}")]
    StateMismatch {
        /// The `state.json`.
        path: PathBuf,
        /// What does not fit.
        why: String,
    },
    /// Reading or writing a file failed.
    #[error(transparent)]
    Io(#[from] crate::io::IoError),
    /// A JSON file could not be written or parsed.
    #[error(transparent)]
    Json(#[from] crate::io::JsonError),
    /// A libtorch operation failed.
    #[cfg(feature = "torch")]
    #[error("{context}: {source}")]
    Torch {
        /// What was being done.
        context: String,
        /// The cause.
        source: tch::TchError,
    },
    /// A batch could not be produced.
    #[cfg(feature = "torch")]
    #[error("{split} epoch {epoch}, batch {batch}: {source}")]
    Data {
        /// The split.
        split: crate::data::Split,
        /// Epoch (1-based).
        epoch: usize,
        /// Batch index in the epoch.
        batch: usize,
        /// The cause.
        source: crate::data::DataError,
    },
    /// A loss could not be computed.
    #[cfg(feature = "torch")]
    #[error("{split} epoch {epoch}, batch {batch}: {source}")]
    Loss {
        /// The split.
        split: crate::data::Split,
        /// Epoch (1-based).
        epoch: usize,
        /// Batch index in the epoch.
        batch: usize,
        /// The cause.
        source: super::loss::LossError,
    },
    /// A loss became NaN or infinite in f32 training.
    #[error("{split} epoch {epoch}, batch {batch}: loss of task {task} is {value}")]
    NonFinite {
        /// The split.
        split: crate::data::Split,
        /// Epoch (1-based).
        epoch: usize,
        /// Batch index in the epoch.
        batch: usize,
        /// The task.
        task: crate::tasks::Task,
        /// The value.
        value: f64,
    },
    /// A data source yields no batch.
    #[error("the {0} source has no batches")]
    EmptySource(crate::data::Split),
    /// The configured device cannot be used.
    #[cfg(feature = "torch")]
    #[error("device: {0}")]
    Device(#[from] crate::device::DeviceError),
}
