//! [`Weighting`]: how a multi-task network combines its task losses into one
//! update. Saved with the run's settings (`"weighting": {"method": ...}`),
//! left out of the JSON when it is the default `sum`, so that the settings
//! (and the identity of a study store) of plain runs are those written before
//! the setting existed. [`WeightingKind`] is the method without its
//! parameters: what names a study's baseline network and its curve.

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

/// A weighting method without its parameters (GradNorm's alpha).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WeightingKind {
    /// [`Weighting::Sum`].
    Sum,
    /// [`Weighting::GradNorm`].
    GradNorm,
    /// [`Weighting::Mgda`].
    Mgda,
    /// [`Weighting::Uncertainty`].
    Uncertainty,
    /// [`Weighting::PcGrad`].
    PcGrad,
}

impl WeightingKind {
    /// Every method, in the order of [`Weighting::NAMES`].
    pub const ALL: [WeightingKind; 5] = [
        WeightingKind::Sum,
        WeightingKind::GradNorm,
        WeightingKind::Mgda,
        WeightingKind::Uncertainty,
        WeightingKind::PcGrad,
    ];

    /// Every method but the plain sum: the ones a study can add as
    /// all-task baselines.
    pub const BASELINES: [WeightingKind; 4] = [
        WeightingKind::GradNorm,
        WeightingKind::Mgda,
        WeightingKind::Uncertainty,
        WeightingKind::PcGrad,
    ];

    /// The method's name (`sum`, `gradnorm`, `mgda`, `uncertainty`, `pcgrad`).
    pub const fn name(self) -> &'static str {
        match self {
            WeightingKind::Sum => "sum",
            WeightingKind::GradNorm => "gradnorm",
            WeightingKind::Mgda => "mgda",
            WeightingKind::Uncertainty => "uncertainty",
            WeightingKind::PcGrad => "pcgrad",
        }
    }

    /// The method as its authors and the paper's figures name it (`GradNorm`,
    /// `MGDA-UB`, ...).
    pub const fn label(self) -> &'static str {
        match self {
            WeightingKind::Sum => "Sum",
            WeightingKind::GradNorm => "GradNorm",
            WeightingKind::Mgda => "MGDA-UB",
            WeightingKind::Uncertainty => "Uncertainty",
            WeightingKind::PcGrad => "PCGrad",
        }
    }

    /// The method with its default parameters ([`GRADNORM_ALPHA`]).
    pub const fn with_defaults(self) -> Weighting {
        match self {
            WeightingKind::Sum => Weighting::Sum,
            WeightingKind::GradNorm => Weighting::GradNorm {
                alpha: GRADNORM_ALPHA,
            },
            WeightingKind::Mgda => Weighting::Mgda,
            WeightingKind::Uncertainty => Weighting::Uncertainty,
            WeightingKind::PcGrad => Weighting::PcGrad,
        }
    }
}

impl fmt::Display for WeightingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for WeightingKind {
    type Err = UnknownWeighting;

    /// A method by [name](WeightingKind::name).
    fn from_str(s: &str) -> Result<WeightingKind, UnknownWeighting> {
        WeightingKind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| UnknownWeighting(s.to_string()))
    }
}

impl Weighting {
    /// Every method's name, as [`FromStr`] reads it.
    pub const NAMES: [&'static str; 5] = {
        let mut names = [""; 5];
        let mut i = 0;
        while i < names.len() {
            names[i] = WeightingKind::ALL[i].name();
            i += 1;
        }
        names
    };

    /// Whether this is the default plain sum (then it is not serialised).
    pub fn is_sum(&self) -> bool {
        *self == Weighting::Sum
    }

    /// The method, without its parameters.
    pub fn kind(&self) -> WeightingKind {
        match self {
            Weighting::Sum => WeightingKind::Sum,
            Weighting::GradNorm { .. } => WeightingKind::GradNorm,
            Weighting::Mgda => WeightingKind::Mgda,
            Weighting::Uncertainty => WeightingKind::Uncertainty,
            Weighting::PcGrad => WeightingKind::PcGrad,
        }
    }

    /// The method's name (`gradnorm`, ...).
    pub fn name(&self) -> &'static str {
        self.kind().name()
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

    /// A method by name with its defaults; `gradnorm` takes [`GRADNORM_ALPHA`].
    fn from_str(s: &str) -> Result<Weighting, UnknownWeighting> {
        s.parse::<WeightingKind>().map(WeightingKind::with_defaults)
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

    #[test]
    fn kinds_name_their_methods() {
        for kind in WeightingKind::ALL {
            assert_eq!(kind.with_defaults().kind(), kind);
            assert_eq!(kind.name().parse::<WeightingKind>().unwrap(), kind);
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.name())
            );
        }
        assert_eq!(Weighting::NAMES[2], "mgda");
        assert!(!WeightingKind::BASELINES.contains(&WeightingKind::Sum));
        assert!("Mgda".parse::<WeightingKind>().is_err());
    }
}
