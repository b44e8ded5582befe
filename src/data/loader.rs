//! [`Loader`]: the batches of one split for a set of tasks.
//!
//! At construction the split's images are listed (folders or archive
//! members, once) and every building's files of the needed domains located.
//! Each epoch, a producer thread decodes batch after batch, the images of a
//! batch in parallel on the loader's rayon pool, and sends them over a
//! bounded channel `prefetch` batches ahead of the consumer. The order and
//! the flips come from a ChaCha8 stream seeded by `(seed, epoch)`, and batch
//! `i` is always images `[i * B, (i + 1) * B)` of that order, so a seed gives
//! the same batches on every run whatever the thread count.
//!
//! `skip_bad`: a sample with a bad file is dropped (its batch is smaller;
//! nothing is substituted) and counted in [`Loader::skips`]; a building that
//! cannot be listed (absent, a domain missing, an unreadable archive) is
//! dropped with all its images and counted once. Without it the first
//! problem is returned as the error.
//!
//! A batch is allocated once and each sample written into its rows: from
//! PNGs, a sample is decoded into its record (`record.rs`: the stored
//! integer planes at the loader's side); on a dataset opened from a pack,
//! the record is read in place from the shard's memory map (the pack must
//! hold the loader's side and the tasks' domains). Either way the same
//! `assemble.rs` normalises, flips and converts it into the batch, so both
//! give the same batches; everything else (order, flips, prefetch) is the
//! same too.

use super::assemble::RecordLayout;
use super::dataset::{Dataset, INPUT_DOMAIN};
use super::host::{HostBatch, ImageId, SampleSlot};
use super::manifest::Manifest;
use super::pack::{Pack, PackRow};
use super::record::{decode_record, record_domains, PackedDomain};
use super::sample::{task_encoding, BuildingFiles, MASK_DOMAIN};
use super::source::ImageKey;
use super::{DataError, SkipReport, Split};
use crate::tasks::{Task, TaskSet};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// How a loader batches a split.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoaderConfig {
    /// Images per batch.
    pub batch_size: usize,
    /// Output side length (the paper: 256).
    pub size: usize,
    /// Horizontal flip with probability 0.5 (the paper's augmentation).
    pub flip: bool,
    /// A new order every epoch.
    pub shuffle: bool,
    /// Seed of the order, the flips and the `limit` subset.
    pub seed: u64,
    /// Drop bad samples and count them instead of failing.
    pub skip_bad: bool,
    /// Use only this many images of the split (a seeded subset, the same every epoch).
    pub limit: Option<usize>,
    /// Decoding threads (0: one per core).
    pub threads: usize,
    /// Batches decoded ahead of the consumer.
    pub prefetch: usize,
}

impl Default for LoaderConfig {
    fn default() -> Self {
        LoaderConfig {
            batch_size: 32,
            size: 256,
            flip: true,
            shuffle: true,
            seed: 0,
            skip_bad: false,
            limit: None,
            threads: 0,
            prefetch: 2,
        }
    }
}

macro_rules! setters {
    ($($name:ident: $field:ident: $ty:ty),* $(,)?) => {
        impl LoaderConfig {
            $(
                #[doc = concat!("With `", stringify!($field), "` set.")]
                #[must_use]
                pub fn $name(mut self, value: $ty) -> Self {
                    self.$field = value;
                    self
                }
            )*
        }
    };
}

setters!(
    with_batch_size: batch_size: usize,
    with_size: size: usize,
    with_flip: flip: bool,
    with_shuffle: shuffle: bool,
    with_seed: seed: u64,
    with_skip_bad: skip_bad: bool,
    with_limit: limit: Option<usize>,
    with_threads: threads: usize,
    with_prefetch: prefetch: usize,
);

/// Mixed into the seed for the `limit` subset, so it differs from epoch orders.
const LIMIT_STREAM: u64 = u64::MAX;

/// Where a loader's records come from.
#[derive(Debug)]
enum Records {
    /// Decoded from the PNGs, with these domains.
    Png(Vec<PackedDomain>),
    /// Read from a pack: each sample's row.
    Pack(Arc<Pack>, Vec<PackRow>),
}

#[derive(Debug)]
struct Plan {
    manifest: Manifest,
    buildings: Vec<BuildingFiles>,
    samples: Vec<(usize, ImageKey)>,
    tasks: TaskSet,
    config: LoaderConfig,
    layout: RecordLayout,
    records: Records,
}

impl Plan {
    /// Writes sample `i` into its batch rows.
    fn write(&self, i: usize, flip: bool, slot: &mut SampleSlot<'_>) -> Result<(), DataError> {
        match &self.records {
            Records::Png(domains) => {
                let (b, key) = self.samples[i];
                let size = self.config.size;
                let record = decode_record(&self.manifest, &self.buildings[b], key, domains, size)?;
                self.layout.write(|d| &record[d], flip, slot);
                Ok(())
            }
            Records::Pack(pack, rows) => pack.write_sample(rows[i], &self.layout, flip, slot),
        }
    }
}

/// The batches of one split of a dataset.
pub struct Loader {
    plan: Arc<Plan>,
    split: Split,
    pool: Arc<rayon::ThreadPool>,
    listing_skips: SkipReport,
    epoch_skips: Arc<Mutex<SkipReport>>,
}

impl Loader {
    /// A loader of `split` for `tasks`. Checks the configuration and that the
    /// manifest has each task's domain in the encoding its normalisation
    /// reads, lists the split's images and locates their files.
    pub fn new(
        dataset: &Dataset,
        split: Split,
        tasks: TaskSet,
        config: LoaderConfig,
    ) -> Result<Loader, DataError> {
        if config.batch_size == 0 || config.size == 0 {
            return Err(DataError::InvalidConfig(format!(
                "batch_size ({}) and size ({}) must be positive",
                config.batch_size, config.size
            )));
        }
        if tasks.is_empty() {
            return Err(DataError::InvalidConfig(
                "a loader needs at least one task".to_string(),
            ));
        }
        let manifest = dataset.manifest();
        let mut domains = vec![INPUT_DOMAIN.to_string()];
        if tasks.iter().any(Task::uses_mask) {
            domains.push(MASK_DOMAIN.to_string());
        }
        for task in tasks.iter() {
            let spec = manifest.require_domain(task.domain(), &format!("task {task}"))?;
            if spec.encoding != task_encoding(task) {
                return Err(DataError::InvalidConfig(format!(
                    "manifest {} declares domain {} as {:?}; task {task} reads {:?}",
                    manifest.name,
                    spec.name,
                    spec.encoding,
                    task_encoding(task)
                )));
            }
            domains.push(task.domain().to_string());
        }
        domains.sort();
        domains.dedup();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(config.threads)
            .build()
            .map_err(|e| DataError::InvalidConfig(format!("decoding threads: {e}")))?;
        let mut listing_skips = SkipReport::new();
        let keep = |e: DataError, skips: &mut SkipReport| {
            if config.skip_bad && e.is_sample_problem() {
                skips.record(&e);
                Ok(())
            } else {
                Err(e)
            }
        };
        let pack_layout = dataset
            .pack()
            .map(|pack| pack.layout(tasks, config.size))
            .transpose()?;
        let images = pool.install(|| dataset.split_over(split, &domains))?;
        for e in images.problems {
            keep(e, &mut listing_skips)?;
        }
        let mut names: Vec<&str> = images.samples.iter().map(|(b, _)| b.as_str()).collect();
        names.dedup();
        let located: Vec<Result<BuildingFiles, DataError>> = pool.install(|| {
            names
                .par_iter()
                .map(|b| match dataset.pack() {
                    Some(_) => Ok(BuildingFiles {
                        name: b.to_string(),
                        root: dataset.root().to_path_buf(),
                        sources: BTreeMap::new(),
                    }),
                    None => locate(dataset, b, &domains),
                })
                .collect()
        });
        let mut buildings = Vec::new();
        let mut index = BTreeMap::new();
        for files in located {
            match files {
                Ok(f) => {
                    index.insert(f.name.clone(), buildings.len());
                    buildings.push(f);
                }
                Err(e) => keep(e, &mut listing_skips)?,
            }
        }
        let mut samples: Vec<(usize, ImageKey)> = images
            .samples
            .iter()
            .filter_map(|(b, k)| index.get(b).map(|&i| (i, *k)))
            .collect();
        if let Some(limit) = config.limit.filter(|&l| l < samples.len()) {
            let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
            rng.set_stream(LIMIT_STREAM);
            let mut picked: Vec<usize> = (0..samples.len()).collect();
            picked.shuffle(&mut rng);
            picked.truncate(limit);
            picked.sort_unstable();
            samples = picked.into_iter().map(|i| samples[i]).collect();
        }
        if samples.is_empty() {
            return Err(DataError::EmptySplit {
                split: split.to_string(),
                manifest: manifest.name.clone(),
                root: dataset.root().to_path_buf(),
                skipped: if listing_skips.is_empty() {
                    String::new()
                } else {
                    listing_skips.to_string()
                },
            });
        }
        let (layout, records) = match (dataset.pack(), pack_layout) {
            (Some(pack), Some(layout)) => {
                let rows = samples
                    .iter()
                    .map(|&(b, key)| pack.row_of(&buildings[b].name, key))
                    .collect::<Result<_, _>>()?;
                (layout, Records::Pack(pack.clone(), rows))
            }
            _ => {
                let domains = record_domains(manifest, tasks)?;
                let layout = RecordLayout::new(&domains, tasks, config.size)
                    .expect("record_domains lists every plane the tasks read");
                (layout, Records::Png(domains))
            }
        };
        let plan = Plan {
            manifest: manifest.clone(),
            buildings,
            samples,
            tasks,
            config,
            layout,
            records,
        };
        Ok(Loader {
            plan: Arc::new(plan),
            split,
            pool: Arc::new(pool),
            listing_skips,
            epoch_skips: Arc::new(Mutex::new(SkipReport::new())),
        })
    }

    /// Batches per epoch (the last may be smaller; with `skip_bad`, batches
    /// whose every image was dropped are not yielded).
    pub fn len(&self) -> usize {
        self.plan
            .samples
            .len()
            .div_ceil(self.plan.config.batch_size)
    }

    /// Whether an epoch has no batch.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Images per epoch (before any is skipped).
    pub fn images(&self) -> usize {
        self.plan.samples.len()
    }

    /// The split.
    pub fn split(&self) -> Split {
        self.split
    }

    /// The tasks.
    pub fn tasks(&self) -> TaskSet {
        self.plan.tasks
    }

    /// The configuration.
    pub fn config(&self) -> &LoaderConfig {
        &self.plan.config
    }

    /// What `skip_bad` dropped: buildings dropped when the loader was made,
    /// and the samples dropped in the latest epoch started.
    pub fn skips(&self) -> SkipReport {
        let mut report = self.listing_skips.clone();
        report.merge(&self.epoch_skips.lock().expect("skip report"));
        report
    }

    /// The split's images with their files, in split order (what a pack stores).
    pub(crate) fn sample_files(&self) -> impl Iterator<Item = (&BuildingFiles, ImageKey)> + '_ {
        self.plan
            .samples
            .iter()
            .map(|&(b, key)| (&self.plan.buildings[b], key))
    }

    /// The epoch's (sample, flipped) order.
    fn order(&self, epoch: u64) -> Vec<(usize, bool)> {
        let config = &self.plan.config;
        let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
        rng.set_stream(epoch);
        let mut order: Vec<usize> = (0..self.plan.samples.len()).collect();
        if config.shuffle {
            order.shuffle(&mut rng);
        }
        order
            .into_iter()
            .map(|i| (i, config.flip && rng.random_bool(0.5)))
            .collect()
    }

    /// The batches of `epoch` as host buffers, decoded ahead on a producer thread.
    pub fn host_epoch(&self, epoch: u64) -> HostEpoch {
        *self.epoch_skips.lock().expect("skip report") = SkipReport::new();
        let order = self.order(epoch);
        let (plan, pool, skips) = (
            self.plan.clone(),
            self.pool.clone(),
            self.epoch_skips.clone(),
        );
        let (tx, rx) = sync_channel(plan.config.prefetch.max(1));
        let handle = std::thread::spawn(move || {
            for chunk in order.chunks(plan.config.batch_size) {
                let (mut batch, written) = pool.install(|| {
                    HostBatch::fill(plan.tasks, chunk.len(), plan.config.size, |row, slot| {
                        let (i, flip) = chunk[row];
                        plan.write(i, flip, slot)
                    })
                });
                let mut keep = Vec::with_capacity(chunk.len());
                for (result, &(i, flip)) in written.into_iter().zip(chunk) {
                    match result {
                        Ok(()) => {
                            let (b, key) = plan.samples[i];
                            batch.images.push(ImageId {
                                building: plan.buildings[b].name.clone(),
                                key,
                                flipped: flip,
                            });
                            keep.push(true);
                        }
                        Err(e) if plan.config.skip_bad && e.is_sample_problem() => {
                            skips.lock().expect("skip report").record(&e);
                            keep.push(false);
                        }
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            return;
                        }
                    }
                }
                if batch.images.len() < chunk.len() {
                    batch.keep_rows(&keep);
                }
                if !batch.is_empty() && tx.send(Ok(batch)).is_err() {
                    return;
                }
            }
        });
        HostEpoch {
            rx: Some(rx),
            handle: Some(handle),
        }
    }
}

/// Finds a building's files of every domain; a missing domain is an error.
fn locate(
    dataset: &Dataset,
    building: &str,
    domains: &[String],
) -> Result<BuildingFiles, DataError> {
    let mut sources = BTreeMap::new();
    for domain in domains {
        let source = dataset
            .source(building, domain)?
            .ok_or_else(|| DataError::DomainAbsent {
                root: dataset.root().to_path_buf(),
                building: building.to_string(),
                domain: domain.clone(),
            })?;
        sources.insert(domain.clone(), source);
    }
    Ok(BuildingFiles {
        name: building.to_string(),
        root: dataset.root().to_path_buf(),
        sources,
    })
}

/// The batches of one epoch; dropping it stops the producer.
pub struct HostEpoch {
    rx: Option<Receiver<Result<HostBatch, DataError>>>,
    handle: Option<JoinHandle<()>>,
}

impl Iterator for HostEpoch {
    type Item = Result<HostBatch, DataError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.rx.as_ref()?.recv().ok()
    }
}

impl Drop for HostEpoch {
    fn drop(&mut self) {
        // Closing the channel makes the producer's next send fail, so it stops.
        self.rx.take();
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}
