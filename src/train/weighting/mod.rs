//! Multi-task weighting: how a network with several decoders turns its task
//! losses into one update. [`Weighting`] is the setting (saved with the
//! run's [`crate::train::TrainSettings`]); [`WeightingState`] what a method
//! carries between steps (saved in the run's checkpoint state).
//!
//! One file per method holds its arithmetic on plain numbers (so it is
//! tested by hand without libtorch): [`gradnorm`], [`uncertainty`],
//! [`pcgrad`] (the projection on the gradients' Gram matrix and the seeded
//! task order) and [`min_norm`] (the Frank-Wolfe solver MGDA-UB uses);
//! `backward` (with the `torch` feature) computes the gradients each method
//! needs and leaves the update in the parameters' gradients.

#[cfg(feature = "torch")]
mod backward;
pub mod gradnorm;
pub mod min_norm;
pub mod pcgrad;
mod setting;
mod state;
pub mod uncertainty;

#[cfg(feature = "torch")]
pub(crate) use backward::gram;
#[cfg(feature = "torch")]
pub use backward::{weighted_backward, StepInputs};
pub use gradnorm::GradNormState;
pub use setting::{UnknownWeighting, Weighting, WeightingKind, GRADNORM_ALPHA};
pub use state::WeightingState;
