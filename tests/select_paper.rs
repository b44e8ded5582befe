//! Reproduces the paper's four settings from its published loss tables
//! (`tests/fixtures/paper`, expected curves from its `expected.json`).

mod common;

use common::paper;
use taskgroup::select::{sweep, CurvePoint, Method, RandomConfig, SweepConfig, Tables};

fn totals(points: &[CurvePoint]) -> Vec<Option<f64>> {
    points.iter().map(|p| p.test_total).collect()
}

fn run(
    k: usize,
    methods: Vec<Method>,
    random: RandomConfig,
) -> (paper::Setting, taskgroup::select::Curves) {
    let s = paper::setting(k);
    let tables = Tables {
        val: &s.val,
        test: Some(&s.test),
        esa: Some(&s.esa),
        baselines: &[],
    };
    let config = SweepConfig::default()
        .with_budgets(paper::budgets())
        .with_methods(methods)
        .with_random(random);
    let curves = sweep(&tables, &config).expect("the sweep runs on the paper's tables");
    (s, curves)
}

/// optimal, esa and hoa: exactly the published curves (to 1e-6), all settings.
#[test]
fn deterministic_methods_reproduce_all_four_settings() {
    for k in 1..=4 {
        let (s, curves) = run(
            k,
            vec![Method::Optimal, Method::Esa, Method::Hoa],
            RandomConfig::default(),
        );
        for method in [Method::Optimal, Method::Esa, Method::Hoa] {
            let got = totals(curves.curve(method).expect("computed"));
            let want = s.curve(method.name());
            for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                let (g, w) = (
                    g.expect("every budget from 1 is feasible"),
                    w.expect("published"),
                );
                assert!((g - w).abs() <= 1e-6, "setting {k} {method} budget {}: got {g}, published {w}\n got {got:?}\nwant {want:?}", paper::budgets()[i]);
            }
        }
    }
}

/// random: the seeded Monte Carlo mean within 2e-3 of the published means
/// (the paper drew 1 000 000 samples; 20 000 give a standard error of about 2e-4).
#[test]
fn random_baseline_matches_published_means() {
    for k in 1..=4 {
        let (s, curves) = run(
            k,
            vec![Method::Random, Method::Worst],
            RandomConfig::default()
                .with_samples(20_000)
                .with_seed(k as u64),
        );
        let got = totals(curves.curve(Method::Random).expect("computed"));
        let worst = totals(curves.curve(Method::Worst).expect("computed"));
        for (i, (g, w)) in got.iter().zip(s.curve("random")).enumerate() {
            let (g, w) = (g.expect("feasible"), w.expect("published"));
            assert!(
                (g - w).abs() <= 2e-3,
                "setting {k} random budget {}: got {g}, published {w}",
                paper::budgets()[i]
            );
            assert!(
                worst[i].expect("feasible") >= g - 1e-9,
                "the worst draw is at least the mean"
            );
        }
    }
}

/// independent: where the baseline is forced (all half-size networks at 2.5,
/// all full-size at 5) it equals the published figure values. At the budgets
/// in between the paper's choice of which networks to upgrade is not
/// documented; the values found there are in `docs/benchmarks-select.md`.
/// Below 2.5 the figure uses smaller networks that the tables lack: `None`.
#[test]
fn independent_baseline_matches_where_forced() {
    for k in 1..=4 {
        let (s, curves) = run(
            k,
            vec![Method::Independent, Method::AllInOne],
            RandomConfig::default(),
        );
        let got = totals(curves.curve(Method::Independent).expect("computed"));
        let want = s.curve("independent");
        for (i, b) in paper::budgets().iter().enumerate() {
            if *b < 2.5 {
                assert_eq!(got[i], None, "setting {k} budget {b}");
            } else if *b == 2.5 || *b == 5.0 {
                let (g, w) = (
                    got[i].expect("defined from 2.5"),
                    want[i].expect("published"),
                );
                assert!(
                    (g - w).abs() <= 1e-6,
                    "setting {k} independent budget {b}: got {g}, published {w}"
                );
            }
        }
        // all-in-one: the tables hold one all-task network, so every budget from 1 reports it;
        // the published value at budget 1 is that network (larger ones come from other networks).
        let aio = totals(curves.curve(Method::AllInOne).expect("computed"));
        let (g, w) = (
            aio[0].expect("fits budget 1"),
            s.curve("all_in_one")[0].expect("published"),
        );
        assert!(
            (g - w).abs() <= 1e-6,
            "setting {k} all-in-one: got {g}, published {w}"
        );
        assert!(aio.iter().all(|v| *v == aio[0]));
    }
}
