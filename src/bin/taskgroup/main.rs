//! The `taskgroup` command line. Each subcommand lives in its own file and
//! only calls the library (`bench` calls the training benchmark's harness,
//! `benches/train/harness.rs`).

use clap::{Parser, Subcommand};

#[cfg(feature = "torch")]
mod bench;
mod data;
#[cfg(feature = "torch")]
mod demo;
mod model;
mod pack;
mod select;
#[cfg(feature = "torch")]
mod study;
mod synth;
mod tasks;

/// Which tasks should be learned together? (Standley et al., ICML 2020)
#[derive(Parser)]
#[command(name = "taskgroup", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The main job: synthetic data, the all-subsets study, affinities, selections, a report.
    #[cfg(feature = "torch")]
    Demo(demo::Args),
    /// List the task catalog (letters, domains, channels, losses).
    Tasks(tasks::Args),
    /// Taskonomy data: fetch archives, check a dataset, generate manifests.
    Data(data::Args),
    /// Choose networks to deploy under inference budgets (optimal, ESA, HOA, baselines).
    Select(select::Args),
    /// Train every task subset (and half-size singles) into a resumable results store.
    #[cfg(feature = "torch")]
    Study(study::Args),
    /// Parameters and MACs of the paper's networks.
    Model(model::Args),
    /// Benchmarks (training throughput, Rust vs PyTorch).
    #[cfg(feature = "torch")]
    Bench(bench::Args),
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        #[cfg(feature = "torch")]
        Command::Demo(args) => demo::run(args),
        Command::Tasks(args) => tasks::run(args),
        Command::Data(args) => data::run(args),
        Command::Select(args) => select::run(args),
        #[cfg(feature = "torch")]
        Command::Study(args) => study::run(args),
        Command::Model(args) => model::run(args),
        #[cfg(feature = "torch")]
        Command::Bench(args) => bench::run(args),
    }
}
