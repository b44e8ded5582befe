//! Resuming a pack: what the folder holds against the plan, the shards an
//! earlier run finished, the temporary files an interrupted one left.

use super::format::{
    md5_hex, PackIndex, PackPlan, ShardInfo, ShardMeta, FORMAT, INDEX_FILE, PLAN_FILE,
    SHARD_META_KEY,
};
use super::write::PackReport;
use super::PackError;
use crate::data::DataError;
use crate::io::{write_atomic, WithPath};
use std::path::Path;
use std::time::Instant;

/// A shard already on disk from an earlier run under `plan_md5`; `None`
/// when it is not a shard of this plan (it is built again).
pub(super) fn existing_shard(path: &Path, plan_md5: &str, first: usize) -> Option<ShardInfo> {
    let bytes = std::fs::read(path).ok()?;
    let (_, metadata) = safetensors::SafeTensors::read_metadata(&bytes).ok()?;
    let meta: ShardMeta =
        serde_json::from_str(metadata.metadata().as_ref()?.get(SHARD_META_KEY)?).ok()?;
    if meta.plan_md5 != plan_md5 || meta.first_candidate != first || meta.format != FORMAT {
        return None;
    }
    Some(ShardInfo {
        file: path.file_name()?.to_string_lossy().into_owned(),
        bytes: bytes.len() as u64,
        md5: md5_hex(&bytes),
        first_candidate: first,
        records: meta.records,
        skipped: meta.skipped,
    })
}

/// Removes the temporary files an interrupted atomic write left in `dir`.
pub(super) fn remove_stale(dir: &Path) -> Result<usize, DataError> {
    let mut removed = 0;
    for entry in std::fs::read_dir(dir).with_path(dir)? {
        let entry = entry.with_path(dir)?;
        if entry.file_name().to_string_lossy().starts_with(".tmp-") {
            std::fs::remove_file(entry.path()).with_path(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Checks what `out` holds against `plan`: a complete pack of the same plan
/// with every shard in place is the answer (`Some`); a partial one (the plan
/// file, or an index whose shards are not all there) is resumed; an empty
/// folder is started (the plan written); anything else is refused.
pub(super) fn resume_or_start(
    out: &Path,
    plan: &PackPlan,
    started: Instant,
) -> Result<Option<PackReport>, DataError> {
    let plan_path = out.join(PLAN_FILE);
    if out.join(INDEX_FILE).exists() {
        let index = PackIndex::load(out)?;
        index.plan.require_same(plan, out)?;
        let complete = index
            .shards
            .iter()
            .all(|s| std::fs::metadata(out.join(&s.file)).is_ok_and(|m| m.len() == s.bytes));
        if complete {
            return Ok(Some(PackReport::of(index, out, 0, 0, started)));
        }
        // Shards lost: resume as a partial pack (the index is written again at the end).
        std::fs::remove_file(out.join(INDEX_FILE)).with_path(out)?;
    } else if plan_path.exists() {
        let text = std::fs::read_to_string(&plan_path).with_path(&plan_path)?;
        let found: PackPlan = serde_json::from_str(&text).map_err(|e| PackError::BadIndex {
            path: plan_path.clone(),
            detail: e.to_string(),
        })?;
        found.require_same(plan, out)?;
        return Ok(None);
    } else if std::fs::read_dir(out).with_path(out)?.next().is_some() {
        return Err(DataError::InvalidConfig(format!(
            "{} is not empty and holds no pack to resume; pack into an empty or new folder",
            out.display()
        )));
    }
    let text = serde_json::to_string_pretty(plan).expect("a plan serialises");
    write_atomic(&plan_path, text.as_bytes())?;
    Ok(None)
}
