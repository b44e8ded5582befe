//! Errors of the synthetic generator: each names the setting, domain or file.

use super::domain::Domain;
use std::path::PathBuf;

/// A synthetic-generation error.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    /// A setting is out of range.
    #[error("synthetic config: {field} = {value}: {reason}")]
    InvalidConfig {
        /// The setting.
        field: &'static str,
        /// Its value.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A domain name the generator does not write.
    #[error("unknown synthetic domain {0:?} (known: rgb, depth_zbuffer, normal, segment_semantic, edge_texture, edge_occlusion, keypoints2d, reshading, principal_curvature, point_info)")]
    UnknownDomain(String),
    /// `point_info` was asked for as an image.
    #[error("domain {0} is not an image")]
    NotAnImage(Domain),
    /// PNG encoding failed.
    #[error("encoding {domain} as PNG: {source}")]
    Png {
        /// The domain being encoded.
        domain: Domain,
        /// The cause.
        source: png::EncodingError,
    },
    /// Reading or writing a file failed.
    #[error(transparent)]
    Io(#[from] crate::io::IoError),
    /// A JSON file could not be written or parsed.
    #[error(transparent)]
    Json(#[from] crate::io::JsonError),
    /// Describing the output as a dataset (its manifest) failed.
    #[error(transparent)]
    Data(#[from] crate::data::DataError),
    /// The output folder holds data generated with another configuration.
    #[error("{path} records a different synthetic configuration; resume needs the same settings (or use another output folder)")]
    ConfigMismatch {
        /// The configuration file found in the output folder.
        path: PathBuf,
    },
}
