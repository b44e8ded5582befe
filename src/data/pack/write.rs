//! [`pack()`]: decode a dataset's samples once into shards.
//!
//! The samples are those a [`Loader`] of each split lists (same order, same
//! buildings dropped under `skip_bad`), each stored once. Candidate `i` goes
//! to shard `i / shard_records`, built by `shard.rs` (decoded in parallel
//! by the PNG path's own loading and checks, resized with the loader's
//! resize functions, written atomically, so a shard is complete or absent).
//! A rerun under the same plan keeps the shards that exist and builds the
//! rest (`resume.rs`); the index comes last.

use super::format::{
    manifest_md5, md5_hex, shard_file, PackIndex, PackPlan, ShardInfo, FORMAT, INDEX_FILE,
    PLAN_FILE,
};
use super::resume::{existing_shard, remove_stale, resume_or_start};
use super::shard::{build_shard, Shard};
use crate::data::dataset::Dataset;
use crate::data::loader::{Loader, LoaderConfig};
use crate::data::record::record_domains;
use crate::data::sample::BuildingFiles;
use crate::data::{DataError, ImageKey, SkipReport, Split};
use crate::io::{write_atomic, WithPath};
use crate::tasks::{Task, TaskSet};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// How [`pack()`] builds a pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackConfig {
    /// The stored side (the loader's `size`; the paper: 256).
    pub size: usize,
    /// The tasks whose domains are stored (with the input, and the depth and
    /// mask when a task is masked).
    pub tasks: TaskSet,
    /// The splits stored.
    pub splits: Vec<Split>,
    /// Decoding threads (0: one per core).
    pub threads: usize,
    /// Drop bad samples and count them per reason instead of stopping.
    pub skip_bad: bool,
    /// Samples per shard.
    pub shard_records: usize,
}

impl Default for PackConfig {
    fn default() -> Self {
        PackConfig {
            size: 256,
            tasks: TaskSet::from_letters("sdnkt").expect("setting-1 letters"),
            splits: Split::IMAGES.to_vec(),
            threads: 0,
            skip_bad: false,
            shard_records: 256,
        }
    }
}

impl PackConfig {
    /// The tasks reading `domains` (the input `rgb` is the autoencoder's).
    pub fn tasks_of_domains(domains: &[String]) -> Result<TaskSet, DataError> {
        let mut tasks = TaskSet::from_bits(0);
        for d in domains {
            let task = Task::ALL
                .into_iter()
                .find(|t| t.domain() == d)
                .ok_or_else(|| {
                    DataError::InvalidConfig(format!(
                        "domain {d} is read by no task; a pack holds the domains of {}",
                        Task::ALL.map(|t| t.domain()).join(", ")
                    ))
                })?;
            tasks = tasks.with(task);
        }
        Ok(tasks)
    }
}

/// What [`pack()`] did.
#[derive(Clone, Debug, PartialEq)]
pub struct PackReport {
    /// The pack folder.
    pub dir: PathBuf,
    /// Samples stored.
    pub samples: usize,
    /// Shards in the pack.
    pub shards: usize,
    /// Shards built by this run (the others were there from an earlier one).
    pub built: usize,
    /// Temporary files of an interrupted run removed.
    pub stale_removed: usize,
    /// Bytes of all shards.
    pub bytes: u64,
    /// What `skip_bad` dropped, per reason.
    pub skipped: SkipReport,
    /// Seconds this run took.
    pub seconds: f64,
}

impl PackReport {
    pub(super) fn of(
        index: PackIndex,
        dir: &Path,
        built: usize,
        stale_removed: usize,
        started: Instant,
    ) -> Self {
        PackReport {
            dir: dir.to_path_buf(),
            samples: index.shards.iter().map(|s| s.records.len()).sum(),
            shards: index.shards.len(),
            built,
            stale_removed,
            bytes: index.shards.iter().map(|s| s.bytes).sum(),
            skipped: index.skipped,
            seconds: started.elapsed().as_secs_f64(),
        }
    }
}

/// The candidates: every listed sample of the splits once, with their files.
pub(super) struct Candidates {
    pub buildings: Vec<BuildingFiles>,
    pub samples: Vec<(usize, ImageKey)>,
    pub splits: BTreeMap<Split, Vec<usize>>,
    pub skipped: SkipReport,
}

fn list(dataset: &Dataset, config: &PackConfig) -> Result<Candidates, DataError> {
    let loader_config = LoaderConfig::default()
        .with_size(config.size)
        .with_skip_bad(config.skip_bad)
        .with_shuffle(false)
        .with_flip(false)
        .with_threads(config.threads);
    let mut out = Candidates {
        buildings: Vec::new(),
        samples: Vec::new(),
        splits: BTreeMap::new(),
        skipped: SkipReport::new(),
    };
    let mut building_index: HashMap<String, usize> = HashMap::new();
    let mut sample_index: HashMap<(usize, ImageKey), usize> = HashMap::new();
    for &split in &config.splits {
        let loader = Loader::new(dataset, split, config.tasks, loader_config.clone())?;
        out.skipped.merge(&loader.skips());
        let mut rows = Vec::new();
        for (files, key) in loader.sample_files() {
            let b = *building_index.entry(files.name.clone()).or_insert_with(|| {
                out.buildings.push(files.clone());
                out.buildings.len() - 1
            });
            let i = *sample_index.entry((b, key)).or_insert_with(|| {
                out.samples.push((b, key));
                out.samples.len() - 1
            });
            rows.push(i);
        }
        out.splits.insert(split, rows);
    }
    Ok(out)
}

/// The index of the built shards: each split's kept samples in split order.
fn build_index(
    plan: PackPlan,
    manifest: &crate::data::Manifest,
    buildings: Vec<String>,
    candidates: &Candidates,
    listing: &[[u32; 3]],
    shards: Vec<ShardInfo>,
) -> PackIndex {
    let mut row_of: HashMap<[u32; 3], usize> = HashMap::new();
    let mut skipped = candidates.skipped.clone();
    for shard in &shards {
        skipped.merge(&shard.skipped);
        for r in &shard.records {
            let next = row_of.len();
            row_of.insert(*r, next);
        }
    }
    let splits = candidates
        .splits
        .iter()
        .map(|(split, rows)| {
            let kept = rows
                .iter()
                .filter_map(|&i| row_of.get(&listing[i]).copied())
                .collect();
            (*split, kept)
        })
        .collect();
    let mut embedded = manifest.clone();
    embedded.root = None;
    PackIndex {
        plan,
        manifest: embedded,
        buildings,
        splits,
        shards,
        skipped,
    }
}

/// Packs `config.splits` of `dataset` into the folder `out` (created;
/// resumed when it holds a partial pack of the same plan; refused when it
/// holds a pack of another). `progress(done, total)` counts samples.
pub fn pack(
    dataset: &Dataset,
    out: &Path,
    config: &PackConfig,
    mut progress: impl FnMut(usize, usize),
) -> Result<PackReport, DataError> {
    let started = Instant::now();
    if config.size == 0 || config.shard_records == 0 || config.splits.is_empty() {
        return Err(DataError::InvalidConfig(format!(
            "a pack needs a positive size ({}), samples per shard ({}) and a split",
            config.size, config.shard_records
        )));
    }
    if dataset.pack().is_some() {
        return Err(DataError::InvalidConfig(format!(
            "{} is already a pack; pack from the manifest of its images",
            dataset.root().display()
        )));
    }
    let domains = record_domains(dataset.manifest(), config.tasks)?;
    let candidates = list(dataset, config)?;
    let listing: Vec<[u32; 3]> = candidates
        .samples
        .iter()
        .map(|&(b, k)| [b as u32, k.point, k.view])
        .collect();
    let names: Vec<&str> = candidates
        .buildings
        .iter()
        .map(|b| b.name.as_str())
        .collect();
    let manifest = dataset.manifest();
    let plan = PackPlan {
        format: FORMAT.to_string(),
        manifest: manifest.name.clone(),
        manifest_md5: manifest_md5(manifest),
        native_size: manifest.size,
        size: config.size,
        domains: domains.clone(),
        splits: config.splits.clone(),
        shard_records: config.shard_records,
        skip_bad: config.skip_bad,
        candidates: listing.len(),
        candidates_md5: md5_hex(
            serde_json::to_string(&(&names, &listing))
                .expect("names serialise")
                .as_bytes(),
        ),
    };
    std::fs::create_dir_all(out).with_path(out)?;
    if let Some(report) = resume_or_start(out, &plan, started)? {
        return Ok(report);
    }
    let stale_removed = remove_stale(out)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| DataError::InvalidConfig(format!("packing threads: {e}")))?;
    let plan_md5 = plan.md5();
    let total = candidates.samples.len();
    let mut shards = Vec::new();
    let mut built = 0;
    for (i, chunk) in candidates.samples.chunks(config.shard_records).enumerate() {
        let first = i * config.shard_records;
        let path = out.join(shard_file(i));
        let info = match existing_shard(&path, &plan_md5, first) {
            Some(info) => info,
            None => {
                built += 1;
                let shard = Shard {
                    path: &path,
                    first,
                    samples: chunk,
                    plan_md5: &plan_md5,
                };
                build_shard(&pool, dataset, &candidates, &domains, config, shard)?
            }
        };
        shards.push(info);
        progress((first + chunk.len()).min(total), total);
    }
    let names = names.iter().map(|n| n.to_string()).collect();
    let index = build_index(plan, manifest, names, &candidates, &listing, shards);
    let text = serde_json::to_string(&index).expect("an index serialises");
    write_atomic(&out.join(INDEX_FILE), text.as_bytes())?;
    let plan_path = out.join(PLAN_FILE);
    std::fs::remove_file(&plan_path).with_path(&plan_path)?;
    Ok(PackReport::of(index, out, built, stale_removed, started))
}
