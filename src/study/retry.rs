//! Retrying networks that failed (a diverged loss, say) with other
//! optimisation settings, inside the same store.
//!
//! `taskgroup study ... --only sd --lr 0.05` on a store whose `sd` failed:
//! the settings differ from `study.json` only in [`RETRY_KEYS`] and every
//! network named is unfinished, so instead of refusing the store notes the
//! retry in those networks' folders ([`RETRY_FILE`], with the settings) and
//! moves an earlier attempt trained otherwise aside
//! (`networks/.attempts/<id>-<n>/`: nothing is deleted). From then on that
//! network trains with the retry's settings in every process (a resumed run,
//! a worker, a Slurm array task with `--from-store`); `study.json` keeps the
//! study's, and the record keeps the settings it was trained with.

use super::config::ValidStudyConfig;
use super::error::StudyError;
use super::holder::unix_now;
use super::lock::NetworkLock;
use super::spec::NetworkSpec;
use super::store::Store;
use crate::io::{read_json, write_json, WithPath};
use crate::train::{ConfigError, TrainSettings, ValidTrainConfig};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The training settings a retry may change: the optimiser's and the
/// learning-rate schedule's (not the data, the network or the epochs).
pub const RETRY_KEYS: [&str; 5] = ["lr", "momentum", "weight_decay", "lr_floor", "schedule"];

/// A network folder's note of its retry settings.
pub const RETRY_FILE: &str = "retry.json";

/// A retry of one network with other optimisation settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Retry {
    /// The settings changed from the study's (names of [`RETRY_KEYS`]).
    pub changed: Vec<String>,
    /// The training settings the network trains with.
    pub train: TrainSettings,
    /// Where the earlier attempt was moved, if there was one.
    pub previous_attempt: Option<PathBuf>,
    /// When the retry was set up (seconds since the Unix epoch).
    pub at_unix_s: u64,
}

/// The [`RETRY_KEYS`] in which two study identities differ, when those are
/// their only differences (and there is one); `None` otherwise.
pub(super) fn retry_changes(
    stored: &serde_json::Value,
    given: &serde_json::Value,
) -> Option<Vec<String>> {
    let mut patched = stored.clone();
    let mut changed = Vec::new();
    for key in RETRY_KEYS {
        let new = given.get("train")?.get(key)?.clone();
        let old = patched.get_mut("train")?.get_mut(key)?;
        if *old != new {
            changed.push(key.to_string());
            *old = new;
        }
    }
    (patched == *given && !changed.is_empty()).then_some(changed)
}

impl Store {
    /// Sets up the retry of every network of `config`'s `only` choice with
    /// `config`'s settings (see the module docs). Refused for a network that
    /// is finished or being trained.
    pub(super) fn start_retries(
        &self,
        config: &ValidStudyConfig,
        changed: &[String],
    ) -> Result<(), StudyError> {
        for spec in config.networks() {
            let id = spec.dir_name();
            if self.record(spec)?.is_some() {
                return Err(StudyError::Invalid(format!(
                    "network {id} is finished; other {} apply only to networks not finished \
                     (a retry of a failed one)",
                    changed.join(", ")
                )));
            }
            let dir = self.network_dir(spec);
            let Some(_lock) = NetworkLock::try_acquire(&dir)? else {
                return Err(StudyError::Invalid(format!(
                    "network {id} is being trained by another process; retry it once that ends"
                )));
            };
            let run = config
                .train_config(spec)
                .map_err(|e| StudyError::Invalid(e.to_string()))?;
            let wanted = serde_json::to_value(&*run).with_path(&dir)?;
            let earlier: Option<serde_json::Value> =
                read_json::<_, StudyError>(&dir.join(crate::train::CONFIG_FILE))?;
            let mut previous_attempt = None;
            if earlier.is_some_and(|e| e != wanted) {
                let attempts = self.dir().join("networks").join(".attempts");
                std::fs::create_dir_all(&attempts).with_path(&attempts)?;
                let mut n = 1;
                while attempts.join(format!("{id}-{n}")).exists() {
                    n += 1;
                }
                let to = attempts.join(format!("{id}-{n}"));
                std::fs::rename(&dir, &to).with_path(&dir)?;
                std::fs::create_dir_all(&dir).with_path(&dir)?;
                previous_attempt = Some(to);
            }
            let retry = Retry {
                changed: changed.to_vec(),
                // The network's own settings: a baseline's carry its weighting.
                train: run.settings.clone(),
                previous_attempt,
                at_unix_s: unix_now(),
            };
            write_json::<_, StudyError>(&dir.join(RETRY_FILE), &retry)?;
        }
        Ok(())
    }

    /// A network's retry note, if it is retried with other settings.
    pub fn retry(&self, spec: NetworkSpec) -> Result<Option<Retry>, StudyError> {
        read_json(&self.network_dir(spec).join(RETRY_FILE))
    }

    /// The training run of `spec` in this store: `config`'s, or with the
    /// settings of its retry note when it has one.
    pub fn train_config(
        &self,
        config: &ValidStudyConfig,
        spec: NetworkSpec,
    ) -> Result<ValidTrainConfig, StudyError> {
        match self.retry(spec)? {
            Some(retry) => retry
                .train
                .check()
                .and_then(|s| s.network(spec.arch(config.arch), spec.tasks))
                .map(|c| c.with_seed_offset(spec.replicate.into()))
                .map_err(|e: ConfigError| StudyError::Invalid(e.to_string())),
            None => config
                .train_config(spec)
                .map_err(|e| StudyError::Invalid(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_optimisation_settings_make_a_retry() {
        let stored = json!({"arch": "tiny", "train": {"lr": 0.1, "momentum": 0.9, "weight_decay": 1e-4, "lr_floor": 1e-5, "schedule": {"factor": 0.5}, "size": 64}});
        let mut given = stored.clone();
        given["train"]["lr"] = json!(0.05);
        given["train"]["schedule"]["factor"] = json!(0.2);
        assert_eq!(
            retry_changes(&stored, &given),
            Some(vec!["lr".into(), "schedule".into()])
        );
        given["train"]["size"] = json!(32);
        assert_eq!(
            retry_changes(&stored, &given),
            None,
            "the input side is not retryable"
        );
        assert_eq!(retry_changes(&stored, &stored), None, "nothing changed");
    }
}
