//! [`Batch`]: what the trainer consumes.

use super::DataError;
use crate::tasks::Task;
use std::collections::BTreeMap;
use tch::Tensor;

/// One task's target for a batch.
#[derive(Debug)]
pub struct Target {
    /// Class indices (Int64 `[B,H,W]`) for segmentation; normalised values
    /// (f32 `[B,C,H,W]`) for every other task.
    pub value: Tensor,
    /// Depth-validity mask (f32 `[B,1,H,W]`, 1 = valid) for tasks whose loss
    /// is masked ([`Task::uses_mask`]); `None` otherwise.
    pub mask: Option<Tensor>,
}

/// A batch of images with their targets.
#[derive(Debug)]
pub struct Batch {
    /// RGB input, f32 `[B,3,H,W]` in `[0, 1]`.
    pub input: Tensor,
    /// One target per task.
    pub targets: BTreeMap<Task, Target>,
}

impl Batch {
    /// Number of images.
    pub fn len(&self) -> i64 {
        self.input.size()[0]
    }

    /// Whether the batch holds no image.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The batch on another device.
    pub fn to_device(&self, device: tch::Device) -> Batch {
        Batch {
            input: self.input.to_device(device),
            targets: self
                .targets
                .iter()
                .map(|(t, tg)| {
                    (
                        *t,
                        Target {
                            value: tg.value.to_device(device),
                            mask: tg.mask.as_ref().map(|m| m.to_device(device)),
                        },
                    )
                })
                .collect(),
        }
    }
}

/// Anything that yields the batches of one epoch (a Taskonomy loader, a
/// synthetic in-memory source in tests).
pub trait BatchSource {
    /// Batches per epoch.
    fn len(&self) -> usize;
    /// Whether an epoch is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The batches of `epoch`, deterministic for a given source and epoch.
    fn batches(&self, epoch: u64) -> Box<dyn Iterator<Item = Result<Batch, DataError>> + '_>;
}
