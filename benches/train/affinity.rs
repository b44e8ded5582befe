//! `taskgroup bench affinity`: what measuring task affinities from the
//! training run (`taskgroup::estimate`: TAG's lookahead and the gradient
//! cosine, through the trainer's `AffinityHook`) costs per training step,
//! measuring before every 1st, 10th, 100th step against not measuring, on
//! the Rust side (each measurement a `bench train-case --measure-every K`
//! child process like `bench train`'s, the same network and batch, rows
//! alternating within each of `--repeats` rounds). A measured step costs one
//! forward and backward pass per task plus one forward pass per task on top
//! of the step; a case with `--measure-every K` times a multiple of K steps
//! (at least `--steps`), so that its measured share is exactly 1/K.

use super::{alternating, cost_row, device_name, parse_case, rust_child, CaseArgs, Timing};
use taskgroup::train::Weighting;

/// Arguments of `taskgroup bench affinity`: the timing flags of `bench
/// train` (`--amp` refused: the estimators' passes run in f32 here), its
/// network with five tasks by default.
#[derive(clap::Args, Clone)]
#[command(mut_arg("tasks", |a| a.default_value("sdnkt")))]
pub(super) struct AffinityArgs {
    /// Cases as arch:size, comma-separated.
    #[arg(long, default_value = "tiny:64", value_delimiter = ',')]
    cases: Vec<String>,
    /// Batch sizes, comma-separated.
    #[arg(long, default_value = "16", value_delimiter = ',')]
    batches: Vec<i64>,
    /// Measure every K-th step, for each K (comma-separated); the table's
    /// first row never measures.
    #[arg(long, default_value = "100,10,1", value_delimiter = ',')]
    every: Vec<usize>,
    #[command(flatten)]
    timing: Timing,
    /// Measurements per row.
    #[arg(long, default_value_t = 3)]
    repeats: usize,
}

/// Prints the table: per case and measuring interval, ms per training
/// step and its cost relative to training without the estimators.
pub(super) fn run(a: AffinityArgs) -> anyhow::Result<()> {
    anyhow::ensure!(a.repeats > 0, "--repeats must be at least 1");
    anyhow::ensure!(
        a.every.iter().all(|k| *k > 0),
        "--every: each interval must be at least 1"
    );
    let timing = a.timing;
    anyhow::ensure!(!timing.amp, "--amp: the estimators are timed in f32");
    let device = device_name(timing.device.resolve()?);
    println!(
        "cost of a training step with the one-run affinity estimators (TAG lookahead and gradient \
         cosine) measured every K steps, tasks {}, at least {} timed steps after {} warm-up, \
         median (min-max) of {} runs per row (rows alternating), f32",
        timing.tasks.letters(),
        timing.steps,
        timing.warmup,
        a.repeats
    );
    println!();
    println!("| network | input | batch | device | measured | Rust tch (img/s) | ms per step | step cost / none |");
    println!("|---|---|---|---|---|---|---|---|");
    let rows: Vec<Option<usize>> = std::iter::once(None)
        .chain(a.every.iter().copied().map(Some))
        .collect();
    for case in &a.cases {
        let (arch, size) = parse_case(case)?;
        for &batch in &a.batches {
            let medians = alternating(&rows, a.repeats, |every| {
                let c = CaseArgs {
                    arch,
                    size,
                    batch,
                    timing: timing.clone(),
                    weighting: Weighting::Sum,
                    measure_every: *every,
                };
                Ok(rust_child(&c)?.0)
            })?;
            for (every, m) in rows.iter().zip(&medians) {
                let label = every.map_or_else(|| "never".to_string(), |k| format!("every {k}"));
                let case = (arch, size, batch, device);
                println!("{}", cost_row(case, &label, *m, medians[0].0));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_defaults_are_five_tasks_and_three_intervals() {
        let a = <super::super::DefaultAffinity as clap::Parser>::parse_from(["bench"]).args;
        assert_eq!(a.timing.tasks.letters(), "sdnkt");
        assert_eq!(a.every, [100, 10, 1]);
        assert_eq!((a.timing.steps, a.repeats), (3, 3));
    }
}
