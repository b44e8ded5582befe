//! A study trained with several networks at once in one process
//! (`RunOptions::parallel`, what `taskgroup demo` does on the CPU): every
//! network is trained exactly once, torch's thread count is divided between
//! the networks and given back afterwards, and each network ends where a
//! one-at-a-time run on the same per-network thread count ends.
//! One test in this binary: it sets torch's (process-wide) thread count.
#![cfg(feature = "torch")]

mod study_support;

use taskgroup::device::DeviceChoice;
use taskgroup::study::{run_with, ProgressMode, RunOptions, Store, StudyConfig};
use taskgroup::tasks::Task;

#[test]
fn networks_trained_side_by_side_end_as_one_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = study_support::dataset(dir.path());
    let mut config = StudyConfig {
        tasks: vec![Task::SegmentSemantic, Task::DepthZbuffer, Task::Normal],
        ..StudyConfig::tiny(manifest)
    };
    config.train.size = 32;
    config.train.batch_size = 2;
    config.train.max_epochs = 2;
    config.train.device = DeviceChoice::Cpu;
    let config = config.check().unwrap();

    tch::set_num_threads(2);
    let side_by_side = RunOptions {
        parallel: 2,
        ..RunOptions::new(ProgressMode::Silent)
    };
    let summary = run_with(dir.path().join("parallel"), &config, &side_by_side).unwrap();
    assert_eq!(tch::get_num_threads(), 2, "the thread count is given back");
    assert_eq!(summary.total, 10);
    let mut trained = summary.trained.clone();
    trained.sort();
    trained.dedup();
    assert_eq!(
        trained.len(),
        10,
        "each network once: {:?}",
        summary.trained
    );
    let again = run_with(dir.path().join("parallel"), &config, &side_by_side).unwrap();
    assert_eq!((again.already_done, again.trained.len()), (10, 0));

    // Two at once on two threads: one torch thread each. One at a time on
    // one thread trains the same networks to the same losses.
    tch::set_num_threads(1);
    run_with(
        dir.path().join("sequential"),
        &config,
        &RunOptions::new(ProgressMode::Silent),
    )
    .unwrap();
    let records = |name: &str| {
        Store::open(dir.path().join(name))
            .unwrap()
            .records()
            .unwrap()
    };
    let (parallel, sequential) = (records("parallel"), records("sequential"));
    assert_eq!(parallel.len(), 10);
    for (spec, record) in &parallel {
        let (_, alone) = sequential.iter().find(|(s, _)| s == spec).unwrap();
        assert_eq!(record.val, alone.val, "{}", spec.dir_name());
        assert_eq!(record.test, alone.test, "{}", spec.dir_name());
    }
}
