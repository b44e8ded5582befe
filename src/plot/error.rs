//! The plot module's error type.

use crate::analysis::AnalysisError;
use std::path::PathBuf;

/// What can go wrong building or rendering a figure.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// The data cannot be drawn as asked (empty, inconsistent, wrong sizes).
    #[error("{figure}: {reason}")]
    Invalid {
        /// The figure being built.
        figure: &'static str,
        /// What is wrong with its data.
        reason: String,
    },
    /// plotters failed while drawing.
    #[error("drawing failed: {0}")]
    Drawing(String),
    /// Encoding the PNG failed.
    #[error("PNG encoding failed: {0}")]
    Encode(#[from] png::EncodingError),
    /// A figure can only be saved as `.svg` or `.png`.
    #[error("cannot save a figure to {path}: the extension must be .svg or .png")]
    UnsupportedExtension {
        /// The path asked for.
        path: PathBuf,
    },
    /// Reading the figure's frame failed.
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    /// Writing the figure's file failed.
    #[error(transparent)]
    Io(#[from] crate::io::IoError),
}

/// The plot module's result type.
pub type Result<T, E = PlotError> = std::result::Result<T, E>;

/// Converts a plotters error (any displayable error) into a [`PlotError`].
pub(crate) fn drawing<E: std::fmt::Display>(e: E) -> PlotError {
    PlotError::Drawing(e.to_string())
}

/// An [`PlotError::Invalid`] for `figure`.
pub(crate) fn invalid(figure: &'static str, reason: impl Into<String>) -> PlotError {
    PlotError::Invalid {
        figure,
        reason: reason.into(),
    }
}
