//! Random loss tables: the benchmark's instances, and examples for teaching.

use super::{ColumnSet, LossTable, Network};
use crate::losses::NetSize;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A random instance over `n` columns `c0..c{n-1}`: the `n` half-size
/// single-task networks (cost 0.5) and each of the `2^n - 1` full-size
/// networks (cost 1) kept with probability `keep` (1.0 = dense). Losses are
/// uniform in [0.05, 1). Deterministic for a seed.
pub fn random_table(n: usize, keep: f64, seed: u64) -> LossTable {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut nets = Vec::new();
    for col in 0..n {
        nets.push(Network::measured(
            n,
            NetSize::Half.cost(),
            &[(col, rng.random_range(0.05..1.0))],
        ));
    }
    for bits in 1..(1u64 << n) {
        let losses: Vec<(usize, f64)> = ColumnSet::from_bits(bits)
            .iter()
            .map(|c| (c, rng.random_range(0.05..1.0)))
            .collect();
        if keep >= 1.0 || rng.random_bool(keep) {
            nets.push(Network::measured(n, NetSize::Full.cost(), &losses));
        }
    }
    let columns = (0..n).map(|i| format!("c{i}")).collect();
    LossTable::new(columns, nets).expect("a generated table is valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_sparse_sizes() {
        assert_eq!(random_table(4, 1.0, 1).networks().len(), 4 + 15);
        let sparse = random_table(8, 0.1, 1).networks().len();
        assert!(sparse > 8 && sparse < 8 + 255 / 2, "{sparse}");
        assert_eq!(random_table(5, 0.5, 7), random_table(5, 0.5, 7));
    }
}
