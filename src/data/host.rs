//! [`HostBatch`]: a batch as plain buffers with shapes, before it becomes
//! tensors (the torch-gated `tensor.rs` does that in one place).
//!
//! A loader allocates a batch once ([`HostBatch::zeroed`]) and hands each
//! sample its rows ([`HostBatch::slots`]: disjoint slices, written in
//! parallel by `assemble.rs`); rows of samples that were dropped are then
//! removed ([`HostBatch::keep_rows`]).

use super::sample::{HostTarget, HostValues};
use super::source::ImageKey;
use crate::tasks::{Task, TaskSet};
use std::collections::BTreeMap;

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

    /// A batch of `rows` images of `tasks` at side `size`, every value 0,
    /// and no image named yet.
    pub(crate) fn zeroed(tasks: TaskSet, rows: usize, size: usize) -> HostBatch {
        let plane = size * size;
        let targets = tasks
            .iter()
            .map(|task| {
                let (channels, value) = if task == Task::SegmentSemantic {
                    (1, HostValues::I64(vec![0; rows * plane]))
                } else {
                    let c = task.channels() as usize;
                    (c, HostValues::F32(vec![0.0; rows * c * plane]))
                };
                let mask = task.uses_mask().then(|| vec![0.0; rows * plane]);
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
        HostBatch {
            size,
            input: vec![0.0; rows * 3 * plane],
            targets,
            images: Vec::with_capacity(rows),
        }
    }

    /// Rows in the buffers (the images of a batch being filled are named later).
    fn rows(&self) -> usize {
        self.input.len() / (3 * self.size * self.size)
    }

    /// Each row's slices of every buffer, row after row.
    pub(crate) fn slots(&mut self) -> Vec<SampleSlot<'_>> {
        let plane = self.size * self.size;
        let rows = self.rows();
        let mut slots: Vec<SampleSlot<'_>> = self
            .input
            .chunks_exact_mut(3 * plane)
            .map(|input| SampleSlot {
                input,
                targets: Vec::with_capacity(self.targets.len()),
            })
            .collect();
        for (&task, target) in &mut self.targets {
            let per_row = target.channels * plane;
            let values: Vec<ValueSlot<'_>> = match &mut target.value {
                HostValues::F32(v) => v.chunks_exact_mut(per_row).map(ValueSlot::F32).collect(),
                HostValues::I64(v) => v.chunks_exact_mut(per_row).map(ValueSlot::I64).collect(),
            };
            let mut masks = target
                .mask
                .as_mut()
                .map(|m| m.chunks_exact_mut(plane).map(Some).collect())
                .unwrap_or_else(|| (0..rows).map(|_| None).collect::<Vec<_>>())
                .into_iter();
            for (slot, value) in slots.iter_mut().zip(values) {
                slot.targets.push(TargetSlot {
                    task,
                    value,
                    mask: masks.next().flatten(),
                });
            }
        }
        slots
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

/// One image's rows of a batch being filled.
pub(crate) struct SampleSlot<'a> {
    /// The input, `[3, S, S]`.
    pub input: &'a mut [f32],
    /// Each task's target rows, in the batch's task order.
    pub targets: Vec<TargetSlot<'a>>,
}

/// One task's rows of one image.
pub(crate) struct TargetSlot<'a> {
    pub task: Task,
    pub value: ValueSlot<'a>,
    /// The mask `[1, S, S]` of a masked task.
    pub mask: Option<&'a mut [f32]>,
}

/// A target's values of one image.
pub(crate) enum ValueSlot<'a> {
    /// Normalised values `[C, S, S]`.
    F32(&'a mut [f32]),
    /// Class indices `[S, S]`.
    I64(&'a mut [i64]),
}
