//! [`SeedsError`]: why results across seeds cannot be summarised.

/// An error of the seed spread.
#[derive(Debug, thiserror::Error)]
pub enum SeedsError {
    /// An interval needs at least two seeds.
    #[error("{0} seed replicate(s): an interval across seeds needs at least two (train the study with --seeds 2 or more)")]
    TooFew(usize),
    /// A replicate's tables have other columns than the first's.
    #[error("seed replicate {replicate} has columns {found:?}, the first has {expected:?}")]
    Columns {
        /// The replicate's index.
        replicate: usize,
        /// The first replicate's columns.
        expected: Vec<String>,
        /// This replicate's.
        found: Vec<String>,
    },
    /// Writing a frame failed.
    #[error(transparent)]
    Frame(#[from] polars::error::PolarsError),
}
