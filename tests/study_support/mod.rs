//! The study tests' dataset: a tiny synthetic mini-Taskonomy (3 buildings x
//! 2 points x 2 views at 32x32, every domain), rendered into `dir/data`.

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
