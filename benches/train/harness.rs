//! `taskgroup bench train`: training images per second of the paper's
//! network (and the tiny preset), Rust (tch, through the library's
//! `TrainStep`) side by side with PyTorch eager (`benches/train_pytorch.py`,
//! the same architecture built from the widths passed here), in one table.
//!
//! Both sides run as child processes with the same environment, alternating
//! (Rust, PyTorch, Rust, ...) `--repeats` times per row; the table gives the
//! median and the range of each. Measuring the Rust side in this process
//! instead was unfair: libgomp reads `OMP_WAIT_POLICY` when libtorch loads,
//! and worker threads left spinning here slow a child down. The Rust child
//! is this same program run as `<program> bench train-case ...`.
//!
//! `taskgroup bench weighting` (`weighting.rs` beside this file) measures
//! the cost of the multi-task weighting methods per step with the same
//! Rust child, `taskgroup bench affinity` (`affinity.rs`) that of the
//! one-run affinity estimators.
//!
//! This file is the harness of `cargo bench --bench train` (`main.rs`
//! beside it) and is also compiled into the CLI, whose `taskgroup bench`
//! entry (`src/bin/taskgroup/bench.rs`) calls [`run`]. Scripts and the
//! virtual environment are found at run time under the project folder
//! (`$CARGO_MANIFEST_DIR` when cargo runs the program, else the current
//! folder).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use taskgroup::data::{Batch, Target};
use taskgroup::device::DeviceChoice;
use taskgroup::estimate::{AffinityHook, EstimateOptions};
use taskgroup::model::Arch;
use taskgroup::tasks::{Task, TaskSet};
use taskgroup::train::{StepHook, TrainConfig, TrainStep, Weighting};
use tch::{Device, Kind, Tensor};

#[path = "affinity.rs"]
mod affinity;
#[path = "weighting.rs"]
mod weighting;

/// Arguments of `taskgroup bench` (and of `cargo bench --bench train --`).
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Which,
}

#[derive(clap::Subcommand)]
enum Which {
    /// Training throughput, Rust vs PyTorch eager.
    Train(TrainArgs),
    /// The cost per step of each multi-task weighting method against the plain sum (Rust).
    Weighting(weighting::WeightingArgs),
    /// The cost per step of measuring task affinities during training (Rust).
    Affinity(affinity::AffinityArgs),
    /// Every benchmark with its defaults.
    All,
    /// One Rust measurement (run by `train` as a child process; prints JSON).
    #[command(hide = true)]
    TrainCase(CaseArgs),
}

/// How every measurement of a table runs (flags shared by `train`,
/// `train-case` and `benches/train_pytorch.py`).
#[derive(clap::Args, Clone)]
struct Timing {
    /// Task letters of the benchmarked network.
    #[arg(long, default_value = "s")]
    tasks: TaskSet,
    /// cpu or cuda.
    #[arg(long, default_value_t = DeviceChoice::Cpu)]
    device: DeviceChoice,
    /// Mixed precision (fp16 autocast with loss scaling; CUDA only).
    #[arg(long)]
    amp: bool,
    /// Timed steps per case (after the warm-up).
    #[arg(long, default_value_t = 3)]
    steps: usize,
    /// Untimed warm-up steps per case.
    #[arg(long, default_value_t = 1)]
    warmup: usize,
    /// Intra-op threads for both (default: libtorch's choice).
    #[arg(long)]
    threads: Option<i32>,
}

/// One measurement: the case and how to time it.
#[derive(clap::Args, Clone)]
struct CaseArgs {
    #[arg(long)]
    arch: Arch,
    #[arg(long)]
    size: usize,
    #[arg(long)]
    batch: i64,
    #[command(flatten)]
    timing: Timing,
    /// The multi-task weighting (Rust side only; `bench weighting`).
    #[arg(long, default_value = "sum")]
    weighting: Weighting,
    /// Measure task affinities before every K-th timed step (Rust side
    /// only; `bench affinity`).
    #[arg(long)]
    measure_every: Option<usize>,
}

#[derive(clap::Args, Clone)]
struct TrainArgs {
    /// Cases as arch:size, comma-separated.
    #[arg(long, default_value = "xception17:256,tiny:64", value_delimiter = ',')]
    cases: Vec<String>,
    /// Batch sizes, comma-separated.
    #[arg(long, default_value = "16,64", value_delimiter = ',')]
    batches: Vec<i64>,
    #[command(flatten)]
    timing: Timing,
    /// Measurements per side and row (alternating Rust and PyTorch).
    #[arg(long, default_value_t = 3)]
    repeats: usize,
    /// Python with torch (default: $TASKGROUP_PYTHON, else .venv/bin/python, else python3).
    #[arg(long)]
    python: Option<PathBuf>,
    /// Skip the PyTorch column.
    #[arg(long)]
    no_pytorch: bool,
}

/// `bench all`: the defaults of `bench train`, as parsed from no flags.
#[derive(clap::Parser)]
struct DefaultTrain {
    #[command(flatten)]
    args: TrainArgs,
}

/// `bench all`: the defaults of `bench weighting`.
#[derive(clap::Parser)]
struct DefaultWeighting {
    #[command(flatten)]
    args: weighting::WeightingArgs,
}

/// `bench all`: the defaults of `bench affinity`.
#[derive(clap::Parser)]
struct DefaultAffinity {
    #[command(flatten)]
    args: affinity::AffinityArgs,
}

/// Runs the benchmark `args` names, printing its table (or, for
/// `train-case`, one JSON line).
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.command {
        Which::Train(a) => train(a),
        Which::Weighting(a) => weighting::run(a),
        Which::Affinity(a) => affinity::run(a),
        Which::All => {
            use clap::Parser;
            train(DefaultTrain::parse_from(["bench"]).args)?;
            println!();
            weighting::run(DefaultWeighting::parse_from(["bench"]).args)?;
            println!();
            affinity::run(DefaultAffinity::parse_from(["bench"]).args)
        }
        Which::TrainCase(c) => {
            let (ips, params) = rust_case(&c)?;
            println!(
                "{}",
                serde_json::json!({"images_per_s": ips, "params": params})
            );
            Ok(())
        }
    }
}

/// A random batch with targets for `tasks` on `device`.
fn random_batch(tasks: TaskSet, b: i64, size: i64, device: Device) -> Batch {
    let opts = (Kind::Float, device);
    let targets: BTreeMap<Task, Target> = tasks
        .iter()
        .map(|t| {
            let value = match t {
                Task::SegmentSemantic => {
                    Tensor::randint_low(0, t.channels(), [b, size, size], (Kind::Int64, device))
                }
                _ => Tensor::rand([b, t.channels(), size, size], opts),
            };
            (
                t,
                Target {
                    value,
                    mask: t
                        .uses_mask()
                        .then(|| Tensor::ones([b, 1, size, size], opts)),
                },
            )
        })
        .collect();
    Batch {
        input: Tensor::rand([b, 3, size, size], opts),
        targets,
    }
}

fn sync(device: Device) {
    if let Device::Cuda(i) = device {
        tch::Cuda::synchronize(i as i64);
    }
}

/// Rust images/s for one case, measured in this process.
fn rust_case(c: &CaseArgs) -> anyhow::Result<(f64, u64)> {
    if let Some(t) = c.timing.threads {
        tch::set_num_threads(t);
    }
    let cfg = TrainConfig::default()
        .with_arch(c.arch)
        .with_tasks(c.timing.tasks)
        .with_size(c.size)
        .with_batch_size(c.batch as usize)
        .with_device(c.timing.device)
        .with_mixed_precision(c.timing.amp)
        .with_shift_tolerance(false)
        .with_weighting(c.weighting);
    let mut ts = TrainStep::new(&cfg.check()?)?;
    let data = random_batch(c.timing.tasks, c.batch, c.size as i64, ts.device());
    for _ in 0..c.timing.warmup {
        ts.step(&data)?;
    }
    // Measuring every K-th step: a multiple of K steps, from a measured one.
    let (mut hook, steps) = match c.measure_every {
        Some(every) => {
            let options = EstimateOptions {
                every,
                ..EstimateOptions::default()
            }
            .check()?;
            let hook = AffinityHook::new(c.timing.tasks.iter().collect(), options);
            (Some(hook), c.timing.steps.max(1).div_ceil(every) * every)
        }
        None => (None, c.timing.steps),
    };
    sync(ts.device());
    let start = Instant::now();
    for _ in 0..steps {
        if let Some(hook) = &mut hook {
            hook.before_step(&mut ts, &data, 1)?;
        }
        ts.step(&data)?;
    }
    sync(ts.device());
    Ok((
        (c.batch as usize * steps) as f64 / start.elapsed().as_secs_f64(),
        ts.net.num_params(),
    ))
}

/// Runs a measuring child process and reads its JSON line.
fn measure(cmd: &mut Command, what: &str) -> anyhow::Result<(f64, u64)> {
    let out = cmd
        .output()
        .map_err(|e| anyhow::anyhow!("running {what}: {e}"))?;
    anyhow::ensure!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(line.trim().lines().last().unwrap_or(""))
        .map_err(|e| anyhow::anyhow!("{what} printed {line:?}: {e}"))?;
    let ips = v["images_per_s"]
        .as_f64()
        .ok_or_else(|| anyhow::anyhow!("no images_per_s in {v}"))?;
    Ok((ips, v["params"].as_u64().unwrap_or(0)))
}

impl CaseArgs {
    /// The flags both measuring programs take alike.
    fn shared_flags(&self) -> Vec<String> {
        let t = &self.timing;
        let mut flags: Vec<String> = [
            ("--tasks", t.tasks.letters()),
            ("--size", self.size.to_string()),
            ("--batch", self.batch.to_string()),
            ("--device", t.device.to_string()),
            ("--steps", t.steps.to_string()),
            ("--warmup", t.warmup.to_string()),
        ]
        .into_iter()
        .flat_map(|(k, v)| [k.to_string(), v])
        .collect();
        if t.amp {
            flags.push("--amp".into());
        }
        if let Some(t) = t.threads {
            flags.extend(["--threads".into(), t.to_string()]);
        }
        flags
    }
}

/// The Rust side of one case, in a child process (`bench train-case`).
fn rust_child(c: &CaseArgs) -> anyhow::Result<(f64, u64)> {
    let mut cmd = Command::new(std::env::current_exe()?);
    cmd.args(["bench", "train-case", "--arch", c.arch.name()])
        .args(c.shared_flags());
    // `bench weighting` takes methods by name (GradNorm with its default alpha).
    if !c.weighting.is_sum() {
        cmd.args(["--weighting", c.weighting.name()]);
    }
    if let Some(every) = c.measure_every {
        cmd.args(["--measure-every", &every.to_string()]);
    }
    measure(&mut cmd, "the Rust measurement (bench train-case)")
}

/// The PyTorch side of one case (benches/train_pytorch.py).
fn pytorch_child(c: &CaseArgs, python: &Path) -> anyhow::Result<(f64, u64)> {
    let family = format!("{:?}", c.arch.family());
    let widths = c
        .arch
        .widths()
        .to_vec()
        .iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let script = project_dir().join("benches/train_pytorch.py");
    let mut cmd = Command::new(python);
    cmd.arg(&script)
        .args(["--family", &family, "--widths", &widths])
        .args(c.shared_flags());
    measure(&mut cmd, &script.display().to_string())
}

/// The project folder, found at run time: `$CARGO_MANIFEST_DIR` when cargo
/// runs the program (`cargo run`, `cargo bench`), else the current folder.
fn project_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// A case `arch:size` of `--cases`.
fn parse_case(case: &str) -> anyhow::Result<(Arch, usize)> {
    let (arch, size) = case
        .split_once(':')
        .ok_or_else(|| anyhow::anyhow!("case {case:?} is not arch:size"))?;
    Ok((arch.parse()?, size.parse()?))
}

/// `cuda` or `cpu`, for the tables.
fn device_name(device: Device) -> &'static str {
    match device {
        Device::Cuda(_) => "cuda",
        _ => "cpu",
    }
}

/// Runs `measure` (images/s) on every row, the rows alternating within
/// each of `repeats` rounds; each row's median and range ([`summary`]).
fn alternating<R>(
    rows: &[R],
    repeats: usize,
    mut measure: impl FnMut(&R) -> anyhow::Result<f64>,
) -> anyhow::Result<Vec<(f64, f64, f64)>> {
    let mut runs = vec![Vec::new(); rows.len()];
    for _ in 0..repeats {
        for (row, runs) in rows.iter().zip(&mut runs) {
            runs.push(measure(row)?);
        }
    }
    Ok(runs.iter_mut().map(|r| summary(r)).collect())
}

/// Median and range of some measurements.
/// One row of the cost tables (`bench weighting`, `bench affinity`): the
/// case, the variant's label, its images/s (median and range), ms per step
/// and its step cost over `base` images/s (the plain variant's).
fn cost_row(
    (arch, size, batch, device): (Arch, usize, i64, &str),
    label: &str,
    (ips, lo, hi): (f64, f64, f64),
    base: f64,
) -> String {
    format!(
        "| {arch} | {size}x{size} | {batch} | {device} | {label} | {ips:.2} ({lo:.2}-{hi:.2}) | {:.1} | {:.2} |",
        1000.0 * batch as f64 / ips,
        base / ips
    )
}

fn summary(v: &mut [f64]) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    (median, v[0], v[n - 1])
}

fn train(a: TrainArgs) -> anyhow::Result<()> {
    anyhow::ensure!(a.repeats > 0, "--repeats must be at least 1");
    let device = a.timing.device.resolve()?;
    let device_name = device_name(device);
    let precision = if a.timing.amp && device.is_cuda() {
        "fp16 autocast"
    } else {
        "f32"
    };
    let python = a
        .python
        .clone()
        .or_else(|| std::env::var_os("TASKGROUP_PYTHON").map(PathBuf::from))
        .unwrap_or_else(|| {
            let venv = project_dir().join(".venv/bin/python");
            if venv.exists() {
                venv
            } else {
                PathBuf::from("python3")
            }
        });
    println!(
        "training throughput, tasks {}, {} timed steps after {} warm-up, {} intra-op threads, \
         median (min-max) of {} alternating runs per side, OMP_WAIT_POLICY={}",
        a.timing.tasks.letters(),
        a.timing.steps,
        a.timing.warmup,
        a.timing.threads.map_or_else(
            || format!("default ({})", tch::get_num_threads()),
            |t| t.to_string()
        ),
        a.repeats,
        std::env::var("OMP_WAIT_POLICY").unwrap_or_else(|_| "unset".into()),
    );
    println!();
    println!("| network | input | batch | device | precision | Rust tch (img/s) | PyTorch eager (img/s) | Rust / PyTorch |");
    println!("|---|---|---|---|---|---|---|---|");
    for case in &a.cases {
        let (arch, size) = parse_case(case)?;
        for &batch in &a.batches {
            let c = CaseArgs {
                arch,
                size,
                batch,
                timing: a.timing.clone(),
                weighting: Weighting::Sum,
                measure_every: None,
            };
            let (mut rust, mut torch, mut params) = (Vec::new(), Vec::new(), 0);
            for _ in 0..a.repeats {
                let (ips, p) = rust_child(&c)?;
                rust.push(ips);
                params = p;
                if !a.no_pytorch {
                    let (ips, py_params) = pytorch_child(&c, &python)?;
                    anyhow::ensure!(py_params == params, "PyTorch network has {py_params} parameters, Rust {params}: not the same architecture");
                    torch.push(ips);
                }
            }
            let (r, rmin, rmax) = summary(&mut rust);
            let (torch, ratio) = if a.no_pytorch {
                ("-".to_string(), "-".to_string())
            } else {
                let (t, tmin, tmax) = summary(&mut torch);
                (
                    format!("{t:.2} ({tmin:.2}-{tmax:.2})"),
                    format!("{:.2}", r / t),
                )
            };
            println!("| {arch} ({params} params) | {size}x{size} | {batch} | {device_name} | {precision} | {r:.2} ({rmin:.2}-{rmax:.2}) | {torch} | {ratio} |");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    // No `use` lines: the bench target compiles this module with cfg(test)
    // but without the test harness, where they would be unused.
    #[test]
    fn bench_all_runs_the_documented_defaults() {
        let a = <super::DefaultTrain as clap::Parser>::parse_from(["bench"]).args;
        assert_eq!(a.cases, ["xception17:256", "tiny:64"]);
        assert_eq!(a.batches, [16, 64]);
        assert_eq!((a.timing.steps, a.timing.warmup, a.repeats), (3, 1, 3));
        assert_eq!(a.timing.tasks.letters(), "s");
    }

    #[test]
    fn both_measuring_programs_get_the_same_flags() {
        let c = super::CaseArgs {
            arch: taskgroup::model::Arch::Tiny,
            size: 64,
            batch: 16,
            weighting: taskgroup::train::Weighting::Sum,
            measure_every: None,
            timing: <super::DefaultTrain as clap::Parser>::parse_from([
                "bench",
                "--amp",
                "--threads",
                "2",
            ])
            .args
            .timing,
        };
        assert_eq!(
            c.shared_flags().join(" "),
            "--tasks s --size 64 --batch 16 --device cpu --steps 3 --warmup 1 --amp --threads 2"
        );
    }
}
