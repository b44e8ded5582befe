//! Building a [`LossTable`]: every constructor and conversion is a method
//! here. Each ends in [`LossTable::new`]'s validation, so a `LossTable` is
//! always well-formed: at least one column, every network non-empty with a
//! finite positive cost and a finite non-negative loss for exactly the tasks
//! it carries, and no network given twice with different losses. The
//! formats' parsing lives beside: `select/long.rs` (long rows),
//! `select/frame.rs` (the long loss frame, through `crate::losses`) and
//! `select/tsv.rs` (the paper's TSV).

use super::super::{frame, long, tsv};
use super::{LossTable, Network};
use crate::io::WithPath;
use crate::losses::{LossRow, NetworkId, Split};
use crate::select::{TableError, MAX_COLUMNS};
use crate::tasks::ColumnSet;
use polars::prelude::DataFrame;
use std::collections::HashMap;
use std::path::Path;

impl LossTable {
    /// Validates `networks` over `columns` (rows are numbered by position,
    /// from 1, in errors). Identical repeats of a network are merged.
    pub fn new(columns: Vec<String>, networks: Vec<Network>) -> Result<LossTable, TableError> {
        LossTable::from_numbered(
            columns,
            networks
                .into_iter()
                .enumerate()
                .map(|(i, n)| (i + 1, n))
                .collect(),
        )
    }

    /// [`new`](Self::new) with the row number each network came from.
    pub(crate) fn from_numbered(
        columns: Vec<String>,
        networks: Vec<(usize, Network)>,
    ) -> Result<LossTable, TableError> {
        check_columns(&columns)?;
        if networks.is_empty() {
            return Err(TableError::NoRows);
        }
        let n = columns.len();
        let mut seen: HashMap<NetworkId, (usize, usize)> = HashMap::new();
        let mut out: Vec<Network> = Vec::with_capacity(networks.len());
        for (row, net) in networks {
            let name = || {
                if net.tasks.is_subset_of(ColumnSet::full(n)) {
                    net.id().name(&columns)
                } else {
                    format!("{:?}", net.tasks)
                }
            };
            if net.tasks.is_empty() {
                return Err(TableError::EmptyRow { row });
            }
            if !(net.cost.is_finite() && net.cost > 0.0) {
                return Err(TableError::BadCost {
                    row,
                    network: name(),
                    cost: net.cost,
                });
            }
            if net.losses.len() != n || !net.tasks.is_subset_of(ColumnSet::full(n)) {
                let detail = format!(
                    "{} losses and tasks {:?} for {n} columns",
                    net.losses.len(),
                    net.tasks
                );
                return Err(TableError::LossShape {
                    row,
                    network: name(),
                    detail,
                });
            }
            for (col, loss) in net.losses.iter().enumerate() {
                match (*loss, net.tasks.contains(col)) {
                    (Some(value), true) if !(value.is_finite() && value >= 0.0) => {
                        return Err(TableError::BadLoss {
                            row,
                            column: columns[col].clone(),
                            value,
                        });
                    }
                    (Some(_), true) | (None, false) => {}
                    (Some(_), false) => {
                        let detail =
                            format!("a loss for {}, which it does not carry", columns[col]);
                        return Err(TableError::LossShape {
                            row,
                            network: name(),
                            detail,
                        });
                    }
                    (None, true) => {
                        return Err(TableError::MissingLoss {
                            network: name(),
                            cost: net.cost,
                            task: columns[col].clone(),
                        })
                    }
                }
            }
            match seen.get(&net.id()) {
                Some(&(first_row, idx)) if out[idx] != net => {
                    return Err(TableError::DuplicateNetwork {
                        row,
                        first_row,
                        network: name(),
                        cost: net.cost,
                    });
                }
                Some(_) => {}
                None => {
                    seen.insert(net.id(), (row, out.len()));
                    out.push(net);
                }
            }
        }
        Ok(LossTable {
            columns,
            networks: out,
        })
    }

    /// Builds a table over `columns` from long rows (one split). Rows are
    /// numbered from 1 in errors. A network is identified by its task set and
    /// cost; it needs exactly one loss per carried task (identical repeats are
    /// accepted, different ones rejected) and is estimated if any of its rows
    /// is.
    pub fn from_long(columns: &[&str], rows: &[LossRow]) -> Result<LossTable, TableError> {
        long::from_long(columns, rows)
    }

    /// The table as long rows: one per (network, carried task), networks in
    /// table order, tasks in column order.
    pub fn to_long(&self) -> Vec<LossRow> {
        long::to_long(self)
    }

    /// The table of `split` from a long loss frame. The columns are the
    /// frame's task names (over all splits, so every split of one frame gets
    /// the same columns), ordered as the network names order them, then by
    /// first appearance. Rows are numbered from 1 over the whole frame.
    pub fn from_frame(frame: &DataFrame, split: Split) -> Result<LossTable, TableError> {
        frame::from_frame(frame, split)
    }

    /// The table as a long loss frame of `split`: one row per (network,
    /// carried task), networks in table order.
    pub fn to_frame(&self, split: Split) -> DataFrame {
        frame::to_frame(self, split)
    }

    /// Parses a paper-format table whose columns are named `columns` (see
    /// `select/tsv.rs` for the format).
    pub fn from_paper_tsv(text: &str, columns: &[&str]) -> Result<LossTable, TableError> {
        tsv::from_paper_tsv(text, columns)
    }

    /// Reads a paper-format table from a file (see [`from_paper_tsv`](Self::from_paper_tsv)).
    pub fn read_paper_tsv(
        path: impl AsRef<Path>,
        columns: &[&str],
    ) -> Result<LossTable, TableError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).with_path(path)?;
        LossTable::from_paper_tsv(&text, columns)
    }

    /// The paper-format text of this table, if it has that shape (cost-0.5
    /// networks carry one task each, every other network costs 1): the
    /// inverse of [`from_paper_tsv`](Self::from_paper_tsv), used to write
    /// tables for the paper's tools. `None` for other shapes.
    pub fn to_paper_tsv(&self) -> Option<String> {
        tsv::to_paper_tsv(self)
    }

    /// This table with every network's losses replaced (used by HOA); the
    /// replacements keep the validation invariants by construction.
    pub(crate) fn with_networks(&self, networks: Vec<Network>) -> LossTable {
        LossTable {
            columns: self.columns.clone(),
            networks,
        }
    }
}

/// Checks column names: 1 to 64 of them, no repeats.
pub(crate) fn check_columns(columns: &[String]) -> Result<(), TableError> {
    if columns.is_empty() {
        return Err(TableError::NoColumns);
    }
    if columns.len() > MAX_COLUMNS {
        return Err(TableError::TooManyColumns {
            found: columns.len(),
        });
    }
    for (i, name) in columns.iter().enumerate() {
        if columns[..i].contains(name) {
            return Err(TableError::DuplicateColumn { name: name.clone() });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> Vec<String> {
        vec!["a".into(), "b".into()]
    }

    #[test]
    fn merges_identical_repeats_and_finds() {
        let a = Network::measured(2, 1.0, &[(0, 0.5), (1, 0.25)]);
        let t = LossTable::new(cols(), vec![a.clone(), a.clone()]).unwrap();
        assert_eq!(t.networks().len(), 1);
        assert!(t.find(ColumnSet::full(2), 1.0).is_some());
        assert!(t.find(ColumnSet::full(2), 0.5).is_none());
        // 0.5 + 0.25, a hand computation.
        assert_eq!(t.value(t.networks()), Some(0.75));
        assert_eq!(t.value([]), None);
    }

    #[test]
    fn rejects_bad_networks() {
        let bad_cost = Network::measured(2, 0.0, &[(0, 0.5)]);
        assert!(matches!(
            LossTable::new(cols(), vec![bad_cost]),
            Err(TableError::BadCost { row: 1, .. })
        ));
        let mut missing = Network::measured(2, 1.0, &[(0, 0.5)]);
        missing.tasks = ColumnSet::full(2);
        assert!(matches!(
            LossTable::new(cols(), vec![missing]),
            Err(TableError::MissingLoss { .. })
        ));
        let nan = Network::measured(2, 1.0, &[(1, f64::NAN)]);
        assert!(matches!(
            LossTable::new(cols(), vec![nan]),
            Err(TableError::BadLoss { row: 1, .. })
        ));
        let empty = Network::measured(2, 1.0, &[]);
        assert!(matches!(
            LossTable::new(cols(), vec![empty]),
            Err(TableError::EmptyRow { row: 1 })
        ));
        assert!(matches!(
            LossTable::new(vec![], vec![]),
            Err(TableError::NoColumns)
        ));
        assert!(matches!(
            LossTable::new(vec!["a".into(), "a".into()], vec![]),
            Err(TableError::DuplicateColumn { .. })
        ));
    }
}
