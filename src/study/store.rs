//! [`Store`]: a study's results directory.
//!
//! Layout: `study.json` (the [`StudyConfig`] and the data's
//! [`DataIdentity`], written before training, created or checked under the
//! lock `study.lock`; the data is compared by identity, not by path) and
//! `networks/<id>/` per network, the trainer's run directory (its config,
//! per-epoch checkpoints and, once finished, `record.json`, written
//! atomically). A network is finished exactly when its record exists. A
//! study of several seeds keeps each further replicate beside the first
//! (`networks/<id>-seed<r>/`); [`Store::replicate`] reads one of them.
//! Opening a store for a study removes the temporary files that killed
//! writers left in folders no live process holds.

use super::config::{StudyConfig, ValidStudyConfig};
use super::error::StudyError;
use super::holder::{host_name, unix_now, Holder};
use super::lock::NetworkLock;
use super::retry::retry_changes;
use super::spec::NetworkSpec;
use crate::data::{DataIdentity, Dataset};
use crate::io::{read_json, remove_if_exists, remove_temporaries, write_json, WithPath};
use crate::train::{TrainRecord, WeightingKind, RECORD_FILE};
use std::path::{Path, PathBuf};

/// The file holding the study's settings.
pub const STUDY_FILE: &str = "study.json";
/// A network folder's note of its last failure (removed when it trains).
pub const FAILED_FILE: &str = "failed.json";

/// Why a network's last training attempt failed, as [`FAILED_FILE`] keeps it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NetworkFailure {
    /// The error, with its causes.
    pub error: String,
    /// When it failed (seconds since the Unix epoch).
    pub at_unix_s: u64,
    /// The exit status the training process ended with, when it noted it
    /// (1 for an error; 128 + the signal for a termination it caught).
    #[serde(default)]
    pub exit_code: Option<i32>,
}

/// The key of [`STUDY_FILE`] that records the data's [`DataIdentity`].
pub const DATA_IDENTITY_KEY: &str = "data_identity";

/// The lock taken around creating or checking [`STUDY_FILE`].
pub const STUDY_LOCK: &str = "study.lock";

/// A study's results directory.
#[derive(Clone, Debug)]
pub struct Store {
    dir: PathBuf,
    config: StudyConfig,
    /// The seed replicate whose networks [`Store::records`] (and so the
    /// frames and tables) read: 0, or another through [`Store::replicate`].
    replicate: u32,
}

impl Store {
    /// Creates the store for `config` in `dir`, or reopens it; a store made
    /// with other settings (tasks, architecture, training) is refused. The
    /// check and the creation happen under the store's lock (`study.lock`),
    /// so of processes starting at once on a new store with different
    /// settings exactly one creates it and the others are refused.
    pub fn create(dir: impl Into<PathBuf>, config: &ValidStudyConfig) -> Result<Store, StudyError> {
        let dir = dir.into();
        let path = dir.join(STUDY_FILE);
        let dataset = Dataset::open_with_root(&config.data, config.root.as_deref())?;
        let data = DataIdentity::of(&dataset);
        std::fs::create_dir_all(&dir).with_path(&dir)?;
        let _lock = NetworkLock::wait(dir.join(STUDY_LOCK))?;
        if path.exists() {
            let existing = Store::open(&dir)?;
            if let Some(what) = existing.data_difference(config, &data)? {
                return Err(StudyError::ConfigMismatch { path, what });
            }
            let (a, b) = (existing.config.identity(), config.identity());
            if a != b {
                let what = first_difference(&a, &b);
                return match (retry_changes(&a, &b), &config.only) {
                    (Some(changed), Some(_)) => {
                        let store = Store {
                            dir,
                            config: StudyConfig::clone(config),
                            replicate: 0,
                        };
                        store.start_retries(config, &changed)?;
                        Ok(store)
                    }
                    (Some(changed), None) => Err(StudyError::ConfigMismatch {
                        path,
                        what: format!(
                            "{what}; to retry failed networks with other {}, name them with --only",
                            changed.join(", ")
                        ),
                    }),
                    (None, _) => Err(StudyError::ConfigMismatch { path, what }),
                };
            }
        }
        std::fs::create_dir_all(dir.join("networks")).with_path(&dir)?;
        // The file keeps the study, not this process's `only` choice (many
        // processes with different choices share one store), and what the
        // data is beside how this process named it.
        let whole = StudyConfig {
            only: None,
            ..StudyConfig::clone(config)
        };
        let mut file = serde_json::to_value(&whole).with_path(&path)?;
        file[DATA_IDENTITY_KEY] = serde_json::to_value(&data).with_path(&path)?;
        write_json::<_, StudyError>(&path, &file)?;
        let store = Store {
            dir,
            config: StudyConfig::clone(config),
            replicate: 0,
        };
        store.remove_dead_temporaries()?;
        Ok(store)
    }

    /// How the data of `config` (identified as `data`) differs from the
    /// store's, if it does: by identity when the store recorded one, by the
    /// paths as written in a store from before identities were recorded.
    fn data_difference(
        &self,
        config: &StudyConfig,
        data: &DataIdentity,
    ) -> Result<Option<String>, StudyError> {
        let path = self.dir.join(STUDY_FILE);
        let file: serde_json::Value = read_json::<_, StudyError>(&path)?.unwrap_or_default();
        let stored: Option<DataIdentity> = match file.get(DATA_IDENTITY_KEY) {
            Some(v) => Some(serde_json::from_value(v.clone()).with_path(&path)?),
            None => None,
        };
        Ok(match stored {
            Some(stored) if stored == *data => None,
            Some(stored) => Some(format!(
                "data: the store's is manifest {} under {}{}, the given is manifest {} under {}{}",
                stored.manifest_md5,
                stored.root.display(),
                if stored.pack { " (a pack)" } else { "" },
                data.manifest_md5,
                data.root.display(),
                if data.pack { " (a pack)" } else { "" },
            )),
            None if self.config.data != config.data || self.config.root != config.root => {
                Some(format!(
                    "data: stored {}, given {}",
                    self.config.data.display(),
                    config.data.display()
                ))
            }
            None => None,
        })
    }

    /// Removes the temporary files of writers that died (killed between
    /// writing and renaming): the store folder's (its writer holds the store
    /// lock, as the caller does) and those of every network folder whose lock
    /// is free (a network being trained elsewhere is left alone).
    fn remove_dead_temporaries(&self) -> Result<usize, StudyError> {
        let mut removed = remove_temporaries(&self.dir)?;
        let networks = self.dir.join("networks");
        for entry in std::fs::read_dir(&networks).with_path(&networks)? {
            let dir = entry.with_path(&networks)?.path();
            let hidden = dir
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if !dir.is_dir() || hidden {
                continue;
            }
            if let Some(_lock) = NetworkLock::try_acquire(&dir)? {
                removed += remove_temporaries(&dir)?;
            }
        }
        Ok(removed)
    }

    /// Opens an existing store (reading only; its settings are not checked).
    pub fn open(dir: impl Into<PathBuf>) -> Result<Store, StudyError> {
        let dir = dir.into();
        let path = dir.join(STUDY_FILE);
        let text = std::fs::read(&path).with_path(&path)?;
        let config = serde_json::from_slice(&text).with_path(&path)?;
        Ok(Store {
            dir,
            config,
            replicate: 0,
        })
    }

    /// The same store read as seed replicate `replicate`: its records,
    /// frames and tables are those of the networks trained with seed
    /// `train.seed + replicate` ([`StudyConfig::seeds`]).
    pub fn replicate(&self, replicate: u32) -> Store {
        Store {
            replicate,
            ..self.clone()
        }
    }

    /// How many seed replicates the store holds networks of: one more than
    /// the highest replicate index among its network folders (at least 1).
    pub fn replicates(&self) -> Result<u32, StudyError> {
        Ok(self
            .stored_networks()?
            .iter()
            .map(|s| s.replicate + 1)
            .fold(1, u32::max))
    }

    /// The networks of the study's tasks that have a folder in the store,
    /// in folder-name order.
    fn stored_networks(&self) -> Result<Vec<NetworkSpec>, StudyError> {
        let networks = self.dir.join("networks");
        let mut out = Vec::new();
        if networks.is_dir() {
            for entry in std::fs::read_dir(&networks).with_path(&networks)? {
                let name = entry.with_path(&networks)?.file_name();
                if let Some(spec) = NetworkSpec::from_dir_name(&name.to_string_lossy()) {
                    if spec.tasks.is_subset_of(self.config.task_set()) {
                        out.push(spec);
                    }
                }
            }
        }
        out.sort_by_key(|s| s.dir_name());
        Ok(out)
    }

    /// The store's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The study's settings.
    pub fn config(&self) -> &StudyConfig {
        &self.config
    }

    /// The run directory of one network.
    pub fn network_dir(&self, spec: NetworkSpec) -> PathBuf {
        self.dir.join("networks").join(spec.dir_name())
    }

    /// The finished record of one network, if it is finished.
    pub fn record(&self, spec: NetworkSpec) -> Result<Option<TrainRecord>, StudyError> {
        let path = self.network_dir(spec).join(RECORD_FILE);
        read_json(&path)
    }

    /// Notes that `spec` failed with `error`, its process ending with
    /// `exit_code` (atomically; the caller holds its lock).
    pub fn mark_failed(
        &self,
        spec: NetworkSpec,
        error: &str,
        exit_code: Option<i32>,
    ) -> Result<(), StudyError> {
        let failure = NetworkFailure {
            error: error.to_string(),
            at_unix_s: unix_now(),
            exit_code,
        };
        write_json(&self.network_dir(spec).join(FAILED_FILE), &failure)
    }

    /// Clears a failure note (the network trained).
    pub fn clear_failed(&self, spec: NetworkSpec) -> Result<(), StudyError> {
        Ok(remove_if_exists(&self.network_dir(spec).join(FAILED_FILE))?)
    }

    /// Notes every network this process is training (its holder note names
    /// this host and process, and it has no record) as failed by `signal`,
    /// with exit status 128 + `signal`; for the signal handler of a trainer
    /// about to exit (the checkpoint of its last finished epoch stays, so the
    /// next run resumes there). Returns the networks' ids.
    pub fn mark_terminated(&self, signal: i32) -> Result<Vec<String>, StudyError> {
        let (host, pid) = (host_name(), std::process::id());
        let mut marked = Vec::new();
        for spec in self.all_networks()? {
            let dir = self.network_dir(spec);
            let ours = Holder::read(&dir)?.is_some_and(|h| h.pid == pid && h.host == host);
            if ours && self.record(spec)?.is_none() {
                let error = format!(
                    "terminated by signal {signal} (scancel, a time limit, a shutdown); \
                     resumes from its last checkpoint"
                );
                self.mark_failed(spec, &error, Some(128 + signal))?;
                marked.push(spec.dir_name());
            }
        }
        Ok(marked)
    }

    /// The last failure of `spec`, if it failed and has not trained since.
    pub fn failure(&self, spec: NetworkSpec) -> Result<Option<NetworkFailure>, StudyError> {
        read_json(&self.network_dir(spec).join(FAILED_FILE))
    }

    /// Every network of the study (the store's choice of half-size
    /// singles, baselines and seeds, any `only` choice ignored), in the
    /// study's order, then the networks an earlier run with other
    /// `baselines` or `seeds` left in the store.
    pub fn all_networks(&self) -> Result<Vec<NetworkSpec>, StudyError> {
        let mut out = StudyConfig {
            only: None,
            ..self.config.clone()
        }
        .networks();
        for spec in self.stored_networks()? {
            if !out.contains(&spec) {
                out.push(spec);
            }
        }
        Ok(out)
    }

    /// Every finished network of the store's replicate (0 unless read
    /// through [`Store::replicate`]; also ones outside the current `only`
    /// choice), in the study's order.
    pub fn records(&self) -> Result<Vec<(NetworkSpec, TrainRecord)>, StudyError> {
        // Every network the store may hold: baselines trained by an earlier
        // run with other --baselines included.
        let mut all: Vec<NetworkSpec> = StudyConfig {
            only: None,
            half_singles: true,
            baselines: WeightingKind::BASELINES
                .map(WeightingKind::with_defaults)
                .to_vec(),
            seeds: 1,
            ..self.config.clone()
        }
        .networks()
        .into_iter()
        .map(|s| s.with_replicate(self.replicate))
        .collect();
        all.retain(|s| self.network_dir(*s).exists());
        let mut out = Vec::new();
        for spec in all {
            if let Some(r) = self.record(spec)? {
                out.push((spec, r));
            }
        }
        Ok(out)
    }

    /// Networks of the configured choice that are not finished yet.
    pub fn pending(&self) -> Result<Vec<NetworkSpec>, StudyError> {
        let mut out = Vec::new();
        for spec in self.config.networks() {
            if self.record(spec)?.is_none() {
                out.push(spec);
            }
        }
        Ok(out)
    }
}

/// A short description of where two JSON values first differ.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value) -> String {
    match (a, b) {
        (serde_json::Value::Object(x), serde_json::Value::Object(y)) => {
            for (k, va) in x {
                match y.get(k) {
                    Some(vb) if vb == va => {}
                    Some(vb) => return format!("{k}: {}", first_difference(va, vb)),
                    None => return format!("{k} missing"),
                }
            }
            "extra keys".to_string()
        }
        _ => format!("stored {a}, given {b}"),
    }
}

#[cfg(feature = "torch")]
impl Store {
    /// The predictions of one finished network (its best-validation
    /// checkpoint, through [`crate::model::predict`]) for the images of
    /// `batch`.
    pub fn predict(
        &self,
        spec: NetworkSpec,
        batch: &crate::data::HostBatch,
    ) -> Result<crate::data::HostBatch, StudyError> {
        let weights = self
            .network_dir(spec)
            .join(crate::train::checkpoint::BEST_FILE);
        let arch = spec.arch(self.config().arch);
        Ok(crate::model::predict(arch, spec.tasks, &weights, batch)?)
    }
}
