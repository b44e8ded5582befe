//! [`RegretSpread`]: the estimator comparison across a study's seed
//! replicates. Each seed's [`Comparison`]
//! ([`Comparison::of_store_seeds`]) scores every estimator's choice on that
//! seed's test losses against that seed's optimal choice; here every
//! estimator's regret and test total at every budget become an
//! [`Interval`] over the seeds, with how often its choice changes and its
//! mean regret over the budgets (the regret-versus-cost figure's point).

use super::error::SeedsError;
use super::interval::Interval;
use super::spread::networks_key;
use crate::compare::{Comparison, ComparisonRow, Estimator};
use serde_json::{json, Value};
use std::fmt::Write;

/// One estimator at one budget across the seeds.
#[derive(Clone, Debug, PartialEq)]
pub struct RegretCell {
    /// The estimator.
    pub estimator: Estimator,
    /// The budget.
    pub budget: f64,
    /// Its total test loss.
    pub test_total: Interval,
    /// Its regret: each seed's test total minus that seed's optimal total
    /// (zero for `optimal` itself; never negative for the estimators that
    /// choose among the study's networks).
    pub regret: Interval,
    /// How many seeds chose other networks than the first seed.
    pub changed: usize,
}

/// One estimator's mean regret over the budgets where it chose, across the
/// seeds, with what it cost (mean wall seconds over the seeds).
#[derive(Clone, Debug, PartialEq)]
pub struct MeanRegret {
    /// The estimator.
    pub estimator: Estimator,
    /// Its per-seed mean regret over the budgets, across the seeds.
    pub regret: Interval,
    /// The training seconds it needed, the mean over the seeds.
    pub seconds: f64,
}

/// A comparison across seed replicates.
#[derive(Clone, Debug, PartialEq)]
pub struct RegretSpread {
    /// How many seeds' comparisons went in.
    pub seeds: usize,
    /// One cell per estimator and budget (where at least two seeds chose),
    /// in the first seed's row order.
    pub cells: Vec<RegretCell>,
    /// One per estimator with a regret in at least two seeds.
    pub means: Vec<MeanRegret>,
}

/// The row of `estimator` at `budget` in one comparison.
fn row_at(c: &Comparison, estimator: Estimator, budget: f64) -> Option<&ComparisonRow> {
    c.rows
        .iter()
        .find(|r| r.estimator == estimator && (r.budget - budget).abs() < 1e-9)
}

impl RegretSpread {
    /// The spread of `comparisons`, one per seed (the study's own first),
    /// over the same tasks; at least two.
    pub fn compute(comparisons: &[Comparison]) -> Result<RegretSpread, SeedsError> {
        let Some(first) = comparisons.first() else {
            return Err(SeedsError::TooFew(0));
        };
        if comparisons.len() < 2 {
            return Err(SeedsError::TooFew(comparisons.len()));
        }
        for (r, c) in comparisons.iter().enumerate() {
            if c.columns != first.columns {
                return Err(SeedsError::Columns {
                    replicate: r,
                    expected: first.columns.clone(),
                    found: c.columns.clone(),
                });
            }
        }
        let columns = &first.columns;
        let mut cells = Vec::new();
        for row in &first.rows {
            let rows: Vec<&ComparisonRow> = comparisons
                .iter()
                .filter_map(|c| row_at(c, row.estimator, row.budget))
                .collect();
            let of = |f: fn(&ComparisonRow) -> Option<f64>| {
                Interval::of(&rows.iter().filter_map(|r| f(r)).collect::<Vec<_>>())
            };
            let (Some(test_total), Some(regret)) = (of(|r| r.test_total), of(|r| r.regret)) else {
                continue;
            };
            let key = networks_key(&row.picks, columns);
            cells.push(RegretCell {
                estimator: row.estimator,
                budget: row.budget,
                test_total,
                regret,
                changed: rows
                    .iter()
                    .filter(|r| networks_key(&r.picks, columns) != key)
                    .count(),
            });
        }
        let means = first
            .estimators()
            .into_iter()
            .filter_map(|e| {
                let per_seed: Vec<f64> = comparisons
                    .iter()
                    .filter_map(|c| {
                        let regrets: Vec<f64> =
                            c.rows_of(e).iter().filter_map(|r| r.regret).collect();
                        (!regrets.is_empty())
                            .then(|| regrets.iter().sum::<f64>() / regrets.len() as f64)
                    })
                    .collect();
                let seconds: Vec<f64> = comparisons
                    .iter()
                    .filter_map(|c| c.rows_of(e).first().map(|r| r.cost.seconds))
                    .collect();
                Some(MeanRegret {
                    estimator: e,
                    regret: Interval::of(&per_seed)?,
                    seconds: seconds.iter().sum::<f64>() / seconds.len().max(1) as f64,
                })
            })
            .collect();
        Ok(RegretSpread {
            seeds: comparisons.len(),
            cells,
            means,
        })
    }

    /// The estimators present, in the first seed's order.
    pub fn estimators(&self) -> Vec<Estimator> {
        let mut out: Vec<Estimator> = Vec::new();
        for c in &self.cells {
            if !out.contains(&c.estimator) {
                out.push(c.estimator);
            }
        }
        out
    }

    /// The cells of one estimator, in budget order.
    pub fn cells_of(&self, estimator: Estimator) -> Vec<&RegretCell> {
        self.cells
            .iter()
            .filter(|c| c.estimator == estimator)
            .collect()
    }

    /// The cells whose whole regret interval lies above zero: the
    /// estimators that lose to the optimal choice beyond the seed-to-seed
    /// spread, at those budgets.
    pub fn resolved(&self) -> Vec<&RegretCell> {
        self.cells.iter().filter(|c| c.regret.low > 0.0).collect()
    }

    /// One line per estimator: its mean regret at each budget with the
    /// interval's half width (`0.012±0.004`), `*` where the whole interval
    /// lies above zero, `-` where nothing was chosen; then the mean regret
    /// over the budgets with its interval.
    pub fn regret_table(&self) -> String {
        let mut budgets: Vec<f64> = Vec::new();
        for c in &self.cells {
            if !budgets.contains(&c.budget) {
                budgets.push(c.budget);
            }
        }
        let mut out = format!(
            "Regret across {} seeds: mean ± half the 95% interval (Student's t), each seed scored against its own optimal choice; *: the whole interval is above zero\n",
            self.seeds
        );
        let _ = write!(out, "{:<14}", "method");
        for b in &budgets {
            let _ = write!(out, "{:>15}", format!("{b}"));
        }
        let _ = writeln!(out, "{:>17}", "mean");
        for e in self.estimators() {
            let cells = self.cells_of(e);
            let mut line = format!("{:<14}", e.name());
            for b in &budgets {
                let cell = cells
                    .iter()
                    .find(|c| c.budget == *b)
                    .map_or_else(|| "-".to_string(), |c| regret_cell(&c.regret));
                let _ = write!(line, "{cell:>15}");
            }
            let mean = self
                .means
                .iter()
                .find(|m| m.estimator == e)
                .map_or_else(|| "-".to_string(), |m| regret_cell(&m.regret));
            let _ = writeln!(out, "{}", format!("{line}{mean:>17}").trim_end());
        }
        out
    }

    /// `{"seeds": n, "rows": [{"method", "budget", "changed", "regret":
    /// {"mean", "low", "high"}, "test_total": {...}}]}`.
    pub fn to_json(&self) -> Value {
        let rows: Vec<Value> = self
            .cells
            .iter()
            .map(|c| {
                json!({
                    "method": c.estimator.name(),
                    "budget": c.budget,
                    "changed": c.changed,
                    "regret": c.regret,
                    "test_total": c.test_total,
                })
            })
            .collect();
        json!({"seeds": self.seeds, "rows": rows})
    }
}

/// `mean±half`, with `*` when the interval lies above zero.
fn regret_cell(i: &Interval) -> String {
    let mark = if i.low > 0.0 { "*" } else { " " };
    format!("{:.4}±{:.4}{mark}", i.mean, i.half_width())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::EstimatorCost;
    use crate::select::{ColumnSet, Pick};

    fn pick(tasks: &[usize]) -> Pick {
        let set: ColumnSet = tasks.iter().copied().collect();
        Pick {
            tasks: set,
            cost: 1.0,
            estimated: false,
            serves: set,
        }
    }

    fn row(
        estimator: Estimator,
        budget: f64,
        picks: Vec<Pick>,
        total: f64,
        best: f64,
    ) -> ComparisonRow {
        ComparisonRow {
            estimator,
            budget,
            picks,
            test_total: Some(total),
            regret: Some(total - best),
            relative_regret: Some((total - best) / best),
            cost: EstimatorCost {
                networks: 1,
                epochs: 2,
                seconds: 10.0,
            },
        }
    }

    /// One seed: optimal and ESA at budgets 1 and 2; ESA picks `esa_two` at 2.
    fn seed(best: [f64; 2], esa: [f64; 2], esa_two: Vec<Pick>) -> Comparison {
        let both = vec![pick(&[0, 1])];
        let singles = vec![pick(&[0]), pick(&[1])];
        Comparison {
            columns: vec!["a".into(), "b".into()],
            rows: vec![
                row(Estimator::Optimal, 1.0, both.clone(), best[0], best[0]),
                row(Estimator::Optimal, 2.0, singles, best[1], best[1]),
                row(Estimator::Esa, 1.0, both, esa[0], best[0]),
                row(Estimator::Esa, 2.0, esa_two, esa[1], best[1]),
            ],
            agreement: Vec::new(),
        }
    }

    #[test]
    fn regrets_are_paired_per_seed_and_choices_counted() {
        let singles = vec![pick(&[0]), pick(&[1])];
        let seeds = [
            seed([1.0, 0.8], [1.0, 1.0], singles.clone()),
            // The same networks the other way round: the same choice.
            seed([1.2, 0.9], [1.2, 1.2], singles.into_iter().rev().collect()),
            seed([1.1, 0.7], [1.1, 1.1], vec![pick(&[0, 1])]),
        ];
        let spread = RegretSpread::compute(&seeds).unwrap();
        assert_eq!(spread.seeds, 3);
        assert_eq!(spread.estimators(), [Estimator::Optimal, Estimator::Esa]);
        let cell = |e, b| {
            spread
                .cells
                .iter()
                .find(|c| c.estimator == e && c.budget == b)
                .unwrap()
        };
        // Optimal's regret is zero in every seed: an interval of width zero.
        let zero = cell(Estimator::Optimal, 2.0).regret;
        assert_eq!((zero.mean, zero.low, zero.high), (0.0, 0.0, 0.0));
        // ESA at 2: regrets 0.2, 0.3, 0.4 against each seed's own optimal.
        let esa = cell(Estimator::Esa, 2.0);
        let regrets = [1.0 - 0.8, 1.2 - 0.9, 1.1 - 0.7];
        assert_eq!(esa.regret, Interval::of(&regrets).unwrap());
        assert_eq!(esa.test_total, Interval::of(&[1.0, 1.2, 1.1]).unwrap());
        assert_eq!(esa.changed, 1, "only the third seed chose other networks");
        assert!(esa.regret.low > 0.0);
        assert_eq!(spread.resolved().len(), 1);
        // The mean over budgets, seed by seed: (0 + 0.2) / 2, (0 + 0.3) / 2, (0 + 0.4) / 2.
        let mean = spread
            .means
            .iter()
            .find(|m| m.estimator == Estimator::Esa)
            .unwrap();
        let expected = Interval::of(&[0.1, 0.15, 0.2]).unwrap();
        assert!((mean.regret.mean - expected.mean).abs() < 1e-12);
        assert!((mean.regret.half_width() - expected.half_width()).abs() < 1e-12);
        assert_eq!(mean.seconds, 10.0);
        let table = spread.regret_table();
        assert!(table.contains("0.3000±"), "{table}");
        assert!(table
            .lines()
            .any(|l| l.starts_with("esa") && l.contains('*')));
        let frame = spread.frame().unwrap();
        assert_eq!(frame.height(), 4);
        assert_eq!(spread.to_json()["rows"][3]["changed"], 1);
        assert!(matches!(
            RegretSpread::compute(&seeds[..1]),
            Err(SeedsError::TooFew(1))
        ));
        let mut other = seeds[1].clone();
        other.columns = vec!["a".into(), "c".into()];
        assert!(matches!(
            RegretSpread::compute(&[seeds[0].clone(), other]),
            Err(SeedsError::Columns { replicate: 1, .. })
        ));
    }
}
