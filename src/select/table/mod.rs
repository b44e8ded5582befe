//! [`LossTable`]: the candidate networks with their per-task losses, costs
//! and whether the losses were measured or estimated. Every method of
//! `LossTable` is in this folder, by kind:
//!
//! - `access.rs`: the type and its accessors (columns, networks, lookups,
//!   network names, the value of a set of networks);
//! - `build.rs`: the constructors and conversions (validated networks, long
//!   rows, the long loss frame, the paper's TSV) and their validation;
//! - `search.rs`: the searches (the exact [`optimal`](LossTable::optimal)
//!   search and the higher-order approximation [`hoa`](LossTable::hoa));
//! - `baselines.rs`: the baselines (all-in-one, independent, random draws);
//! - `estimate.rs`: every group's losses estimated from an affinity matrix
//!   ([`from_affinities`](LossTable::from_affinities));
//! - `network.rs`: [`Network`], one candidate.
//!
//! The algorithms behind the methods live beside this folder (`select/search.rs`,
//! `select/hoa.rs`, `select/random.rs`, and the formats `select/long.rs`,
//! `select/frame.rs`, `select/tsv.rs`).

mod access;
mod baselines;
mod build;
mod estimate;
mod network;
mod search;

pub use access::LossTable;
pub(crate) use build::check_columns;
pub use network::Network;
pub(crate) use network::COST_EPS;
