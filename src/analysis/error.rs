//! The analysis module's error type.

use crate::losses::{ColumnError, FrameError};
use crate::select::{Method, SelectionFrameError, UnknownMethod};
use std::path::PathBuf;

/// What can go wrong reading a frame, computing a statistic or exporting a table.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// The frame lacks a column the computation needs.
    #[error("the frame has no column `{column}` (it has: {present})")]
    MissingColumn {
        /// The missing column.
        column: String,
        /// The columns the frame does have, comma-separated.
        present: String,
    },
    /// A column has the wrong data type.
    #[error("column `{column}` has type {found}, expected {expected}")]
    ColumnType {
        /// The column.
        column: String,
        /// The type the computation needs.
        expected: &'static str,
        /// The type the frame has.
        found: String,
    },
    /// A required cell is null.
    #[error("column `{column}` is null in row {row}")]
    NullValue {
        /// The column.
        column: String,
        /// The row (0-based).
        row: usize,
    },
    /// A loss, cost or budget is NaN or infinite.
    #[error("column `{column}` holds the non-finite value {value} in row {row}")]
    NonFinite {
        /// The column.
        column: String,
        /// The row (0-based).
        row: usize,
        /// The offending value.
        value: f64,
    },
    /// A network name is empty or names no task.
    #[error("row {row}: network name `{network}` names no task (expected e.g. \"s+d\")")]
    BadNetworkName {
        /// The row (0-based).
        row: usize,
        /// The name as written.
        network: String,
    },
    /// A `split` cell that names no split.
    #[error("row {row}: {source}")]
    BadSplit {
        /// The row (0-based).
        row: usize,
        /// The parse error.
        source: crate::losses::SplitError,
    },
    /// A split's networks name more distinct tasks than a task set holds.
    #[error("the `{split}` losses name more than 64 distinct tasks")]
    TooManyTasks {
        /// The split.
        split: String,
    },
    /// A loss row is for a task the network does not carry.
    #[error("row {row}: network `{network}` does not carry task `{task}`")]
    TaskNotCarried {
        /// The row (0-based).
        row: usize,
        /// The network.
        network: String,
        /// The task of the loss.
        task: String,
    },
    /// Two rows give a loss for the same network, cost, task and split.
    #[error("network `{network}` (cost {cost}) has two `{split}` losses for task `{task}` (rows {first} and {second})")]
    DuplicateLoss {
        /// The network.
        network: String,
        /// Its cost.
        cost: f64,
        /// The task.
        task: String,
        /// The split.
        split: String,
        /// The first row (0-based).
        first: usize,
        /// The repeated row (0-based).
        second: usize,
    },
    /// No row of the frame is for the split asked for.
    #[error("the frame has no `{split}` losses (splits present: {present})")]
    EmptySplit {
        /// The split asked for.
        split: String,
        /// The splits the frame has, comma-separated.
        present: String,
    },
    /// The single-task network a relative change is measured against is absent.
    #[error("no single-task network for task `{task}` at cost {cost} in the `{split}` losses: relative changes for it are undefined")]
    MissingSingle {
        /// The task.
        task: String,
        /// The network size (cost) needed.
        cost: f64,
        /// The split.
        split: String,
    },
    /// A single-task baseline loss is zero or negative, so a relative change is undefined.
    #[error("the single-task `{split}` loss of task `{task}` at cost {cost} is {value}: relative changes need a positive baseline")]
    NonPositiveBaseline {
        /// The task.
        task: String,
        /// Its network cost.
        cost: f64,
        /// The split.
        split: String,
        /// The baseline loss.
        value: f64,
    },
    /// A pair network's loss is zero or negative where an affinity is
    /// relative to it.
    #[error("the `{split}` loss of task `{task}` in its pair network with `{partner}` is {value}: an affinity relative to the pair's loss needs it positive")]
    NonPositivePairLoss {
        /// The task.
        task: String,
        /// Its partner in the pair network.
        partner: String,
        /// The split.
        split: String,
        /// The pair network's loss of `task`.
        value: f64,
    },
    /// Two affinity matrices are over different tasks.
    #[error("the matrices are over different tasks: {left:?} versus {right:?}")]
    TaskMismatch {
        /// The first matrix's tasks.
        left: Vec<String>,
        /// The second matrix's tasks.
        right: Vec<String>,
    },
    /// Two samples to correlate have different lengths.
    #[error("samples of different lengths: {left} versus {right}")]
    LengthMismatch {
        /// Length of the first sample.
        left: usize,
        /// Length of the second sample.
        right: usize,
    },
    /// A correlation needs at least three pairs (one degree of freedom for its test).
    #[error("a correlation test needs at least 3 pairs of values, got {n}")]
    TooFewPairs {
        /// The number of pairs available.
        n: usize,
    },
    /// A sample is constant (or not finite), so its correlation is undefined.
    #[error("the {which} sample is constant or not finite: its correlation is undefined")]
    Degenerate {
        /// "first" or "second".
        which: &'static str,
    },
    /// A selection frame's `method` cell names no [`Method`].
    #[error("row {row} of the selection frame: {source}")]
    UnknownMethod {
        /// The row (0-based).
        row: usize,
        /// The name and the known ones.
        source: UnknownMethod,
    },
    /// Two rows of a selection frame are for the same method and budget.
    #[error("the selection frame has two rows for method `{method}` at budget {budget}")]
    DuplicateSelection {
        /// The method.
        method: Method,
        /// The budget.
        budget: f64,
    },
    /// An export path has no usable parent directory or file name.
    #[error("cannot write to {path}: {reason}")]
    BadPath {
        /// The path.
        path: PathBuf,
        /// Why it is unusable.
        reason: &'static str,
    },
    /// Reading or writing a file failed.
    #[error(transparent)]
    Io(#[from] crate::io::IoError),
    /// polars failed (building a frame, writing CSV or parquet).
    #[error("polars: {0}")]
    Polars(#[from] polars::error::PolarsError),
}

impl From<ColumnError> for AnalysisError {
    fn from(error: ColumnError) -> AnalysisError {
        match error {
            ColumnError::Missing { column, present } => {
                AnalysisError::MissingColumn { column, present }
            }
            ColumnError::Type {
                column,
                expected,
                found,
            } => AnalysisError::ColumnType {
                column,
                expected,
                found,
            },
            ColumnError::Null { column, row } => AnalysisError::NullValue { column, row },
        }
    }
}

impl From<SelectionFrameError> for AnalysisError {
    fn from(error: SelectionFrameError) -> AnalysisError {
        match error {
            SelectionFrameError::Column(e) => e.into(),
            SelectionFrameError::UnknownMethod { row, source } => {
                AnalysisError::UnknownMethod { row, source }
            }
        }
    }
}

impl From<FrameError> for AnalysisError {
    fn from(error: FrameError) -> AnalysisError {
        match error {
            FrameError::Column(e) => e.into(),
            FrameError::Split { row, source } => AnalysisError::BadSplit { row, source },
        }
    }
}

/// The analysis module's result type.
pub type Result<T, E = AnalysisError> = std::result::Result<T, E>;
