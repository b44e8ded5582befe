//! The manifest of a generated synthetic dataset, written next to its files
//! as `manifest.json`, so `Dataset::open(root)` reads it like any Taskonomy
//! dataset (built on the data module's [`Manifest::synthetic`]).

use super::SynthOutput;
use crate::data::{DataError, Layout, Manifest};
use std::path::PathBuf;

impl Manifest {
    /// The manifest describing a generator's output (named after its root folder).
    pub fn from_synth(output: &SynthOutput) -> Result<Manifest, DataError> {
        let name = output
            .root
            .file_name()
            .map_or("synthetic".to_string(), |n| {
                n.to_string_lossy().into_owned()
            });
        let buildings: Vec<_> = output
            .buildings
            .iter()
            .map(|b| (b.name.clone(), b.role, b.images as u32))
            .collect();
        let domains: Vec<&str> = output.domains.iter().map(|d| d.name()).collect();
        Manifest::synthetic(
            &name,
            output.size,
            &buildings,
            &domains,
            Layout::taskonomy(None),
        )
    }

    /// Writes [`Manifest::from_synth`] to `{root}/manifest.json`; returns its path.
    pub fn write_synth(output: &SynthOutput) -> Result<PathBuf, DataError> {
        let path = output.root.join("manifest.json");
        Manifest::from_synth(output)?.write(&path)?;
        Ok(path)
    }
}
