//! The paper's task losses (TASKONOMY.md, "How the paper's experiments read
//! these"; the official `taskonomy_losses.py`), summed over tasks.
//!
//! * Segmentation: cross-entropy over the 18 logits, pixels of class 0
//!   ignored, mean over the counted pixels. A batch without any counted pixel
//!   has loss 0 here (PyTorch returns NaN, which would poison the weights);
//!   that is the only departure from the paper's code.
//! * Masked L1 (depth, normals, occlusion edges, reshading, curvature):
//!   `|output - target| * mask`, then the mean over **all** elements
//!   (batch, channels, pixels), invalid pixels counting as zero. This is the
//!   paper code's normalisation (`out *= mask; out.mean()`), not a mean over
//!   valid pixels only.
//! * Plain L1 (keypoints, texture edges, autoencoder): mean absolute error.
//! * Shift tolerance (optional, used in the paper's runs): for the tasks the
//!   paper's `--rotate_loss` switch covers (depth, normals and, in the code,
//!   occlusion edges too), the target and mask lose a one-pixel border and
//!   the output is compared at each of the nine one-pixel shifts; per image
//!   the smallest masked L1 (mean over that image's elements) counts, then
//!   the mean over the batch.

use crate::data::Target;
use crate::tasks::{LossKind, Task};
use std::collections::BTreeMap;
use tch::{Kind, Reduction, Tensor};

/// A loss could not be computed from the given tensors.
#[derive(Debug, thiserror::Error)]
pub enum LossError {
    /// The network has an output for a task the batch has no target for.
    #[error("the batch has no target for task {0}")]
    MissingTarget(Task),
    /// A masked task's target came without its depth-validity mask.
    #[error("task {0} uses the depth-validity mask but its target has none")]
    MissingMask(Task),
    /// Output and target shapes disagree.
    #[error("task {task}: output {output:?} and target {target:?} do not match")]
    Shape {
        /// The task.
        task: Task,
        /// Output shape.
        output: Vec<i64>,
        /// Target shape.
        target: Vec<i64>,
    },
}

/// Whether the paper's shift-tolerant loss applies to a task when enabled
/// (`get_losses_and_tasks` switches depth, normals and occlusion edges).
pub fn shift_tolerant(task: Task) -> bool {
    matches!(
        task,
        Task::DepthZbuffer | Task::Normal | Task::EdgeOcclusion
    )
}

/// Cross-entropy over channel logits `[B,C,H,W]` against class indices
/// `[B,H,W]`, ignoring `ignore_index`, mean over the counted pixels (0 if none).
pub fn cross_entropy(output: &Tensor, classes: &Tensor, ignore_index: i64) -> Tensor {
    let sum = output.to_kind(Kind::Float).cross_entropy_loss::<Tensor>(
        classes,
        None,
        Reduction::Sum,
        ignore_index,
        0.0,
    );
    let counted = classes.ne(ignore_index).sum(Kind::Float).clamp_min(1.0);
    sum / counted
}

/// Mean absolute error over all elements.
pub fn l1(output: &Tensor, target: &Tensor) -> Tensor {
    output.to_kind(Kind::Float).l1_loss(target, Reduction::Mean)
}

/// `|output - target| * mask`, mean over all elements (the paper's masked L1);
/// `mask` `[B,1,H,W]` broadcasts over channels.
pub fn masked_l1(output: &Tensor, target: &Tensor, mask: &Tensor) -> Tensor {
    ((output.to_kind(Kind::Float) - target).abs() * mask).mean(Kind::Float)
}

/// The paper's shift-tolerant masked L1 (module docs). Inputs `[B,C,H,W]`,
/// mask `[B,1,H,W]`, H and W at least 3.
pub fn shifted_masked_l1(output: &Tensor, target: &Tensor, mask: &Tensor) -> Tensor {
    let (h, w) = (target.size()[2], target.size()[3]);
    let output = output.to_kind(Kind::Float);
    let t = target.narrow(2, 1, h - 2).narrow(3, 1, w - 2);
    let m = mask.narrow(2, 1, h - 2).narrow(3, 1, w - 2);
    let per_shift: Vec<Tensor> = (0..3)
        .flat_map(|dy| (0..3).map(move |dx| (dy, dx)))
        .map(|(dy, dx)| {
            let o = output.narrow(2, dy, h - 2).narrow(3, dx, w - 2);
            ((o - &t).abs() * &m).mean_dim([1i64, 2, 3].as_slice(), false, Kind::Float)
        })
        .collect();
    Tensor::stack(&per_shift, 0)
        .amin(0, false)
        .mean(Kind::Float)
}

/// One task's loss for a batch.
pub fn task_loss(
    task: Task,
    output: &Tensor,
    target: &Target,
    shift_tolerance: bool,
) -> Result<Tensor, LossError> {
    let (o, t) = (output.size(), target.value.size());
    let shape_ok = match task.loss_kind() {
        LossKind::CrossEntropy { .. } => {
            o.len() == 4 && t.len() == 3 && o[0] == t[0] && o[2..] == t[1..]
        }
        LossKind::L1 { .. } => o == t,
    };
    if !shape_ok {
        return Err(LossError::Shape {
            task,
            output: o,
            target: t,
        });
    }
    Ok(match task.loss_kind() {
        LossKind::CrossEntropy { ignore_index } => {
            cross_entropy(output, &target.value, ignore_index)
        }
        LossKind::L1 { masked: false } => l1(output, &target.value),
        LossKind::L1 { masked: true } => {
            let mask = target.mask.as_ref().ok_or(LossError::MissingMask(task))?;
            if shift_tolerance && shift_tolerant(task) {
                shifted_masked_l1(output, &target.value, mask)
            } else {
                masked_l1(output, &target.value, mask)
            }
        }
    })
}

/// Every task's loss and their sum (the paper sums, it does not average).
pub fn total_loss(
    outputs: &BTreeMap<Task, Tensor>,
    targets: &BTreeMap<Task, Target>,
    shift_tolerance: bool,
) -> Result<(Tensor, BTreeMap<Task, Tensor>), LossError> {
    let mut per_task = BTreeMap::new();
    for (task, output) in outputs {
        let target = targets.get(task).ok_or(LossError::MissingTarget(*task))?;
        per_task.insert(*task, task_loss(*task, output, target, shift_tolerance)?);
    }
    let total = per_task.values().fold(None::<Tensor>, |acc, l| {
        Some(acc.map_or_else(|| l.shallow_clone(), |a| a + l))
    });
    Ok((
        total.unwrap_or_else(|| Tensor::zeros([], (Kind::Float, tch::Device::Cpu))),
        per_task,
    ))
}
