//! [`Trainer`]: one network trained to the end of the plateau schedule in a
//! run directory, checkpointed after every epoch and resumed from there,
//! optionally with a [`StepHook`] called before every training step.

use super::checkpoint::{self, RunState, BEST_FILE, RECORD_FILE, STATE_FILE};
use super::config::{TrainConfig, ValidTrainConfig};
use super::error::TrainError;
use super::hook::StepHook;
use super::record::{HistoryRow, StopReason, TrainRecord};
use super::schedule::PlateauSchedule;
use super::step::{StepLosses, TrainStep};
use crate::data::{BatchSource, Split};
use crate::io::{IoError, WithPath};
use crate::tasks::Task;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The data of a run, one source per split.
pub struct Sources<'a> {
    /// Training batches (shuffled and augmented by the source as it sees fit).
    pub train: &'a dyn BatchSource,
    /// Validation batches.
    pub val: &'a dyn BatchSource,
    /// Test batches (evaluated once, with the best checkpoint), if any.
    pub test: Option<&'a dyn BatchSource>,
}

/// What the run is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Training on a batch.
    Train,
    /// Evaluating on a split.
    Eval(Split),
}

/// A progress report, sent after every batch.
#[derive(Clone, Debug)]
pub struct Progress {
    /// The phase.
    pub phase: Phase,
    /// Current epoch (1-based; for the final test, the best epoch).
    pub epoch: usize,
    /// The maximum number of epochs.
    pub max_epochs: usize,
    /// Batches done in this phase of this epoch.
    pub batch: usize,
    /// Batches in this phase of this epoch.
    pub batches: usize,
    /// Mean total loss over the phase's batches so far.
    pub loss: f64,
    /// Current learning rate.
    pub lr: f64,
    /// Time spent in this phase of this epoch.
    pub elapsed: Duration,
}

impl Progress {
    /// Estimated time to the end of this phase of this epoch.
    pub fn eta(&self) -> Duration {
        if self.batch == 0 {
            return Duration::ZERO;
        }
        self.elapsed
            .mul_f64((self.batches - self.batch.min(self.batches)) as f64 / self.batch as f64)
    }
}

/// Trains one network in one run directory.
#[derive(Clone, Debug)]
pub struct Trainer {
    config: ValidTrainConfig,
    dir: PathBuf,
}

/// Per-task means over batches, plus the running total for progress.
#[derive(Default)]
struct Meter {
    sums: BTreeMap<Task, f64>,
    total: f64,
    n: usize,
}

impl Meter {
    fn add(&mut self, l: &StepLosses) {
        for (t, v) in &l.per_task {
            *self.sums.entry(*t).or_default() += v;
        }
        self.total += l.total;
        self.n += 1;
    }
    fn mean_total(&self) -> f64 {
        self.total / self.n.max(1) as f64
    }
    fn means(&self) -> BTreeMap<Task, f64> {
        self.sums
            .iter()
            .map(|(t, s)| (*t, s / self.n.max(1) as f64))
            .collect()
    }
}

impl Trainer {
    /// A trainer for `config` writing into `dir` (created when it runs).
    pub fn new(config: ValidTrainConfig, dir: impl Into<PathBuf>) -> Trainer {
        Trainer {
            config,
            dir: dir.into(),
        }
    }

    /// The run directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The configuration.
    pub fn config(&self) -> &TrainConfig {
        &self.config
    }

    /// Trains to the end (or resumes an interrupted run from its last
    /// completed epoch; or returns a finished run's record untouched).
    pub fn run(
        &self,
        data: &Sources<'_>,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<TrainRecord, TrainError> {
        self.run_inner(data, None, progress)
    }

    /// [`Trainer::run`] with `hook` called before every training step, its
    /// state committed with each epoch and restored on resume (a finished
    /// run restores the last epoch's state and returns). A run directory
    /// trained without a hook cannot be continued with one.
    pub fn run_hooked(
        &self,
        data: &Sources<'_>,
        hook: &mut dyn StepHook,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<TrainRecord, TrainError> {
        self.run_inner(data, Some(hook), progress)
    }

    fn run_inner(
        &self,
        data: &Sources<'_>,
        mut hook: Option<&mut dyn StepHook>,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<TrainRecord, TrainError> {
        std::fs::create_dir_all(&self.dir).with_path(&self.dir)?;
        checkpoint::ensure_config(&self.dir, &self.config)?;
        if let Some(record) = checkpoint::finished_record(&self.dir)? {
            if let Some(hook) = hook {
                let path = self.dir.join(STATE_FILE);
                let state = checkpoint::read_json::<RunState>(&path)?.ok_or_else(|| {
                    TrainError::StateMismatch {
                        path: path.clone(),
                        why: "the finished run has no state file to restore the hook from".into(),
                    }
                })?;
                self.restore_hook(hook, &state)?;
            }
            return Ok(record);
        }
        let mut ts = TrainStep::new(&self.config)?;
        let cfg = &self.config.settings;
        let mut state = match checkpoint::read_json::<RunState>(&self.dir.join(STATE_FILE))? {
            Some(state) => {
                self.restore(&mut ts, &state)?;
                if let Some(hook) = hook.as_deref_mut() {
                    self.restore_hook(hook, &state)?;
                }
                state
            }
            None => RunState {
                epoch: 0,
                schedule: PlateauSchedule::new(cfg.schedule.clone(), cfg.lr, cfg.batch_size),
                scaler: ts.scaler.clone(),
                history: Vec::new(),
                best: None,
                esa: None,
                weights: String::new(),
                momentum: String::new(),
                best_file: None,
                seconds: 0.0,
                weighting: ts.weighting_state.clone(),
                hook: None,
            },
        };
        ts.sgd.lr = state.schedule.lr();
        let mut stop = StopReason::MaxEpochs;
        while state.epoch < cfg.max_epochs {
            if state.schedule.lr() < cfg.lr_floor {
                stop = StopReason::LrFloor;
                break;
            }
            let started = Instant::now();
            let epoch = state.epoch + 1;
            let train = self.train_epoch(
                &mut ts,
                &mut state.schedule,
                (data.train, hook.as_deref_mut()),
                epoch,
                progress,
            )?;
            let lr = state.schedule.lr();
            let val = evaluate(
                &ts,
                data.val,
                (Split::Val, epoch, cfg.max_epochs),
                lr,
                progress,
            )?;
            push_rows(&mut state.history, epoch, Split::Train, &train, lr);
            push_rows(&mut state.history, epoch, Split::Val, &val, lr);
            let total = TrainRecord::total(&val);
            if state.best.as_ref().is_none_or(|(_, best, _)| total < *best) {
                // Committed with this epoch's state, never ahead of it.
                let name = format!("best-{epoch}.safetensors");
                checkpoint::save_atomic(&self.dir.join(&name), |p| ts.vs.save(p))?;
                state.best_file = Some(name);
                state.best = Some((epoch, total, val.clone()));
            }
            if epoch == cfg.esa_epoch() {
                state.esa = Some((epoch, val));
            }
            state.epoch = epoch;
            state.seconds += started.elapsed().as_secs_f64();
            state.hook = hook.as_deref().map(StepHook::state);
            self.save_state(&ts, &mut state)?;
        }
        let (best_epoch, _, best_val) = state
            .best
            .clone()
            .ok_or(TrainError::EmptySource(Split::Val))?;
        // The committed best file becomes best.safetensors (a state of an
        // earlier version has only that one).
        if let Some(name) = &state.best_file {
            let from = self.dir.join(name);
            let best = self.dir.join(BEST_FILE);
            crate::io::write_atomic_with::<TrainError>(&best, |out| {
                let mut file = std::fs::File::open(&from).with_path(&from)?;
                std::io::copy(&mut file, out).with_path(&best)?;
                Ok(())
            })?;
        }
        let test = match data.test {
            Some(source) => {
                ts.vs
                    .load(self.dir.join(BEST_FILE))
                    .map_err(|source| TrainError::Torch {
                        context: "loading best.safetensors".into(),
                        source,
                    })?;
                let test = evaluate(
                    &ts,
                    source,
                    (Split::Test, best_epoch, cfg.max_epochs),
                    state.schedule.lr(),
                    progress,
                )?;
                push_rows(
                    &mut state.history,
                    best_epoch,
                    Split::Test,
                    &test,
                    state.schedule.lr(),
                );
                Some(test)
            }
            None => None,
        };
        let (esa_epoch, esa) = state.esa.clone().unwrap_or_else(|| {
            let last = state.epoch;
            let val = state
                .history
                .iter()
                .filter(|r| r.epoch == last && r.split == Split::Val)
                .map(|r| (r.task, r.loss))
                .collect();
            (last, val)
        });
        let record = TrainRecord {
            config: TrainConfig::clone(&self.config),
            history: state.history,
            epochs: state.epoch,
            stop,
            best_epoch,
            val: best_val,
            test,
            esa,
            esa_epoch,
            params: ts.net.num_params(),
            device: format!("{:?}", ts.device()).to_lowercase(),
            precision: ts.precision().to_string(),
            skipped_steps: ts.scaler.as_ref().map_or(0, |s| s.skipped),
            seconds: state.seconds,
            skips: [
                (Split::Train, Some(data.train)),
                (Split::Val, Some(data.val)),
                (Split::Test, data.test),
            ]
            .into_iter()
            .filter_map(|(split, source)| {
                let skips = source?.skips();
                (!skips.is_empty()).then_some((split, skips))
            })
            .collect(),
        };
        let path = self.dir.join(RECORD_FILE);
        checkpoint::write_json(&path, &record)?;
        if let Some(name) = &state.best_file {
            crate::io::remove_if_exists(&self.dir.join(name))?;
        }
        // Return what is stored (JSON keeps f64s to about the last bit; a
        // rerun must see exactly the same record as this call).
        checkpoint::read_json(&path)?.ok_or_else(|| {
            IoError {
                path,
                source: std::io::ErrorKind::NotFound.into(),
            }
            .into()
        })
    }

    fn restore(&self, ts: &mut TrainStep, state: &RunState) -> Result<(), TrainError> {
        let torch = |what: &str| {
            let context = format!("{}: loading {what}", self.dir.display());
            move |source| TrainError::Torch { context, source }
        };
        ts.vs
            .load(self.dir.join(&state.weights))
            .map_err(torch(&state.weights))?;
        ts.sgd
            .load(&self.dir.join(&state.momentum))
            .map_err(torch(&state.momentum))?;
        if ts.scaler.is_some() {
            ts.scaler = state.scaler.clone().or_else(|| ts.scaler.clone());
        }
        if !state
            .weighting
            .fits(ts.weighting(), self.config.tasks.len())
        {
            return Err(TrainError::StateMismatch {
                path: self.dir.join(STATE_FILE),
                why: format!(
                    "its weighting state does not belong to {} with {} tasks",
                    ts.weighting(),
                    self.config.tasks.len()
                ),
            });
        }
        ts.weighting_state = state.weighting.clone();
        Ok(())
    }

    fn restore_hook(&self, hook: &mut dyn StepHook, state: &RunState) -> Result<(), TrainError> {
        let mismatch = |why: String| TrainError::StateMismatch {
            path: self.dir.join(STATE_FILE),
            why,
        };
        let saved = state
            .hook
            .as_ref()
            .ok_or_else(|| mismatch("the run was trained without a step hook".into()))?;
        hook.restore(saved).map_err(mismatch)
    }

    fn save_state(&self, ts: &TrainStep, state: &mut RunState) -> Result<(), TrainError> {
        state.weights = format!("weights-{}.safetensors", state.epoch);
        state.momentum = format!("momentum-{}.safetensors", state.epoch);
        state.scaler = ts.scaler.clone();
        state.weighting = ts.weighting_state.clone();
        checkpoint::save_atomic(&self.dir.join(&state.weights), |p| ts.vs.save(p))?;
        checkpoint::save_atomic(&self.dir.join(&state.momentum), |p| ts.sgd.save(p))?;
        checkpoint::write_json(&self.dir.join(STATE_FILE), state)?;
        checkpoint::remove_stale(&self.dir, state)
    }

    fn train_epoch(
        &self,
        ts: &mut TrainStep,
        schedule: &mut PlateauSchedule,
        (source, mut hook): (&dyn BatchSource, Option<&mut (dyn StepHook + '_)>),
        epoch: usize,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<BTreeMap<Task, f64>, TrainError> {
        let batches = self
            .config
            .settings
            .max_batches_per_epoch
            .map_or(source.len(), |m| m.min(source.len()));
        if batches == 0 {
            return Err(TrainError::EmptySource(Split::Train));
        }
        let started = Instant::now();
        let mut meter = Meter::default();
        for (i, batch) in source.batches(epoch as u64 - 1).take(batches).enumerate() {
            let batch = batch.map_err(|source| TrainError::Data {
                split: Split::Train,
                epoch,
                batch: i,
                source,
            })?;
            let loss_error = |source| TrainError::Loss {
                split: Split::Train,
                epoch,
                batch: i,
                source,
            };
            if let Some(hook) = hook.as_deref_mut() {
                hook.before_step(ts, &batch, epoch).map_err(loss_error)?;
            }
            let losses = ts.step(&batch).map_err(loss_error)?;
            if !losses.skipped {
                check_finite(&losses, Split::Train, epoch, i)?;
                meter.add(&losses);
                if let Some(lr) = schedule.on_step(epoch - 1, losses.total) {
                    ts.sgd.lr = lr;
                }
            }
            progress(&Progress {
                phase: Phase::Train,
                epoch,
                max_epochs: self.config.settings.max_epochs,
                batch: i + 1,
                batches,
                loss: meter.mean_total(),
                lr: ts.sgd.lr,
                elapsed: started.elapsed(),
            });
        }
        Ok(meter.means())
    }
}

fn check_finite(
    l: &StepLosses,
    split: Split,
    epoch: usize,
    batch: usize,
) -> Result<(), TrainError> {
    match l.per_task.iter().find(|(_, v)| !v.is_finite()) {
        Some((task, value)) => Err(TrainError::NonFinite {
            split,
            epoch,
            batch,
            task: *task,
            value: *value,
        }),
        None => Ok(()),
    }
}

fn push_rows(
    history: &mut Vec<HistoryRow>,
    epoch: usize,
    split: Split,
    losses: &BTreeMap<Task, f64>,
    lr: f64,
) {
    history.extend(losses.iter().map(|(task, loss)| HistoryRow {
        epoch,
        split,
        task: *task,
        loss: *loss,
        lr,
    }));
}

/// Mean per-task losses of the model in evaluation mode over a whole source.
fn evaluate(
    ts: &TrainStep,
    source: &dyn BatchSource,
    (split, epoch, max_epochs): (Split, usize, usize),
    lr: f64,
    progress: &mut dyn FnMut(&Progress),
) -> Result<BTreeMap<Task, f64>, TrainError> {
    let batches = source.len();
    if batches == 0 {
        return Err(TrainError::EmptySource(split));
    }
    let started = Instant::now();
    let mut meter = Meter::default();
    for (i, batch) in source.batches(0).enumerate() {
        let batch = batch.map_err(|source| TrainError::Data {
            split,
            epoch,
            batch: i,
            source,
        })?;
        let losses = ts.evaluate(&batch).map_err(|source| TrainError::Loss {
            split,
            epoch,
            batch: i,
            source,
        })?;
        check_finite(&losses, split, epoch, i)?;
        meter.add(&losses);
        progress(&Progress {
            phase: Phase::Eval(split),
            epoch,
            max_epochs,
            batch: i + 1,
            batches,
            loss: meter.mean_total(),
            lr,
            elapsed: started.elapsed(),
        });
    }
    Ok(meter.means())
}
