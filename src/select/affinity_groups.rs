//! From a matrix of inter-task affinities to groups of tasks: TAG's rule
//! (Fifty et al., NeurIPS 2021, section 3.2), solved exactly.
//!
//! The input is an n x n [`TaskAffinities`] matrix, `effect[i][j]` the
//! effect of task `i` on task `j` (TAG's lookahead `Z_{i->j}`, the gradient
//! cosine, or any score where larger means `i` helps `j`; the diagonal is
//! ignored). A task `t`'s score in a group `G` is the mean affinity onto it
//! from the other members, `mean_{s in G, s != t} effect[s][t]`; alone
//! (`G = {t}`) it scores 0: training alone is the reference every affinity
//! is a change from. (TAG's released code gives a task alone -1e6 when
//! groups may overlap, so that it never prefers its own network; with
//! affinities centred on "no effect" at 0 the score of 0 says the same thing
//! without making a task that every partner hurts worse off alone.)
//!
//! A grouping is at most `k` groups that together cover every task, groups
//! may overlap, and each task is served by the group where it scores best;
//! its value is the mean over tasks of those best scores. TAG searches the
//! collections of groups by branch and bound; here the same maximum is found
//! by dynamic programming: a grouping is a partition of the tasks into the
//! sets each group serves (`C`, at most `k` blocks), each block taking its
//! best superset `G` (`best(C) = max_{G >= C} sum_{t in C} score_t(G)`),
//! so the optimum is the best partition into at most `k` blocks of
//! `best`, found over subsets in `O(k 3^n)`. Every collection of groups
//! gives such a partition with the same or a larger value and every
//! partition such a collection, so the two maxima agree (checked against
//! brute force over collections in the tests).

use super::{ColumnSet, Pick};
use crate::tasks::MAX_COLUMNS;

/// The most tasks [`group_by_affinity`] takes (`3^n` steps per group count).
pub const MAX_AFFINITY_TASKS: usize = 16;

/// Scores are equal when closer than this (ties: fewer groups, then the
/// partition found first).
const SCORE_EPS: f64 = 1e-12;

/// An n x n affinity matrix over named tasks: `effect[i][j]` is the effect
/// of task `i` on task `j` (the diagonal is not used).
#[derive(Clone, Debug, PartialEq)]
pub struct TaskAffinities {
    columns: Vec<String>,
    effect: Vec<Vec<f64>>,
}

/// A matrix [`TaskAffinities::new`] refuses.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AffinityInputError {
    /// No tasks, or more than [`MAX_AFFINITY_TASKS`].
    #[error("affinities over {n} tasks: between 1 and {MAX_AFFINITY_TASKS} are supported")]
    TaskCount {
        /// The number of tasks given.
        n: usize,
    },
    /// A row of the wrong length.
    #[error("affinity row {row} ({task}) has {len} values for {n} tasks")]
    RowLength {
        /// The row (0-based).
        row: usize,
        /// Its task.
        task: String,
        /// Its length.
        len: usize,
        /// The number of tasks.
        n: usize,
    },
    /// A value that is not finite.
    #[error("affinity of {from} on {to} is {value}: every off-diagonal value must be finite")]
    NotFinite {
        /// The acting task.
        from: String,
        /// The task acted on.
        to: String,
        /// The value.
        value: f64,
    },
}

impl TaskAffinities {
    /// Checks the shape (square, one row per column name) and that every
    /// off-diagonal value is finite.
    pub fn new(
        columns: Vec<String>,
        effect: Vec<Vec<f64>>,
    ) -> Result<TaskAffinities, AffinityInputError> {
        let n = columns.len();
        if n == 0 || n > MAX_AFFINITY_TASKS.min(MAX_COLUMNS) || effect.len() != n {
            return Err(AffinityInputError::TaskCount {
                n: n.max(effect.len()),
            });
        }
        for (i, row) in effect.iter().enumerate() {
            if row.len() != n {
                return Err(AffinityInputError::RowLength {
                    row: i,
                    task: columns[i].clone(),
                    len: row.len(),
                    n,
                });
            }
            for (j, &value) in row.iter().enumerate() {
                if i != j && !value.is_finite() {
                    return Err(AffinityInputError::NotFinite {
                        from: columns[i].clone(),
                        to: columns[j].clone(),
                        value,
                    });
                }
            }
        }
        Ok(TaskAffinities { columns, effect })
    }

    /// The task names, in matrix order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The effect of task `from` on task `to`.
    pub fn effect(&self, from: usize, to: usize) -> f64 {
        self.effect[from][to]
    }

    /// Task `t`'s score in `group` (which must hold it): the mean effect
    /// onto it from the group's other members, 0 alone.
    pub fn score(&self, t: usize, group: ColumnSet) -> f64 {
        let others = group.difference(ColumnSet::single(t));
        if others.is_empty() {
            return 0.0;
        }
        others.iter().map(|s| self.effect[s][t]).sum::<f64>() / others.len() as f64
    }
}

/// One group of a grouping: the tasks its network carries and those it
/// serves (the tasks that score best in it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AffinityGroup {
    /// The tasks the group's network carries.
    pub tasks: ColumnSet,
    /// The tasks it serves.
    pub serves: ColumnSet,
}

/// The best grouping into at most some number of groups.
#[derive(Clone, Debug, PartialEq)]
pub struct AffinityGrouping {
    /// The groups, in order of the tasks they serve.
    pub groups: Vec<AffinityGroup>,
    /// The mean over tasks of each task's score in the group serving it.
    pub score: f64,
}

impl AffinityGrouping {
    /// The grouping's networks as picks at `cost` each (their losses are
    /// not known from affinities: `estimated`).
    pub fn picks(&self, cost: f64) -> Vec<Pick> {
        self.groups
            .iter()
            .map(|g| Pick {
                tasks: g.tasks,
                cost,
                estimated: true,
                serves: g.serves,
            })
            .collect()
    }
}

/// TAG's groupings for every number of groups `1..=max_groups` (capped at
/// the number of tasks): element `k - 1` is the best grouping into at most
/// `k` groups; see the module documentation.
pub fn group_by_affinity(affinities: &TaskAffinities, max_groups: usize) -> Vec<AffinityGrouping> {
    let n = affinities.columns.len();
    let full = (1usize << n) - 1;
    // best[c]: the best sum of scores of the tasks in `c` served by one
    // group holding them, and that group.
    let mut best: Vec<(f64, usize)> = vec![(f64::NEG_INFINITY, 0); full + 1];
    for group in 1..=full {
        let set = ColumnSet::from_bits(group as u64);
        let scores: Vec<f64> = (0..n)
            .map(|t| {
                if set.contains(t) {
                    affinities.score(t, set)
                } else {
                    0.0
                }
            })
            .collect();
        // Every non-empty subset `c` of `group` may be served by it.
        let mut c = group;
        while c > 0 {
            let sum: f64 = ColumnSet::from_bits(c as u64)
                .iter()
                .map(|t| scores[t])
                .sum();
            if sum > best[c].0 + SCORE_EPS {
                best[c] = (sum, group);
            }
            c = (c - 1) & group;
        }
    }
    // value[k][s]: the best sum over partitions of `s` into at most k + 1
    // blocks; split[k][s]: the block holding the lowest task of `s`.
    let groups = max_groups.min(n);
    let mut value: Vec<Vec<f64>> = Vec::with_capacity(groups);
    let mut split: Vec<Vec<usize>> = Vec::with_capacity(groups);
    for k in 0..groups {
        let mut v = vec![f64::NEG_INFINITY; full + 1];
        let mut b = vec![0usize; full + 1];
        v[0] = 0.0;
        for s in 1..=full {
            if k == 0 {
                (v[s], b[s]) = (best[s].0, s);
                continue;
            }
            // One block holding the lowest task, the rest in at most k blocks.
            let low = s & s.wrapping_neg();
            let rest = s & !low;
            let mut sub = rest;
            loop {
                let block = sub | low;
                let total = best[block].0 + value[k - 1][s & !block];
                if total > v[s] + SCORE_EPS {
                    (v[s], b[s]) = (total, block);
                }
                if sub == 0 {
                    break;
                }
                sub = (sub - 1) & rest;
            }
        }
        value.push(v);
        split.push(b);
    }
    (0..groups)
        .map(|k| {
            let mut blocks = Vec::new();
            let (mut s, mut level) = (full, k);
            while s != 0 {
                let block = split[level][s];
                blocks.push(block);
                s &= !block;
                level = level.saturating_sub(1);
            }
            let mut out: Vec<AffinityGroup> = Vec::new();
            for block in blocks {
                let tasks = ColumnSet::from_bits(best[block].1 as u64);
                let serves = ColumnSet::from_bits(block as u64);
                // Two blocks served by the same group are one group.
                match out.iter_mut().find(|g| g.tasks == tasks) {
                    Some(g) => g.serves = g.serves.union(serves),
                    None => out.push(AffinityGroup { tasks, serves }),
                }
            }
            out.sort_by_key(|g| g.serves.first());
            AffinityGrouping {
                groups: out,
                score: value[k][full] / n as f64,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("t{i}")).collect()
    }

    #[test]
    fn two_tasks_that_help_each_other_share_one_group() {
        let a = TaskAffinities::new(names(2), vec![vec![0.0, 0.2], vec![0.4, 0.0]]).unwrap();
        let g = group_by_affinity(&a, 2);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].groups.len(), 1);
        assert_eq!(g[0].groups[0].tasks, ColumnSet::full(2));
        assert!((g[0].score - 0.3).abs() < 1e-12);
        // Two groups cannot do better than sharing one.
        assert!((g[1].score - 0.3).abs() < 1e-12);
        assert_eq!(g[1].groups.len(), 1);
    }

    #[test]
    fn a_task_that_is_hurt_trains_alone_when_a_group_is_left() {
        // t0 helps t1 (0.5) but t1 hurts t0 (-0.3): one group gives
        // (-0.3 + 0.5) / 2 = 0.1; two groups let t0 train alone (0) while
        // t1 keeps the pair: (0 + 0.5) / 2 = 0.25.
        let a = TaskAffinities::new(names(2), vec![vec![0.0, 0.5], vec![-0.3, 0.0]]).unwrap();
        let g = group_by_affinity(&a, 2);
        assert!((g[0].score - 0.1).abs() < 1e-12);
        assert!((g[1].score - 0.25).abs() < 1e-12);
        let pair = g[1]
            .groups
            .iter()
            .find(|x| x.tasks == ColumnSet::full(2))
            .unwrap();
        assert_eq!(pair.serves, ColumnSet::single(1));
    }

    /// The best value over every collection of at most `k` distinct groups
    /// covering all tasks, each task served by its best group in it.
    fn brute_force(a: &TaskAffinities, k: usize) -> f64 {
        let n = a.columns().len();
        let groups: Vec<ColumnSet> = (1..(1u64 << n)).map(ColumnSet::from_bits).collect();
        let mut best = f64::NEG_INFINITY;
        let mut chosen: Vec<ColumnSet> = Vec::new();
        fn walk(
            a: &TaskAffinities,
            groups: &[ColumnSet],
            from: usize,
            k: usize,
            chosen: &mut Vec<ColumnSet>,
            best: &mut f64,
        ) {
            let n = a.columns().len();
            let covered = chosen.iter().fold(ColumnSet::EMPTY, |u, g| u.union(*g));
            if covered == ColumnSet::full(n) {
                let v: f64 = (0..n)
                    .map(|t| {
                        chosen
                            .iter()
                            .filter(|g| g.contains(t))
                            .map(|g| a.score(t, *g))
                            .fold(f64::NEG_INFINITY, f64::max)
                    })
                    .sum::<f64>()
                    / n as f64;
                *best = best.max(v);
            }
            if chosen.len() == k {
                return;
            }
            for i in from..groups.len() {
                chosen.push(groups[i]);
                walk(a, groups, i + 1, k, chosen, best);
                chosen.pop();
            }
        }
        walk(a, &groups, 0, k, &mut chosen, &mut best);
        best
    }

    #[test]
    fn the_dynamic_programme_agrees_with_brute_force() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
        };
        for n in 1..=4 {
            for _ in 0..25 {
                let effect: Vec<Vec<f64>> = (0..n)
                    .map(|_| (0..n).map(|_| next() * 0.5).collect())
                    .collect();
                let a = TaskAffinities::new(names(n), effect).unwrap();
                let found = group_by_affinity(&a, n);
                for (k, g) in found.iter().enumerate() {
                    let want = brute_force(&a, k + 1);
                    assert!(
                        (g.score - want).abs() < 1e-9,
                        "n {n} k {}: {} vs {want}",
                        k + 1,
                        g.score
                    );
                    assert!(g.groups.len() <= k + 1);
                    // The groups serve every task once, and the score is theirs.
                    let served = g.groups.iter().fold(ColumnSet::EMPTY, |u, x| {
                        assert!(x.serves.is_subset_of(x.tasks));
                        assert!(u.intersection(x.serves).is_empty());
                        u.union(x.serves)
                    });
                    assert_eq!(served, ColumnSet::full(n));
                    let score: f64 = g
                        .groups
                        .iter()
                        .flat_map(|x| {
                            let a = &a;
                            x.serves.iter().map(move |t| a.score(t, x.tasks))
                        })
                        .sum::<f64>()
                        / n as f64;
                    assert!((score - g.score).abs() < 1e-9);
                }
                // More groups never score worse.
                for w in found.windows(2) {
                    assert!(w[1].score >= w[0].score - 1e-12);
                }
            }
        }
    }

    #[test]
    fn bad_matrices_are_refused() {
        assert!(matches!(
            TaskAffinities::new(names(2), vec![vec![0.0, 1.0]]),
            Err(AffinityInputError::TaskCount { .. })
        ));
        assert!(matches!(
            TaskAffinities::new(names(2), vec![vec![0.0, 1.0], vec![0.0]]),
            Err(AffinityInputError::RowLength { row: 1, .. })
        ));
        let e =
            TaskAffinities::new(names(2), vec![vec![0.0, f64::NAN], vec![0.0, 0.0]]).unwrap_err();
        assert!(e.to_string().contains("t0 on t1"), "{e}");
        // The diagonal is not used: any value passes.
        assert!(TaskAffinities::new(names(1), vec![vec![f64::NAN]]).is_ok());
    }
}
