//! Writing tables to files atomically, through [`crate::io::write_atomic_with`]:
//! a reader never sees a half-written file.

use super::error::{AnalysisError, Result};
use polars::prelude::{CsvWriter, DataFrame, ParquetWriter, SerWriter};
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

/// Writes a table to `path` through `fill`, atomically (see
/// [`crate::io::write_atomic_with`]); a path that names no file is a
/// [`AnalysisError::BadPath`].
fn write_table(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<&mut File>) -> Result<()>,
) -> Result<()> {
    if path.file_name().is_none() {
        return Err(AnalysisError::BadPath {
            path: path.to_path_buf(),
            reason: "it names no file",
        });
    }
    crate::io::write_atomic_with(path, fill)
}

/// Writes a frame as CSV (with a header row) to `path`, atomically.
pub fn write_csv(df: &DataFrame, path: impl AsRef<Path>) -> Result<()> {
    let mut df = df.clone();
    write_table(path.as_ref(), |out| {
        Ok(CsvWriter::new(out).include_header(true).finish(&mut df)?)
    })
}

/// Writes a frame as parquet to `path`, atomically.
pub fn write_parquet(df: &DataFrame, path: impl AsRef<Path>) -> Result<()> {
    let mut df = df.clone();
    write_table(path.as_ref(), |out| {
        ParquetWriter::new(out).finish(&mut df)?;
        Ok(())
    })
}
