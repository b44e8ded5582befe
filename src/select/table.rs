//! [`LossTable`]: the candidate networks with their per-task losses, costs
//! and whether the losses were measured or estimated.
//!
//! Every constructor (paper TSV, long rows, polars frame, plain networks)
//! ends in [`LossTable::new`]'s validation, so a `LossTable` is always
//! well-formed: at least one column, every network non-empty with a finite
//! positive cost and a finite non-negative loss for exactly the tasks it
//! carries, and no network given twice with different losses.

use super::{ColumnSet, TableError, MAX_COLUMNS};
use std::collections::HashMap;

/// Costs closer than this are the same cost (costs are small multiples of
/// 0.5 in practice).
pub(crate) const COST_EPS: f64 = 1e-9;

/// One candidate network.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    /// The tasks (columns) it carries.
    pub tasks: ColumnSet,
    /// Inference cost in units of one standard network (SNT): 1.0 full-size,
    /// 0.5 half-size.
    pub cost: f64,
    /// Loss per column: `Some` exactly for the carried tasks.
    pub losses: Vec<Option<f64>>,
    /// Whether the losses are estimated (HOA) rather than measured.
    pub estimated: bool,
}

impl Network {
    /// A measured network from `(column, loss)` pairs over `n` columns.
    pub fn measured(n: usize, cost: f64, losses: &[(usize, f64)]) -> Network {
        let mut out = vec![None; n];
        let mut tasks = ColumnSet::EMPTY;
        for &(col, loss) in losses {
            out[col] = Some(loss);
            tasks = tasks.with(col);
        }
        Network {
            tasks,
            cost,
            losses: out,
            estimated: false,
        }
    }

    /// The loss for column `col`, if the network carries it.
    pub fn loss(&self, col: usize) -> Option<f64> {
        self.losses.get(col).copied().flatten()
    }

    /// Whether this is the network `(tasks, cost)`.
    pub fn is(&self, tasks: ColumnSet, cost: f64) -> bool {
        self.tasks == tasks && (self.cost - cost).abs() <= COST_EPS
    }
}

/// Candidate networks over named columns. See the module documentation.
#[derive(Debug, Clone, PartialEq)]
pub struct LossTable {
    columns: Vec<String>,
    networks: Vec<Network>,
}

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
        let mut seen: HashMap<(u64, u64), (usize, usize)> = HashMap::new();
        let mut out: Vec<Network> = Vec::with_capacity(networks.len());
        for (row, net) in networks {
            let name = || {
                if net.tasks.is_subset_of(ColumnSet::full(n)) {
                    net.tasks.name(&columns)
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
            match seen.get(&(net.tasks.bits(), net.cost.to_bits())) {
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
                    seen.insert((net.tasks.bits(), net.cost.to_bits()), (row, out.len()));
                    out.push(net);
                }
            }
        }
        Ok(LossTable {
            columns,
            networks: out,
        })
    }

    /// The column (task) names, in column order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The candidate networks, in input order.
    pub fn networks(&self) -> &[Network] {
        &self.networks
    }

    /// The set of all columns.
    pub fn all_columns(&self) -> ColumnSet {
        ColumnSet::full(self.columns.len())
    }

    /// The network carrying exactly `tasks` at `cost` (within 1e-9).
    pub fn find(&self, tasks: ColumnSet, cost: f64) -> Option<&Network> {
        self.networks.iter().find(|n| n.is(tasks, cost))
    }

    /// The column index of `name`.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// A network's display name: its tasks' column names joined with `+`.
    pub fn name_of(&self, tasks: ColumnSet) -> String {
        tasks.name(&self.columns)
    }

    /// The value of a set of networks on this table: for each column, the
    /// lowest loss among the networks carrying it, summed over columns; `None`
    /// if some column is carried by none of them.
    pub fn value<'a>(&self, networks: impl IntoIterator<Item = &'a Network>) -> Option<f64> {
        let mut best = vec![f64::INFINITY; self.columns.len()];
        for net in networks {
            for col in net.tasks.iter() {
                if let Some(loss) = net.loss(col) {
                    best[col] = best[col].min(loss);
                }
            }
        }
        best.iter()
            .all(|b| b.is_finite())
            .then(|| best.iter().sum())
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
