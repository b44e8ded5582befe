//! [`ArchiveIndex`]: the archive lengths and checksums the release
//! publishes beside its archives (`filesize.txt`, `md5sum.txt`), parsed and
//! filled into manifests (`taskgroup data manifest --md5sum ... --filesize
//! ...`), so `data fetch` verifies each archive's length and MD5.
//!
//! Formats read: `md5sum.txt` as `md5sum` writes it (`<32 hex digits>
//! <path>`, an optional `*` before binary-mode paths); `filesize.txt` as two
//! fields per line, a length in bytes and a `.tar` path, in either order
//! (`ls`-style and `du -b`-style lists both work). Only the path's file name
//! counts (`{building}_{domain}.tar`); blank lines and `#` comments are
//! skipped; any other line is an error naming the file and line.

use super::schema::{ArchiveInfo, Manifest};
use crate::data::DataError;
use std::collections::BTreeMap;
use std::path::Path;

/// Known archive lengths and MD5s, by archive file name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArchiveIndex {
    entries: BTreeMap<String, ArchiveInfo>,
}

fn bad_line(origin: &Path, line: usize, text: &str, expected: &str) -> DataError {
    DataError::ManifestParse {
        path: origin.to_path_buf(),
        detail: format!(
            "line {line}: {:?} is not {expected}",
            crate::error_text::excerpt(text)
        ),
    }
}

/// The file name of a listed path (`./abc_rgb.tar` -> `abc_rgb.tar`).
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The meaningful lines of a list: (1-based number, trimmed text).
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

impl ArchiveIndex {
    /// An empty index.
    pub fn new() -> ArchiveIndex {
        ArchiveIndex::default()
    }

    /// Adds the MD5s of an `md5sum.txt` (`origin` names it in errors);
    /// returns how many lines it read.
    pub fn add_md5sum(&mut self, text: &str, origin: &Path) -> Result<usize, DataError> {
        let mut read = 0;
        for (number, line) in lines(text) {
            let expected = "`<md5> <file>`";
            let (md5, path) = line
                .split_once(char::is_whitespace)
                .ok_or_else(|| bad_line(origin, number, line, expected))?;
            let path = path.trim().trim_start_matches('*');
            let hex = md5.len() == 32 && md5.chars().all(|c| c.is_ascii_hexdigit());
            if !hex || path.is_empty() {
                return Err(bad_line(origin, number, line, expected));
            }
            self.entries
                .entry(file_name(path).to_string())
                .or_default()
                .md5 = Some(md5.to_ascii_lowercase());
            read += 1;
        }
        Ok(read)
    }

    /// Adds the lengths of a `filesize.txt`; returns how many lines it read.
    pub fn add_filesize(&mut self, text: &str, origin: &Path) -> Result<usize, DataError> {
        let mut read = 0;
        for (number, line) in lines(text) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let parsed = match fields.as_slice() {
                [a, b] => match (a.parse::<u64>(), b.parse::<u64>()) {
                    (Ok(n), Err(_)) if b.ends_with(".tar") => Some((n, *b)),
                    (Err(_), Ok(n)) if a.ends_with(".tar") => Some((n, *a)),
                    _ => None,
                },
                _ => None,
            };
            let (bytes, path) =
                parsed.ok_or_else(|| bad_line(origin, number, line, "`<bytes> <file>.tar`"))?;
            self.entries
                .entry(file_name(path).to_string())
                .or_default()
                .bytes = Some(bytes);
            read += 1;
        }
        Ok(read)
    }

    /// Archives the index knows.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it knows none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Fills `manifest.archives` with what the index knows of the
    /// manifest's archives (every building and domain); returns how many.
    pub fn fill(&self, manifest: &mut Manifest) -> usize {
        let mut filled = 0;
        let names: Vec<String> = manifest
            .buildings
            .iter()
            .flat_map(|b| {
                manifest
                    .domains
                    .iter()
                    .map(|d| manifest.archive_name(&b.name, &d.name))
            })
            .collect();
        for name in names {
            if let Some(info) = self.entries.get(&name) {
                manifest.archives.insert(name, info.clone());
                filled += 1;
            }
        }
        filled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_lists_parse_and_bad_lines_are_named() {
        let origin = Path::new("md5sum.txt");
        let mut index = ArchiveIndex::new();
        let md5 = "# the release\nd41d8cd98f00b204e9800998ecf8427e  ./allensville_rgb.tar\n\
                   0CC175B9C0F1B6A831C399E269772661 *beechwood_normal.tar\n";
        assert_eq!(index.add_md5sum(md5, origin).unwrap(), 2);
        let sizes = "1024 allensville_rgb.tar\nbeechwood_normal.tar   2048\n";
        assert_eq!(
            index
                .add_filesize(sizes, Path::new("filesize.txt"))
                .unwrap(),
            2
        );
        assert_eq!(index.len(), 2);
        let info = &index.entries["beechwood_normal.tar"];
        assert_eq!(
            info.md5.as_deref(),
            Some("0cc175b9c0f1b6a831c399e269772661")
        );
        assert_eq!(info.bytes, Some(2048));
        let err = index
            .add_md5sum("xyz allensville_rgb.tar\n", origin)
            .unwrap_err();
        assert!(err.to_string().contains("md5sum.txt") && err.to_string().contains("line 1"));
        assert!(index.add_filesize("12 34\n", origin).is_err());
    }
}
