//! A trained network's predictions: its weights loaded from a checkpoint
//! and its forward pass run on the CPU in inference mode.

use super::{Arch, MultiTaskNet};
use crate::data::{HostBatch, HostTarget, HostValues};
use crate::tasks::{Task, TaskSet};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tch::{nn, Device, Kind, Tensor};

/// A network's weights could not be loaded or evaluated.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct WeightsError {
    /// The checkpoint.
    pub path: PathBuf,
    /// The cause.
    pub source: tch::TchError,
}

/// The predictions of the network `arch` carrying `tasks`, with the weights
/// of the checkpoint `weights`, for the images of `batch`, as a host batch
/// of the same images: class indices (argmax) for segmentation, raw outputs
/// for the other tasks.
pub fn predict(
    arch: Arch,
    tasks: TaskSet,
    weights: &Path,
    batch: &HostBatch,
) -> Result<HostBatch, WeightsError> {
    let error = |source| WeightsError {
        path: weights.to_path_buf(),
        source,
    };
    let mut vs = nn::VarStore::new(Device::Cpu);
    let net = MultiTaskNet::new(&vs.root(), arch, tasks);
    vs.load(weights).map_err(error)?;
    let (b, s) = (batch.images.len() as i64, batch.size as i64);
    let input = Tensor::f_from_slice(&batch.input)
        .and_then(|t| t.f_view([b, 3, s, s]))
        .map_err(error)?;
    let outputs = tch::no_grad(|| net.forward_t(&input, false));
    let mut targets = BTreeMap::new();
    for (task, out) in outputs {
        let channels = out.size()[1] as usize;
        let target = if task == Task::SegmentSemantic {
            let classes = out
                .argmax(1, false)
                .to_kind(Kind::Int64)
                .contiguous()
                .view([-1]);
            HostTarget {
                channels: 1,
                value: HostValues::I64(Vec::<i64>::try_from(&classes).map_err(error)?),
                mask: None,
            }
        } else {
            let values = out.to_kind(Kind::Float).contiguous().view([-1]);
            HostTarget {
                channels,
                value: HostValues::F32(Vec::<f32>::try_from(&values).map_err(error)?),
                mask: None,
            }
        };
        targets.insert(task, target);
    }
    Ok(HostBatch {
        size: batch.size,
        input: batch.input.clone(),
        targets,
        images: batch.images.clone(),
    })
}
