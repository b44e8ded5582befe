//! [`TaskSet`]: a set of catalog tasks, as a bit set (a
//! [`ColumnSet`] over the catalog's columns, `Task::ALL`).

use super::{ColumnSet, Task};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Errors from parsing tasks and task sets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaskSetError {
    /// A letter or name that is not in the catalog.
    #[error("unknown task {0:?} (known letters: sdnkterca; names: segment_semantic, depth_zbuffer, normal, keypoints2d, edge_texture, edge_occlusion, reshading, principal_curvature, autoencoder)")]
    UnknownTask(String),
    /// The same task named twice in one set.
    #[error("task {0} appears twice in {1:?}")]
    Duplicate(char, String),
    /// An empty set where a non-empty one is required.
    #[error("empty task set")]
    Empty,
}

/// A set of tasks from the catalog, stored as bits (bit `i` = `Task::ALL[i]`).
/// Iterates and displays in catalog order; displays as letters (`sdn`).
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskSet(ColumnSet);

impl TaskSet {
    /// The empty set.
    pub const EMPTY: TaskSet = TaskSet(ColumnSet::EMPTY);

    /// The set with exactly these bits (bits past the catalog are dropped).
    pub fn from_bits(bits: u16) -> TaskSet {
        TaskSet(
            ColumnSet::from_bits(u64::from(bits)).intersection(ColumnSet::full(Task::ALL.len())),
        )
    }

    /// The raw bits.
    pub fn bits(self) -> u16 {
        self.0.bits() as u16
    }

    /// The set as column indices into `Task::ALL`.
    pub fn columns(self) -> ColumnSet {
        self.0
    }

    /// The set holding one task.
    pub fn single(task: Task) -> TaskSet {
        TaskSet(ColumnSet::single(task.index()))
    }

    /// Parses letters such as `"sdnkt"`; order is free, repeats are an error.
    pub fn from_letters(letters: &str) -> Result<TaskSet, TaskSetError> {
        let mut set = TaskSet::EMPTY;
        for c in letters.chars() {
            let task =
                Task::from_letter(c).ok_or_else(|| TaskSetError::UnknownTask(c.to_string()))?;
            if set.contains(task) {
                return Err(TaskSetError::Duplicate(c, letters.to_string()));
            }
            set = set.with(task);
        }
        Ok(set)
    }

    /// This set with `task` added.
    #[must_use]
    pub fn with(self, task: Task) -> TaskSet {
        TaskSet(self.0.with(task.index()))
    }

    /// Whether `task` is in the set.
    pub fn contains(self, task: Task) -> bool {
        self.0.contains(task.index())
    }

    /// Number of tasks.
    pub fn len(self) -> usize {
        self.0.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0.is_empty()
    }

    /// Whether every task of `self` is in `other`.
    pub fn is_subset_of(self, other: TaskSet) -> bool {
        self.0.is_subset_of(other.0)
    }

    /// The union.
    #[must_use]
    pub fn union(self, other: TaskSet) -> TaskSet {
        TaskSet(self.0.union(other.0))
    }

    /// The intersection.
    #[must_use]
    pub fn intersection(self, other: TaskSet) -> TaskSet {
        TaskSet(self.0.intersection(other.0))
    }

    /// The tasks, in catalog order.
    pub fn iter(self) -> impl Iterator<Item = Task> {
        self.0.iter().map(|i| Task::ALL[i])
    }

    /// The set as indices into `columns` (the tasks of `self` that `columns`
    /// lists): the column set a loss table over `columns` names it by.
    pub fn in_columns(self, columns: &[Task]) -> ColumnSet {
        columns
            .iter()
            .enumerate()
            .filter(|(_, t)| self.contains(**t))
            .map(|(i, _)| i)
            .collect()
    }

    /// The tasks as a vector, in catalog order.
    pub fn to_vec(self) -> Vec<Task> {
        self.iter().collect()
    }

    /// Every non-empty subset, ordered by size and then by bits (the study's
    /// order: singles, pairs, triples, ...).
    pub fn subsets(self) -> Vec<TaskSet> {
        let mut out = Vec::new();
        // Enumerate sub-masks of the bits (Gosper-free: walk all sub-masks).
        let bits = self.0.bits();
        let mut sub = bits;
        while sub != 0 {
            out.push(TaskSet(ColumnSet::from_bits(sub)));
            sub = (sub - 1) & bits;
        }
        out.sort_by_key(|s| (s.len(), s.0));
        out
    }

    /// Letters in catalog order, e.g. `"sdn"`.
    pub fn letters(self) -> String {
        self.iter().map(Task::letter).collect()
    }
}

impl FromIterator<Task> for TaskSet {
    fn from_iter<I: IntoIterator<Item = Task>>(iter: I) -> TaskSet {
        iter.into_iter().fold(TaskSet::EMPTY, TaskSet::with)
    }
}

impl fmt::Display for TaskSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.letters())
    }
}

impl fmt::Debug for TaskSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TaskSet({})", self.letters())
    }
}

impl FromStr for TaskSet {
    type Err = TaskSetError;

    /// Parses letters (`"sdn"`) or comma-separated names (`"normal,reshading"`).
    fn from_str(s: &str) -> Result<TaskSet, TaskSetError> {
        if s.contains(',') || s.contains('_') || Task::from_name(s).is_some() {
            let mut set = TaskSet::EMPTY;
            for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let task: Task = part.parse()?;
                if set.contains(task) {
                    return Err(TaskSetError::Duplicate(task.letter(), s.to_string()));
                }
                set = set.with(task);
            }
            Ok(set)
        } else {
            TaskSet::from_letters(s)
        }
    }
}

impl Serialize for TaskSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.letters())
    }
}

impl<'de> Deserialize<'de> for TaskSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TaskSet, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_letters_in_any_order() {
        let a = TaskSet::from_letters("sdnkt").unwrap();
        let b = TaskSet::from_letters("tkdns").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len(), 5);
        assert_eq!(a.to_string(), "sdnkt");
        assert_eq!("nacre".parse::<TaskSet>().unwrap().to_string(), "nerca");
    }

    #[test]
    fn rejects_unknown_and_repeated() {
        assert_eq!(
            TaskSet::from_letters("sx"),
            Err(TaskSetError::UnknownTask("x".into()))
        );
        assert!(matches!(
            TaskSet::from_letters("ss"),
            Err(TaskSetError::Duplicate('s', _))
        ));
        assert!("normal,normal".parse::<TaskSet>().is_err());
    }

    #[test]
    fn parses_names() {
        let s: TaskSet = "normal, reshading".parse().unwrap();
        assert_eq!(s.letters(), "nr");
        let one: TaskSet = "normal".parse().unwrap();
        assert_eq!(one.letters(), "n");
    }

    #[test]
    fn subsets_are_all_non_empty_subsets_in_study_order() {
        let s = TaskSet::from_letters("sdn").unwrap();
        let subs: Vec<String> = s.subsets().iter().map(|x| x.letters()).collect();
        assert_eq!(subs, ["s", "d", "n", "sd", "sn", "dn", "sdn"]);
        assert_eq!(TaskSet::from_letters("sdnkt").unwrap().subsets().len(), 31);
        assert!(subs
            .iter()
            .all(|x| x.parse::<TaskSet>().unwrap().is_subset_of(s)));
    }

    #[test]
    fn serde_round_trip() {
        let s = TaskSet::from_letters("dk").unwrap();
        let j = serde_json::to_string(&s).unwrap();
        assert_eq!(j, "\"dk\"");
        assert_eq!(serde_json::from_str::<TaskSet>(&j).unwrap(), s);
    }
}
