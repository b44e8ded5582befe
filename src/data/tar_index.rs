//! Indexing a plain tar archive in place: each member's name, data offset
//! and length, read once from the headers (seeking over the data), so that
//! members are later read directly without extracting anything.

use super::DataError;
use crate::io::WithPath;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// One regular file inside an archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TarMember {
    /// The member's path inside the archive (`normal/point_0_view_0_domain_normal.png`).
    pub name: String,
    /// Byte offset of its data in the archive.
    pub offset: u64,
    /// Length of its data.
    pub size: u64,
}

const BLOCK: u64 = 512;

/// Lists the regular files of an archive. An archive that ends before a
/// member's data does, or before its end-of-archive block, or whose header
/// does not parse, is a [`DataError::TruncatedTar`].
pub fn index_tar(path: &Path) -> Result<Vec<TarMember>, DataError> {
    scan(path).map(|(members, _)| members)
}

/// [`index_tar`]'s walk: the regular files, and where the last entry's data
/// ends (rounded up to a block).
fn scan(path: &Path) -> Result<(Vec<TarMember>, u64), DataError> {
    let truncated = |detail: String| DataError::TruncatedTar {
        path: path.to_path_buf(),
        detail,
    };
    let file = File::open(path).with_path(path)?;
    let len = file.metadata().with_path(path)?.len();
    let mut archive = tar::Archive::new(file);
    let mut members = Vec::new();
    let mut end = 0u64;
    let entries = archive
        .entries_with_seek()
        .map_err(|e| truncated(e.to_string()))?;
    for entry in entries {
        let entry =
            entry.map_err(|e| truncated(format!("after {} members: {e}", members.len())))?;
        let (offset, size) = (entry.raw_file_position(), entry.size());
        end = (offset + size).div_ceil(BLOCK) * BLOCK;
        if offset + size > len {
            let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            return Err(truncated(format!(
                "member {name} needs {} bytes, the file has {len}",
                offset + size
            )));
        }
        if entry.header().entry_type().is_file() {
            let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            members.push(TarMember { name, offset, size });
        }
    }
    if len < end + BLOCK {
        return Err(truncated(format!(
            "no end-of-archive block after {} members ({len} bytes)",
            members.len()
        )));
    }
    Ok((members, end))
}

/// Checks that `path` is one complete tar archive: every header parses,
/// every member's data is there, the end-of-archive block follows, and
/// nothing but zero padding comes after it (a resumed download that
/// appended a second copy is a [`DataError::TrailingData`]). Returns the
/// number of members.
pub fn verify_tar(path: &Path) -> Result<usize, DataError> {
    let (members, end) = scan(path)?;
    let mut file = File::open(path).with_path(path)?;
    file.seek(SeekFrom::Start(end)).with_path(path)?;
    let mut rest = Vec::new();
    file.read_to_end(&mut rest).with_path(path)?;
    if let Some(at) = rest.iter().position(|&b| b != 0) {
        return Err(DataError::TrailingData {
            path: path.to_path_buf(),
            at: end + at as u64,
            len: end + rest.len() as u64,
        });
    }
    Ok(members.len())
}

/// Reads one member's data.
pub fn read_member(archive: &Path, member: &TarMember) -> Result<Vec<u8>, DataError> {
    let mut file = File::open(archive).with_path(archive)?;
    file.seek(SeekFrom::Start(member.offset))
        .with_path(archive)?;
    let mut buf = vec![0; member.size as usize];
    file.read_exact(&mut buf).map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => DataError::TruncatedTar {
            path: archive.to_path_buf(),
            detail: format!("member {} ends past the end of the file", member.name),
        },
        _ => crate::io::IoError {
            path: archive.to_path_buf(),
            source: e,
        }
        .into(),
    })?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn archive(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (name, data) in files {
            let mut h = tar::Header::new_gnu();
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            b.append_data(&mut h, name, *data).unwrap();
        }
        b.into_inner().unwrap()
    }

    #[test]
    fn indexes_reads_and_detects_truncation() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a_rgb.tar");
        let bytes = archive(&[("rgb/one", b"hello"), ("rgb/two", &[7u8; 700])]);
        std::fs::write(&path, &bytes).unwrap();
        let members = index_tar(&path).unwrap();
        assert_eq!(members.len(), 2);
        assert_eq!(members[0].name, "rgb/one");
        assert_eq!(read_member(&path, &members[0]).unwrap(), b"hello");
        assert_eq!(read_member(&path, &members[1]).unwrap(), vec![7u8; 700]);
        // Cut inside the second member's data, then exactly after it (no end block).
        for cut in [1024 + 512 + 100, 1024 + 512 + 1024] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            assert!(
                matches!(index_tar(&path), Err(DataError::TruncatedTar { .. })),
                "cut at {cut}"
            );
        }
        std::fs::write(&path, &bytes[..700]).unwrap();
        assert!(matches!(
            index_tar(&path),
            Err(DataError::TruncatedTar { .. })
        ));
    }
}
