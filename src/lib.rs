//! # taskgroup
//!
//! Which tasks should be learned together? A Rust implementation of Standley
//! et al., "Which Tasks Should Be Learned Together in Multi-task Learning?"
//! (ICML 2020), built to be driven from Jupyter notebooks through evcxr.
//!
//! Modules follow the data: [`tasks`] (the catalog) -> `data` (Taskonomy
//! format, batches; [`synth`] renders a synthetic dataset in that format) ->
//! `model` (the paper's networks, inference) ->
//! `train` -> `study` (every task subset, a resumable results store) ->
//! [`losses`] (the loss seam: splits, network identities, the long loss
//! frame, what a study hands on) -> `select` (which networks to deploy under a budget) -> `analysis`
//! (affinities, statistics) -> `compare` (cheap estimators scored against a
//! full study) -> `plot` -> [`notebook`] (display glue).
//! [`estimate`] measures task affinities from one training run instead
//! (TAG's lookahead, gradient cosine similarity).
//! The training backend (tch/libtorch) sits behind the default `torch`
//! feature; everything else compiles without it.
#![warn(missing_docs)]

pub mod analysis;
pub mod compare;
pub mod data;
#[cfg(feature = "torch")]
pub mod demo;
pub mod device;
pub mod error_text;
pub mod estimate;
pub mod frame;
pub mod io;
pub mod losses;
pub mod model;
pub mod notebook;
pub mod plot;
pub mod prelude;
pub mod report;
pub mod seeds;
pub mod select;
pub mod stats;
pub mod study;
pub mod synth;
pub mod tasks;
pub mod train;
