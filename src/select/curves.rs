//! [`Curves`]: what a [`sweep`](super::sweep) computes, every method's
//! [`CurvePoint`] per budget, with its two outputs: the JSON object
//! (`Serialize`) and the polars frame of one row per (method, budget)
//! ([`Curves::to_frame`]). The method x budget table is
//! [`CurveTable`](super::CurveTable).

use super::frame::build;
use super::selection_frame::{BUDGET, METHOD, NETWORKS, N_NETWORKS, SEARCH_TOTAL, TEST_TOTAL};
use super::{Method, Pick};
use polars::prelude::{Column, DataFrame};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// One method at one budget.
#[derive(Debug, Clone, PartialEq)]
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

impl CurvePoint {
    /// The total the point is reported with: the test total, or the searched
    /// table's total when the sweep had no test table (`None` where no
    /// selection fits the budget).
    pub fn total(&self) -> Option<f64> {
        self.test_total.or(self.search_total)
    }

    /// The picks' [labels](Pick::label) joined with `" | "` (empty without
    /// picks).
    pub fn networks(&self, columns: &[String]) -> String {
        Pick::labels(&self.picks, columns)
    }
}

/// Every method's curve over the budgets.
///
/// Serialises as `{"columns": [..], "curves": {"<method>": [{"budget",
/// "networks": [{"cost", "estimated", "tasks"}], "search_total",
/// "test_total"}]}}`: methods by name (alphabetical, one entry per method),
/// a network's tasks by column name.
#[derive(Debug, Clone, PartialEq)]
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

    /// The computed methods, in the configured order.
    pub fn methods(&self) -> Vec<Method> {
        self.curves.iter().map(|(m, _)| *m).collect()
    }

    /// Every (method, point), method by method.
    pub fn points(&self) -> impl Iterator<Item = (Method, &CurvePoint)> {
        self.curves
            .iter()
            .flat_map(|(m, c)| c.iter().map(move |p| (*m, p)))
    }

    /// The selection frame (its schema and reader:
    /// [`read_selection_frame`](super::read_selection_frame)): one row per
    /// (method, budget): `method` (str), `budget` (f64), `networks` (str:
    /// [`CurvePoint::networks`]), `n_networks` (u32), `search_total` and
    /// `test_total` (f64, null where absent).
    pub fn to_frame(&self) -> DataFrame {
        let points: Vec<(Method, &CurvePoint)> = self.points().collect();
        build(vec![
            Column::new(
                METHOD.into(),
                points.iter().map(|(m, _)| m.name()).collect::<Vec<_>>(),
            ),
            Column::new(
                BUDGET.into(),
                points.iter().map(|(_, p)| p.budget).collect::<Vec<_>>(),
            ),
            Column::new(
                NETWORKS.into(),
                points
                    .iter()
                    .map(|(_, p)| p.networks(&self.columns))
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                N_NETWORKS.into(),
                points
                    .iter()
                    .map(|(_, p)| p.picks.len() as u32)
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                SEARCH_TOTAL.into(),
                points
                    .iter()
                    .map(|(_, p)| p.search_total)
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                TEST_TOTAL.into(),
                points.iter().map(|(_, p)| p.test_total).collect::<Vec<_>>(),
            ),
        ])
    }
}

/// The JSON object of [`Curves`] (fields in alphabetical order, as a
/// `serde_json::Value` would print them).
#[derive(Serialize)]
struct CurvesJson<'a> {
    columns: &'a [String],
    curves: BTreeMap<&'static str, Vec<PointJson>>,
}

/// One point in [`CurvesJson`].
#[derive(Serialize)]
struct PointJson {
    budget: f64,
    networks: Vec<NetworkJson>,
    search_total: Option<f64>,
    test_total: Option<f64>,
}

/// One pick in [`PointJson`].
#[derive(Serialize)]
struct NetworkJson {
    cost: f64,
    estimated: bool,
    tasks: Vec<String>,
}

impl Serialize for Curves {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let point = |p: &CurvePoint| PointJson {
            budget: p.budget,
            networks: p
                .picks
                .iter()
                .map(|n| NetworkJson {
                    cost: n.cost,
                    estimated: n.estimated,
                    tasks: n.tasks.names(&self.columns),
                })
                .collect(),
            search_total: p.search_total,
            test_total: p.test_total,
        };
        CurvesJson {
            columns: &self.columns,
            curves: self
                .curves
                .iter()
                .map(|(m, points)| (m.name(), points.iter().map(&point).collect()))
                .collect(),
        }
        .serialize(serializer)
    }
}
