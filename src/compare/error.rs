//! [`CompareError`]: what can stop a comparison.

/// An error of a comparison.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// A search failed.
    #[error("comparison: {0}")]
    Search(#[from] crate::select::SearchError),
    /// The sweep of the study's own methods failed.
    #[error("comparison: {0}")]
    Sweep(#[from] crate::select::SelectError),
    /// A choice could not be scored on the test table.
    #[error("comparison: scoring on the test losses: {0}")]
    Eval(#[from] crate::select::EvalError),
    /// The losses estimated from affinities failed.
    #[error("comparison: {0}")]
    Estimate(#[from] crate::select::AffinityTableError),
    /// The affinities' tasks are not the study's.
    #[error("comparison: {0}")]
    Affinities(#[from] crate::select::AffinityInputError),
    /// The pair affinities failed.
    #[error("comparison: {0}")]
    Analysis(#[from] crate::analysis::AnalysisError),
    /// The study could not be read.
    #[error("comparison: {0}")]
    Study(#[from] crate::study::StudyError),
    /// The affinity file could not be read.
    #[error("comparison: {0}")]
    Estimator(#[from] crate::estimate::EstimateError),
    /// The one-run affinities are over other tasks than the study's.
    #[error("comparison: the affinities are over tasks {run}, the study over {study}")]
    Tasks {
        /// The run's task letters.
        run: String,
        /// The study's task letters.
        study: String,
    },
    /// A frame could not be built.
    #[error("comparison: {0}")]
    Frame(#[from] polars::error::PolarsError),
    /// A file could not be written.
    #[error("comparison: {0}")]
    Io(#[from] crate::io::IoError),
}
