//! Pairwise task affinity: how much training task `i` together with task `j`
//! changes `i`'s loss, relative to training `i` alone (by default; the
//! other definitions: [`AffinityDefinition`]).

use super::affinity_definition::AffinityDefinition;
use super::columns::{col, frame};
use super::error::{AnalysisError, Result};
use super::losses::SplitLosses;
use crate::losses::{NetSize, Split};
use polars::prelude::DataFrame;

/// The cost of a full-size network, the pair networks' size.
const FULL_COST: f64 = NetSize::Full.cost();

/// Pairwise affinities between tasks.
///
/// `values[i][j]`, for `i != j`, is `(L_i({i}) - L_i({i,j})) / L_i({i})`:
/// the relative change of task `i`'s loss when its network also learns task
/// `j`, positive when `j` helps `i`. Both directions are kept (the matrix is
/// not symmetric). The diagonal is `None`, and so is a pair whose network
/// (or its loss for `i`) is absent from the losses.
#[derive(Clone, Debug, PartialEq)]
pub struct AffinityMatrix {
    /// The tasks, in row and column order.
    pub tasks: Vec<String>,
    /// `values[i][j]`: the effect of partner `tasks[j]` on task `tasks[i]`.
    pub values: Vec<Vec<Option<f64>>>,
}

impl AffinityMatrix {
    /// The affinities from a long loss frame's `split` losses, using the
    /// full-size (cost 1) single-task and pair networks. Every task of the
    /// split must have its full-size single-task network.
    pub fn from_frame(df: &DataFrame, split: Split) -> Result<Self> {
        Self::from_losses(&SplitLosses::from_frame(df, split)?)
    }

    /// [`from_frame`](Self::from_frame) with another definition (its
    /// reference single-task networks must be in the frame).
    pub fn from_frame_with(
        df: &DataFrame,
        split: Split,
        definition: AffinityDefinition,
    ) -> Result<Self> {
        Self::from_losses_with(&SplitLosses::from_frame(df, split)?, definition)
    }

    /// The affinities from losses already read for one split.
    pub fn from_losses(losses: &SplitLosses) -> Result<Self> {
        Self::from_losses_with(losses, AffinityDefinition::PROJECT)
    }

    /// The affinities by `definition` from losses already read for one split.
    pub fn from_losses_with(losses: &SplitLosses, definition: AffinityDefinition) -> Result<Self> {
        let tasks = losses.tasks().to_vec();
        let baselines = tasks
            .iter()
            .map(|t| losses.baseline(t, definition.reference.cost()))
            .collect::<Result<Vec<f64>>>()?;
        let mut values = Vec::with_capacity(tasks.len());
        for (ti, &base) in tasks.iter().zip(&baselines) {
            let mut row = Vec::with_capacity(tasks.len());
            for tj in &tasks {
                let pair = (ti != tj)
                    .then(|| losses.find(&[ti, tj], FULL_COST))
                    .flatten()
                    .and_then(|pair| pair.loss(ti));
                row.push(match pair {
                    Some(l) if l <= 0.0 => {
                        return Err(AnalysisError::NonPositivePairLoss {
                            task: ti.clone(),
                            partner: tj.clone(),
                            split: losses.split().to_string(),
                            value: l,
                        })
                    }
                    Some(l) => Some(definition.value(base, l)),
                    None => None,
                });
            }
            values.push(row);
        }
        Ok(AffinityMatrix { tasks, values })
    }

    /// The affinity of `task` for `partner` (the effect of `partner` on `task`).
    pub fn get(&self, task: &str, partner: &str) -> Option<f64> {
        let i = self.position(task)?;
        let j = self.position(partner)?;
        self.values[i][j]
    }

    /// The index of a task in the matrix.
    pub fn position(&self, task: &str) -> Option<usize> {
        self.tasks.iter().position(|t| t == task)
    }

    /// The largest absolute affinity (0 when none is defined).
    pub fn max_abs(&self) -> f64 {
        self.values
            .iter()
            .flatten()
            .flatten()
            .fold(0.0, |m: f64, v| m.max(v.abs()))
    }

    /// A long frame with one row per ordered pair of distinct tasks:
    /// `task`, `partner`, `affinity` (null where the pair is missing).
    pub fn to_frame(&self) -> Result<DataFrame> {
        let mut task = Vec::new();
        let mut partner = Vec::new();
        let mut affinity = Vec::new();
        for (i, ti) in self.tasks.iter().enumerate() {
            for (j, tj) in self.tasks.iter().enumerate() {
                if i != j {
                    task.push(ti.as_str());
                    partner.push(tj.as_str());
                    affinity.push(self.values[i][j]);
                }
            }
        }
        frame(vec![
            col("task", task),
            col("partner", partner),
            col("affinity", affinity),
        ])
    }

    /// A wide frame: a `task` column, then one column per partner task
    /// (null on the diagonal and where a pair is missing).
    pub fn to_wide_frame(&self) -> Result<DataFrame> {
        let mut columns = vec![col(
            "task",
            self.tasks.iter().map(String::as_str).collect::<Vec<_>>(),
        )];
        for (j, tj) in self.tasks.iter().enumerate() {
            let values: Vec<Option<f64>> = self.values.iter().map(|row| row[j]).collect();
            columns.push(col(tj, values));
        }
        frame(columns)
    }
}
