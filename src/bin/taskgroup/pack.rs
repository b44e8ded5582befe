//! `taskgroup data pack`: decode a dataset once into memory-mapped shards.

use anyhow::bail;
use std::path::PathBuf;
use taskgroup::data::pack::{pack, PackConfig};
use taskgroup::data::{Dataset, Manifest, Split};
use taskgroup::tasks::TaskSet;

/// Arguments of `taskgroup data pack`.
#[derive(clap::Args)]
pub struct Args {
    /// The manifest (JSON), or a dataset folder holding manifest.json.
    #[arg(long)]
    manifest: PathBuf,
    /// The dataset root (default: the manifest's `root`, else its folder).
    #[arg(long)]
    root: Option<PathBuf>,
    /// Tasks whose domains are packed, as letters (sdnkt: setting 1).
    #[arg(long, conflicts_with = "domains")]
    tasks: Option<String>,
    /// Domains to pack, comma-separated (rgb,normal,...), instead of --tasks.
    #[arg(long, value_delimiter = ',')]
    domains: Option<Vec<String>>,
    /// Stored side in pixels (the loader's --size).
    #[arg(long, default_value_t = PackConfig::default().size)]
    size: usize,
    /// The pack folder (resumed when it holds a partial pack of the same settings).
    #[arg(long)]
    out: PathBuf,
    /// Splits to pack, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "train,val,test")]
    split: Vec<String>,
    /// Decoding threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Drop bad samples and count them per reason instead of stopping.
    #[arg(long)]
    skip_bad: bool,
    /// Samples per shard.
    #[arg(long, default_value_t = PackConfig::default().shard_records)]
    shard_records: usize,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let dataset = match &a.root {
        Some(root) => Dataset::new(Manifest::load(&a.manifest)?, root),
        None => Dataset::open(&a.manifest)?,
    };
    let tasks = match (&a.tasks, &a.domains) {
        (Some(letters), _) => TaskSet::from_letters(letters)?,
        (None, Some(domains)) => PackConfig::tasks_of_domains(domains)?,
        (None, None) => PackConfig::default().tasks,
    };
    let splits = a
        .split
        .iter()
        .map(|s| {
            let split: Split = s.trim().parse()?;
            if !split.has_images() {
                bail!("split {split} has no images (train, val, test)");
            }
            Ok(split)
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    if tasks.is_empty() {
        bail!("nothing to pack: give --tasks or --domains");
    }
    let config = PackConfig {
        size: a.size,
        tasks,
        splits,
        threads: a.threads,
        skip_bad: a.skip_bad,
        shard_records: a.shard_records,
    };
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} samples {per_sec} eta {eta}",
    )?);
    let report = pack(&dataset, &a.out, &config, |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    println!(
        "{}: {} samples in {} shards ({} built now), {:.1} MB, {:.1} s",
        report.dir.display(),
        report.samples,
        report.shards,
        report.built,
        report.bytes as f64 / 1e6,
        report.seconds
    );
    if report.stale_removed > 0 {
        println!(
            "removed {} temporary files of an interrupted run",
            report.stale_removed
        );
    }
    if !report.skipped.is_empty() {
        print!("skipped:\n{}", report.skipped);
    }
    Ok(())
}
