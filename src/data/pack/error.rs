//! [`PackError`]: what can be wrong with a pack, naming the shard and the
//! sample (or the pack folder) concerned.

use std::path::PathBuf;

/// A pack that cannot be built, opened or read.
#[derive(Clone, Debug, thiserror::Error)]
pub enum PackError {
    /// A shard shorter than the index records: the copy or the disk lost its end.
    #[error(
        "{shard}: truncated pack shard ({actual} of {expected} bytes): sample {sample} and the records after it are cut"
    )]
    Truncated {
        /// The shard file.
        shard: PathBuf,
        /// Its size in the index.
        expected: u64,
        /// Its size on disk.
        actual: u64,
        /// The first sample whose record is cut (`building/point_P_view_V`).
        sample: String,
    },
    /// A shard whose MD5 differs from the index's: a byte changed.
    #[error("{shard}: pack shard checksum mismatch (md5 {actual}, the index says {expected}): {}",
        match .sample {
            Some(s) => format!("the record of sample {s} is altered"),
            None => "its header or checksum table is altered".to_string(),
        })]
    Corrupt {
        /// The shard file.
        shard: PathBuf,
        /// The MD5 in the index.
        expected: String,
        /// The MD5 of the file.
        actual: String,
        /// The first sample whose record's own MD5 differs; `None` when every
        /// record matches (the header or the checksum table changed).
        sample: Option<String>,
    },
    /// A shard that is not a safetensors file of this pack.
    #[error("{shard}: not a shard of this pack: {detail}")]
    BadShard {
        /// The shard file.
        shard: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// The pack's index (`pack.json`) is missing or does not parse.
    #[error("{path}: not a pack index: {detail}")]
    BadIndex {
        /// The index file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// A pack (or a partial pack to resume) made from another manifest.
    #[error(
        "{dir}: this pack was built from manifest {found} (md5 {found_md5}), not {wanted} (md5 {wanted_md5}); pack into another folder or delete this one"
    )]
    OtherManifest {
        /// The pack folder.
        dir: PathBuf,
        /// The pack's manifest name.
        found: String,
        /// Its content hash.
        found_md5: String,
        /// The manifest asked for.
        wanted: String,
        /// Its content hash.
        wanted_md5: String,
    },
    /// A pack stored at another side than the one asked for.
    #[error(
        "{dir}: this pack holds {found}x{found} images, but {wanted}x{wanted} were asked for; pack again with --size {wanted}"
    )]
    OtherSize {
        /// The pack folder.
        dir: PathBuf,
        /// The pack's side.
        found: usize,
        /// The side asked for.
        wanted: usize,
    },
    /// A pack (or a partial pack to resume) with other settings.
    #[error("{dir}: a pack with other settings is there ({detail}); pack into another folder or delete this one")]
    OtherSettings {
        /// The pack folder.
        dir: PathBuf,
        /// The settings that differ.
        detail: String,
    },
    /// A domain a task reads is not in the pack.
    #[error("{dir}: the pack has no {domain} (read by {reader}); it holds {held}")]
    MissingDomain {
        /// The pack folder.
        dir: PathBuf,
        /// The domain.
        domain: String,
        /// Who reads it (`task normal`).
        reader: String,
        /// The domains it holds, comma-separated.
        held: String,
    },
    /// A sample that is not in the pack.
    #[error("{dir}: sample {sample} is not in the pack")]
    MissingSample {
        /// The pack folder.
        dir: PathBuf,
        /// The sample.
        sample: String,
    },
}
