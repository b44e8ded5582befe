//! polars conversions: loss tables to and from the long loss frame (whose
//! schema, writer and reader are `crate::losses`).

use super::{LossTable, TableError};
use crate::losses::{
    read_frame, write_frame, ColumnError, FrameError, LossFrame, NetworkId, Split,
};
use polars::prelude::*;

/// A frame that the loss seam's reader rejects, as a table error (rows
/// numbered from 1).
fn frame_error(error: FrameError) -> TableError {
    match error {
        FrameError::Column(ColumnError::Null { column, row }) => TableError::FrameNull {
            row: row + 1,
            column,
        },
        other => TableError::Frame {
            detail: other.to_string(),
        },
    }
}

/// Builds a frame from equal-length columns with distinct names.
pub(super) fn build(columns: Vec<Column>) -> DataFrame {
    let height = columns.first().map_or(0, |c| c.len());
    DataFrame::new(height, columns)
        .expect("columns of equal length with distinct names form a frame")
}

/// [`LossTable::to_frame`].
pub(crate) fn to_frame(table: &LossTable, split: Split) -> DataFrame {
    let rows = table.to_long();
    write_frame(rows.iter().map(|r| (split, r)))
}

/// [`LossTable::from_frame`].
pub(crate) fn from_frame(frame: &DataFrame, split: Split) -> Result<LossTable, TableError> {
    from_read(&read(frame)?, split)
}

/// Reads a long loss frame once, for several [`from_read`] calls.
pub(crate) fn read(frame: &DataFrame) -> Result<LossFrame, TableError> {
    read_frame(frame).map_err(frame_error)
}

/// One split's table of a frame [`read`] already.
pub(crate) fn from_read(read: &LossFrame, split: Split) -> Result<LossTable, TableError> {
    if !read.has_estimated {
        return Err(TableError::Frame {
            detail: "no column \"estimated\"".into(),
        });
    }
    let names_in_order: Vec<(&str, &str)> = read
        .rows
        .iter()
        .map(|r| (r.loss.network.as_str(), r.loss.task.as_str()))
        .collect();
    let columns = infer_columns(&names_in_order)?;
    // (frame row number, loss) of this split's rows.
    let (rows, long): (Vec<usize>, Vec<_>) = read
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.split == split)
        .map(|(i, r)| (i + 1, r.loss.clone()))
        .unzip();
    if long.is_empty() {
        return Err(TableError::NoRows);
    }
    let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    // Report frame row numbers rather than positions among this split's rows.
    LossTable::from_long(&refs, &long).map_err(|e| renumber(e, &rows))
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
fn infer_columns(pairs: &[(&str, &str)]) -> Result<Vec<String>, TableError> {
    let mut names: Vec<String> = Vec::new();
    let mut edges: Vec<(usize, usize)> = Vec::new();
    fn id(name: &str, names: &mut Vec<String>) -> usize {
        names.iter().position(|n| n == name).unwrap_or_else(|| {
            names.push(name.to_string());
            names.len() - 1
        })
    }
    for (network, task) in pairs {
        // A malformed name is reported with its row by `from_long`; here it
        // contributes only the order of the parts it has.
        let parts: Vec<usize> = NetworkId::name_parts(network)
            .unwrap_or_default()
            .into_iter()
            .map(|p| id(p, &mut names))
            .collect();
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

/// The splits a read frame has rows for, in [`Split::ALL`] order.
pub(crate) fn splits_in(read: &LossFrame) -> Vec<Split> {
    Split::ALL
        .into_iter()
        .filter(|s| read.rows.iter().any(|r| r.split == *s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infers_column_order_from_names() {
        let p = |n: &'static str, t: &'static str| (n, t);
        let pairs = vec![p("d", "d"), p("s+d", "s"), p("n", "n"), p("d+n", "n")];
        assert_eq!(infer_columns(&pairs).unwrap(), vec!["s", "d", "n"]);
        assert!(matches!(
            infer_columns(&[p("a+b", "a"), p("b+a", "a")]),
            Err(TableError::ColumnOrder { .. })
        ));
    }
}
