//! The baselines over a [`LossTable`]: one all-task network, independent
//! single-task networks, and random draws (the Monte Carlo sampler:
//! `select/random.rs`).
//!
//! **All-in-one**: the network carrying every task, at cost within the
//! budget, with the lowest value on the table (ties: measured before
//! estimated, lower cost, table order).
//!
//! **Independent** (as the paper plots it): every task gets its cheapest
//! single-task network (the half-size one), and then as many tasks as the
//! budget allows are upgraded to their costliest single-task network (the
//! full-size one). Upgrades are taken in order of their improvement on this
//! table (half-size loss minus full-size loss, largest first; ties by column
//! order), each one taken if it still fits. Below the cost of all cheapest
//! networks the baseline is `None`: the paper's figure values there come
//! from smaller networks that are not in the tables.

use super::{LossTable, Network, COST_EPS};
use crate::select::{random, DrawStats, Pick, RandomConfig, RandomError, Selection};

impl LossTable {
    /// Draw statistics for each budget. Call it only for budgets at which some
    /// selection covers every task (see [`sweep`](crate::select::sweep), which checks
    /// with the exact search); elsewhere it fails with
    /// [`RandomError::NoDraw`] after [`MAX_ATTEMPTS`](crate::select::MAX_ATTEMPTS) draws.
    pub fn random_draws(
        &self,
        budgets: &[f64],
        config: &RandomConfig,
    ) -> Result<Vec<DrawStats>, RandomError> {
        random::random_draws(self, budgets, config)
    }

    /// The all-in-one baseline for each budget (`None` where no all-task
    /// network fits).
    pub fn all_in_one(&self, budgets: &[f64]) -> Vec<Option<Selection>> {
        let all = self.all_columns();
        let mut candidates: Vec<(&Network, f64)> = self
            .networks()
            .iter()
            .filter(|n| n.tasks == all)
            .filter_map(|n| self.value([n]).map(|v| (n, v)))
            .collect();
        candidates.sort_by(|a, b| {
            a.1.total_cmp(&b.1)
                .then(a.0.estimated.cmp(&b.0.estimated))
                .then(a.0.cost.total_cmp(&b.0.cost))
        });
        budgets
            .iter()
            .map(|&budget| {
                let (net, value) = candidates
                    .iter()
                    .find(|(n, _)| n.cost <= budget + COST_EPS)?;
                let pick = Pick {
                    tasks: net.tasks,
                    cost: net.cost,
                    estimated: net.estimated,
                    serves: all,
                };
                Some(Selection {
                    budget,
                    picks: vec![pick],
                    value: *value,
                })
            })
            .collect()
    }

    /// The independent baseline for each budget; see the module documentation.
    /// `None` for every budget when some column has no single-task network.
    pub fn independent(&self, budgets: &[f64]) -> Vec<Option<Selection>> {
        let n = self.columns().len();
        let singles = |col: usize| {
            self.networks()
                .iter()
                .filter(move |net| net.tasks.len() == 1 && net.tasks.contains(col))
        };
        let pick_by = |col: usize, costliest: bool| {
            singles(col).min_by(|a, b| {
                let by_cost = if costliest {
                    b.cost.total_cmp(&a.cost)
                } else {
                    a.cost.total_cmp(&b.cost)
                };
                by_cost.then(
                    a.loss(col)
                        .unwrap_or(f64::INFINITY)
                        .total_cmp(&b.loss(col).unwrap_or(f64::INFINITY)),
                )
            })
        };
        let Some(small) = (0..n)
            .map(|c| pick_by(c, false))
            .collect::<Option<Vec<&Network>>>()
        else {
            return vec![None; budgets.len()];
        };
        let big: Vec<&Network> = (0..n).filter_map(|c| pick_by(c, true)).collect();
        let base: f64 = small.iter().map(|net| net.cost).sum();
        let gain = |c: usize| small[c].loss(c).unwrap_or(0.0) - big[c].loss(c).unwrap_or(0.0);
        let mut upgrades: Vec<usize> = (0..n)
            .filter(|&c| big[c].cost > small[c].cost + COST_EPS)
            .collect();
        upgrades.sort_by(|&a, &b| gain(b).total_cmp(&gain(a)).then(a.cmp(&b)));
        budgets
            .iter()
            .map(|&budget| {
                if budget + COST_EPS < base {
                    return None;
                }
                let mut chosen = small.clone();
                let mut left = budget - base;
                for &c in &upgrades {
                    let extra = big[c].cost - small[c].cost;
                    if extra <= left + COST_EPS {
                        chosen[c] = big[c];
                        left -= extra;
                    }
                }
                let value = self.value(chosen.iter().copied())?;
                let picks = chosen
                    .iter()
                    .map(|net| Pick {
                        tasks: net.tasks,
                        cost: net.cost,
                        estimated: net.estimated,
                        serves: net.tasks,
                    })
                    .collect();
                Some(Selection {
                    budget,
                    picks,
                    value,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::select::ColumnSet;

    #[test]
    fn baselines_on_a_hand_table() {
        let cols: Vec<String> = vec!["a".into(), "b".into()];
        let nets = vec![
            Network::measured(2, 0.5, &[(0, 0.5)]),
            Network::measured(2, 0.5, &[(1, 0.5)]),
            Network::measured(2, 1.0, &[(0, 0.375)]),
            Network::measured(2, 1.0, &[(1, 0.25)]),
            Network::measured(2, 1.0, &[(0, 0.625), (1, 0.625)]),
        ];
        let t = LossTable::new(cols, nets).unwrap();
        let ind = t.independent(&[0.5, 1.0, 1.5, 2.0]);
        assert!(ind[0].is_none());
        // Hand computation: both half-size (1.0); then b upgraded first (gain 0.25 > 0.125): 0.5 + 0.25; then both full.
        let values: Vec<f64> = ind[1..].iter().map(|s| s.as_ref().unwrap().value).collect();
        assert_eq!(values, vec![1.0, 0.75, 0.625]);
        let aio = t.all_in_one(&[0.5, 1.0]);
        assert!(aio[0].is_none());
        assert_eq!(aio[1].as_ref().unwrap().value, 1.25);
        assert_eq!(aio[1].as_ref().unwrap().picks[0].tasks, ColumnSet::full(2));
    }
}
