//! [`check()`]: scan a whole dataset (folders or archives) and report every
//! problem, counted per reason with the first files of each.
//!
//! A domain is checked when asked for, or (by default) when some building
//! has it: a building lacking a domain others have is a problem; a domain
//! no building has is listed as not present. Each image's file of each
//! checked domain is read and fully decoded (format, size, values); archives
//! whose length or MD5 the manifest knows are verified.

use super::manifest::{DomainSpec, Encoding, Manifest};
use super::pngio::PngImage;
use super::sample::validate_values;
use super::source::{DomainSource, ImageKey};
use super::{DataError, Dataset, ProblemReport};
use crate::io::WithPath;
use md5::{Digest, Md5};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What to check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckConfig {
    /// Domains to check, each required for every building (default: those present).
    pub domains: Option<Vec<String>>,
    /// Buildings to check (default: all of the manifest).
    pub buildings: Option<Vec<String>>,
    /// Verify archive MD5s the manifest lists.
    pub verify_md5: bool,
    /// Threads (0: one per core).
    pub threads: usize,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            domains: None,
            buildings: None,
            verify_md5: true,
            threads: 0,
        }
    }
}

/// What a check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    /// The manifest's name.
    pub manifest: String,
    /// The dataset root.
    pub root: PathBuf,
    /// Buildings checked.
    pub buildings: usize,
    /// Images found (distinct points and views over the checked domains).
    pub images: usize,
    /// Files read and decoded.
    pub files: usize,
    /// Archives indexed.
    pub archives: usize,
    /// Domains checked.
    pub domains: Vec<String>,
    /// Manifest domains no building has (not checked, not a problem).
    pub domains_not_present: Vec<String>,
    /// Every problem, per reason.
    pub problems: ProblemReport,
}

impl CheckReport {
    /// Whether nothing is wrong.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "dataset {} under {}", self.manifest, self.root.display())?;
        writeln!(
            f,
            "checked {} buildings, {} images, {} files ({} archives); domains: {}",
            self.buildings,
            self.images,
            self.files,
            self.archives,
            self.domains.join(", ")
        )?;
        if !self.domains_not_present.is_empty() {
            writeln!(
                f,
                "not present (not checked): {}",
                self.domains_not_present.join(", ")
            )?;
        }
        writeln!(f, "{} problems", self.problems.total())?;
        write!(f, "{}", self.problems)
    }
}

/// Validates one file's contents against its domain.
fn validate_file(
    manifest: &Manifest,
    spec: &DomainSpec,
    bytes: &[u8],
    path: &Path,
) -> Result<(), DataError> {
    let bad = |detail: String| DataError::BadFile {
        path: path.to_path_buf(),
        detail,
    };
    match spec.encoding {
        Encoding::Json => serde_json::from_slice::<serde_json::Value>(bytes)
            .map(drop)
            .map_err(|e| bad(format!("JSON does not parse: {e}"))),
        Encoding::Npy if bytes.starts_with(b"\x93NUMPY") => Ok(()),
        Encoding::Npy => Err(bad(
            "not a NumPy .npy file (no \\x93NUMPY magic)".to_string()
        )),
        _ => {
            let img = PngImage::decode(bytes, path)?;
            img.check(spec, manifest.domain_size(spec), path)?;
            validate_values(&spec.name, &img, path)
        }
    }
}

/// Verifies an archive's length and MD5 against the manifest's.
fn verify_archive(
    manifest: &Manifest,
    building: &str,
    domain: &str,
    path: &Path,
    md5: bool,
) -> Result<(), DataError> {
    let Some(info) = manifest
        .archives
        .get(&manifest.archive_name(building, domain))
    else {
        return Ok(());
    };
    if let Some(expected) = info.bytes {
        let found = std::fs::metadata(path).with_path(path)?.len();
        if found != expected {
            return Err(DataError::ChecksumMismatch {
                path: path.to_path_buf(),
                what: "length".into(),
                expected: expected.to_string(),
                found: found.to_string(),
            });
        }
    }
    match &info.md5 {
        Some(expected) if md5 => {
            let found = md5_file(path)?;
            if &found != expected {
                return Err(DataError::ChecksumMismatch {
                    path: path.to_path_buf(),
                    what: "md5".into(),
                    expected: expected.clone(),
                    found,
                });
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The MD5 of a file as 32 lowercase hex digits.
pub(crate) fn md5_file(path: &Path) -> Result<String, DataError> {
    let mut file = std::fs::File::open(path).with_path(path)?;
    let mut hasher = Md5::new();
    std::io::copy(&mut file, &mut hasher).with_path(path)?;
    Ok(format!("{:x}", hasher.finalize()))
}

struct BuildingResult {
    images: usize,
    files: usize,
    archives: usize,
    problems: ProblemReport,
}

/// Checks a dataset; problems are in the report, an `Err` only for a bad request.
pub fn check(dataset: &Dataset, config: &CheckConfig) -> Result<CheckReport, DataError> {
    let manifest = dataset.manifest();
    let domains: Vec<&DomainSpec> = match &config.domains {
        Some(names) => names
            .iter()
            .map(|d| manifest.require_domain(d, "check"))
            .collect::<Result<_, _>>()?,
        None => manifest.domains.iter().collect(),
    };
    let buildings = manifest.select_buildings(config.buildings.as_deref())?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| DataError::InvalidConfig(format!("threads: {e}")))?;
    pool.install(|| {
        // Locate every (building, domain) once.
        type Located = Vec<Result<Option<Arc<DomainSource>>, DataError>>;
        let located: Vec<Located> = buildings
            .par_iter()
            .map(|b| domains.iter().map(|d| dataset.source(b, &d.name)).collect())
            .collect();
        let present: Vec<bool> = (0..domains.len())
            .map(|j| located.iter().any(|row| matches!(row[j], Ok(Some(_)))))
            .collect();
        let required: Vec<bool> = present
            .iter()
            .map(|&p| p || config.domains.is_some())
            .collect();
        let results: Vec<BuildingResult> = buildings
            .par_iter()
            .zip(located)
            .map(|(b, row)| check_building(dataset, b, &domains, &required, row, config.verify_md5))
            .collect();
        let mut report = CheckReport {
            manifest: manifest.name.clone(),
            root: dataset.root().to_path_buf(),
            buildings: buildings.len(),
            images: 0,
            files: 0,
            archives: 0,
            domains: domains
                .iter()
                .zip(&required)
                .filter(|(_, r)| **r)
                .map(|(d, _)| d.name.clone())
                .collect(),
            domains_not_present: domains
                .iter()
                .zip(&required)
                .filter(|(_, r)| !**r)
                .map(|(d, _)| d.name.clone())
                .collect(),
            problems: ProblemReport::new(),
        };
        for r in results {
            report.images += r.images;
            report.files += r.files;
            report.archives += r.archives;
            report.problems.merge(&r.problems);
        }
        Ok(report)
    })
}

fn check_building(
    dataset: &Dataset,
    building: &str,
    domains: &[&DomainSpec],
    required: &[bool],
    row: Vec<Result<Option<Arc<DomainSource>>, DataError>>,
    verify_md5: bool,
) -> BuildingResult {
    let manifest = dataset.manifest();
    let mut out = BuildingResult {
        images: 0,
        files: 0,
        archives: 0,
        problems: ProblemReport::new(),
    };
    if row.iter().all(|r| matches!(r, Ok(None))) {
        out.problems.record(&DataError::BuildingAbsent {
            root: dataset.root().to_path_buf(),
            building: building.to_string(),
            domain: "any".to_string(),
        });
        return out;
    }
    let mut sources: Vec<(&DomainSpec, Arc<DomainSource>)> = Vec::new();
    for ((spec, result), &needed) in domains.iter().zip(row).zip(required) {
        match result {
            Ok(Some(source)) => sources.push((spec, source)),
            Ok(None) if needed => out.problems.record(&DataError::DomainAbsent {
                root: dataset.root().to_path_buf(),
                building: building.to_string(),
                domain: spec.name.clone(),
            }),
            Ok(None) => {}
            Err(e) => out.problems.record(&e),
        }
    }
    for (spec, source) in &sources {
        if let Some(archive) = source.archive() {
            out.archives += 1;
            if let Err(e) = verify_archive(manifest, building, &spec.name, archive, verify_md5) {
                out.problems.record(&e);
            }
        }
        for (path, token) in &source.foreign {
            if manifest.domain_for_token(token).is_none() {
                out.problems.record(&DataError::UnknownDomain {
                    domain: token.clone(),
                    context: path.display().to_string(),
                });
            }
        }
    }
    let keys: BTreeSet<ImageKey> = sources.iter().flat_map(|(_, s)| s.keys()).collect();
    out.images = keys.len();
    let keys: Vec<ImageKey> = keys.into_iter().collect();
    let per_image: Vec<(usize, ProblemReport)> = keys
        .par_iter()
        .map(|&key| {
            let (mut files, mut problems) = (0, ProblemReport::new());
            for (spec, source) in &sources {
                let path = source.path(manifest, spec, key);
                let result = source
                    .read(manifest, spec, building, key)
                    .and_then(|bytes| {
                        files += 1;
                        validate_file(manifest, spec, &bytes, &path)
                    });
                if let Err(e) = result {
                    problems.record(&e);
                }
            }
            (files, problems)
        })
        .collect();
    for (files, problems) in per_image {
        out.files += files;
        out.problems.merge(&problems);
    }
    out
}
