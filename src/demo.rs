//! The main job (`taskgroup demo`, `make demo`): the whole pipeline on the
//! embedded default. Generate the synthetic mini-Taskonomy, train every
//! subset of the setting-1 tasks on the tiny preset ([`StudyConfig::tiny`],
//! three epochs at 32x32, as many networks at once as the CPU has cores)
//! plus the half-size singles, each with three seeds,
//! measure affinities from one all-task run
//! (TAG's lookahead and the gradient cosine, `crate::estimate`), compute
//! affinities and every method's selection per budget, score the cheap
//! estimators against the full study (`crate::compare`; each seed's
//! networks against that seed's optimal choice), and write a report folder whose curves and affinities carry
//! their interval across the seeds (`crate::seeds`). Every stage resumes: a rerun reuses finished work.

use crate::compare::{CompareError, Comparison};
use crate::estimate::{estimate_study, EstimateError, EstimateOptions};
use crate::report::{Report, ReportError};
use crate::select::{Method, SweepConfig};
use crate::study::{
    run_with, ProgressMode, RunOptions, Store, StudyConfig, StudyError, StudySummary,
};
use crate::synth::{generate_synthetic, SynthConfig, SynthError};
use crate::train::TrainSettings;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The demo's seed replicates per network.
pub const DEMO_SEEDS: u32 = 3;
/// The demo's epochs per network.
pub const DEMO_EPOCHS: usize = 3;
/// The side of the demo's network inputs (the data is rendered at twice it).
pub const DEMO_SIZE: usize = 32;

/// Settings of the main job. The defaults finish in minutes on two CPU cores.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DemoConfig {
    /// Folder holding `data/`, `study/` and `report/`.
    pub out: PathBuf,
    /// The synthetic dataset (rendered at this size; the loader resizes).
    pub synth: SynthConfig,
    /// The study (its `data` is set to `out/data`; checked when it runs).
    pub study: StudyConfig,
    /// The budgets and methods of the report.
    pub sweep: SweepConfig,
    /// Networks trained at once (`RunOptions::parallel`); `None`: one per
    /// CPU core when the study trains on the CPU, else one.
    pub parallel: Option<usize>,
    /// The affinity run's measurement (`None`: no run, no comparison).
    pub affinity: Option<EstimateOptions>,
}

impl Default for DemoConfig {
    fn default() -> Self {
        // Ten training buildings (320 images per epoch), and four each for
        // validation and test (128 images each): the selections are chosen
        // on val and scored on test, and 32 images per split let the
        // optimal choice lose to ESA by noise alone.
        let synth = SynthConfig {
            buildings: 18,
            points: 8,
            views: 4,
            size: 64,
            eval_buildings: Some(4),
            ..SynthConfig::default()
        };
        // Three seeds give every curve and affinity its interval; three
        // epochs per network at 32x32, two networks at once on two cores,
        // keep the 108 networks within the time.
        let tiny = StudyConfig::tiny(PathBuf::new());
        let study = StudyConfig {
            seeds: DEMO_SEEDS,
            train: TrainSettings {
                max_epochs: DEMO_EPOCHS,
                size: DEMO_SIZE,
                ..tiny.train.clone()
            },
            ..tiny
        };
        DemoConfig {
            out: PathBuf::from("out/demo"),
            synth,
            study,
            // Every method but worst: its picks include the networks that
            // diverged in some seed, and its intervals would dwarf the rest.
            sweep: SweepConfig::default().with_methods(
                Method::ALL
                    .into_iter()
                    .filter(|m| *m != Method::Worst)
                    .collect(),
            ),
            affinity: Some(EstimateOptions::default()),
            parallel: None,
        }
    }
}

/// What the main job produced.
#[derive(Clone, Debug)]
pub struct DemoOutcome {
    /// The dataset's manifest.
    pub manifest: PathBuf,
    /// What the study did.
    pub study: StudySummary,
    /// The report's summary (markdown).
    pub summary: PathBuf,
    /// The computed report.
    pub report: Report,
}

/// An error of the main job.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// Generating the data failed.
    #[error("data: {0}")]
    Data(#[from] SynthError),
    /// The study failed.
    #[error("study: {0}")]
    Study(#[from] StudyError),
    /// The report failed.
    #[error("report: {0}")]
    Report(#[from] ReportError),
    /// The affinity run failed.
    #[error("affinity run: {0}")]
    Affinity(#[from] EstimateError),
    /// The estimator comparison failed.
    #[error("{0}")]
    Compare(#[from] CompareError),
}

/// Runs the main job; progress goes to stdout in `mode`.
pub fn run_demo(config: &DemoConfig, mode: ProgressMode) -> Result<DemoOutcome, DemoError> {
    let data_dir = config.out.join("data");
    let total = config.synth.buildings * config.synth.images_per_building();
    println!(
        "[1/4] synthetic mini-Taskonomy: {total} images at {0}x{0} in {1}",
        config.synth.size,
        data_dir.display()
    );
    let mut last_tenth = usize::MAX;
    let (_, manifest) = generate_synthetic(&config.synth, &data_dir, |done, total| {
        let tenth = done * 10 / total.max(1);
        if tenth != last_tenth && mode != ProgressMode::Silent {
            last_tenth = tenth;
            println!("      {done}/{total} images");
        }
    })?;
    let study_config = StudyConfig {
        data: manifest.clone(),
        ..config.study.clone()
    }
    .check()?;
    let store_dir = config.out.join("study");
    let parallel = config
        .parallel
        .unwrap_or_else(|| match study_config.train.device.resolve() {
            Ok(tch::Device::Cpu) => std::thread::available_parallelism().map_or(1, |n| n.get()),
            _ => 1,
        });
    println!(
        "[2/4] study: {} networks ({} seed(s) of {}; {} preset, {}x{} inputs, up to {} epochs; {} at a time) in {}",
        study_config.networks().len(),
        study_config.seeds,
        study_config.networks().len() / study_config.seeds as usize,
        study_config.arch,
        study_config.train.size,
        study_config.train.size,
        study_config.train.max_epochs,
        parallel,
        store_dir.display()
    );
    let study = run_with(
        &store_dir,
        &study_config,
        &RunOptions {
            parallel,
            ..RunOptions::new(mode)
        },
    )?;
    let one_run = match config.affinity {
        Some(options) => {
            let dir = config.out.join("affinity");
            println!(
                "[3/4] affinity run: one {}-task network measuring TAG's lookahead and the gradient cosine every {} steps in {}",
                study_config.tasks.len(),
                options.every,
                dir.display()
            );
            let mut last = 0;
            Some(estimate_study(&study_config, options, &dir, &mut |p| {
                if p.phase == crate::train::Phase::Train
                    && p.batch == p.batches
                    && p.epoch != last
                    && mode != ProgressMode::Silent
                {
                    last = p.epoch;
                    println!(
                        "      epoch {}/{}: train loss {:.4}",
                        p.epoch, p.max_epochs, p.loss
                    );
                }
            })?)
        }
        None => None,
    };
    println!("[4/4] affinities, selections for every budget, the estimator comparison, figures and tables");
    let store = Store::open(&store_dir)?;
    let replicates = store.seed_tables()?;
    let title = format!("Synthetic study ({})", study_config.task_letters());
    let mut report = Report::compute_seeds(&title, &replicates, &config.sweep)?;
    if let Some(r) = &one_run {
        let comparisons = Comparison::of_seed_tables(
            &store,
            &replicates,
            Some(r),
            &config.sweep.budgets,
            config.sweep.random.clone(),
        )?;
        report = report.with_comparisons(comparisons)?;
    }
    let summary = report.write(&config.out.join("report"))?;
    Ok(DemoOutcome {
        manifest,
        study,
        summary,
        report,
    })
}
