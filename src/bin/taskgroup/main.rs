//! The `taskgroup` command line. Each subcommand lives in its own file and
//! only calls the library (`bench` calls the training benchmark's harness,
//! `benches/train/harness.rs`).
//!
//! This source builds two binaries: `taskgroup-torch` (this package, with
//! libtorch: every command) and `taskgroup` (the `lean/` package, the library
//! without its `torch` feature: the commands that need no training start in
//! milliseconds, and `demo`, `affinity`, `bench` and the training of `study` are handed to the
//! `taskgroup-torch` beside it, see `forward.rs`).

use clap::{Parser, Subcommand};

#[cfg(feature = "torch")]
mod affinity;
#[cfg(feature = "torch")]
mod bench;
mod compare;
mod data;
#[cfg(feature = "torch")]
mod demo;
#[cfg(not(feature = "torch"))]
mod forward;
mod model;
mod pack;
mod report;
mod select;
mod study;
mod synth;
mod tasks;
mod train_options;

#[cfg(feature = "torch")]
use {affinity::Args as AffinityArgs, bench::Args as BenchArgs, demo::Args as DemoArgs};
#[cfg(not(feature = "torch"))]
use {forward::Args as AffinityArgs, forward::Args as BenchArgs, forward::Args as DemoArgs};

/// The file name of the libtorch build of this command line.
const TORCH_BINARY: &str = "taskgroup-torch";

/// Which tasks should be learned together? (Standley et al., ICML 2020)
#[derive(Parser)]
#[command(name = "taskgroup", bin_name = "taskgroup", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The main job: synthetic data, the all-subsets study, affinities, selections, a report.
    Demo(DemoArgs),
    /// List the task catalog (letters, domains, channels, losses).
    Tasks(tasks::Args),
    /// Taskonomy data: fetch archives, check a dataset, generate manifests.
    Data(data::Args),
    /// Choose networks to deploy under inference budgets (optimal, ESA, HOA, baselines).
    Select(select::Args),
    /// A report folder (figures, tables, summary) from a long loss file of your own.
    Report(report::Args),
    /// Train every task subset (and half-size singles) into a resumable results store.
    Study(Box<study::Args>),
    /// Task affinities from one training run (TAG lookahead, gradient cosine).
    Affinity(Box<AffinityArgs>),
    /// Score every estimator's choice on a full study against its test losses (regret, cost).
    Compare(compare::Args),
    /// Parameters and MACs of the paper's networks.
    Model(model::Args),
    /// Benchmarks (training throughput, Rust vs PyTorch).
    Bench(BenchArgs),
}

/// Runs the command; an error is printed as one line with each cause once
/// (anyhow's `Debug` would repeat the causes our errors already name).
fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("Error: {}", taskgroup::error_text::chain(error.as_ref()));
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    match Cli::parse().command {
        #[cfg(feature = "torch")]
        Command::Demo(args) => demo::run(args),
        Command::Study(args) => study::run(*args),
        #[cfg(feature = "torch")]
        Command::Bench(args) => bench::run(args),
        #[cfg(feature = "torch")]
        Command::Affinity(args) => affinity::run(*args),
        #[cfg(not(feature = "torch"))]
        Command::Demo(_) | Command::Bench(_) | Command::Affinity(_) => forward::exec_torch(),
        Command::Tasks(args) => tasks::run(args),
        Command::Data(args) => data::run(args),
        Command::Select(args) => select::run(args),
        Command::Report(args) => report::run(args),
        Command::Model(args) => model::run(args),
        Command::Compare(args) => compare::run(args),
    }
}
