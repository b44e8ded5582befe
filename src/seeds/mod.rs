//! Results across a study's seed replicates (`taskgroup study --seeds N`,
//! [`crate::study::StudyConfig::seeds`]): each replicate's tables give a
//! report's curves and affinities ([`SeedResults`]); [`SeedSpread`] puts
//! every loss, affinity and curve point across the seeds as an
//! [`Interval`] (mean and 95% Student-t interval), with each method's paired
//! gap to the optimal choice and how often the optimal selection changes
//! from seed to seed; [`RegretSpread`] does the same for the estimator
//! comparison (`regret.rs`: each seed's regret against its own optimal
//! choice); `frame.rs` gives each as a polars frame and `table.rs` the gaps
//! as a text table.
//!
//! Data flow: `Store::seed_tables` -> one report per replicate
//! (`crate::report`) -> [`SeedResults`] -> [`SeedSpread`] -> frames, the
//! curves' error bars and the heatmap's marks (`crate::plot`).

mod error;
mod frame;
mod interval;
mod regret;
mod spread;
mod table;

pub use error::SeedsError;
pub use frame::{
    AFFINITY_STEM, CURVES_STEM, HIGH, LOSSES_STEM, LOW, MEAN, REGRET_STEM, SEEDS, SELECTIONS_STEM,
};
pub use interval::{Interval, LEVEL};
pub use regret::{MeanRegret, RegretCell, RegretSpread};
pub use spread::{
    AffinitySpread, CurveSpread, LossSpread, SeedResults, SeedSpread, SelectionChange,
};
