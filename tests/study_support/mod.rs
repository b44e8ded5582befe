//! The study tests' dataset, a tiny synthetic mini-Taskonomy (3 buildings x
//! 2 points x 2 views at 32x32, every domain, rendered into `dir/data`), and
//! the command-line options of the tiny study they train on it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use taskgroup::synth::{generate_synthetic, SynthConfig};

/// Renders the dataset into `dir/data`; its manifest's path.
pub fn dataset(dir: &Path) -> PathBuf {
    let cfg = SynthConfig {
        buildings: 3,
        points: 2,
        views: 2,
        size: 32,
        ..SynthConfig::default()
    };
    generate_synthetic(&cfg, &dir.join("data"), |_, _| {})
        .unwrap()
        .1
}

/// `taskgroup study` options of the tests' study: the tiny preset on three
/// tasks at 32x32, batches of 2, on the CPU.
pub const TINY_STUDY: [&str; 10] = [
    "--tasks",
    "sdn",
    "--arch",
    "tiny",
    "--size",
    "32",
    "--batch-size",
    "2",
    "--device",
    "cpu",
];

/// The standard output of a finished command, after checking that it
/// succeeded (the failure shows both outputs).
pub fn ok(out: &std::process::Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// `TINY_STUDY` without its tasks, to train other tasks the same way.
pub fn tiny_without_tasks() -> &'static [&'static str] {
    &TINY_STUDY[2..]
}

/// Every finished network of the store at `store`: its folder name and its
/// record's bytes, by name (empty before the store has networks).
pub fn records(store: &Path) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(store.join("networks")) else {
        return Vec::new();
    };
    let mut out: Vec<_> = entries
        .filter_map(|e| {
            let e = e.unwrap();
            std::fs::read(e.path().join("record.json"))
                .ok()
                .map(|b| (e.file_name().to_string_lossy().into_owned(), b))
        })
        .collect();
    out.sort();
    out
}
