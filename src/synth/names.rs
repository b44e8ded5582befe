//! Building names and roles of a synthetic dataset.
//!
//! Names are lowercase letters only (a Taskonomy tar name splits at its first
//! `_`), made of three syllables drawn from fixed lists, unique within a run.
//! Roles: one building is `train`; two are `train`, `val`; from three on,
//! `val` and `test` each get a tenth of the buildings (rounded, at least one)
//! and the rest are `train`, in that order of building index. A config's
//! `eval_buildings` gives val and test that many each instead.

use super::math::stream_rng;
use crate::data::Split;
use rand::Rng;

const HEADS: [&str; 24] = [
    "al", "ash", "bel", "bran", "cal", "cor", "dar", "el", "fair", "glen", "hal", "hol", "ken",
    "lan", "mar", "mil", "nor", "oak", "pel", "ros", "sel", "stan", "tam", "wes",
];
const MIDDLES: [&str; 8] = ["", "a", "e", "i", "o", "en", "er", "in"];
const TAILS: [&str; 15] = [
    "ton", "ville", "by", "ford", "ham", "ley", "worth", "dale", "field", "wood", "burg", "port",
    "more", "view", "ridge",
];

/// How many distinct names the syllable lists allow (24 x 8 x 15).
pub const NAME_CAPACITY: usize = HEADS.len() * MIDDLES.len() * TAILS.len();

/// The names of buildings `0..count` for a seed. A larger count keeps the
/// earlier names.
pub fn building_names(seed: u64, count: usize) -> Vec<String> {
    assert!(
        count <= NAME_CAPACITY,
        "at most {NAME_CAPACITY} buildings have distinct names"
    );
    let mut names: Vec<String> = Vec::with_capacity(count);
    for b in 0..count {
        let mut rng = stream_rng(seed, &[0, b as u64]);
        loop {
            let name = format!(
                "{}{}{}",
                HEADS[rng.random_range(0..HEADS.len())],
                MIDDLES[rng.random_range(0..MIDDLES.len())],
                TAILS[rng.random_range(0..TAILS.len())]
            );
            if !names.contains(&name) {
                names.push(name);
                break;
            }
        }
    }
    names
}

/// The roles of `count` buildings, in building order (see the module docs);
/// `eval`: how many buildings val and test get each instead of a tenth
/// (the caller keeps at least one for train).
pub fn roles(count: usize, eval: Option<usize>) -> Vec<Split> {
    let (val, test) = match (count, eval) {
        (_, Some(e)) => (e, e),
        (0 | 1, None) => (0, 0),
        (2, None) => (1, 0),
        (n, None) => {
            let tenth = ((n as f64) / 10.0).round().max(1.0) as usize;
            (tenth, tenth)
        }
    };
    let train = count - val - test;
    [
        (Split::Train, train),
        (Split::Val, val),
        (Split::Test, test),
    ]
    .into_iter()
    .flat_map(|(s, n)| std::iter::repeat_n(s, n))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_lowercase_and_stable() {
        let names = building_names(9, 300);
        assert!(names
            .iter()
            .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase())));
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 300);
        assert_eq!(building_names(9, 5), names[..5]);
    }

    #[test]
    fn roles_follow_the_rule() {
        use Split::*;
        assert_eq!(roles(1, None), [Train]);
        assert_eq!(roles(2, None), [Train, Val]);
        assert_eq!(roles(3, None), [Train, Val, Test]);
        assert_eq!(
            roles(8, None),
            [Train, Train, Train, Train, Train, Train, Val, Test]
        );
        assert_eq!(roles(5, Some(2)), [Train, Val, Val, Test, Test]);
        let r = roles(25, None); // 25 / 10 = 2.5 rounds to 3
        assert_eq!(
            (
                r.iter().filter(|s| **s == Val).count(),
                r.iter().filter(|s| **s == Test).count()
            ),
            (3, 3)
        );
    }
}
