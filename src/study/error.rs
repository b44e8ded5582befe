//! Errors of a study.

use std::path::PathBuf;

/// A study error.
#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    /// Reading or writing a file of the store failed.
    #[error(transparent)]
    Io(#[from] crate::io::IoError),
    /// A JSON file of the store is malformed.
    #[error(transparent)]
    Json(#[from] crate::io::JsonError),
    /// The store was created for another study.
    #[error("{path} holds a study with a different configuration ({what}); use another --store or the same settings")]
    ConfigMismatch {
        /// The store's study.json.
        path: PathBuf,
        /// What differs.
        what: String,
    },
    /// The study's settings are unusable.
    #[error("invalid study: {0}")]
    Invalid(String),
    /// A record or frame could not be turned into a loss table.
    #[error("loss table from the store: {0}")]
    Table(#[from] crate::select::TableError),
    /// Building a DataFrame failed.
    #[error("frame: {0}")]
    Frame(#[from] polars::prelude::PolarsError),
    /// Training a network failed.
    #[cfg(feature = "torch")]
    #[error("training network {network}: {source}")]
    Train {
        /// The network's id.
        network: String,
        /// The cause (boxed: a training error is large).
        source: Box<crate::train::TrainError>,
    },
    /// A network's weights could not be loaded or evaluated.
    #[cfg(feature = "torch")]
    #[error(transparent)]
    Weights(#[from] crate::model::WeightsError),
    /// Opening the data failed.
    #[error("data: {0}")]
    Data(#[from] crate::data::DataError),
}
