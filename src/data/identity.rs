//! [`DataIdentity`]: what a dataset *is*, for deciding whether two studies
//! use the same data: the manifest's content and the resolved root, not
//! the spelling of the path that named them (`--data d`, `--data /abs/d`
//! and `--data d/manifest.json` are one dataset).

use super::dataset::Dataset;
use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// A dataset's identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataIdentity {
    /// MD5 of the manifest as parsed (its JSON written back canonically, so
    /// whitespace and key order in the file do not count).
    pub manifest_md5: String,
    /// The folder the files are under (or the pack's), with symbolic links
    /// and `..` resolved.
    pub root: PathBuf,
    /// Whether the samples come from a pack (decoded once, resized in the
    /// stored integer type: not the same numbers as the PNG path).
    pub pack: bool,
}

impl DataIdentity {
    /// The identity of an opened dataset.
    pub fn of(dataset: &Dataset) -> DataIdentity {
        let json = serde_json::to_vec(dataset.manifest()).expect("a manifest serialises");
        let root = dataset.root();
        let root = std::fs::canonicalize(root)
            .or_else(|_| std::path::absolute(root))
            .unwrap_or_else(|_| root.to_path_buf());
        DataIdentity {
            manifest_md5: format!("{:x}", Md5::digest(&json)),
            root,
            pack: dataset.pack().is_some(),
        }
    }
}
