//! Task affinity from **one** multi-task training run: the cheap estimators
//! that later work uses instead of training every task subset.
//!
//! * TAG's lookahead (Fifty et al., NeurIPS 2021): at every `k`-th training
//!   step and for each task `i`, one SGD step of the shared parameters on
//!   task `i`'s loss alone, every task `j`'s loss on the same batch after
//!   it: `Z_{i->j} = 1 - L_j(theta') / L_j(theta)` ([`AffinityMethod::Tag`]).
//! * The cosine similarity of the per-task gradients on the shared
//!   parameters, at the same steps ([`AffinityMethod::Cosine`]).
//!
//! Data flow: [`EstimateOptions`] -> (with the `torch` feature) `estimate`,
//! which trains one all-task network through the ordinary trainer with
//! `AffinityHook` (a [`crate::train::StepHook`]) calling `measure_step` on
//! the measured steps -> [`StepAffinity`] per step -> [`AffinitySums`]
//! (the resumable running sums, saved with each epoch's checkpoint) ->
//! [`OneRunAffinity`] (means over the run and per epoch, with the cost),
//! saved as [`AFFINITY_FILE`] with its frames ([`long_frame`],
//! [`history_frame`]) beside it; [`wide_frame`] shows one method as a table.
//!
//! Files: `options.rs`, `method.rs`, `sums.rs`, `result.rs` (the JSON
//! file), `frames.rs` and `error.rs` are pure (they build without
//! libtorch, so results can be read by the lean command line and
//! notebooks); `lookahead.rs` (one measured step), `hook.rs`, `run.rs`
//! and `data.rs` (the run on a dataset, or a study's all-task network:
//! [`estimate_study`]) need the `torch` feature.

mod error;
mod frames;
mod method;
mod options;
mod result;
mod sums;

#[cfg(feature = "torch")]
mod data;
#[cfg(feature = "torch")]
mod hook;
#[cfg(feature = "torch")]
mod lookahead;
#[cfg(feature = "torch")]
mod run;

pub use error::EstimateError;
pub use frames::{history_frame, long_frame, wide_frame, HISTORY_STEM, LONG_STEM};
pub use method::{AffinityMethod, UnknownAffinityMethod};
pub use options::{EstimateOptions, DEFAULT_EVERY};
pub use result::{AffinityCost, EpochAffinity, Matrix, OneRunAffinity, AFFINITY_FILE};
pub use sums::{AffinitySums, MethodSums, StepAffinity};

#[cfg(feature = "torch")]
pub use data::{estimate_on_data, estimate_study};
#[cfg(feature = "torch")]
pub use hook::AffinityHook;
#[cfg(feature = "torch")]
pub use lookahead::measure_step;
#[cfg(feature = "torch")]
pub use run::{estimate, RUN_DIR};
