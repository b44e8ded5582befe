//! [`Estimator`]: the ways of choosing networks that a comparison scores,
//! named the same way in its frame, JSON and figures.

use crate::train::WeightingKind;
use std::fmt;

/// A way of choosing the networks to deploy at a budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Estimator {
    /// The exact search on the test losses: the best choice there is (the
    /// ground truth every regret is measured against).
    Optimal,
    /// The exact search on the validation losses (the paper's "optimal").
    OptimalVal,
    /// The exact search on the early-stopped validation losses.
    Esa,
    /// The exact search with 3+-task networks estimated from the pairs.
    Hoa,
    /// TAG's group rule on the lookahead affinities: `floor(budget)` groups.
    TagGroups,
    /// The exact search on losses estimated from the lookahead affinities
    /// and the single-task networks (with the half-size ones).
    TagBudget,
    /// TAG's group rule on the gradient cosine similarities.
    CosineGroups,
    /// One network for all tasks.
    AllInOne,
    /// Independent single-task networks.
    Independent,
    /// The mean of random groupings on the test losses.
    Random,
    /// An all-task network trained with another multi-task weighting (a
    /// study's baseline; it is outside the searched networks, so its regret
    /// may be negative).
    Weighted(WeightingKind),
}

impl Estimator {
    /// The name in frames and JSON (`optimal`, `optimal_val`, `esa`, `hoa`,
    /// `tag_groups`, `tag_budget`, `cosine_groups`, `all_in_one`,
    /// `independent`, `random`, or a weighting's name).
    pub fn name(self) -> &'static str {
        match self {
            Estimator::Optimal => "optimal",
            Estimator::OptimalVal => "optimal_val",
            Estimator::Esa => "esa",
            Estimator::Hoa => "hoa",
            Estimator::TagGroups => "tag_groups",
            Estimator::TagBudget => "tag_budget",
            Estimator::CosineGroups => "cosine_groups",
            Estimator::AllInOne => "all_in_one",
            Estimator::Independent => "independent",
            Estimator::Random => "random",
            Estimator::Weighted(kind) => kind.name(),
        }
    }

    /// The legend name in figures.
    pub fn label(self) -> &'static str {
        match self {
            Estimator::Optimal => "Optimal (test)",
            Estimator::OptimalVal => "Optimal (validation)",
            Estimator::Esa => "ESA",
            Estimator::Hoa => "HOA",
            Estimator::TagGroups => "TAG groups",
            Estimator::TagBudget => "TAG budgeted",
            Estimator::CosineGroups => "Cosine groups",
            Estimator::AllInOne => "All-in-one",
            Estimator::Independent => "Independent",
            Estimator::Random => "Random",
            Estimator::Weighted(kind) => kind.label(),
        }
    }
}

impl fmt::Display for Estimator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
