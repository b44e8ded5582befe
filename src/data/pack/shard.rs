//! Building one shard: each sample's record (decoded by the PNG path's own
//! [`decode_record`](crate::data::record), so loading, checks and resizes
//! are the loader's), the safetensors bytes, the atomic write.

use super::format::{
    md5_hex, shard_file, PackedDomain, ShardInfo, ShardMeta, FORMAT, RECORD_MD5, SHARD_META_KEY,
};
use super::write::{Candidates, PackConfig};
use super::PackError;
use crate::data::dataset::Dataset;
use crate::data::record::decode_record;
use crate::data::{DataError, ImageKey, SkipReport};
use crate::io::write_atomic;
use md5::{Digest, Md5};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// The safetensors bytes of a shard.
fn shard_bytes(
    domains: &[PackedDomain],
    size: usize,
    records: &[Vec<Vec<u8>>],
    metadata: HashMap<String, String>,
) -> Result<Vec<u8>, safetensors::SafeTensorError> {
    let rows = records.len();
    let mut planes: Vec<Vec<u8>> = vec![Vec::new(); domains.len()];
    let mut md5s = Vec::with_capacity(rows * 16);
    for r in records {
        let mut h = Md5::new();
        for (d, bytes) in r.iter().enumerate() {
            planes[d].extend_from_slice(bytes);
            h.update(bytes);
        }
        md5s.extend_from_slice(&h.finalize());
    }
    let mut views = Vec::new();
    for (d, plane) in domains.iter().zip(&planes) {
        let shape = vec![rows, d.channels, size, size];
        views.push((
            d.name.clone(),
            safetensors::tensor::TensorView::new(d.dtype.dtype(), shape, plane)?,
        ));
    }
    views.push((
        RECORD_MD5.to_string(),
        safetensors::tensor::TensorView::new(safetensors::Dtype::U8, vec![rows, 16], &md5s)?,
    ));
    safetensors::serialize(views, &Some(metadata))
}

/// A shard to build: its file, its first candidate and its candidates.
pub(super) struct Shard<'a> {
    pub path: &'a Path,
    pub first: usize,
    pub samples: &'a [(usize, ImageKey)],
    pub plan_md5: &'a str,
}

/// Decodes a shard's samples in parallel and writes it atomically.
pub(super) fn build_shard(
    pool: &rayon::ThreadPool,
    dataset: &Dataset,
    candidates: &Candidates,
    domains: &[PackedDomain],
    config: &PackConfig,
    shard: Shard<'_>,
) -> Result<ShardInfo, DataError> {
    let decoded: Vec<Result<Vec<Vec<u8>>, DataError>> = pool.install(|| {
        shard
            .samples
            .par_iter()
            .map(|&(b, key)| {
                let files = &candidates.buildings[b];
                decode_record(dataset.manifest(), files, key, domains, config.size)
            })
            .collect()
    });
    let mut records = Vec::new();
    let mut rows = Vec::new();
    let mut skipped = SkipReport::new();
    for (&(b, key), result) in shard.samples.iter().zip(decoded) {
        match result {
            Ok(r) => {
                records.push(r);
                rows.push([b as u32, key.point, key.view]);
            }
            Err(e) if config.skip_bad && e.is_sample_problem() => skipped.record(&e),
            Err(e) => return Err(e),
        }
    }
    let meta = ShardMeta {
        format: FORMAT.to_string(),
        plan_md5: shard.plan_md5.to_string(),
        first_candidate: shard.first,
        records: rows,
        skipped,
    };
    let metadata = HashMap::from([(
        SHARD_META_KEY.to_string(),
        serde_json::to_string(&meta).expect("shard metadata serialises"),
    )]);
    let bytes =
        shard_bytes(domains, config.size, &records, metadata).map_err(|e| PackError::BadShard {
            shard: shard.path.to_path_buf(),
            detail: e.to_string(),
        })?;
    write_atomic(shard.path, &bytes)?;
    Ok(ShardInfo {
        file: shard_file(shard.first / config.shard_records),
        bytes: bytes.len() as u64,
        md5: md5_hex(&bytes),
        first_candidate: shard.first,
        records: meta.records,
        skipped: meta.skipped,
    })
}
