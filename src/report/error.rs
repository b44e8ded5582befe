//! Errors while building or writing a report.

/// A report error.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The selection sweep failed.
    #[error("selection: {0}")]
    Select(#[from] crate::select::SelectError),
    /// A loss table could not be built.
    #[error("loss table: {0}")]
    Table(#[from] crate::select::TableError),
    /// An analysis failed.
    #[error("analysis: {0}")]
    Analysis(#[from] crate::analysis::AnalysisError),
    /// A figure failed.
    #[error("figure: {0}")]
    Plot(#[from] crate::plot::PlotError),
    /// A frame operation failed.
    #[error("frame: {0}")]
    Frame(#[from] polars::prelude::PolarsError),
    /// The estimator comparison's frames failed.
    #[error(transparent)]
    Compare(#[from] crate::compare::CompareError),
    /// The spread across seeds failed.
    #[error("seeds: {0}")]
    Seeds(#[from] crate::seeds::SeedsError),
    /// Writing a file failed.
    #[error(transparent)]
    Io(#[from] crate::io::IoError),
}
