//! Packs: a dataset decoded once into memory-mapped shards that every
//! network of a study reads (`taskgroup data pack`).
//!
//! [`pack()`] (`write.rs`) lists the samples and decodes, checks and resizes each sample the way
//! the loader does and stores it in its PNG's integer type; [`Pack`]
//! (`read.rs`) maps the shards and hands the loader samples assembled by
//! the same code as the PNG path; `format.rs` is the on-disk format (the
//! index, the plan a build resumes by, the safetensors record layout);
//! `error.rs` the typed errors, each naming the shard and the sample;
//! `shard.rs` builds one shard, `resume.rs` resumes an interrupted build.
//! A [`crate::data::Dataset`] opened on a pack folder reads from the pack.

mod error;
mod format;
mod read;
mod resume;
mod shard;
mod write;

pub use error::PackError;
pub use format::{
    manifest_md5, PackIndex, PackPlan, PackedDomain, Resize, ShardInfo, ShardMeta, StoredType,
    FORMAT, INDEX_FILE, MASK_PLANE, PLAN_FILE, RECORD_MD5, SHARD_META_KEY,
};
pub(crate) use read::PackRow;
pub use read::{Pack, Verify};
pub use write::{pack, PackConfig, PackReport};
