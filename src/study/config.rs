//! [`StudyConfig`]: which networks a study trains, and how.

use super::error::StudyError;
use super::spec::NetworkSpec;
use crate::model::Arch;
use crate::tasks::{Task, TaskSet};
use crate::train::TrainConfig;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Settings of a study. Saved as `study.json` in the store before anything
/// is trained; reopening a store with different settings is an error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StudyConfig {
    /// The dataset: a manifest JSON or a folder holding `manifest.json`.
    pub data: PathBuf,
    /// Where the dataset's files are, when not the manifest's `root` (or its folder).
    pub root: Option<PathBuf>,
    /// The study's tasks, in column order (any number).
    pub tasks: Vec<Task>,
    /// The full-size architecture; half-size networks use its half variant.
    pub arch: Arch,
    /// Training settings shared by every network (its `arch` and `tasks`
    /// are set per network).
    pub train: TrainConfig,
    /// Also train a half-size single-task network per task (cost 0.5).
    pub half_singles: bool,
    /// Train only these networks (ids such as `sd` or `s-half`); `None`:
    /// every non-empty subset at full size plus the half-size singles.
    pub only: Option<Vec<String>>,
    /// Horizontal-flip augmentation of training images (the paper's).
    pub flip: bool,
    /// Drop unreadable samples (counted in the loader's report) instead of failing.
    pub skip_bad: bool,
    /// Use at most this many training images (a seeded subset).
    pub train_limit: Option<usize>,
    /// Use at most this many validation and test images each.
    pub eval_limit: Option<usize>,
    /// Batch size for validation and test (does not change the losses).
    pub eval_batch_size: usize,
}

impl Default for StudyConfig {
    fn default() -> Self {
        StudyConfig {
            data: PathBuf::new(),
            root: None,
            tasks: Task::SETTING1.to_vec(),
            arch: Arch::Xception17,
            train: TrainConfig::default(),
            half_singles: true,
            only: None,
            flip: true,
            skip_bad: false,
            train_limit: None,
            eval_limit: None,
            eval_batch_size: 32,
        }
    }
}

impl StudyConfig {
    /// The study's tasks as a set.
    pub fn task_set(&self) -> TaskSet {
        self.tasks.iter().copied().collect()
    }

    /// Checks the settings: tasks present and distinct, networks known.
    pub fn validate(&self) -> Result<(), StudyError> {
        if self.tasks.is_empty() {
            return Err(StudyError::Invalid("no tasks".into()));
        }
        if self.task_set().len() != self.tasks.len() {
            return Err(StudyError::Invalid(format!(
                "a task is listed twice in {:?}",
                self.tasks
            )));
        }
        if self.arch.is_half() {
            return Err(StudyError::Invalid(format!(
                "--arch {} is a half-size variant; give the full-size one",
                self.arch
            )));
        }
        if let Some(only) = &self.only {
            for id in only {
                let spec = NetworkSpec::from_dir_name(id)
                    .ok_or_else(|| StudyError::Invalid(format!("unknown network id {id:?}")))?;
                if !spec.tasks.is_subset_of(self.task_set()) {
                    return Err(StudyError::Invalid(format!(
                        "network {id} carries a task outside the study's {}",
                        self.task_set()
                    )));
                }
            }
        }
        self.train
            .validate()
            .map_err(|e| StudyError::Invalid(e.to_string()))
    }

    /// The networks to train, in the study's order: singles, pairs, ...
    /// (full size), then the half-size singles.
    pub fn networks(&self) -> Vec<NetworkSpec> {
        let all = self.task_set();
        let mut out: Vec<NetworkSpec> = all.subsets().into_iter().map(NetworkSpec::full).collect();
        if self.half_singles {
            out.extend(
                self.tasks
                    .iter()
                    .map(|t| NetworkSpec::half(TaskSet::single(*t))),
            );
        }
        if let Some(only) = &self.only {
            out.retain(|s| only.iter().any(|id| *id == s.dir_name()));
        }
        out
    }

    /// The training settings of one network.
    pub fn train_config(&self, spec: NetworkSpec) -> TrainConfig {
        let mut cfg = self.train.clone();
        cfg.arch = spec.arch(self.arch);
        cfg.tasks = spec.tasks;
        cfg
    }

    /// The settings that must match when a store is reopened (everything
    /// but the choice of networks, which may grow between runs).
    pub(crate) fn identity(&self) -> serde_json::Value {
        let mut me = self.clone();
        me.only = None;
        me.half_singles = false;
        serde_json::to_value(&me).expect("a study config serialises")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_subsets_plus_half_singles() {
        let cfg = StudyConfig {
            tasks: vec![Task::Normal, Task::SegmentSemantic, Task::DepthZbuffer],
            ..StudyConfig::default()
        };
        let ids: Vec<String> = cfg.networks().iter().map(|s| s.dir_name()).collect();
        assert_eq!(
            ids,
            ["s", "d", "n", "sd", "sn", "dn", "sdn", "n-half", "s-half", "d-half"]
        );
        let five = StudyConfig::default();
        assert_eq!(five.networks().len(), 31 + 5);
    }

    #[test]
    fn only_restricts_and_is_validated() {
        let mut cfg = StudyConfig {
            only: Some(vec!["sd".into(), "s-half".into()]),
            ..StudyConfig::default()
        };
        assert_eq!(cfg.networks().len(), 2);
        cfg.only = Some(vec!["sx".into()]);
        assert!(cfg.validate().is_err());
        cfg.only = Some(vec!["e".into()]);
        assert!(matches!(cfg.validate(), Err(StudyError::Invalid(m)) if m.contains("outside")));
    }
}
