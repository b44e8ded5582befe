//! Every bad-input case: a typed error naming the file; with `skip_bad`,
//! the sample is dropped (never replaced) and counted per reason.

mod data_support;

use data_support::{file_path, write_dataset, Kind, Spec};
use std::path::{Path, PathBuf};
use taskgroup::data::{DataError, Dataset, Loader, LoaderConfig, PngImage, Reason, Split};
use taskgroup::tasks::TaskSet;

fn tasks() -> TaskSet {
    TaskSet::from_letters("sdnkterca").unwrap()
}

fn config() -> LoaderConfig {
    LoaderConfig::default()
        .with_batch_size(4)
        .with_size(8)
        .with_shuffle(false)
}

/// A damage to image `point` of building alpha: what it does, the reason it
/// must be reported under, and the file the error must name.
type Damage = fn(&Path, u32) -> PathBuf;

fn path(root: &Path, point: u32, domain: &str) -> PathBuf {
    file_path(root, Kind::DomainBuilding, "alpha", point, 0, domain)
}

fn corrupt(root: &Path, p: u32) -> PathBuf {
    let f = path(root, p, "normal");
    let mut bytes = std::fs::read(&f).unwrap();
    for b in &mut bytes[40..60] {
        *b ^= 0x5a;
    }
    std::fs::write(&f, bytes).unwrap();
    f
}

fn truncated(root: &Path, p: u32) -> PathBuf {
    let f = path(root, p, "depth_zbuffer");
    let bytes = std::fs::read(&f).unwrap();
    std::fs::write(&f, &bytes[..bytes.len() / 2]).unwrap();
    f
}

fn missing(root: &Path, p: u32) -> PathBuf {
    let f = path(root, p, "reshading");
    std::fs::remove_file(&f).unwrap();
    f
}

fn replace(root: &Path, p: u32, domain: &str, image: PngImage) -> PathBuf {
    let f = path(root, p, domain);
    std::fs::write(&f, image.encode().unwrap()).unwrap();
    f
}

fn wrong_size(root: &Path, p: u32) -> PathBuf {
    replace(root, p, "normal", PngImage::rgb8(8, 8, vec![128; 3 * 64]))
}

fn wrong_depth(root: &Path, p: u32) -> PathBuf {
    replace(
        root,
        p,
        "depth_zbuffer",
        PngImage::grey8(16, 16, vec![5; 256]),
    )
}

fn wrong_channels(root: &Path, p: u32) -> PathBuf {
    replace(root, p, "normal", PngImage::grey8(16, 16, vec![128; 256]))
}

fn bad_class(root: &Path, p: u32) -> PathBuf {
    replace(
        root,
        p,
        "segment_semantic",
        PngImage::grey8(16, 16, vec![40; 256]),
    )
}

const DAMAGES: [(&str, Damage, Reason); 7] = [
    ("corrupt png", corrupt, Reason::CorruptPng),
    ("truncated png", truncated, Reason::TruncatedPng),
    ("missing label", missing, Reason::MissingLabel),
    ("wrong size", wrong_size, Reason::WrongSize),
    ("wrong bit depth", wrong_depth, Reason::WrongFormat),
    ("wrong channels", wrong_channels, Reason::WrongFormat),
    ("class out of range", bad_class, Reason::BadValue),
];

#[test]
fn each_bad_file_is_a_typed_error_naming_the_file() {
    for (what, damage, reason) in DAMAGES {
        let dir = tempfile::tempdir().unwrap();
        write_dataset(dir.path(), Kind::DomainBuilding, &Spec::tiny());
        let file = damage(dir.path(), 1);
        let dataset = Dataset::open(dir.path()).unwrap();
        let loader = Loader::new(&dataset, Split::Train, tasks(), config()).unwrap();
        let results: Vec<_> = loader.host_epoch(0).collect();
        assert_eq!(results.len(), 1, "{what}: the epoch stops at the error");
        let err = results.into_iter().next().unwrap().unwrap_err();
        assert_eq!(err.reason(), reason, "{what}: {err}");
        assert!(
            err.to_string().contains(&file.display().to_string()),
            "{what}: {err} does not name {}",
            file.display()
        );
    }
}

#[test]
fn skip_bad_drops_each_bad_sample_and_counts_it() {
    let dir = tempfile::tempdir().unwrap();
    let spec = Spec {
        points: 9,
        ..Spec::tiny()
    };
    write_dataset(dir.path(), Kind::DomainBuilding, &spec);
    for (i, (_, damage, _)) in DAMAGES.iter().enumerate() {
        damage(dir.path(), i as u32);
    }
    let dataset = Dataset::open(dir.path()).unwrap();
    let loader = Loader::new(
        &dataset,
        Split::Train,
        tasks(),
        config().with_skip_bad(true),
    )
    .unwrap();
    assert_eq!(loader.images(), 9);
    let batches: Vec<_> = loader.host_epoch(0).collect::<Result<_, _>>().unwrap();
    let kept: Vec<u32> = batches
        .iter()
        .flat_map(|b| b.images.iter().map(|i| i.key.point))
        .collect();
    // Images 0..7 are damaged; only 7 and 8 remain, nothing stands in for the others.
    assert_eq!(kept, [7, 8]);
    // Batch 0 (images 0..4) lost every image and is not yielded; batch 1 kept image 7; batch 2 is image 8.
    assert_eq!(batches.iter().map(|b| b.len()).collect::<Vec<_>>(), [1, 1]);
    let skips = loader.skips();
    assert_eq!(skips.total(), 7);
    for (what, _, reason) in DAMAGES {
        assert!(skips.count(reason) >= 1, "{what} not counted: {skips}");
    }
    assert_eq!(skips.count(Reason::WrongFormat), 2);
    // The report resets each epoch rather than piling up.
    let _ = loader.host_epoch(1).count();
    assert_eq!(loader.skips().total(), 7);
}

/// Keeps the first half of a file (a download cut short).
fn cut_in_half(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    std::fs::write(path, &bytes[..bytes.len() / 2]).unwrap();
}

fn three_buildings() -> Spec {
    Spec {
        buildings: vec![
            ("alpha".into(), Split::Train),
            ("beta".into(), Split::Val),
            ("gamma".into(), Split::Train),
        ],
        ..Spec::tiny()
    }
}

#[test]
fn a_truncated_archive_is_reported_or_its_building_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write_dataset(dir.path(), Kind::Tar, &three_buildings());
    let tar = dir.path().join("alpha_normal.tar");
    cut_in_half(&tar);
    let dataset = Dataset::open(dir.path()).unwrap();
    let err = Loader::new(&dataset, Split::Train, tasks(), config())
        .err()
        .unwrap();
    assert!(
        matches!(err, DataError::TruncatedTar { ref path, .. } if path == &tar),
        "{err}"
    );
    let loader = Loader::new(
        &dataset,
        Split::Train,
        tasks(),
        config().with_skip_bad(true),
    )
    .unwrap();
    assert_eq!(loader.images(), 3, "gamma's images only");
    assert_eq!(loader.skips().count(Reason::TruncatedTar), 1);
    let n: usize = loader.host_epoch(0).map(|b| b.unwrap().len()).sum();
    assert_eq!(n, 3);
}

#[test]
fn an_absent_building_or_domain_is_reported_or_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = write_dataset(dir.path(), Kind::BuildingDomain, &three_buildings());
    std::fs::remove_dir_all(dir.path().join("gamma")).unwrap();
    std::fs::remove_dir_all(dir.path().join("alpha").join("edge_texture")).unwrap();
    let dataset = Dataset::new(manifest.clone(), dir.path());
    let err = Loader::new(&dataset, Split::Train, tasks(), config())
        .err()
        .unwrap();
    assert!(
        matches!(err, DataError::BuildingAbsent { ref building, .. } if building == "gamma"),
        "{err}"
    );
    assert!(err.to_string().contains("gamma"));
    // Without t, alpha is whole; gamma is skipped and counted.
    let dn = TaskSet::from_letters("dn").unwrap();
    let loader = Loader::new(&dataset, Split::Train, dn, config().with_skip_bad(true)).unwrap();
    assert_eq!(
        (
            loader.images(),
            loader.skips().count(Reason::BuildingAbsent)
        ),
        (3, 1)
    );
    // With t, alpha lacks edge_texture entirely: dropped too, so nothing is left.
    let err = Loader::new(
        &dataset,
        Split::Train,
        tasks(),
        config().with_skip_bad(true),
    )
    .err()
    .unwrap();
    assert!(matches!(err, DataError::EmptySplit { .. }), "{err}");
    let t = TaskSet::from_letters("t").unwrap();
    assert!(Loader::new(&dataset, Split::Val, t, config()).is_ok());
    std::fs::remove_dir_all(dir.path().join("beta").join("edge_texture")).unwrap();
    // A fresh dataset: sources are listed once per dataset and cached.
    let err = Loader::new(&Dataset::new(manifest, dir.path()), Split::Val, t, config())
        .err()
        .unwrap();
    assert!(
        matches!(err, DataError::DomainAbsent { ref building, ref domain, .. } if building == "beta" && domain == "edge_texture"),
        "{err}"
    );
}

#[test]
fn an_unknown_domain_is_a_typed_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut manifest = write_dataset(dir.path(), Kind::DomainBuilding, &Spec::tiny());
    manifest.domains.retain(|d| d.name != "keypoints2d");
    let dataset = Dataset::new(manifest, dir.path());
    let err = Loader::new(
        &dataset,
        Split::Train,
        TaskSet::from_letters("dk").unwrap(),
        config(),
    )
    .err()
    .unwrap();
    assert!(
        matches!(err, DataError::UnknownDomain { ref domain, .. } if domain == "keypoints2d"),
        "{err}"
    );
    assert!(dataset.source("alpha", "colour").is_err());
}

#[test]
fn an_image_without_its_rgb_file_is_an_error_not_a_vanished_sample() {
    // Issue 11: the image list came from the rgb files alone, so an image
    // whose rgb file is missing (its labels present) silently was not there.
    let dir = tempfile::tempdir().unwrap();
    write_dataset(dir.path(), Kind::DomainBuilding, &Spec::tiny());
    let rgb = path(dir.path(), 1, "rgb");
    std::fs::remove_file(&rgb).unwrap();
    let dataset = Dataset::open(dir.path()).unwrap();
    let err = Loader::new(&dataset, Split::Train, tasks(), config())
        .err()
        .expect("a missing rgb file is an error without skip_bad");
    assert_eq!(err.reason(), Reason::MissingLabel, "{err}");
    assert!(
        err.to_string().contains(&rgb.display().to_string()),
        "{err} does not name {}",
        rgb.display()
    );
    let loader = Loader::new(
        &dataset,
        Split::Train,
        tasks(),
        config().with_skip_bad(true),
    )
    .unwrap();
    let all = Spec::tiny().points as usize * Spec::tiny().views as usize;
    assert_eq!(loader.images(), all - 1);
    assert_eq!(
        loader.skips().count(Reason::MissingLabel),
        1,
        "{}",
        loader.skips()
    );
    // `data check` names the same file.
    let report = taskgroup::data::check(&dataset, &Default::default()).unwrap();
    assert!(!report.is_ok());
}

#[test]
fn a_split_emptied_by_skip_bad_says_what_it_dropped() {
    // Issue 11: "split train ... has no image under DIR" lost the reason.
    let dir = tempfile::tempdir().unwrap();
    write_dataset(dir.path(), Kind::Tar, &three_buildings());
    for building in ["alpha", "gamma"] {
        cut_in_half(&dir.path().join(format!("{building}_normal.tar")));
    }
    let dataset = Dataset::open(dir.path()).unwrap();
    let err = Loader::new(
        &dataset,
        Split::Train,
        tasks(),
        config().with_skip_bad(true),
    )
    .err()
    .unwrap();
    assert!(matches!(err, DataError::EmptySplit { .. }), "{err}");
    let text = err.to_string();
    assert!(text.contains("truncated_tar"), "{text}");
    assert!(text.contains("alpha_normal.tar"), "{text}");
}
