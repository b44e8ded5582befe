//! Synthetic data through the loader: the generator's output, described by
//! `Manifest::write_synth`, checks clean, loads identically from folders and
//! tars, and decodes to physically sensible targets.

use taskgroup::data::{
    check, CheckConfig, Dataset, HostBatch, HostValues, Loader, LoaderConfig, Manifest, Split,
};
use taskgroup::synth::{generate, SynthConfig};
use taskgroup::tasks::{Task, TaskSet};

fn make(tar: bool) -> (tempfile::TempDir, Dataset) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("synthetic");
    let config = SynthConfig::default()
        .with_buildings(3)
        .with_points(2)
        .with_views(2)
        .with_size(32)
        .with_seed(5)
        .with_tar(tar);
    let output = generate(&config, &root).unwrap();
    let path = Manifest::write_synth(&output).unwrap();
    (dir, Dataset::open(path).unwrap())
}

fn epoch(dataset: &Dataset, split: Split) -> Vec<HostBatch> {
    let config = LoaderConfig::default()
        .with_batch_size(3)
        .with_size(32)
        .with_seed(1);
    let loader = Loader::new(
        dataset,
        split,
        TaskSet::from_letters("sdnkterca").unwrap(),
        config,
    )
    .unwrap();
    loader.host_epoch(0).collect::<Result<_, _>>().unwrap()
}

#[test]
fn synthetic_data_checks_clean_and_loads_the_same_from_folders_and_tars() {
    let (_a, folders) = make(false);
    let (_b, tars) = make(true);
    for dataset in [&folders, &tars] {
        let report = check(dataset, &CheckConfig::default()).unwrap();
        assert!(report.is_ok(), "{report}");
        assert_eq!(report.images, 12, "3 buildings x 2 points x 2 views");
    }
    for split in Split::IMAGES {
        let (a, b) = (epoch(&folders, split), epoch(&tars, split));
        assert!(!a.is_empty(), "{split}");
        assert!(a == b, "{split}: folders and tars differ");
    }
    // Valid-depth normals decode to unit vectors (8-bit quantisation: |n| within 2%).
    for batch in epoch(&folders, Split::Train) {
        let t = &batch.targets[&Task::Normal];
        let (HostValues::F32(n), Some(mask)) = (&t.value, &t.mask) else {
            panic!("normals")
        };
        let plane = 32 * 32;
        for (i, _) in batch.images.iter().enumerate() {
            for p in (0..plane).filter(|&p| mask[i * plane + p] == 1.0) {
                let v: Vec<f32> = (0..3).map(|c| n[(i * 3 + c) * plane + p]).collect();
                let len = v.iter().map(|x| x * x).sum::<f32>().sqrt();
                assert!(
                    (len - 1.0).abs() < 0.02,
                    "|n| = {len} at image {i} pixel {p}"
                );
            }
        }
    }
}
