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
