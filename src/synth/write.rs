//! Writing without half-written files: every file appears under its final
//! name only once complete (a temporary file in the same folder, renamed),
//! so a folder can be resumed by checking which files exist. Single files
//! go through [`crate::io::write_atomic`]; tar shards are written here.

use super::error::SynthError;
use crate::io::WithPath;
use std::fs;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// A tar archive being written: `{building}_{domain}.tar` holding a top
/// folder `{domain}/` and the domain's files, deterministic headers (mode
/// 0644, owner 0, time 0). It appears under its name when finished.
pub struct TarShard {
    path: PathBuf,
    folder: String,
    builder: tar::Builder<BufWriter<NamedTempFile>>,
}

impl TarShard {
    /// The file name of a shard: `{building}_{domain}.tar`.
    pub fn file_name(building: &str, domain: &str) -> String {
        format!("{building}_{domain}.tar")
    }

    /// Starts the shard of `building` and `domain` in `root`.
    pub fn create(root: &Path, building: &str, domain: &str) -> Result<TarShard, SynthError> {
        let tmp = NamedTempFile::new_in(root).with_path(root)?;
        let mut shard = TarShard {
            path: root.join(Self::file_name(building, domain)),
            folder: domain.to_string(),
            builder: tar::Builder::new(BufWriter::new(tmp)),
        };
        let mut header = header(tar::EntryType::Directory, 0o755, 0);
        let folder = format!("{domain}/");
        header.set_path(&folder).with_path(&shard.path)?;
        header.set_cksum();
        shard
            .builder
            .append(&header, std::io::empty())
            .with_path(&shard.path)?;
        Ok(shard)
    }

    /// Adds `{domain}/{name}` holding `bytes`.
    pub fn append(&mut self, name: &str, bytes: &[u8]) -> Result<(), SynthError> {
        let mut header = header(tar::EntryType::Regular, 0o644, bytes.len() as u64);
        header
            .set_path(format!("{}/{name}", self.folder))
            .with_path(&self.path)?;
        header.set_cksum();
        self.builder.append(&header, bytes).with_path(&self.path)?;
        Ok(())
    }

    /// Ends the archive and moves it to its final name.
    pub fn finish(self) -> Result<PathBuf, SynthError> {
        let buffered = self.builder.into_inner().with_path(&self.path)?;
        let tmp = buffered
            .into_inner()
            .map_err(|e| e.into_error())
            .with_path(&self.path)?;
        tmp.persist(&self.path)
            .map_err(|e| e.error)
            .with_path(&self.path)?;
        Ok(self.path)
    }
}

fn header(kind: tar::EntryType, mode: u32, size: u64) -> tar::Header {
    let mut h = tar::Header::new_ustar();
    h.set_entry_type(kind);
    h.set_mode(mode);
    h.set_size(size);
    h.set_mtime(0);
    h.set_uid(0);
    h.set_gid(0);
    h
}

/// Creates a folder and its parents.
pub fn create_dir(path: &Path) -> Result<(), SynthError> {
    Ok(fs::create_dir_all(path).with_path(path)?)
}
