//! The study end to end on a tiny synthetic dataset: every subset of three
//! tasks plus the half-size singles into a store, read back as DataFrames
//! and loss tables; a killed run resumes without losing or repeating work;
//! two processes sharing a store never train the same network twice.
#![cfg(feature = "torch")]

mod study_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use study_support::{dataset, records};
use taskgroup::device::DeviceChoice;
use taskgroup::losses::Split;
use taskgroup::study::{run, ProgressMode, Store, StudyConfig, StudyError, ValidStudyConfig};
use taskgroup::tasks::Task;
use taskgroup::train::{PlateauConfig, TrainSettings};

/// The tiny preset on three tasks, smaller still (32x32 inputs, batches of
/// 2, on the CPU) and with the default plateau windows, which the CLI has
/// no flags for (no window closes in a few epochs of this dataset anyway).
fn config(manifest: PathBuf, max_epochs: usize) -> ValidStudyConfig {
    let tiny = StudyConfig::tiny(manifest);
    StudyConfig {
        tasks: vec![Task::SegmentSemantic, Task::DepthZbuffer, Task::Normal],
        train: TrainSettings {
            size: 32,
            batch_size: 2,
            max_epochs,
            device: DeviceChoice::Cpu,
            schedule: PlateauConfig::default(),
            ..tiny.train
        },
        ..tiny
    }
    .check()
    .unwrap()
}

/// The CLI arguments equal to `config(manifest, epochs)`.
fn cli(manifest: &Path, store: &Path, epochs: usize) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_taskgroup-torch"));
    cmd.args(["study", "--data"])
        .arg(manifest)
        .arg("--store")
        .arg(store);
    cmd.args(study_support::TINY_STUDY).arg("--lines");
    cmd.args(["--max-epochs", &epochs.to_string()]);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd
}

#[test]
fn three_task_study_into_frames_and_tables() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dataset(dir.path()), 2);
    let store_dir = dir.path().join("store");
    let summary = run(&store_dir, &cfg, ProgressMode::Silent).unwrap();
    assert_eq!(
        (summary.total, summary.trained.len(), summary.already_done),
        (10, 10, 0)
    );

    let store = Store::open(&store_dir).unwrap();
    let losses = store.loss_frame().unwrap();
    // 7 full-size networks carry 12 task slots, the 3 half-size ones 3: 15 slots x 3 splits.
    assert_eq!(losses.height(), 15 * 3);
    let history = store.history_frame().unwrap();
    assert!(
        history.height() >= 15 * 2 * 2,
        "train and val rows for 2 epochs"
    );
    for split in [Split::Val, Split::Test, Split::Esa] {
        let table = store.loss_table(split).unwrap();
        assert_eq!(table.columns(), ["s", "d", "n"]);
        assert_eq!(table.networks().len(), 10);
        // Budget 1.5 always fits: all three half-size networks.
        let best = table.optimal(&[1.0, 1.5, 3.0]).unwrap();
        assert!(best.iter().all(Option::is_some));
    }
    // The three-task network's predictions for a validation batch, drawn
    // next to the targets.
    let dataset = taskgroup::data::Dataset::open(&cfg.data).unwrap();
    let tasks = cfg.task_set();
    let loader = taskgroup::data::Loader::new(
        &dataset,
        taskgroup::data::Split::Val,
        tasks,
        taskgroup::data::LoaderConfig {
            batch_size: 2,
            size: 32,
            flip: false,
            shuffle: false,
            ..Default::default()
        },
    )
    .unwrap();
    let batch = loader.host_epoch(0).next().unwrap().unwrap();
    let predicted = store
        .predict(taskgroup::study::NetworkSpec::full(tasks), &batch)
        .unwrap();
    assert_eq!(predicted.targets.len(), 3);
    for (task, target) in &predicted.targets {
        assert_eq!(
            target.value.len(),
            2 * 32 * 32 * if *task == Task::Normal { 3 } else { 1 },
            "{task}"
        );
    }
    let grid = taskgroup::plot::SampleGrid::with_predictions(&batch, &predicted, 2).unwrap();
    assert_eq!(grid.rows.len(), 2);
    assert_eq!(grid.rows[0].len(), 1 + 3 * 2);
    // A second run trains nothing.
    let again = run(&store_dir, &cfg, ProgressMode::Silent).unwrap();
    assert_eq!((again.trained.len(), again.already_done), (0, 10));
    // Other settings on the same store are refused.
    let other = config(cfg.data.clone(), 3);
    assert!(run(&store_dir, &other, ProgressMode::Silent)
        .unwrap_err()
        .to_string()
        .contains("different configuration"));
}

#[test]
fn killed_run_resumes_without_losing_or_repeating_work() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dataset(dir.path());
    let store_dir = dir.path().join("store");
    let mut child = cli(&manifest, &store_dir, 4).spawn().unwrap();
    // Kill the process once at least two networks are finished.
    let deadline = Instant::now() + Duration::from_secs(120);
    while store_dir.join("networks").exists() && records(&store_dir).len() < 2
        || !store_dir.join("networks").exists()
    {
        assert!(Instant::now() < deadline, "no network finished in time");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let before = records(&store_dir);
    assert!(
        before.len() >= 2 && before.len() < 10,
        "killed mid-study: {} records",
        before.len()
    );

    let summary = run(&store_dir, &config(manifest, 4), ProgressMode::Silent).unwrap();
    assert_eq!(summary.already_done, before.len());
    assert_eq!(summary.trained.len() + before.len(), 10);
    let after = records(&store_dir);
    assert_eq!(after.len(), 10);
    // Finished networks were not retrained: their records are byte-identical.
    for (id, bytes) in &before {
        assert_eq!(
            &after.iter().find(|(a, _)| a == id).unwrap().1,
            bytes,
            "{id} changed"
        );
    }
}

#[test]
fn two_processes_share_a_store_without_training_a_network_twice() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dataset(dir.path());
    let store_dir = dir.path().join("store");
    // Create the store first so both processes find the same study.json.
    Store::create(&store_dir, &config(manifest.clone(), 3)).unwrap();
    let a = cli(&manifest, &store_dir, 3).spawn().unwrap();
    let b = cli(&manifest, &store_dir, 3).spawn().unwrap();
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(
        a.status.success() && b.status.success(),
        "{}",
        String::from_utf8_lossy(&b.stderr)
    );
    let trained = |out: &[u8]| -> usize {
        let text = String::from_utf8_lossy(out);
        let line = text
            .lines()
            .find(|l| l.contains("trained now"))
            .expect("a summary line")
            .to_string();
        // "study DIR: 10 networks, 0 already done, N trained now ..."
        line.split(", ")
            .find(|p| p.ends_with("trained now") || p.contains("trained now"))
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let (ta, tb) = (trained(&a.stdout), trained(&b.stdout));
    assert_eq!(records(&store_dir).len(), 10);
    // Every network trained by exactly one of them; none left untrained by both
    // unless the other had already finished it.
    assert!(
        ta + tb <= 10,
        "{ta} + {tb} networks trained: one was trained twice"
    );
    assert_eq!(ta + tb, 10, "{ta} + {tb}");
    // Issue 11: each process's summary accounts for every network.
    for out in [&a.stdout, &b.stdout] {
        let text = String::from_utf8_lossy(out);
        let line = text.lines().find(|l| l.contains("trained now")).unwrap();
        let counted: usize = line
            .split(", ")
            .skip(1)
            .filter_map(|part| part.split_whitespace().next()?.parse::<usize>().ok())
            .sum();
        assert_eq!(counted, 10, "{line}");
    }
}

#[test]
fn processes_creating_one_store_with_different_settings_leave_one() {
    // Issue 11: the check of the stored settings raced with their creation,
    // so two studies with different settings could both train into one new
    // store. Eight creators at once (separate lock descriptions conflict
    // within one process as between processes), half with one epoch and
    // half with two, twenty times over.
    let dir = tempfile::tempdir().unwrap();
    let manifest = dataset(dir.path());
    for round in 0..20 {
        let store_dir = dir.path().join(format!("store{round}"));
        let barrier = std::sync::Barrier::new(8);
        let results: Vec<(usize, Result<Store, StudyError>)> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    let (barrier, store_dir) = (&barrier, &store_dir);
                    let config = config(manifest.clone(), 1 + i % 2);
                    s.spawn(move || {
                        barrier.wait();
                        (1 + i % 2, Store::create(store_dir, &config))
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let stored = Store::open(&store_dir).unwrap().config().train.max_epochs;
        for (epochs, result) in results {
            match result {
                Ok(store) => {
                    assert_eq!(
                        epochs, stored,
                        "round {round}: a creator with other settings got the store"
                    );
                    assert_eq!(store.config().train.max_epochs, stored);
                }
                Err(StudyError::ConfigMismatch { .. }) => assert_ne!(epochs, stored),
                Err(other) => panic!("round {round}: {other}"),
            }
        }
    }
}

#[test]
fn temporary_files_of_dead_writers_are_removed_on_the_next_run() {
    // Issue 11: a writer killed between writing and renaming leaves its
    // `.tmp-*` file; the next process removes it wherever no live process
    // holds the folder's lock.
    let dir = tempfile::tempdir().unwrap();
    let manifest = dataset(dir.path());
    let store_dir = dir.path().join("store");
    let config = config(manifest, 1);
    let store = Store::create(&store_dir, &config).unwrap();
    let specs = config.networks();
    let (dead, live) = (store.network_dir(specs[0]), store.network_dir(specs[1]));
    let temporaries = [
        store_dir.join(".tmp-study"),
        dead.join(".tmp-checkpoint"),
        live.join(".tmp-checkpoint"),
    ];
    for t in &temporaries {
        std::fs::create_dir_all(t.parent().unwrap()).unwrap();
        std::fs::write(t, b"half written").unwrap();
    }
    // Another process is training the second network right now.
    let held = taskgroup::study::NetworkLock::try_acquire(&live)
        .unwrap()
        .unwrap();
    let kept = live.join("lock");
    Store::create(&store_dir, &config).unwrap();
    assert!(!temporaries[0].exists() && !temporaries[1].exists());
    assert!(temporaries[2].exists(), "a live writer's file was removed");
    assert!(kept.exists());
    drop(held);
    Store::create(&store_dir, &config).unwrap();
    assert!(!temporaries[2].exists());
}

#[test]
fn keep_going_trains_past_a_failed_network_and_a_rerun_retries_it() {
    // Issue 11: one failing network stopped the whole study. Without the
    // normal domain's files every network carrying n fails; with
    // --keep-going the others train, the failures are noted in their
    // folders and listed, the exit status says so, and a rerun (files back)
    // trains exactly the failed ones.
    let dir = tempfile::tempdir().unwrap();
    let manifest = dataset(dir.path());
    let store_dir = dir.path().join("store");
    let normal = dir.path().join("data/normal");
    let away = dir.path().join("data/normal.away");
    std::fs::rename(&normal, &away).unwrap();
    let out = cli(&manifest, &store_dir, 1)
        .arg("--keep-going")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stdout.contains("5 trained now, 5 failed"), "{stdout}");
    let store = Store::open(&store_dir).unwrap();
    let mut failed = Vec::new();
    for spec in store.config().networks() {
        let id = spec.dir_name();
        match (store.record(spec).unwrap(), store.failure(spec).unwrap()) {
            (Some(_), None) => assert!(!id.contains('n'), "{id} trained without its data"),
            (None, Some(f)) => {
                assert!(id.contains('n'), "{id} failed: {}", f.error);
                assert!(f.error.contains("normal"), "{id}: {}", f.error);
                assert!(stderr.contains(&format!("failed: {id}: ")), "{stderr}");
                failed.push(id);
            }
            other => panic!("{id}: {other:?}"),
        }
    }
    assert_eq!(failed.len(), 5);
    // Without --keep-going the first failure stops the run (exit 1).
    let out = cli(&manifest, &store_dir, 1).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("normal"));

    std::fs::rename(&away, &normal).unwrap();
    let out = cli(&manifest, &store_dir, 1).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("5 already done, 5 trained now in"),
        "{stdout}"
    );
    for spec in store.config().networks() {
        assert!(store.record(spec).unwrap().is_some());
        assert_eq!(store.failure(spec).unwrap(), None);
    }
}

#[test]
fn workers_share_a_store_and_each_trains_its_own_networks() {
    // Issue 12: `--workers 2` starts two processes on one store.
    let dir = tempfile::tempdir().unwrap();
    let manifest = dataset(dir.path());
    let store_dir = dir.path().join("store");
    let out = cli(&manifest, &store_dir, 2)
        .args(["--workers", "2"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("2 workers (1 threads each)"), "{stdout}");
    let trained_by = |worker: &str| {
        stdout
            .lines()
            .filter(|l| l.starts_with(worker) && l.contains(" done in "))
            .count()
    };
    let (a, b) = (trained_by("[worker 0]"), trained_by("[worker 1]"));
    assert_eq!(a + b, 10, "each network once: {a} + {b}\n{stdout}");
    assert!(a > 0 && b > 0, "one worker did everything: {a} + {b}");
    assert_eq!(records(&store_dir).len(), 10);
    assert!(stdout.contains("10 networks: 10 done, 0 running, 0 failed, 0 pending"));
}

#[test]
fn status_reads_a_partial_store_while_a_network_is_held() {
    use taskgroup::study::{Holder, NetworkLock, NetworkSpec, NetworkState, StateKind};
    let dir = tempfile::tempdir().unwrap();
    let manifest = dataset(dir.path());
    let store_dir = dir.path().join("store");
    let only = StudyConfig {
        only: Some(vec!["s".into()]),
        ..config(manifest.clone(), 1).into_inner()
    }
    .check()
    .unwrap();
    run(&store_dir, &only, ProgressMode::Silent).unwrap();
    let store = Store::open(&store_dir).unwrap();
    // The partial store reads as frames and tables, and says what is missing.
    assert_eq!(store.loss_table(Split::Val).unwrap().networks().len(), 1);
    let status = store.status().unwrap();
    assert_eq!(status.networks.len(), 10);
    assert_eq!((status.count(StateKind::Done), status.missing()), (1, 9));
    assert!(status
        .summary()
        .contains("1 done, 0 running, 0 failed, 9 pending (9 missing)"));

    // A live holder of `d`'s lock is running; once it lets go (as a killed
    // process would) its note is the last attempt of a pending network.
    let d = NetworkSpec::from_dir_name("d").unwrap();
    let held = NetworkLock::try_acquire(&store.network_dir(d))
        .unwrap()
        .unwrap();
    Holder::this_process().write(&store.network_dir(d)).unwrap();
    let state = |store: &Store| {
        store
            .status()
            .unwrap()
            .networks
            .into_iter()
            .find(|n| n.id == "d")
            .unwrap()
            .state
    };
    match state(&store) {
        NetworkState::Running {
            holder: Some(h),
            epoch: 0,
        } => {
            assert_eq!(h.pid, std::process::id())
        }
        other => panic!("held d: {other:?}"),
    }
    drop(held);
    assert!(matches!(
        state(&store),
        NetworkState::Pending {
            holder: Some(_),
            epoch: 0,
            ..
        }
    ));
    store.mark_failed(d, "out of memory", Some(1)).unwrap();
    let frame = store.status().unwrap().to_frame().unwrap();
    assert_eq!(frame.height(), 10);
    let shown = store.status().unwrap().to_string();
    assert!(shown.contains("d       failed   epoch 0/1"), "{shown}");
    assert!(shown.contains("exit 1: out of memory"), "{shown}");
}

#[test]
fn a_store_knows_its_data_by_content_not_by_the_path_spelling() {
    // Issue 11: `--data d`, `--data /abs/d` and `--data d/manifest.json`
    // were "different configurations"; `--skip-bad` changes no result.
    let dir = tempfile::tempdir().unwrap();
    let manifest = dataset(dir.path());
    let folder = manifest.parent().unwrap().to_path_buf();
    let store_dir = dir.path().join("store");
    let with = |data: PathBuf, skip_bad: bool| {
        let base = config(manifest.clone(), 1).into_inner();
        StudyConfig {
            data,
            loading: taskgroup::study::StudyLoading {
                skip_bad,
                ..base.loading.clone()
            },
            ..base
        }
        .check()
        .unwrap()
    };
    Store::create(&store_dir, &with(manifest.clone(), false)).unwrap();
    let cwd = std::env::current_dir().unwrap();
    let relative = pathdiff(&folder, &cwd);
    for (data, skip_bad) in [
        (folder.clone(), false),
        (relative, true),
        (manifest.clone(), true),
    ] {
        Store::create(&store_dir, &with(data.clone(), skip_bad))
            .unwrap_or_else(|e| panic!("{} refused: {e}", data.display()));
    }
    // Another dataset (a copy with one building less) is refused, by what it is.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let mut text: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    text["buildings"].as_array_mut().unwrap().pop();
    text["root"] = serde_json::Value::String(folder.display().to_string());
    std::fs::write(other.join("manifest.json"), text.to_string()).unwrap();
    match Store::create(&store_dir, &with(other.clone(), false)) {
        Err(StudyError::ConfigMismatch { what, .. }) => {
            assert!(what.starts_with("data: the store's is manifest "), "{what}")
        }
        other => panic!("another dataset accepted: {other:?}"),
    }
    // A mistyped path leaves no store behind.
    let typo = dir.path().join("typo-store");
    assert!(Store::create(&typo, &with(dir.path().join("nope"), false)).is_err());
    assert!(!typo.exists());
}

/// `path` relative to `base` (both absolute), through `..` as needed.
fn pathdiff(path: &Path, base: &Path) -> PathBuf {
    let (p, b): (Vec<_>, Vec<_>) = (path.components().collect(), base.components().collect());
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c);
    }
    out
}

#[test]
fn a_failed_network_is_retried_with_other_optimisation_settings() {
    // Issue 11: a diverged network failed every rerun; the only way on was
    // deleting its folder, and other settings were a "different study".
    let dir = tempfile::tempdir().unwrap();
    let manifest = dataset(dir.path());
    let store_dir = dir.path().join("store");
    let with = |lr: f64, only: Option<&str>| {
        let base = config(manifest.clone(), 1).into_inner();
        StudyConfig {
            train: TrainSettings {
                lr,
                ..base.train.clone()
            },
            only: only.map(|o| vec![o.to_string()]),
            ..base
        }
        .check()
        .unwrap()
    };
    let diverging = with(1e12, Some("s"));
    let err = run(&store_dir, &diverging, ProgressMode::Silent).unwrap_err();
    assert!(matches!(err, StudyError::Train { .. }), "{err}");
    let store = Store::open(&store_dir).unwrap();
    let s = taskgroup::study::NetworkSpec::from_dir_name("s").unwrap();
    assert!(store.failure(s).unwrap().is_some());

    // Other settings for the whole study are still another study, with a hint.
    match run(&store_dir, &with(0.1, None), ProgressMode::Silent) {
        Err(StudyError::ConfigMismatch { what, .. }) => {
            assert!(what.contains("name them with --only"), "{what}")
        }
        other => panic!("accepted: {other:?}"),
    }
    // For the failed network alone they are its retry.
    let summary = run(&store_dir, &with(0.1, Some("s")), ProgressMode::Silent).unwrap();
    assert_eq!(summary.trained, ["s"]);
    let store = Store::open(&store_dir).unwrap();
    let record = store.record(s).unwrap().unwrap();
    assert_eq!(record.config.settings.lr, 0.1);
    assert_eq!(
        store.config().train.lr,
        1e12,
        "study.json keeps the study's settings"
    );
    let retry = store.retry(s).unwrap().unwrap();
    assert_eq!(retry.changed, ["lr"]);
    let previous = retry.previous_attempt.expect("the failed attempt is kept");
    assert!(
        previous.join("config.json").is_file(),
        "{}",
        previous.display()
    );
    assert!(store.failure(s).unwrap().is_none());
    // A finished network is not retried.
    let err = run(&store_dir, &with(0.05, Some("s")), ProgressMode::Silent).unwrap_err();
    assert!(err.to_string().contains("network s is finished"), "{err}");
}

#[test]
fn skip_bad_counts_reach_the_record_and_the_study() {
    // Issue 11: with --skip-bad no skip count appeared anywhere.
    let dir = tempfile::tempdir().unwrap();
    let manifest = dataset(dir.path());
    let normal = manifest.parent().unwrap().join("normal");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&normal)
        .unwrap()
        .flat_map(|b| std::fs::read_dir(b.unwrap().path()).unwrap())
        .map(|f| f.unwrap().path())
        .collect();
    files.sort();
    std::fs::remove_file(&files[0]).unwrap();
    let store_dir = dir.path().join("store");
    let base = config(manifest, 1).into_inner();
    let cfg = StudyConfig {
        only: Some(vec!["n".into(), "s".into()]),
        loading: taskgroup::study::StudyLoading {
            skip_bad: true,
            ..base.loading.clone()
        },
        ..base
    }
    .check()
    .unwrap();
    run(&store_dir, &cfg, ProgressMode::Silent).unwrap();
    let store = Store::open(&store_dir).unwrap();
    let n = taskgroup::study::NetworkSpec::from_dir_name("n").unwrap();
    let record = store.record(n).unwrap().unwrap();
    let line = record.skips_line().expect("the skip is in the record");
    assert!(line.contains("missing_label 1"), "{line}");
    let s = taskgroup::study::NetworkSpec::from_dir_name("s").unwrap();
    assert_eq!(
        store.record(s).unwrap().unwrap().skips_line(),
        None,
        "s reads no normal"
    );
    let frame = store.skips_frame().unwrap();
    assert_eq!(frame.height(), 1, "{frame}");
    let first = frame
        .column("first")
        .unwrap()
        .str()
        .unwrap()
        .get(0)
        .unwrap()
        .to_string();
    assert!(first.contains(&files[0].display().to_string()), "{first}");
}
