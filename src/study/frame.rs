//! A store as polars frames and as the selection module's loss tables. The
//! loss frame is written through the loss seam's one writer
//! ([`write_frame`]); the history frame shares its column names. The
//! loss frame and tables hold the study's own networks (the searches'
//! candidates); its weighted all-task baselines come as
//! [`BaselineTables`] and, with the others, in the history and skips frames.

use super::error::StudyError;
use super::store::Store;
use crate::losses::{write_frame, LossRow, Split, COST, EPOCH, LOSS, LR, NETWORK, SPLIT, TASK};
use crate::select::{BaselineTables, LossTable, Network};
use crate::tasks::Task;
use polars::prelude::*;
use std::collections::BTreeMap;

/// A store's loss tables and history: what a report is made from.
#[derive(Clone, Debug)]
pub struct StudyTables {
    /// Validation losses.
    pub val: LossTable,
    /// Test losses.
    pub test: LossTable,
    /// Early-stopped losses (ESA).
    pub esa: LossTable,
    /// The training history ([`Store::history_frame`]).
    pub history: DataFrame,
    /// The finished weighted all-task baselines ([`Store::baselines`]).
    pub baselines: Vec<BaselineTables>,
}

impl StudyTables {
    /// The replicates (as [`Store::seed_tables`] gives them) that are as
    /// complete as the first, holding as many finished networks, each with
    /// its replicate index: what results across seeds are made of (a seed
    /// still training is left out rather than compared on fewer networks).
    pub fn complete_replicates(replicates: &[StudyTables]) -> Vec<(u32, &StudyTables)> {
        let Some(first) = replicates.first() else {
            return Vec::new();
        };
        let networks = first.val.networks().len();
        (0u32..)
            .zip(replicates)
            .filter(|(_, t)| t.val.networks().len() == networks)
            .collect()
    }
}

impl Store {
    /// The loss tables of val, test and esa and the history, of whatever
    /// networks are finished (a partial study gives partial tables).
    pub fn tables(&self) -> Result<StudyTables, StudyError> {
        Ok(StudyTables {
            val: self.loss_table(Split::Val)?,
            test: self.loss_table(Split::Test)?,
            esa: self.loss_table(Split::Esa)?,
            history: self.history_frame()?,
            baselines: self.baselines()?,
        })
    }

    /// The tables of every seed replicate the store holds
    /// ([`Store::replicates`]), the study's own seed first; each is what
    /// [`Store::tables`] gives for that replicate.
    pub fn seed_tables(&self) -> Result<Vec<StudyTables>, StudyError> {
        (0..self.replicates()?)
            .map(|r| self.replicate(r).tables())
            .collect()
    }

    /// The finished baseline networks (the study's all-task networks trained
    /// with another weighting), each as one-network val and test tables
    /// over the study's columns, in [`WeightingKind::BASELINES`](crate::train::WeightingKind::BASELINES) order.
    pub fn baselines(&self) -> Result<Vec<BaselineTables>, StudyError> {
        let columns = &self.config().tasks;
        let names: Vec<String> = columns.iter().map(|t| t.letter().to_string()).collect();
        let table = |cost: f64, losses: &BTreeMap<Task, f64>| {
            let pairs: Vec<(usize, f64)> = columns
                .iter()
                .enumerate()
                .filter_map(|(c, t)| losses.get(t).map(|l| (c, *l)))
                .collect();
            LossTable::new(
                names.clone(),
                vec![Network::measured(columns.len(), cost, &pairs)],
            )
        };
        let mut out = Vec::new();
        for (spec, record) in self.records()? {
            let Some(weighting) = spec.baseline else {
                continue;
            };
            out.push(BaselineTables {
                weighting,
                val: table(spec.cost(), &record.val)?,
                test: record
                    .test
                    .as_ref()
                    .map(|t| table(spec.cost(), t))
                    .transpose()?,
            });
        }
        Ok(out)
    }

    /// Final per-task losses of every finished network of the study's own
    /// (not the baselines: [`Store::baselines`]), the long loss frame
    /// of `crate::losses` (splits val, test, esa; `network` is the carried
    /// tasks' letters in column order joined by `+`).
    pub fn loss_frame(&self) -> Result<DataFrame, StudyError> {
        let columns = &self.config().tasks;
        let mut rows: Vec<(Split, LossRow)> = Vec::new();
        for (spec, record) in self.records()? {
            if spec.baseline.is_some() {
                continue;
            }
            let name = spec.name(columns);
            let test = record.test.clone().unwrap_or_default();
            for (split, losses) in [
                (Split::Val, &record.val),
                (Split::Test, &test),
                (Split::Esa, &record.esa),
            ] {
                for t in columns.iter().filter(|t| spec.tasks.contains(**t)) {
                    if let Some(l) = losses.get(t) {
                        rows.push((
                            split,
                            LossRow::measured(&name, spec.cost(), &t.letter().to_string(), *l),
                        ));
                    }
                }
            }
        }
        Ok(write_frame(rows.iter().map(|(s, r)| (*s, r))))
    }

    /// What `skip_bad` dropped in every finished network, one row per
    /// network, split and reason: `network, split, reason, count, first`
    /// (the first file's message). Empty when nothing was dropped.
    pub fn skips_frame(&self) -> Result<DataFrame, StudyError> {
        let columns = &self.config().tasks;
        let (mut network, mut split, mut reason, mut count, mut first) =
            (vec![], vec![], vec![], vec![], vec![]);
        for (spec, record) in self.records()? {
            for (s, report) in &record.skips {
                for (r, summary) in &report.reasons {
                    network.push(spec.name(columns));
                    split.push(s.name());
                    reason.push(r.name());
                    count.push(summary.count as i64);
                    first.push(summary.first.first().cloned().unwrap_or_default());
                }
            }
        }
        Ok(df!(
            NETWORK => network,
            SPLIT => split,
            "reason" => reason,
            "count" => count,
            "first" => first,
        )?)
    }

    /// Every network's training history, long format:
    /// `network, cost, epoch, split, task, loss, lr`.
    pub fn history_frame(&self) -> Result<DataFrame, StudyError> {
        let columns = &self.config().tasks;
        let (mut network, mut cost, mut epoch, mut split, mut task, mut loss, mut lr) =
            (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
        for (spec, record) in self.records()? {
            let name = spec.name(columns);
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
            NETWORK => network,
            COST => cost,
            EPOCH => epoch,
            SPLIT => split,
            TASK => task,
            LOSS => loss,
            LR => lr,
        )?)
    }

    /// The loss table of one split ([`Split::LOSSES`]: val, test or esa) over
    /// the study's tasks (columns named by letter), for the selection module.
    pub fn loss_table(&self, split: Split) -> Result<LossTable, StudyError> {
        if !Split::LOSSES.contains(&split) {
            return Err(StudyError::Invalid(format!(
                "no {:?} losses in a study (use val, test or esa)",
                split.name()
            )));
        }
        let frame = self.loss_frame()?;
        let table = LossTable::from_frame(&frame, split)?;
        Ok(table)
    }
}
