//! The task catalog: the nine Taskonomy tasks the paper uses, and [`TaskSet`],
//! a bit set over them that every other module uses to name a network's tasks.
//!
//! Facts (letters, domains, channels, normalisation, masks, losses) follow
//! `../shared/taskonomy/TASKONOMY.md`, "How the paper's experiments read these".

mod set;
mod task;

pub use set::{TaskSet, TaskSetError};
pub use task::{LossKind, Normalisation, Task};
