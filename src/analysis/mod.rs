//! Analysis of a study's losses, on the long loss frame of `crate::losses`
//! (read through its one reader, `crate::losses::read_frame`): pairwise task
//! affinities, the per-task average change, correlations between affinity
//! matrices with their p-values, and side-by-side groupings from the
//! selection frame. Every result converts to a DataFrame, and [`export`]
//! writes any frame to CSV or parquet.
//!
//! Data flow: a loss frame -> [`SplitLosses`] (one split, typed) ->
//! [`AffinityMatrix`] / [`AverageChange`] -> frames and figures
//! (`crate::plot`).

mod affinity;
mod affinity_definition;
mod average;
pub(crate) mod columns;
mod comparison;
mod correlation;
mod error;
pub mod export;
mod losses;

pub use affinity::AffinityMatrix;
pub use affinity_definition::{AffinityDefinition, Denominator, Reference};
pub use average::{AverageChange, AverageChangeRow};
pub use comparison::{ComparisonEntry, GroupingComparison};
pub use correlation::{pearson, spearman, Correlation};
pub use error::{AnalysisError, Result};
pub use losses::{relative_change, NetworkLosses, SplitLosses};
