//! Typed errors of the selection module. Each names what a user needs to find
//! the problem: the row (1-based, a line of a TSV file or a row of long
//! input), the column, the network and the value.

use super::Method;
/// Errors building a [`LossTable`](super::LossTable) from text, rows or a frame.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// A file could not be read.
    #[error("cannot read loss table {0}")]
    Io(#[from] crate::io::IoError),
    /// A table needs at least one column.
    #[error("a loss table needs at least one column")]
    NoColumns,
    /// More columns than a column set holds.
    #[error("{found} columns: at most 64 are supported")]
    TooManyColumns {
        /// Number of columns given.
        found: usize,
    },
    /// Two columns with the same name.
    #[error("column name {name:?} appears twice")]
    DuplicateColumn {
        /// The repeated name.
        name: String,
    },
    /// The input holds no network at all.
    #[error("the loss table is empty: no rows")]
    NoRows,
    /// A TSV row with the wrong number of cells.
    #[error("row {row}: {found} cells where the table has {expected} columns")]
    Ragged {
        /// 1-based row (line) number.
        row: usize,
        /// Cells found.
        found: usize,
        /// Columns expected.
        expected: usize,
    },
    /// A cell that is not a number.
    #[error("row {row}, column {column}: {text:?} is not a number")]
    NotANumber {
        /// 1-based row number.
        row: usize,
        /// Column name.
        column: String,
        /// The cell's text ([`crate::error_text::excerpt`]).
        text: String,
    },
    /// A loss that is negative, NaN or infinite.
    #[error("row {row}, column {column}: loss {value} is not a finite non-negative number")]
    BadLoss {
        /// 1-based row number.
        row: usize,
        /// Column name.
        column: String,
        /// The value.
        value: f64,
    },
    /// A row that carries no task.
    #[error("row {row}: the network carries no task")]
    EmptyRow {
        /// 1-based row number.
        row: usize,
    },
    /// A cost that is not finite and positive.
    #[error("row {row}: network {network} has cost {cost}, not a finite positive number")]
    BadCost {
        /// 1-based row number.
        row: usize,
        /// The network's name.
        network: String,
        /// The cost.
        cost: f64,
    },
    /// The same network (task set and cost) twice with different losses.
    #[error("row {row}: network {network} (cost {cost}) already given in row {first_row} with different losses")]
    DuplicateNetwork {
        /// 1-based row of the second occurrence.
        row: usize,
        /// 1-based row of the first occurrence.
        first_row: usize,
        /// The network's name.
        network: String,
        /// Its cost.
        cost: f64,
    },
    /// A network's losses do not match its task set (a loss for a task it
    /// does not carry, or a vector of the wrong length).
    #[error("row {row}: network {network} has losses that do not match its tasks ({detail})")]
    LossShape {
        /// 1-based row number.
        row: usize,
        /// The network's name (column indices when the names are unknown).
        network: String,
        /// What is wrong.
        detail: String,
    },
    /// A name in long input that is not a column of the table.
    #[error("row {row}: unknown column {name:?} (columns: {columns})")]
    UnknownColumn {
        /// 1-based row number.
        row: usize,
        /// The name.
        name: String,
        /// The table's columns, comma-separated.
        columns: String,
    },
    /// A network name that repeats a task, such as `s+s`.
    #[error("row {row}: network {network:?} names task {name:?} twice")]
    RepeatedTask {
        /// 1-based row number.
        row: usize,
        /// The network name as given.
        network: String,
        /// The repeated task.
        name: String,
    },
    /// A long row giving a loss for a task the network does not carry.
    #[error("row {row}: network {network} does not carry task {task}")]
    TaskNotCarried {
        /// 1-based row number.
        row: usize,
        /// The network's name.
        network: String,
        /// The task.
        task: String,
    },
    /// A network in long input without a loss for one of its tasks.
    #[error("network {network} (cost {cost}) has no loss for its task {task}")]
    MissingLoss {
        /// The network's name.
        network: String,
        /// Its cost.
        cost: f64,
        /// The task without a loss.
        task: String,
    },
    /// A frame lacks a column of the long loss frame, or has it with the wrong type.
    #[error("loss frame: {detail}")]
    Frame {
        /// What is wrong.
        detail: String,
    },
    /// A frame cell that is null.
    #[error("loss frame row {row}: column {column} is null")]
    FrameNull {
        /// 1-based row number.
        row: usize,
        /// The frame column.
        column: String,
    },
    /// Network names in a frame whose task order contradicts itself (`a+b` and `b+a`).
    #[error(
        "loss frame: the task order of the network names is contradictory (involving {tasks})"
    )]
    ColumnOrder {
        /// Tasks on the contradictory cycle.
        tasks: String,
    },
}

/// Errors of the exact search.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SearchError {
    /// The table has more columns than the subset search can hold in memory.
    #[error("exact search over {columns} columns with {budget_units} budget steps needs about {bytes} bytes; the limit is {limit}")]
    TooLarge {
        /// Number of columns.
        columns: usize,
        /// Budget grid steps.
        budget_units: usize,
        /// Estimated memory.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// A cost that is not a multiple of 1/d for any d up to 1000.
    #[error("network {network} has cost {cost}, which is on no cost grid 1/d (d <= 1000); the exact search needs grid costs")]
    CostOffGrid {
        /// The network's name.
        network: String,
        /// Its cost.
        cost: f64,
    },
    /// More distinct costs (within the largest budget) than the search handles.
    #[error("{count} distinct network costs: the exact search handles at most 64")]
    TooManyCosts {
        /// Number of distinct costs.
        count: usize,
    },
    /// A budget that is negative or not finite.
    #[error("budget {budget} is not a finite non-negative number")]
    BadBudget {
        /// The budget.
        budget: f64,
    },
}

/// Errors scoring a selection on another table.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvalError {
    /// A chosen network that the scoring table lacks.
    #[error("chosen network {network} (cost {cost}) is not in the scoring table")]
    MissingNetwork {
        /// The network's name.
        network: String,
        /// Its cost.
        cost: f64,
    },
    /// A selection that carries no network for a column.
    #[error("the selection carries no network for column {column}")]
    Uncovered {
        /// The column.
        column: String,
    },
    /// The tables have different columns.
    #[error("the tables have different columns: {search} vs {scoring}")]
    Columns {
        /// Columns of the search table.
        search: String,
        /// Columns of the scoring table.
        scoring: String,
    },
}

/// Errors of the higher-order approximation.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HoaError {
    /// A network of three or more tasks with a task that no measured pair
    /// network inside it carries.
    #[error("cannot estimate network {network}: no measured pair network of cost {cost} inside it carries task {task}")]
    NoPairs {
        /// The network's name.
        network: String,
        /// Its cost.
        cost: f64,
        /// The task.
        task: String,
    },
}

/// Errors of the Monte Carlo baselines.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RandomError {
    /// No complete selection came out of many consecutive draws.
    #[error(
        "random baseline at budget {budget}: no draw covered every task in {attempts} attempts"
    )]
    NoDraw {
        /// The budget.
        budget: f64,
        /// Attempts made.
        attempts: u64,
    },
    /// Zero samples requested.
    #[error("the random baseline needs at least one sample")]
    NoSamples,
    /// More samples than the baseline draws (each budget would take hours).
    #[error("the random baseline draws at most {max} samples per budget, not {given}")]
    TooManySamples {
        /// Samples asked for.
        given: usize,
        /// The most it draws.
        max: usize,
    },
}

/// Errors of [`LossTable::from_affinities`](super::LossTable::from_affinities).
#[derive(Debug, thiserror::Error)]
pub enum AffinityTableError {
    /// The matrix and the table name different columns.
    #[error("the affinities are over {affinities}, the loss table over {table}")]
    Columns {
        /// The matrix's columns, comma-separated.
        affinities: String,
        /// The table's columns, comma-separated.
        table: String,
    },
    /// A column without its full-size single-task network.
    #[error("task {column} has no full-size single-task network in the loss table: estimated losses are relative to it")]
    MissingSingle {
        /// The column.
        column: String,
    },
    /// An estimated loss came out negative (an affinity above 1).
    #[error("the estimated loss of {column} in {network} is {value}: an affinity onto it above 1")]
    Negative {
        /// The column.
        column: String,
        /// The network's name.
        network: String,
        /// The estimate.
        value: f64,
    },
    /// The estimated table failed validation.
    #[error(transparent)]
    Table(#[from] TableError),
}

/// A method name that is none of [`Method::name`] or [`Method::aliases`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown method {name:?} (known: optimal, esa, hoa, independent, all_in_one, random, worst, gradnorm, mgda, uncertainty, pcgrad)"
)]
pub struct UnknownMethod {
    /// The name as given.
    pub name: String,
}

/// Errors of a whole sweep ([`sweep`](super::sweep)): any of the above, with
/// the method that failed.
#[derive(Debug, thiserror::Error)]
pub enum SelectError {
    /// The exact search failed.
    #[error("{method}: {source}")]
    Search {
        /// The method.
        method: Method,
        /// The error.
        source: SearchError,
    },
    /// Scoring a selection failed.
    #[error("{method} at budget {budget}: {source}")]
    Eval {
        /// The method.
        method: Method,
        /// The budget.
        budget: f64,
        /// The error.
        source: EvalError,
    },
    /// The higher-order approximation failed.
    #[error(transparent)]
    Hoa(#[from] HoaError),
    /// The random baselines failed.
    #[error(transparent)]
    Random(#[from] RandomError),
    /// A method needs a table that was not given.
    #[error("method {method} needs the {table} table")]
    MissingTable {
        /// The method.
        method: Method,
        /// Which table (`esa`).
        table: String,
    },
    /// A weighted baseline's method without its network's tables.
    #[error(
        "method {method} needs the all-task network trained with {method} weighting (a study's baselines)"
    )]
    MissingBaseline {
        /// The method.
        method: Method,
    },
}
