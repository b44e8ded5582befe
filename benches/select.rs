//! Benchmark of the exact search: a full budget sweep (1 to n in steps of
//! 0.5, one call) on random dense instances (all 2^n - 1 full-size networks
//! plus the n half-size ones) and on sparse ones (each of those networks kept
//! with probability 0.1, the half-size ones always, so every budget from n/2
//! is feasible), n = 5, 8, 10, 12, 14, 16. Prints a markdown table: the
//! median wall time, the peak heap allocated during the call (a counting
//! allocator) and the process's peak resident set (VmHWM, reset before each
//! instance through /proc/self/clear_refs).
//!
//! `cargo bench --bench select` (add `--no-default-features` to skip
//! building libtorch); `-- --quick` or `TASKGROUP_BENCH_QUICK=1` runs n <= 12
//! once each, as a cheap smoke run.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use taskgroup::select::{budget_range, ColumnSet, LossTable, Network};

/// The system allocator, counting live and peak bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                    - layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A random instance over `n` columns; `keep` is the probability of keeping
/// each full-size network (1.0 = dense). Losses are uniform in [0.05, 1).
fn instance(n: usize, keep: f64, seed: u64) -> LossTable {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut nets = Vec::new();
    for col in 0..n {
        nets.push(Network::measured(
            n,
            0.5,
            &[(col, rng.random_range(0.05..1.0))],
        ));
    }
    for bits in 1..(1u64 << n) {
        let losses: Vec<(usize, f64)> = ColumnSet::from_bits(bits)
            .iter()
            .map(|c| (c, rng.random_range(0.05..1.0)))
            .collect();
        if keep >= 1.0 || rng.random_bool(keep) {
            nets.push(Network::measured(n, 1.0, &losses));
        }
    }
    let columns = (0..n).map(|i| format!("c{i}")).collect();
    LossTable::new(columns, nets).expect("a generated table is valid")
}

/// Peak resident set of this process in KiB (VmHWM), if readable.
fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick")
        || std::env::var("TASKGROUP_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0");
    let sizes: &[usize] = if quick {
        &[5, 8, 10, 12]
    } else {
        &[5, 8, 10, 12, 14, 16]
    };
    println!("| n | instance | networks | budgets | median time (ms) | runs | peak heap (MiB) | peak RSS (MiB) | value at budget n |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for &n in sizes {
        for (label, keep) in [("dense", 1.0), ("sparse 10%", 0.1)] {
            let table = instance(n, keep, 2026 + n as u64);
            let budgets = budget_range(1.0, n as f64, 0.5).expect("a valid sweep");
            let runs = if quick {
                1
            } else if n <= 12 {
                7
            } else if n <= 14 {
                3
            } else {
                2
            };
            // Reset the resident-set high-water mark (Linux >= 4.0); ignored elsewhere.
            let _ = std::fs::write("/proc/self/clear_refs", "5");
            let base = LIVE.load(Ordering::Relaxed);
            PEAK.store(base, Ordering::Relaxed);
            let mut times = Vec::with_capacity(runs);
            let mut last = None;
            for _ in 0..runs {
                let start = Instant::now();
                let result = table.optimal(&budgets).expect("the search runs");
                times.push(start.elapsed().as_secs_f64() * 1e3);
                last = Some(result);
            }
            let heap = (PEAK.load(Ordering::Relaxed) - base) as f64 / (1 << 20) as f64;
            let rss = vm_hwm_kib().map_or_else(
                || "n/a".to_string(),
                |k| format!("{:.1}", k as f64 / 1024.0),
            );
            times.sort_by(f64::total_cmp);
            let value = last
                .and_then(|r| r.last().cloned().flatten())
                .map_or_else(|| "-".to_string(), |s| format!("{:.4}", s.value));
            println!(
                "| {n} | {label} | {} | {} | {:.2} | {runs} | {heap:.1} | {rss} | {value} |",
                table.networks().len(),
                budgets.len(),
                times[times.len() / 2]
            );
        }
    }
}
