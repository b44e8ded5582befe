//! `taskgroup bench weighting`: what each multi-task weighting method
//! (`train::Weighting`) costs per training step against the plain sum, on
//! the Rust side (the library's `TrainStep`, each measurement a
//! `bench train-case --weighting ...` child process like `bench train`'s),
//! methods alternating within each of `--repeats` rounds. The methods' extra
//! work: GradNorm and MGDA-UB one backward per task through its decoder,
//! PCGrad one per task through the whole network (see `src/train/weighting/`).

use super::{alternating, cost_row, device_name, parse_case, rust_child, CaseArgs, Timing};
use taskgroup::train::Weighting;

/// Arguments of `taskgroup bench weighting`: the timing flags of `bench
/// train` (`--amp` refused: the weighted steps run in f32), its network
/// with five tasks by default.
#[derive(clap::Args, Clone)]
#[command(mut_arg("tasks", |a| a.default_value("sdnkt")))]
pub(super) struct WeightingArgs {
    /// Cases as arch:size, comma-separated.
    #[arg(long, default_value = "tiny:64", value_delimiter = ',')]
    cases: Vec<String>,
    /// Batch sizes, comma-separated.
    #[arg(long, default_value = "16", value_delimiter = ',')]
    batches: Vec<i64>,
    /// Methods, comma-separated (the first is the reference, normally sum).
    #[arg(
        long,
        default_value = "sum,gradnorm,mgda,uncertainty,pcgrad",
        value_delimiter = ','
    )]
    methods: Vec<Weighting>,
    #[command(flatten)]
    timing: Timing,
    /// Measurements per method and row.
    #[arg(long, default_value_t = 3)]
    repeats: usize,
}

/// Prints the table: per case and method, images/s, ms per step and the
/// step's cost relative to the first method's.
pub(super) fn run(a: WeightingArgs) -> anyhow::Result<()> {
    anyhow::ensure!(a.repeats > 0, "--repeats must be at least 1");
    let timing = a.timing;
    anyhow::ensure!(
        timing.tasks.len() >= 2,
        "--tasks {}: the weighting methods need at least two tasks",
        timing.tasks.letters()
    );
    anyhow::ensure!(!a.methods.is_empty(), "--methods names no method");
    anyhow::ensure!(!timing.amp, "--amp: the weighted steps run in f32");
    let device = device_name(timing.device.resolve()?);
    println!(
        "cost of a training step per weighting method, tasks {}, {} timed steps after {} warm-up, \
         median (min-max) of {} runs per method (methods alternating), f32",
        timing.tasks.letters(),
        timing.steps,
        timing.warmup,
        a.repeats
    );
    println!();
    println!("| network | input | batch | device | method | Rust tch (img/s) | ms per step | step cost / {} |", a.methods[0].name());
    println!("|---|---|---|---|---|---|---|---|");
    for case in &a.cases {
        let (arch, size) = parse_case(case)?;
        for &batch in &a.batches {
            let medians = alternating(&a.methods, a.repeats, |m| {
                let c = CaseArgs {
                    arch,
                    size,
                    batch,
                    timing: timing.clone(),
                    weighting: *m,
                    measure_every: None,
                };
                Ok(rust_child(&c)?.0)
            })?;
            for (m, cell) in a.methods.iter().zip(&medians) {
                let case = (arch, size, batch, device);
                println!("{}", cost_row(case, m.name(), *cell, medians[0].0));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_defaults_are_five_tasks_and_every_method() {
        let a = <super::super::DefaultWeighting as clap::Parser>::parse_from(["bench"]).args;
        assert_eq!(a.timing.tasks.letters(), "sdnkt");
        assert_eq!(a.methods.len(), 5);
        assert_eq!((a.timing.steps, a.repeats), (3, 3));
    }
}
