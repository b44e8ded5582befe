//! [`Network`]: one candidate network of a [`LossTable`](super::LossTable):
//! its identity (tasks and cost), its per-column losses and whether they are
//! estimated.

use crate::losses::NetworkId;
use crate::tasks::ColumnSet;

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

    /// Its identity: tasks and cost (the key tables are indexed by).
    pub fn id(&self) -> NetworkId {
        NetworkId::new(self.tasks, self.cost)
    }

    /// Whether this is the network `(tasks, cost)`.
    pub fn is(&self, tasks: ColumnSet, cost: f64) -> bool {
        self.tasks == tasks && (self.cost - cost).abs() <= COST_EPS
    }
}
