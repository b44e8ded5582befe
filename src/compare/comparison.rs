//! [`Comparison::compute`]: every estimator's choice at every budget,
//! scored with the study's test losses against the best choice on them.

use super::cost::{EstimatorCost, StudyRecords};
use super::error::CompareError;
use super::estimator::Estimator;
use super::ranks::{agreements, Agreement};
use crate::select::{
    group_by_affinity, score_picks, sweep, Method, Pick, RandomConfig, Selection, SweepConfig,
    Tables, TaskAffinities,
};
use crate::study::{NetworkSpec, StudyTables};
use crate::train::TrainRecord;

/// One budget's choice: the networks and their test total (`None` where
/// nothing fits).
type Choice = (Vec<Pick>, Option<f64>);

/// Affinities from one training run, with what the run cost.
#[derive(Clone, Debug, PartialEq)]
pub struct EstimatorRun {
    /// TAG's lookahead affinities (`effect[i][j]`: task `i`'s step on task `j`).
    pub tag: TaskAffinities,
    /// The gradient cosine similarities, the same way round.
    pub cosine: TaskAffinities,
    /// The run's cost (one network).
    pub cost: EstimatorCost,
}

/// What a comparison is made from.
#[derive(Clone)]
pub struct CompareInputs<'a> {
    /// The full study's tables (every subset trained: the ground truth).
    pub tables: &'a StudyTables,
    /// Its training records (for the costs).
    pub records: &'a [(NetworkSpec, TrainRecord)],
    /// Affinities from one run, if measured.
    pub run: Option<&'a EstimatorRun>,
    /// The budgets.
    pub budgets: &'a [f64],
    /// The random baseline's draws.
    pub random: RandomConfig,
}

/// One estimator at one budget.
#[derive(Clone, Debug, PartialEq)]
pub struct ComparisonRow {
    /// The estimator.
    pub estimator: Estimator,
    /// The budget.
    pub budget: f64,
    /// The chosen networks (none for `random`, or where nothing fits).
    pub picks: Vec<Pick>,
    /// Their total test loss (`random`: the mean over draws).
    pub test_total: Option<f64>,
    /// `test_total` minus the optimal test total at this budget.
    pub regret: Option<f64>,
    /// `regret` over the optimal test total.
    pub relative_regret: Option<f64>,
    /// What the estimator needed trained to choose.
    pub cost: EstimatorCost,
}

/// Every estimator's rows and the agreement of the pairwise scores.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The tasks (the study's columns).
    pub columns: Vec<String>,
    /// One row per estimator and budget, estimators in report order.
    pub rows: Vec<ComparisonRow>,
    /// How each pairwise score ranks the test pair affinities.
    pub agreement: Vec<Agreement>,
}

impl Comparison {
    /// Scores every estimator; see the module documentation.
    pub fn compute(inputs: CompareInputs<'_>) -> Result<Comparison, CompareError> {
        let tables = inputs.tables;
        let budgets = inputs.budgets;
        let test = &tables.test;
        let columns = tables.val.columns().to_vec();
        let records = StudyRecords::new(inputs.records);
        let truth: Vec<Option<Selection>> = test.optimal(budgets)?;
        let mut rows = Vec::new();
        let mut push = |estimator: Estimator, cost: EstimatorCost, chosen: Vec<Choice>| {
            for ((budget, (picks, total)), best) in budgets.iter().zip(chosen).zip(&truth) {
                let best = best.as_ref().map(|s| s.value);
                let regret = total.zip(best).map(|(t, b)| t - b);
                rows.push(ComparisonRow {
                    estimator,
                    budget: *budget,
                    picks,
                    test_total: total,
                    regret,
                    relative_regret: regret.zip(best).map(|(r, b)| r / b),
                    cost,
                });
            }
        };
        let all = EstimatorCost::of(records.own(|_| true));
        push(
            Estimator::Optimal,
            all,
            truth
                .iter()
                .map(|s| {
                    s.as_ref()
                        .map_or((Vec::new(), None), |s| (s.picks.clone(), Some(s.value)))
                })
                .collect(),
        );
        // The searches on validation, ESA and HOA, the baselines: the sweep.
        let mut methods = vec![
            Method::Optimal,
            Method::Esa,
            Method::Hoa,
            Method::AllInOne,
            Method::Independent,
            Method::Random,
        ];
        methods.extend(tables.baselines.iter().map(|b| b.method()));
        let curves = sweep(
            &Tables {
                val: &tables.val,
                test: Some(test),
                esa: Some(&tables.esa),
                baselines: &tables.baselines,
            },
            &SweepConfig::default()
                .with_budgets(budgets.to_vec())
                .with_methods(methods)
                .with_random(inputs.random.clone()),
        )?;
        let n = columns.len();
        for (method, points) in &curves.curves {
            let (estimator, cost) = match method {
                Method::Optimal => (Estimator::OptimalVal, all),
                Method::Esa => (Estimator::Esa, EstimatorCost::early(records.own(|_| true))),
                Method::Hoa => (Estimator::Hoa, EstimatorCost::of(records.up_to_pairs())),
                Method::AllInOne => (
                    Estimator::AllInOne,
                    EstimatorCost::of(records.own(|s| s.tasks.len() == n && s.cost() == 1.0)),
                ),
                Method::Independent => {
                    (Estimator::Independent, EstimatorCost::of(records.singles()))
                }
                Method::Random => (Estimator::Random, EstimatorCost::default()),
                Method::Weighted(kind) => (
                    Estimator::Weighted(*kind),
                    EstimatorCost::of(
                        records
                            .all
                            .iter()
                            .filter(|(s, _)| s.baseline == Some(*kind))
                            .map(|(_, r)| *r),
                    ),
                ),
                Method::Worst => continue,
            };
            push(
                estimator,
                cost,
                points
                    .iter()
                    .map(|p| (p.picks.clone(), p.test_total))
                    .collect(),
            );
        }
        if let Some(run) = inputs.run {
            let by_groups = |affinities: &TaskAffinities| -> Result<Vec<Choice>, CompareError> {
                let groupings = group_by_affinity(affinities, n);
                budgets
                    .iter()
                    .map(|&budget| {
                        // Full-size networks: as many groups as the budget holds.
                        let k = (budget + 1e-9).floor() as usize;
                        if k == 0 {
                            return Ok((Vec::new(), None));
                        }
                        let picks = groupings[k.min(n) - 1].picks(1.0);
                        let total = score_picks(&picks, test)?;
                        Ok((picks, Some(total)))
                    })
                    .collect()
            };
            push(Estimator::TagGroups, run.cost, by_groups(&run.tag)?);
            let estimated = tables.val.from_affinities(&run.tag)?;
            let chosen = estimated
                .optimal(budgets)?
                .into_iter()
                .map(|s| match s {
                    Some(s) => {
                        let total = s.score_checked(&columns, test)?;
                        Ok((s.picks, Some(total)))
                    }
                    None => Ok((Vec::new(), None)),
                })
                .collect::<Result<Vec<_>, CompareError>>()?;
            push(
                Estimator::TagBudget,
                run.cost.plus(EstimatorCost::of(records.singles())),
                chosen,
            );
            push(Estimator::CosineGroups, run.cost, by_groups(&run.cosine)?);
        }
        let agreement = agreements(tables, inputs.run)?;
        Ok(Comparison {
            columns,
            rows,
            agreement,
        })
    }

    /// The rows of one estimator, in budget order.
    pub fn rows_of(&self, estimator: Estimator) -> Vec<&ComparisonRow> {
        self.rows
            .iter()
            .filter(|r| r.estimator == estimator)
            .collect()
    }

    /// The estimators present, in report order.
    pub fn estimators(&self) -> Vec<Estimator> {
        let mut out: Vec<Estimator> = Vec::new();
        for r in &self.rows {
            if !out.contains(&r.estimator) {
                out.push(r.estimator);
            }
        }
        out
    }
}
