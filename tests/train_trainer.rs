//! The trainer on tiny synthetic data: steps lower the loss, a run records
//! what the study needs, a killed run resumes without losing anything, a
//! finished run is not trained again.
#![cfg(feature = "torch")]

mod train_support;

use rand::SeedableRng;
use taskgroup::data::Split;
use taskgroup::device::DeviceChoice;
use taskgroup::model::Arch;
use taskgroup::tasks::{Task, TaskSet};
use taskgroup::train::{
    PlateauConfig, Sources, StopReason, TrainConfig, TrainError, TrainStep, Trainer,
};
use train_support::{assert_same_history, random_batch, FailAt, SynthSource, Untouchable};

fn config(letters: &str) -> TrainConfig {
    TrainConfig::default()
        .with_arch(Arch::Tiny)
        .with_tasks(TaskSet::from_letters(letters).unwrap())
        .with_size(32)
        .with_batch_size(4)
        .with_device(DeviceChoice::Cpu)
        .with_seed(7)
}

#[test]
fn a_few_steps_lower_the_loss() {
    let cfg = config("sdn").with_lr(0.05);
    let mut ts = TrainStep::new(&cfg.clone().check().unwrap()).unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let batch = random_batch(cfg.tasks, 4, 32, &mut rng);
    let first = ts.evaluate(&batch).unwrap().total;
    for _ in 0..8 {
        ts.step(&batch).unwrap();
    }
    let last = ts.evaluate(&batch).unwrap().total;
    assert!(last < 0.9 * first, "loss {first} -> {last}");
}

fn sources<'a>(train: &'a SynthSource, val: &'a SynthSource, test: &'a SynthSource) -> Sources<'a> {
    Sources {
        train,
        val,
        test: Some(test),
    }
}

#[test]
fn a_run_records_history_best_esa_and_test() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = TaskSet::from_letters("sd").unwrap();
    let (train, val, test) = (
        SynthSource::new(tasks, 3, 4, 32, 1),
        SynthSource::new(tasks, 2, 4, 32, 2),
        SynthSource::new(tasks, 2, 4, 32, 3),
    );
    let cfg = config("sd").with_max_epochs(5).with_early_fraction(0.4);
    let mut reports = 0;
    let record = Trainer::new(cfg.clone().check().unwrap(), dir.path())
        .run(&sources(&train, &val, &test), &mut |_| reports += 1)
        .unwrap();
    // 5 epochs x (3 train + 2 val batches) + 2 test batches.
    assert_eq!(reports, 5 * 5 + 2);
    assert_eq!((record.epochs, record.stop), (5, StopReason::MaxEpochs));
    // ESA after ceil(0.4 * 5) = 2 epochs: the validation losses of epoch 2.
    assert_eq!(record.esa_epoch, 2);
    let val_at = |e: usize, t: Task| {
        record
            .history
            .iter()
            .find(|r| r.epoch == e && r.split == Split::Val && r.task == t)
            .unwrap()
            .loss
    };
    assert_eq!(
        record.esa[&Task::DepthZbuffer],
        val_at(2, Task::DepthZbuffer)
    );
    // The best epoch has the lowest total validation loss.
    let total = |e: usize| val_at(e, Task::SegmentSemantic) + val_at(e, Task::DepthZbuffer);
    let best = (1..=5)
        .min_by(|a, b| total(*a).total_cmp(&total(*b)))
        .unwrap();
    assert_eq!(record.best_epoch, best);
    assert_eq!(
        record.val[&Task::SegmentSemantic],
        val_at(best, Task::SegmentSemantic)
    );
    // 5 epochs x 2 splits x 2 tasks + 2 test rows; test rows carry the best epoch.
    assert_eq!(record.history.len(), 22);
    let test_rows: Vec<_> = record
        .history
        .iter()
        .filter(|r| r.split == Split::Test)
        .collect();
    assert!(test_rows.iter().all(|r| r.epoch == best));
    assert_eq!(record.test.as_ref().unwrap().len(), 2);
    // The configuration was saved; only the last epoch's checkpoint is kept.
    let saved: TrainConfig =
        serde_json::from_slice(&std::fs::read(dir.path().join("config.json")).unwrap()).unwrap();
    assert_eq!(saved, cfg);
    assert!(dir.path().join("weights-5.safetensors").exists());
    assert!(!dir.path().join("weights-4.safetensors").exists());
    assert!(dir.path().join("best.safetensors").exists());
    // A finished run returns its record without reading any data.
    let again = Trainer::new(cfg.check().unwrap(), dir.path())
        .run(
            &Sources {
                train: &Untouchable,
                val: &Untouchable,
                test: None,
            },
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(again, record);
}

#[test]
fn a_killed_run_resumes_and_loses_nothing() {
    let tasks = TaskSet::from_letters("sn").unwrap();
    let (train, val, test) = (
        SynthSource::new(tasks, 3, 4, 32, 4),
        SynthSource::new(tasks, 2, 4, 32, 5),
        SynthSource::new(tasks, 1, 4, 32, 6),
    );
    let cfg = config("sn").with_max_epochs(4);
    let whole = tempfile::tempdir().unwrap();
    let reference = Trainer::new(cfg.clone().check().unwrap(), whole.path())
        .run(&sources(&train, &val, &test), &mut |_| {})
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    // Killed in the middle of the third epoch (epoch index 2, batch 1).
    let dying = FailAt {
        inner: &train,
        epoch: 2,
        batch: 1,
    };
    let err = Trainer::new(cfg.clone().check().unwrap(), dir.path())
        .run(
            &Sources {
                train: &dying,
                val: &val,
                test: Some(&test),
            },
            &mut |_| {},
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            TrainError::Data {
                epoch: 3,
                batch: 1,
                ..
            }
        ),
        "{err}"
    );
    let state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("state.json")).unwrap()).unwrap();
    assert_eq!(state["epoch"], 2);
    // Resume: epochs 3 and 4 are trained, the result equals the uninterrupted run.
    let mut epochs_seen = std::collections::BTreeSet::new();
    let resumed = Trainer::new(cfg.clone().check().unwrap(), dir.path())
        .run(&sources(&train, &val, &test), &mut |p| {
            epochs_seen.insert(p.epoch);
        })
        .unwrap();
    assert!(!epochs_seen.contains(&1) && epochs_seen.contains(&3));
    assert_same_history(&resumed, &reference);
    assert_eq!(resumed.best_epoch, reference.best_epoch);
    // A different configuration in the same directory is refused.
    let other = cfg.with_seed(8);
    let err = Trainer::new(other.check().unwrap(), dir.path())
        .run(&sources(&train, &val, &test), &mut |_| {})
        .unwrap_err();
    assert!(matches!(err, TrainError::ConfigMismatch { .. }), "{err}");
}

#[test]
fn the_schedule_stops_training_at_the_lr_floor() {
    // 4 batches of 4 images per epoch, window 32 images = 8 steps, no hold,
    // p_threshold 0 (every check halves): the first check fires at step 9
    // (epoch 3), the window doubles to 16 steps, the next fires at step
    // 9 + 17 = 26 (epoch 7). With lr 0.1 and floor 0.04 the rate is 0.025
    // after epoch 7, so the run stops before epoch 8.
    let tasks = TaskSet::from_letters("k").unwrap();
    let (train, val) = (
        SynthSource::new(tasks, 4, 4, 32, 9),
        SynthSource::new(tasks, 1, 4, 32, 10),
    );
    let schedule = PlateauConfig {
        initial_window_images: 32,
        max_window_images: 128,
        hold_epochs: 0,
        p_threshold: 0.0,
        ..Default::default()
    };
    let cfg = config("k")
        .with_schedule(schedule)
        .with_lr_floor(0.04)
        .with_max_epochs(50);
    let dir = tempfile::tempdir().unwrap();
    let record = Trainer::new(cfg.check().unwrap(), dir.path())
        .run(
            &Sources {
                train: &train,
                val: &val,
                test: None,
            },
            &mut |_| {},
        )
        .unwrap();
    assert_eq!((record.stop, record.epochs), (StopReason::LrFloor, 7));
    let lr = |e: usize| record.history.iter().find(|r| r.epoch == e).unwrap().lr;
    assert_eq!([lr(2), lr(3), lr(6), lr(7)], [0.1, 0.05, 0.05, 0.025]);
    // Stopped before the ESA epoch (ceil(0.2 * 50) = 10): ESA is the last epoch's.
    assert_eq!(record.esa_epoch, 7);
}
