//! Property tests of the exact search against a brute force over every
//! subset of networks, on random small instances (n <= 6 columns, random
//! grid costs, random missing networks, random estimated flags), half of
//! them with losses drawn from {1/8, 2/8, 3/8, 4/8} so that values tie
//! exactly (sums of eighths are exact in binary).

use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use taskgroup::select::{budget_range, ColumnSet, LossTable, Network, Selection, TIE_TOLERANCE};

/// The key: value (tied within 1e-12 relative), then estimated
/// networks, task slots and cost.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Key {
    value: f64,
    estimated: usize,
    slots: usize,
    cost: f64,
}

fn key_of<'a>(
    table: &LossTable,
    nets: impl IntoIterator<Item = &'a Network> + Clone,
) -> Option<Key> {
    let value = table.value(nets.clone())?;
    let (mut estimated, mut slots, mut cost) = (0, 0, 0.0);
    for n in nets {
        estimated += n.estimated as usize;
        slots += n.tasks.len();
        cost += n.cost;
    }
    Some(Key {
        value,
        estimated,
        slots,
        cost,
    })
}

fn tied(a: f64, b: f64) -> bool {
    (a - b).abs() <= TIE_TOLERANCE * a.max(b)
}

/// Whether `a` is strictly better than `b` under the order.
fn beats(a: &Key, b: &Key) -> bool {
    if !tied(a.value, b.value) {
        return a.value < b.value;
    }
    (a.estimated, a.slots)
        .cmp(&(b.estimated, b.slots))
        .then(a.cost.total_cmp(&b.cost))
        .is_lt()
}

fn random_table(rng: &mut ChaCha8Rng, n: usize, tied_losses: bool) -> LossTable {
    let loss = |rng: &mut ChaCha8Rng| {
        if tied_losses {
            *[0.125, 0.25, 0.375, 0.5].choose(rng).expect("non-empty")
        } else {
            rng.random_range(0.01..1.0)
        }
    };
    let mut nets = Vec::new();
    // At most 13 networks so that 2^13 subsets stay cheap; singles are likely so most budgets are feasible.
    let mut candidates: Vec<u64> = (1..(1u64 << n)).collect();
    candidates.shuffle(rng);
    candidates.sort_by_key(|&b| b.count_ones() > 1);
    for bits in candidates.into_iter().take(13) {
        if rng.random_bool(0.2) {
            continue; // a missing network
        }
        let cost = *[0.5, 1.0, 1.0, 1.5, 2.0].choose(rng).expect("non-empty");
        let losses: Vec<(usize, f64)> = ColumnSet::from_bits(bits)
            .iter()
            .map(|c| (c, loss(rng)))
            .collect();
        let mut net = Network::measured(n, cost, &losses);
        net.estimated = rng.random_bool(0.3);
        nets.push(net);
    }
    if nets.is_empty() {
        nets.push(Network::measured(
            n,
            1.0,
            &(0..n).map(|c| (c, 0.5)).collect::<Vec<_>>(),
        ));
    }
    LossTable::new((0..n).map(|i| format!("t{i}")).collect(), nets).expect("valid random table")
}

/// Checks one selection against the brute-force optimum at its budget.
fn check(table: &LossTable, budget: f64, got: &Option<Selection>, best: Option<Key>, case: &str) {
    let Some(best) = best else {
        assert!(
            got.is_none(),
            "{case}: brute force finds no selection within {budget}, search found {got:?}"
        );
        return;
    };
    let sel = got.as_ref().unwrap_or_else(|| {
        panic!("{case}: search found nothing at {budget}, brute force {best:?}")
    });
    let nets: Vec<&Network> = sel
        .picks
        .iter()
        .map(|p| {
            table
                .find(p.tasks, p.cost)
                .expect("picks are table networks")
        })
        .collect();
    let key = key_of(table, nets.iter().copied()).expect("a complete selection");
    assert!(sel.cost() <= budget + 1e-9, "{case}: over budget");
    assert!(
        tied(key.value, sel.value),
        "{case}: reported value {} but the picks give {}",
        sel.value,
        key.value
    );
    assert!(
        tied(key.value, best.value),
        "{case} budget {budget}: value {} vs brute force {}",
        key.value,
        best.value
    );
    assert_eq!(
        (key.estimated, key.slots),
        (best.estimated, best.slots),
        "{case} budget {budget}: tie-break keys {key:?} vs {best:?}"
    );
    assert!(
        (key.cost - best.cost).abs() < 1e-9,
        "{case} budget {budget}: cost {} vs {}",
        key.cost,
        best.cost
    );
    // Minimal: dropping any network raises the value (or uncovers a task).
    for skip in 0..nets.len() {
        let rest = nets
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, n)| *n);
        if let Some(v) = table.value(rest) {
            assert!(
                v > key.value && !tied(v, key.value),
                "{case}: network {skip} can be dropped ({v} vs {})",
                key.value
            );
        }
    }
    // `serves` partitions the columns, each served task at the selection's lowest loss.
    let mut served = ColumnSet::EMPTY;
    for (p, n) in sel.picks.iter().zip(&nets) {
        assert!(
            p.serves.is_subset_of(p.tasks)
                && !p.serves.is_empty()
                && served.intersection(p.serves).is_empty(),
            "{case}: serves {:?}",
            sel.picks
        );
        served = served.union(p.serves);
        for col in p.serves.iter() {
            let low = nets
                .iter()
                .filter_map(|m| m.loss(col))
                .fold(f64::INFINITY, f64::min);
            assert_eq!(
                n.loss(col),
                Some(low),
                "{case}: column {col} is not served at its lowest loss"
            );
        }
    }
    assert_eq!(served, table.all_columns(), "{case}: served columns");
}

#[test]
fn exact_search_matches_brute_force() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    for case in 0..400 {
        let n = rng.random_range(1..=6usize);
        let table = random_table(&mut rng, n, case % 2 == 0);
        let budgets = budget_range(0.5, 6.0, 0.5).expect("a valid sweep");
        let got = table.optimal(&budgets).expect("the search runs");
        let nets = table.networks();
        // Brute force: the best key over all subsets of networks within each budget.
        let mut best: Vec<Option<Key>> = vec![None; budgets.len()];
        for mask in 1u32..(1 << nets.len()) {
            let chosen = (0..nets.len())
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| &nets[i]);
            let Some(key) = key_of(&table, chosen) else {
                continue;
            };
            for (b, slot) in budgets.iter().zip(best.iter_mut()) {
                if key.cost <= b + 1e-9 && slot.is_none_or(|s| beats(&key, &s)) {
                    *slot = Some(key);
                }
            }
        }
        for ((b, g), k) in budgets.iter().zip(&got).zip(best) {
            check(
                &table,
                *b,
                g,
                k,
                &format!("case {case} (n = {n}, {} networks)", nets.len()),
            );
        }
    }
}
