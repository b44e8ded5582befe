//! [`Method`]: the selection methods and baselines a sweep compares, named
//! the same way everywhere (sweep, curves, comparison frames, figures, CLI).

use super::UnknownMethod;
use std::fmt;
use std::str::FromStr;

/// A selection method or baseline.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
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

    /// The method's name (`optimal`, `esa`, `hoa`, `independent`, `all_in_one`, `random`, `worst`).
    pub fn name(self) -> &'static str {
        match self {
            Method::Optimal => "optimal",
            Method::Esa => "esa",
            Method::Hoa => "hoa",
            Method::Independent => "independent",
            Method::AllInOne => "all_in_one",
            Method::Random => "random",
            Method::Worst => "worst",
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
            | Method::Worst => &[],
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
            .find(|m| m.name() == s || m.aliases().contains(&s))
            .ok_or_else(|| UnknownMethod {
                name: s.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_parse_back() {
        for m in Method::ALL {
            assert_eq!(m.name().parse::<Method>().unwrap(), m);
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
