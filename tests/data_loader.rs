//! The loader on tiny datasets: every layout gives the same batches, known
//! label values decode to the paper's targets, flips, seeds, splits.

mod data_support;

use data_support::{write_dataset, Kind, Spec, KINDS};
use taskgroup::data::{
    Dataset, HostBatch, HostValues, ImageKey, Loader, LoaderConfig, Manifest, Split, SplitRule,
};
use taskgroup::tasks::{Task, TaskSet};

fn all_tasks() -> TaskSet {
    TaskSet::from_letters("sdnkterca").unwrap()
}

fn config() -> LoaderConfig {
    LoaderConfig::default()
        .with_batch_size(2)
        .with_size(8)
        .with_seed(7)
}

fn batches(loader: &Loader, epoch: u64) -> Vec<HostBatch> {
    loader.host_epoch(epoch).collect::<Result<_, _>>().unwrap()
}

fn f32s(b: &HostBatch, task: Task) -> &[f32] {
    match &b.targets[&task].value {
        HostValues::F32(v) => v,
        HostValues::I64(_) => panic!("{task} holds class indices"),
    }
}

/// Value of image `i`, channel `c`, pixel (y, x) of a `[B, C, S, S]` buffer.
fn at(v: &[f32], channels: usize, s: usize, i: usize, c: usize, y: usize, x: usize) -> f32 {
    v[((i * channels + c) * s + y) * s + x]
}

#[test]
fn every_layout_gives_identical_batches() {
    let spec = Spec::tiny();
    let mut reference: Option<Vec<Vec<HostBatch>>> = None;
    for kind in KINDS {
        let dir = tempfile::tempdir().unwrap();
        write_dataset(dir.path(), kind, &spec);
        let dataset = Dataset::open(dir.path()).unwrap();
        let loader = Loader::new(&dataset, Split::Train, all_tasks(), config()).unwrap();
        assert_eq!(loader.images(), 3);
        assert_eq!(loader.len(), 2, "3 images in batches of 2");
        let epochs = vec![batches(&loader, 0), batches(&loader, 1)];
        assert_eq!(
            epochs[0].iter().map(HostBatch::len).collect::<Vec<_>>(),
            [2, 1]
        );
        match &reference {
            None => reference = Some(epochs),
            Some(r) => assert!(r == &epochs, "{kind:?} differs from the first layout"),
        }
        assert!(loader.skips().is_empty());
    }
}

#[test]
fn known_labels_decode_to_the_papers_targets() {
    let dir = tempfile::tempdir().unwrap();
    write_dataset(dir.path(), Kind::DomainBuilding, &Spec::tiny());
    let dataset = Dataset::open(dir.path().join("manifest.json")).unwrap();
    let loader = Loader::new(
        &dataset,
        Split::Train,
        all_tasks(),
        config().with_flip(false).with_shuffle(false),
    )
    .unwrap();
    let b = &batches(&loader, 0)[0];
    let s = 8;
    assert_eq!(b.images[0].key, ImageKey { point: 0, view: 0 });
    // Depth: (raw - 1500) / 1000 with raw = 1280 (2.5 m * 512), back to metres.
    let d = f32s(b, Task::DepthZbuffer);
    let v = at(d, 1, s, 0, 0, 5, 5);
    assert!((v - (-0.22)).abs() < 1e-6, "{v}");
    assert!(((v * 1000.0 + 1500.0) / 512.0 - 2.5).abs() < 1e-5);
    // The top-left 2x2 native block has raw 65535 (invalid): masked out, and
    // it alone feeds output pixel (0,0) (a 2x2 mean when halving).
    let mask = b.targets[&Task::DepthZbuffer].mask.as_ref().unwrap();
    assert_eq!(mask[0], 0.0);
    assert_eq!(mask[1], 1.0);
    assert_eq!(
        mask.iter().filter(|&&m| m == 0.0).count(),
        2,
        "one pixel per image of the batch"
    );
    assert!((at(d, 1, s, 0, 0, 0, 0) - (65535.0 - 1500.0) / 1000.0).abs() < 1e-3);
    // Normals: v / 255 * 2 - 1; left half (255,128,128) = +x, right half faces the camera.
    let n = f32s(b, Task::Normal);
    assert!((at(n, 3, s, 0, 0, 4, 3) - 1.0).abs() < 1e-6);
    let y128 = 128.0 / 255.0 * 2.0 - 1.0; // 0.0039216
    assert!((at(n, 3, s, 0, 0, 4, 4) - y128).abs() < 1e-6);
    assert!((at(n, 3, s, 0, 2, 4, 4) - 1.0).abs() < 1e-6);
    assert_eq!(b.targets[&Task::Normal].mask.as_ref().unwrap(), mask);
    // Classes: native column mod 18, nearest (floor(2x)) => 0, 2, ..., 14.
    match &b.targets[&Task::SegmentSemantic].value {
        HostValues::I64(v) => assert_eq!(&v[..8], &[0, 2, 4, 6, 8, 10, 12, 14]),
        HostValues::F32(_) => panic!("classes must be indices"),
    }
    assert!(b.targets[&Task::SegmentSemantic].mask.is_none());
    // Keypoints: raw 10 * column; the 2x2 mean of columns 2x, 2x+1 is 20x + 5; (raw - 50) / 100.
    let k = f32s(b, Task::Keypoints2d);
    for x in 0..s {
        assert!((at(k, 1, s, 0, 0, 3, x) - (20.0 * x as f32 + 5.0 - 50.0) / 100.0).abs() < 1e-6);
    }
    assert!(b.targets[&Task::Keypoints2d].mask.is_none());
    // Edge occlusion 56: (56 - 56.0248) / 239.1265.
    assert!((f32s(b, Task::EdgeOcclusion)[9] - (56.0 - 56.0248) / 239.1265).abs() < 1e-6);
    // Curvature 127 in both channels: (127/255 - mean) / std per channel.
    let c = f32s(b, Task::PrincipalCurvature);
    assert!((at(c, 2, s, 0, 0, 1, 1) - (127.0 / 255.0 - 0.5175) / 0.1373).abs() < 1e-5);
    assert!((at(c, 2, s, 0, 1, 1, 1) - (127.0 / 255.0 - 0.4987) / 0.0359).abs() < 1e-4);
    // Reshading grey 4 * column, mean of columns 2x, 2x+1 = 8x + 2, then /255 and standardised.
    let r = f32s(b, Task::Reshading);
    assert!((at(r, 1, s, 0, 0, 0, 3) - ((26.0 / 255.0) - 0.4962) / 0.2846).abs() < 1e-5);
    // The autoencoder's target is the input.
    assert_eq!(f32s(b, Task::Autoencoder), b.input.as_slice());
    assert!(b.input.iter().all(|v| (0.0..=1.0).contains(v)));
}

#[test]
fn a_flip_mirrors_every_target_and_negates_normal_x() {
    let dir = tempfile::tempdir().unwrap();
    write_dataset(dir.path(), Kind::Tar, &Spec::tiny());
    let dataset = Dataset::open(dir.path()).unwrap();
    let plain = Loader::new(
        &dataset,
        Split::Train,
        all_tasks(),
        config()
            .with_flip(false)
            .with_shuffle(false)
            .with_batch_size(3),
    )
    .unwrap();
    let flipping = Loader::new(
        &dataset,
        Split::Train,
        all_tasks(),
        config().with_shuffle(false).with_batch_size(3),
    )
    .unwrap();
    let (a, s) = (&batches(&plain, 0)[0], 8);
    let mut flipped_seen = 0;
    for epoch in 0..4 {
        let b = &batches(&flipping, epoch)[0];
        for (i, id) in b.images.iter().enumerate() {
            assert_eq!(id.key, a.images[i].key);
            let (na, nb) = (f32s(a, Task::Normal), f32s(b, Task::Normal));
            let (ka, kb) = (f32s(a, Task::Keypoints2d), f32s(b, Task::Keypoints2d));
            for x in 0..s {
                let mirror = if id.flipped { s - 1 - x } else { x };
                let sign = if id.flipped { -1.0 } else { 1.0 };
                assert_eq!(
                    at(nb, 3, s, i, 0, 2, x),
                    sign * at(na, 3, s, i, 0, 2, mirror)
                );
                assert_eq!(at(nb, 3, s, i, 2, 2, x), at(na, 3, s, i, 2, 2, mirror));
                assert_eq!(at(kb, 1, s, i, 0, 2, x), at(ka, 1, s, i, 0, 2, mirror));
            }
            flipped_seen += usize::from(id.flipped);
        }
    }
    // 12 fair coin flips; all-heads or all-tails would mean no augmentation.
    assert!(flipped_seen > 0 && flipped_seen < 12, "{flipped_seen}");
}

#[test]
fn a_seed_gives_the_same_batches_whatever_the_threads() {
    let dir = tempfile::tempdir().unwrap();
    let spec = Spec {
        points: 5,
        views: 2,
        ..Spec::tiny()
    };
    write_dataset(dir.path(), Kind::BuildingDomain, &spec);
    let dataset = Dataset::open(dir.path()).unwrap();
    let tasks = TaskSet::from_letters("sdn").unwrap();
    let one = Loader::new(&dataset, Split::Train, tasks, config().with_threads(1)).unwrap();
    let two = Loader::new(
        &dataset,
        Split::Train,
        tasks,
        config().with_threads(2).with_prefetch(1),
    )
    .unwrap();
    assert_eq!(batches(&one, 3), batches(&two, 3));
    let order = |l: &Loader, e| {
        batches(l, e)
            .iter()
            .flat_map(|b| b.images.clone())
            .map(|i| i.key)
            .collect::<Vec<_>>()
    };
    assert_ne!(order(&one, 0), order(&one, 1), "a new order each epoch");
    let other_seed = Loader::new(&dataset, Split::Train, tasks, config().with_seed(8)).unwrap();
    assert_ne!(order(&one, 0), order(&other_seed, 0));
    // Dropping an epoch half-way stops its producer cleanly.
    let mut it = one.host_epoch(0);
    assert!(it.next().unwrap().is_ok());
    drop(it);
    // limit: a fixed subset of the split, the same every epoch.
    let limited = Loader::new(&dataset, Split::Train, tasks, config().with_limit(Some(4))).unwrap();
    assert_eq!(limited.images(), 4);
    let mut e0 = order(&limited, 0);
    let mut e1 = order(&limited, 1);
    e0.sort();
    e1.sort();
    assert_eq!(e0, e1);
}

#[test]
fn splits_by_role_and_by_the_papers_image_ranges() {
    let dir = tempfile::tempdir().unwrap();
    let spec = Spec {
        points: 12,
        views: 1,
        size: 4,
        ..Spec::tiny()
    };
    let manifest = write_dataset(dir.path(), Kind::DomainBuilding, &spec);
    let dataset = Dataset::open(dir.path()).unwrap();
    let by_role = |d: &Dataset, s| {
        d.split(s)
            .unwrap()
            .samples
            .iter()
            .map(|(b, k)| (b.clone(), k.point))
            .collect::<Vec<_>>()
    };
    assert!(by_role(&dataset, Split::Train)
        .iter()
        .all(|(b, _)| b == "alpha"));
    assert_eq!(by_role(&dataset, Split::Val).len(), 12);
    assert!(matches!(
        Loader::new(
            &dataset,
            Split::Test,
            TaskSet::from_letters("d").unwrap(),
            config()
        ),
        Err(taskgroup::data::DataError::EmptySplit { .. })
    ));
    // The paper's rule on the val building: images sorted by path as strings,
    // so point_10 and point_11 come right after point_0 and before point_1.
    let paper = Manifest {
        split_rule: SplitRule::ImageRanges {
            of_role: Split::Val,
            val: [0, 3],
            test: [3, 6],
        },
        ..manifest
    };
    let paper = Dataset::new(paper, dir.path());
    let points = |s| {
        by_role(&paper, s)
            .into_iter()
            .map(|(_, p)| p)
            .collect::<Vec<_>>()
    };
    assert_eq!(points(Split::Val), [0, 10, 11]);
    assert_eq!(points(Split::Test), [1, 2, 3]);
    assert_eq!(points(Split::Train).len(), 12);
}

#[cfg(feature = "torch")]
#[test]
fn batches_become_tensors_of_the_contract_shapes() {
    use taskgroup::data::BatchSource;
    use taskgroup::prelude::tch::Kind as K;
    let dir = tempfile::tempdir().unwrap();
    write_dataset(dir.path(), Kind::DomainBuilding, &Spec::tiny());
    let dataset = Dataset::open(dir.path()).unwrap();
    let loader = Loader::new(
        &dataset,
        Split::Val,
        TaskSet::from_letters("sdnk").unwrap(),
        config(),
    )
    .unwrap();
    let source: &dyn BatchSource = &loader;
    assert_eq!(source.len(), 2);
    let batch = source.batches(0).next().unwrap().unwrap();
    assert_eq!(batch.input.size(), [2, 3, 8, 8]);
    assert_eq!(batch.input.kind(), K::Float);
    let s = &batch.targets[&Task::SegmentSemantic];
    assert_eq!((s.value.size(), s.value.kind()), (vec![2, 8, 8], K::Int64));
    assert!(s.mask.is_none());
    let n = &batch.targets[&Task::Normal];
    assert_eq!(n.value.size(), [2, 3, 8, 8]);
    assert_eq!(n.mask.as_ref().unwrap().size(), [2, 1, 8, 8]);
    let d = &batch.targets[&Task::DepthZbuffer];
    // Hand value: (1280 - 1500) / 1000 at a valid pixel.
    assert!((d.value.double_value(&[0, 0, 5, 5]) + 0.22).abs() < 1e-6);
    assert!(batch.targets[&Task::Keypoints2d].mask.is_none());
    let mut host = loader.host_epoch(0);
    let first = host.next().unwrap().unwrap();
    assert_eq!(first.to_batch().unwrap().input.size(), [2, 3, 8, 8]);
}
