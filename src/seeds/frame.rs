//! The [`SeedSpread`] as polars frames: one per quantity, every interval
//! as `seeds, mean, low, high` columns.

use super::interval::Interval;
use super::regret::RegretSpread;
use super::spread::SeedSpread;
use crate::losses::{COST, NETWORK, SPLIT, TASK};
use crate::select::selection_frame::{BUDGET, METHOD};
use polars::prelude::*;

/// The number of seeds behind an interval.
pub const SEEDS: &str = "seeds";
/// An interval's mean.
pub const MEAN: &str = "mean";
/// An interval's lower end.
pub const LOW: &str = "low";
/// An interval's upper end.
pub const HIGH: &str = "high";

/// The file stems the report writes the frames under.
pub const LOSSES_STEM: &str = "seeds_losses";
/// See [`LOSSES_STEM`].
pub const AFFINITY_STEM: &str = "seeds_affinity";
/// See [`LOSSES_STEM`].
pub const CURVES_STEM: &str = "seeds_curves";
/// See [`LOSSES_STEM`].
pub const SELECTIONS_STEM: &str = "seeds_selections";
/// See [`LOSSES_STEM`] ([`RegretSpread::frame`]).
pub const REGRET_STEM: &str = "seeds_regret";

/// The four interval columns of `intervals`, their names prefixed by `prefix`.
fn interval_columns(prefix: &str, intervals: &[Option<Interval>]) -> Vec<Column> {
    let part = |name: &str, f: fn(&Interval) -> f64| {
        Column::new(
            format!("{prefix}{name}").into(),
            intervals
                .iter()
                .map(|i| i.as_ref().map(f))
                .collect::<Vec<_>>(),
        )
    };
    vec![
        Column::new(
            format!("{prefix}{SEEDS}").into(),
            intervals
                .iter()
                .map(|i| i.map(|i| i.seeds as u32))
                .collect::<Vec<_>>(),
        ),
        part(MEAN, |i| i.mean),
        part(LOW, |i| i.low),
        part(HIGH, |i| i.high),
    ]
}

fn frame(mut columns: Vec<Column>, intervals: Vec<Column>) -> PolarsResult<DataFrame> {
    columns.extend(intervals);
    DataFrame::new_infer_height(columns)
}

impl SeedSpread {
    /// `network, cost, split, task, seeds, mean, low, high`: every
    /// network's loss per task and split.
    pub fn losses_frame(&self) -> PolarsResult<DataFrame> {
        let l = &self.losses;
        frame(
            vec![
                Column::new(
                    NETWORK.into(),
                    l.iter().map(|r| r.network.as_str()).collect::<Vec<_>>(),
                ),
                Column::new(COST.into(), l.iter().map(|r| r.cost).collect::<Vec<_>>()),
                Column::new(
                    SPLIT.into(),
                    l.iter().map(|r| r.split.name()).collect::<Vec<_>>(),
                ),
                Column::new(
                    TASK.into(),
                    l.iter().map(|r| r.task.as_str()).collect::<Vec<_>>(),
                ),
            ],
            interval_columns("", &l.iter().map(|r| Some(r.loss)).collect::<Vec<_>>()),
        )
    }

    /// `task, partner, seeds, mean, low, high, contains_zero`: each pair's
    /// affinity (the partner's onto the task); empty without affinities.
    pub fn affinity_frame(&self) -> PolarsResult<DataFrame> {
        let (mut task, mut partner, mut cells, mut zero) = (vec![], vec![], vec![], vec![]);
        if let Some(a) = &self.affinity {
            for (i, ti) in a.tasks.iter().enumerate() {
                for (j, tj) in a.tasks.iter().enumerate() {
                    if i != j {
                        task.push(ti.as_str());
                        partner.push(tj.as_str());
                        cells.push(a.values[i][j]);
                        zero.push(a.values[i][j].map(|c| c.contains(0.0)));
                    }
                }
            }
        }
        let mut df = frame(
            vec![
                Column::new("task".into(), task),
                Column::new("partner".into(), partner),
            ],
            interval_columns("", &cells),
        )?;
        df.with_column(Column::new("contains_zero".into(), zero))?;
        Ok(df)
    }

    /// `method, budget, seeds, mean, low, high, gap_seeds, gap_mean,
    /// gap_low, gap_high`: each method's total per budget, and its paired
    /// gap to the optimal choice (null for the optimal method).
    pub fn curves_frame(&self) -> PolarsResult<DataFrame> {
        let c = &self.curves;
        let mut intervals =
            interval_columns("", &c.iter().map(|p| Some(p.total)).collect::<Vec<_>>());
        intervals.extend(interval_columns(
            "gap_",
            &c.iter().map(|p| p.gap).collect::<Vec<_>>(),
        ));
        frame(
            vec![
                Column::new(
                    METHOD.into(),
                    c.iter().map(|p| p.method.to_string()).collect::<Vec<_>>(),
                ),
                Column::new(
                    BUDGET.into(),
                    c.iter().map(|p| p.budget).collect::<Vec<_>>(),
                ),
            ],
            intervals,
        )
    }

    /// `budget, seeds, distinct, changed, most_common, most_common_seeds`:
    /// how the optimal selection varies from seed to seed.
    pub fn selections_frame(&self) -> PolarsResult<DataFrame> {
        let s = &self.selections;
        frame(
            vec![
                Column::new(
                    BUDGET.into(),
                    s.iter().map(|r| r.budget).collect::<Vec<_>>(),
                ),
                Column::new(
                    SEEDS.into(),
                    s.iter().map(|r| r.seeds as u32).collect::<Vec<_>>(),
                ),
                Column::new(
                    "distinct".into(),
                    s.iter().map(|r| r.distinct as u32).collect::<Vec<_>>(),
                ),
                Column::new(
                    "changed".into(),
                    s.iter().map(|r| r.changed as u32).collect::<Vec<_>>(),
                ),
                Column::new(
                    "most_common".into(),
                    s.iter().map(|r| r.most_common.as_str()).collect::<Vec<_>>(),
                ),
                Column::new(
                    "most_common_seeds".into(),
                    s.iter()
                        .map(|r| r.most_common_seeds as u32)
                        .collect::<Vec<_>>(),
                ),
            ],
            Vec::new(),
        )
    }

    /// Every frame with the stem the report writes it under.
    pub fn frames(&self) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
        Ok(vec![
            (LOSSES_STEM, self.losses_frame()?),
            (AFFINITY_STEM, self.affinity_frame()?),
            (CURVES_STEM, self.curves_frame()?),
            (SELECTIONS_STEM, self.selections_frame()?),
        ])
    }
}

impl RegretSpread {
    /// `method, budget, changed, regret_seeds, regret_mean, regret_low,
    /// regret_high, test_total_seeds, ..., test_total_high`: each
    /// estimator's regret and test total per budget across the seeds, and
    /// how many seeds chose other networks than the first.
    pub fn frame(&self) -> PolarsResult<DataFrame> {
        let c = &self.cells;
        let mut intervals = interval_columns(
            "regret_",
            &c.iter().map(|x| Some(x.regret)).collect::<Vec<_>>(),
        );
        intervals.extend(interval_columns(
            "test_total_",
            &c.iter().map(|x| Some(x.test_total)).collect::<Vec<_>>(),
        ));
        frame(
            vec![
                Column::new(
                    METHOD.into(),
                    c.iter().map(|x| x.estimator.name()).collect::<Vec<_>>(),
                ),
                Column::new(
                    BUDGET.into(),
                    c.iter().map(|x| x.budget).collect::<Vec<_>>(),
                ),
                Column::new(
                    "changed".into(),
                    c.iter().map(|x| x.changed as u32).collect::<Vec<_>>(),
                ),
            ],
            intervals,
        )
    }
}
