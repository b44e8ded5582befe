//! The paper's per-task average change: for each task, how much its loss
//! changes on average when it shares a network, relative to learning it alone.

use super::columns::{col, frame};
use super::error::Result;
use super::losses::{relative_change, SplitLosses};
use crate::losses::Split;
use polars::prelude::DataFrame;

/// One task's average relative change at one network size.
#[derive(Clone, Debug, PartialEq)]
pub struct AverageChangeRow {
    /// The task.
    pub task: String,
    /// The network size (cost) the changes are measured at.
    pub cost: f64,
    /// The mean relative change over the pair networks containing the task
    /// (`None` when there is none).
    pub pair_mean: Option<f64>,
    /// How many pair networks that mean is over.
    pub pairs: usize,
    /// The mean relative change over every multi-task network containing the task.
    pub all_mean: f64,
    /// How many networks that mean is over.
    pub networks: usize,
}

/// Per-task average relative change, `(L_i({i}) - L_i(N)) / L_i({i})` averaged
/// over networks `N` containing task `i`, each compared with the single-task
/// network of the same size. A size appears for a task when some multi-task
/// network of that size carries it (the paper's tables have multi-task
/// networks at full size only).
#[derive(Clone, Debug, PartialEq)]
pub struct AverageChange {
    /// The rows, by network size (largest first), then task order.
    pub rows: Vec<AverageChangeRow>,
}

impl AverageChange {
    /// The table from a long loss frame's `split` losses.
    pub fn from_frame(df: &DataFrame, split: Split) -> Result<Self> {
        Self::from_losses(&SplitLosses::from_frame(df, split)?)
    }

    /// The table from losses already read for one split.
    pub fn from_losses(losses: &SplitLosses) -> Result<Self> {
        let mut rows = Vec::new();
        for cost in losses.costs() {
            for task in losses.tasks() {
                let changes: Vec<(usize, f64)> = losses
                    .networks()
                    .iter()
                    .filter(|n| n.cost() == cost && n.tasks.len() > 1)
                    .filter_map(|n| n.loss(task).map(|l| (n.tasks.len(), l)))
                    .collect();
                if changes.is_empty() {
                    continue;
                }
                let base = losses.baseline(task, cost)?;
                let changes: Vec<(usize, f64)> = changes
                    .into_iter()
                    .map(|(k, l)| (k, relative_change(base, l)))
                    .collect();
                let pair_changes: Vec<f64> = changes
                    .iter()
                    .filter(|(k, _)| *k == 2)
                    .map(|&(_, c)| c)
                    .collect();
                let all: Vec<f64> = changes.iter().map(|&(_, c)| c).collect();
                rows.push(AverageChangeRow {
                    task: task.clone(),
                    cost,
                    pair_mean: mean(&pair_changes),
                    pairs: pair_changes.len(),
                    all_mean: mean(&all).expect("at least one change"),
                    networks: all.len(),
                });
            }
        }
        Ok(AverageChange { rows })
    }

    /// The row for `task` at network size `cost`.
    pub fn get(&self, task: &str, cost: f64) -> Option<&AverageChangeRow> {
        self.rows.iter().find(|r| r.task == task && r.cost == cost)
    }

    /// A frame with columns `task`, `cost`, `pair_mean`, `pairs`, `all_mean`, `networks`.
    pub fn to_frame(&self) -> Result<DataFrame> {
        let r = &self.rows;
        frame(vec![
            col(
                "task",
                r.iter().map(|x| x.task.as_str()).collect::<Vec<_>>(),
            ),
            col("cost", r.iter().map(|x| x.cost).collect::<Vec<_>>()),
            col(
                "pair_mean",
                r.iter().map(|x| x.pair_mean).collect::<Vec<_>>(),
            ),
            col(
                "pairs",
                r.iter().map(|x| x.pairs as u64).collect::<Vec<_>>(),
            ),
            col("all_mean", r.iter().map(|x| x.all_mean).collect::<Vec<_>>()),
            col(
                "networks",
                r.iter().map(|x| x.networks as u64).collect::<Vec<_>>(),
            ),
        ])
    }
}

/// The arithmetic mean, `None` for no values.
pub(crate) fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}
