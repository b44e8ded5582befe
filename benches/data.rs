//! Data throughput: samples/s for decode + normalise + resize 512 -> 256 of
//! the five setting-1 tasks (s, d, n, k, t) plus the rgb input, from folders
//! and from tar archives, with 1 and 2 decoding threads.
//!
//! `cargo bench --bench data` synthesises its own 512x512 PNGs (noisy, so
//! they compress like photographs) in a temporary folder, as folders and as
//! tars, then times whole epochs of the real loader (host batches; the tensor
//! copy is left out). Prints a Markdown table.

#[path = "../tests/data_support/mod.rs"]
mod data_support;

use data_support::{write_dataset, Kind, Spec};
use std::time::Instant;
use taskgroup::data::{Dataset, Loader, LoaderConfig, Split};
use taskgroup::tasks::TaskSet;

const EPOCHS: u64 = 2;

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
    println!("| layout | threads | images/epoch | epochs | seconds | samples/s |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, kind) in [("folders", Kind::DomainBuilding), ("tar", Kind::Tar)] {
        let dir = tempfile::tempdir().unwrap();
        write_dataset(dir.path(), kind, &spec);
        let dataset = Dataset::open(dir.path()).unwrap();
        for threads in [1, 2] {
            let config = LoaderConfig::default()
                .with_batch_size(8)
                .with_size(256)
                .with_threads(threads);
            let loader = Loader::new(&dataset, Split::Train, tasks, config).unwrap();
            // One untimed epoch so every run reads from the page cache.
            let warm: usize = loader.host_epoch(0).map(|b| b.unwrap().len()).sum();
            assert_eq!(warm, loader.images());
            let start = Instant::now();
            let mut images = 0;
            for epoch in 1..=EPOCHS {
                images += loader
                    .host_epoch(epoch)
                    .map(|b| b.unwrap().len())
                    .sum::<usize>();
            }
            let secs = start.elapsed().as_secs_f64();
            println!(
                "| {name} | {threads} | {} | {EPOCHS} | {secs:.2} | {:.1} |",
                loader.images(),
                images as f64 / secs
            );
        }
    }
}
