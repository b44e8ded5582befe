//! A finished network's predictions, from its best-validation weights.

use super::error::StudyError;
use super::spec::NetworkSpec;
use super::store::Store;
use crate::data::{HostBatch, HostTarget, HostValues};
use crate::model::MultiTaskNet;
use crate::train::checkpoint::BEST_FILE;
use std::collections::BTreeMap;
use tch::{nn, Device, Kind, Tensor};

impl Store {
    /// The predictions of one finished network (its best-validation
    /// checkpoint, evaluated on the CPU in inference mode) for the images of
    /// `batch`, as a host batch of the same images: class indices (argmax)
    /// for segmentation, raw outputs for the other tasks.
    pub fn predict(&self, spec: NetworkSpec, batch: &HostBatch) -> Result<HostBatch, StudyError> {
        let path = self.network_dir(spec).join(BEST_FILE);
        let weights = |source| StudyError::Weights {
            path: path.clone(),
            source,
        };
        let mut vs = nn::VarStore::new(Device::Cpu);
        let net = MultiTaskNet::new(&vs.root(), spec.arch(self.config().arch), spec.tasks);
        vs.load(&path).map_err(weights)?;
        let (b, s) = (batch.images.len() as i64, batch.size as i64);
        let input = Tensor::f_from_slice(&batch.input)
            .and_then(|t| t.f_view([b, 3, s, s]))
            .map_err(weights)?;
        let outputs = tch::no_grad(|| net.forward_t(&input, false));
        let mut targets = BTreeMap::new();
        for (task, out) in outputs {
            let channels = out.size()[1] as usize;
            let target = if task == crate::tasks::Task::SegmentSemantic {
                let classes = out
                    .argmax(1, false)
                    .to_kind(Kind::Int64)
                    .contiguous()
                    .view([-1]);
                HostTarget {
                    channels: 1,
                    value: HostValues::I64(Vec::<i64>::try_from(&classes).map_err(weights)?),
                    mask: None,
                }
            } else {
                let values = out.to_kind(Kind::Float).contiguous().view([-1]);
                HostTarget {
                    channels,
                    value: HostValues::F32(Vec::<f32>::try_from(&values).map_err(weights)?),
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
}
