//! A study as a Slurm job array, against a real single-node Slurm that the
//! test starts itself (tests/slurm_support; skipped, with the reason
//! printed, where it cannot run: not root, Slurm not installed).
//!
//! One test, in order: the whole tiny study (3 tasks, 10 networks) as an
//! array with its gather job finishes with exactly the losses of a local
//! run with the same seed and threads, and `status` shows running and done
//! networks side by side while it runs; then a second store whose running
//! array task is cancelled mid-training: `status` shows it failed by the
//! signal, a resubmission submits only it, it resumes from its checkpoint,
//! and nothing else is trained twice.
#![cfg(feature = "torch")]

mod slurm_support;
mod study_support;

use slurm_support::Cluster;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};
use study_support::dataset;
use taskgroup::study::{NetworkState, StateKind, Store};

const TORCH: &str = env!("CARGO_BIN_EXE_taskgroup-torch");

/// The study's settings beyond the tiny ones ([`study_support::TINY_STUDY`]):
/// six epochs (long enough to cancel a network mid-training).
const STUDY: [&str; 2] = ["--max-epochs", "6"];

fn checked(out: Output, what: &str) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{what}: {}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// `taskgroup study submit --engine slurm` of the study into `store`, one
/// CPU per array task.
fn submit(cluster: &Cluster, manifest: &Path, store: &Path, more: &[&str]) -> String {
    let out = cluster
        .command(TORCH)
        .args(["study", "submit", "--engine", "slurm", "--data"])
        .arg(manifest)
        .arg("--store")
        .arg(store)
        .args(study_support::TINY_STUDY)
        .args(STUDY)
        .args(["--cpus-per-task", "1"])
        .args(more)
        .output()
        .unwrap();
    checked(out, "study submit")
}

/// Every record.json of a store, by network.
fn records(store: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(store.join("networks"))
        .unwrap()
        .filter_map(|e| {
            let e = e.unwrap();
            let bytes = std::fs::read(e.path().join("record.json")).ok()?;
            Some((e.file_name().to_string_lossy().into_owned(), bytes))
        })
        .collect()
}

#[test]
fn a_study_runs_as_a_slurm_array_and_a_cancelled_task_resumes() {
    let cluster = match Cluster::start() {
        Ok(c) => c,
        Err(why) => {
            eprintln!("skipping the Slurm tests: {why}");
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let manifest = dataset(dir.path());

    // The reference: the same study in this machine's one process, with the
    // one thread each array task gets (--cpus-per-task 1).
    let local = dir.path().join("local");
    let out = std::process::Command::new(TORCH)
        .args(["study", "--data"])
        .arg(&manifest)
        .arg("--store")
        .arg(&local)
        .args(study_support::TINY_STUDY)
        .args(STUDY)
        .args(["--threads", "1", "--lines"])
        .output()
        .unwrap();
    checked(out, "local study");
    let reference = Store::open(&local).unwrap().loss_frame().unwrap();
    assert_eq!(reference.height(), 15 * 3);

    // 1. The whole study as one array plus its gather job.
    let a = dir.path().join("a");
    let printed = submit(&cluster, &manifest, &a, &[]);
    assert!(printed.contains("submitted 10 networks"), "{printed}");
    let (mut both_seen, deadline) = (false, Instant::now() + Duration::from_secs(600));
    while !cluster.queue().trim().is_empty() {
        assert!(Instant::now() < deadline, "the array did not finish");
        let status = Store::open(&a).unwrap().status().unwrap();
        both_seen |= status.count(StateKind::Running) > 0 && status.count(StateKind::Done) > 0;
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        both_seen,
        "status never showed running and done networks at once"
    );
    let store = Store::open(&a).unwrap();
    let status = store.status().unwrap();
    assert_eq!(status.count(StateKind::Done), 10, "{status}");
    assert!(
        store.loss_frame().unwrap().equals(&reference),
        "the array's losses differ from the local run's"
    );
    assert!(
        a.join("report/summary.md").is_file(),
        "no report from the gather job"
    );
    let finished = cluster.finished_jobs();
    assert_eq!(
        finished.matches("JobState=COMPLETED").count(),
        1 + 10 + 1,
        "probe, 10 array tasks, gather:\n{finished}"
    );
    let shown = checked(
        cluster
            .command(TORCH)
            .args(["study", "status", "--store"])
            .arg(&a)
            .output()
            .unwrap(),
        "study status",
    );
    assert!(
        shown.contains("10 done, 0 running, 0 failed, 0 pending"),
        "{shown}"
    );

    // 2. One array task cancelled mid-training, then a resubmission.
    let b = dir.path().join("b");
    submit(&cluster, &manifest, &b, &["--max-parallel", "1"]);
    let deadline = Instant::now() + Duration::from_secs(300);
    let (victim, job) = loop {
        assert!(
            Instant::now() < deadline,
            "no network was seen mid-training"
        );
        let status = Store::open(&b).unwrap().status().unwrap();
        let mid = status.networks.iter().find_map(|n| match &n.state {
            NetworkState::Running {
                holder: Some(h),
                epoch,
            } if *epoch >= 1 && *epoch < 5 => Some((n.id.clone(), h.slurm_job.clone()?)),
            _ => None,
        });
        if let Some(found) = mid {
            break found;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    cluster.output(&["scancel", &job]);
    cluster.wait_idle(Duration::from_secs(600));
    let store = Store::open(&b).unwrap();
    let status = store.status().unwrap();
    assert_eq!(status.count(StateKind::Done), 9, "{status}");
    let cancelled = status.networks.iter().find(|n| n.id == victim).unwrap();
    let NetworkState::Failed {
        failure,
        holder,
        epoch: stopped_at,
        ..
    } = &cancelled.state
    else {
        panic!("{victim} after scancel: {:?}", cancelled.state)
    };
    assert_eq!(failure.exit_code, Some(143), "{failure:?}");
    assert!(*stopped_at >= 1, "{victim} had no checkpoint");
    let log = holder
        .as_ref()
        .and_then(|h| h.log.clone())
        .expect("the log of the cancelled task");
    assert!(log.is_file(), "{}", log.display());
    let before = records(&b);
    assert_eq!(before.len(), 9);

    let printed = submit(&cluster, &manifest, &b, &["--max-parallel", "1"]);
    assert!(printed.contains("submitted 1 networks"), "{printed}");
    let listed = std::fs::read_to_string(b.join("slurm/submit-2/networks.txt")).unwrap();
    assert_eq!(listed, format!("{victim}\n"));
    cluster.wait_idle(Duration::from_secs(600));
    let after = records(&b);
    assert_eq!(after.len(), 10);
    for (id, bytes) in &before {
        assert_eq!(&after[id], bytes, "{id} was trained again");
    }
    let logs: String = std::fs::read_dir(b.join("slurm/submit-2/logs"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        logs.contains(&format!(
            "{victim}: resuming from its checkpoint after epoch {stopped_at}"
        )),
        "{logs}"
    );
    assert!(
        Store::open(&b)
            .unwrap()
            .loss_frame()
            .unwrap()
            .equals(&reference),
        "the resumed study's losses differ from the uninterrupted run's"
    );
    let printed = submit(&cluster, &manifest, &b, &[]);
    assert!(printed.contains("nothing to submit"), "{printed}");
}
