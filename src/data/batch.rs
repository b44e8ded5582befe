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

    /// The batch on another device. To a CUDA device the host tensors are
    /// copied from pinned (page-locked) memory without blocking: the host
    /// goes on (to the step's first kernels, queued on the same stream, which
    /// wait for the copy) instead of waiting for the transfer.
    pub fn to_device(&self, device: tch::Device) -> Batch {
        let move_to = |t: &Tensor| match device {
            tch::Device::Cuda(_) if t.device() == tch::Device::Cpu => t
                .pin_memory(device)
                .to_device_(device, t.kind(), true, false),
            _ => t.to_device(device),
        };
        Batch {
            input: move_to(&self.input),
            targets: self
                .targets
                .iter()
                .map(|(t, tg)| {
                    (
                        *t,
                        Target {
                            value: move_to(&tg.value),
                            mask: tg.mask.as_ref().map(move_to),
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
    /// What the source dropped under its `skip_bad` policy (when it was made
    /// and in its last epoch); none for a source without one.
    fn skips(&self) -> super::SkipReport {
        super::SkipReport::new()
    }
}
