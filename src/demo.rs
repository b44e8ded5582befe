//! The main job (`taskgroup demo`, `make demo`): the whole pipeline on the
//! embedded default. Generate the synthetic mini-Taskonomy, train every
//! subset of the setting-1 tasks on the tiny preset ([`StudyConfig::tiny`])
//! plus the half-size singles, compute affinities and every method's selection per budget, and
//! write a report folder. Every stage resumes: a rerun reuses finished work.

use crate::report::{Report, ReportError, ReportInputs};
use crate::select::SweepConfig;
use crate::study::{run, ProgressMode, Store, StudyConfig, StudyError, StudySummary};
use crate::synth::{generate_synthetic, SynthConfig, SynthError};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

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
}

impl Default for DemoConfig {
    fn default() -> Self {
        let synth = SynthConfig {
            buildings: 12,
            points: 8,
            views: 4,
            size: 128,
            ..SynthConfig::default()
        };
        DemoConfig {
            out: PathBuf::from("out/demo"),
            synth,
            // Sized for this dataset's 320 training images per epoch.
            study: StudyConfig::tiny(PathBuf::new()),
            sweep: SweepConfig::default(),
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
}

/// Runs the main job; progress goes to stdout in `mode`.
pub fn run_demo(config: &DemoConfig, mode: ProgressMode) -> Result<DemoOutcome, DemoError> {
    let data_dir = config.out.join("data");
    let total = config.synth.buildings * config.synth.images_per_building();
    println!(
        "[1/3] synthetic mini-Taskonomy: {total} images at {0}x{0} in {1}",
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
    println!(
        "[2/3] study: {} networks ({} preset, {}x{} inputs, up to {} epochs) in {}",
        study_config.networks().len(),
        study_config.arch,
        study_config.train.size,
        study_config.train.size,
        study_config.train.max_epochs,
        store_dir.display()
    );
    let study = run(&store_dir, &study_config, mode)?;
    println!("[3/3] affinities, selections for every budget, figures and tables");
    let store = Store::open(&store_dir)?;
    let tables = store.tables()?;
    let title = format!("Synthetic study ({})", study_config.task_letters());
    let report = Report::compute(ReportInputs::study(&title, &tables), &config.sweep)?;
    let summary = report.write(&config.out.join("report"))?;
    Ok(DemoOutcome {
        manifest,
        study,
        summary,
        report,
    })
}
