//! [`HostBatch`]: a batch as plain buffers with shapes, before it becomes
//! tensors (the torch-gated `tensor.rs` does that in one place).

use super::sample::{HostSample, HostTarget};
use super::source::ImageKey;
use crate::tasks::Task;
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

    /// Stacks decoded samples (at least one) into a batch.
    pub(crate) fn collate(samples: Vec<(ImageId, HostSample)>, size: usize) -> HostBatch {
        let mut batch = HostBatch {
            size,
            input: Vec::with_capacity(samples.len() * 3 * size * size),
            targets: BTreeMap::new(),
            images: Vec::with_capacity(samples.len()),
        };
        for (id, sample) in samples {
            batch.images.push(id);
            batch.input.extend_from_slice(&sample.input);
            for (task, target) in sample.targets {
                match batch.targets.get_mut(&task) {
                    Some(t) => t.extend(&target),
                    None => {
                        batch.targets.insert(task, target);
                    }
                }
            }
        }
        batch
    }
}
