//! Taskonomy data: splits, batches for training.
//!
//! Data flows from a manifest (which buildings, domains and layout) through
//! decoding and the paper's target normalisation into [`Batch`]es of tensors.

#[cfg(feature = "torch")]
mod batch;
mod error;
mod split;
pub mod synth;

#[cfg(feature = "torch")]
pub use batch::{Batch, BatchSource, Target};
pub use error::DataError;
pub use split::Split;
