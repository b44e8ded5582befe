//! A whole comparison: every [`Method`] over a budget sweep ([`SweepConfig`]),
//! chosen on one table and scored on another ([`sweep`]), into [`Curves`].
//!
//! | method | chooses on | reports |
//! |---|---|---|
//! | `optimal` | validation | the chosen networks on test |
//! | `esa` | early-stopped | on test |
//! | `hoa` | validation, 3+-task networks estimated ([`LossTable::hoa`]) | on test |
//! | `independent`, `all_in_one` | validation | on test |
//! | `random`, `worst` | draws from test (validation without test) | mean / max of the draws |
//! | `gradnorm`, `mgda`, `uncertainty`, `pcgrad` | the weighted network's validation table | its test table |
//!
//! `search_total` is a selection's value on the table it was chosen on,
//! `test_total` its value on the test table (`None` without one). The Monte
//! Carlo methods have no networks; their statistic is the `test_total`, or
//! the `search_total` when there is no test table.

use super::{
    BaselineTables, CurvePoint, Curves, DrawStats, LossTable, Method, RandomConfig, SelectError,
    Selection,
};

/// The tables of one comparison.
#[derive(Debug, Clone, Copy)]
pub struct Tables<'a> {
    /// Validation losses (what `optimal`, `hoa` and the baselines choose on).
    pub val: &'a LossTable,
    /// Test losses (what every method is reported on), if any.
    pub test: Option<&'a LossTable>,
    /// Early-stopped losses (what `esa` chooses on), if any.
    pub esa: Option<&'a LossTable>,
    /// The weighted all-task networks ([`Method::Weighted`]'s curves), if any.
    pub baselines: &'a [BaselineTables],
}

/// What to compute.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SweepConfig {
    /// Budgets in SNT.
    pub budgets: Vec<f64>,
    /// Methods, in report order.
    pub methods: Vec<Method>,
    /// Monte Carlo settings of `random` and `worst`.
    pub random: RandomConfig,
}

impl Default for SweepConfig {
    /// The paper's sweep 1, 1.5, ..., 5 with every method.
    fn default() -> Self {
        SweepConfig {
            budgets: (0..9).map(|i| 1.0 + 0.5 * f64::from(i)).collect(),
            methods: Method::ALL.to_vec(),
            random: RandomConfig::default(),
        }
    }
}

impl SweepConfig {
    /// Sets the budgets.
    pub fn with_budgets(mut self, budgets: Vec<f64>) -> Self {
        self.budgets = budgets;
        self
    }

    /// Sets the methods.
    pub fn with_methods(mut self, methods: Vec<Method>) -> Self {
        self.methods = methods;
        self
    }

    /// Sets the Monte Carlo settings.
    pub fn with_random(mut self, random: RandomConfig) -> Self {
        self.random = random;
        self
    }
}

/// Runs every configured method; see the module documentation.
pub fn sweep(tables: &Tables, config: &SweepConfig) -> Result<Curves, SelectError> {
    let budgets = &config.budgets;
    let mut curves = Vec::new();
    let mut draws: Option<Vec<Option<DrawStats>>> = None;
    for &method in &config.methods {
        let search_error = |source| SelectError::Search { method, source };
        let mut scored_on = tables.test;
        let selections: Vec<Option<Selection>> = match method {
            Method::Optimal => tables.val.optimal(budgets).map_err(search_error)?,
            Method::Esa => {
                let esa = tables.esa.ok_or_else(|| SelectError::MissingTable {
                    method,
                    table: "esa".into(),
                })?;
                esa.optimal(budgets).map_err(search_error)?
            }
            Method::Hoa => tables.val.hoa()?.optimal(budgets).map_err(search_error)?,
            Method::Independent => tables.val.independent(budgets),
            Method::AllInOne => tables.val.all_in_one(budgets),
            Method::Weighted(kind) => {
                let baseline = tables
                    .baselines
                    .iter()
                    .find(|b| b.weighting == kind)
                    .ok_or(SelectError::MissingBaseline { method })?;
                scored_on = baseline.test.as_ref();
                baseline.val.all_in_one(budgets)
            }
            Method::Random | Method::Worst => {
                if draws.is_none() {
                    draws = Some(draw_stats(tables, config)?);
                }
                let stats = draws.as_deref().unwrap_or_default();
                let points = budgets
                    .iter()
                    .zip(stats)
                    .map(|(&budget, d)| {
                        let value = d.map(|d| {
                            if method == Method::Worst {
                                d.max
                            } else {
                                d.mean
                            }
                        });
                        let (search_total, test_total) = if tables.test.is_some() {
                            (None, value)
                        } else {
                            (value, None)
                        };
                        CurvePoint {
                            budget,
                            picks: Vec::new(),
                            search_total,
                            test_total,
                        }
                    })
                    .collect();
                curves.push((method, points));
                continue;
            }
        };
        let mut points = Vec::with_capacity(budgets.len());
        for (&budget, selection) in budgets.iter().zip(selections) {
            let Some(selection) = selection else {
                points.push(CurvePoint {
                    budget,
                    picks: Vec::new(),
                    search_total: None,
                    test_total: None,
                });
                continue;
            };
            let test_total = match scored_on {
                Some(test) => Some(
                    selection
                        .score_checked(tables.val.columns(), test)
                        .map_err(|source| SelectError::Eval {
                            method,
                            budget,
                            source,
                        })?,
                ),
                None => None,
            };
            points.push(CurvePoint {
                budget,
                search_total: Some(selection.value),
                test_total,
                picks: selection.picks,
            });
        }
        curves.push((method, points));
    }
    Ok(Curves {
        columns: tables.val.columns().to_vec(),
        curves,
    })
}

/// Statistics of the draws from the test table (validation without one),
/// at the budgets where the exact search finds some selection.
fn draw_stats(
    tables: &Tables,
    config: &SweepConfig,
) -> Result<Vec<Option<DrawStats>>, SelectError> {
    let table = tables.test.unwrap_or(tables.val);
    let feasible = table
        .optimal(&config.budgets)
        .map_err(|source| SelectError::Search {
            method: Method::Random,
            source,
        })?;
    let budgets: Vec<f64> = config
        .budgets
        .iter()
        .zip(&feasible)
        .filter(|(_, s)| s.is_some())
        .map(|(b, _)| *b)
        .collect();
    let mut stats = table.random_draws(&budgets, &config.random)?.into_iter();
    Ok(feasible
        .iter()
        .map(|s| s.as_ref().and_then(|_| stats.next()))
        .collect())
}
