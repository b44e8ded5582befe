//! `taskgroup study`: train every task subset (plus half-size singles) into a store.

use std::path::PathBuf;
use taskgroup::device::DeviceChoice;
use taskgroup::model::Arch;
use taskgroup::study::{ProgressMode, RunOptions, Store, StudyConfig, StudyLoading};
use taskgroup::tasks::Task;
use taskgroup::train::weighting::GRADNORM_ALPHA;
use taskgroup::train::{PlateauConfig, TrainSettings, Weighting};

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
    /// Initial learning rate (SGD).
    #[arg(long, default_value_t = StudyConfig::default().train.lr)]
    lr: f64,
    /// SGD momentum.
    #[arg(long, default_value_t = StudyConfig::default().train.momentum)]
    momentum: f64,
    /// Weight decay.
    #[arg(long, default_value_t = StudyConfig::default().train.weight_decay)]
    weight_decay: f64,
    /// Training stops once the plateau schedule lowers the learning rate below this.
    #[arg(long, default_value_t = StudyConfig::default().train.lr_floor)]
    lr_floor: f64,
    /// Factor the plateau schedule multiplies the learning rate by.
    #[arg(long, default_value_t = StudyConfig::default().train.schedule.factor)]
    lr_factor: f64,
    /// Training images in the plateau schedule's first window.
    #[arg(long, default_value_t = StudyConfig::default().train.schedule.initial_window_images)]
    plateau_window: u64,
    /// Largest plateau window, in training images.
    #[arg(long, default_value_t = StudyConfig::default().train.schedule.max_window_images)]
    plateau_max_window: u64,
    /// Epochs the schedule waits after lowering the learning rate.
    #[arg(long, default_value_t = StudyConfig::default().train.schedule.hold_epochs)]
    plateau_hold: usize,
    /// Go on past a network that fails (noted in its folder, listed at the
    /// end, retried by the next run); the exit status is 1 if any failed.
    #[arg(long)]
    keep_going: bool,
    /// Mixed precision (fp16 autocast) on CUDA.
    #[arg(long)]
    amp: bool,
    /// How each network combines its task losses: sum, gradnorm, mgda,
    /// uncertainty or pcgrad (the plain sum with --amp only).
    #[arg(long, default_value = "sum")]
    weighting: Weighting,
    /// GradNorm's alpha (with --weighting gradnorm).
    #[arg(long, default_value_t = GRADNORM_ALPHA)]
    gradnorm_alpha: f64,
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
            weighting: match args.weighting {
                Weighting::GradNorm { .. } => Weighting::GradNorm {
                    alpha: args.gradnorm_alpha,
                },
                other => other,
            },
            lr: args.lr,
            momentum: args.momentum,
            weight_decay: args.weight_decay,
            lr_floor: args.lr_floor,
            schedule: PlateauConfig {
                factor: args.lr_factor,
                initial_window_images: args.plateau_window,
                max_window_images: args.plateau_max_window,
                hold_epochs: args.plateau_hold,
                ..defaults.train.schedule
            },
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
    let options = RunOptions {
        mode,
        keep_going: args.keep_going,
    };
    let summary = taskgroup::study::run_with(&args.store, &config, &options)?;
    println!(
        "study {}: {} networks, {} already done, {} trained now{}{} in {:.1} s",
        summary.store.display(),
        summary.total,
        summary.already_done,
        summary.trained.len(),
        if summary.busy_elsewhere.is_empty() {
            String::new()
        } else {
            format!(", {} busy in another process", summary.busy_elsewhere.len())
        },
        if summary.failed.is_empty() {
            String::new()
        } else {
            format!(", {} failed", summary.failed.len())
        },
        summary.seconds
    );
    let store = Store::open(&summary.store)?;
    println!("{}", store.loss_frame()?);
    if !summary.failed.is_empty() {
        for (id, error) in &summary.failed {
            eprintln!("failed: {id}: {error}");
        }
        anyhow::bail!(
            "{} networks failed (noted in their folders' failed.json); rerun to retry them",
            summary.failed.len()
        );
    }
    Ok(())
}
