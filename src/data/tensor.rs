//! Host batches to tensors: the only place the data module touches tch.

use super::batch::{Batch, BatchSource, Target};
use super::host::HostBatch;
use super::loader::Loader;
use super::sample::HostValues;
use super::DataError;
use std::collections::BTreeMap;
use tch::Tensor;

impl HostBatch {
    /// The batch as CPU tensors: input f32 `[B,3,S,S]`; per task the target
    /// (class indices Int64 `[B,S,S]`, else f32 `[B,C,S,S]`) and the mask
    /// f32 `[B,1,S,S]` for masked tasks.
    pub fn to_batch(&self) -> Result<Batch, DataError> {
        let (b, s) = (self.len() as i64, self.size as i64);
        let input = Tensor::f_from_slice(&self.input)?.f_view([b, 3, s, s])?;
        let mut targets = BTreeMap::new();
        for (task, t) in &self.targets {
            let value = match &t.value {
                HostValues::I64(v) => Tensor::f_from_slice(v)?.f_view([b, s, s])?,
                HostValues::F32(v) => {
                    Tensor::f_from_slice(v)?.f_view([b, t.channels as i64, s, s])?
                }
            };
            let mask = t
                .mask
                .as_ref()
                .map(|m| Tensor::f_from_slice(m)?.f_view([b, 1, s, s]))
                .transpose()?;
            targets.insert(*task, Target { value, mask });
        }
        Ok(Batch { input, targets })
    }
}

impl Loader {
    /// The batches of `epoch` as tensors (deterministic for the seed and epoch).
    pub fn epoch(&self, epoch: u64) -> impl Iterator<Item = Result<Batch, DataError>> {
        self.host_epoch(epoch).map(|r| r.and_then(|h| h.to_batch()))
    }
}

impl BatchSource for Loader {
    fn len(&self) -> usize {
        Loader::len(self)
    }

    fn batches(&self, epoch: u64) -> Box<dyn Iterator<Item = Result<Batch, DataError>> + '_> {
        Box::new(self.epoch(epoch))
    }

    fn skips(&self) -> crate::data::SkipReport {
        Loader::skips(self)
    }
}
