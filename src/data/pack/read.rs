//! [`Pack`]: an open pack. Shards are memory-mapped; a sample's values are
//! read straight from the map into the batch by the loader's own
//! assembly (normalisation, flips), so nothing is copied but the batch.
//!
//! Integrity: on open every shard's size is checked against the index (a
//! short one is [`PackError::Truncated`], naming the first sample cut), and
//! its MD5 either at once ([`Verify::Open`]) or at its first read
//! ([`Verify::Lazy`]); a mismatch is [`PackError::Corrupt`], naming the
//! first sample whose record's own MD5 differs.

use super::format::{
    md5_hex, sample_name, PackIndex, PackedDomain, ShardInfo, StoredType, INDEX_FILE, MASK_PLANE,
    RECORD_MD5,
};
use super::PackError;
use crate::data::sample::{
    assemble, label_tasks, needs_depth, HostSample, Raster, SampleImages, SampleSpec, MASK_DOMAIN,
};
use crate::data::{DataError, ImageKey, Manifest, Split, INPUT_DOMAIN};
use crate::io::WithPath;
use crate::tasks::{Task, TaskSet};
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

/// A record's values of one domain, read in place.
struct RecordView<'a> {
    bytes: &'a [u8],
    domain: &'a PackedDomain,
    pixels: usize,
}

impl Raster for RecordView<'_> {
    fn pixels(&self) -> usize {
        self.pixels
    }
    fn channels(&self) -> usize {
        self.domain.channels
    }
    fn value(&self, i: usize, c: usize) -> u32 {
        let k = c * self.pixels + i;
        match self.domain.dtype {
            StoredType::U8 => u32::from(self.bytes[k]),
            StoredType::U16 => u32::from(u16::from_le_bytes([
                self.bytes[2 * k],
                self.bytes[2 * k + 1],
            ])),
        }
    }
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
        if size != self.size() {
            return Err(PackError::OtherSize {
                dir: self.dir.clone(),
                found: self.size(),
                wanted: size,
            });
        }
        let mut needed = vec![(INPUT_DOMAIN, "the input".to_string())];
        if needs_depth(tasks) {
            needed.push((MASK_DOMAIN, "the depth or the mask".to_string()));
        }
        if tasks.iter().any(Task::uses_mask) {
            needed.push((MASK_PLANE, "a masked task".to_string()));
        }
        needed.extend(label_tasks(tasks).map(|t| (t.domain(), format!("task {t}"))));
        for (domain, reader) in needed {
            if self.domain(domain).is_none() {
                return Err(PackError::MissingDomain {
                    dir: self.dir.clone(),
                    domain: domain.to_string(),
                    reader,
                    held: self
                        .index
                        .plan
                        .domains
                        .iter()
                        .map(|d| d.name.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                });
            }
        }
        Ok(())
    }

    fn domain(&self, name: &str) -> Option<usize> {
        self.index.plan.domains.iter().position(|d| d.name == name)
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

    /// One sample as the loader produces it (the pack's side must be `spec.out`,
    /// which [`Pack::require`] checks when a loader is made).
    pub(crate) fn sample(
        &self,
        building: &str,
        key: ImageKey,
        spec: SampleSpec,
        flip: bool,
    ) -> Result<HostSample, DataError> {
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
        let &(s, r) = self.rows.get(&(b as u32, key)).ok_or_else(missing)?;
        self.verified(s)?;
        let size = self.size();
        let view = |name: &str| -> Result<RecordView<'_>, PackError> {
            let d = self.domain(name).ok_or_else(|| PackError::MissingDomain {
                dir: self.dir.clone(),
                domain: name.to_string(),
                reader: "a loader".to_string(),
                held: String::new(),
            })?;
            Ok(RecordView {
                bytes: self.row(s, d, r),
                domain: &self.index.plan.domains[d],
                pixels: size * size,
            })
        };
        let depth = needs_depth(spec.tasks)
            .then(|| view(MASK_DOMAIN))
            .transpose()?;
        let mask = if spec.tasks.iter().any(Task::uses_mask) {
            let m = view(MASK_PLANE)?;
            Some(m.bytes.iter().map(|&v| f32::from(v)).collect())
        } else {
            None
        };
        let mut labels = std::collections::BTreeMap::new();
        for task in label_tasks(spec.tasks) {
            labels.insert(task, view(task.domain())?);
        }
        let images = SampleImages {
            rgb: view(INPUT_DOMAIN)?,
            depth,
            mask,
            labels,
        };
        Ok(assemble(&images, size, spec, flip))
    }
}
