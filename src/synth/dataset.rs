//! The embedded default dataset: the synthetic mini-Taskonomy rendered by
//! [`generate_with_progress`] plus the manifest that makes it a
//! [`Dataset`](crate::data::Dataset).

use super::{generate_with_progress, SynthConfig, SynthError, SynthOutput};
use crate::data::Manifest;
use std::path::{Path, PathBuf};

/// Renders (or resumes) the synthetic dataset of `config` into `out` and
/// writes its `manifest.json`; returns the generator's summary and the
/// manifest's path. `progress(done, total)` is called as images complete.
pub fn generate_synthetic(
    config: &SynthConfig,
    out: &Path,
    progress: impl FnMut(usize, usize),
) -> Result<(SynthOutput, PathBuf), SynthError> {
    let output = generate_with_progress(config, out, progress)?;
    let manifest = Manifest::write_synth(&output)?;
    Ok((output, manifest))
}
