//! The I/O layer shared by every module that reads or writes files.
//!
//! - [`IoError`] and [`JsonError`]: an I/O or JSON error with the file it
//!   concerns; [`WithPath::with_path`] attaches the path to an
//!   `io::Result` or a `serde_json::Result`. Each module's error enum wraps
//!   them (`Io(#[from] IoError)`) instead of repeating `{ path, source }`.
//! - [`read_json`] and [`write_json`]: a JSON file, parsed or written
//!   pretty (atomically), with both kinds of error naming the file.
//! - [`write_atomic`] and [`write_atomic_with`]: the content goes to a
//!   temporary file in the destination's folder, which is synced and then
//!   renamed over the destination. A reader (or a crash) never sees a
//!   half-written file under the final name, so a folder can be resumed by
//!   checking which files exist. [`remove_temporaries`] clears the
//!   temporary files of writers that died before their rename.
//!
//! The one PNG encoder is `crate::data::encode_png` (beside the decoder) and
//! the one resizer `crate::data::resize`.

use serde::{de::DeserializeOwned, Serialize};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Reading or writing a file failed.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct IoError {
    /// The file or folder.
    pub path: PathBuf,
    /// The cause.
    pub source: std::io::Error,
}

/// A JSON file could not be written or parsed.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct JsonError {
    /// The file.
    pub path: PathBuf,
    /// The cause.
    pub source: serde_json::Error,
}

/// Attaches the file a result concerns to its error.
pub trait WithPath<T> {
    /// The error carrying the path.
    type Error;
    /// The result with its error naming `path`.
    fn with_path(self, path: impl AsRef<Path>) -> Result<T, Self::Error>;
}

impl<T> WithPath<T> for std::io::Result<T> {
    type Error = IoError;
    fn with_path(self, path: impl AsRef<Path>) -> Result<T, IoError> {
        self.map_err(|source| IoError {
            path: path.as_ref().to_path_buf(),
            source,
        })
    }
}

impl<T> WithPath<T> for serde_json::Result<T> {
    type Error = JsonError;
    fn with_path(self, path: impl AsRef<Path>) -> Result<T, JsonError> {
        self.map_err(|source| JsonError {
            path: path.as_ref().to_path_buf(),
            source,
        })
    }
}

/// Writes `value` as pretty JSON to `path`, atomically.
pub fn write_json<T: Serialize + ?Sized, E: From<IoError> + From<JsonError>>(
    path: &Path,
    value: &T,
) -> Result<(), E> {
    let json = serde_json::to_vec_pretty(value).with_path(path)?;
    Ok(write_atomic(path, &json)?)
}

/// Reads and parses a JSON file; `None` if it does not exist.
pub fn read_json<T: DeserializeOwned, E: From<IoError> + From<JsonError>>(
    path: &Path,
) -> Result<Option<T>, E> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes).with_path(path)?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(IoError {
            path: path.to_path_buf(),
            source,
        }
        .into()),
    }
}

/// The name prefix of [`write_atomic`]'s temporary files.
pub const TEMPORARY_PREFIX: &str = ".tmp-";

/// Removes the temporary files that [`write_atomic`] left in `dir` (not
/// below it) when its process died before the rename; returns how many.
/// Call it only while no live writer can be writing into `dir` (under the
/// lock that guards the folder).
pub fn remove_temporaries(dir: &Path) -> Result<usize, IoError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(source) => {
            return Err(IoError {
                path: dir.to_path_buf(),
                source,
            })
        }
    };
    let mut removed = 0;
    for entry in entries {
        let path = entry.with_path(dir)?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with(TEMPORARY_PREFIX) && path.is_file() {
            std::fs::remove_file(&path).with_path(&path)?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Removes the file `path`; a file that is not there is no error.
pub fn remove_if_exists(path: &Path) -> Result<(), IoError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e).with_path(path),
        _ => Ok(()),
    }
}

/// Writes `bytes` to `path` atomically (creating its folder).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), IoError> {
    write_atomic_with(path, |out| out.write_all(bytes).with_path(path))
}

/// Writes to `path` atomically through `fill`, which writes the content; the
/// I/O errors of this function name `path` and convert into the caller's
/// error type. The file gets mode 0644 (a temporary file is private, the
/// result is an ordinary file).
pub fn write_atomic_with<E: From<IoError>>(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<&mut File>) -> Result<(), E>,
) -> Result<(), E> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).with_path(path)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMPORARY_PREFIX)
        .tempfile_in(dir)
        .with_path(path)?;
    {
        let mut out = BufWriter::new(tmp.as_file_mut());
        fill(&mut out)?;
        out.flush().with_path(path)?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .with_path(path)?;
    }
    tmp.as_file().sync_all().with_path(path)?;
    tmp.persist(path).map_err(|e| e.error).with_path(path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_files_give_back_every_float_exactly() {
        // Issue 11: serde_json's default parser is off by one ulp for about
        // one float in six (these three among them); `float_roundtrip` is on.
        let values = [
            0.000_108_851_613_082_374_15_f64,
            0.000_146_922_022_043_714_23,
            0.000_108_246_021_838_579_47,
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("floats.json");
        write_json::<_, crate::study::StudyError>(&path, &values).unwrap();
        let back: [f64; 3] = read_json::<_, crate::study::StudyError>(&path)
            .unwrap()
            .unwrap();
        for (a, b) in values.iter().zip(back) {
            assert_eq!(a.to_bits(), b.to_bits(), "{a:e} came back as {b:e}");
        }
    }

    #[test]
    fn replaces_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub").join("a.json");
        write_atomic(&p, b"first").unwrap();
        write_atomic(&p, b"second").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.json"]);
    }

    impl From<IoError> for String {
        fn from(e: IoError) -> String {
            e.to_string()
        }
    }

    #[test]
    fn errors_name_the_file() {
        let e = std::fs::read("/nonexistent/x.json")
            .with_path("/nonexistent/x.json")
            .unwrap_err();
        assert!(String::from(e).starts_with("/nonexistent/x.json: "));
    }

    #[test]
    fn a_failing_writer_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_atomic(&p, b"old").unwrap();
        let r: Result<(), String> = write_atomic_with(&p, |_| Err("fill failed".to_string()));
        assert_eq!(r.unwrap_err(), "fill failed");
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
