//! [`NetworkSpec`]: one network of a study.

use crate::losses::{NetSize, NetworkId};
use crate::model::Arch;
use crate::tasks::{Task, TaskSet};
use serde::{Deserialize, Serialize};

/// One network of a study: the catalog tasks it carries and its size (a
/// full-size network of the study's architecture, or its half-size variant).
///
/// It has one name, [`name`](Self::name) (the loss frame's `network`: its
/// tasks in the study's column order joined with `+`, via
/// [`NetworkId::name`]), and one store key, [`dir_name`](Self::dir_name)
/// (catalog letters, `-half` for half size), which names its folder in a
/// store and is kept as it is so that existing stores resume.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct NetworkSpec {
    /// Tasks carried (one decoder each).
    pub tasks: TaskSet,
    /// Its size.
    pub size: NetSize,
}

impl NetworkSpec {
    /// A full-size (1 SNT) network.
    pub fn full(tasks: TaskSet) -> NetworkSpec {
        NetworkSpec {
            tasks,
            size: NetSize::Full,
        }
    }

    /// A half-size (0.5 SNT) network.
    pub fn half(tasks: TaskSet) -> NetworkSpec {
        NetworkSpec {
            tasks,
            size: NetSize::Half,
        }
    }

    /// The key of its folder in a store (and of `--only`): catalog letters,
    /// `-half` for half size, e.g. `sn-half`. Not its name in frames (see
    /// [`name`](Self::name)); kept so that existing stores resume.
    pub fn dir_name(self) -> String {
        match self.size {
            NetSize::Full => self.tasks.letters(),
            NetSize::Half => format!("{}-half", self.tasks.letters()),
        }
    }

    /// Parses a key as [`dir_name`](Self::dir_name) writes it.
    pub fn from_dir_name(key: &str) -> Option<NetworkSpec> {
        let (letters, size) = match key.strip_suffix("-half") {
            Some(l) => (l, NetSize::Half),
            None => (key, NetSize::Full),
        };
        let tasks = TaskSet::from_letters(letters)
            .ok()
            .filter(|t| !t.is_empty())?;
        Some(NetworkSpec { tasks, size })
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

    /// Its name in loss frames: its tasks' letters in the study's column
    /// order joined with `+` ([`NetworkId::name`]).
    pub fn name(self, columns: &[Task]) -> String {
        let letters: Vec<String> = columns.iter().map(|t| t.letter().to_string()).collect();
        self.id(columns).name(&letters)
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
        let cols = [Task::Normal, Task::SegmentSemantic];
        assert_eq!(
            NetworkSpec::full(TaskSet::from_letters("sn").unwrap()).name(&cols),
            "n+s"
        );
    }
}
