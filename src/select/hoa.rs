//! The higher-order approximation (HOA): networks of three or more tasks get
//! losses estimated from the measured pair networks,
//! `L_i(S) = mean over j in S, j != i of L_i({i, j})`.
//!
//! Only measured pairs of the same cost as the estimated network are used
//! (every pair and every larger network costs 1 in the paper). Where a pair
//! `{i, j}` is missing the mean runs over the pairs present, as the paper's
//! code does; a task with no pair at all inside `S` is an error.

use super::{HoaError, LossTable, Network};
use crate::losses::NetworkId;
use crate::tasks::ColumnSet;
use std::collections::HashMap;

/// [`LossTable::hoa`]: this table with every network of three or more tasks
/// replaced by its estimate.
pub(crate) fn hoa(table: &LossTable) -> Result<LossTable, HoaError> {
    let pairs: HashMap<NetworkId, &Network> = table
        .networks()
        .iter()
        .filter(|n| n.tasks.len() == 2 && !n.estimated)
        .map(|n| (n.id(), n))
        .collect();
    let mut out = Vec::with_capacity(table.networks().len());
    for net in table.networks() {
        if net.tasks.len() < 3 {
            out.push(net.clone());
            continue;
        }
        let mut losses = vec![None; net.losses.len()];
        for i in net.tasks.iter() {
            let found: Vec<f64> = net
                .tasks
                .iter()
                .filter(|&j| j != i)
                .filter_map(|j| pairs.get(&NetworkId::new(ColumnSet::single(i).with(j), net.cost)))
                .filter_map(|pair| pair.loss(i))
                .collect();
            if found.is_empty() {
                return Err(HoaError::NoPairs {
                    network: table.name_of(net.tasks),
                    cost: net.cost,
                    task: table.columns()[i].clone(),
                });
            }
            losses[i] = Some(found.iter().sum::<f64>() / found.len() as f64);
        }
        out.push(Network {
            tasks: net.tasks,
            cost: net.cost,
            losses,
            estimated: true,
        });
    }
    Ok(table.with_networks(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_pair_losses() {
        let cols: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let nets = vec![
            Network::measured(3, 1.0, &[(0, 0.25), (1, 0.5)]),
            Network::measured(3, 1.0, &[(0, 0.75), (2, 0.125)]),
            Network::measured(3, 1.0, &[(1, 0.25), (2, 0.375)]),
            Network::measured(3, 1.0, &[(0, 9.0), (1, 9.0), (2, 9.0)]),
        ];
        let hoa = LossTable::new(cols.clone(), nets).unwrap().hoa().unwrap();
        let abc = hoa.find(ColumnSet::full(3), 1.0).unwrap();
        assert!(abc.estimated);
        // Hand computation: a = (0.25 + 0.75) / 2, b = (0.5 + 0.25) / 2, c = (0.125 + 0.375) / 2.
        assert_eq!(abc.losses, vec![Some(0.5), Some(0.375), Some(0.25)]);
        assert!(!hoa.networks()[0].estimated);
        let lonely = LossTable::new(
            cols,
            vec![Network::measured(3, 1.0, &[(0, 0.1), (1, 0.1), (2, 0.1)])],
        )
        .unwrap();
        assert!(matches!(lonely.hoa(), Err(HoaError::NoPairs { .. })));
    }
}
