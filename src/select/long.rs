//! Long-format losses: one [`LossRow`] per (network, task) of one split, as
//! the project's own study writes them (the split is chosen before, see
//! [`LossTable::from_frame`]): [`LossTable::from_long`] and
//! [`LossTable::to_long`].

use super::{check_columns, LossTable, Network, TableError};
use crate::losses::{LossRow, NameError, NetworkId};
use std::collections::HashMap;

/// [`LossTable::from_long`].
pub(crate) fn from_long(columns: &[&str], rows: &[LossRow]) -> Result<LossTable, TableError> {
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
    let mut slot: HashMap<NetworkId, usize> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        let row = i + 1;
        let tasks = NetworkId::parse_tasks(&r.network, &names).map_err(|e| match e {
            NameError::Repeated { network, task } => TableError::RepeatedTask {
                row,
                network,
                name: task,
            },
            NameError::Unknown { task, .. } => TableError::UnknownColumn {
                row,
                name: task,
                columns: names.join(", "),
            },
            NameError::EmptyTask { .. } => TableError::UnknownColumn {
                row,
                name: String::new(),
                columns: names.join(", "),
            },
        })?;
        let id = NetworkId::new(tasks, r.cost);
        let network = id.name(&names);
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
        let at = *slot.entry(id).or_insert_with(|| {
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

/// [`LossTable::to_long`].
pub(crate) fn to_long(table: &LossTable) -> Vec<LossRow> {
    let mut out = Vec::new();
    for net in table.networks() {
        let network = table.name_of(net.tasks);
        for col in net.tasks.iter() {
            if let Some(loss) = net.loss(col) {
                out.push(LossRow {
                    network: network.clone(),
                    cost: net.cost,
                    task: table.columns()[col].clone(),
                    loss,
                    estimated: net.estimated,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::losses::LossRow;

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
