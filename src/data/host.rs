//! [`HostBatch`]: a batch as plain buffers with shapes, before it becomes
//! tensors (the torch-gated `tensor.rs` does that in one place).
//!
//! A loader allocates a batch once and hands each sample its rows
//! ([`HostBatch::fill`]: disjoint slices, written in parallel by
//! `assemble.rs`, each value once, without clearing the buffers first);
//! rows of samples that were dropped are then removed
//! ([`HostBatch::keep_rows`]).

use super::sample::{HostTarget, HostValues};
use super::source::ImageKey;
use crate::tasks::{Task, TaskSet};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::mem::MaybeUninit;

/// Which image a batch row is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageId {
    /// The building.
    pub building: String,
    /// The point and view.
    pub key: ImageKey,
    /// Whether the image was mirrored (the flip augmentation).
    pub flipped: bool,
}

/// A batch on the host: input `[B, 3, S, S]` in `[0, 1]`; per task a target
/// `[B, C, S, S]` (class indices: `[B, S, S]`) and, for masked tasks, the
/// mask `[B, 1, S, S]`.
#[derive(Clone, Debug, PartialEq)]
pub struct HostBatch {
    /// Output side length `S`.
    pub size: usize,
    /// The input, image after image.
    pub input: Vec<f32>,
    /// One target per task, image after image.
    pub targets: BTreeMap<Task, HostTarget>,
    /// The images, in batch order.
    pub images: Vec<ImageId>,
}

impl HostBatch {
    /// Number of images.
    pub fn len(&self) -> usize {
        self.images.len()
    }

    /// Whether the batch holds no image.
    pub fn is_empty(&self) -> bool {
        self.images.is_empty()
    }

    /// A batch of `rows` images of `tasks` at side `size`, each row
    /// written by `write(row, slot)` in parallel (on the current rayon pool);
    /// a row whose `write` fails is zeroed (the caller drops it with
    /// [`HostBatch::keep_rows`]). No image is named yet. The buffers are
    /// allocated once and not cleared first: every value is written once.
    pub(crate) fn fill<E: Send>(
        tasks: TaskSet,
        rows: usize,
        size: usize,
        write: impl Fn(usize, &mut SampleSlot<'_>) -> Result<(), E> + Sync,
    ) -> (HostBatch, Vec<Result<(), E>>) {
        let plane = size * size;
        let shapes: Vec<(Task, usize, bool)> = tasks
            .iter()
            .map(|t| {
                let channels = if t == Task::SegmentSemantic {
                    1
                } else {
                    t.channels() as usize
                };
                (t, channels, t.uses_mask())
            })
            .collect();
        let mut input: Vec<f32> = Vec::with_capacity(rows * 3 * plane);
        let mut values: Vec<HostValues> = shapes
            .iter()
            .map(|&(t, c, _)| match t {
                Task::SegmentSemantic => HostValues::I64(Vec::with_capacity(rows * plane)),
                _ => HostValues::F32(Vec::with_capacity(rows * c * plane)),
            })
            .collect();
        let mut masks: Vec<Option<Vec<f32>>> = shapes
            .iter()
            .map(|&(_, _, m)| m.then(|| Vec::with_capacity(rows * plane)))
            .collect();
        let results = {
            let mut slots: Vec<SampleSlot<'_>> = input.spare_capacity_mut()[..rows * 3 * plane]
                .chunks_exact_mut(3 * plane)
                .map(|input| SampleSlot {
                    input,
                    targets: Vec::with_capacity(shapes.len()),
                })
                .collect();
            for ((&(task, c, _), value), mask) in shapes.iter().zip(&mut values).zip(&mut masks) {
                let per_row = c * plane;
                let value_rows: Vec<ValueSlot<'_>> = match value {
                    HostValues::F32(v) => v.spare_capacity_mut()[..rows * per_row]
                        .chunks_exact_mut(per_row)
                        .map(ValueSlot::F32)
                        .collect(),
                    HostValues::I64(v) => v.spare_capacity_mut()[..rows * per_row]
                        .chunks_exact_mut(per_row)
                        .map(ValueSlot::I64)
                        .collect(),
                };
                let mut mask_rows = mask
                    .as_mut()
                    .map(|m| m.spare_capacity_mut()[..rows * plane].chunks_exact_mut(plane));
                for (slot, value) in slots.iter_mut().zip(value_rows) {
                    slot.targets.push(TargetSlot {
                        task,
                        value,
                        mask: mask_rows.as_mut().and_then(Iterator::next),
                    });
                }
            }
            slots
                .into_par_iter()
                .enumerate()
                .map(|(row, mut slot)| {
                    let result = write(row, &mut slot);
                    if result.is_err() {
                        slot.zero();
                    }
                    result
                })
                .collect::<Vec<_>>()
        };
        // SAFETY: each buffer's first `rows * per_row` values were handed
        // out as the rows' slots, and every row was written in full (the
        // writers of `assemble.rs` write each value of each slice they get,
        // checked against the plane lengths) or zeroed.
        unsafe {
            input.set_len(rows * 3 * plane);
            for ((&(_, c, _), value), mask) in shapes.iter().zip(&mut values).zip(&mut masks) {
                match value {
                    HostValues::F32(v) => v.set_len(rows * c * plane),
                    HostValues::I64(v) => v.set_len(rows * plane),
                }
                if let Some(m) = mask {
                    m.set_len(rows * plane);
                }
            }
        }
        let targets = shapes
            .iter()
            .zip(values)
            .zip(masks)
            .map(|((&(task, channels, _), value), mask)| {
                (
                    task,
                    HostTarget {
                        channels,
                        value,
                        mask,
                    },
                )
            })
            .collect();
        let batch = HostBatch {
            size,
            input,
            targets,
            images: Vec::with_capacity(rows),
        };
        (batch, results)
    }

    /// Keeps the rows `keep` marks (in order), dropping the others' values.
    pub(crate) fn keep_rows(&mut self, keep: &[bool]) {
        let plane = self.size * self.size;
        fn compact<T: Copy>(v: &mut Vec<T>, per_row: usize, keep: &[bool]) {
            let mut to = 0;
            for (from, _) in keep.iter().enumerate().filter(|(_, &k)| k) {
                if from != to {
                    v.copy_within(from * per_row..(from + 1) * per_row, to * per_row);
                }
                to += 1;
            }
            v.truncate(to * per_row);
        }
        compact(&mut self.input, 3 * plane, keep);
        for target in self.targets.values_mut() {
            let per_row = target.channels * plane;
            match &mut target.value {
                HostValues::F32(v) => compact(v, per_row, keep),
                HostValues::I64(v) => compact(v, per_row, keep),
            }
            if let Some(m) = &mut target.mask {
                compact(m, plane, keep);
            }
        }
    }
}

/// One image's rows of a batch being filled (not yet initialised: a
/// writer sets every value).
pub(crate) struct SampleSlot<'a> {
    /// The input, `[3, S, S]`.
    pub input: &'a mut [MaybeUninit<f32>],
    /// Each task's target rows, in the batch's task order.
    pub targets: Vec<TargetSlot<'a>>,
}

impl SampleSlot<'_> {
    /// Sets every value to 0 (a row that will be dropped).
    fn zero(&mut self) {
        self.input.fill(MaybeUninit::new(0.0));
        for t in &mut self.targets {
            match &mut t.value {
                ValueSlot::F32(v) => v.fill(MaybeUninit::new(0.0)),
                ValueSlot::I64(v) => v.fill(MaybeUninit::new(0)),
            }
            if let Some(m) = &mut t.mask {
                m.fill(MaybeUninit::new(0.0));
            }
        }
    }
}

/// One task's rows of one image.
pub(crate) struct TargetSlot<'a> {
    pub task: Task,
    pub value: ValueSlot<'a>,
    /// The mask `[1, S, S]` of a masked task.
    pub mask: Option<&'a mut [MaybeUninit<f32>]>,
}

/// A target's values of one image.
pub(crate) enum ValueSlot<'a> {
    /// Normalised values `[C, S, S]`.
    F32(&'a mut [MaybeUninit<f32>]),
    /// Class indices `[S, S]`.
    I64(&'a mut [MaybeUninit<i64>]),
}
