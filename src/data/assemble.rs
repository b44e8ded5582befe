//! Batch time: a sample's record (`record.rs`, from PNGs or a pack's
//! memory map) becomes the paper's input and targets, written straight into
//! its rows of the batch (TASKONOMY.md, "How the paper's experiments read
//! these").
//!
//! [`RecordLayout`] is made once per loader: which record plane each task
//! reads. [`RecordLayout::write`] then normalises each stored value (the
//! normalisations are per value, so they commute with the resize the record
//! already holds), mirrors rows when the sample is flipped (the normal's x
//! component changes sign) and converts to `f32` (class indices to `i64`),
//! in one pass over each plane with no intermediate buffer.

use super::host::{SampleSlot, ValueSlot};
use super::record::{PackedDomain, StoredType, MASK_PLANE};
use super::sample::{needs_depth, MASK_DOMAIN};
use super::INPUT_DOMAIN;
use crate::tasks::{Normalisation, Task, TaskSet};
use std::mem::MaybeUninit;

/// Where a record plane is and how it is stored.
#[derive(Clone, Copy, Debug)]
struct Source {
    /// Its index among the record's domains.
    index: usize,
    dtype: StoredType,
    channels: usize,
}

/// A domain a layout needs that the record lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MissingPlane {
    /// The domain (or [`MASK_PLANE`]).
    pub domain: String,
    /// Who reads it (`task normal`).
    pub reader: String,
}

/// Which record plane each task reads, for records of `domains` at side `size`.
#[derive(Clone, Debug)]
pub(crate) struct RecordLayout {
    size: usize,
    rgb: Source,
    depth: Option<Source>,
    mask: Option<Source>,
    /// Every other task's label plane.
    labels: Vec<(Task, Source)>,
}

impl RecordLayout {
    /// The layout of `tasks` over records of `domains` at side `size`.
    pub fn new(
        domains: &[PackedDomain],
        tasks: TaskSet,
        size: usize,
    ) -> Result<RecordLayout, MissingPlane> {
        let find = |name: &str, reader: &str| {
            domains
                .iter()
                .position(|d| d.name == name)
                .map(|index| Source {
                    index,
                    dtype: domains[index].dtype,
                    channels: domains[index].channels,
                })
                .ok_or_else(|| MissingPlane {
                    domain: name.to_string(),
                    reader: reader.to_string(),
                })
        };
        let rgb = find(INPUT_DOMAIN, "the input")?;
        let depth = needs_depth(tasks)
            .then(|| find(MASK_DOMAIN, "the depth or the mask"))
            .transpose()?;
        let mask = tasks
            .iter()
            .any(Task::uses_mask)
            .then(|| find(MASK_PLANE, "a masked task"))
            .transpose()?;
        let labels = tasks
            .iter()
            .filter(|t| !matches!(t, Task::Autoencoder | Task::DepthZbuffer))
            .map(|t| Ok((t, find(t.domain(), &format!("task {t}"))?)))
            .collect::<Result<_, MissingPlane>>()?;
        Ok(RecordLayout {
            size,
            rgb,
            depth,
            mask,
            labels,
        })
    }

    /// Writes one sample into its batch rows, every value of them;
    /// `plane(i)` is the record's bytes of domain `i`.
    pub fn write<'r>(
        &self,
        plane: impl Fn(usize) -> &'r [u8],
        flip: bool,
        slot: &mut SampleSlot<'_>,
    ) {
        let s = self.size;
        let at = |src: Source| Plane {
            bytes: plane(src.index),
            dtype: src.dtype,
            channels: src.channels,
            size: s,
        };
        let rgb = at(self.rgb);
        normalise(Task::Autoencoder, &rgb, flip, slot.input);
        let mask = self.mask.map(at);
        for target in &mut slot.targets {
            let task = target.task;
            if let (Some(out), Some(m)) = (target.mask.as_deref_mut(), &mask) {
                m.write_channel(0, flip, out, |v| v);
            }
            let src = match task {
                // The same values as the input, computed again (the input's
                // rows are not read back while the batch is being written).
                Task::Autoencoder => rgb.clone(),
                Task::DepthZbuffer => at(self.depth.expect("a layout with depth")),
                _ => at(self
                    .labels
                    .iter()
                    .find(|(t, _)| *t == task)
                    .expect("a layout with every task")
                    .1),
            };
            match &mut target.value {
                ValueSlot::I64(out) => src.write_classes(flip, out),
                ValueSlot::F32(out) => normalise(task, &src, flip, out),
            }
        }
    }
}

/// The stored planes of one domain of a record.
#[derive(Clone)]
struct Plane<'a> {
    bytes: &'a [u8],
    dtype: StoredType,
    channels: usize,
    size: usize,
}

impl Plane<'_> {
    /// The bytes of channel `c`.
    fn channel(&self, c: usize) -> &[u8] {
        let len = self.size * self.size * self.dtype.bytes();
        &self.bytes[c * len..(c + 1) * len]
    }

    /// Channel `c` of pixel `i`.
    fn value(&self, c: usize, i: usize) -> f32 {
        let k = c * self.size * self.size + i;
        match self.dtype {
            StoredType::U8 => f32::from(self.bytes[k]),
            StoredType::U16 => f32::from(u16::from_le_bytes([
                self.bytes[2 * k],
                self.bytes[2 * k + 1],
            ])),
        }
    }

    /// Writes `f(value)` of channel `c` into every value of `out` (one
    /// plane), rows mirrored when `flip`.
    #[inline(always)]
    fn write_channel(
        &self,
        c: usize,
        flip: bool,
        out: &mut [MaybeUninit<f32>],
        f: impl Fn(f32) -> f32,
    ) {
        let s = self.size;
        let src = self.channel(c);
        assert_eq!(out.len() * self.dtype.bytes(), src.len(), "one plane");
        match self.dtype {
            StoredType::U8 => {
                for (o, row) in out.chunks_exact_mut(s).zip(src.chunks_exact(s)) {
                    if flip {
                        for (o, &v) in o.iter_mut().zip(row.iter().rev()) {
                            o.write(f(f32::from(v)));
                        }
                    } else {
                        for (o, &v) in o.iter_mut().zip(row) {
                            o.write(f(f32::from(v)));
                        }
                    }
                }
            }
            StoredType::U16 => {
                let value = |b: &[u8]| f32::from(u16::from_le_bytes([b[0], b[1]]));
                for (o, row) in out.chunks_exact_mut(s).zip(src.chunks_exact(2 * s)) {
                    if flip {
                        for (o, b) in o.iter_mut().zip(row.chunks_exact(2).rev()) {
                            o.write(f(value(b)));
                        }
                    } else {
                        for (o, b) in o.iter_mut().zip(row.chunks_exact(2)) {
                            o.write(f(value(b)));
                        }
                    }
                }
            }
        }
    }

    /// Class indices (channel 0) into every value of `out`, rows mirrored when `flip`.
    fn write_classes(&self, flip: bool, out: &mut [MaybeUninit<i64>]) {
        let s = self.size;
        let src = self.channel(0);
        assert_eq!(out.len() * self.dtype.bytes(), src.len(), "one plane");
        for (o, row) in out
            .chunks_exact_mut(s)
            .zip(src.chunks_exact(s * self.dtype.bytes()))
        {
            let put = |o: &mut MaybeUninit<i64>, v: i64| {
                o.write(v);
            };
            match (self.dtype, flip) {
                (StoredType::U8, false) => o
                    .iter_mut()
                    .zip(row)
                    .for_each(|(o, &v)| put(o, i64::from(v))),
                (StoredType::U8, true) => o
                    .iter_mut()
                    .zip(row.iter().rev())
                    .for_each(|(o, &v)| put(o, i64::from(v))),
                (StoredType::U16, _) => {
                    let values = row
                        .chunks_exact(2)
                        .map(|b| u16::from_le_bytes([b[0], b[1]]));
                    if flip {
                        o.iter_mut()
                            .zip(values.rev())
                            .for_each(|(o, v)| put(o, i64::from(v)));
                    } else {
                        o.iter_mut()
                            .zip(values)
                            .for_each(|(o, v)| put(o, i64::from(v)));
                    }
                }
            }
        }
    }
}

/// Writes a continuous task's normalised target (`[C, S, S]`), every value.
fn normalise(task: Task, src: &Plane<'_>, flip: bool, out: &mut [MaybeUninit<f32>]) {
    let n = src.size * src.size;
    let affine = |offset: f32, scale: f32| move |v: f32| (v - offset) / scale;
    match task.normalisation() {
        Normalisation::Affine16 { offset, scale } => {
            src.write_channel(0, flip, out, affine(offset, scale))
        }
        Normalisation::SignedUnit => {
            for (c, out) in out.chunks_exact_mut(n).enumerate() {
                let f = affine(127.5, 127.5);
                if flip && c == 0 && task == Task::Normal {
                    // Mirroring the image mirrors the surfaces: the normal's x component changes sign.
                    src.write_channel(c, flip, out, |v| -f(v));
                } else {
                    src.write_channel(c, flip, out, f);
                }
            }
        }
        Normalisation::Unit => {
            for (c, out) in out.chunks_exact_mut(n).enumerate() {
                src.write_channel(c, flip, out, affine(0.0, 255.0));
            }
        }
        Normalisation::GreyStandardised { mean, std } => {
            // The mean of the channels (summed in channel order), then standardised.
            let (k, s) = (src.channels, src.size);
            for (y, row) in out.chunks_exact_mut(s).enumerate() {
                for (x, o) in row.iter_mut().enumerate() {
                    let i = y * s + if flip { s - 1 - x } else { x };
                    let grey = (0..k).map(|c| src.value(c, i)).sum::<f32>() / k as f32 / 255.0;
                    o.write((grey - mean) / std);
                }
            }
        }
        Normalisation::TwoChannelStandardised { mean, std } => {
            for (c, out) in out.chunks_exact_mut(n).enumerate() {
                src.write_channel(c, flip, out, |v| (v / 255.0 - mean[c]) / std[c]);
            }
        }
        Normalisation::ClassIndex => unreachable!("class indices are written as i64"),
    }
}
