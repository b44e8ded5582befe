//! One sample: decode its files, turn raw labels into the paper's targets
//! (TASKONOMY.md, "How the paper's experiments read these"), resize, flip.
//!
//! Order: decode at the native size, normalise, resize (bilinear, or nearest
//! for class indices), then flip. The normalisations are affine, so
//! normalising before or after a bilinear resize gives the same values.
//! The depth-validity mask (raw depth < 8192, i.e. 16 m) is computed from
//! the raw depth at the native size and resized by nearest, so a mask pixel
//! is always exactly 0 or 1 and never mixes valid and invalid depth.

use super::manifest::{Encoding, Manifest};
use super::pngio::PngImage;
use super::resize::{bilinear, flip_horizontal, nearest};
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

    fn extend(&mut self, other: &HostValues) {
        match (self, other) {
            (HostValues::F32(a), HostValues::F32(b)) => a.extend_from_slice(b),
            (HostValues::I64(a), HostValues::I64(b)) => a.extend_from_slice(b),
            _ => unreachable!("a task's values always have the same kind"),
        }
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

impl HostTarget {
    /// Appends another image's target (collating a batch).
    pub(crate) fn extend(&mut self, other: &HostTarget) {
        self.value.extend(&other.value);
        if let (Some(a), Some(b)) = (self.mask.as_mut(), other.mask.as_ref()) {
            a.extend_from_slice(b);
        }
    }
}

/// One decoded sample.
#[derive(Clone, Debug, PartialEq)]
pub struct HostSample {
    /// RGB in `[0, 1]`, `[3, H, W]`.
    pub input: Vec<f32>,
    /// One target per task.
    pub targets: BTreeMap<Task, HostTarget>,
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

/// What to produce from each sample.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SampleSpec {
    pub tasks: TaskSet,
    /// Output side length.
    pub out: usize,
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

/// What a sample is assembled from: an image's integer values by pixel and
/// channel, from a decoded PNG or from a pack's stored record.
pub(crate) trait Raster {
    /// Pixels (side squared).
    fn pixels(&self) -> usize;
    /// Values per pixel.
    fn channels(&self) -> usize;
    /// Channel `c` of pixel `i` (row-major).
    fn value(&self, i: usize, c: usize) -> u32;
}

impl Raster for PngImage {
    fn pixels(&self) -> usize {
        (self.width * self.height) as usize
    }
    fn channels(&self) -> usize {
        self.channels as usize
    }
    fn value(&self, i: usize, c: usize) -> u32 {
        self.sample(i, c)
    }
}

/// Channel `c` of an image as raw values.
pub(crate) fn channel(img: &impl Raster, c: usize) -> Vec<f32> {
    (0..img.pixels()).map(|i| img.value(i, c) as f32).collect()
}

/// The normalised planes of a task at the native size (TASKONOMY.md table).
fn normalise(task: Task, img: &impl Raster) -> Vec<Vec<f32>> {
    let affine = |plane: Vec<f32>, offset: f32, scale: f32| {
        plane
            .into_iter()
            .map(|v| (v - offset) / scale)
            .collect::<Vec<f32>>()
    };
    match task.normalisation() {
        Normalisation::Affine16 { offset, scale } => vec![affine(channel(img, 0), offset, scale)],
        Normalisation::SignedUnit => (0..3)
            .map(|c| affine(channel(img, c), 127.5, 127.5))
            .collect(),
        Normalisation::Unit => (0..3)
            .map(|c| affine(channel(img, c), 0.0, 255.0))
            .collect(),
        Normalisation::GreyStandardised { mean, std } => {
            let k = img.channels();
            let grey: Vec<f32> = (0..img.pixels())
                .map(|i| (0..k).map(|c| img.value(i, c) as f32).sum::<f32>() / k as f32 / 255.0)
                .collect();
            vec![affine(grey, mean, std)]
        }
        Normalisation::TwoChannelStandardised { mean, std } => (0..2)
            .map(|c| {
                channel(img, c)
                    .into_iter()
                    .map(|v| (v / 255.0 - mean[c]) / std[c])
                    .collect()
            })
            .collect(),
        Normalisation::ClassIndex => unreachable!("class indices are not normalised"),
    }
}

/// Resizes and, when `flip`, mirrors each plane, concatenating them.
fn finish(planes: Vec<Vec<f32>>, n: usize, out: usize, flip: bool) -> Vec<f32> {
    let mut all = Vec::with_capacity(planes.len() * out * out);
    for plane in planes {
        let mut p = bilinear(&plane, n, out);
        if flip {
            flip_horizontal(&mut p, out);
        }
        all.extend(p);
    }
    all
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

/// Class indices of a segmentation image, resized by nearest and flipped.
fn classes(img: &impl Raster, n: usize, out: usize, flip: bool) -> Vec<i64> {
    let raw: Vec<u32> = (0..n * n).map(|i| img.value(i, 0)).collect();
    let mut p = nearest(&raw, n, out);
    if flip {
        flip_horizontal(&mut p, out);
    }
    p.into_iter().map(i64::from).collect()
}

/// The images one sample is assembled from, all `n x n`: the input, the
/// depth (when a task reads it), the depth-validity mask (1 = valid; when a
/// task is masked) and each other task's label image.
pub(crate) struct SampleImages<R> {
    pub rgb: R,
    pub depth: Option<R>,
    pub mask: Option<Vec<f32>>,
    pub labels: BTreeMap<Task, R>,
}

/// The depth-validity mask of a raw depth image (1 = valid).
pub(crate) fn validity(depth: &impl Raster) -> Vec<f32> {
    (0..depth.pixels())
        .map(|i| {
            if depth.value(i, 0) < DEPTH_MASK_LIMIT {
                1.0
            } else {
                0.0
            }
        })
        .collect()
}

/// The domains a sample of `tasks` reads besides the input, in load order:
/// the depth when a task is masked or is depth, then each other task's.
pub(crate) fn label_tasks(tasks: TaskSet) -> impl Iterator<Item = Task> {
    tasks
        .iter()
        .filter(|t| !matches!(t, Task::Autoencoder | Task::DepthZbuffer))
}

/// Whether a sample of `tasks` reads the depth image.
pub(crate) fn needs_depth(tasks: TaskSet) -> bool {
    tasks.iter().any(Task::uses_mask) || tasks.contains(Task::DepthZbuffer)
}

/// Decodes one sample into the paper's input and targets.
pub(crate) fn decode_sample(
    manifest: &Manifest,
    files: &BuildingFiles,
    key: ImageKey,
    spec: SampleSpec,
    flip: bool,
) -> Result<HostSample, DataError> {
    let rgb = load(manifest, files, super::dataset::INPUT_DOMAIN, key)?;
    let depth = if needs_depth(spec.tasks) {
        Some(load(manifest, files, MASK_DOMAIN, key)?)
    } else {
        None
    };
    let mask = match &depth {
        Some(d) if spec.tasks.iter().any(Task::uses_mask) => Some(validity(d)),
        _ => None,
    };
    let mut labels = BTreeMap::new();
    for task in label_tasks(spec.tasks) {
        labels.insert(task, load(manifest, files, task.domain(), key)?);
    }
    let images = SampleImages {
        rgb,
        depth,
        mask,
        labels,
    };
    Ok(assemble(&images, manifest.size as usize, spec, flip))
}

/// The paper's input and targets from a sample's `n x n` images: normalise,
/// resize to `spec.out`, flip. The one place both the PNG path and packs
/// turn stored values into a sample.
pub(crate) fn assemble<R: Raster>(
    images: &SampleImages<R>,
    n: usize,
    spec: SampleSpec,
    flip: bool,
) -> HostSample {
    let out = spec.out;
    let input = finish(normalise(Task::Autoencoder, &images.rgb), n, out, flip);
    let mask = images.mask.as_ref().map(|valid| {
        let mut m = nearest(valid, n, out);
        if flip {
            flip_horizontal(&mut m, out);
        }
        m
    });
    let mut targets = BTreeMap::new();
    for task in spec.tasks.iter() {
        let value = match task {
            Task::Autoencoder => HostValues::F32(input.clone()),
            Task::DepthZbuffer => HostValues::F32(finish(
                normalise(task, images.depth.as_ref().expect("depth loaded")),
                n,
                out,
                flip,
            )),
            Task::SegmentSemantic => HostValues::I64(classes(&images.labels[&task], n, out, flip)),
            _ => {
                let mut v = finish(normalise(task, &images.labels[&task]), n, out, flip);
                if flip && task == Task::Normal {
                    // Mirroring the image mirrors the surfaces: the normal's x component changes sign.
                    v[..out * out].iter_mut().for_each(|x| *x = -*x);
                }
                HostValues::F32(v)
            }
        };
        let channels = if task == Task::SegmentSemantic {
            1
        } else {
            task.channels() as usize
        };
        targets.insert(
            task,
            HostTarget {
                channels,
                value,
                mask: if task.uses_mask() { mask.clone() } else { None },
            },
        );
    }
    HostSample { input, targets }
}
