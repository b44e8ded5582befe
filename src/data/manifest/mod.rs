//! Manifests: what a dataset holds (buildings and their roles, domains and
//! their encodings), how it is laid out on disk and on the server, and how
//! its splits are drawn. The JSON schema is documented in
//! `data-manifests/README.md`; loading validates and reports every problem
//! at once.

mod archive_index;
mod schema;
mod taskonomy;
mod validate;

pub use archive_index::ArchiveIndex;
pub use schema::{
    ArchiveInfo, Building, DomainSpec, Encoding, Layout, Manifest, SplitRule, SCHEMA_VERSION,
};
pub use taskonomy::{
    official_manifests, paper_manifest, subset_manifest, KNOWN_IMAGE_COUNTS, TASKONOMY_BASE_URL,
};
