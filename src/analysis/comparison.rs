//! Groupings side by side: for each selection [`Method`] and budget, the
//! chosen networks and their total loss, read from the selection module's
//! frame ([`Curves::to_frame`](crate::select::Curves::to_frame)).

use super::columns::{col, frame};
use super::error::{AnalysisError, Result};
use crate::select::selection_frame::{BUDGET, SEARCH_TOTAL, TEST_TOTAL};
use crate::select::{read_selection_frame, Method, SelectionRow};
use polars::prelude::{Column, DataFrame};

/// One method's grouping at one budget: a row of the selection frame.
pub type ComparisonEntry = SelectionRow;

/// Every method's grouping at every budget.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupingComparison {
    /// The methods, in order of first appearance in the selection frame.
    pub methods: Vec<Method>,
    /// The budgets, ascending.
    pub budgets: Vec<f64>,
    /// One entry per (method, budget) row of the frame, in frame order.
    pub entries: Vec<ComparisonEntry>,
}

impl GroupingComparison {
    /// Reads a selection frame through the selection module's reader
    /// ([`read_selection_frame`]); its numbers must be finite and each
    /// (method, budget) may appear once.
    pub fn from_frame(df: &DataFrame) -> Result<Self> {
        let mut out = GroupingComparison {
            methods: Vec::new(),
            budgets: Vec::new(),
            entries: Vec::new(),
        };
        for (row, entry) in read_selection_frame(df)?.into_iter().enumerate() {
            let (method, budget) = (entry.method, entry.budget);
            for (column, value) in [
                (BUDGET, Some(budget)),
                (SEARCH_TOTAL, entry.search_total),
                (TEST_TOTAL, entry.test_total),
            ] {
                if let Some(value) = value.filter(|v| !v.is_finite()) {
                    return Err(AnalysisError::NonFinite {
                        column: column.to_string(),
                        row,
                        value,
                    });
                }
            }
            if out.get(method, budget).is_some() {
                return Err(AnalysisError::DuplicateSelection { method, budget });
            }
            if !out.methods.contains(&method) {
                out.methods.push(method);
            }
            if !out.budgets.contains(&budget) {
                out.budgets.push(budget);
            }
            out.entries.push(entry);
        }
        out.budgets.sort_by(f64::total_cmp);
        Ok(out)
    }

    /// The entry of `method` at `budget`.
    pub fn get(&self, method: Method, budget: f64) -> Option<&ComparisonEntry> {
        self.entries
            .iter()
            .find(|e| e.method == method && e.budget == budget)
    }

    /// One method's `(budget, test_total)` points, by ascending budget,
    /// leaving out budgets without a test total.
    pub fn test_curve(&self, method: Method) -> Vec<(f64, f64)> {
        self.budgets
            .iter()
            .filter_map(|&b| {
                self.get(method, b)
                    .and_then(|e| e.test_total)
                    .map(|t| (b, t))
            })
            .collect()
    }

    /// The comparison table: one row per budget; per method, a column named
    /// after it with the total test loss and a `<method> networks` column
    /// with its networks (null where the method has no entry).
    pub fn to_frame(&self) -> Result<DataFrame> {
        let mut columns: Vec<Column> = vec![col("budget", self.budgets.clone())];
        for &method in &self.methods {
            let entries: Vec<Option<&ComparisonEntry>> =
                self.budgets.iter().map(|&b| self.get(method, b)).collect();
            let totals: Vec<Option<f64>> = entries
                .iter()
                .map(|e| e.and_then(|e| e.test_total))
                .collect();
            let networks: Vec<Option<&str>> = entries
                .iter()
                .map(|e| e.and_then(|e| e.networks.as_deref()))
                .collect();
            columns.push(col(method.name(), totals));
            columns.push(col(&format!("{method} networks"), networks));
        }
        frame(columns)
    }
}
