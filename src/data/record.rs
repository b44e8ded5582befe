//! A sample's record: its images at the output side in their PNGs' integer
//! types, one channel-major plane after another per domain.
//!
//! Both ways of reading a sample go through it: the PNG path decodes a
//! record per sample ([`decode_record`]) and a pack stores the same bytes
//! (`pack/shard.rs` writes what [`decode_record`] returns). `assemble.rs`
//! turns a record into the paper's targets at batch time, so batches from
//! PNGs and from a pack are the same bit for bit.
//!
//! Resizing happens here, on the stored values: bilinear (PyTorch,
//! `align_corners=False`) for continuous values, rounded to the stored
//! type; nearest for class indices. The depth-validity mask (raw depth <
//! 8192) is computed from the raw depth at the native side and resized by
//! nearest, so a mask pixel is always exactly 0 or 1.

use super::manifest::{Encoding, Manifest};
use super::resize::{bilinear, nearest};
use super::sample::{load, task_encoding, validity, BuildingFiles, MASK_DOMAIN};
use super::source::ImageKey;
use super::{DataError, Pixels, PngImage, INPUT_DOMAIN};
use crate::tasks::{Normalisation, Task, TaskSet};
use serde::{Deserialize, Serialize};

/// The record plane of the depth-validity mask (1 = valid).
pub const MASK_PLANE: &str = "mask_valid";

/// The integer type a domain is stored in (its PNG's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StoredType {
    /// 8-bit.
    U8,
    /// 16-bit, little-endian.
    U16,
}

impl StoredType {
    /// Bytes per value.
    pub fn bytes(self) -> usize {
        match self {
            StoredType::U8 => 1,
            StoredType::U16 => 2,
        }
    }

    /// The largest value.
    pub fn max(self) -> u32 {
        match self {
            StoredType::U8 => u32::from(u8::MAX),
            StoredType::U16 => u32::from(u16::MAX),
        }
    }

    /// The safetensors dtype.
    pub fn dtype(self) -> safetensors::Dtype {
        match self {
            StoredType::U8 => safetensors::Dtype::U8,
            StoredType::U16 => safetensors::Dtype::U16,
        }
    }
}

/// How a domain is brought from the native side to the record's (the loader's choice).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Resize {
    /// Bilinear (continuous values), rounded to the stored type.
    Bilinear,
    /// Nearest (class indices, the mask): exact.
    Nearest,
}

/// One domain of a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackedDomain {
    /// The domain (`normal`), or [`MASK_PLANE`].
    pub name: String,
    /// Its stored type.
    pub dtype: StoredType,
    /// Channels.
    pub channels: usize,
    /// How it is resized.
    pub resize: Resize,
}

impl PackedDomain {
    /// A PNG domain of `encoding`; `classes` when its values are class indices.
    pub fn png(name: &str, encoding: Encoding, classes: bool) -> PackedDomain {
        let (channels, bits) = encoding.png_format().unwrap_or((1, 8));
        PackedDomain {
            name: name.to_string(),
            dtype: if bits == 16 {
                StoredType::U16
            } else {
                StoredType::U8
            },
            channels: channels as usize,
            resize: if classes {
                Resize::Nearest
            } else {
                Resize::Bilinear
            },
        }
    }

    /// The mask plane.
    pub fn mask() -> PackedDomain {
        PackedDomain {
            name: MASK_PLANE.to_string(),
            dtype: StoredType::U8,
            channels: 1,
            resize: Resize::Nearest,
        }
    }

    /// Bytes of one record of this domain at side `size`.
    pub fn record_bytes(&self, size: usize) -> usize {
        self.channels * size * size * self.dtype.bytes()
    }
}

/// The domains of a record for `tasks`, in record order: the input, the
/// depth when a task is masked or is depth, each other task's domain, then
/// the mask when a task is masked.
pub fn record_domains(manifest: &Manifest, tasks: TaskSet) -> Result<Vec<PackedDomain>, DataError> {
    let mut names = vec![INPUT_DOMAIN.to_string()];
    let masked = tasks.iter().any(Task::uses_mask);
    if masked || tasks.contains(Task::DepthZbuffer) {
        names.push(MASK_DOMAIN.to_string());
    }
    for t in tasks.iter() {
        if !names.iter().any(|n| n == t.domain()) {
            names.push(t.domain().to_string());
        }
    }
    let mut domains = Vec::with_capacity(names.len() + 1);
    for name in names {
        let spec = manifest.require_domain(&name, "a record")?;
        let task = Task::ALL.into_iter().find(|t| t.domain() == name);
        let classes = task.is_some_and(|t| matches!(t.normalisation(), Normalisation::ClassIndex));
        let encoding = task.map_or(spec.encoding, task_encoding);
        domains.push(PackedDomain::png(&name, encoding, classes));
    }
    if masked {
        domains.push(PackedDomain::mask());
    }
    Ok(domains)
}

/// Appends `v` in the stored type.
fn push(bytes: &mut Vec<u8>, dtype: StoredType, v: u32) {
    match dtype {
        StoredType::U8 => bytes.push(v as u8),
        StoredType::U16 => bytes.extend_from_slice(&(v as u16).to_le_bytes()),
    }
}

/// Channel `c` of an interleaved image as raw values.
fn channel_values(img: &PngImage, c: usize) -> Vec<u32> {
    let k = img.channels as usize;
    match &img.pixels {
        Pixels::U8(v) => v.iter().skip(c).step_by(k).map(|&x| u32::from(x)).collect(),
        Pixels::U16(v) => v.iter().skip(c).step_by(k).map(|&x| u32::from(x)).collect(),
    }
}

/// The planes of one decoded domain at side `size`, in the stored type.
fn domain_bytes(img: &PngImage, d: &PackedDomain, n: usize, size: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(d.record_bytes(size));
    for c in 0..d.channels {
        let raw = channel_values(img, c);
        let plane = if n == size {
            raw
        } else {
            match d.resize {
                Resize::Nearest => nearest(&raw, n, size),
                Resize::Bilinear => {
                    let values: Vec<f32> = raw.iter().map(|&v| v as f32).collect();
                    let max = d.dtype.max() as f32;
                    bilinear(&values, n, size)
                        .into_iter()
                        .map(|v| v.round().clamp(0.0, max) as u32)
                        .collect()
                }
            }
        };
        plane.into_iter().for_each(|v| push(&mut bytes, d.dtype, v));
    }
    bytes
}

/// Decodes one sample's record at side `size`: per domain of `domains`
/// (in that order, as [`record_domains`] lists them), its planes. Each PNG
/// is read, checked and validated as the loader always has (a bad file is
/// the error naming it).
pub(crate) fn decode_record(
    manifest: &Manifest,
    files: &BuildingFiles,
    key: ImageKey,
    domains: &[PackedDomain],
    size: usize,
) -> Result<Vec<Vec<u8>>, DataError> {
    let n = manifest.size;
    let mut depth = None;
    let mut out = Vec::with_capacity(domains.len());
    for d in domains {
        if d.name == MASK_PLANE {
            let depth = depth
                .as_ref()
                .expect("record_domains lists the depth before the mask");
            let valid = nearest(&validity(depth), n, size);
            out.push(valid.into_iter().map(|v| u8::from(v > 0.5)).collect());
        } else {
            let img = load(manifest, files, &d.name, key)?;
            out.push(domain_bytes(&img, d, n, size));
            if d.name == MASK_DOMAIN {
                depth = Some(img);
            }
        }
    }
    Ok(out)
}
