//! [`StepHook`]: something that looks at the network before each training
//! step and carries a state that is committed with every epoch's checkpoint
//! (the run's `state.json`), so that a resumed run continues it exactly.
//! The trainer without a hook ([`crate::train::Trainer::run`]) is unchanged:
//! its state file has no hook entry. `crate::estimate` measures task
//! affinities through one.

use super::loss::LossError;
use super::step::TrainStep;
use crate::data::Batch;

/// A measurement taken before training steps. It must leave the network,
/// its BN statistics and the optimiser as it found them, so that the run's
/// trajectory is the one without it.
pub trait StepHook {
    /// Called before the training step on `batch` (in epoch `epoch`, 1-based).
    fn before_step(
        &mut self,
        ts: &mut TrainStep,
        batch: &Batch,
        epoch: usize,
    ) -> Result<(), LossError>;

    /// The state after the epochs completed so far (saved with the checkpoint).
    fn state(&self) -> serde_json::Value;

    /// Continues from a saved [`StepHook::state`]; `Err` says why it does
    /// not fit this hook.
    fn restore(&mut self, state: &serde_json::Value) -> Result<(), String>;
}
