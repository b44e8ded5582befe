//! [`EstimateError`]: what can go wrong estimating affinities from one run
//! or reading a result back; each names the file or value.

use std::path::PathBuf;

/// An error of the one-run estimators.
#[derive(Debug, thiserror::Error)]
pub enum EstimateError {
    /// `every` must be at least 1.
    #[error("the estimators measure every k-th step: k must be at least 1")]
    Every,
    /// The run took no measured step.
    #[error("no training step was measured (the run took {steps} steps)")]
    NothingMeasured {
        /// Training steps taken.
        steps: u64,
    },
    /// There is no result file.
    #[error("{0}: no such affinity file (write one with `taskgroup affinity --out DIR`)")]
    Missing(PathBuf),
    /// A result file does not hold together.
    #[error("{path}: {why}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
    /// Reading or writing a file failed.
    #[error(transparent)]
    Io(#[from] crate::io::IoError),
    /// A JSON file could not be written or parsed.
    #[error(transparent)]
    Json(#[from] crate::io::JsonError),
    /// A frame could not be built.
    #[error("building an affinity frame: {0}")]
    Frame(#[from] polars::prelude::PolarsError),
    /// A frame could not be written.
    #[error(transparent)]
    Export(#[from] crate::analysis::AnalysisError),
    /// The dataset could not be opened or loaded.
    #[error("the affinity run's data: {0}")]
    Data(#[from] crate::data::DataError),
    /// The run's training settings are invalid.
    #[error("the affinity run's settings: {0}")]
    Config(String),
    /// Training the network failed.
    #[error("training the affinity run: {0}")]
    Train(#[from] Box<crate::train::TrainError>),
}
