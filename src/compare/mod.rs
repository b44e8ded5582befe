//! Cheap answers measured against the full study: every estimator's choice
//! of networks at every budget, scored with the study's test losses.
//!
//! Given a study store with every subset trained (the ground truth) and,
//! optionally, affinities from one training run ([`EstimatorRun`]: TAG's
//! lookahead and the gradient cosine), [`Comparison::compute`] chooses with
//! each [`Estimator`] and reports per budget the chosen networks, their
//! true test total, the regret against the best choice on the test losses
//! (absolute and relative; never negative for the estimators that choose
//! among the study's networks) and what the estimator needed trained
//! ([`EstimatorCost`], from the training records). It also correlates each
//! source of pairwise scores with the test pair affinities ([`Agreement`]:
//! Pearson and Spearman with p-values).
//!
//! | estimator | chooses on | cost |
//! |---|---|---|
//! | `optimal` | test losses (the ground truth) | every network |
//! | `optimal_val`, `esa`, `hoa` | validation / early-stopped / pair-estimated losses | every network / every network to its ESA epoch (seconds pro rata) / singles and pairs |
//! | `tag_groups`, `cosine_groups` | TAG's group rule ([`crate::select::group_by_affinity`]), `floor(budget)` full-size groups | the one run |
//! | `tag_budget` | the exact search on losses estimated from the lookahead ([`crate::select::LossTable::from_affinities`]) | the run and the singles |
//! | `all_in_one`, `independent` | the baselines | their networks |
//! | `random` | the mean of random draws on test | nothing |
//! | weighted baselines | a study's all-task networks of other weightings | that network |
//!
//! Files: `estimator.rs` names the estimators, `cost.rs` sums the costs,
//! `comparison.rs` computes, `ranks.rs` the agreements, `frame.rs` the
//! frames, JSON and files, `inputs.rs` reads the inputs from a store and
//! an affinity result ([`Comparison::of_store`]; one per seed replicate:
//! [`Comparison::of_store_seeds`], put across the seeds by
//! [`crate::seeds::RegretSpread`]), `table.rs` prints it
//! ([`Comparison::regret_table`]).

mod comparison;
mod cost;
mod error;
mod estimator;
mod frame;
mod inputs;
mod ranks;
mod table;

pub use comparison::{CompareInputs, Comparison, ComparisonRow, EstimatorRun};
pub use cost::EstimatorCost;
pub use error::CompareError;
pub use estimator::Estimator;
pub use frame::{AGREEMENT_STEM, ROWS_STEM};
pub use ranks::{Agreement, ScoreSource};
