//! [`AffinityMethod`]: the one-run estimators, as they are named in files,
//! frames and on the command line.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A one-run affinity estimator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AffinityMethod {
    /// TAG's lookahead: `1 - L_j(theta') / L_j(theta)` after a step on task `i`.
    Tag,
    /// Cosine similarity of task `i`'s and task `j`'s gradients on the shared parameters.
    Cosine,
}

impl AffinityMethod {
    /// Every method, in file order.
    pub const ALL: [AffinityMethod; 2] = [AffinityMethod::Tag, AffinityMethod::Cosine];

    /// The name (`tag`, `cosine`).
    pub fn name(self) -> &'static str {
        match self {
            AffinityMethod::Tag => "tag",
            AffinityMethod::Cosine => "cosine",
        }
    }
}

impl fmt::Display for AffinityMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is no [`AffinityMethod`].
#[derive(Debug, thiserror::Error)]
#[error("unknown affinity method {0:?} (expected tag or cosine)")]
pub struct UnknownAffinityMethod(pub String);

impl FromStr for AffinityMethod {
    type Err = UnknownAffinityMethod;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AffinityMethod::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| UnknownAffinityMethod(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for m in AffinityMethod::ALL {
            assert_eq!(m.name().parse::<AffinityMethod>().unwrap(), m);
            assert_eq!(serde_json::to_value(m).unwrap(), m.name());
        }
        assert!("gradnorm".parse::<AffinityMethod>().is_err());
    }
}
