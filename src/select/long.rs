//! Long-format losses: one row per (network, task), as the project's own
//! study writes them. [`LossRow`] is one row of the long loss frame of one
//! split (the frame's `split` column is chosen before, see
//! [`LossTable::from_frame`](super::LossTable::from_frame)).

use super::{check_columns, ColumnSet, LossTable, Network, TableError};
use std::collections::HashMap;

/// One loss of one network for one task.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LossRow {
    /// The network's tasks: column names joined with `+` (for example `s+d+n`).
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

impl LossTable {
    /// Builds a table over `columns` from long rows (one split). Rows are
    /// numbered from 1 in errors. A network is identified by its task set and
    /// cost; it needs exactly one loss per carried task (identical repeats are
    /// accepted, different ones rejected) and is estimated if any of its rows
    /// is.
    pub fn from_long(columns: &[&str], rows: &[LossRow]) -> Result<LossTable, TableError> {
        let names: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
        check_columns(&names)?;
        let n = names.len();
        let index = |row: usize, name: &str| {
            names
                .iter()
                .position(|c| c == name)
                .ok_or_else(|| TableError::UnknownColumn {
                    row,
                    name: name.to_string(),
                    columns: names.join(", "),
                })
        };
        // Networks in order of first appearance: (first row, network, the row
        // that gave each column's loss); `slot` maps (tasks, cost bits) to it.
        let mut nets: Vec<(usize, Network, Vec<usize>)> = Vec::new();
        let mut slot: HashMap<(u64, u64), usize> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            let row = i + 1;
            let mut tasks = ColumnSet::EMPTY;
            for part in r.network.split('+') {
                let col = index(row, part)?;
                if tasks.contains(col) {
                    return Err(TableError::RepeatedTask {
                        row,
                        network: r.network.clone(),
                        name: part.to_string(),
                    });
                }
                tasks = tasks.with(col);
            }
            let network = tasks.name(&names);
            if !(r.cost.is_finite() && r.cost > 0.0) {
                return Err(TableError::BadCost {
                    row,
                    network,
                    cost: r.cost,
                });
            }
            let col = index(row, &r.task)?;
            if !tasks.contains(col) {
                return Err(TableError::TaskNotCarried {
                    row,
                    network,
                    task: r.task.clone(),
                });
            }
            if !(r.loss.is_finite() && r.loss >= 0.0) {
                return Err(TableError::BadLoss {
                    row,
                    column: r.task.clone(),
                    value: r.loss,
                });
            }
            let at = *slot
                .entry((tasks.bits(), r.cost.to_bits()))
                .or_insert_with(|| {
                    nets.push((
                        row,
                        Network {
                            tasks,
                            cost: r.cost,
                            losses: vec![None; n],
                            estimated: false,
                        },
                        vec![0; n],
                    ));
                    nets.len() - 1
                });
            let (_, net, given_by) = &mut nets[at];
            match net.losses[col] {
                Some(old) if old != r.loss => {
                    return Err(TableError::DuplicateNetwork {
                        row,
                        first_row: given_by[col],
                        network,
                        cost: r.cost,
                    });
                }
                _ => {
                    net.losses[col] = Some(r.loss);
                    given_by[col] = row;
                    net.estimated |= r.estimated;
                }
            }
        }
        LossTable::from_numbered(
            names,
            nets.into_iter().map(|(row, net, _)| (row, net)).collect(),
        )
    }

    /// The table as long rows: one per (network, carried task), networks in
    /// table order, tasks in column order.
    pub fn to_long(&self) -> Vec<LossRow> {
        let mut out = Vec::new();
        for net in self.networks() {
            let network = self.name_of(net.tasks);
            for col in net.tasks.iter() {
                if let Some(loss) = net.loss(col) {
                    out.push(LossRow {
                        network: network.clone(),
                        cost: net.cost,
                        task: self.columns()[col].clone(),
                        loss,
                        estimated: net.estimated,
                    });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_round_trip() {
        let rows = vec![
            LossRow::measured("a+b", 1.0, "a", 0.5),
            LossRow::measured("a+b", 1.0, "b", 0.25),
            LossRow::measured("b", 0.5, "b", 0.375),
            LossRow::measured("a+b", 1.0, "b", 0.25),
        ];
        let t = LossTable::from_long(&["a", "b"], &rows).unwrap();
        assert_eq!(t.networks().len(), 2);
        assert_eq!(t.to_long().len(), 3);
        assert_eq!(LossTable::from_long(&["a", "b"], &t.to_long()).unwrap(), t);
    }
}
