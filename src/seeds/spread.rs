//! [`SeedSpread`]: a study's results across its seed replicates, each
//! quantity as an [`Interval`]: the per-task losses of every network, the
//! pairwise affinities, every method's curve (and its paired gap to the
//! optimal choice), and how often the optimal selection changes.

use super::error::SeedsError;
use super::interval::Interval;
use crate::analysis::AffinityMatrix;
use crate::losses::Split;
use crate::select::{ColumnSet, CurvePoint, Curves, LossTable, Method, Pick};
use std::collections::BTreeMap;

/// One seed replicate's results, as a report computes them from its tables.
#[derive(Clone, Copy, Debug)]
pub struct SeedResults<'a> {
    /// Every method's curve (one sweep of the replicate's tables).
    pub curves: &'a Curves,
    /// Its pairwise affinities, when its tables hold the networks they need.
    pub affinity: Option<&'a AffinityMatrix>,
    /// Its validation losses.
    pub val: &'a LossTable,
    /// Its test losses, if any.
    pub test: Option<&'a LossTable>,
}

/// One network's loss on one task and split across the seeds.
#[derive(Clone, Debug, PartialEq)]
pub struct LossSpread {
    /// The network's name in the loss frame (`s+d`, `s[0.5]`).
    pub network: String,
    /// Its cost.
    pub cost: f64,
    /// The split (val or test).
    pub split: Split,
    /// The task (column name).
    pub task: String,
    /// The loss across the seeds.
    pub loss: Interval,
}

/// Pairwise affinities across the seeds: `values[i][j]` is the interval
/// of the affinity of partner `j` onto task `i` (as in [`AffinityMatrix`]).
#[derive(Clone, Debug, PartialEq)]
pub struct AffinitySpread {
    /// Task (column) names.
    pub tasks: Vec<String>,
    /// The intervals; `None` on the diagonal and where fewer than two
    /// seeds have the pair.
    pub values: Vec<Vec<Option<Interval>>>,
}

impl AffinitySpread {
    /// The mean affinities as a matrix (for the heatmap and the tables).
    pub fn means(&self) -> AffinityMatrix {
        AffinityMatrix {
            tasks: self.tasks.clone(),
            values: self
                .values
                .iter()
                .map(|row| row.iter().map(|c| c.map(|i| i.mean)).collect())
                .collect(),
        }
    }

    /// The most seeds behind any cell.
    pub fn seeds(&self) -> usize {
        self.values
            .iter()
            .flatten()
            .flatten()
            .map(|c| c.seeds)
            .max()
            .unwrap_or(0)
    }

    /// Whether the interval of (task `i`, partner `j`) contains zero: the
    /// seeds cannot tell whether the partner helps or hurts.
    pub fn contains_zero(&self, i: usize, j: usize) -> bool {
        self.values[i][j].is_some_and(|c| c.contains(0.0))
    }
}

/// One method at one budget across the seeds.
#[derive(Clone, Debug, PartialEq)]
pub struct CurveSpread {
    /// The method.
    pub method: Method,
    /// The budget.
    pub budget: f64,
    /// Its total loss (test where a test table exists) across the seeds.
    pub total: Interval,
    /// Its total minus the optimal choice's, seed by seed (a paired
    /// difference: positive means worse than optimal); `None` for the
    /// optimal method itself.
    pub gap: Option<Interval>,
}

/// How the optimal selection at one budget varies from seed to seed.
#[derive(Clone, Debug, PartialEq)]
pub struct SelectionChange {
    /// The budget.
    pub budget: f64,
    /// Seeds with a selection at this budget.
    pub seeds: usize,
    /// How many different selections they chose.
    pub distinct: usize,
    /// How many seeds chose a selection other than the first seed's.
    pub changed: usize,
    /// The selection most seeds chose (the first seed's on a tie): its
    /// networks' names, `[0.5]` marking a half-size one, in a fixed order
    /// (two seeds deploying the same networks choose the same selection,
    /// whichever tasks each network serves).
    pub most_common: String,
    /// How many seeds chose it.
    pub most_common_seeds: usize,
}

/// A study's results across its seed replicates.
#[derive(Clone, Debug, PartialEq)]
pub struct SeedSpread {
    /// How many seed replicates went in.
    pub seeds: usize,
    /// Task (column) names.
    pub columns: Vec<String>,
    /// Every network's loss per task on val and test (networks of the first
    /// seed's tables; a network needs two seeds to have a row).
    pub losses: Vec<LossSpread>,
    /// The affinities, when at least two seeds have them.
    pub affinity: Option<AffinitySpread>,
    /// Every method's curve, method by method in the first seed's order.
    pub curves: Vec<CurveSpread>,
    /// The optimal selection's changes per budget.
    pub selections: Vec<SelectionChange>,
}

impl SeedSpread {
    /// The spread of `seeds` (the study's own seed first); at least two
    /// replicates over the same columns.
    pub fn compute(seeds: &[SeedResults<'_>]) -> Result<SeedSpread, SeedsError> {
        let Some(first) = seeds.first() else {
            return Err(SeedsError::TooFew(0));
        };
        if seeds.len() < 2 {
            return Err(SeedsError::TooFew(seeds.len()));
        }
        let columns = first.curves.columns.clone();
        for (r, s) in seeds.iter().enumerate() {
            if s.curves.columns != columns || s.val.columns() != columns.as_slice() {
                return Err(SeedsError::Columns {
                    replicate: r,
                    expected: columns.clone(),
                    found: s.curves.columns.clone(),
                });
            }
        }
        Ok(SeedSpread {
            seeds: seeds.len(),
            losses: loss_spread(seeds),
            affinity: affinity_spread(seeds),
            curves: curve_spread(seeds),
            selections: selection_changes(seeds),
            columns,
        })
    }

    /// The spread of `method`'s curve, budget by budget.
    pub fn curve(&self, method: Method) -> Vec<&CurveSpread> {
        self.curves.iter().filter(|c| c.method == method).collect()
    }

    /// The budgets where the optimal selection is not the same for every seed.
    pub fn changing_budgets(&self) -> Vec<f64> {
        self.selections
            .iter()
            .filter(|s| s.distinct > 1)
            .map(|s| s.budget)
            .collect()
    }
}

fn loss_spread(seeds: &[SeedResults<'_>]) -> Vec<LossSpread> {
    let mut out = Vec::new();
    for split in [Split::Val, Split::Test] {
        let tables: Vec<&LossTable> = seeds
            .iter()
            .filter_map(|s| match split {
                Split::Val => Some(s.val),
                _ => s.test,
            })
            .collect();
        let Some(first) = tables.first() else {
            continue;
        };
        for net in first.networks() {
            for (c, task) in first.columns().iter().enumerate() {
                let values: Vec<f64> = tables
                    .iter()
                    .filter_map(|t| t.find(net.tasks, net.cost)?.loss(c))
                    .collect();
                if let Some(loss) = Interval::of(&values) {
                    out.push(LossSpread {
                        network: net.id().name(first.columns()),
                        cost: net.cost,
                        split,
                        task: task.clone(),
                        loss,
                    });
                }
            }
        }
    }
    out
}

fn affinity_spread(seeds: &[SeedResults<'_>]) -> Option<AffinitySpread> {
    let matrices: Vec<&AffinityMatrix> = seeds.iter().filter_map(|s| s.affinity).collect();
    let first = matrices.first()?;
    if matrices.len() < 2 {
        return None;
    }
    let n = first.tasks.len();
    let values = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    let v: Vec<f64> = matrices
                        .iter()
                        .filter_map(|m| m.values.get(i)?.get(j).copied().flatten())
                        .collect();
                    Interval::of(&v).filter(|_| i != j)
                })
                .collect()
        })
        .collect();
    Some(AffinitySpread {
        tasks: first.tasks.clone(),
        values,
    })
}

/// The point of `method` at `budget` in one seed's curves.
fn point_at(curves: &Curves, method: Method, budget: f64) -> Option<&CurvePoint> {
    curves
        .curve(method)?
        .iter()
        .find(|p| (p.budget - budget).abs() < 1e-9)
}

fn curve_spread(seeds: &[SeedResults<'_>]) -> Vec<CurveSpread> {
    let mut out = Vec::new();
    for (method, points) in &seeds[0].curves.curves {
        for budget in points.iter().map(|p| p.budget) {
            let totals: Vec<(f64, Option<f64>)> = seeds
                .iter()
                .filter_map(|s| {
                    let total = point_at(s.curves, *method, budget)?.total()?;
                    let optimal =
                        point_at(s.curves, Method::Optimal, budget).and_then(|p| p.total());
                    Some((total, optimal))
                })
                .collect();
            let values: Vec<f64> = totals.iter().map(|(t, _)| *t).collect();
            let Some(total) = Interval::of(&values) else {
                continue;
            };
            let gaps: Vec<f64> = totals
                .iter()
                .filter_map(|(t, o)| o.map(|o| t - o))
                .collect();
            out.push(CurveSpread {
                method: *method,
                budget,
                total,
                gap: (*method != Method::Optimal)
                    .then(|| Interval::of(&gaps))
                    .flatten(),
            });
        }
    }
    out
}

/// The networks of a selection, whatever tasks each serves: each one's
/// [label](Pick::label) as if it served all its tasks (`s+d`, `n[0.5]`), in
/// a fixed order, joined by ` | `.
pub(super) fn networks_key(picks: &[Pick], columns: &[String]) -> String {
    let mut networks: Vec<(ColumnSet, u64, String)> = picks
        .iter()
        .map(|p| {
            let whole = Pick {
                serves: p.tasks,
                estimated: false,
                ..p.clone()
            };
            (p.tasks, p.cost.to_bits(), whole.label(columns))
        })
        .collect();
    networks.sort();
    networks
        .into_iter()
        .map(|(_, _, n)| n)
        .collect::<Vec<_>>()
        .join(" | ")
}

fn selection_changes(seeds: &[SeedResults<'_>]) -> Vec<SelectionChange> {
    let Some(points) = seeds[0].curves.curve(Method::Optimal) else {
        return Vec::new();
    };
    let columns = &seeds[0].curves.columns;
    let mut out = Vec::new();
    for budget in points.iter().map(|p| p.budget) {
        let chosen: Vec<String> = seeds
            .iter()
            .filter_map(|s| point_at(s.curves, Method::Optimal, budget))
            .filter(|p| !p.picks.is_empty())
            .map(|p| networks_key(&p.picks, columns))
            .collect();
        let Some(first) = chosen.first() else {
            continue;
        };
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for c in &chosen {
            *counts.entry(c.as_str()).or_default() += 1;
        }
        // The most chosen; the first seed's choice wins a tie.
        let (most_common, most_common_seeds) = counts
            .iter()
            .max_by_key(|(c, n)| (**n, **c == first.as_str()))
            .map(|(c, n)| (c.to_string(), *n))
            .unwrap_or_default();
        out.push(SelectionChange {
            budget,
            seeds: chosen.len(),
            distinct: counts.len(),
            changed: chosen.iter().filter(|c| *c != first).count(),
            most_common,
            most_common_seeds,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::select::Network;

    fn pick(tasks: &[usize], cost: f64) -> Pick {
        let set: ColumnSet = tasks.iter().copied().collect();
        Pick {
            tasks: set,
            cost,
            estimated: false,
            serves: set,
        }
    }

    fn point(budget: f64, total: f64, picks: Vec<Pick>) -> CurvePoint {
        CurvePoint {
            budget,
            picks,
            search_total: Some(total),
            test_total: Some(total),
        }
    }

    /// One seed's curves: optimal and all-in-one at budgets 1 and 2.
    fn curves(optimal: [f64; 2], all: [f64; 2], second: Vec<Pick>) -> Curves {
        let both = vec![pick(&[0, 1], 1.0)];
        Curves {
            columns: vec!["a".into(), "b".into()],
            curves: vec![
                (
                    Method::Optimal,
                    vec![
                        point(1.0, optimal[0], both.clone()),
                        point(2.0, optimal[1], second),
                    ],
                ),
                (
                    Method::AllInOne,
                    vec![point(1.0, all[0], both.clone()), point(2.0, all[1], both)],
                ),
            ],
        }
    }

    #[test]
    fn gaps_are_paired_and_selections_counted_by_their_networks() {
        let table = LossTable::new(
            vec!["a".into(), "b".into()],
            vec![Network::measured(2, 1.0, &[(0, 1.0), (1, 2.0)])],
        )
        .unwrap();
        let singles = vec![pick(&[0], 1.0), pick(&[1], 1.0)];
        let half = vec![pick(&[1], 1.0), pick(&[0], 0.5)];
        let seeds = [
            curves([1.0, 0.8], [1.0, 1.0], singles.clone()),
            // The same networks listed the other way round: the same selection.
            curves([1.2, 0.9], [1.2, 1.2], singles.into_iter().rev().collect()),
            curves([1.1, 0.7], [1.1, 1.1], half),
        ];
        let results: Vec<SeedResults<'_>> = seeds
            .iter()
            .map(|c| SeedResults {
                curves: c,
                affinity: None,
                val: &table,
                test: None,
            })
            .collect();
        let spread = SeedSpread::compute(&results).unwrap();
        assert_eq!(spread.seeds, 3);
        let at = |m: Method, b: f64| {
            spread
                .curves
                .iter()
                .find(|c| c.method == m && c.budget == b)
                .unwrap()
        };
        // Budget 2: totals 0.8, 0.9, 0.7; all-in-one minus optimal 0.2, 0.3, 0.4.
        let optimal = at(Method::Optimal, 2.0);
        assert_eq!(optimal.total, Interval::of(&[0.8, 0.9, 0.7]).unwrap());
        assert_eq!(optimal.gap, None);
        let gap = at(Method::AllInOne, 2.0).gap.unwrap();
        assert!((gap.mean - 0.3).abs() < 1e-12 && gap.low > 0.0, "{gap:?}");
        // Budget 1: all-in-one is optimal in every seed, gap exactly zero.
        let zero = at(Method::AllInOne, 1.0).gap.unwrap();
        assert_eq!((zero.mean, zero.low, zero.high), (0.0, 0.0, 0.0));
        let changes = &spread.selections;
        assert_eq!((changes[0].distinct, changes[0].changed), (1, 0));
        assert_eq!(changes[1].distinct, 2);
        assert_eq!(changes[1].changed, 1, "the third seed keeps a half-size a");
        assert_eq!(changes[1].most_common, "a | b");
        assert_eq!(changes[1].most_common_seeds, 2);
        assert_eq!(spread.changing_budgets(), [2.0]);
        // The same val table in each: each loss's interval has zero width.
        assert_eq!(spread.losses.len(), 2);
        assert_eq!(spread.losses[1].loss.half_width(), 0.0);
        assert!(matches!(
            SeedSpread::compute(&results[..1]),
            Err(SeedsError::TooFew(1))
        ));
    }
}
