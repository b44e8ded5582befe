//! polars conversions: loss tables to and from the long loss frame.
//!
//! The long loss frame (shared with `study` and `analysis`) has the columns
//! `network` (str, task names joined with `+` in column order), `cost`
//! (f64), `task` (str), `split` (str: train, val, test, esa), `loss` (f64)
//! and `estimated` (bool); other columns (a history's `epoch`) are ignored.

use super::{LossRow, LossTable, TableError};
use polars::prelude::*;

/// Columns of the long loss frame.
pub const LOSS_FRAME_COLUMNS: [&str; 6] = ["network", "cost", "task", "split", "loss", "estimated"];

fn frame_error(detail: impl Into<String>) -> TableError {
    TableError::Frame {
        detail: detail.into(),
    }
}

/// Builds a frame from equal-length columns with distinct names.
pub(super) fn build(columns: Vec<Column>) -> DataFrame {
    let height = columns.first().map_or(0, |c| c.len());
    DataFrame::new(height, columns)
        .expect("columns of equal length with distinct names form a frame")
}

impl LossTable {
    /// The table as a long loss frame of `split`: one row per (network,
    /// carried task), networks in table order.
    pub fn to_frame(&self, split: &str) -> DataFrame {
        let rows = self.to_long();
        build(vec![
            Column::new(
                "network".into(),
                rows.iter().map(|r| r.network.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "cost".into(),
                rows.iter().map(|r| r.cost).collect::<Vec<_>>(),
            ),
            Column::new(
                "task".into(),
                rows.iter().map(|r| r.task.as_str()).collect::<Vec<_>>(),
            ),
            Column::new("split".into(), vec![split; rows.len()]),
            Column::new(
                "loss".into(),
                rows.iter().map(|r| r.loss).collect::<Vec<_>>(),
            ),
            Column::new(
                "estimated".into(),
                rows.iter().map(|r| r.estimated).collect::<Vec<_>>(),
            ),
        ])
    }

    /// The table of `split` from a long loss frame. The columns are the
    /// frame's task names (over all splits, so every split of one frame gets
    /// the same columns), ordered as the network names order them, then by
    /// first appearance. Rows are numbered from 1 over the whole frame.
    pub fn from_frame(frame: &DataFrame, split: &str) -> Result<LossTable, TableError> {
        let text = |name: &str| -> Result<Vec<Option<String>>, TableError> {
            let col = crate::frame::column(frame, name)
                .ok_or_else(|| frame_error(format!("no column {name:?}")))?;
            let ca = col
                .str()
                .map_err(|_| frame_error(format!("column {name:?} is {}, not str", col.dtype())))?;
            Ok(ca.iter().map(|v| v.map(str::to_string)).collect())
        };
        let number = |name: &str| -> Result<Vec<Option<f64>>, TableError> {
            let col = crate::frame::column(frame, name)
                .ok_or_else(|| frame_error(format!("no column {name:?}")))?;
            if !col.dtype().is_primitive_numeric() {
                return Err(frame_error(format!(
                    "column {name:?} is {}, not f64",
                    col.dtype()
                )));
            }
            let cast = col
                .cast(&DataType::Float64)
                .map_err(|e| frame_error(format!("column {name:?}: {e}")))?;
            Ok(cast
                .f64()
                .map_err(|e| frame_error(e.to_string()))?
                .iter()
                .collect())
        };
        let (network, task, splits) = (text("network")?, text("task")?, text("split")?);
        let (cost, loss) = (number("cost")?, number("loss")?);
        let estimated: Vec<Option<bool>> = match crate::frame::column(frame, "estimated") {
            Some(col) => col
                .bool()
                .map_err(|_| {
                    frame_error(format!("column \"estimated\" is {}, not bool", col.dtype()))
                })?
                .iter()
                .collect(),
            None => return Err(frame_error("no column \"estimated\"")),
        };
        let need = |row: usize, column: &str, v: Option<&String>| {
            v.cloned().ok_or(TableError::FrameNull {
                row,
                column: column.to_string(),
            })
        };
        let mut names_in_order = Vec::new();
        let mut rows = Vec::new();
        for i in 0..frame.height() {
            let row = i + 1;
            let (net, t) = (
                need(row, "network", network[i].as_ref())?,
                need(row, "task", task[i].as_ref())?,
            );
            names_in_order.push((net.clone(), t.clone()));
            if need(row, "split", splits[i].as_ref())? != split {
                continue;
            }
            let num = |v: Option<f64>, column: &str| {
                v.ok_or(TableError::FrameNull {
                    row,
                    column: column.to_string(),
                })
            };
            let est = estimated[i].ok_or(TableError::FrameNull {
                row,
                column: "estimated".into(),
            })?;
            rows.push((
                row,
                LossRow {
                    network: net,
                    cost: num(cost[i], "cost")?,
                    task: t,
                    loss: num(loss[i], "loss")?,
                    estimated: est,
                },
            ));
        }
        let columns = infer_columns(&names_in_order)?;
        if rows.is_empty() {
            return Err(TableError::NoRows);
        }
        let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
        let long: Vec<LossRow> = rows.iter().map(|(_, r)| r.clone()).collect();
        // Report frame row numbers rather than positions among this split's rows.
        LossTable::from_long(&refs, &long)
            .map_err(|e| renumber(e, &rows.iter().map(|(r, _)| *r).collect::<Vec<_>>()))
    }
}

/// Maps row numbers of a split's rows back to frame rows.
fn renumber(error: TableError, rows: &[usize]) -> TableError {
    let map = |r: usize| rows.get(r.wrapping_sub(1)).copied().unwrap_or(r);
    match error {
        TableError::BadLoss { row, column, value } => TableError::BadLoss {
            row: map(row),
            column,
            value,
        },
        TableError::BadCost { row, network, cost } => TableError::BadCost {
            row: map(row),
            network,
            cost,
        },
        TableError::DuplicateNetwork {
            row,
            first_row,
            network,
            cost,
        } => TableError::DuplicateNetwork {
            row: map(row),
            first_row: map(first_row),
            network,
            cost,
        },
        TableError::UnknownColumn { row, name, columns } => TableError::UnknownColumn {
            row: map(row),
            name,
            columns,
        },
        TableError::RepeatedTask { row, network, name } => TableError::RepeatedTask {
            row: map(row),
            network,
            name,
        },
        TableError::TaskNotCarried { row, network, task } => TableError::TaskNotCarried {
            row: map(row),
            network,
            task,
        },
        other => other,
    }
}

/// Column order from `(network name, task)` pairs: the order the network
/// names give (`s+d` puts `s` before `d`), ties broken by first appearance.
fn infer_columns(pairs: &[(String, String)]) -> Result<Vec<String>, TableError> {
    let mut names: Vec<String> = Vec::new();
    let mut edges: Vec<(usize, usize)> = Vec::new();
    fn id(name: &str, names: &mut Vec<String>) -> usize {
        names.iter().position(|n| n == name).unwrap_or_else(|| {
            names.push(name.to_string());
            names.len() - 1
        })
    }
    for (network, task) in pairs {
        let parts: Vec<usize> = network.split('+').map(|p| id(p, &mut names)).collect();
        edges.extend(parts.windows(2).map(|w| (w[0], w[1])));
        id(task, &mut names);
    }
    edges.sort_unstable();
    edges.dedup();
    let mut indegree = vec![0usize; names.len()];
    for &(_, b) in &edges {
        indegree[b] += 1;
    }
    let mut order = Vec::with_capacity(names.len());
    let mut placed = vec![false; names.len()];
    while order.len() < names.len() {
        let Some(next) = (0..names.len()).find(|&i| !placed[i] && indegree[i] == 0) else {
            let cycle: Vec<&str> = (0..names.len())
                .filter(|&i| !placed[i])
                .map(|i| names[i].as_str())
                .collect();
            return Err(TableError::ColumnOrder {
                tasks: cycle.join(", "),
            });
        };
        placed[next] = true;
        order.push(names[next].clone());
        for &(a, b) in &edges {
            if a == next {
                indegree[b] -= 1;
            }
        }
    }
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infers_column_order_from_names() {
        let p = |n: &str, t: &str| (n.to_string(), t.to_string());
        let pairs = vec![p("d", "d"), p("s+d", "s"), p("n", "n"), p("d+n", "n")];
        assert_eq!(infer_columns(&pairs).unwrap(), vec!["s", "d", "n"]);
        assert!(matches!(
            infer_columns(&[p("a+b", "a"), p("b+a", "a")]),
            Err(TableError::ColumnOrder { .. })
        ));
    }
}
