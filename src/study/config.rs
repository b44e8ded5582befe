//! [`StudyConfig`]: which networks a study trains, and how; checked once
//! ([`StudyConfig::check`]) into a [`ValidStudyConfig`], the only kind the
//! store and the runner take. [`StudyConfig::tiny`] is the small preset of
//! the demo, the quickstart notebook and the tests.

use super::error::StudyError;
use super::loading::StudyLoading;
use super::spec::NetworkSpec;
use crate::model::Arch;
use crate::tasks::{Task, TaskSet};
use crate::train::settings_invalid;
use crate::train::{
    ConfigError, PlateauConfig, TrainSettings, ValidTrainConfig, ValidTrainSettings, Weighting,
    WeightingKind,
};
use serde::{Deserialize, Serialize};
use std::ops::Deref;
use std::path::PathBuf;

/// Settings of a study. Saved as `study.json` in the store before anything
/// is trained; reopening a store with different settings is an error.
///
/// Each network's architecture and tasks come from its [`NetworkSpec`]
/// ([`ValidStudyConfig::train_config`]); everything else is shared.
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
    /// Training settings shared by every network. (A `study.json` written
    /// before they were split from the network's `arch` and `tasks` holds
    /// those two here as well; they are ignored, as they always were.)
    pub train: TrainSettings,
    /// Also train a half-size single-task network per task (cost 0.5).
    pub half_singles: bool,
    /// Train only these networks (ids such as `sd`, `s-half` or
    /// `sdn@mgda`); `None`: every non-empty subset at full size plus the
    /// half-size singles and the baselines.
    pub only: Option<Vec<String>>,
    /// Extra baselines: one full-size all-task network per weighting
    /// listed, trained with it instead of `train.weighting` (not the plain
    /// sum, each method at most once). They are not candidates of the
    /// searches; each adds its curve to the study's report. Not part of
    /// the store's identity: a study may add baselines later.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub baselines: Vec<Weighting>,
    /// How many times each network is trained, with seeds `train.seed`,
    /// `train.seed + 1`, ...: replicate `r` of a network is stored beside
    /// the first as `<id>-seed<r>` ([`NetworkSpec::with_replicate`]). The
    /// replicates give every loss, affinity and curve its interval across
    /// seeds (`crate::seeds`). Not part of the store's identity: a study
    /// may add seeds later. At least 1 (the default).
    #[serde(skip_serializing_if = "is_one")]
    pub seeds: u32,
    /// How the splits are loaded (saved flat: `flip`, `skip_bad`, ...).
    #[serde(flatten)]
    pub loading: StudyLoading,
}

impl Default for StudyConfig {
    fn default() -> Self {
        StudyConfig {
            data: PathBuf::new(),
            root: None,
            tasks: Task::SETTING1.to_vec(),
            arch: Arch::Xception17,
            train: TrainSettings::default(),
            half_singles: true,
            only: None,
            baselines: Vec::new(),
            seeds: 1,
            loading: StudyLoading::default(),
        }
    }
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

impl StudyConfig {
    /// The tiny preset on the dataset `data`: the setting-1 tasks on the
    /// `tiny` architecture, 64x64 inputs, batches of 16, at most 10 epochs,
    /// and the paper's plateau windows (500k to 2M images) scaled to the
    /// demo's 320 training images per epoch: 2.5 epochs, growing to 10.
    /// It finishes in minutes on two CPU cores.
    pub fn tiny(data: impl Into<PathBuf>) -> StudyConfig {
        StudyConfig {
            data: data.into(),
            tasks: Task::SETTING1.to_vec(),
            arch: Arch::Tiny,
            train: TrainSettings {
                size: 64,
                batch_size: 16,
                max_epochs: 10,
                schedule: PlateauConfig {
                    initial_window_images: 800,
                    max_window_images: 3200,
                    ..PlateauConfig::default()
                },
                ..TrainSettings::default()
            },
            ..StudyConfig::default()
        }
    }

    /// The study's tasks as letters, in column order (`sdnkt`).
    pub fn task_letters(&self) -> String {
        self.tasks.iter().map(|t| t.letter()).collect()
    }

    /// The study's tasks as a set.
    pub fn task_set(&self) -> TaskSet {
        self.tasks.iter().copied().collect()
    }

    /// Checks the settings (tasks present and distinct, networks known, the
    /// training settings); the result cannot be invalid. Every error is
    /// [`StudyError::Invalid`].
    pub fn check(self) -> Result<ValidStudyConfig, StudyError> {
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
        if self.seeds == 0 {
            return Err(StudyError::Invalid(
                "seeds 0: a study trains each network at least once".into(),
            ));
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
                if spec.replicate >= self.seeds {
                    return Err(StudyError::Invalid(format!(
                        "network {id} is seed replicate {} of a study of {} seed(s) (--seeds)",
                        spec.replicate, self.seeds
                    )));
                }
            }
        }
        let train = self
            .train
            .clone()
            .check()
            .map_err(|e| StudyError::Invalid(e.to_string()))?;
        let mut baselines: Vec<(WeightingKind, ValidTrainSettings)> = Vec::new();
        for weighting in &self.baselines {
            let kind = weighting.kind();
            if kind == WeightingKind::Sum {
                return Err(StudyError::Invalid(
                    "baseline sum: the plain sum's all-task network is already the study's (all_in_one)".into(),
                ));
            }
            if kind == self.train.weighting.kind() {
                return Err(StudyError::Invalid(format!(
                    "baseline {kind}: the study's own networks are trained with {}",
                    self.train.weighting
                )));
            }
            if baselines.iter().any(|(k, _)| *k == kind) {
                return Err(StudyError::Invalid(format!(
                    "baseline {kind} is listed twice"
                )));
            }
            if self.tasks.len() < 2 {
                return Err(StudyError::Invalid(format!(
                    "baseline {kind} needs at least two tasks to weigh"
                )));
            }
            let settings = TrainSettings {
                weighting: *weighting,
                ..self.train.clone()
            }
            .check()
            .map_err(|e| StudyError::Invalid(format!("baseline {kind}: {e}")))?;
            baselines.push((kind, settings));
        }
        Ok(ValidStudyConfig {
            config: self,
            settings: train,
            baselines,
        })
    }

    /// The networks to train, in the study's order: singles, pairs, ...
    /// (full size), then the half-size singles, then the baselines; with
    /// `seeds` > 1 that list once per seed replicate, the study's own seed
    /// first (so an interrupted study has whole replicates).
    pub fn networks(&self) -> Vec<NetworkSpec> {
        let first = self.first_replicate();
        let mut out = first.clone();
        for r in 1..self.seeds {
            out.extend(first.iter().map(|s| s.with_replicate(r)));
        }
        if let Some(only) = &self.only {
            out.retain(|s| only.iter().any(|id| *id == s.dir_name()));
        }
        out
    }

    /// The networks of one replicate (the study's seed), `only` ignored.
    fn first_replicate(&self) -> Vec<NetworkSpec> {
        let all = self.task_set();
        let mut out: Vec<NetworkSpec> = all.subsets().into_iter().map(NetworkSpec::full).collect();
        if self.half_singles {
            out.extend(
                self.tasks
                    .iter()
                    .map(|t| NetworkSpec::half(TaskSet::single(*t))),
            );
        }
        out.extend(
            self.baselines
                .iter()
                .map(|w| NetworkSpec::baseline(all, w.kind())),
        );
        out
    }

    /// The settings that must match when a store is reopened: everything
    /// but the choice of networks (which may grow between runs), the way
    /// the data is named (compared as a [`crate::data::DataIdentity`]
    /// instead) and `skip_bad` (which changes no successful network: without
    /// it a bad sample stops the network).
    pub(crate) fn identity(&self) -> serde_json::Value {
        let mut me = self.clone();
        me.only = None;
        me.half_singles = false;
        me.baselines = Vec::new();
        me.seeds = 1;
        me.data = PathBuf::new();
        me.root = None;
        me.loading.skip_bad = false;
        serde_json::to_value(&me).expect("a study config serialises")
    }
}

/// A [`StudyConfig`] that passed [`StudyConfig::check`]; read through
/// `Deref`, saved as the plain config.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidStudyConfig {
    config: StudyConfig,
    /// `config.train`, checked.
    settings: ValidTrainSettings,
    /// Each baseline's weighting with `config.train`, checked.
    baselines: Vec<(WeightingKind, ValidTrainSettings)>,
}

impl ValidStudyConfig {
    /// The checked training settings shared by the networks.
    pub fn train_settings(&self) -> &ValidTrainSettings {
        &self.settings
    }

    /// The training run of one network: its architecture (the study's, or
    /// its half variant) and tasks with the shared settings (a baseline's
    /// with its own weighting; a baseline the study does not list is an error).
    pub fn train_config(&self, spec: NetworkSpec) -> Result<ValidTrainConfig, ConfigError> {
        let settings = match spec.baseline {
            None => &self.settings,
            Some(kind) => self
                .baselines
                .iter()
                .find(|(k, _)| *k == kind)
                .map(|(_, s)| s)
                .ok_or_else(|| {
                    settings_invalid("baseline", kind, "one of the study's baselines")
                })?,
        };
        Ok(settings
            .network(spec.arch(self.config.arch), spec.tasks)?
            .with_seed_offset(spec.replicate.into()))
    }

    /// The checked configuration, to change and check again.
    pub fn into_inner(self) -> StudyConfig {
        self.config
    }
}

impl Deref for ValidStudyConfig {
    type Target = StudyConfig;

    fn deref(&self) -> &StudyConfig {
        &self.config
    }
}

impl Serialize for ValidStudyConfig {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.config.serialize(serializer)
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
        assert!(cfg.clone().check().is_err());
        cfg.only = Some(vec!["e".into()]);
        assert!(matches!(cfg.check(), Err(StudyError::Invalid(m)) if m.contains("outside")));
    }

    #[test]
    fn seeds_repeat_the_networks_after_the_first_replicate() {
        let mut cfg = StudyConfig {
            tasks: vec![Task::Normal, Task::SegmentSemantic],
            seeds: 2,
            ..StudyConfig::default()
        };
        let ids: Vec<String> = cfg.networks().iter().map(|s| s.dir_name()).collect();
        assert_eq!(
            ids,
            [
                "s",
                "n",
                "sn",
                "n-half",
                "s-half",
                "s-seed1",
                "n-seed1",
                "sn-seed1",
                "n-half-seed1",
                "s-half-seed1"
            ]
        );
        let valid = cfg.clone().check().unwrap();
        let second = valid
            .train_config(NetworkSpec::from_dir_name("sn-seed1").unwrap())
            .unwrap();
        assert_eq!(second.settings.seed, cfg.train.seed + 1);
        assert_eq!(
            cfg.identity(),
            StudyConfig {
                seeds: 1,
                ..cfg.clone()
            }
            .identity()
        );
        cfg.only = Some(vec!["sn-seed2".into()]);
        assert!(
            matches!(cfg.clone().check(), Err(StudyError::Invalid(m)) if m.contains("replicate 2"))
        );
        cfg.only = None;
        cfg.seeds = 0;
        assert!(cfg.check().is_err());
    }

    #[test]
    fn a_study_json_of_the_flat_shape_reads_back() {
        // study.json as written before the training settings were split from
        // the network's arch and tasks: `train` also holds those two.
        let old = r#"{"data":"d/manifest.json","root":null,"tasks":["segment_semantic","depth_zbuffer"],"arch":"tiny","train":{"arch":"xception17","tasks":"sdnkt","lr":0.1,"size":32,"batch_size":2,"device":"cpu"},"half_singles":true,"only":null,"flip":false,"skip_bad":true,"train_limit":8,"eval_limit":null,"eval_batch_size":4}"#;
        let cfg: StudyConfig = serde_json::from_str(old).unwrap();
        assert_eq!(
            (cfg.arch, cfg.train.size, cfg.train.batch_size),
            (Arch::Tiny, 32, 2)
        );
        assert_eq!(cfg.train.device, crate::device::DeviceChoice::Cpu);
        assert_eq!(
            cfg.loading,
            StudyLoading {
                flip: false,
                skip_bad: true,
                train_limit: Some(8),
                eval_limit: None,
                eval_batch_size: 4,
            }
        );
        // The loader settings stay flat at the top level.
        let json = serde_json::to_value(&cfg).unwrap();
        assert_eq!(json["eval_batch_size"], 4);
        assert!(json.get("loading").is_none());
        let valid = cfg.check().unwrap();
        let sd = valid
            .train_config(NetworkSpec::from_dir_name("sd-half").unwrap())
            .unwrap();
        assert_eq!(
            (sd.arch, sd.tasks.letters()),
            (Arch::TinyHalf, "sd".to_string())
        );
        assert_eq!(sd.settings, valid.train);
    }
}
