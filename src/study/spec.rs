//! [`NetworkSpec`]: one network of a study.

use crate::losses::{NetSize, NetworkId};
use crate::model::Arch;
use crate::tasks::{Task, TaskSet};
use crate::train::WeightingKind;
use serde::{Deserialize, Serialize};

/// The separator between a baseline network's tasks and its weighting in its
/// store key and name (`sdnkt@mgda`).
const WEIGHTING_SEPARATOR: char = '@';

/// What a seed replicate's store key ends with, before its index (`sd-seed2`).
const REPLICATE_SUFFIX: &str = "-seed";

/// One network of a study: the catalog tasks it carries and its size (a
/// full-size network of the study's architecture, or its half-size
/// variant), and for a study's baselines the multi-task weighting it was
/// trained with instead of the study's own.
///
/// It has one name, [`name`](Self::name) (the loss frame's `network`: its
/// tasks in the study's column order joined with `+`, via
/// [`NetworkId::name`]), and one store key, [`dir_name`](Self::dir_name)
/// (catalog letters, `-half` for half size), which names its folder in a
/// store and is kept as it is so that existing stores resume. A baseline's
/// name and key end in `@` and its weighting (`s+d+n@mgda`, `sdn@mgda`).
/// A seed replicate (a study trained with `seeds` > 1) keeps its network's
/// name (frames carry the seed in a column of their own); its key ends in
/// `-seed` and the replicate's index (`sdn-seed1`, `s-half-seed2`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct NetworkSpec {
    /// Tasks carried (one decoder each).
    pub tasks: TaskSet,
    /// Its size.
    pub size: NetSize,
    /// For a baseline network (all tasks, full size): the weighting it is
    /// trained with. `None` for the study's networks (its searched
    /// candidates, trained with the study's own weighting).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<WeightingKind>,
    /// Which of the study's seed replicates it is: 0 for the study's own
    /// seed, `r` for the run with seed `train.seed + r`
    /// ([`StudyConfig::seeds`](super::StudyConfig::seeds)).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub replicate: u32,
}

fn is_zero(r: &u32) -> bool {
    *r == 0
}

impl NetworkSpec {
    /// A full-size (1 SNT) network.
    pub fn full(tasks: TaskSet) -> NetworkSpec {
        NetworkSpec {
            tasks,
            size: NetSize::Full,
            baseline: None,
            replicate: 0,
        }
    }

    /// A half-size (0.5 SNT) network.
    pub fn half(tasks: TaskSet) -> NetworkSpec {
        NetworkSpec {
            tasks,
            size: NetSize::Half,
            baseline: None,
            replicate: 0,
        }
    }

    /// The full-size baseline network carrying `tasks`, trained with `weighting`.
    pub fn baseline(tasks: TaskSet, weighting: WeightingKind) -> NetworkSpec {
        NetworkSpec {
            baseline: Some(weighting),
            ..NetworkSpec::full(tasks)
        }
    }

    /// The same network trained with the study's seed replicate `replicate`.
    pub fn with_replicate(self, replicate: u32) -> NetworkSpec {
        NetworkSpec { replicate, ..self }
    }

    /// The key of its folder in a store (and of `--only`): catalog letters,
    /// `-half` for half size, `@` and the weighting for a baseline, `-seed`
    /// and the index for a seed replicate, e.g. `sn-half`, `sdn@mgda`,
    /// `sn-seed2`. Not its name in frames (see [`name`](Self::name)); kept
    /// so that existing stores resume.
    pub fn dir_name(self) -> String {
        let key = match self.size {
            NetSize::Full => self.tasks.letters(),
            NetSize::Half => format!("{}-half", self.tasks.letters()),
        };
        let key = self.with_weighting(key);
        match self.replicate {
            0 => key,
            r => format!("{key}{REPLICATE_SUFFIX}{r}"),
        }
    }

    /// `text` followed by `@` and the baseline's weighting, if any.
    fn with_weighting(self, text: String) -> String {
        match self.baseline {
            Some(w) => format!("{text}{WEIGHTING_SEPARATOR}{w}"),
            None => text,
        }
    }

    /// Parses a key as [`dir_name`](Self::dir_name) writes it.
    pub fn from_dir_name(key: &str) -> Option<NetworkSpec> {
        let (key, replicate) = match key.rsplit_once(REPLICATE_SUFFIX) {
            // One spelling per replicate: `-seed1`, not `-seed01` or `-seed0`.
            Some((k, text)) => match text.parse::<u32>() {
                Ok(r) if r > 0 && r.to_string() == text => (k, r),
                _ => return None,
            },
            None => (key, 0),
        };
        let (key, baseline) = match key.split_once(WEIGHTING_SEPARATOR) {
            Some((k, w)) => (k, Some(w.parse::<WeightingKind>().ok()?)),
            None => (key, None),
        };
        let (letters, size) = match key.strip_suffix("-half") {
            Some(l) => (l, NetSize::Half),
            None => (key, NetSize::Full),
        };
        let tasks = TaskSet::from_letters(letters)
            .ok()
            .filter(|t| !t.is_empty())?;
        if baseline.is_some() && size == NetSize::Half {
            return None;
        }
        Some(NetworkSpec {
            tasks,
            size,
            baseline,
            replicate,
        })
    }

    /// Cost in SNT ([`NetSize::cost`]).
    pub fn cost(self) -> f64 {
        self.size.cost()
    }

    /// The architecture this network uses in a study of `base` networks.
    pub fn arch(self, base: Arch) -> Arch {
        match self.size {
            NetSize::Full => base,
            NetSize::Half => base.half(),
        }
    }

    /// Its identity among a study's `columns` (the tasks in the study's order).
    pub fn id(self, columns: &[Task]) -> NetworkId {
        NetworkId::sized(self.tasks.in_columns(columns), self.size)
    }

    /// Its name in frames: its tasks' letters in the study's column
    /// order joined with `+` ([`NetworkId::name`]), then `@` and the
    /// weighting for a baseline (`s+d+n@mgda`).
    pub fn name(self, columns: &[Task]) -> String {
        let letters: Vec<String> = columns.iter().map(|t| t.letter().to_string()).collect();
        self.with_weighting(self.id(columns).name(&letters))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        let s = NetworkSpec::half(TaskSet::from_letters("d").unwrap());
        assert_eq!(s.dir_name(), "d-half");
        assert_eq!(NetworkSpec::from_dir_name("d-half"), Some(s));
        assert_eq!(NetworkSpec::from_dir_name("sdn").unwrap().cost(), 1.0);
        assert_eq!(NetworkSpec::from_dir_name(""), None);
        assert_eq!(NetworkSpec::from_dir_name("x"), None);
        let mgda = NetworkSpec::baseline(TaskSet::from_letters("sn").unwrap(), WeightingKind::Mgda);
        assert_eq!(mgda.dir_name(), "sn@mgda");
        assert_eq!(NetworkSpec::from_dir_name("sn@mgda"), Some(mgda));
        assert_eq!(NetworkSpec::from_dir_name("sn@sgd"), None);
        assert_eq!(NetworkSpec::from_dir_name("sn-half@mgda"), None);
        let cols = [Task::Normal, Task::SegmentSemantic];
        assert_eq!(
            NetworkSpec::full(TaskSet::from_letters("sn").unwrap()).name(&cols),
            "n+s"
        );
        assert_eq!(mgda.name(&cols), "n+s@mgda");
        let second = mgda.with_replicate(2);
        assert_eq!(second.dir_name(), "sn@mgda-seed2");
        assert_eq!(NetworkSpec::from_dir_name("sn@mgda-seed2"), Some(second));
        assert_eq!(
            second.name(&cols),
            "n+s@mgda",
            "frames carry the seed apart"
        );
        let half = s.with_replicate(1);
        assert_eq!(half.dir_name(), "d-half-seed1");
        assert_eq!(NetworkSpec::from_dir_name("d-half-seed1"), Some(half));
        for bad in ["d-seed0", "d-seed01", "d-seed", "d-seedx", "-seed1"] {
            assert_eq!(NetworkSpec::from_dir_name(bad), None, "{bad}");
        }
    }
}
