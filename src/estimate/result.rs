//! [`OneRunAffinity`]: what one run's estimators found, and its file.
//!
//! `DIR/affinity.json` ([`AFFINITY_FILE`]) is pretty JSON with these keys
//! (a stable format; `format` changes when it does):
//!
//! * `format`: 1;
//! * `tasks`: the task names in matrix order (e.g. `"segment_semantic"`);
//! * `options`: `{"every", "momentum", "divide_by_lr"}` ([`EstimateOptions`]);
//! * `methods`: `{"tag": M, "cosine": M}`, each `M` an n x n list of rows
//!   with `M[i][j]` the effect of task `i`'s step (or gradient) on task `j`,
//!   diagonal included: the mean over every measured step;
//! * `steps`: the number of measured steps;
//! * `epochs`: `[{"epoch", "steps", "methods"}]`, the same means per epoch
//!   (epochs without a measured step are left out);
//! * `cost`: `{"epochs", "training_steps", "training_images", "seconds",
//!   "measure_seconds"}`: the run's epochs, steps and images, the wall
//!   seconds of the whole run (training and validation, measuring
//!   included) and those spent measuring.
//!
//! [`OneRunAffinity::save`] writes it atomically with the frames beside it
//! (`affinity.csv`/`.parquet`: [`super::long_frame`];
//! `affinity_history.csv`/`.parquet`: [`super::history_frame`]);
//! [`OneRunAffinity::load`] reads it back and checks its shape.

use super::error::EstimateError;
use super::frames::{history_frame, long_frame, HISTORY_STEM, LONG_STEM};
use super::method::AffinityMethod;
use super::options::EstimateOptions;
use crate::analysis::export::{write_csv, write_parquet};
use crate::tasks::Task;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The result file inside an affinity directory.
pub const AFFINITY_FILE: &str = "affinity.json";

/// The version of [`AFFINITY_FILE`]'s format.
pub(crate) const FORMAT: u32 = 1;

/// An n x n matrix as rows: `m[i][j]` is the effect of task `i` on task `j`.
pub type Matrix = Vec<Vec<f64>>;

/// The means of one epoch's measured steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EpochAffinity {
    /// The epoch (1-based).
    pub epoch: usize,
    /// Measured steps in it.
    pub steps: u64,
    /// Each method's mean matrix.
    pub methods: BTreeMap<AffinityMethod, Matrix>,
}

/// What the estimate cost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AffinityCost {
    /// Epochs trained.
    pub epochs: usize,
    /// Training steps taken.
    pub training_steps: u64,
    /// Training images seen.
    pub training_images: u64,
    /// Wall seconds of the whole run (training and validation epochs,
    /// measuring included).
    pub seconds: f64,
    /// Wall seconds spent measuring.
    pub measure_seconds: f64,
}

/// Task affinities from one training run (see the module docs for the file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OneRunAffinity {
    /// The file format's version.
    pub format: u32,
    /// The tasks, in row and column order.
    pub tasks: Vec<Task>,
    /// How the steps were measured.
    pub options: EstimateOptions,
    /// Each method's mean over the measured steps.
    pub methods: BTreeMap<AffinityMethod, Matrix>,
    /// Measured steps.
    pub steps: u64,
    /// The means per epoch.
    pub epochs: Vec<EpochAffinity>,
    /// The cost of the run.
    pub cost: AffinityCost,
}

impl OneRunAffinity {
    /// The mean matrix of `method` (every result has both methods; see
    /// [`OneRunAffinity::load`]).
    pub fn matrix(&self, method: AffinityMethod) -> &Matrix {
        &self.methods[&method]
    }

    /// Writes [`AFFINITY_FILE`] and the frames' CSV and parquet files into
    /// `dir` (created if missing), each atomically.
    pub fn save(&self, dir: &Path) -> Result<(), EstimateError> {
        use crate::io::WithPath;
        std::fs::create_dir_all(dir).with_path(dir)?;
        for (stem, frame) in [
            (LONG_STEM, long_frame(self)?),
            (HISTORY_STEM, history_frame(self)?),
        ] {
            write_csv(&frame, dir.join(format!("{stem}.csv")))?;
            write_parquet(&frame, dir.join(format!("{stem}.parquet")))?;
        }
        crate::io::write_json(&dir.join(AFFINITY_FILE), self)
    }

    /// Reads `dir`'s [`AFFINITY_FILE`] (`dir` may also name the file itself).
    pub fn load(dir: &Path) -> Result<OneRunAffinity, EstimateError> {
        let path = if dir.is_dir() {
            dir.join(AFFINITY_FILE)
        } else {
            dir.to_path_buf()
        };
        let read: OneRunAffinity = crate::io::read_json::<_, EstimateError>(&path)?
            .ok_or_else(|| EstimateError::Missing(path.clone()))?;
        read.check()
            .map_err(|why| EstimateError::Malformed { path, why })?;
        Ok(read)
    }

    /// Why the result does not hold together, if it does not.
    fn check(&self) -> Result<(), String> {
        if self.format != FORMAT {
            return Err(format!(
                "format {} (this version reads {FORMAT})",
                self.format
            ));
        }
        let n = self.tasks.len();
        let all = std::iter::once(("the run", &self.methods))
            .chain(self.epochs.iter().map(|e| ("an epoch", &e.methods)));
        for (what, methods) in all {
            for m in AffinityMethod::ALL {
                let matrix = methods
                    .get(&m)
                    .ok_or_else(|| format!("{what} has no {m} matrix"))?;
                if matrix.len() != n || matrix.iter().any(|r| r.len() != n) {
                    return Err(format!("{what}'s {m} matrix is not {n} x {n}"));
                }
            }
        }
        Ok(())
    }
}
