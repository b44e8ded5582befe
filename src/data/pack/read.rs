//! [`Pack`]: an open pack. Shards are memory-mapped; a sample's record is
//! read in place from the map and written into its batch rows by the same
//! `assemble.rs` as the PNG path's records (normalisation, flips, the float
//! conversion), so nothing is copied but the batch.
//!
//! Integrity: on open every shard's size is checked against the index (a
//! short one is [`PackError::Truncated`], naming the first sample cut), and
//! its MD5 either at once ([`Verify::Open`]) or at its first read
//! ([`Verify::Lazy`]); a mismatch is [`PackError::Corrupt`], naming the
//! first sample whose record's own MD5 differs.

use super::format::{md5_hex, sample_name, PackIndex, ShardInfo, INDEX_FILE, RECORD_MD5};
use super::PackError;
use crate::data::assemble::RecordLayout;
use crate::data::host::SampleSlot;
use crate::data::{DataError, ImageKey, Manifest, Split};
use crate::io::WithPath;
use crate::tasks::TaskSet;
use md5::{Digest, Md5};
use memmap2::Mmap;
use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// When shard checksums are verified.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Verify {
    /// Every shard when the pack is opened.
    #[default]
    Open,
    /// Each shard at its first read (opening a large pack is then instant).
    Lazy,
}

/// One mapped shard.
#[derive(Debug)]
struct Shard {
    path: PathBuf,
    map: Mmap,
    /// Per packed domain (index order): where its tensor's rows start.
    starts: Vec<usize>,
    md5_start: usize,
    verified: OnceLock<Result<(), PackError>>,
}

/// An open pack.
#[derive(Debug)]
pub struct Pack {
    dir: PathBuf,
    index: PackIndex,
    shards: Vec<Shard>,
    rows: HashMap<(u32, ImageKey), (usize, usize)>,
}

/// Where a sample's record is: its shard and row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PackRow {
    shard: usize,
    row: usize,
}

/// The tensors of a safetensors header (`None` when it does not parse).
fn header(bytes: &[u8]) -> Option<(usize, HashMap<String, safetensors::tensor::TensorInfo>)> {
    let n = usize::try_from(u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?)).ok()?;
    let text = std::str::from_utf8(bytes.get(8..8usize.checked_add(n)?)?).ok()?;
    let mut all: HashMap<String, serde_json::Value> = serde_json::from_str(text).ok()?;
    all.remove("__metadata__");
    let tensors = all
        .into_iter()
        .map(|(k, v)| Some((k, serde_json::from_value(v).ok()?)))
        .collect::<Option<_>>()?;
    Some((8 + n, tensors))
}

impl Pack {
    /// Opens the pack in `dir` (a folder holding `pack.json`, or that file),
    /// verifying every shard.
    pub fn open(dir: impl AsRef<Path>) -> Result<Pack, DataError> {
        Pack::open_with(dir, Verify::Open)
    }

    /// Whether `path` is a pack (a folder holding `pack.json`, or that file).
    pub fn is_pack(path: &Path) -> bool {
        path.join(INDEX_FILE).is_file() || path.file_name().is_some_and(|n| n == INDEX_FILE)
    }

    /// Opens a pack, verifying its shards when `verify` says.
    pub fn open_with(dir: impl AsRef<Path>, verify: Verify) -> Result<Pack, DataError> {
        let dir = dir.as_ref();
        let dir = if dir.is_dir() {
            dir.to_path_buf()
        } else {
            dir.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let index = PackIndex::load(&dir)?;
        let mut shards = Vec::with_capacity(index.shards.len());
        let mut rows = HashMap::new();
        for (s, info) in index.shards.iter().enumerate() {
            let path = dir.join(&info.file);
            let file = File::open(&path).with_path(&path)?;
            // Safety: shards are written once (atomically) and never modified
            // in place by this crate; an outside change is caught by the MD5.
            let map = unsafe { Mmap::map(&file) }.with_path(&path)?;
            let shard = Pack::map_shard(&index, info, path, map)?;
            shards.push(shard);
            for (r, rec) in info.records.iter().enumerate() {
                rows.insert((rec[0], index.record(rec).1), (s, r));
            }
        }
        let pack = Pack {
            dir,
            index,
            shards,
            rows,
        };
        if verify == Verify::Open {
            for s in 0..pack.shards.len() {
                pack.verified(s)?;
            }
        }
        Ok(pack)
    }

    fn map_shard(
        index: &PackIndex,
        info: &ShardInfo,
        path: PathBuf,
        map: Mmap,
    ) -> Result<Shard, DataError> {
        let size = index.plan.size;
        let name = |r: usize| {
            info.records
                .get(r)
                .or(info.records.last())
                .map_or_else(|| "(none)".to_string(), |rec| index.record_name(rec))
        };
        let actual = map.len() as u64;
        let parsed = header(&map);
        if actual < info.bytes {
            // The first record any tensor lacks.
            let cut = parsed.as_ref().map_or(0, |(start, tensors)| {
                let avail = map.len().saturating_sub(*start);
                tensors
                    .values()
                    .filter(|t| t.data_offsets.1 > avail)
                    .map(|t| {
                        let rows = t.shape.first().copied().unwrap_or(1).max(1);
                        let row = (t.data_offsets.1 - t.data_offsets.0) / rows;
                        avail.saturating_sub(t.data_offsets.0) / row.max(1)
                    })
                    .min()
                    .unwrap_or(0)
            });
            return Err(PackError::Truncated {
                shard: path,
                expected: info.bytes,
                actual,
                sample: name(cut),
            }
            .into());
        }
        let bad = |detail: String| PackError::BadShard {
            shard: path.clone(),
            detail,
        };
        let Some((start, tensors)) = parsed else {
            return Err(PackError::Corrupt {
                shard: path.clone(),
                expected: info.md5.clone(),
                actual: md5_hex(&map),
                sample: None,
            }
            .into());
        };
        let rows = info.records.len();
        let locate = |name: &str, shape: Vec<usize>, dtype: safetensors::Dtype| {
            let t = tensors
                .get(name)
                .ok_or_else(|| bad(format!("no tensor {name}")))?;
            if t.shape != shape || t.dtype != dtype || start + t.data_offsets.1 > map.len() {
                return Err(bad(format!(
                    "tensor {name} is {:?} {:?}, the index says {dtype:?} {shape:?}",
                    t.dtype, t.shape
                )));
            }
            Ok(start + t.data_offsets.0)
        };
        let mut starts = Vec::new();
        for d in &index.plan.domains {
            starts.push(locate(
                &d.name,
                vec![rows, d.channels, size, size],
                d.dtype.dtype(),
            )?);
        }
        let md5_start = locate(RECORD_MD5, vec![rows, 16], safetensors::Dtype::U8)?;
        Ok(Shard {
            path,
            map,
            starts,
            md5_start,
            verified: OnceLock::new(),
        })
    }

    /// The bytes of row `r` of domain `d` in shard `s`.
    fn row(&self, s: usize, d: usize, r: usize) -> &[u8] {
        let len = self.index.plan.domains[d].record_bytes(self.index.plan.size);
        let start = self.shards[s].starts[d] + r * len;
        &self.shards[s].map[start..start + len]
    }

    /// Verifies shard `s` once.
    fn verified(&self, s: usize) -> Result<(), PackError> {
        let shard = &self.shards[s];
        shard
            .verified
            .get_or_init(|| {
                let info = &self.index.shards[s];
                let actual = md5_hex(&shard.map);
                if actual == info.md5 {
                    return Ok(());
                }
                let sample = (0..info.records.len()).find_map(|r| {
                    let mut h = Md5::new();
                    for d in 0..self.index.plan.domains.len() {
                        h.update(self.row(s, d, r));
                    }
                    let stored =
                        &shard.map[shard.md5_start + 16 * r..shard.md5_start + 16 * (r + 1)];
                    (h.finalize().as_slice() != stored).then(|| self.record_name(s, r))
                });
                Err(PackError::Corrupt {
                    shard: shard.path.clone(),
                    expected: info.md5.clone(),
                    actual,
                    sample,
                })
            })
            .clone()
    }

    fn record_name(&self, s: usize, r: usize) -> String {
        self.index.record_name(&self.index.shards[s].records[r])
    }

    /// The pack folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The index.
    pub fn index(&self) -> &PackIndex {
        &self.index
    }

    /// The manifest the pack came from.
    pub fn manifest(&self) -> &Manifest {
        &self.index.manifest
    }

    /// The stored side.
    pub fn size(&self) -> usize {
        self.index.plan.size
    }

    /// Samples stored.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the pack stores no sample.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Refuses a pack built from another manifest than `manifest`.
    pub fn require_manifest(&self, manifest: &Manifest) -> Result<(), PackError> {
        let wanted = super::format::manifest_md5(manifest);
        if wanted == self.index.plan.manifest_md5 {
            return Ok(());
        }
        Err(PackError::OtherManifest {
            dir: self.dir.clone(),
            found: self.index.plan.manifest.clone(),
            found_md5: self.index.plan.manifest_md5.clone(),
            wanted: manifest.name.clone(),
            wanted_md5: wanted,
        })
    }

    /// Refuses reading `tasks` at side `size` from this pack unless it holds
    /// exactly that side and every domain they read.
    pub fn require(&self, tasks: TaskSet, size: usize) -> Result<(), PackError> {
        self.layout(tasks, size).map(|_| ())
    }

    /// Which of the pack's planes `tasks` read at side `size` (what
    /// [`Pack::require`] checks).
    pub(crate) fn layout(&self, tasks: TaskSet, size: usize) -> Result<RecordLayout, PackError> {
        if size != self.size() {
            return Err(PackError::OtherSize {
                dir: self.dir.clone(),
                found: self.size(),
                wanted: size,
            });
        }
        RecordLayout::new(&self.index.plan.domains, tasks, size).map_err(|missing| {
            PackError::MissingDomain {
                dir: self.dir.clone(),
                domain: missing.domain,
                reader: missing.reader,
                held: self
                    .index
                    .plan
                    .domains
                    .iter()
                    .map(|d| d.name.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
            }
        })
    }

    /// A split's samples in the dataset's split order.
    pub fn split(&self, split: Split) -> Vec<(String, ImageKey)> {
        let all: Vec<&[u32; 3]> = self
            .index
            .shards
            .iter()
            .flat_map(|s| s.records.iter())
            .collect();
        self.index
            .splits
            .get(&split)
            .map(|rows| {
                rows.iter()
                    .map(|&r| {
                        let (building, key) = self.index.record(all[r]);
                        (building.to_string(), key)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Where the record of `building`'s image `key` is.
    pub(crate) fn row_of(&self, building: &str, key: ImageKey) -> Result<PackRow, PackError> {
        let missing = || PackError::MissingSample {
            dir: self.dir.clone(),
            sample: sample_name(building, key),
        };
        let b = self
            .index
            .buildings
            .iter()
            .position(|n| n == building)
            .ok_or_else(missing)?;
        let &(shard, row) = self.rows.get(&(b as u32, key)).ok_or_else(missing)?;
        Ok(PackRow { shard, row })
    }

    /// Writes the record at `at` into its batch rows through `layout` (made
    /// by [`Pack::layout`]), verifying its shard first if that is not done.
    pub(crate) fn write_sample(
        &self,
        at: PackRow,
        layout: &RecordLayout,
        flip: bool,
        slot: &mut SampleSlot<'_>,
    ) -> Result<(), DataError> {
        self.verified(at.shard)?;
        layout.write(|d| self.row(at.shard, d, at.row), flip, slot);
        Ok(())
    }
}
