//! One network's identity: the tasks it carries (a [`ColumnSet`] over some
//! columns) and its cost, with the one display name (`s+d+n`) and the one
//! parser of that name; [`NetSize`] defines the costs of the paper's two
//! network sizes.

use crate::tasks::ColumnSet;
use std::hash::{Hash, Hasher};

/// The separator between task names in a network name (`s+d+n`).
pub const SEPARATOR: char = '+';

/// The paper's two network sizes (serialised as `full` / `half`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum NetSize {
    /// A full-size network: 1 SNT (standard network time).
    Full,
    /// A half-size network (half the channels): 0.5 SNT.
    Half,
}

impl NetSize {
    /// Inference cost in SNT: 1.0 full size, 0.5 half size.
    pub const fn cost(self) -> f64 {
        match self {
            NetSize::Full => 1.0,
            NetSize::Half => 0.5,
        }
    }

    /// The size whose cost is exactly `cost`, if any.
    pub fn of_cost(cost: f64) -> Option<NetSize> {
        [NetSize::Full, NetSize::Half]
            .into_iter()
            .find(|s| s.cost() == cost)
    }
}

/// A network name that does not name a set of columns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// An empty name, or an empty task between separators (`a++b`).
    #[error("network name {network:?} has an empty task name (expected e.g. \"s+d\")")]
    EmptyTask {
        /// The name as given.
        network: String,
    },
    /// A task named twice (`s+s`).
    #[error("network name {network:?} names task {task:?} twice")]
    Repeated {
        /// The name as given.
        network: String,
        /// The repeated task.
        task: String,
    },
    /// A task that is not one of the columns.
    #[error("network name {network:?}: {task:?} is not a column")]
    Unknown {
        /// The name as given.
        network: String,
        /// The unknown task.
        task: String,
    },
}

/// A network: the columns (tasks) it carries and its cost in SNT. Equal and
/// hashed by the set and the cost's exact bits: the key every stage uses.
#[derive(Clone, Copy, Debug)]
pub struct NetworkId {
    /// The tasks it carries, as column indices.
    pub tasks: ColumnSet,
    /// Inference cost in SNT (see [`NetSize::cost`]).
    pub cost: f64,
}

impl PartialEq for NetworkId {
    fn eq(&self, other: &NetworkId) -> bool {
        self.tasks == other.tasks && self.cost.to_bits() == other.cost.to_bits()
    }
}

impl Eq for NetworkId {}

impl Hash for NetworkId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.tasks.hash(state);
        self.cost.to_bits().hash(state);
    }
}

impl NetworkId {
    /// The network carrying `tasks` at `cost`.
    pub fn new(tasks: ColumnSet, cost: f64) -> NetworkId {
        NetworkId { tasks, cost }
    }

    /// The network carrying `tasks` at the cost of `size`.
    pub fn sized(tasks: ColumnSet, size: NetSize) -> NetworkId {
        NetworkId::new(tasks, size.cost())
    }

    /// Its size, when its cost is one of the paper's two.
    pub fn size(self) -> Option<NetSize> {
        NetSize::of_cost(self.cost)
    }

    /// The display name, as frames and errors write it: the carried
    /// columns' names in column order joined with `+` (`s+d+n`).
    pub fn name<S: AsRef<str>>(self, columns: &[S]) -> String {
        NetworkId::tasks_name(self.tasks, columns)
    }

    /// The display name of a set of tasks (what [`name`](Self::name) writes
    /// for any network carrying them).
    pub fn tasks_name<S: AsRef<str>>(tasks: ColumnSet, columns: &[S]) -> String {
        tasks
            .iter()
            .map(|c| columns[c].as_ref())
            .collect::<Vec<_>>()
            .join(&SEPARATOR.to_string())
    }

    /// The tasks named by `name` (as [`name`](Self::name) writes it, in any
    /// order) among `columns`.
    pub fn parse_tasks<S: AsRef<str>>(name: &str, columns: &[S]) -> Result<ColumnSet, NameError> {
        let mut tasks = ColumnSet::EMPTY;
        for part in NetworkId::name_parts(name)? {
            let col = columns
                .iter()
                .position(|c| c.as_ref() == part)
                .ok_or_else(|| NameError::Unknown {
                    network: name.to_string(),
                    task: part.to_string(),
                })?;
            tasks = tasks.with(col);
        }
        Ok(tasks)
    }

    /// The task names of a network name, in its order, without a column list
    /// (for readers that learn the columns from the names).
    pub fn name_parts(name: &str) -> Result<Vec<&str>, NameError> {
        let parts: Vec<&str> = name.split(SEPARATOR).collect();
        for (i, part) in parts.iter().enumerate() {
            if part.is_empty() {
                return Err(NameError::EmptyTask {
                    network: name.to_string(),
                });
            }
            if parts[..i].contains(part) {
                return Err(NameError::Repeated {
                    network: name.to_string(),
                    task: part.to_string(),
                });
            }
        }
        Ok(parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_costs() {
        let cols = ["n", "s", "d"];
        let id = NetworkId::sized([0, 1].into_iter().collect(), NetSize::Full);
        assert_eq!(id.name(&cols), "n+s");
        assert_eq!(NetworkId::parse_tasks("s+n", &cols), Ok(id.tasks));
        assert_eq!(id.size(), Some(NetSize::Full));
        assert_eq!(NetSize::Half.cost(), 0.5);
        assert_eq!(NetSize::of_cost(0.75), None);
        assert!(matches!(
            NetworkId::parse_tasks("s+x", &cols),
            Err(NameError::Unknown { task, .. }) if task == "x"
        ));
        assert!(matches!(
            NetworkId::name_parts("s+s"),
            Err(NameError::Repeated { .. })
        ));
        assert!(matches!(
            NetworkId::name_parts(""),
            Err(NameError::EmptyTask { .. })
        ));
        assert_ne!(id, NetworkId::sized(id.tasks, NetSize::Half));
    }
}
