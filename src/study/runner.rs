//! Running a study: train every pending network of the store, resumably.

use super::config::ValidStudyConfig;
use super::error::StudyError;
use super::holder::{Holder, HOLDER_FILE};
use super::lock::NetworkLock;
use super::progress::{format_duration, ProgressMode, StudyProgress};
use super::spec::NetworkSpec;
use super::status::checkpoint_epoch;
use super::store::Store;
use crate::data::{Dataset, Loader, Split};
use crate::io::remove_if_exists;
use crate::train::{Phase, Sources, TrainError, Trainer};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How long a trainer retries a network's lock before leaving the network
/// to the process holding it (a `status` probe holds it for microseconds).
const LOCK_PATIENCE: Duration = Duration::from_millis(300);

/// The exit status noted for a network that failed with an error: the one
/// `taskgroup study` exits with.
pub const FAILED_EXIT_CODE: i32 = 1;

/// What one call of [`run`] did.
#[derive(Clone, Debug, PartialEq)]
pub struct StudySummary {
    /// The store.
    pub store: PathBuf,
    /// Networks in the study's choice.
    pub total: usize,
    /// Networks that were already finished before this call.
    pub already_done: usize,
    /// Networks this call trained (or finished resuming), by id.
    pub trained: Vec<String>,
    /// Networks left alone because another process holds their lock.
    pub busy_elsewhere: Vec<String>,
    /// Networks another process finished after this call listed them (so
    /// `already_done + trained + busy_elsewhere + finished_elsewhere +
    /// failed` is `total`).
    pub finished_elsewhere: Vec<String>,
    /// Networks that failed in this call (with [`RunOptions::keep_going`]),
    /// by id, with the error; each also noted in its folder (`failed.json`).
    pub failed: Vec<(String, String)>,
    /// Wall-clock time of this call.
    pub seconds: f64,
}

/// How [`run_with`] goes about a study.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunOptions {
    /// How progress is shown.
    pub mode: ProgressMode,
    /// Go on past a network that fails (its error is noted in its folder
    /// and in [`StudySummary::failed`]) instead of stopping at it. Either
    /// way a failed network is retried by the next run.
    pub keep_going: bool,
}

/// Trains every network of `config` that `store_dir` does not hold yet:
/// finished networks are skipped, interrupted ones resume from their last
/// checkpoint, and a network another process is training is left to it.
/// Safe to call again after a crash, a kill or a kernel restart. Stops at
/// the first network that fails ([`run_with`] can go on).
pub fn run(
    store_dir: impl Into<PathBuf>,
    config: &ValidStudyConfig,
    mode: ProgressMode,
) -> Result<StudySummary, StudyError> {
    let options = RunOptions {
        mode,
        keep_going: false,
    };
    run_with(store_dir, config, &options)
}

/// [`run`] with [`RunOptions`].
pub fn run_with(
    store_dir: impl Into<PathBuf>,
    config: &ValidStudyConfig,
    options: &RunOptions,
) -> Result<StudySummary, StudyError> {
    let mode = options.mode;
    let started = Instant::now();
    let store = Store::create(store_dir, config)?;
    let total = config.networks().len();
    let pending = store.pending()?;
    let already_done = total - pending.len();
    let mut summary = StudySummary {
        store: store.dir().to_path_buf(),
        total,
        already_done,
        trained: Vec::new(),
        busy_elsewhere: Vec::new(),
        finished_elsewhere: Vec::new(),
        failed: Vec::new(),
        seconds: 0.0,
    };
    let mode = mode.resolve();
    let mut out = Reporter::new(mode, total, already_done);
    if pending.is_empty() {
        out.note(&format!(
            "study {}: all {total} networks already trained",
            store.dir().display()
        ));
        summary.seconds = started.elapsed().as_secs_f64();
        return Ok(summary);
    }
    let dataset = Dataset::open_with_root(&config.data, config.root.as_deref())?;
    let mut trained_time = Duration::ZERO;
    for spec in pending {
        let dir = store.network_dir(spec);
        let Some(lock) = NetworkLock::try_acquire_within(&dir, LOCK_PATIENCE)? else {
            out.note(&format!(
                "{}: being trained by another process, skipped",
                spec.dir_name()
            ));
            summary.busy_elsewhere.push(spec.dir_name());
            continue;
        };
        // Another process may have finished it between listing and locking.
        if store.record(spec)?.is_some() {
            out.done += 1;
            summary.finished_elsewhere.push(spec.dir_name());
            continue;
        }
        Holder::this_process().write(&dir)?;
        let resumed = checkpoint_epoch(&dir)?;
        if resumed > 0 {
            out.note(&format!(
                "{}: resuming from its checkpoint after epoch {resumed}",
                spec.dir_name()
            ));
        }
        let network_started = Instant::now();
        let trained = train_one(
            &dataset,
            config,
            spec,
            &store,
            &mut out,
            (summary.trained.len(), trained_time),
        );
        let record = match trained {
            Ok(record) => {
                store.clear_failed(spec)?;
                remove_if_exists(&dir.join(HOLDER_FILE))?;
                record
            }
            Err(error) => {
                let text = crate::error_text::chain(&error);
                store.mark_failed(spec, &text, Some(FAILED_EXIT_CODE))?;
                if !options.keep_going {
                    return Err(error);
                }
                out.done += 1;
                out.note(&format!("{} failed: {text}", spec.dir_name()));
                summary.failed.push((spec.dir_name(), text));
                continue;
            }
        };
        drop(lock);
        trained_time += network_started.elapsed();
        out.done += 1;
        summary.trained.push(spec.dir_name());
        out.note(&format!(
            "{} done in {} ({} epochs, best {}): val {}",
            spec.dir_name(),
            format_duration(network_started.elapsed()),
            record.epochs,
            record.best_epoch,
            record
                .val
                .iter()
                .map(|(t, l)| format!("{}={l:.4}", t.letter()))
                .collect::<Vec<_>>()
                .join(" ")
        ));
        if let Some(line) = record.skips_line() {
            out.note(&format!("{}: --skip-bad dropped {line}", spec.dir_name()));
        }
    }
    out.finish();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Trains one network; its loaders decode only its tasks.
fn train_one(
    dataset: &Dataset,
    config: &ValidStudyConfig,
    spec: NetworkSpec,
    store: &Store,
    out: &mut Reporter,
    trained_here: (usize, Duration),
) -> Result<crate::train::TrainRecord, StudyError> {
    let failed = |source: TrainError| StudyError::Train {
        network: spec.dir_name(),
        source: Box::new(source),
    };
    let train_cfg = store.train_config(config, spec)?;
    let loader = |split| {
        let cfg = config.loading.loader_config(split, &config.train);
        Loader::new(dataset, split, spec.tasks, cfg)
    };
    let train = loader(Split::Train)?;
    let val = loader(Split::Val)?;
    let test = loader(Split::Test)?;
    let sources = Sources {
        train: &train,
        val: &val,
        test: if test.is_empty() { None } else { Some(&test) },
    };
    let trainer = Trainer::new(train_cfg, store.network_dir(spec));
    let network_started = Instant::now();
    let id = spec.dir_name();
    trainer
        .run(&sources, &mut |p| {
            if p.phase == Phase::Train {
                out.update(StudyProgress {
                    done: out.done,
                    total: out.total,
                    current: id.clone(),
                    epoch: (p.epoch, p.max_epochs),
                    batch: (p.batch, p.batches),
                    loss: p.loss,
                    trained_here,
                    network_started,
                });
            }
        })
        .map_err(failed)
}

/// Shows progress in the resolved mode.
struct Reporter {
    mode: ProgressMode,
    bar: Option<indicatif::ProgressBar>,
    last_line: Option<Instant>,
    done: usize,
    total: usize,
}

impl Reporter {
    fn new(mode: ProgressMode, total: usize, done: usize) -> Reporter {
        let bar = (mode == ProgressMode::Bar).then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:30} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.set_position(done as u64);
            bar
        });
        Reporter {
            mode,
            bar,
            last_line: None,
            done,
            total,
        }
    }

    fn update(&mut self, p: StudyProgress) {
        match self.mode {
            ProgressMode::Bar => {
                if let Some(bar) = &self.bar {
                    bar.set_position(self.done as u64);
                    bar.set_message(p.line());
                }
            }
            ProgressMode::Lines { every } => {
                if self.last_line.is_none_or(|t| t.elapsed() >= every) {
                    println!("{}", p.line());
                    self.last_line = Some(Instant::now());
                }
            }
            ProgressMode::Silent | ProgressMode::Auto => {}
        }
    }

    fn note(&mut self, line: &str) {
        match (&self.bar, self.mode) {
            (Some(bar), _) => bar.println(line),
            (None, ProgressMode::Silent) => {}
            (None, _) => println!("{line}"),
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = &self.bar {
            bar.set_position(self.done as u64);
            bar.finish_and_clear();
        }
    }
}
