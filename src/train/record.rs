//! What a training run returns: its history as rows (straight into a polars
//! DataFrame) and the per-task losses the study needs.

use super::config::TrainConfig;
use crate::data::Split;
use crate::tasks::Task;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The file holding a finished run's record in its run directory.
pub const RECORD_FILE: &str = "record.json";

/// One task's mean loss over one split after one epoch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryRow {
    /// Epochs completed (1-based). Test rows carry the best epoch.
    pub epoch: usize,
    /// The split.
    pub split: Split,
    /// The task.
    pub task: Task,
    /// Mean of the per-batch mean losses (the paper's `AverageMeter`).
    pub loss: f64,
    /// Learning rate at the end of the epoch.
    pub lr: f64,
}

/// Why training ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// The learning rate fell below the floor.
    LrFloor,
    /// The maximum number of epochs was reached.
    MaxEpochs,
}

/// A finished run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainRecord {
    /// The run's configuration.
    pub config: TrainConfig,
    /// Per-epoch, per-split, per-task losses (train and val every epoch;
    /// test once, for the best checkpoint).
    pub history: Vec<HistoryRow>,
    /// Epochs completed.
    pub epochs: usize,
    /// Why training ended.
    pub stop: StopReason,
    /// The epoch with the lowest total validation loss (its weights are the
    /// run's result, `best.safetensors`).
    pub best_epoch: usize,
    /// Per-task validation losses at the best epoch.
    pub val: BTreeMap<Task, f64>,
    /// Per-task test losses of the best checkpoint (`None` without a test source).
    pub test: Option<BTreeMap<Task, f64>>,
    /// Per-task validation losses after [`TrainRecord::esa_epoch`] (the
    /// early-stopping approximation).
    pub esa: BTreeMap<Task, f64>,
    /// The epoch the ESA losses come from: [`super::TrainSettings::esa_epoch`], or the
    /// last epoch when training stopped earlier.
    pub esa_epoch: usize,
    /// Trainable parameters of the network.
    pub params: u64,
    /// The device the run used (`cpu`, `cuda:0`, ...).
    pub device: String,
    /// Precision of the forward pass: `f32` or `fp16-autocast`.
    pub precision: String,
    /// Optimiser steps skipped because the fp16 gradients overflowed.
    pub skipped_steps: u64,
    /// Wall-clock seconds spent training, over all sessions of the run.
    pub seconds: f64,
    /// What `skip_bad` dropped, per split (the training split's counts are
    /// one epoch's), by reason with the first files; empty (and absent from
    /// the JSON) when nothing was.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub skips: BTreeMap<Split, crate::data::SkipReport>,
}

impl TrainRecord {
    /// What `skip_bad` dropped, as one line (`train: missing_label 2,
    /// corrupt_png 1; val: ...`); `None` when nothing was.
    pub fn skips_line(&self) -> Option<String> {
        if self.skips.is_empty() {
            return None;
        }
        let splits: Vec<String> = self
            .skips
            .iter()
            .map(|(split, report)| {
                let reasons: Vec<String> = report
                    .reasons
                    .iter()
                    .map(|(reason, summary)| format!("{} {}", reason.name(), summary.count))
                    .collect();
                format!("{}: {}", split.name(), reasons.join(", "))
            })
            .collect();
        Some(splits.join("; "))
    }

    /// Sum of the per-task losses of a map (the paper's total).
    pub fn total(losses: &BTreeMap<Task, f64>) -> f64 {
        losses.values().sum()
    }
}
