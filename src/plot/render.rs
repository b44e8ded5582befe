//! What a figure renders to: an SVG document ([`Svg`]) or PNG bytes
//! ([`Png`]). Both save atomically through [`crate::io`]; `notebook`
//! displays them inline.

use crate::io::{write_atomic, IoError};
use std::path::Path;

/// An SVG document (displays inline as `image/svg+xml`).
#[derive(Clone, Debug, PartialEq)]
pub struct Svg(pub String);

impl Svg {
    /// Writes the SVG to a file, atomically.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), IoError> {
        write_atomic(path.as_ref(), self.0.as_bytes())
    }
}

/// A PNG image (displays inline as `image/png`).
#[derive(Clone, Debug, PartialEq)]
pub struct Png(pub Vec<u8>);

impl Png {
    /// Writes the PNG to a file, atomically.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), IoError> {
        write_atomic(path.as_ref(), &self.0)
    }
}
