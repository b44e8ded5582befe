//! Training throughput, Rust (tch) vs PyTorch eager: `cargo bench --bench
//! train` runs every case with its defaults (as `taskgroup bench all`);
//! `cargo bench --bench train -- train --cases tiny:64 ...` takes the flags
//! of `taskgroup bench train`. The harness is `harness.rs`; results are in
//! `docs/benchmarks-train.md`.

mod harness;

use clap::Parser;

/// The benchmark's command line: the subcommands of `taskgroup bench`.
#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    args: harness::Args,
}

fn main() -> anyhow::Result<()> {
    // cargo passes `--bench`; the harness runs its Rust child as
    // `<program> bench train-case ...`, like the CLI's.
    let mut args: Vec<String> = std::env::args().filter(|a| a != "--bench").collect();
    if args.get(1).map(String::as_str) == Some("bench") {
        args.remove(1);
    }
    if args.len() == 1 {
        args.push("all".into());
    }
    harness::run(Cli::parse_from(args).args)
}
