//! Taskonomy data: manifests, the release's formats, splits, batches.
//!
//! Data flows from a [`Manifest`] (buildings and roles, domains and their
//! encodings, the folder and archive layout) through a [`Dataset`] (the
//! files under a root, listed by scanning folders or archive members) and a
//! [`Loader`] (one split, in parallel and ahead of the consumer) into
//! [`HostBatch`]es and, with the `torch` feature, `Batch`es of tensors. A
//! sample is first its record (`record.rs`: the PNGs decoded, checked and
//! resized in their integer types), then written into its batch rows
//! (`assemble.rs`: normalised to the paper's targets, flipped, as floats).
//! [`pack`] stores the records of a dataset once in memory-mapped shards
//! that a `Dataset` opens like a manifest, so a loader skips the decoding.
//! [`check()`] scans a whole dataset for problems; [`fetch()`] downloads
//! the release's archives. Everything but `tensor.rs` and `batch.rs` is
//! pure Rust.

mod assemble;
mod check;
mod dataset;
mod error;
mod fetch;
mod host;
mod identity;
mod loader;
pub mod manifest;
pub mod pack;
mod pngio;
mod record;
mod report;
pub mod resize;
mod sample;
mod source;
mod tar_index;
mod template;

#[cfg(feature = "torch")]
mod batch;
#[cfg(feature = "torch")]
mod tensor;

/// The split enum of the loss seam; a dataset has images for
/// [`Split::IMAGES`] (train, val, test), not for `esa`.
pub use crate::losses::Split;
#[cfg(feature = "torch")]
pub use batch::{Batch, BatchSource, Target};
pub use check::{check, CheckConfig, CheckReport};
pub use dataset::{Dataset, SplitImages, INPUT_DOMAIN};
pub use error::{DataError, ManifestProblem, Reason};
pub use fetch::{fetch, FetchConfig, FetchOutcome, FetchProgress, FetchReport};
pub use host::{HostBatch, ImageId};
pub use identity::DataIdentity;
pub use loader::{HostEpoch, Loader, LoaderConfig};
pub use manifest::{ArchiveInfo, Building, DomainSpec, Encoding, Layout, Manifest, SplitRule};
pub use pngio::{describe_format, encode_png, Pixels, PngCompression, PngImage};
pub use report::{ProblemReport, ReasonSummary, SkipReport};
pub use sample::{task_encoding, HostTarget, HostValues, DEPTH_MASK_LIMIT, MASK_DOMAIN};
pub use source::{DomainSource, ImageKey, SourceKind};
pub use tar_index::{index_tar, read_member, verify_tar, TarMember};
pub use template::Template;
