//! One sample's pieces: its files ([`BuildingFiles`]), a checked PNG of
//! one domain ([`load`]), the depth-validity mask, and the host targets a
//! batch holds per task ([`HostTarget`], [`HostValues`]). `record.rs`
//! decodes a sample into its stored record from these; `assemble.rs` turns
//! a record into targets.

use super::manifest::{Encoding, Manifest};
use super::pngio::PngImage;
use super::source::{DomainSource, ImageKey};
use super::DataError;
use crate::tasks::{Normalisation, Task, TaskSet};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Raw depth at or above this is invalid (the paper's mask: `raw < 8192`).
pub const DEPTH_MASK_LIMIT: u32 = 8192;

/// The domain the depth-validity mask is derived from.
pub const MASK_DOMAIN: &str = "depth_zbuffer";

/// A target's values.
#[derive(Clone, Debug, PartialEq)]
pub enum HostValues {
    /// Normalised values.
    F32(Vec<f32>),
    /// Class indices.
    I64(Vec<i64>),
}

impl HostValues {
    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            HostValues::F32(v) => v.len(),
            HostValues::I64(v) => v.len(),
        }
    }

    /// Whether there is no value.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One task's target on the host: `[C, H, W]` per image (class indices: `[H, W]`).
#[derive(Clone, Debug, PartialEq)]
pub struct HostTarget {
    /// Channels (1 for class indices, which have no channel axis).
    pub channels: usize,
    /// The values, image after image, channel-major.
    pub value: HostValues,
    /// The depth-validity mask `[1, H, W]` per image (1 = valid) for masked tasks.
    pub mask: Option<Vec<f32>>,
}

/// The encoding a task's normalisation reads.
pub fn task_encoding(task: Task) -> Encoding {
    match task.normalisation() {
        Normalisation::ClassIndex => Encoding::Grey8,
        Normalisation::Affine16 { .. } => Encoding::Grey16,
        _ => Encoding::Rgb8,
    }
}

/// One building's files of the domains a loader reads.
#[derive(Clone, Debug)]
pub(crate) struct BuildingFiles {
    pub name: String,
    pub root: PathBuf,
    pub sources: BTreeMap<String, Arc<DomainSource>>,
}

pub(crate) fn load(
    manifest: &Manifest,
    files: &BuildingFiles,
    domain: &str,
    key: ImageKey,
) -> Result<PngImage, DataError> {
    let spec = manifest.require_domain(domain, "loader")?;
    let source = files
        .sources
        .get(domain)
        .ok_or_else(|| DataError::DomainAbsent {
            root: files.root.clone(),
            building: files.name.clone(),
            domain: domain.to_string(),
        })?;
    let path = source.path(manifest, spec, key);
    let bytes = source.read(manifest, spec, &files.name, key)?;
    let image = PngImage::decode(&bytes, &path)?;
    image.check(spec, manifest.domain_size(spec), &path)?;
    validate_values(domain, &image, &path)?;
    Ok(image)
}

/// Checks label values a domain restricts: segment_semantic classes are 0..=17.
pub(crate) fn validate_values(
    domain: &str,
    img: &PngImage,
    path: &std::path::Path,
) -> Result<(), DataError> {
    if domain != Task::SegmentSemantic.domain() {
        return Ok(());
    }
    let max = Task::SegmentSemantic.channels() as u32 - 1;
    let n = (img.width * img.height) as usize;
    match (0..n).map(|i| img.sample(i, 0)).find(|&v| v > max) {
        Some(bad) => Err(DataError::BadValue {
            path: path.to_path_buf(),
            domain: domain.to_string(),
            value: bad,
            detail: format!("classes are 0..={max}"),
        }),
        None => Ok(()),
    }
}

/// The depth-validity mask of a raw depth image (1 = valid).
pub(crate) fn validity(depth: &PngImage) -> Vec<f32> {
    (0..(depth.width * depth.height) as usize)
        .map(|i| {
            if depth.sample(i, 0) < DEPTH_MASK_LIMIT {
                1.0
            } else {
                0.0
            }
        })
        .collect()
}

/// Whether a sample of `tasks` reads the depth image.
pub(crate) fn needs_depth(tasks: TaskSet) -> bool {
    tasks.iter().any(Task::uses_mask) || tasks.contains(Task::DepthZbuffer)
}
