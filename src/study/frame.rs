//! A store as polars frames and as the selection module's loss tables.

use super::error::StudyError;
use super::store::Store;
use crate::select::LossTable;
use polars::prelude::*;

/// The splits a store's loss frame holds: the searched table (`val`), the
/// reported one (`test`), and the early-stopping approximation (`esa`).
pub const LOSS_SPLITS: [&str; 3] = ["val", "test", "esa"];

impl Store {
    /// Final per-task losses of every finished network, long format:
    /// `network, cost, task, split, loss, estimated` (split = val, test, esa;
    /// `network` is the carried tasks' letters in column order joined by `+`).
    pub fn loss_frame(&self) -> Result<DataFrame, StudyError> {
        let columns = &self.config().tasks;
        let (mut network, mut cost, mut task, mut split, mut loss) =
            (vec![], vec![], vec![], vec![], vec![]);
        for (spec, record) in self.records()? {
            let name = spec.frame_name(columns);
            let test = record.test.clone().unwrap_or_default();
            for (split_name, losses) in
                [("val", &record.val), ("test", &test), ("esa", &record.esa)]
            {
                for t in columns.iter().filter(|t| spec.tasks.contains(**t)) {
                    if let Some(l) = losses.get(t) {
                        network.push(name.clone());
                        cost.push(spec.cost());
                        task.push(t.letter().to_string());
                        split.push(split_name);
                        loss.push(*l);
                    }
                }
            }
        }
        let n = network.len();
        Ok(df!(
            "network" => network,
            "cost" => cost,
            "task" => task,
            "split" => split,
            "loss" => loss,
            "estimated" => vec![false; n],
        )?)
    }

    /// Every network's training history, long format:
    /// `network, cost, epoch, split, task, loss, lr`.
    pub fn history_frame(&self) -> Result<DataFrame, StudyError> {
        let columns = &self.config().tasks;
        let (mut network, mut cost, mut epoch, mut split, mut task, mut loss, mut lr) =
            (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
        for (spec, record) in self.records()? {
            let name = spec.frame_name(columns);
            for row in &record.history {
                network.push(name.clone());
                cost.push(spec.cost());
                epoch.push(row.epoch as i64);
                split.push(row.split.name());
                task.push(row.task.letter().to_string());
                loss.push(row.loss);
                lr.push(row.lr);
            }
        }
        Ok(df!(
            "network" => network,
            "cost" => cost,
            "epoch" => epoch,
            "split" => split,
            "task" => task,
            "loss" => loss,
            "lr" => lr,
        )?)
    }

    /// The loss table of one split (`val`, `test` or `esa`) over the study's
    /// tasks (columns named by letter), for the selection module.
    pub fn loss_table(&self, split: &str) -> Result<LossTable, StudyError> {
        if !LOSS_SPLITS.contains(&split) {
            return Err(StudyError::Invalid(format!(
                "no {split:?} losses in a study (use val, test or esa)"
            )));
        }
        let frame = self.loss_frame()?;
        let table = LossTable::from_frame(&frame, split)?;
        Ok(table)
    }
}
