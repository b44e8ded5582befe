//! Errors of the data module: each names the file, building, task or value.

use std::path::PathBuf;

/// A data error.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A tensor operation failed while building a batch.
    #[cfg(feature = "torch")]
    #[error("building a batch: {0}")]
    Torch(#[from] tch::TchError),
}
