//! The Taskonomy release as manifests: its domains and encodings, and the
//! generator of `data-manifests/` from the published split files
//! (`taskgroup data manifest --splits DIR --out data-manifests`).

use super::schema::{Building, DomainSpec, Encoding, Layout, Manifest, SplitRule, SCHEMA_VERSION};
use crate::data::{DataError, Split};
use crate::io::WithPath;
use std::collections::BTreeMap;
use std::path::Path;

/// Where the release's archives are served (TASKONOMY.md, "Files and names").
pub const TASKONOMY_BASE_URL: &str = "https://datasets.epfl.ch/taskonomy/";

/// Per-building image counts published for the `tiny` subset (TASKONOMY.md, "Splits").
pub const KNOWN_IMAGE_COUNTS: [(&str, u32); 9] = [
    ("ihlen", 9007),
    ("mcdade", 14852),
    ("muleshoe", 12072),
    ("noxapater", 4436),
    ("uvalda", 14147),
    ("collierville", 3285),
    ("corozal", 11290),
    ("darden", 13390),
    ("markleeville", 7809),
];

/// The release's domains with their encodings (TASKONOMY.md, "Pixel encodings"
/// and "Files and names"). `nonfixated_matches` is left out: its files name
/// no view (`view_all`), so it is not per image.
const TASKONOMY_DOMAINS: [(&str, Encoding, Option<&str>, Option<usize>); 17] = [
    ("rgb", Encoding::Rgb8, None, None),
    ("rgb_large", Encoding::Rgb8, None, Some(1024)),
    ("depth_zbuffer", Encoding::Grey16, None, None),
    ("depth_euclidean", Encoding::Grey16, None, None),
    ("normal", Encoding::Rgb8, None, None),
    ("principal_curvature", Encoding::Rgb8, None, None),
    ("reshading", Encoding::Rgb8, None, None),
    ("edge_texture", Encoding::Grey16, None, None),
    ("edge_occlusion", Encoding::Grey16, None, None),
    ("keypoints2d", Encoding::Grey16, None, None),
    ("keypoints3d", Encoding::Grey16, None, None),
    ("segment_semantic", Encoding::Grey8, None, None),
    ("segment_unsup2d", Encoding::Grey8, None, None),
    ("segment_unsup25d", Encoding::Grey8, None, None),
    ("point_info", Encoding::Json, None, None),
    ("class_object", Encoding::Npy, None, None),
    ("class_scene", Encoding::Npy, Some("class_places"), None),
];

impl DomainSpec {
    /// A Taskonomy domain by name, with its encoding; `None` for a name the release lacks.
    pub fn taskonomy(name: &str) -> Option<DomainSpec> {
        TASKONOMY_DOMAINS
            .iter()
            .find(|d| d.0 == name)
            .map(|&(name, encoding, token, size)| DomainSpec {
                name: name.to_string(),
                encoding,
                token: token.map(str::to_string),
                size,
            })
    }

    /// Every Taskonomy domain this crate knows.
    pub fn all_taskonomy() -> Vec<DomainSpec> {
        TASKONOMY_DOMAINS
            .iter()
            .filter_map(|d| DomainSpec::taskonomy(d.0))
            .collect()
    }
}

fn taskonomy_manifest(
    subset: &str,
    description: String,
    split_rule: SplitRule,
    buildings: Vec<Building>,
) -> Manifest {
    Manifest {
        schema: SCHEMA_VERSION,
        name: format!("taskonomy-{subset}"),
        dataset: "taskonomy".to_string(),
        subset: subset.to_string(),
        description,
        size: 512,
        domains: DomainSpec::all_taskonomy(),
        layout: Layout::taskonomy(Some(TASKONOMY_BASE_URL)),
        split_rule,
        buildings,
        archives: BTreeMap::new(),
        root: None,
    }
}

fn building(name: &str, roles: Vec<Split>) -> Building {
    let images = KNOWN_IMAGE_COUNTS
        .iter()
        .find(|(b, _)| *b == name)
        .map(|(_, n)| *n);
    Building {
        name: name.to_string(),
        roles,
        images,
    }
}

fn csv_problem(origin: &str, line: usize, message: String) -> DataError {
    DataError::ManifestParse {
        path: origin.into(),
        detail: format!("line {line}: {message}"),
    }
}

/// The manifest of an official subset from its split file
/// (`train_val_test_{subset}.csv`: header `id,train,val,test`, one-hot roles).
pub fn subset_manifest(subset: &str, csv: &str, origin: &str) -> Result<Manifest, DataError> {
    let mut lines = csv
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    match lines.next() {
        Some((_, header)) if header.trim() == "id,train,val,test" => {}
        other => {
            return Err(csv_problem(
                origin,
                1,
                format!(
                    "expected header id,train,val,test, found {:?}",
                    other.map(|x| x.1)
                ),
            ))
        }
    }
    let mut buildings = Vec::new();
    for (i, line) in lines {
        let cells: Vec<&str> = line.trim().split(',').collect();
        if cells.len() != 4 {
            return Err(csv_problem(
                origin,
                i + 1,
                format!("expected 4 cells, found {}", cells.len()),
            ));
        }
        let mut roles = Vec::new();
        for (cell, split) in cells[1..].iter().zip(Split::IMAGES) {
            match *cell {
                "1" => roles.push(split),
                "0" => {}
                other => {
                    return Err(csv_problem(
                        origin,
                        i + 1,
                        format!("role cell {other:?} is not 0 or 1"),
                    ))
                }
            }
        }
        buildings.push(building(cells[0], roles));
    }
    let description = format!("Official Taskonomy subset '{subset}', building roles from {origin} (the published split file).");
    taskonomy_manifest(subset, description, SplitRule::ByRole, buildings).checked(Path::new(origin))
}

/// The paper's own split: its training buildings, and its validation
/// buildings whose first 1000 images (sorted by path) are the validation set
/// and images 1000..2000 the test set.
pub fn paper_manifest(train: &str, val: &str, origin: &str) -> Result<Manifest, DataError> {
    let names = |text: &str| {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let mut buildings: Vec<Building> = names(train)
        .iter()
        .map(|b| building(b, vec![Split::Train]))
        .collect();
    buildings.extend(names(val).iter().map(|b| building(b, vec![Split::Val])));
    let description = format!(
        "The split of Standley et al. (ICML 2020): training and validation buildings from {origin}; \
         val = the first 1000 images of each validation building sorted by path, test = images 1000..2000."
    );
    let rule = SplitRule::ImageRanges {
        of_role: Split::Val,
        val: [0, 1000],
        test: [1000, 2000],
    };
    taskonomy_manifest("paper", description, rule, buildings).checked(Path::new(origin))
}

/// Every manifest generated from the published split files in `splits`
/// (the five official subsets and the paper's split).
pub fn official_manifests(splits: &Path) -> Result<Vec<Manifest>, DataError> {
    let read = |name: &str| {
        let path = splits.join(name);
        std::fs::read_to_string(&path).with_path(&path)
    };
    let mut out = Vec::new();
    for subset in ["debug", "tiny", "medium", "full", "fullplus"] {
        let name = format!("train_val_test_{subset}.csv");
        out.push(subset_manifest(subset, &read(&name)?, &name)?);
    }
    out.push(paper_manifest(
        &read("taskgrouping_train_buildings.txt")?,
        &read("taskgrouping_val_buildings.txt")?,
        "taskgrouping_{train,val}_buildings.txt",
    )?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_from_csv_keeps_roles_and_known_counts() {
        let csv = "id,train,val,test\nihlen,1,0,0\nallensville,1,1,1\nmarkleeville,0,0,1\n";
        let m = subset_manifest("mini", csv, "mini.csv").unwrap();
        assert_eq!(m.name, "taskonomy-mini");
        assert_eq!(m.buildings[0].roles, [Split::Train]);
        // TASKONOMY.md: ihlen has 9007 images.
        assert_eq!(m.buildings[0].images, Some(9007));
        assert_eq!(m.buildings[1].roles, Split::IMAGES);
        assert_eq!(m.buildings[2].roles, [Split::Test]);
        assert!(subset_manifest("x", "id,train\nihlen,1\n", "x.csv").is_err());
        assert!(subset_manifest("x", "id,train,val,test\nihlen,2,0,0\n", "x.csv").is_err());
    }

    #[test]
    fn paper_split_uses_image_ranges() {
        let m = paper_manifest("hanson\nmerom\n", "wainscott\n", "lists").unwrap();
        assert_eq!(m.buildings.len(), 3);
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
    fn class_scene_files_use_the_class_places_token() {
        let d = DomainSpec::taskonomy("class_scene").unwrap();
        assert_eq!(d.token(), "class_places");
        assert_eq!(d.encoding.ext(), "npy");
        assert!(DomainSpec::taskonomy("colour").is_none());
    }
}
