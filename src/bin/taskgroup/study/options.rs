//! The study's settings as command-line options, and the one place that
//! turns them into a checked [`ValidStudyConfig`].

use anyhow::Context;
use std::path::PathBuf;
use taskgroup::model::Arch;
use taskgroup::study::{Store, StudyConfig, StudyLoading, ValidStudyConfig};
use taskgroup::tasks::Task;
use taskgroup::train::weighting::GRADNORM_ALPHA;
use taskgroup::train::{TrainSettings, Weighting, WeightingKind};

use crate::train_options::TrainOptions;

/// The study's settings, shared by `taskgroup study` and `taskgroup study submit`.
#[derive(clap::Args)]
pub struct StudyOptions {
    /// The dataset: a manifest JSON or a folder holding manifest.json
    /// (required unless --from-store).
    #[arg(long, required_unless_present = "from_store")]
    data: Option<PathBuf>,
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
    // An Option that clap requires: `taskgroup study status` leaves it unset.
    #[arg(long, required = true)]
    store: Option<PathBuf>,
    /// Take every setting from the store's study.json (an existing store);
    /// only --only applies, the other study options are not used.
    #[arg(long)]
    pub from_store: bool,
    /// Train only these networks (comma-separated ids such as sd,s-half).
    #[arg(long, value_delimiter = ',')]
    only: Option<Vec<String>>,
    /// Do not train the half-size single-task networks.
    #[arg(long)]
    no_half_singles: bool,
    #[command(flatten)]
    train: TrainOptions,
    /// How each network combines its task losses: sum, gradnorm, mgda,
    /// uncertainty or pcgrad (the plain sum with --amp only).
    #[arg(long, default_value = "sum")]
    weighting: WeightingKind,
    /// GradNorm's alpha (with --weighting gradnorm or a gradnorm baseline).
    #[arg(long, default_value_t = GRADNORM_ALPHA)]
    gradnorm_alpha: f64,
    /// Extra baselines: one all-task network per weighting listed
    /// (comma-separated: gradnorm, mgda, uncertainty, pcgrad), trained
    /// beside the study's networks; each adds its curve to the report.
    #[arg(long, value_delimiter = ',')]
    baselines: Vec<WeightingKind>,
    /// Train every network this many times, with seeds --seed, --seed + 1,
    /// ...; each further replicate is stored beside the first
    /// (`<id>-seed<r>`), and reports give every loss, affinity and curve
    /// with its 95% interval across the seeds. A study may add seeds later.
    #[arg(long, default_value_t = 1)]
    seeds: u32,
    /// Use at most this many training images.
    #[arg(long)]
    train_limit: Option<usize>,
    /// Use at most this many validation and test images each.
    #[arg(long)]
    eval_limit: Option<usize>,
    /// Drop unreadable samples (counted) instead of failing.
    #[arg(long)]
    skip_bad: bool,
}

impl StudyOptions {
    /// The weighting `kind` with this call's parameters (`--gradnorm-alpha`).
    fn with_alpha(&self, kind: WeightingKind) -> Weighting {
        match kind {
            WeightingKind::GradNorm => Weighting::GradNorm {
                alpha: self.gradnorm_alpha,
            },
            other => other.with_defaults(),
        }
    }

    /// The store (`--store`, which clap requires unless a subcommand runs).
    pub fn store(&self) -> &std::path::Path {
        self.store
            .as_deref()
            .expect("clap requires --store for training and submitting")
    }

    /// The checked study: from the options, or (`--from-store`) the
    /// store's own settings with this call's `--only`.
    pub fn config(&self) -> anyhow::Result<ValidStudyConfig> {
        if self.from_store {
            let store = Store::open(self.store()).with_context(|| {
                format!(
                    "--from-store needs an existing store at {}",
                    self.store().display()
                )
            })?;
            let config = StudyConfig {
                only: self.only.clone(),
                ..store.config().clone()
            };
            return Ok(config.check()?);
        }
        let data = self
            .data
            .clone()
            .context("give --data (the dataset) or --from-store")?;
        let tasks = self
            .tasks
            .chars()
            .map(|c| {
                Task::from_letter(c).ok_or_else(|| {
                    anyhow::anyhow!("unknown task letter {c:?} in --tasks {}", self.tasks)
                })
            })
            .collect::<anyhow::Result<Vec<Task>>>()?;
        let defaults = StudyConfig::default();
        Ok(StudyConfig {
            data,
            root: self.root.clone(),
            tasks,
            arch: self.arch,
            train: TrainSettings {
                weighting: self.with_alpha(self.weighting),
                ..self.train.settings()
            },
            half_singles: !self.no_half_singles,
            only: self.only.clone(),
            baselines: self
                .baselines
                .iter()
                .map(|&kind| self.with_alpha(kind))
                .collect(),
            seeds: self.seeds,
            loading: StudyLoading {
                skip_bad: self.skip_bad,
                train_limit: self.train_limit,
                eval_limit: self.eval_limit,
                ..defaults.loading
            },
        }
        .check()?)
    }
}
