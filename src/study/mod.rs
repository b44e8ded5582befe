//! The all-subsets study: every task subset at one SNT plus half-size
//! single-task networks, trained into one resumable results store.
//!
//! Data flow: a [`StudyConfig`] lists the networks ([`NetworkSpec`]) ->
//! `run` trains each missing one with the trainer (resuming unfinished runs
//! from their checkpoints, one process per network under a file lock) -> the
//! [`Store`] holds one record per network -> [`Store::loss_frame`] /
//! [`Store::history_frame`] give polars frames and [`Store::loss_table`] the
//! selection module's `LossTable` for val, test and ESA.

mod config;
mod error;
mod frame;
mod lock;
mod progress;
#[cfg(feature = "torch")]
mod runner;
mod spec;
mod store;

pub use config::StudyConfig;
pub use error::StudyError;
pub use lock::NetworkLock;
pub use progress::{ProgressMode, StudyProgress};
#[cfg(feature = "torch")]
pub use runner::{run, StudySummary};
pub use spec::NetworkSpec;
pub use store::Store;
