//! The exact optimal search, for any number of columns and a whole budget
//! sweep in one pass.
//!
//! A minimal optimal selection assigns every task to the one selected network
//! that serves it (lowest loss), so it is a partition of the tasks into
//! groups, each group served by a distinct network carrying a superset of it
//! and paying that network's cost once. The search is a dynamic programme
//! over subsets `T` of tasks and budgets `k` (in units of the cost grid, see
//! `grid.rs`):
//!
//! * `W[G][c]` = the best network of cost level `c` for group `G`: lowest
//!   `sum_{i in G} L_i(N)` over networks `N ⊇ G` (enumerating every subset of
//!   every network: `O(3^n)` for a dense table);
//! * `F[T][k]` = the best selection serving exactly `T` at cost `<= k`:
//!   `F[∅][k] = 0`, and `F[T][k] = min over G ∋ lowest(T), c` of
//!   `W[G][c] + F[T \ G][k - c]` (`O(3^n / 2 · K)` for `K` budget steps).
//!
//! Every budget of the sweep reads `F[all][k]`. Keys are compared as the
//! issue asks: values equal within 1e-12 relative tie, and ties go to fewer
//! networks with estimated losses, then fewer task slots (tasks carried,
//! summed over networks), then lower cost; these three are small integers
//! packed into one `u32` so they add along with the value. Exact remaining
//! ties go to the partition whose group holding the first unassigned column
//! has the smallest bit mask (recursively), and within a group to the
//! network listed first in the table. The optimum is minimal: a network that
//! could be dropped without raising the value would leave a key with fewer
//! task slots. Rows of equal popcount are computed in parallel (rayon).

use super::grid::Grid;
use super::{LossTable, Pick, SearchError, Selection};
use rayon::prelude::*;

/// Relative tolerance under which two values tie.
pub const TIE_TOLERANCE: f64 = 1e-12;
/// Memory the search may use (estimated before allocating).
pub const MEMORY_LIMIT: u64 = 6 << 30;
/// Bit layout of the packed tie-break key: estimated networks (5 bits),
/// task slots (10 bits), cost units (17 bits).
const EST_SHIFT: u32 = 27;
const SLOT_SHIFT: u32 = 17;
const MAX_UNITS: u64 = (1 << SLOT_SHIFT) - 1;
/// Most columns: the packed key holds `n` estimated networks and `n^2` slots.
const MAX_SEARCH_COLUMNS: usize = 30;

/// Whether `(v, tb)` beats `(cur_v, cur_tb)`: a lower value beyond the
/// tolerance, or a tied value with a lower tie-break key.
#[inline(always)]
fn better(v: f64, tb: u32, cur_v: f64, cur_tb: u32) -> bool {
    let tol = TIE_TOLERANCE * v.max(cur_v);
    v < cur_v - tol || (v <= cur_v + tol && tb < cur_tb)
}

/// Best network per (group, cost level).
struct Groups {
    levels: Vec<u64>,
    value: Vec<f64>,
    key: Vec<u32>,
    network: Vec<u32>,
    /// Bit `l` set when level `l` has a network for the group.
    finite: Vec<u64>,
}

impl Groups {
    fn build(table: &LossTable, grid: Grid, max_units: u64) -> Groups {
        let n = table.columns().len();
        let mut levels: Vec<u64> = table
            .networks()
            .iter()
            .map(|net| grid.units(net.cost))
            .filter(|&u| u <= max_units)
            .collect();
        levels.sort_unstable();
        levels.dedup();
        let nl = levels.len();
        let size = 1usize << n;
        let mut g = Groups {
            value: vec![f64::INFINITY; size * nl],
            key: vec![u32::MAX; size * nl],
            network: vec![0; size * nl],
            finite: vec![0; size],
            levels,
        };
        let (mut sums, mut masks) = (Vec::new(), Vec::new());
        for (idx, net) in table.networks().iter().enumerate() {
            let units = grid.units(net.cost);
            let Ok(level) = g.levels.binary_search(&units) else {
                continue;
            };
            let cols: Vec<usize> = net.tasks.iter().collect();
            let key = ((net.estimated as u32) << EST_SHIFT)
                | ((cols.len() as u32) << SLOT_SHIFT)
                | units as u32;
            let count = 1usize << cols.len();
            sums.resize(count, 0.0);
            masks.resize(count, 0usize);
            for k in 1..count {
                let low = k.trailing_zeros() as usize;
                let rest = k & (k - 1);
                sums[k] = sums[rest] + net.loss(cols[low]).unwrap_or(f64::INFINITY);
                masks[k] = masks[rest] | (1 << cols[low]);
                let at = masks[k] * nl + level;
                if better(sums[k], key, g.value[at], g.key[at]) {
                    g.value[at] = sums[k];
                    g.key[at] = key;
                    g.network[at] = idx as u32;
                    g.finite[masks[k]] |= 1 << level;
                }
            }
        }
        g
    }
}

/// The budget table `F`, rows stored by popcount layer.
struct Frontier {
    width: usize,
    /// Row of each task set.
    row: Vec<u32>,
    value: Vec<f64>,
    key: Vec<u32>,
    /// First budget step with a finite value, per task set (`u32::MAX` if none).
    first: Vec<u32>,
}

impl Frontier {
    fn at(&self, set: usize, k: usize) -> (f64, u32) {
        let i = self.row[set] as usize * self.width + k;
        (self.value[i], self.key[i])
    }
}

fn fill_row(
    set: usize,
    value: &mut [f64],
    key: &mut [u32],
    groups: &Groups,
    f: &Frontier,
    done_value: &[f64],
    done_key: &[u32],
) {
    value.fill(f64::INFINITY);
    key.fill(u32::MAX);
    let width = f.width;
    let nl = groups.levels.len();
    let low = set & set.wrapping_neg();
    let rest = set ^ low;
    let mut sub = 0usize;
    loop {
        let group = low | sub;
        let remainder = rest ^ sub;
        let first = f.first[remainder] as usize;
        let mut finite = groups.finite[group];
        while finite != 0 && first != u32::MAX as usize {
            let level = finite.trailing_zeros() as usize;
            finite &= finite - 1;
            let units = groups.levels[level] as usize;
            if units + first >= width {
                continue;
            }
            let (gv, gk) = (
                groups.value[group * nl + level],
                groups.key[group * nl + level],
            );
            let base = f.row[remainder] as usize * width;
            // Budget k takes the remainder's best at k - units, for k from units + first.
            let (rv, rk) = (
                &done_value[base + first..base + width - units],
                &done_key[base + first..base + width - units],
            );
            let (dv, dk) = (&mut value[units + first..], &mut key[units + first..]);
            for (((cur_v, cur_k), &sv), &sk) in dv.iter_mut().zip(dk.iter_mut()).zip(rv).zip(rk) {
                let (v, tb) = (gv + sv, gk + sk);
                if better(v, tb, *cur_v, *cur_k) {
                    *cur_v = v;
                    *cur_k = tb;
                }
            }
        }
        if sub == rest {
            break;
        }
        sub = sub.wrapping_sub(rest) & rest;
    }
}

/// Optimal selections of `table` for each budget (`None` where no selection
/// within the budget carries every task). See the module documentation.
pub fn optimal(table: &LossTable, budgets: &[f64]) -> Result<Vec<Option<Selection>>, SearchError> {
    let grid = Grid::detect(table)?;
    let steps: Vec<u64> = budgets
        .iter()
        .map(|&b| grid.budget_units(b))
        .collect::<Result<_, _>>()?;
    let n = table.columns().len();
    let max_units = steps.iter().copied().max().unwrap_or(0);
    let nl = table
        .networks()
        .iter()
        .map(|net| grid.units(net.cost))
        .filter(|&u| u <= max_units)
        .collect::<std::collections::BTreeSet<_>>()
        .len() as u64;
    if nl > 64 {
        return Err(SearchError::TooManyCosts { count: nl as usize });
    }
    let width = max_units + 1;
    let bytes = if n > MAX_SEARCH_COLUMNS || max_units > MAX_UNITS {
        u64::MAX
    } else {
        (1u64 << n) * (width * 12 + nl * 16 + 16)
    };
    if bytes > MEMORY_LIMIT {
        return Err(SearchError::TooLarge {
            columns: n,
            budget_units: width as usize,
            bytes,
            limit: MEMORY_LIMIT,
        });
    }
    let groups = Groups::build(table, grid, max_units);
    let f = frontier(n, width as usize, &groups);
    let full = (1usize << n) - 1;
    Ok(budgets
        .iter()
        .zip(steps)
        .map(|(&budget, k)| {
            reconstruct(table, &groups, &f, full, k as usize).map(|(picks, value)| Selection {
                budget,
                picks,
                value,
            })
        })
        .collect())
}

fn frontier(n: usize, width: usize, groups: &Groups) -> Frontier {
    let size = 1usize << n;
    let mut order: Vec<usize> = (0..size).collect();
    order.sort_by_key(|&s| (s.count_ones(), s));
    let mut row = vec![0u32; size];
    for (i, &s) in order.iter().enumerate() {
        row[s] = i as u32;
    }
    let mut starts = vec![0usize; n + 2];
    for &s in &order {
        starts[s.count_ones() as usize + 1] += 1;
    }
    for p in 1..starts.len() {
        starts[p] += starts[p - 1];
    }
    let mut first = vec![u32::MAX; size];
    first[0] = 0;
    let mut f = Frontier {
        width,
        row,
        value: vec![0.0; size * width],
        key: vec![0; size * width],
        first: Vec::new(),
    };
    let (mut value, mut key) = (std::mem::take(&mut f.value), std::mem::take(&mut f.key));
    for p in 1..=n {
        let (lo, hi) = (starts[p] * width, starts[p + 1] * width);
        let (done_value, cur_value) = value.split_at_mut(lo);
        let (done_key, cur_key) = key.split_at_mut(lo);
        f.first = std::mem::take(&mut first);
        let layer = &order[starts[p]..starts[p + 1]];
        cur_value[..hi - lo]
            .par_chunks_mut(width)
            .zip(cur_key[..hi - lo].par_chunks_mut(width))
            .zip(layer.par_iter())
            .with_min_len(64)
            .for_each(|((v, k), &set)| fill_row(set, v, k, groups, &f, done_value, done_key));
        first = std::mem::take(&mut f.first);
        for (i, &set) in layer.iter().enumerate() {
            let row = &cur_value[i * width..(i + 1) * width];
            first[set] = row
                .iter()
                .position(|v| v.is_finite())
                .map_or(u32::MAX, |k| k as u32);
        }
    }
    f.value = value;
    f.key = key;
    f.first = first;
    f
}

/// Recomputes the choices behind `F[set][k]`: the first candidate (in the
/// programme's order) whose value and key equal the stored ones bit for bit.
fn reconstruct(
    table: &LossTable,
    groups: &Groups,
    f: &Frontier,
    full: usize,
    k: usize,
) -> Option<(Vec<Pick>, f64)> {
    let k = k.min(f.width - 1);
    let (total, _) = f.at(full, k);
    if !total.is_finite() {
        return None;
    }
    let nl = groups.levels.len();
    let mut chosen: Vec<(usize, usize)> = Vec::new(); // (network, group)
    let (mut set, mut k) = (full, k);
    while set != 0 {
        let target = f.at(set, k);
        let low = set & set.wrapping_neg();
        let rest = set ^ low;
        let mut sub = 0usize;
        let step = 'search: loop {
            let group = low | sub;
            let mut finite = groups.finite[group];
            while finite != 0 {
                let level = finite.trailing_zeros() as usize;
                finite &= finite - 1;
                let units = groups.levels[level] as usize;
                if units > k {
                    continue;
                }
                let (rv, rk) = f.at(set ^ group, k - units);
                let at = group * nl + level;
                if rv.is_finite()
                    && groups.value[at] + rv == target.0
                    && groups.key[at] + rk == target.1
                {
                    break 'search (group, units, groups.network[at] as usize);
                }
            }
            assert!(sub != rest, "exact search: no choice reproduces F[{set:b}][{k}] (programme and reconstruction disagree)");
            sub = sub.wrapping_sub(rest) & rest;
        };
        let (group, units, network) = step;
        chosen.push((network, group));
        set ^= group;
        k -= units;
    }
    chosen.sort_unstable();
    let mut picks: Vec<Pick> = Vec::with_capacity(chosen.len());
    let mut last = usize::MAX;
    for (idx, group) in chosen {
        let serves = super::ColumnSet::from_bits(group as u64);
        if idx == last {
            let prev = picks
                .last_mut()
                .expect("a previous pick exists when the index repeats");
            prev.serves = prev.serves.union(serves);
            continue;
        }
        let net = &table.networks()[idx];
        picks.push(Pick {
            tasks: net.tasks,
            cost: net.cost,
            estimated: net.estimated,
            serves,
        });
        last = idx;
    }
    Some((picks, total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::select::{ColumnSet, Network};

    fn abc(nets: Vec<Network>) -> LossTable {
        LossTable::new(vec!["a".into(), "b".into(), "c".into()], nets).unwrap()
    }

    #[test]
    fn exact_ties_follow_the_documented_order() {
        // {a} + {b,c} and {a,b} + {c}: equal value 0.75, no estimates, 3 slots, cost 2. The
        // group holding column a with the smaller mask ({a}) wins.
        let t = abc(vec![
            Network::measured(3, 1.0, &[(0, 0.25), (1, 0.25)]),
            Network::measured(3, 1.0, &[(2, 0.25)]),
            Network::measured(3, 1.0, &[(0, 0.25)]),
            Network::measured(3, 1.0, &[(1, 0.25), (2, 0.25)]),
        ]);
        let sel = t.optimal(&[2.0]).unwrap().remove(0).unwrap();
        let tasks: Vec<ColumnSet> = sel.picks.iter().map(|p| p.tasks).collect();
        assert_eq!(
            tasks,
            vec![ColumnSet::single(0), ColumnSet::from_bits(0b110)]
        );
        assert_eq!(sel.value, 0.75);
    }

    #[test]
    fn ties_prefer_measured_then_fewer_slots_then_cost() {
        let mut estimated = Network::measured(3, 1.0, &[(0, 0.25), (1, 0.25), (2, 0.25)]);
        estimated.estimated = true;
        let measured = Network::measured(3, 1.5, &[(0, 0.25), (1, 0.25), (2, 0.25)]);
        let t = abc(vec![estimated, measured]);
        let picks = |t: &LossTable, b: f64| t.optimal(&[b]).unwrap().remove(0).unwrap().picks;
        // Budget 1 affords only the estimated network; at 1.5 the measured one wins the tie.
        assert!(picks(&t, 1.0)[0].estimated);
        assert!(!picks(&t, 1.5)[0].estimated && picks(&t, 1.5)[0].cost == 1.5);
        // Fewer task slots beat lower cost: {a,b,c} (3 slots, cost 2) over {a,b} + {b,c} (4 slots, cost 1.5).
        let t = abc(vec![
            Network::measured(3, 2.0, &[(0, 0.25), (1, 0.25), (2, 0.25)]),
            Network::measured(3, 0.5, &[(0, 0.25), (1, 0.25)]),
            Network::measured(3, 1.0, &[(1, 0.5), (2, 0.25)]),
        ]);
        let p = picks(&t, 2.0);
        assert_eq!((p.len(), p[0].cost), (1, 2.0));
        // At 1.5 only the pair of networks fits; b is served by the first, carried by the second.
        let p = picks(&t, 1.5);
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].auxiliary(), ColumnSet::single(1));
    }

    #[test]
    fn infeasible_budgets_and_bad_budgets() {
        let t = abc(vec![Network::measured(
            3,
            1.0,
            &[(0, 0.1), (1, 0.2), (2, 0.3)],
        )]);
        let got = t.optimal(&[0.5, 1.0]).unwrap();
        assert!(got[0].is_none() && got[1].is_some());
        assert!(matches!(
            t.optimal(&[-1.0]),
            Err(SearchError::BadBudget { .. })
        ));
    }
}
