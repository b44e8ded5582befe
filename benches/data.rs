//! Data throughput: samples/s for decode + normalise + resize 512 -> 256 of
//! the five setting-1 tasks (s, d, n, k, t) plus the rgb input, from folders,
//! from tar archives and from a pack of the same images, with 1 and 2
//! threads; and the rate at which the pack is built.
//!
//! `cargo bench --bench data` synthesises its own 512x512 PNGs (noisy, so
//! they compress like photographs) in a temporary folder, as folders and as
//! tars, packs the folders at 256x256, then times whole epochs of the real
//! loader on each (at least two epochs and two seconds; host batches, the
//! tensor copy is left out). Prints a Markdown table.

#[path = "../tests/data_support/mod.rs"]
mod data_support;

use data_support::{write_dataset, Kind, Spec};
use std::time::Instant;
use taskgroup::data::pack::{pack, PackConfig};
use taskgroup::data::{Dataset, Loader, LoaderConfig, Split};
use taskgroup::tasks::TaskSet;

/// At least this many timed epochs, and more until `MIN_SECS` have passed
/// (a pack reads an epoch in a few hundredths of a second).
const EPOCHS: u64 = 2;
const MIN_SECS: f64 = 2.0;
const THREADS: [usize; 2] = [1, 2];

/// Samples/s over at least `EPOCHS` timed epochs and `MIN_SECS` seconds
/// (after one untimed warm-up epoch, so every run reads from the page
/// cache): (images per epoch, epochs, seconds, samples/s).
fn read_rate(dataset: &Dataset, tasks: TaskSet, threads: usize) -> (usize, u64, f64, f64) {
    let config = LoaderConfig::default()
        .with_batch_size(8)
        .with_size(256)
        .with_threads(threads);
    let loader = Loader::new(dataset, Split::Train, tasks, config).unwrap();
    let warm: usize = loader.host_epoch(0).map(|b| b.unwrap().len()).sum();
    assert_eq!(warm, loader.images());
    let start = Instant::now();
    let mut images = 0;
    let mut epochs = 0;
    while epochs < EPOCHS || start.elapsed().as_secs_f64() < MIN_SECS {
        epochs += 1;
        images += loader
            .host_epoch(epochs)
            .map(|b| b.unwrap().len())
            .sum::<usize>();
    }
    let secs = start.elapsed().as_secs_f64();
    (loader.images(), epochs, secs, images as f64 / secs)
}

fn main() {
    let spec = Spec {
        buildings: vec![
            ("alpha".into(), Split::Train),
            ("beta".into(), Split::Train),
        ],
        points: 12,
        views: 2,
        size: 512,
        noise: true,
    };
    let tasks = TaskSet::from_letters("sdnkt").unwrap();
    println!("| source | threads | images/epoch | epochs | seconds | samples/s | per core |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let folders = tempfile::tempdir().unwrap();
    write_dataset(folders.path(), Kind::DomainBuilding, &spec);
    let tars = tempfile::tempdir().unwrap();
    write_dataset(tars.path(), Kind::Tar, &spec);
    let packs = tempfile::tempdir().unwrap();
    let png_dataset = Dataset::open(folders.path()).unwrap();
    let mut built = Vec::new();
    for threads in THREADS {
        let out = packs.path().join(format!("pack-{threads}"));
        let config = PackConfig {
            size: 256,
            tasks,
            splits: vec![Split::Train],
            threads,
            shard_records: 16,
            ..PackConfig::default()
        };
        let start = Instant::now();
        let report = pack(&png_dataset, &out, &config, |_, _| {}).unwrap();
        let secs = start.elapsed().as_secs_f64();
        built.push((threads, report.samples, report.bytes, secs));
    }
    let pack_dataset = Dataset::open(packs.path().join("pack-1")).unwrap();
    let mut per_core = Vec::new();
    for (name, path) in [
        ("folders", folders.path().to_path_buf()),
        ("tar", tars.path().to_path_buf()),
        ("pack", packs.path().join("pack-1")),
    ] {
        let dataset = if name == "pack" {
            &pack_dataset
        } else {
            &Dataset::open(&path).unwrap()
        };
        for threads in THREADS {
            let (images, epochs, secs, rate) = read_rate(dataset, tasks, threads);
            per_core.push((name, threads, rate / threads as f64));
            println!(
                "| {name} | {threads} | {images} | {epochs} | {secs:.2} | {rate:.1} | {:.1} |",
                rate / threads as f64
            );
        }
    }
    for (threads, samples, bytes, secs) in &built {
        let rate = *samples as f64 / secs;
        println!(
            "| pack build | {threads} | {samples} | 1 | {secs:.2} | {rate:.1} | {:.1} |",
            rate / *threads as f64
        );
        assert_eq!(
            *bytes, built[0].2,
            "packs built with any thread count are the same"
        );
    }
    let (_, samples, bytes, _) = built[0];
    println!(
        "\npack at 256x256: {:.0} bytes per sample",
        bytes as f64 / samples as f64
    );
    let best = |source: &str| {
        per_core
            .iter()
            .filter(|(n, _, _)| *n == source)
            .map(|(_, _, r)| *r)
            .fold(0.0, f64::max)
    };
    println!(
        "pack / folders per core: {:.1}x; pack / tar: {:.1}x",
        best("pack") / best("folders"),
        best("pack") / best("tar")
    );
}
