//! The task catalog: the nine Taskonomy tasks the paper uses, and [`TaskSet`],
//! a bit set over them that every other module uses to name a network's tasks.
//!
//! Files: `task.rs` ([`Task`] and its facts), `columns.rs` ([`ColumnSet`],
//! the crate's one bit set, over column indices of any names), `set.rs`
//! ([`TaskSet`], a `ColumnSet` over the catalog).
//!
//! Facts (letters, domains, channels, normalisation, masks, losses) follow
//! `../shared/taskonomy/TASKONOMY.md`, "How the paper's experiments read these".

mod columns;
mod set;
mod task;

pub use columns::{ColumnSet, MAX_COLUMNS};
pub use set::{TaskSet, TaskSetError};
pub use task::{LossKind, Normalisation, Task};
