//! Errors of the data module: each names the file, building, domain or value.
//!
//! Every runtime error has a [`Reason`], the key under which a skip (with
//! `skip_bad`) or a `data check` problem is counted.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

/// One problem found while validating a manifest (all are reported at once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestProblem {
    /// Where in the manifest, as a JSON path (`buildings[3].name`).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ManifestProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Why a sample was skipped or a dataset check failed: the key problems are counted under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// A PNG that does not decode.
    CorruptPng,
    /// A PNG that ends early.
    TruncatedPng,
    /// A tar archive that ends early or has a damaged header.
    TruncatedTar,
    /// An image lacks the file of one of its domains (its `rgb` input, or a
    /// label that `rgb` has).
    MissingLabel,
    /// A building has no files at all for a domain other domains have.
    DomainAbsent,
    /// An image whose width or height differs from the manifest's size.
    WrongSize,
    /// A PNG with the wrong bit depth or channel count for its domain.
    WrongFormat,
    /// A pixel value outside the domain's range (a class index above 17).
    BadValue,
    /// A domain the manifest does not know.
    UnknownDomain,
    /// A building of the manifest with no data under the root.
    BuildingAbsent,
    /// A file whose MD5 or length differs from the manifest's.
    ChecksumMismatch,
    /// A JSON or NPY label file that does not parse.
    BadFile,
    /// Reading a file failed.
    Io,
    /// Anything else (configuration, network, tensors).
    Other,
}

impl Reason {
    /// The snake_case name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Reason::CorruptPng => "corrupt_png",
            Reason::TruncatedPng => "truncated_png",
            Reason::TruncatedTar => "truncated_tar",
            Reason::MissingLabel => "missing_label",
            Reason::DomainAbsent => "domain_absent",
            Reason::WrongSize => "wrong_size",
            Reason::WrongFormat => "wrong_format",
            Reason::BadValue => "bad_value",
            Reason::UnknownDomain => "unknown_domain",
            Reason::BuildingAbsent => "building_absent",
            Reason::ChecksumMismatch => "checksum_mismatch",
            Reason::BadFile => "bad_file",
            Reason::Io => "io",
            Reason::Other => "other",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A data error.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// Reading or writing a file failed.
    #[error(transparent)]
    Io(#[from] crate::io::IoError),
    /// A PNG that does not decode (bad signature, CRC, zlib stream...).
    #[error("{path}: corrupt PNG: {detail}")]
    CorruptPng {
        /// The file (a tar member is `archive.tar/member`).
        path: PathBuf,
        /// The decoder's message.
        detail: String,
    },
    /// A PNG that ends before its image data does.
    #[error("{path}: truncated PNG: {detail}")]
    TruncatedPng {
        /// The file.
        path: PathBuf,
        /// The decoder's message.
        detail: String,
    },
    /// A tar archive that ends early (a member's data or the end-of-archive
    /// blocks missing) or whose header does not parse.
    #[error("{path}: truncated or damaged tar: {detail}")]
    TruncatedTar {
        /// The archive.
        path: PathBuf,
        /// What was found.
        detail: String,
    },
    /// An image's file for a domain is not there.
    #[error("{path}: missing {domain} label of building {building}")]
    MissingLabel {
        /// Where the file was expected.
        path: PathBuf,
        /// The building.
        building: String,
        /// The domain.
        domain: String,
    },
    /// A building has no folder or archive for a domain.
    #[error(
        "{root}: building {building} has no {domain} data (no folder in any layout, no archive)"
    )]
    DomainAbsent {
        /// The dataset root.
        root: PathBuf,
        /// The building.
        building: String,
        /// The domain.
        domain: String,
    },
    /// An image of the wrong size.
    #[error("{path}: {found_w}x{found_h} pixels, expected {expected}x{expected}")]
    WrongSize {
        /// The file.
        path: PathBuf,
        /// The manifest's side length.
        expected: usize,
        /// The image's width.
        found_w: u32,
        /// The image's height.
        found_h: u32,
    },
    /// A PNG with the wrong bit depth or channel count for its domain.
    #[error("{path}: {found}, expected {expected} for domain {domain}")]
    WrongFormat {
        /// The file.
        path: PathBuf,
        /// The domain.
        domain: String,
        /// What the domain's encoding requires (`16-bit grey`).
        expected: String,
        /// What the file holds (`8-bit RGB`).
        found: String,
    },
    /// A pixel value outside the domain's range.
    #[error("{path}: value {value} out of range for domain {domain} ({detail})")]
    BadValue {
        /// The file.
        path: PathBuf,
        /// The domain.
        domain: String,
        /// The offending value.
        value: u32,
        /// The allowed range.
        detail: String,
    },
    /// A domain the manifest does not list.
    #[error("{context}: unknown domain {domain:?}")]
    UnknownDomain {
        /// The domain.
        domain: String,
        /// Where it was met (a file, a manifest, a command-line option).
        context: String,
    },
    /// A building of the manifest with no data under the root.
    #[error(
        "{root}: building {building} is absent (no folder in any layout, no archive for {domain})"
    )]
    BuildingAbsent {
        /// The dataset root.
        root: PathBuf,
        /// The building.
        building: String,
        /// The domain looked for (`rgb`).
        domain: String,
    },
    /// A file whose MD5 or length differs from the manifest's.
    #[error("{path}: {what} mismatch: expected {expected}, found {found}")]
    ChecksumMismatch {
        /// The file.
        path: PathBuf,
        /// `md5` or `length`.
        what: String,
        /// The manifest's value.
        expected: String,
        /// The file's value.
        found: String,
    },
    /// A JSON or NPY label file that does not parse.
    #[error("{path}: {detail}")]
    BadFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// A manifest that is not valid JSON for the schema.
    #[error("{path}: manifest does not parse: {detail}")]
    ManifestParse {
        /// The manifest file.
        path: PathBuf,
        /// The parser's message (with line and column).
        detail: String,
    },
    /// A manifest that parses but breaks the schema's rules: every problem at once.
    #[error("{path}: invalid manifest ({} problems):\n  {}", problems.len(), join_problems(problems))]
    InvalidManifest {
        /// The manifest file (`<memory>` for one built in code).
        path: PathBuf,
        /// Every problem found.
        problems: Vec<ManifestProblem>,
    },
    /// A split without images of its own (`esa`) asked for images.
    #[error("split {split} holds losses, not images: a dataset has train, val and test images")]
    NoImages {
        /// The split.
        split: crate::losses::Split,
    },
    /// A split selects no image.
    #[error(
        "split {split} of manifest {manifest} has no image under {root}{}",
        skipped_text(skipped)
    )]
    EmptySplit {
        /// The split.
        split: String,
        /// The manifest's name.
        manifest: String,
        /// The dataset root.
        root: PathBuf,
        /// What `skip_bad` dropped on the way (so the cause survives): one
        /// line per reason with its first files; empty when nothing was.
        skipped: String,
    },
    /// An invalid loader or fetch setting.
    #[error("invalid configuration: {0}")]
    InvalidConfig(String),
    /// A download failed.
    #[error("{url}: {detail}")]
    Http {
        /// The URL.
        url: String,
        /// What happened (status code, connection error).
        detail: String,
    },
    /// A tar archive with data after its end-of-archive block (a resumed
    /// download that appended a second copy, say).
    #[error("{path}: data after the end of the archive at byte {at} of {len}")]
    TrailingData {
        /// The archive.
        path: PathBuf,
        /// Where the first non-zero byte after the archive's end is.
        at: u64,
        /// The file's length.
        len: u64,
    },
    /// A download whose body is not a complete tar archive (an HTML page, a
    /// truncated transfer without a known length, data past the archive's end).
    #[error("{url}: {reason} (in {path})")]
    NotAnArchive {
        /// The URL.
        url: String,
        /// The partial file (`.part`) or the archive that was checked.
        path: PathBuf,
        /// What is wrong, and what the next run does about it.
        reason: String,
    },
    /// A pack that cannot be built, opened or read.
    /// (Boxed: it names a shard, a sample and two checksums.)
    #[error(transparent)]
    Pack(Box<super::pack::PackError>),
    /// A tensor operation failed while building a batch.
    #[cfg(feature = "torch")]
    #[error("building a batch: {0}")]
    Torch(#[from] tch::TchError),
}

impl From<super::pack::PackError> for DataError {
    fn from(e: super::pack::PackError) -> Self {
        DataError::Pack(Box::new(e))
    }
}

fn join_problems(problems: &[ManifestProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n  ")
}

fn skipped_text(skipped: &str) -> String {
    if skipped.is_empty() {
        String::new()
    } else {
        format!(" (--skip-bad dropped every sample: {})", skipped.trim_end())
    }
}

impl DataError {
    /// The key this error is counted under in skip and check reports.
    pub fn reason(&self) -> Reason {
        match self {
            DataError::Io(_) => Reason::Io,
            DataError::CorruptPng { .. } => Reason::CorruptPng,
            DataError::TruncatedPng { .. } => Reason::TruncatedPng,
            DataError::TruncatedTar { .. } => Reason::TruncatedTar,
            DataError::MissingLabel { .. } => Reason::MissingLabel,
            DataError::DomainAbsent { .. } => Reason::DomainAbsent,
            DataError::WrongSize { .. } => Reason::WrongSize,
            DataError::WrongFormat { .. } => Reason::WrongFormat,
            DataError::BadValue { .. } => Reason::BadValue,
            DataError::UnknownDomain { .. } => Reason::UnknownDomain,
            DataError::BuildingAbsent { .. } => Reason::BuildingAbsent,
            DataError::ChecksumMismatch { .. } => Reason::ChecksumMismatch,
            DataError::BadFile { .. } => Reason::BadFile,
            _ => Reason::Other,
        }
    }

    /// Whether the error concerns one sample's files (and `skip_bad` may drop
    /// the sample) rather than the configuration or the whole dataset.
    pub fn is_sample_problem(&self) -> bool {
        !matches!(self.reason(), Reason::Other)
    }
}
