//! [`Split`]: which part of a study a loss (or an image) belongs to.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A split: the three image splits of a dataset, plus the early-stopping
/// approximation (`esa`: validation losses after a short training run), which
/// has losses but no images of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    /// Training images.
    Train,
    /// Validation images (model selection, the searched loss table).
    Val,
    /// Test images (the reported loss table).
    Test,
    /// The early-stopping approximation of the validation losses.
    Esa,
}

/// A split name that is not `train`, `val`, `test` or `esa`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown split {0:?} (use train, val, test or esa)")]
pub struct SplitError(pub String);

impl Split {
    /// Every split.
    pub const ALL: [Split; 4] = [Split::Train, Split::Val, Split::Test, Split::Esa];

    /// The splits that hold images (a dataset's splits).
    pub const IMAGES: [Split; 3] = [Split::Train, Split::Val, Split::Test];

    /// The splits a study's loss frame holds: the searched table (`val`), the
    /// reported one (`test`) and the early-stopping approximation (`esa`).
    pub const LOSSES: [Split; 3] = [Split::Val, Split::Test, Split::Esa];

    /// The name used in files and frames (`train`, `val`, `test`, `esa`).
    pub fn name(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Val => "val",
            Split::Test => "test",
            Split::Esa => "esa",
        }
    }

    /// Whether a dataset has images for this split (every split but `esa`).
    pub fn has_images(self) -> bool {
        self != Split::Esa
    }
}

impl fmt::Display for Split {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Split {
    type Err = SplitError;

    /// Parses a split's [name](Split::name).
    fn from_str(s: &str) -> Result<Split, SplitError> {
        Split::ALL
            .into_iter()
            .find(|split| split.name() == s)
            .ok_or_else(|| SplitError(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_serialise_alike() {
        for split in Split::ALL {
            assert_eq!(split.name().parse::<Split>(), Ok(split));
            let json = serde_json::to_string(&split).unwrap();
            assert_eq!(json, format!("\"{split}\""));
            assert_eq!(serde_json::from_str::<Split>(&json).unwrap(), split);
        }
        assert_eq!("tset".parse::<Split>(), Err(SplitError("tset".into())));
        assert!(!Split::Esa.has_images());
    }
}
