//! The committed manifests and manifest validation.

use std::path::{Path, PathBuf};
use taskgroup::data::{DataError, Manifest, Split, SplitRule};

fn committed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data-manifests")
        .join(format!("{name}.json"))
}

fn roles(m: &Manifest, split: Split) -> usize {
    m.buildings
        .iter()
        .filter(|b| b.roles.contains(&split))
        .count()
}

#[test]
fn official_subsets_have_the_published_building_counts() {
    // TASKONOMY.md, "Splits": train / val / test / buildings per subset.
    for (subset, train, val, test, all) in [
        ("tiny", 25, 5, 5, 35),
        ("medium", 99, 20, 19, 138),
        ("full", 346, 67, 69, 482),
        ("fullplus", 383, 75, 79, 537),
    ] {
        let m = Manifest::load(committed(&format!("taskonomy-{subset}"))).unwrap();
        assert_eq!(
            (
                roles(&m, Split::Train),
                roles(&m, Split::Val),
                roles(&m, Split::Test),
                m.buildings.len()
            ),
            (train, val, test, all),
            "{subset}"
        );
        assert_eq!(m.split_rule, SplitRule::ByRole);
        assert_eq!(m.archive_name("ihlen", "rgb"), "ihlen_rgb.tar");
        assert_eq!(
            m.layout.base_url.as_deref(),
            Some("https://datasets.epfl.ch/taskonomy/")
        );
    }
    // The debug subset: one building in every role.
    let debug = Manifest::load(committed("taskonomy-debug")).unwrap();
    assert_eq!(debug.buildings.len(), 1);
    assert_eq!(debug.buildings[0].roles, Split::IMAGES);
    // TASKONOMY.md: ihlen (tiny) has 9007 images.
    let tiny = Manifest::load(committed("taskonomy-tiny")).unwrap();
    assert_eq!(tiny.building("ihlen").unwrap().images, Some(9007));
}

#[test]
fn subsets_nest_and_no_building_changes_role() {
    let load = |s: &str| Manifest::load(committed(&format!("taskonomy-{s}"))).unwrap();
    let chain = ["tiny", "medium", "full", "fullplus"].map(load);
    for pair in chain.windows(2) {
        for b in &pair[0].buildings {
            let outer = pair[1]
                .building(&b.name)
                .unwrap_or_else(|| panic!("{} not in {}", b.name, pair[1].name));
            assert_eq!(outer.roles, b.roles, "{}", b.name);
        }
    }
}

#[test]
fn the_papers_split_uses_its_own_lists_and_image_ranges() {
    let m = Manifest::load(committed("taskonomy-paper")).unwrap();
    // The paper's lists: 480 training and 52 validation buildings.
    assert_eq!((roles(&m, Split::Train), roles(&m, Split::Val)), (480, 52));
    assert_eq!(
        m.split_rule,
        SplitRule::ImageRanges {
            of_role: Split::Val,
            val: [0, 1000],
            test: [1000, 2000]
        }
    );
}

#[test]
fn validation_reports_every_problem_at_once() {
    let text = std::fs::read_to_string(committed("taskonomy-debug")).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["size"] = 0.into();
    json["buildings"][0]["name"] = "Allens-ville".into();
    json["buildings"][0]["roles"] = serde_json::json!([]);
    json["layout"]["file"] = "point_{point}_domain_{token}.png".into();
    json["archives"] = serde_json::json!({"nowhere_rgb.tar": {"md5": "xyz"}});
    let err = Manifest::from_json(&json.to_string(), Path::new("bad.json")).unwrap_err();
    let DataError::InvalidManifest { path, problems } = &err else {
        panic!("{err}")
    };
    assert_eq!(path, Path::new("bad.json"));
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    for f in [
        "size",
        "buildings[0].name",
        "buildings[0].roles",
        "layout.file",
        "archives[\"nowhere_rgb.tar\"]",
        "archives[\"nowhere_rgb.tar\"].md5",
    ] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
    assert!(err.to_string().contains("bad.json"));
    // A misspelt field is a parse error naming it.
    json = serde_json::from_str(&text).unwrap();
    json["sise"] = 5.into();
    let err = Manifest::from_json(&json.to_string(), Path::new("typo.json")).unwrap_err();
    assert!(
        matches!(err, DataError::ManifestParse { .. }) && err.to_string().contains("sise"),
        "{err}"
    );
}

#[test]
fn writing_is_atomic_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let m = Manifest::load(committed("taskonomy-tiny")).unwrap();
    let path = dir.path().join("sub").join("m.json");
    m.write(&path).unwrap();
    m.write(&path).unwrap();
    assert_eq!(Manifest::load(&path).unwrap(), m);
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["m.json"], "no temporary file is left behind");
}

#[test]
fn the_committed_manifests_are_the_generators_output() {
    let splits = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/taskonomy-splits");
    let generated = taskgroup::data::manifest::official_manifests(&splits).unwrap();
    assert_eq!(generated.len(), 6);
    for m in generated {
        let text = std::fs::read_to_string(committed(&m.name)).unwrap();
        assert_eq!(
            text,
            m.to_json(),
            "{} is stale: rerun `taskgroup data manifest --splits ...`",
            m.name
        );
    }
}

#[test]
fn the_releases_sizes_and_checksums_fill_the_manifests() {
    // Issue 11: the update command for the manifests' `archives`
    // (`taskgroup data manifest --md5sum md5sum.txt --filesize filesize.txt`).
    use taskgroup::data::manifest::ArchiveIndex;
    let splits = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/taskonomy-splits");
    let mut tiny = taskgroup::data::manifest::official_manifests(&splits)
        .unwrap()
        .into_iter()
        .find(|m| m.name == "taskonomy-tiny")
        .unwrap();
    let building = tiny.buildings[0].name.clone();
    let (rgb, normal) = (
        tiny.archive_name(&building, "rgb"),
        tiny.archive_name(&building, "normal"),
    );
    let mut index = ArchiveIndex::new();
    let md5 = format!("0123456789abcdef0123456789abcdef  ./{rgb}\nffffffffffffffffffffffffffffffff  ./notinthis_rgb.tar\n");
    index.add_md5sum(&md5, Path::new("md5sum.txt")).unwrap();
    index
        .add_filesize(
            &format!("{normal} 4096\n{rgb} 1024\n"),
            Path::new("filesize.txt"),
        )
        .unwrap();
    assert_eq!(index.fill(&mut tiny), 2);
    assert_eq!(
        tiny.archives[&rgb].md5.as_deref(),
        Some("0123456789abcdef0123456789abcdef")
    );
    assert_eq!(tiny.archives[&rgb].bytes, Some(1024));
    assert_eq!(
        (
            tiny.archives[&normal].bytes,
            tiny.archives[&normal].md5.as_deref()
        ),
        (Some(4096), None)
    );
    // The filled manifest is still a valid one that reads back the same.
    let back = taskgroup::data::Manifest::from_json(&tiny.to_json(), Path::new("t.json")).unwrap();
    assert_eq!(back.archives, tiny.archives);
}
