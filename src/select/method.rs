//! [`Method`]: the selection methods and baselines a sweep compares, named
//! the same way everywhere (sweep, curves, comparison frames, figures, CLI).

use super::UnknownMethod;
use crate::train::WeightingKind;
use std::fmt;
use std::str::FromStr;

/// A selection method or baseline. Serialised as its [name](Method::name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// Exact search on validation losses.
    Optimal,
    /// Exact search on early-stopped losses.
    Esa,
    /// Exact search with higher-order approximated losses.
    Hoa,
    /// Independent single-task networks.
    Independent,
    /// One network for all tasks.
    AllInOne,
    /// Mean of random groupings.
    Random,
    /// Worst random grouping.
    Worst,
    /// One network for all tasks trained with a multi-task weighting
    /// other than the plain sum (a study's baseline network, see
    /// [`BaselineTables`](crate::select::BaselineTables)); named by the
    /// weighting (`gradnorm`, `mgda`, `uncertainty`, `pcgrad`).
    Weighted(WeightingKind),
}

impl Method {
    /// Every method, in report order.
    pub const ALL: [Method; 7] = [
        Method::Optimal,
        Method::Esa,
        Method::Hoa,
        Method::Independent,
        Method::AllInOne,
        Method::Random,
        Method::Worst,
    ];

    /// The weighted all-task baselines, in report order (after [`ALL`](Self::ALL)).
    pub const BASELINES: [Method; 4] = [
        Method::Weighted(WeightingKind::GradNorm),
        Method::Weighted(WeightingKind::Mgda),
        Method::Weighted(WeightingKind::Uncertainty),
        Method::Weighted(WeightingKind::PcGrad),
    ];

    /// The method's name (`optimal`, `esa`, `hoa`, `independent`,
    /// `all_in_one`, `random`, `worst`; a weighted baseline's is its
    /// weighting's: `gradnorm`, `mgda`, `uncertainty`, `pcgrad`).
    pub fn name(self) -> &'static str {
        match self {
            Method::Optimal => "optimal",
            Method::Esa => "esa",
            Method::Hoa => "hoa",
            Method::Independent => "independent",
            Method::AllInOne => "all_in_one",
            Method::Random => "random",
            Method::Worst => "worst",
            Method::Weighted(kind) => kind.name(),
        }
    }

    /// The other spellings [`FromStr`] accepts: the name with any of its
    /// `_` written as `-` (`all-in-one`, `all-in_one`, `all_in-one`).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Method::AllInOne => &["all-in-one", "all-in_one", "all_in-one"],
            Method::Optimal
            | Method::Esa
            | Method::Hoa
            | Method::Independent
            | Method::Random
            | Method::Worst
            | Method::Weighted(_) => &[],
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Method {
    type Err = UnknownMethod;

    /// Parses a [name](Method::name) or an [alias](Method::aliases).
    fn from_str(s: &str) -> Result<Method, UnknownMethod> {
        Method::ALL
            .into_iter()
            .chain(Method::BASELINES)
            .find(|m| m.name() == s || m.aliases().contains(&s))
            .ok_or_else(|| UnknownMethod {
                name: s.to_string(),
            })
    }
}

impl serde::Serialize for Method {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Method {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Method, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_parse_back() {
        for m in Method::ALL.into_iter().chain(Method::BASELINES) {
            assert_eq!(m.name().parse::<Method>().unwrap(), m);
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, format!("\"{}\"", m.name()));
            assert_eq!(serde_json::from_str::<Method>(&json).unwrap(), m);
            assert_eq!(m.to_string(), m.name());
            for a in m.aliases() {
                assert_eq!(a.parse::<Method>().unwrap(), m);
            }
        }
        assert_eq!("all-in-one".parse::<Method>().unwrap(), Method::AllInOne);
        let err = "best".parse::<Method>().unwrap_err();
        assert_eq!(err.name, "best");
        assert!(err.to_string().contains("\"best\""), "{err}");
        assert!("Optimal".parse::<Method>().is_err());
    }
}
