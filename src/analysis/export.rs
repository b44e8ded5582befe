//! Writing tables (and figures) to files atomically: the content goes to a
//! temporary file in the destination's folder, which is then renamed over
//! the destination, so a reader never sees a half-written file.

use super::error::{AnalysisError, Result};
use polars::prelude::{CsvWriter, DataFrame, ParquetWriter, SerWriter};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Runs `fill` on a temporary file next to `path`, then renames it to
/// `path`. Creates missing parent folders; on Unix the file ends up
/// readable by everyone and writable by its owner (0644).
pub fn write_atomic(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<&mut File>) -> Result<()>,
) -> Result<()> {
    if path.file_name().is_none() {
        return Err(AnalysisError::BadPath {
            path: path.to_path_buf(),
            reason: "it names no file",
        });
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let io = |source| AnalysisError::Io {
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(parent).map_err(io)?;
    let mut tmp = tempfile::NamedTempFile::new_in(parent).map_err(io)?;
    {
        let mut out = BufWriter::new(tmp.as_file_mut());
        fill(&mut out)?;
        out.flush().map_err(io)?;
    }
    // A temporary file is private (0600); the result is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(io)?;
    }
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// Writes bytes to `path` atomically.
pub fn write_bytes(path: impl AsRef<Path>, bytes: &[u8]) -> Result<()> {
    let path = path.as_ref();
    write_atomic(path, |out| {
        out.write_all(bytes).map_err(|source| AnalysisError::Io {
            path: path.to_path_buf(),
            source,
        })
    })
}

/// Writes a frame as CSV (with a header row) to `path`, atomically.
pub fn write_csv(df: &DataFrame, path: impl AsRef<Path>) -> Result<()> {
    let mut df = df.clone();
    write_atomic(path.as_ref(), |out| {
        Ok(CsvWriter::new(out).include_header(true).finish(&mut df)?)
    })
}

/// Writes a frame as parquet to `path`, atomically.
pub fn write_parquet(df: &DataFrame, path: impl AsRef<Path>) -> Result<()> {
    let mut df = df.clone();
    write_atomic(path.as_ref(), |out| {
        ParquetWriter::new(out).finish(&mut df)?;
        Ok(())
    })
}
