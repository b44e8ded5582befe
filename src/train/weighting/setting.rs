//! [`Weighting`]: how a multi-task network combines its task losses into one
//! update. Saved with the run's settings (`"weighting": {"method": ...}`),
//! left out of the JSON when it is the default `sum`, so that the settings
//! (and the identity of a study store) of plain runs are those written before
//! the setting existed.

use crate::train::settings::{invalid, ConfigError};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// GradNorm's asymmetry alpha used by Chen et al. (2018) for NYUv2 and by
/// the paper's own code (`ozan_rep_fun.py`, `r_i ** 1.5`).
pub const GRADNORM_ALPHA: f64 = 1.5;

/// The multi-task weighting of a run (module `weighting`'s docs give each
/// method's step).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "lowercase")]
pub enum Weighting {
    /// The plain sum of the task losses (the paper's networks).
    #[default]
    Sum,
    /// GradNorm (Chen et al., ICML 2018) on the last shared layer's weight.
    GradNorm {
        /// How strongly tasks that train slower are pulled up (1.5).
        alpha: f64,
    },
    /// MGDA-UB (Sener & Koltun, NeurIPS 2018): the min-norm combination of
    /// the task gradients with respect to the shared representation.
    Mgda,
    /// Uncertainty weighting (Kendall et al., CVPR 2018): learned log-variances.
    Uncertainty,
    /// PCGrad (Yu et al., NeurIPS 2020): conflicting task gradients on the
    /// shared parameters projected onto each other's normal planes.
    PcGrad,
}

impl Weighting {
    /// Every method's name, as [`FromStr`] reads it.
    pub const NAMES: [&'static str; 5] = ["sum", "gradnorm", "mgda", "uncertainty", "pcgrad"];

    /// Whether this is the default plain sum (then it is not serialised).
    pub fn is_sum(&self) -> bool {
        *self == Weighting::Sum
    }

    /// The method's name (`gradnorm`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            Weighting::Sum => "sum",
            Weighting::GradNorm { .. } => "gradnorm",
            Weighting::Mgda => "mgda",
            Weighting::Uncertainty => "uncertainty",
            Weighting::PcGrad => "pcgrad",
        }
    }

    /// Checks the method's parameters.
    pub fn check(&self) -> Result<(), ConfigError> {
        match *self {
            Weighting::GradNorm { alpha } if !(alpha >= 0.0 && alpha.is_finite()) => Err(invalid(
                "weighting.alpha",
                alpha,
                "zero or a positive number",
            )),
            _ => Ok(()),
        }
    }
}

impl fmt::Display for Weighting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Weighting::GradNorm { alpha } => write!(f, "gradnorm(alpha={alpha})"),
            other => f.write_str(other.name()),
        }
    }
}

/// A weighting name that is none of [`Weighting::NAMES`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown weighting {0:?} (expected one of sum, gradnorm, mgda, uncertainty, pcgrad)")]
pub struct UnknownWeighting(pub String);

impl FromStr for Weighting {
    type Err = UnknownWeighting;

    /// A method by name; `gradnorm` takes [`GRADNORM_ALPHA`].
    fn from_str(s: &str) -> Result<Weighting, UnknownWeighting> {
        Ok(match s {
            "sum" => Weighting::Sum,
            "gradnorm" => Weighting::GradNorm {
                alpha: GRADNORM_ALPHA,
            },
            "mgda" => Weighting::Mgda,
            "uncertainty" => Weighting::Uncertainty,
            "pcgrad" => Weighting::PcGrad,
            _ => return Err(UnknownWeighting(s.to_string())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_serialise_tagged() {
        for name in Weighting::NAMES {
            let w: Weighting = name.parse().unwrap();
            assert_eq!(w.name(), name);
            let json = serde_json::to_string(&w).unwrap();
            assert_eq!(serde_json::from_str::<Weighting>(&json).unwrap(), w);
        }
        assert_eq!(
            serde_json::to_string(&Weighting::GradNorm { alpha: 1.5 }).unwrap(),
            r#"{"method":"gradnorm","alpha":1.5}"#
        );
        assert_eq!(
            serde_json::to_string(&Weighting::PcGrad).unwrap(),
            r#"{"method":"pcgrad"}"#
        );
        assert!("gradnorm2".parse::<Weighting>().is_err());
        assert!(Weighting::GradNorm { alpha: -1.0 }.check().is_err());
        assert!(Weighting::GradNorm { alpha: 0.0 }.check().is_ok());
    }
}
