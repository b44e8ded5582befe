//! [`NetworkSpec`]: one network of a study.

use crate::model::Arch;
use crate::tasks::{Task, TaskSet};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One network of a study: the tasks it carries and whether it is the
/// half-size variant (cost 0.5 SNT) of the study's architecture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct NetworkSpec {
    /// Tasks carried (one decoder each).
    pub tasks: TaskSet,
    /// The half-size variant.
    pub half: bool,
}

impl NetworkSpec {
    /// A full-size (1 SNT) network.
    pub fn full(tasks: TaskSet) -> NetworkSpec {
        NetworkSpec { tasks, half: false }
    }

    /// A half-size (0.5 SNT) network.
    pub fn half(tasks: TaskSet) -> NetworkSpec {
        NetworkSpec { tasks, half: true }
    }

    /// The id used for its folder in the store: letters, `-half` for half size.
    pub fn id(self) -> String {
        if self.half {
            format!("{}-half", self.tasks.letters())
        } else {
            self.tasks.letters()
        }
    }

    /// Parses an id as [`NetworkSpec::id`] writes it.
    pub fn from_id(id: &str) -> Option<NetworkSpec> {
        let (letters, half) = match id.strip_suffix("-half") {
            Some(l) => (l, true),
            None => (id, false),
        };
        let tasks = TaskSet::from_letters(letters)
            .ok()
            .filter(|t| !t.is_empty())?;
        Some(NetworkSpec { tasks, half })
    }

    /// Cost in SNT (the paper's convention: 1 for full size, 0.5 for half).
    pub fn cost(self) -> f64 {
        if self.half {
            0.5
        } else {
            1.0
        }
    }

    /// The architecture this network uses in a study of `base` networks.
    pub fn arch(self, base: Arch) -> Arch {
        if self.half {
            base.half()
        } else {
            base
        }
    }

    /// The network's name in loss frames: its tasks' column names (letters)
    /// in the study's column order joined with `+`.
    pub fn frame_name(self, columns: &[Task]) -> String {
        columns
            .iter()
            .filter(|t| self.tasks.contains(**t))
            .map(|t| t.letter().to_string())
            .collect::<Vec<_>>()
            .join("+")
    }
}

impl fmt::Display for NetworkSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        let s = NetworkSpec::half(TaskSet::from_letters("d").unwrap());
        assert_eq!(s.id(), "d-half");
        assert_eq!(NetworkSpec::from_id("d-half"), Some(s));
        assert_eq!(NetworkSpec::from_id("sdn").unwrap().cost(), 1.0);
        assert_eq!(NetworkSpec::from_id(""), None);
        assert_eq!(NetworkSpec::from_id("x"), None);
        let cols = [Task::Normal, Task::SegmentSemantic];
        assert_eq!(
            NetworkSpec::full(TaskSet::from_letters("sn").unwrap()).frame_name(&cols),
            "n+s"
        );
    }
}
