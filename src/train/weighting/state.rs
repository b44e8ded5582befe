//! [`WeightingState`]: what a weighting method carries from step to step,
//! saved in the run's `state.json` so an interrupted run resumes with it.

use super::gradnorm::GradNormState;
use super::setting::Weighting;
use serde::{Deserialize, Serialize};

/// A method's state, one entry per task in [`crate::tasks::Task`] order
/// (the order of a step's per-task losses).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "lowercase")]
pub enum WeightingState {
    /// The plain sum and MGDA-UB carry nothing.
    #[default]
    Stateless,
    /// GradNorm's weights and first losses.
    GradNorm(GradNormState),
    /// Uncertainty weighting's log-variances `s_i`.
    Uncertainty {
        /// `s_i = log sigma_i^2`.
        log_variances: Vec<f64>,
    },
    /// PCGrad's step counter (it seeds the task order).
    PcGrad {
        /// Steps taken so far.
        steps: u64,
    },
}

impl WeightingState {
    /// The state of `weighting` before the first step of a network with `tasks` tasks.
    pub fn new(weighting: Weighting, tasks: usize) -> WeightingState {
        match weighting {
            Weighting::Sum | Weighting::Mgda => WeightingState::Stateless,
            Weighting::GradNorm { .. } => WeightingState::GradNorm(GradNormState::new(tasks)),
            Weighting::Uncertainty => WeightingState::Uncertainty {
                log_variances: vec![0.0; tasks],
            },
            Weighting::PcGrad => WeightingState::PcGrad { steps: 0 },
        }
    }

    /// Whether there is nothing to save.
    pub fn is_stateless(&self) -> bool {
        *self == WeightingState::Stateless
    }

    /// Whether this state belongs to `weighting` for `tasks` tasks.
    pub fn fits(&self, weighting: Weighting, tasks: usize) -> bool {
        match (self, weighting) {
            (WeightingState::Stateless, Weighting::Sum | Weighting::Mgda) => true,
            (WeightingState::GradNorm(s), Weighting::GradNorm { .. }) => {
                s.weights.len() == tasks
                    && s.initial_losses.as_ref().is_none_or(|l| l.len() == tasks)
            }
            (WeightingState::Uncertainty { log_variances }, Weighting::Uncertainty) => {
                log_variances.len() == tasks
            }
            (WeightingState::PcGrad { .. }, Weighting::PcGrad) => true,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_fit_their_methods_and_round_trip() {
        for name in Weighting::NAMES {
            let w: Weighting = name.parse().unwrap();
            let s = WeightingState::new(w, 3);
            assert!(s.fits(w, 3) && (s.is_stateless() || !s.fits(w, 2) || name == "pcgrad"));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(serde_json::from_str::<WeightingState>(&json).unwrap(), s);
        }
        assert!(!WeightingState::Stateless.fits(Weighting::PcGrad, 2));
    }
}
