//! [`LossTable::from_affinities`]: a loss table for every group of tasks,
//! estimated from an affinity matrix and the measured single-task losses,
//! so that affinities from one training run (TAG) go through the exact
//! budgeted search like measured losses.
//!
//! A group `G` of two or more tasks (a full-size network, cost 1) gets, for
//! each of its tasks `t`, `L_t(G) = L_t({t}) (1 - score_t(G))`, with
//! `L_t({t})` the full-size single-task network's loss and `score_t(G)` the
//! mean affinity onto `t` from `G`'s other members
//! ([`TaskAffinities::score`]). That is the pair affinity's own definition
//! (`(L_t({t}) - L_t({t,s})) / L_t({t})`) read backwards and averaged over
//! the partners: fed the affinities of a study's pair networks it gives
//! back their losses exactly, and HOA's averaging for larger groups
//! (tested). Affinities that measure something else on another scale (one
//! lookahead step, a gradient cosine) rank groups the same way but give
//! losses closer to the singles'; the estimates are flagged `estimated`.

use super::{LossTable, Network};
use crate::select::{AffinityTableError, TaskAffinities};
use crate::tasks::ColumnSet;

impl LossTable {
    /// This table's single-task networks (full and half size, measured)
    /// plus an estimated full-size network for every group of two or more
    /// tasks; see the module documentation.
    pub fn from_affinities(
        &self,
        affinities: &TaskAffinities,
    ) -> Result<LossTable, AffinityTableError> {
        if affinities.columns() != self.columns() {
            return Err(AffinityTableError::Columns {
                affinities: affinities.columns().join(","),
                table: self.columns().join(","),
            });
        }
        let n = self.columns().len();
        let single = |c: usize| {
            self.find(ColumnSet::single(c), 1.0)
                .and_then(|net| net.loss(c))
                .ok_or_else(|| AffinityTableError::MissingSingle {
                    column: self.columns()[c].clone(),
                })
        };
        let singles: Vec<f64> = (0..n).map(single).collect::<Result<_, _>>()?;
        let mut networks: Vec<Network> = self
            .networks()
            .iter()
            .filter(|net| net.tasks.len() == 1)
            .cloned()
            .collect();
        for bits in 1..(1u64 << n) {
            let group = ColumnSet::from_bits(bits);
            if group.len() < 2 {
                continue;
            }
            let mut losses = Vec::with_capacity(group.len());
            for t in group.iter() {
                let value = singles[t] * (1.0 - affinities.score(t, group));
                if value < 0.0 {
                    return Err(AffinityTableError::Negative {
                        column: self.columns()[t].clone(),
                        network: crate::losses::NetworkId::tasks_name(group, self.columns()),
                        value,
                    });
                }
                losses.push((t, value));
            }
            networks.push(Network {
                estimated: true,
                ..Network::measured(n, 1.0, &losses)
            });
        }
        Ok(LossTable::new(self.columns().to_vec(), networks)?)
    }
}

#[cfg(test)]
mod tests {
    use crate::select::{AffinityTableError, LossTable, Network, TaskAffinities};
    use crate::tasks::ColumnSet;

    /// Three tasks: full and half singles, every pair, the triple.
    fn table() -> LossTable {
        let nets = vec![
            Network::measured(3, 1.0, &[(0, 0.5)]),
            Network::measured(3, 1.0, &[(1, 0.25)]),
            Network::measured(3, 1.0, &[(2, 1.0)]),
            Network::measured(3, 0.5, &[(0, 0.625)]),
            Network::measured(3, 0.5, &[(1, 0.375)]),
            Network::measured(3, 0.5, &[(2, 1.25)]),
            Network::measured(3, 1.0, &[(0, 0.4), (1, 0.3)]),
            Network::measured(3, 1.0, &[(0, 0.45), (2, 0.9)]),
            Network::measured(3, 1.0, &[(1, 0.2), (2, 1.1)]),
            Network::measured(3, 1.0, &[(0, 0.6), (1, 0.6), (2, 0.6)]),
        ];
        LossTable::new(vec!["a".into(), "b".into(), "c".into()], nets).unwrap()
    }

    #[test]
    fn pair_affinities_give_back_the_pairs_and_hoa_for_the_triple() {
        let t = table();
        // effect[s][t] = (L_t({t}) - L_t({s,t})) / L_t({t}).
        let pair = |a: usize, b: usize| t.find(ColumnSet::single(a).with(b), 1.0).unwrap();
        let single = |c: usize| t.find(ColumnSet::single(c), 1.0).unwrap().loss(c).unwrap();
        let mut effect = vec![vec![0.0; 3]; 3];
        for (s, row) in effect.iter_mut().enumerate() {
            for (c, cell) in row.iter_mut().enumerate() {
                if s != c {
                    *cell = (single(c) - pair(s, c).loss(c).unwrap()) / single(c);
                }
            }
        }
        let a = TaskAffinities::new(t.columns().to_vec(), effect).unwrap();
        let est = t.from_affinities(&a).unwrap();
        // 6 singles + 3 pairs + 1 triple.
        assert_eq!(est.networks().len(), 10);
        for (x, y) in [(0, 1), (0, 2), (1, 2)] {
            let got = est.find(ColumnSet::single(x).with(y), 1.0).unwrap();
            assert!(got.estimated);
            for c in [x, y] {
                let want = pair(x, y).loss(c).unwrap();
                assert!((got.loss(c).unwrap() - want).abs() < 1e-12);
            }
        }
        let hoa = t.hoa().unwrap();
        let full = ColumnSet::full(3);
        for c in 0..3 {
            let got = est.find(full, 1.0).unwrap().loss(c).unwrap();
            let want = hoa.find(full, 1.0).unwrap().loss(c).unwrap();
            assert!((got - want).abs() < 1e-12, "{c}: {got} vs {want}");
        }
        // The half-size singles are kept as measured.
        assert!(!est.find(ColumnSet::single(2), 0.5).unwrap().estimated);
    }

    #[test]
    fn the_singles_must_be_there_and_the_columns_match() {
        let t = table();
        let zero = vec![vec![0.0; 3]; 3];
        let other = TaskAffinities::new(vec!["a".into(), "b".into(), "x".into()], zero.clone());
        assert!(matches!(
            t.from_affinities(&other.unwrap()),
            Err(AffinityTableError::Columns { .. })
        ));
        let halves = LossTable::new(
            t.columns().to_vec(),
            t.networks()
                .iter()
                .filter(|n| n.cost == 0.5)
                .cloned()
                .collect(),
        )
        .unwrap();
        let a = TaskAffinities::new(t.columns().to_vec(), zero).unwrap();
        let e = halves.from_affinities(&a).unwrap_err();
        assert!(e.to_string().contains("task a has no full-size"), "{e}");
    }
}
