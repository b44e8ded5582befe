//! [`AffinityDefinition`]: what a pairwise affinity compares. The pair
//! network's loss of task `i` (trained with partner `j`) against a
//! single-task network's loss of `i`, the [`Reference`] (full-size or
//! half-size), as a relative change over either of the two, the
//! [`Denominator`]:
//!
//! | definition | value |
//! |---|---|
//! | [`AffinityDefinition::PROJECT`] (the default) | `(L_i({i}) - L_i({i,j})) / L_i({i})`, full-size single |
//! | [`AffinityDefinition::PAPER`] | `(L_i({i}/2) - L_i({i,j})) / L_i({i,j})`, half-size single |
//!
//! The paper (Standley et al., ICML 2020, section 5) reports Pearson
//! correlations between the pair affinities of its settings without saying
//! which of these it used; on its published test tables only the second
//! reproduces them (`tests/analysis_paper_affinity.rs`, notebook
//! `02-paper-figures`).

use std::fmt;

/// The single-task network the pair network is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reference {
    /// The full-size (1 SNT) single-task network: as large as the pair network.
    FullSingle,
    /// The half-size (0.5 SNT) single-task network: the pair network's
    /// cost split between its two tasks.
    HalfSingle,
}

impl Reference {
    /// The cost of the reference network.
    pub fn cost(self) -> f64 {
        match self {
            Reference::FullSingle => crate::losses::NetSize::Full.cost(),
            Reference::HalfSingle => crate::losses::NetSize::Half.cost(),
        }
    }
}

/// Which loss the change is relative to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Denominator {
    /// The reference network's loss.
    Reference,
    /// The pair network's loss.
    Pair,
}

/// How an affinity is computed; see the module documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct AffinityDefinition {
    /// The single-task network compared with.
    pub reference: Reference,
    /// The loss the change is relative to.
    pub relative_to: Denominator,
}

impl AffinityDefinition {
    /// The project's default: the change against the full-size single-task
    /// network, relative to its loss.
    pub const PROJECT: AffinityDefinition = AffinityDefinition {
        reference: Reference::FullSingle,
        relative_to: Denominator::Reference,
    };

    /// The definition that reproduces the paper's affinity correlations: the
    /// change against the half-size single-task network, relative to the
    /// pair network's loss.
    pub const PAPER: AffinityDefinition = AffinityDefinition {
        reference: Reference::HalfSingle,
        relative_to: Denominator::Pair,
    };

    /// The four definitions.
    pub const ALL: [AffinityDefinition; 4] = [
        AffinityDefinition::PROJECT,
        AffinityDefinition {
            reference: Reference::FullSingle,
            relative_to: Denominator::Pair,
        },
        AffinityDefinition {
            reference: Reference::HalfSingle,
            relative_to: Denominator::Reference,
        },
        AffinityDefinition::PAPER,
    ];

    /// The affinity from the reference loss and the pair network's loss
    /// (both must be positive; the callers check).
    pub fn value(self, reference: f64, pair: f64) -> f64 {
        let denominator = match self.relative_to {
            Denominator::Reference => reference,
            Denominator::Pair => pair,
        };
        (reference - pair) / denominator
    }
}

impl Default for AffinityDefinition {
    fn default() -> Self {
        AffinityDefinition::PROJECT
    }
}

impl fmt::Display for AffinityDefinition {
    /// `full single, relative to single` and so on.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reference = match self.reference {
            Reference::FullSingle => "full-size single",
            Reference::HalfSingle => "half-size single",
        };
        let over = match self.relative_to {
            Denominator::Reference => "its loss",
            Denominator::Pair => "the pair's loss",
        };
        write!(f, "against the {reference}, relative to {over}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_by_hand() {
        // Reference 0.5, pair 0.4: a drop of 0.1.
        assert!((AffinityDefinition::PROJECT.value(0.5, 0.4) - 0.2).abs() < 1e-12);
        assert!((AffinityDefinition::PAPER.value(0.5, 0.4) - 0.25).abs() < 1e-12);
        assert_eq!(Reference::HalfSingle.cost(), 0.5);
        assert_eq!(AffinityDefinition::default(), AffinityDefinition::PROJECT);
        assert_eq!(
            AffinityDefinition::PAPER.to_string(),
            "against the half-size single, relative to the pair's loss"
        );
    }
}
