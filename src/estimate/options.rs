//! [`EstimateOptions`]: when the one-run estimators measure and how TAG's
//! lookahead step is taken.
//!
//! Defaults, and why:
//! * `every = 10`: TAG's own setting (its Taskonomy code measures every
//!   tenth batch); the lookahead costs one forward and backward pass plus
//!   one forward pass per task, so measuring every step multiplies the
//!   training time (see the training benchmark).
//! * `momentum = false`: the lookahead is the plain step
//!   `theta' = theta - lr (g_i + wd theta)`, the TAG paper's formula. The
//!   reference Taskonomy code reads as momentum-aware, but it looks for the
//!   momentum buffer in the optimiser's parameter group, where PyTorch never
//!   keeps it, so it always takes the plain step too. With `momentum = true`
//!   the step is the optimiser's: `lr (momentum buf + g_i + wd theta)`,
//!   using the buffer of the run's SGD (the plain step before the first
//!   update, when there is no buffer yet).
//! * `divide_by_lr = false`: `Z = 1 - L'/L`, the paper's formula. The
//!   reference code divides by the learning rate, which makes steps taken
//!   before and after a learning-rate drop comparable (Z is about
//!   `lr g_i.g_j / L_j`); without it the steps of a larger learning rate
//!   weigh more in the mean. A grouping chosen from one run is unchanged by
//!   a constant factor, so the two differ only across the schedule's drops.

use super::error::EstimateError;
use serde::{Deserialize, Serialize};

/// Measure every this many training steps, by default.
pub const DEFAULT_EVERY: usize = 10;

/// How the estimators measure (see the module docs for the defaults).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EstimateOptions {
    /// Measure before every `every`-th training step of the run (the
    /// first, the `every + 1`-th, ...; counted over the whole run).
    pub every: usize,
    /// TAG's lookahead uses the optimiser's momentum buffer.
    pub momentum: bool,
    /// TAG's affinity is divided by the learning rate of the step.
    pub divide_by_lr: bool,
}

impl Default for EstimateOptions {
    fn default() -> Self {
        EstimateOptions {
            every: DEFAULT_EVERY,
            momentum: false,
            divide_by_lr: false,
        }
    }
}

impl EstimateOptions {
    /// The options if they can be used (`every` at least 1).
    pub fn check(self) -> Result<EstimateOptions, EstimateError> {
        if self.every == 0 {
            return Err(EstimateError::Every);
        }
        Ok(self)
    }

    /// Whether training step `step` (0-based, over the whole run) is measured.
    pub fn measures(&self, step: u64) -> bool {
        step % self.every as u64 == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kth_step_from_the_first() {
        let o = EstimateOptions {
            every: 3,
            ..EstimateOptions::default()
        };
        let measured: Vec<u64> = (0..10).filter(|s| o.measures(*s)).collect();
        assert_eq!(measured, [0, 3, 6, 9]);
        let zero = EstimateOptions {
            every: 0,
            ..EstimateOptions::default()
        };
        assert!(matches!(zero.check(), Err(EstimateError::Every)));
        assert_eq!(EstimateOptions::default().check().unwrap().every, 10);
    }
}
