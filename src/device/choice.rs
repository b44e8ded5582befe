//! [`DeviceChoice`]: the device a configuration names, and its one parser.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// The device a run asks for. Written and parsed as `auto`, `cpu`, `cuda`
/// or `cuda:N`; `cuda` and `cuda:0` name the same GPU but keep their
/// spelling, so a saved configuration reads back exactly as written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DeviceChoice {
    /// CUDA when a GPU is available, else the CPU.
    #[default]
    Auto,
    /// The CPU.
    Cpu,
    /// A CUDA GPU: `None` is `cuda` (the first one), `Some(n)` is `cuda:n`.
    Cuda(Option<usize>),
}

impl DeviceChoice {
    /// The GPU index a CUDA choice names (`cuda` is GPU 0).
    pub fn cuda_index(self) -> Option<usize> {
        match self {
            DeviceChoice::Cuda(i) => Some(i.unwrap_or(0)),
            DeviceChoice::Auto | DeviceChoice::Cpu => None,
        }
    }
}

/// A device that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeviceError {
    /// The spec is not `auto`, `cpu`, `cuda` or `cuda:N`.
    #[error("unknown device {0:?} (use auto, cpu, cuda or cuda:N)")]
    Unknown(String),
    /// CUDA was asked for but that GPU is not there.
    #[error("device {asked} requested but {available} CUDA device(s) are available")]
    NoCuda {
        /// The spec.
        asked: String,
        /// GPUs visible to libtorch.
        available: i64,
    },
}

impl FromStr for DeviceChoice {
    type Err = DeviceError;

    fn from_str(s: &str) -> Result<DeviceChoice, DeviceError> {
        match s {
            "auto" => Ok(DeviceChoice::Auto),
            "cpu" => Ok(DeviceChoice::Cpu),
            "cuda" => Ok(DeviceChoice::Cuda(None)),
            _ => s
                .strip_prefix("cuda:")
                .and_then(|i| i.parse::<usize>().ok())
                .map(|i| DeviceChoice::Cuda(Some(i)))
                .ok_or_else(|| DeviceError::Unknown(s.to_string())),
        }
    }
}

impl fmt::Display for DeviceChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeviceChoice::Auto => f.write_str("auto"),
            DeviceChoice::Cpu => f.write_str("cpu"),
            DeviceChoice::Cuda(None) => f.write_str("cuda"),
            DeviceChoice::Cuda(Some(i)) => write!(f, "cuda:{i}"),
        }
    }
}

impl Serialize for DeviceChoice {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DeviceChoice {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_round_trip_in_their_spelling() {
        for spec in ["auto", "cpu", "cuda", "cuda:0", "cuda:3"] {
            let choice: DeviceChoice = spec.parse().unwrap();
            assert_eq!(choice.to_string(), spec);
            let json = serde_json::to_string(&choice).unwrap();
            assert_eq!(json, format!("\"{spec}\""));
            assert_eq!(serde_json::from_str::<DeviceChoice>(&json).unwrap(), choice);
        }
        assert_eq!(DeviceChoice::Cuda(None).cuda_index(), Some(0));
        assert_eq!(DeviceChoice::Cpu.cuda_index(), None);
        for bad in ["gpu", "tpu", "cuda:x", "cuda:", "CPU", ""] {
            assert!(
                matches!(bad.parse::<DeviceChoice>(), Err(DeviceError::Unknown(s)) if s == bad),
                "{bad}"
            );
        }
        assert!(serde_json::from_str::<DeviceChoice>("\"gpu\"")
            .unwrap_err()
            .to_string()
            .contains("unknown device \"gpu\""));
    }
}
