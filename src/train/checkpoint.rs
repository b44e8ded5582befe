//! The run directory: what is written when, always atomically (a temporary
//! file in the same directory, then a rename), so a run killed at any moment
//! leaves either the previous complete state or the new one.
//!
//! * `config.json`: the [`TrainConfig`], before training starts;
//! * `weights-<epoch>.safetensors`, `momentum-<epoch>.safetensors`: the
//!   network (with BN statistics) and the optimiser after an epoch;
//! * `state.json`: the [`RunState`] naming those files, with the weighting
//!   method's state and a [`super::StepHook`]'s (written last: it is the commit point; older epoch
//!   files are deleted after it);
//! * `best.safetensors`: the weights of the best validation epoch;
//! * `record.json`: the [`TrainRecord`], once the run is finished.

use super::error::TrainError;
use super::record::{HistoryRow, TrainRecord};
use super::schedule::PlateauSchedule;
use super::sgd::LossScaler;
use super::weighting::WeightingState;
use super::TrainConfig;
use crate::io::WithPath;
use crate::tasks::Task;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File names inside a run directory (the configuration's is defined with
/// the pure configuration type).
pub use super::config::CONFIG_FILE;
/// The resumable state.
pub const STATE_FILE: &str = "state.json";
/// The finished run's record (defined with the pure record type).
pub use super::record::RECORD_FILE;
/// The best validation epoch's weights.
pub const BEST_FILE: &str = "best.safetensors";

/// Everything besides tensors needed to continue a run after an epoch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunState {
    /// Epochs completed.
    pub epoch: usize,
    /// The learning-rate schedule.
    pub schedule: PlateauSchedule,
    /// The fp16 loss scaler (when used).
    pub scaler: Option<LossScaler>,
    /// History rows so far.
    pub history: Vec<HistoryRow>,
    /// Best total validation loss so far, its epoch and per-task losses.
    pub best: Option<(usize, f64, BTreeMap<Task, f64>)>,
    /// ESA losses, once taken.
    pub esa: Option<(usize, BTreeMap<Task, f64>)>,
    /// Weights file of this state.
    pub weights: String,
    /// Momentum file of this state.
    pub momentum: String,
    /// The best validation epoch's weights file (`best-<epoch>.safetensors`),
    /// committed with this state (absent in states of earlier versions, which
    /// kept only [`BEST_FILE`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_file: Option<String>,
    /// Training seconds so far.
    pub seconds: f64,
    /// The multi-task weighting's state (absent for the plain sum).
    #[serde(default, skip_serializing_if = "WeightingState::is_stateless")]
    pub weighting: WeightingState,
    /// The [`super::StepHook`]'s state after these epochs (absent in a run
    /// without a hook).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hook: Option<serde_json::Value>,
}

/// Writes a value as pretty JSON, atomically.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), TrainError> {
    crate::io::write_json(path, value)
}

/// Reads a JSON file; `None` if it does not exist.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<Option<T>, TrainError> {
    crate::io::read_json(path)
}

/// Writes a tensor file through `save` (which writes to the path it is
/// given) into a temporary name, then renames it into place.
pub fn save_atomic(
    path: &Path,
    save: impl FnOnce(&Path) -> Result<(), tch::TchError>,
) -> Result<(), TrainError> {
    let tmp = path.with_extension("tmp.safetensors");
    save(&tmp).map_err(|source| TrainError::Torch {
        context: tmp.display().to_string(),
        source,
    })?;
    Ok(std::fs::rename(&tmp, path).with_path(path)?)
}

/// The finished record of a run directory, if there is one.
pub fn finished_record(dir: &Path) -> Result<Option<TrainRecord>, TrainError> {
    read_json(&dir.join(RECORD_FILE))
}

/// Writes `config.json`, or checks that an existing one is the same run.
pub fn ensure_config(dir: &Path, config: &TrainConfig) -> Result<(), TrainError> {
    let path = dir.join(CONFIG_FILE);
    match read_json::<TrainConfig>(&path)? {
        Some(existing) if &existing == config => Ok(()),
        Some(_) => Err(TrainError::ConfigMismatch { path }),
        None => write_json(&path, config),
    }
}

/// Deletes epoch files of `dir` other than those `state` names.
pub fn remove_stale(dir: &Path, state: &RunState) -> Result<(), TrainError> {
    let entries = std::fs::read_dir(dir).with_path(dir)?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let epoch_file = (name.starts_with("weights-")
            || name.starts_with("momentum-")
            || name.starts_with("best-"))
            && name.ends_with(".safetensors");
        let named = name == state.weights
            || name == state.momentum
            || state.best_file.as_deref() == Some(name.as_str());
        if epoch_file && !named {
            let path: PathBuf = entry.path();
            std::fs::remove_file(&path).with_path(&path)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_best_file_ahead_of_the_state_is_not_kept() {
        // Issue 11: a kill between writing the best weights and the state
        // left best.safetensors ahead of state.json. Now the state names its
        // best file; one written by a killed later epoch is not it.
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "weights-1.safetensors",
            "weights-2.safetensors",
            "momentum-2.safetensors",
            "best-1.safetensors",
            "best-2.safetensors",
            "best-3.safetensors",
            "config.json",
        ] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        let state = RunState {
            epoch: 2,
            schedule: PlateauSchedule::new(Default::default(), 0.1, 2),
            scaler: None,
            history: Vec::new(),
            best: None,
            esa: None,
            weights: "weights-2.safetensors".into(),
            momentum: "momentum-2.safetensors".into(),
            best_file: Some("best-2.safetensors".into()),
            seconds: 0.0,
            weighting: Default::default(),
            hook: None,
        };
        remove_stale(dir.path(), &state).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "best-2.safetensors",
                "config.json",
                "momentum-2.safetensors",
                "weights-2.safetensors"
            ]
        );
    }
}
