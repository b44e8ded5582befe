//! The long loss frame: one row per (network, task, split), the hand-off
//! from a study to selection, analysis and plots. [`write_frame`] is its one
//! writer and [`read_frame`] its one reader; no other code names its columns.
//!
//! | column | type | meaning |
//! |---|---|---|
//! | `network` | str | the carried tasks' names joined with `+` in column order ([`NetworkId::name`](super::NetworkId::name)) |
//! | `cost` | f64 | inference cost in SNT ([`NetSize::cost`](super::NetSize::cost)) |
//! | `task` | str | the task this loss is for |
//! | `split` | str | [`Split::name`] |
//! | `loss` | f64 | the loss |
//! | `estimated` | bool | estimated (HOA) rather than measured; optional on reading (absent: measured) |
//!
//! Other columns (a history's `epoch`) are ignored by the reader. A study's
//! history frame (`Store::history_frame`: `network, cost, epoch, split,
//! task, loss, lr`, read by `plot::TrainingCurves`) shares these column
//! names and adds [`EPOCH`] and [`LR`].

use super::column::{optional_bools, optional_floats, optional_strings, required, ColumnError};
use super::Split;
use polars::prelude::{Column, DataFrame};

/// The `network` column (also a history frame's).
pub const NETWORK: &str = "network";
/// The `cost` column (also a history frame's).
pub const COST: &str = "cost";
/// The `task` column (also a history frame's).
pub const TASK: &str = "task";
/// The `split` column (also a history frame's).
pub const SPLIT: &str = "split";
/// The `loss` column (also a history frame's).
pub const LOSS: &str = "loss";
/// The `estimated` column.
pub const ESTIMATED: &str = "estimated";
/// A history frame's `epoch` column (integer).
pub const EPOCH: &str = "epoch";
/// A history frame's `lr` column (f64, the learning rate).
pub const LR: &str = "lr";

/// The long loss frame's columns, in the order [`write_frame`] writes them.
pub const LOSS_FRAME_COLUMNS: [&str; 6] = [NETWORK, COST, TASK, SPLIT, LOSS, ESTIMATED];

/// One loss of one network for one task (of a split chosen elsewhere).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LossRow {
    /// The network's tasks: names joined with `+` (for example `s+d+n`).
    pub network: String,
    /// The network's cost in SNT (1.0 full-size, 0.5 half-size).
    pub cost: f64,
    /// The task (column name) this loss is for.
    pub task: String,
    /// The loss.
    pub loss: f64,
    /// Whether the loss is estimated rather than measured.
    pub estimated: bool,
}

impl LossRow {
    /// A measured (not estimated) loss of `network` (tasks joined with `+`)
    /// at `cost` SNT for `task`.
    pub fn measured(network: &str, cost: f64, task: &str, loss: f64) -> LossRow {
        LossRow {
            network: network.into(),
            cost,
            task: task.into(),
            loss,
            estimated: false,
        }
    }
}

/// One row of the long loss frame: a loss and its split.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameRow {
    /// The split.
    pub split: Split,
    /// The loss.
    pub loss: LossRow,
}

/// A long loss frame read into typed rows, in frame order.
#[derive(Debug, Clone, PartialEq)]
pub struct LossFrame {
    /// The rows (row `i` of the frame is `rows[i]`).
    pub rows: Vec<FrameRow>,
    /// Whether the frame has the `estimated` column (without it every row
    /// reads as measured).
    pub has_estimated: bool,
}

/// What is wrong with a long loss frame. Rows are 0-based.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FrameError {
    /// A missing column, a column of the wrong type or a null cell.
    #[error(transparent)]
    Column(#[from] ColumnError),
    /// A `split` cell that names no split.
    #[error("row {row}: {source}")]
    Split {
        /// The row (0-based).
        row: usize,
        /// The parse error.
        source: super::SplitError,
    },
}

/// The long loss frame of `rows`, in their order.
pub fn write_frame<'a>(rows: impl IntoIterator<Item = (Split, &'a LossRow)>) -> DataFrame {
    let rows: Vec<(Split, &LossRow)> = rows.into_iter().collect();
    let columns = vec![
        Column::new(
            NETWORK.into(),
            rows.iter()
                .map(|(_, r)| r.network.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            COST.into(),
            rows.iter().map(|(_, r)| r.cost).collect::<Vec<_>>(),
        ),
        Column::new(
            TASK.into(),
            rows.iter()
                .map(|(_, r)| r.task.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            SPLIT.into(),
            rows.iter().map(|(s, _)| s.name()).collect::<Vec<_>>(),
        ),
        Column::new(
            LOSS.into(),
            rows.iter().map(|(_, r)| r.loss).collect::<Vec<_>>(),
        ),
        Column::new(
            ESTIMATED.into(),
            rows.iter().map(|(_, r)| r.estimated).collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new(rows.len(), columns)
        .expect("columns of equal length with distinct names form a frame")
}

/// Reads a long loss frame: every column present with its type (`cost` and
/// `loss` f64, `estimated` bool when present), no null cell, every split
/// named. Values are not checked here: whether a loss may be NaN is the
/// reader's caller's rule.
pub fn read_frame(df: &DataFrame) -> Result<LossFrame, FrameError> {
    let network = required(optional_strings(df, NETWORK)?, NETWORK)?;
    let cost = required(optional_floats(df, COST)?, COST)?;
    let task = required(optional_strings(df, TASK)?, TASK)?;
    let split = required(optional_strings(df, SPLIT)?, SPLIT)?;
    let loss = required(optional_floats(df, LOSS)?, LOSS)?;
    let estimated = match crate::frame::column(df, ESTIMATED) {
        Some(_) => Some(required(optional_bools(df, ESTIMATED)?, ESTIMATED)?),
        None => None,
    };
    let rows = network
        .into_iter()
        .zip(task)
        .enumerate()
        .map(|(row, (network, task))| {
            let split = split[row]
                .parse()
                .map_err(|source| FrameError::Split { row, source })?;
            Ok(FrameRow {
                split,
                loss: LossRow {
                    network,
                    cost: cost[row],
                    task,
                    loss: loss[row],
                    estimated: estimated.as_ref().is_some_and(|e| e[row]),
                },
            })
        })
        .collect::<Result<Vec<_>, FrameError>>()?;
    Ok(LossFrame {
        rows,
        has_estimated: estimated.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_reads_back() {
        let a = LossRow::measured("s+d", 1.0, "s", 0.25);
        let mut b = LossRow::measured("d", 0.5, "d", 0.5);
        b.estimated = true;
        let df = write_frame([(Split::Val, &a), (Split::Esa, &b)]);
        let names: Vec<&str> = df.get_column_names().iter().map(|c| c.as_str()).collect();
        assert_eq!(names, LOSS_FRAME_COLUMNS);
        let back = read_frame(&df).unwrap();
        assert!(back.has_estimated);
        assert_eq!(
            back.rows,
            vec![
                FrameRow {
                    split: Split::Val,
                    loss: a
                },
                FrameRow {
                    split: Split::Esa,
                    loss: b
                }
            ]
        );
        let no_loss = df.drop(LOSS).unwrap();
        assert!(matches!(
            read_frame(&no_loss),
            Err(FrameError::Column(ColumnError::Missing { column, .. })) if column == LOSS
        ));
        let mut bad = df.clone();
        bad.replace(SPLIT, Column::new(SPLIT.into(), ["val", "tset"]))
            .unwrap();
        assert!(matches!(
            read_frame(&bad),
            Err(FrameError::Split { row: 1, .. })
        ));
    }
}
