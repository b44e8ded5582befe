//! The pack's on-disk format: the index (`pack.json`), the plan a build
//! resumes by (`pack-plan.json`), and the record layout of the shards.
//!
//! A shard `shard-NNNNN.safetensors` is a safetensors file holding, for its
//! `R` records, one tensor per packed domain, `[R, C, S, S]` in the domain's
//! stored type (u8 or u16, little-endian, channel-major planes), plus
//! `record_md5`, `[R, 16]` u8: the MD5 of each record's bytes (its rows of
//! every domain tensor, in the index's domain order). Any tool that reads
//! safetensors (numpy, torch) reads a shard; the index says which image each
//! row is. The index records each shard's size and MD5 (MD5 because the
//! project already checks the release's archives with it and the threat is
//! damage, not forgery), the manifest the pack came from (embedded, and its
//! MD5), the sizes, domains, buildings and splits. A record's layout (its
//! domains, their stored types and resizes) is `crate::data::record`'s, the
//! same the PNG path decodes into.

use super::PackError;
use crate::data::manifest::Manifest;
pub use crate::data::record::{PackedDomain, Resize, StoredType, MASK_PLANE};
use crate::data::{ImageKey, SkipReport, Split};
use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The index file of a complete pack.
pub const INDEX_FILE: &str = "pack.json";
/// The settings of a pack being built, written first; a rerun resumes only with the same.
pub const PLAN_FILE: &str = "pack-plan.json";
/// The format tag every index and shard carries.
pub const FORMAT: &str = "taskgroup-pack/1";
/// The tensor of per-record MD5s in every shard.
pub const RECORD_MD5: &str = "record_md5";

/// What a pack is built from and how; a partial pack resumes only under the same plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackPlan {
    /// [`FORMAT`].
    pub format: String,
    /// The manifest's name.
    pub manifest: String,
    /// [`manifest_md5`] of it.
    pub manifest_md5: String,
    /// The images' side in the dataset.
    pub native_size: usize,
    /// The stored side.
    pub size: usize,
    /// The packed domains, in record order.
    pub domains: Vec<PackedDomain>,
    /// The splits packed.
    pub splits: Vec<Split>,
    /// Candidate samples per shard.
    pub shard_records: usize,
    /// Whether bad samples are dropped (else the build stops at the first).
    pub skip_bad: bool,
    /// Candidate samples (every listed sample of the splits, once).
    pub candidates: usize,
    /// MD5 of the candidate list (buildings, points, views in order).
    pub candidates_md5: String,
}

impl PackPlan {
    /// MD5 of the plan, stamped on every shard built under it.
    pub fn md5(&self) -> String {
        md5_hex(&serde_json::to_vec(self).expect("a plan serialises"))
    }

    /// Refuses `self` (what is on disk in `dir`) where it differs from `wanted`.
    pub fn require_same(&self, wanted: &PackPlan, dir: &Path) -> Result<(), PackError> {
        if self.manifest_md5 != wanted.manifest_md5 {
            return Err(PackError::OtherManifest {
                dir: dir.to_path_buf(),
                found: self.manifest.clone(),
                found_md5: self.manifest_md5.clone(),
                wanted: wanted.manifest.clone(),
                wanted_md5: wanted.manifest_md5.clone(),
            });
        }
        if self.size != wanted.size {
            return Err(PackError::OtherSize {
                dir: dir.to_path_buf(),
                found: self.size,
                wanted: wanted.size,
            });
        }
        let mut differ = Vec::new();
        let names = |p: &PackPlan| {
            p.domains
                .iter()
                .map(|d| d.name.as_str())
                .collect::<Vec<_>>()
                .join(",")
        };
        if self.domains != wanted.domains {
            differ.push(format!("domains {} vs {}", names(self), names(wanted)));
        }
        if self.splits != wanted.splits {
            differ.push(format!("splits {:?} vs {:?}", self.splits, wanted.splits));
        }
        if self.shard_records != wanted.shard_records {
            differ.push(format!(
                "{} vs {} samples per shard",
                self.shard_records, wanted.shard_records
            ));
        }
        if self.skip_bad != wanted.skip_bad {
            differ.push(format!("skip_bad {} vs {}", self.skip_bad, wanted.skip_bad));
        }
        if self.candidates_md5 != wanted.candidates_md5 || self.format != wanted.format {
            differ.push(format!(
                "{} vs {} listed samples (the files under the root changed)",
                self.candidates, wanted.candidates
            ));
        }
        if differ.is_empty() {
            Ok(())
        } else {
            Err(PackError::OtherSettings {
                dir: dir.to_path_buf(),
                detail: differ.join("; "),
            })
        }
    }
}

/// One shard in the index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardInfo {
    /// The file name in the pack folder.
    pub file: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its MD5 (hex).
    pub md5: String,
    /// The first candidate sample it covers.
    pub first_candidate: usize,
    /// Its records: `[building index, point, view]`, in row order.
    pub records: Vec<[u32; 3]>,
    /// The candidates it dropped under `skip_bad`, per reason.
    pub skipped: SkipReport,
}

/// What a shard says about itself: the safetensors header's `__metadata__`
/// holds it as JSON under [`SHARD_META_KEY`] (one key, so the header's bytes
/// do not depend on a hash map's order and a rebuilt shard is identical).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardMeta {
    /// [`FORMAT`].
    pub format: String,
    /// [`PackPlan::md5`] of the plan it was built under.
    pub plan_md5: String,
    /// The first candidate sample it covers.
    pub first_candidate: usize,
    /// Its records, as in [`ShardInfo::records`].
    pub records: Vec<[u32; 3]>,
    /// What it dropped under `skip_bad`.
    pub skipped: SkipReport,
}

/// The `__metadata__` key of a shard's [`ShardMeta`].
pub const SHARD_META_KEY: &str = "taskgroup";

/// A complete pack's index (`pack.json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackIndex {
    /// How it was built.
    pub plan: PackPlan,
    /// The manifest it came from (its `root` cleared).
    pub manifest: Manifest,
    /// Building names; records refer to them by index.
    pub buildings: Vec<String>,
    /// Per split, its records (global row numbers, shard after shard) in the
    /// dataset's split order.
    pub splits: BTreeMap<Split, Vec<usize>>,
    /// The shards in order.
    pub shards: Vec<ShardInfo>,
    /// Everything `skip_bad` dropped: buildings when listing, samples when decoding.
    pub skipped: SkipReport,
}

impl PackIndex {
    /// A record's building and image.
    pub fn record(&self, rec: &[u32; 3]) -> (&str, ImageKey) {
        (
            &self.buildings[rec[0] as usize],
            ImageKey {
                point: rec[1],
                view: rec[2],
            },
        )
    }

    /// A record's name in messages ([`sample_name`]).
    pub fn record_name(&self, rec: &[u32; 3]) -> String {
        let (building, key) = self.record(rec);
        sample_name(building, key)
    }

    /// Reads `dir/pack.json`.
    pub fn load(dir: &Path) -> Result<PackIndex, PackError> {
        let path = dir.join(INDEX_FILE);
        let bad = |detail: String| PackError::BadIndex {
            path: path.clone(),
            detail,
        };
        let text = std::fs::read_to_string(&path).map_err(|e| bad(e.to_string()))?;
        let index: PackIndex = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
        if index.plan.format != FORMAT {
            return Err(bad(format!(
                "format {}, this build reads {FORMAT}",
                index.plan.format
            )));
        }
        if manifest_md5(&index.manifest) != index.plan.manifest_md5 {
            return Err(bad(
                "the embedded manifest does not match its recorded md5".to_string()
            ));
        }
        Ok(index)
    }
}

/// The file name of shard `i`.
pub fn shard_file(i: usize) -> String {
    format!("shard-{i:05}.safetensors")
}

/// A sample's name in messages: `building/point_P_view_V`.
pub fn sample_name(building: &str, key: ImageKey) -> String {
    format!("{building}/point_{}_view_{}", key.point, key.view)
}

/// The content hash identifying a manifest (its JSON without `root`, which
/// says where the files are, not what they are).
pub fn manifest_md5(manifest: &Manifest) -> String {
    let mut m = manifest.clone();
    m.root = None;
    md5_hex(m.to_json().as_bytes())
}

/// MD5 of bytes, lower-case hex.
pub fn md5_hex(bytes: &[u8]) -> String {
    format!("{:x}", Md5::digest(bytes))
}
