//! The all-subsets study: every task subset at one SNT plus half-size
//! single-task networks (and, as extra baselines, all-task networks trained
//! with other multi-task weightings: [`StudyConfig::baselines`]), trained
//! into one resumable results store, once per seed with
//! [`StudyConfig::seeds`] (the replicates beside the first, read through
//! [`Store::replicate`] and [`Store::seed_tables`]).
//!
//! Data flow: a [`StudyConfig`] (the shared training settings and the
//! loader settings, [`StudyLoading`], as values), checked once into a
//! [`ValidStudyConfig`], lists the networks ([`NetworkSpec`]) and derives
//! each one's training run -> `run` trains each missing one with the trainer (resuming unfinished runs
//! from their checkpoints, one process per network under a file lock) -> the
//! [`Store`] holds one record per network -> [`Store::loss_frame`] /
//! [`Store::history_frame`] give polars frames and [`Store::loss_table`] the
//! selection module's `LossTable` for val, test and ESA.
//!
//! While networks train (in this process, in other processes or worker
//! processes sharing the store, or as Slurm array tasks, see [`slurm`]),
//! [`Store::status`] reads where each one stands: the record, the lock and
//! the trainer's [`Holder`] note.

mod config;
mod error;
mod frame;
mod holder;
mod loading;
mod lock;
mod progress;
mod retry;
#[cfg(feature = "torch")]
mod runner;
pub mod slurm;
mod spec;
mod status;
mod store;

pub use config::{StudyConfig, ValidStudyConfig};
pub use error::StudyError;
pub use frame::StudyTables;
pub use holder::{Holder, HOLDER_FILE, LOG_ENV};
pub use loading::StudyLoading;
pub use lock::NetworkLock;
pub use progress::{ProgressMode, StudyProgress};
pub use retry::{Retry, RETRY_FILE, RETRY_KEYS};
#[cfg(feature = "torch")]
pub use runner::{run, run_with, RunOptions, StudySummary};
pub use spec::NetworkSpec;
pub use status::{log_tail, NetworkState, NetworkStatus, StateKind, StudyStatus};
pub use store::{NetworkFailure, Store, FAILED_FILE};
