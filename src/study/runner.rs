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
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
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
    /// Networks trained at once in this process, each on its own thread,
    /// torch's CPU threads divided between them for the call (1: one after
    /// the other). Small networks use a second core poorly: on two cores
    /// the tiny preset at 32x32 trains about 1.4 times faster with 2 (see
    /// README "Timings"). A network's losses depend slightly on torch's
    /// thread count, never on which networks run beside it.
    pub parallel: usize,
}

impl RunOptions {
    /// One network at a time, stopping at the first failure.
    pub fn new(mode: ProgressMode) -> RunOptions {
        RunOptions {
            mode,
            keep_going: false,
            parallel: 1,
        }
    }
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
    run_with(store_dir, config, &RunOptions::new(mode))
}

/// What the threads of one [`run_with`] call share.
struct Shared {
    out: Reporter,
    summary: StudySummary,
    /// Wall time of the networks trained here so far (for the ETA).
    trained_time: Duration,
}

/// What every network of one call needs.
struct Context<'a> {
    dataset: &'a Dataset,
    config: &'a ValidStudyConfig,
    store: &'a Store,
    options: &'a RunOptions,
    shared: &'a Mutex<Shared>,
}

impl Context<'_> {
    fn shared(&self) -> MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }
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
    let shared = Mutex::new(Shared {
        out,
        summary,
        trained_time: Duration::ZERO,
    });
    let cx = Context {
        dataset: &dataset,
        config,
        store: &store,
        options,
        shared: &shared,
    };
    let parallel = options.parallel.clamp(1, pending.len());
    let threads_before = (parallel > 1).then(|| {
        let threads = tch::get_num_threads();
        tch::set_num_threads((threads / parallel as i32).max(1));
        threads
    });
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let result = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..parallel)
            .map(|_| {
                scope.spawn(|| -> Result<(), StudyError> {
                    while !stop.load(Ordering::SeqCst) {
                        let Some(&spec) = pending.get(next.fetch_add(1, Ordering::SeqCst)) else {
                            break;
                        };
                        if let Err(error) = train_pending(&cx, spec) {
                            stop.store(true, Ordering::SeqCst);
                            return Err(error);
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect::<Result<Vec<()>, StudyError>>()
    });
    if let Some(threads) = threads_before {
        tch::set_num_threads(threads);
    }
    result?;
    let mut shared = shared.into_inner().unwrap_or_else(|e| e.into_inner());
    shared.out.finish();
    shared.summary.seconds = started.elapsed().as_secs_f64();
    Ok(shared.summary)
}

/// Trains one pending network unless another process holds or finished it;
/// an error is returned only when the options stop at one.
fn train_pending(cx: &Context<'_>, spec: NetworkSpec) -> Result<(), StudyError> {
    let dir = cx.store.network_dir(spec);
    let Some(lock) = NetworkLock::try_acquire_within(&dir, LOCK_PATIENCE)? else {
        let mut shared = cx.shared();
        shared.out.note(&format!(
            "{}: being trained by another process, skipped",
            spec.dir_name()
        ));
        shared.summary.busy_elsewhere.push(spec.dir_name());
        return Ok(());
    };
    // Another process may have finished it between listing and locking.
    if cx.store.record(spec)?.is_some() {
        let mut shared = cx.shared();
        shared.out.done += 1;
        shared.summary.finished_elsewhere.push(spec.dir_name());
        return Ok(());
    }
    Holder::this_process().write(&dir)?;
    let resumed = checkpoint_epoch(&dir)?;
    if resumed > 0 {
        cx.shared().out.note(&format!(
            "{}: resuming from its checkpoint after epoch {resumed}",
            spec.dir_name()
        ));
    }
    let network_started = Instant::now();
    let record = match train_one(cx, spec) {
        Ok(record) => {
            cx.store.clear_failed(spec)?;
            remove_if_exists(&dir.join(HOLDER_FILE))?;
            record
        }
        Err(error) => {
            let text = crate::error_text::chain(&error);
            cx.store.mark_failed(spec, &text, Some(FAILED_EXIT_CODE))?;
            if !cx.options.keep_going {
                return Err(error);
            }
            let mut shared = cx.shared();
            shared.out.done += 1;
            shared
                .out
                .note(&format!("{} failed: {text}", spec.dir_name()));
            shared.summary.failed.push((spec.dir_name(), text));
            return Ok(());
        }
    };
    drop(lock);
    let mut shared = cx.shared();
    shared.trained_time += network_started.elapsed();
    shared.out.done += 1;
    shared.summary.trained.push(spec.dir_name());
    shared.out.note(&format!(
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
        shared
            .out
            .note(&format!("{}: --skip-bad dropped {line}", spec.dir_name()));
    }
    Ok(())
}

/// Trains one network; its loaders decode only its tasks.
fn train_one(cx: &Context<'_>, spec: NetworkSpec) -> Result<crate::train::TrainRecord, StudyError> {
    let failed = |source: TrainError| StudyError::Train {
        network: spec.dir_name(),
        source: Box::new(source),
    };
    let (config, store) = (cx.config, cx.store);
    let train_cfg = store.train_config(config, spec)?;
    let loader = |split| {
        let cfg = config.loading.loader_config(split, &config.train);
        Loader::new(cx.dataset, split, spec.tasks, cfg)
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
                let mut shared = cx.shared();
                let progress = StudyProgress {
                    done: shared.out.done,
                    total: shared.out.total,
                    current: id.clone(),
                    epoch: (p.epoch, p.max_epochs),
                    batch: (p.batch, p.batches),
                    loss: p.loss,
                    trained_here: (shared.summary.trained.len(), shared.trained_time),
                    network_started,
                };
                shared.out.update(progress);
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
