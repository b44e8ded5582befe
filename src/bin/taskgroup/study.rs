//! `taskgroup study`: train every task subset (plus half-size singles) into a store.

use std::path::PathBuf;
use taskgroup::device::DeviceChoice;
use taskgroup::model::Arch;
use taskgroup::study::{ProgressMode, Store, StudyConfig, StudyLoading};
use taskgroup::tasks::Task;
use taskgroup::train::TrainSettings;

/// Arguments of `taskgroup study`.
#[derive(clap::Args)]
pub struct Args {
    /// The dataset: a manifest JSON or a folder holding manifest.json.
    #[arg(long)]
    data: PathBuf,
    /// Where the dataset's files are, when not the manifest's `root` field (or its folder).
    #[arg(long)]
    root: Option<PathBuf>,
    /// The study's tasks as letters, in column order (e.g. sdnkt).
    #[arg(long, default_value_t = StudyConfig::default().task_letters())]
    tasks: String,
    /// Full-size architecture (xception17, xception, tiny); half-size networks use its half variant.
    #[arg(long, default_value_t = StudyConfig::default().arch)]
    arch: Arch,
    /// The results store (created, or resumed).
    #[arg(long)]
    store: PathBuf,
    /// Train only these networks (comma-separated ids such as sd,s-half).
    #[arg(long, value_delimiter = ',')]
    only: Option<Vec<String>>,
    /// Do not train the half-size single-task networks.
    #[arg(long)]
    no_half_singles: bool,
    /// Input side in pixels.
    #[arg(long, default_value_t = StudyConfig::default().train.size)]
    size: usize,
    /// Training batch size.
    #[arg(long, default_value_t = StudyConfig::default().train.batch_size)]
    batch_size: usize,
    /// Maximum epochs per network.
    #[arg(long, default_value_t = StudyConfig::default().train.max_epochs)]
    max_epochs: usize,
    /// Seed of weights, order and augmentation.
    #[arg(long, default_value_t = StudyConfig::default().train.seed)]
    seed: u64,
    /// auto, cpu, cuda or cuda:N.
    #[arg(long, default_value_t = StudyConfig::default().train.device)]
    device: DeviceChoice,
    /// Mixed precision (fp16 autocast) on CUDA.
    #[arg(long)]
    amp: bool,
    /// Use at most this many training images.
    #[arg(long)]
    train_limit: Option<usize>,
    /// Use at most this many validation and test images each.
    #[arg(long)]
    eval_limit: Option<usize>,
    /// Drop unreadable samples (counted) instead of failing.
    #[arg(long)]
    skip_bad: bool,
    /// Print progress lines instead of a bar.
    #[arg(long)]
    lines: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let tasks = args
        .tasks
        .chars()
        .map(|c| {
            Task::from_letter(c).ok_or_else(|| {
                anyhow::anyhow!("unknown task letter {c:?} in --tasks {}", args.tasks)
            })
        })
        .collect::<anyhow::Result<Vec<Task>>>()?;
    let defaults = StudyConfig::default();
    let config = StudyConfig {
        data: args.data,
        root: args.root,
        tasks,
        arch: args.arch,
        train: TrainSettings {
            size: args.size,
            batch_size: args.batch_size,
            max_epochs: args.max_epochs,
            seed: args.seed,
            device: args.device,
            mixed_precision: args.amp,
            ..defaults.train
        },
        half_singles: !args.no_half_singles,
        only: args.only,
        loading: StudyLoading {
            skip_bad: args.skip_bad,
            train_limit: args.train_limit,
            eval_limit: args.eval_limit,
            ..defaults.loading
        },
    }
    .check()?;
    let mode = if args.lines {
        ProgressMode::Lines {
            every: std::time::Duration::from_secs(10),
        }
    } else {
        ProgressMode::Auto
    };
    let summary = taskgroup::study::run(&args.store, &config, mode)?;
    println!(
        "study {}: {} networks, {} already done, {} trained now{} in {:.1} s",
        summary.store.display(),
        summary.total,
        summary.already_done,
        summary.trained.len(),
        if summary.busy_elsewhere.is_empty() {
            String::new()
        } else {
            format!(", {} busy in another process", summary.busy_elsewhere.len())
        },
        summary.seconds
    );
    let store = Store::open(&summary.store)?;
    println!("{}", store.loss_frame()?);
    Ok(())
}
