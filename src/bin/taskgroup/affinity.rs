//! `taskgroup affinity`: task affinities from one training run. Trains one
//! network carrying every given task (the plain sum of the task losses) on
//! the dataset's training split, validating on its validation split, with
//! the one-run estimators measuring before every `--every`-th step
//! (`taskgroup::estimate`); writes `--out` (the run directory `run/`,
//! `affinity.json`, its frames as CSV and parquet) and prints the matrices
//! (or, with `--json`, `{"tasks", "methods", "steps"}`). A killed run
//! resumes from its last epoch when given the same `--out`.

use crate::train_options::TrainOptions;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use taskgroup::estimate::{
    estimate_on_data, wide_frame, AffinityMethod, EstimateOptions, Matrix, DEFAULT_EVERY,
};
use taskgroup::model::Arch;
use taskgroup::study::{StudyConfig, StudyLoading};
use taskgroup::tasks::{Task, TaskSet};
use taskgroup::train::{Phase, TrainConfig};

/// Arguments of `taskgroup affinity`.
#[derive(clap::Args)]
pub struct Args {
    /// The dataset: a manifest JSON or a folder holding manifest.json.
    #[arg(long)]
    data: PathBuf,
    /// Where the dataset's files are, when not the manifest's `root` field (or its folder).
    #[arg(long)]
    root: Option<PathBuf>,
    /// The network's tasks as letters, in column order (e.g. sdnkt).
    #[arg(long, default_value_t = StudyConfig::default().task_letters())]
    tasks: String,
    /// Architecture (xception17, xception, tiny, or a half variant).
    #[arg(long, default_value_t = StudyConfig::default().arch)]
    arch: Arch,
    /// The output folder (created, or resumed).
    #[arg(long)]
    out: PathBuf,
    /// Show only this method's matrix: tag or cosine [default: both]. Both
    /// are always measured and saved.
    #[arg(long)]
    method: Option<AffinityMethod>,
    /// Measure before every this many training steps (the first included).
    #[arg(long, default_value_t = DEFAULT_EVERY)]
    every: usize,
    /// TAG's lookahead takes the optimiser's momentum step (default: the
    /// plain SGD step of the TAG paper).
    #[arg(long)]
    lookahead_momentum: bool,
    /// Divide TAG's affinity by the learning rate (as TAG's reference code does).
    #[arg(long)]
    divide_by_lr: bool,
    #[command(flatten)]
    train: TrainOptions,
    /// Use at most this many training images.
    #[arg(long)]
    train_limit: Option<usize>,
    /// Use at most this many validation images.
    #[arg(long)]
    eval_limit: Option<usize>,
    /// Drop unreadable samples (counted) instead of failing.
    #[arg(long)]
    skip_bad: bool,
    /// Print `{"tasks": [...], "methods": {"tag": M, "cosine": M}, "steps": N}`
    /// (M[i][j]: the effect of task i on task j) instead of tables.
    #[arg(long)]
    json: bool,
}

/// What `--json` prints, in this key order.
#[derive(Serialize)]
struct JsonOut<'a> {
    tasks: &'a [Task],
    methods: &'a BTreeMap<AffinityMethod, Matrix>,
    steps: u64,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let tasks = TaskSet::from_letters(&args.tasks)?;
    let config = TrainConfig {
        arch: args.arch,
        tasks,
        settings: args.train.settings(),
    }
    .check()?;
    let options = EstimateOptions {
        every: args.every,
        momentum: args.lookahead_momentum,
        divide_by_lr: args.divide_by_lr,
    }
    .check()?;
    let loading = StudyLoading {
        skip_bad: args.skip_bad,
        train_limit: args.train_limit,
        eval_limit: args.eval_limit,
        ..StudyLoading::default()
    };
    let result = estimate_on_data(
        &args.data,
        args.root.as_deref(),
        &loading,
        config,
        options,
        &args.out,
        &mut |p| {
            if p.phase == Phase::Train && p.batch == p.batches {
                eprintln!(
                    "epoch {}/{}: train loss {:.4} ({:.1} s)",
                    p.epoch,
                    p.max_epochs,
                    p.loss,
                    p.elapsed.as_secs_f64()
                );
            }
        },
    )?;
    if args.json {
        let out = JsonOut {
            tasks: &result.tasks,
            methods: &result.methods,
            steps: result.steps,
        };
        println!("{}", serde_json::to_string(&out)?);
        return Ok(());
    }
    let c = &result.cost;
    println!(
        "{}: {} measured steps of {} ({} epochs, {} images) in {:.1} s, {:.1} s of them measuring",
        args.out.display(),
        result.steps,
        c.training_steps,
        c.epochs,
        c.training_images,
        c.seconds,
        c.measure_seconds
    );
    for method in AffinityMethod::ALL {
        if args.method.is_none_or(|m| m == method) {
            println!("{method} (row: source task, column: target task)");
            println!("{}", wide_frame(&result, method)?);
        }
    }
    Ok(())
}
