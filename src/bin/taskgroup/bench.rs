//! `taskgroup bench`: the training benchmark, whose harness lives with the
//! benchmarks (`benches/train/harness.rs`, also `cargo bench --bench train`).

#[path = "../../../benches/train/harness.rs"]
mod harness;

pub use harness::{run, Args};
