//! `data check`: every problem of a dataset, counted per reason with the
//! first files; the command's exit status.

mod data_support;

use data_support::{file_path, write_dataset, Kind, Spec};
use md5::{Digest, Md5};
use std::process::Command;
use taskgroup::data::{
    check, ArchiveInfo, Building, CheckConfig, Dataset, Manifest, PngImage, Reason, Split,
};

#[test]
fn a_clean_dataset_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    write_dataset(dir.path(), Kind::Tar, &Spec::tiny());
    let report = check(&Dataset::open(dir.path()).unwrap(), &CheckConfig::default()).unwrap();
    assert!(report.is_ok(), "{report}");
    // 2 buildings x 3 images, 9 domains, one archive per (building, domain).
    assert_eq!(
        (
            report.buildings,
            report.images,
            report.files,
            report.archives
        ),
        (2, 6, 54, 18)
    );
    assert_eq!(report.domains.len(), 9);
}

#[test]
fn every_problem_is_counted_with_its_first_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut manifest = write_dataset(root, Kind::DomainBuilding, &Spec::tiny());
    let corrupt = file_path(root, Kind::DomainBuilding, "alpha", 0, 0, "normal");
    let mut bytes = std::fs::read(&corrupt).unwrap();
    bytes[45] ^= 0xff; // inside the image data: its chunk's CRC no longer matches
    std::fs::write(&corrupt, bytes).unwrap();
    let missing = file_path(root, Kind::DomainBuilding, "alpha", 1, 0, "reshading");
    std::fs::remove_file(&missing).unwrap();
    let small = file_path(root, Kind::DomainBuilding, "beta", 2, 0, "edge_texture");
    std::fs::write(
        &small,
        PngImage::grey16(4, 4, vec![0; 16]).encode().unwrap(),
    )
    .unwrap();
    let unknown = file_path(root, Kind::DomainBuilding, "alpha", 0, 0, "rgb")
        .with_file_name("point_0_view_0_domain_colour.png");
    std::fs::write(&unknown, b"").unwrap();
    std::fs::remove_dir_all(root.join("keypoints2d").join("beta")).unwrap();
    manifest.buildings.push(Building {
        name: "gamma".into(),
        roles: vec![Split::Test],
        images: None,
    });
    let report = check(&Dataset::new(manifest, root), &CheckConfig::default()).unwrap();
    let p = &report.problems;
    for (reason, n) in [
        (Reason::CorruptPng, 1),
        (Reason::MissingLabel, 1),
        (Reason::WrongSize, 1),
        (Reason::UnknownDomain, 1),
        (Reason::DomainAbsent, 1),
        (Reason::BuildingAbsent, 1),
    ] {
        assert_eq!(p.count(reason), n, "{reason}: {report}");
    }
    assert_eq!(p.total(), 6, "{report}");
    let first = |r: Reason| p.reasons[&r].first[0].clone();
    assert!(first(Reason::CorruptPng).contains(&corrupt.display().to_string()));
    assert!(first(Reason::MissingLabel).contains(&missing.display().to_string()));
    assert!(first(Reason::WrongSize).contains(&small.display().to_string()));
    assert!(first(Reason::UnknownDomain).contains("colour"));
    assert!(first(Reason::BuildingAbsent).contains("gamma"));
    // Asking for a domain no building has makes its absence a problem everywhere.
    let asked = CheckConfig {
        domains: Some(vec!["rgb".into(), "keypoints2d".into()]),
        ..CheckConfig::default()
    };
    let report = check(&Dataset::open(root).unwrap(), &asked).unwrap();
    assert_eq!(report.problems.count(Reason::DomainAbsent), 1);
    assert!(check(
        &Dataset::open(root).unwrap(),
        &CheckConfig {
            domains: Some(vec!["colour".into()]),
            ..CheckConfig::default()
        }
    )
    .is_err());
}

#[test]
fn archives_are_checked_against_the_manifests_length_and_md5() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut manifest = write_dataset(root, Kind::Tar, &Spec::tiny());
    let good = std::fs::read(root.join("alpha_depth_zbuffer.tar")).unwrap();
    let md5 = format!("{:x}", Md5::digest(&good));
    let info = |bytes: Option<u64>, md5: Option<String>| ArchiveInfo { bytes, md5 };
    manifest.archives.insert(
        "alpha_depth_zbuffer.tar".into(),
        info(Some(good.len() as u64), Some(md5)),
    );
    manifest
        .archives
        .insert("alpha_rgb.tar".into(), info(None, Some("0".repeat(32))));
    manifest
        .archives
        .insert("beta_rgb.tar".into(), info(Some(5), None));
    let tar = root.join("beta_normal.tar");
    let bytes = std::fs::read(&tar).unwrap();
    std::fs::write(&tar, &bytes[..bytes.len() - 1100]).unwrap();
    let manifest = manifest.checked(std::path::Path::new("test")).unwrap();
    let report = check(
        &Dataset::new(manifest.clone(), root),
        &CheckConfig::default(),
    )
    .unwrap();
    assert_eq!(
        report.problems.count(Reason::ChecksumMismatch),
        2,
        "{report}"
    );
    assert_eq!(report.problems.count(Reason::TruncatedTar), 1, "{report}");
    assert!(report.problems.reasons[&Reason::TruncatedTar].first[0].contains("beta_normal.tar"));
    let no_md5 = CheckConfig {
        verify_md5: false,
        ..CheckConfig::default()
    };
    assert_eq!(
        check(&Dataset::new(manifest, root), &no_md5)
            .unwrap()
            .problems
            .count(Reason::ChecksumMismatch),
        1
    );
}

#[test]
fn the_command_exits_non_zero_on_any_problem() {
    let dir = tempfile::tempdir().unwrap();
    write_dataset(dir.path(), Kind::DomainBuilding, &Spec::tiny());
    let run = |json: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_taskgroup-torch"));
        c.args(["data", "check", "--manifest"])
            .arg(dir.path().join("manifest.json"))
            .args(["--root"])
            .arg(dir.path());
        if json {
            c.arg("--json");
        }
        c.output().unwrap()
    };
    let clean = run(false);
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    assert!(String::from_utf8_lossy(&clean.stdout).contains("0 problems"));
    std::fs::remove_file(file_path(
        dir.path(),
        Kind::DomainBuilding,
        "beta",
        0,
        0,
        "normal",
    ))
    .unwrap();
    let dirty = run(true);
    assert!(!dirty.status.success());
    let report: serde_json::Value = serde_json::from_slice(&dirty.stdout).unwrap();
    assert_eq!(report["problems"]["reasons"]["missing_label"]["count"], 1);
    assert_eq!(report["images"], 6);
}

#[test]
fn a_manifest_round_trips_through_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = write_dataset(dir.path(), Kind::Tar, &Spec::tiny());
    assert_eq!(
        Manifest::load(dir.path().join("manifest.json")).unwrap(),
        manifest
    );
}
