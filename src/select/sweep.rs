//! A whole comparison: every method over a budget sweep, chosen on one table
//! and scored on another ([`sweep`]), with the JSON shape.
//!
//! | method | chooses on | reports |
//! |---|---|---|
//! | `optimal` | validation | the chosen networks on test |
//! | `esa` | early-stopped | on test |
//! | `hoa` | validation, 3+-task networks estimated ([`LossTable::hoa`]) | on test |
//! | `independent`, `all_in_one` | validation | on test |
//! | `random`, `worst` | draws from test (validation without test) | mean / max of the draws |
//!
//! `search_total` is a selection's value on the table it was chosen on,
//! `test_total` its value on the test table (`None` without one). The Monte
//! Carlo methods have no networks; their statistic is the `test_total`, or
//! the `search_total` when there is no test table.

use super::{DrawStats, LossTable, Pick, RandomConfig, SelectError, Selection};
use std::fmt;
use std::str::FromStr;

/// A selection method or baseline.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Exact search on validation losses.
    Optimal,
    /// Exact search on early-stopped losses.
    Esa,
    /// Exact search with higher-order approximated losses.
    Hoa,
    /// Independent single-task networks.
    Independent,
    /// One network for all tasks.
    AllInOne,
    /// Mean of random groupings.
    Random,
    /// Worst random grouping.
    Worst,
}

impl Method {
    /// Every method, in report order.
    pub const ALL: [Method; 7] = [
        Method::Optimal,
        Method::Esa,
        Method::Hoa,
        Method::Independent,
        Method::AllInOne,
        Method::Random,
        Method::Worst,
    ];

    /// The method's name (`optimal`, `esa`, `hoa`, `independent`, `all_in_one`, `random`, `worst`).
    pub fn name(self) -> &'static str {
        match self {
            Method::Optimal => "optimal",
            Method::Esa => "esa",
            Method::Hoa => "hoa",
            Method::Independent => "independent",
            Method::AllInOne => "all_in_one",
            Method::Random => "random",
            Method::Worst => "worst",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Method {
    type Err = String;

    /// Parses a name of [`Method::name`] (`all-in-one` is accepted too).
    fn from_str(s: &str) -> Result<Method, String> {
        Method::ALL.into_iter().find(|m| m.name() == s.replace('-', "_")).ok_or_else(|| format!("unknown method {s:?} (known: optimal, esa, hoa, independent, all_in_one, random, worst)"))
    }
}

/// The tables of one comparison.
#[derive(Debug, Clone, Copy)]
pub struct Tables<'a> {
    /// Validation losses (what `optimal`, `hoa` and the baselines choose on).
    pub val: &'a LossTable,
    /// Test losses (what every method is reported on), if any.
    pub test: Option<&'a LossTable>,
    /// Early-stopped losses (what `esa` chooses on), if any.
    pub esa: Option<&'a LossTable>,
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

/// One method at one budget.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CurvePoint {
    /// The budget.
    pub budget: f64,
    /// The chosen networks (empty for the Monte Carlo methods and where no
    /// selection fits the budget).
    pub picks: Vec<Pick>,
    /// Value on the table the selection was chosen on.
    pub search_total: Option<f64>,
    /// Value on the test table.
    pub test_total: Option<f64>,
}

/// Every method's curve over the budgets.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Curves {
    /// Column (task) names.
    pub columns: Vec<String>,
    /// One curve per method, in the configured order.
    pub curves: Vec<(Method, Vec<CurvePoint>)>,
}

impl Curves {
    /// The curve of `method`, if computed.
    pub fn curve(&self, method: Method) -> Option<&[CurvePoint]> {
        self.curves
            .iter()
            .find(|(m, _)| *m == method)
            .map(|(_, c)| c.as_slice())
    }

    /// The JSON object: `{"columns": [..], "curves": {"<method>":
    /// [{"budget", "networks": [{"tasks", "cost", "estimated"}],
    /// "search_total", "test_total"}]}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut curves = serde_json::Map::new();
        for (method, points) in &self.curves {
            let points: Vec<serde_json::Value> = points
                .iter()
                .map(|p| {
                    let networks: Vec<serde_json::Value> = p.picks.iter().map(|n| serde_json::json!({"tasks": n.tasks.names(&self.columns), "cost": n.cost, "estimated": n.estimated})).collect();
                    serde_json::json!({"budget": p.budget, "networks": networks, "search_total": p.search_total, "test_total": p.test_total})
                })
                .collect();
            curves.insert(method.name().to_string(), serde_json::Value::Array(points));
        }
        serde_json::json!({"columns": self.columns, "curves": curves})
    }
}

/// Runs every configured method; see the module documentation.
pub fn sweep(tables: &Tables, config: &SweepConfig) -> Result<Curves, SelectError> {
    let budgets = &config.budgets;
    let mut curves = Vec::new();
    let mut draws: Option<Vec<Option<DrawStats>>> = None;
    for &method in &config.methods {
        let name = method.to_string();
        let search_error = |source| SelectError::Search {
            method: name.clone(),
            source,
        };
        let selections: Vec<Option<Selection>> = match method {
            Method::Optimal => tables.val.optimal(budgets).map_err(search_error)?,
            Method::Esa => {
                let esa = tables.esa.ok_or_else(|| SelectError::MissingTable {
                    method: name.clone(),
                    table: "esa".into(),
                })?;
                esa.optimal(budgets).map_err(search_error)?
            }
            Method::Hoa => tables.val.hoa()?.optimal(budgets).map_err(search_error)?,
            Method::Independent => tables.val.independent(budgets),
            Method::AllInOne => tables.val.all_in_one(budgets),
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
            let test_total = match tables.test {
                Some(test) => Some(
                    selection
                        .score_checked(tables.val.columns(), test)
                        .map_err(|source| SelectError::Eval {
                            method: name.clone(),
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
            method: "random".into(),
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
