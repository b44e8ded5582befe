//! The [`LossTable`] type and its accessors: columns, networks, lookups, the
//! display name of a network and the value of a set of networks.

use super::Network;
use crate::losses::NetworkId;
use crate::tasks::ColumnSet;

/// Candidate networks over named columns. See the module documentation.
#[derive(Debug, Clone, PartialEq)]
pub struct LossTable {
    pub(super) columns: Vec<String>,
    pub(super) networks: Vec<Network>,
}

impl LossTable {
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
        NetworkId::tasks_name(tasks, &self.columns)
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
}
