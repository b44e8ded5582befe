//! The paper's tab-separated loss tables (`network_selection/results*.txt` in
//! the official code, `../shared/fixtures/paper/` here).
//!
//! One column per task. The first row holds the half-size single-task
//! networks (cost 0.5; a filled cell `i` is the half-size network of column
//! `i`); every later row is one full-size network (cost 1) carrying exactly
//! the tasks whose cells are filled. Rows are identified by their filled
//! cells, not by position, so a table may lack rows and list them in any
//! order. Trailing blank lines (without tabs) are ignored; `\r\n` line ends are accepted.

use super::{check_columns, LossTable, Network, TableError};
use crate::losses::NetSize;

/// Cost of the networks in the first row (half-size single-task networks).
const HALF_COST: f64 = NetSize::Half.cost();
/// Cost of the networks in every later row.
const FULL_COST: f64 = NetSize::Full.cost();

/// [`LossTable::from_paper_tsv`].
pub(crate) fn from_paper_tsv(text: &str, columns: &[&str]) -> Result<LossTable, TableError> {
    let names: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
    check_columns(&names)?;
    let width = names.len();
    let mut lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    // Trailing blank lines (no tab: a line of empty cells is a row with no task).
    while lines.last().is_some_and(|l| l.chars().all(|c| c == ' ')) {
        lines.pop();
    }
    let mut networks = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let row = i + 1;
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != width {
            return Err(TableError::Ragged {
                row,
                found: cells.len(),
                expected: width,
            });
        }
        let mut filled = Vec::new();
        for (col, cell) in cells.iter().enumerate() {
            let text = cell.trim();
            if text.is_empty() {
                continue;
            }
            let column = || names[col].clone();
            let value: f64 = text.parse().map_err(|_| TableError::NotANumber {
                row,
                column: column(),
                text: crate::error_text::excerpt(text),
            })?;
            if !(value.is_finite() && value >= 0.0) {
                return Err(TableError::BadLoss {
                    row,
                    column: column(),
                    value,
                });
            }
            filled.push((col, value));
        }
        if filled.is_empty() {
            return Err(TableError::EmptyRow { row });
        }
        if row == 1 {
            networks.extend(
                filled
                    .iter()
                    .map(|&cell| (row, Network::measured(width, HALF_COST, &[cell]))),
            );
        } else {
            networks.push((row, Network::measured(width, FULL_COST, &filled)));
        }
    }
    LossTable::from_numbered(names, networks)
}

/// [`LossTable::to_paper_tsv`].
pub(crate) fn to_paper_tsv(table: &LossTable) -> Option<String> {
    let width = table.columns().len();
    let mut first = vec![String::new(); width];
    let mut rows = Vec::new();
    for net in table.networks() {
        let cells = |net: &Network| {
            (0..width)
                .map(|c| net.loss(c).map(|l| l.to_string()).unwrap_or_default())
                .collect::<Vec<_>>()
        };
        if net.cost == HALF_COST && net.tasks.len() == 1 {
            let col = net.tasks.first()?;
            first[col] = net.loss(col)?.to_string();
        } else if net.cost == FULL_COST {
            rows.push(cells(net).join("\t"));
        } else {
            return None;
        }
    }
    let mut out = first.join("\t");
    for row in rows {
        out.push('\n');
        out.push_str(&row);
    }
    out.push('\n');
    Some(out)
}

/// The number of cells in the first line of a paper-format table: the
/// table's width, for callers that name columns `c0..c{n-1}` by default.
pub fn paper_tsv_width(text: &str) -> usize {
    text.split('\n')
        .next()
        .map_or(0, |l| l.strip_suffix('\r').unwrap_or(l).split('\t').count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::ColumnSet;

    #[test]
    fn parses_halves_and_full_rows() {
        let text = "0.1\t0.2\n0.3\t\n\t0.4\n0.5\t0.6\n\n";
        let t = LossTable::from_paper_tsv(text, &["a", "b"]).unwrap();
        assert_eq!(t.networks().len(), 5);
        let half_b = t.find(ColumnSet::single(1), HALF_COST).unwrap();
        assert_eq!(half_b.loss(1), Some(0.2));
        assert_eq!(
            t.find(ColumnSet::full(2), FULL_COST).unwrap().loss(0),
            Some(0.5)
        );
        assert_eq!(paper_tsv_width(text), 2);
        let round = LossTable::from_paper_tsv(&t.to_paper_tsv().unwrap(), &["a", "b"]).unwrap();
        assert_eq!(round, t);
    }
}
