//! [`ColumnSet`]: a set of column indices, as a bit set: the one bit set of
//! the crate. [`TaskSet`](super::TaskSet) is a `ColumnSet` over the catalog's
//! columns (`Task::ALL`); selection uses it over a loss table's columns,
//! which can be any tasks under any names (setting 4 of the paper names them
//! `c0..c4`). A network's name from a set and column names is
//! `crate::losses::NetworkId::name`.

use std::fmt;

/// The most columns a [`ColumnSet`] can hold.
pub const MAX_COLUMNS: usize = 64;

/// A set of column indices (bit `i` = column `i`), iterating in column order.
/// Serialises as its bits.
#[derive(
    Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct ColumnSet(u64);

impl ColumnSet {
    /// The empty set.
    pub const EMPTY: ColumnSet = ColumnSet(0);

    /// The set with exactly these bits.
    pub const fn from_bits(bits: u64) -> ColumnSet {
        ColumnSet(bits)
    }

    /// The raw bits.
    pub const fn bits(self) -> u64 {
        self.0
    }

    /// The set holding column `col` alone (`col < 64`).
    pub fn single(col: usize) -> ColumnSet {
        assert!(
            col < MAX_COLUMNS,
            "column index {col} out of range (at most {MAX_COLUMNS} columns)"
        );
        ColumnSet(1 << col)
    }

    /// The set of the first `n` columns, `0..n` (`n <= 64`).
    pub fn full(n: usize) -> ColumnSet {
        assert!(
            n <= MAX_COLUMNS,
            "{n} columns: at most {MAX_COLUMNS} are supported"
        );
        if n == MAX_COLUMNS {
            ColumnSet(u64::MAX)
        } else {
            ColumnSet((1u64 << n) - 1)
        }
    }

    /// This set with column `col` added.
    #[must_use]
    pub fn with(self, col: usize) -> ColumnSet {
        self.union(ColumnSet::single(col))
    }

    /// Whether column `col` is in the set.
    pub fn contains(self, col: usize) -> bool {
        col < MAX_COLUMNS && self.0 & (1 << col) != 0
    }

    /// Number of columns in the set.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether every column of `self` is in `other`.
    pub fn is_subset_of(self, other: ColumnSet) -> bool {
        self.0 & !other.0 == 0
    }

    /// The union.
    #[must_use]
    pub fn union(self, other: ColumnSet) -> ColumnSet {
        ColumnSet(self.0 | other.0)
    }

    /// The intersection.
    #[must_use]
    pub fn intersection(self, other: ColumnSet) -> ColumnSet {
        ColumnSet(self.0 & other.0)
    }

    /// The columns of `self` that are not in `other`.
    #[must_use]
    pub fn difference(self, other: ColumnSet) -> ColumnSet {
        ColumnSet(self.0 & !other.0)
    }

    /// The lowest column index, if any.
    pub fn first(self) -> Option<usize> {
        (self.0 != 0).then(|| self.0.trailing_zeros() as usize)
    }

    /// The column indices, in increasing order.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            (bits != 0).then(|| {
                let col = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                col
            })
        })
    }

    /// The columns' names, in column order.
    pub fn names(self, columns: &[String]) -> Vec<String> {
        self.iter().map(|c| columns[c].clone()).collect()
    }
}

impl FromIterator<usize> for ColumnSet {
    fn from_iter<I: IntoIterator<Item = usize>>(iter: I) -> ColumnSet {
        iter.into_iter().fold(ColumnSet::EMPTY, ColumnSet::with)
    }
}

impl fmt::Debug for ColumnSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let a: ColumnSet = [0, 2, 5].into_iter().collect();
        assert_eq!(a.bits(), 0b100101);
        assert_eq!(a.len(), 3);
        assert_eq!(a.iter().collect::<Vec<_>>(), vec![0, 2, 5]);
        assert!(a.contains(2) && !a.contains(1) && !a.contains(70));
        assert_eq!(a.first(), Some(0));
        assert_eq!(ColumnSet::EMPTY.first(), None);
        assert!(ColumnSet::single(2).is_subset_of(a));
        assert_eq!(a.difference(ColumnSet::single(0)).bits(), 0b100100);
        assert_eq!(ColumnSet::full(3).bits(), 0b111);
        assert_eq!(ColumnSet::full(64).len(), 64);
        let names: Vec<String> = ["s", "d", "n", "k", "t", "x"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(a.names(&names), ["s", "n", "x"]);
        assert_eq!(format!("{a:?}"), "{0, 2, 5}");
    }
}
