//! A study of several seeds (`--seeds N`) on a tiny synthetic dataset:
//! every network is trained once per seed, the replicates stored beside
//! the first (`<id>-seed<r>`) and resumable after a kill like any study;
//! the report gives every loss, affinity and curve its interval across the
//! seeds and says how often the optimal selection changes.
#![cfg(feature = "torch")]

mod study_support;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use study_support::{ok, records};
use taskgroup::compare::{Comparison, Estimator};
use taskgroup::losses::Split;
use taskgroup::plot::{Figure, PerformanceCurves};
use taskgroup::report::Report;
use taskgroup::seeds::{Interval, RegretSpread};
use taskgroup::select::{budget_range, Method, RandomConfig, SweepConfig};
use taskgroup::stats::student_t_critical;
use taskgroup::study::{NetworkSpec, Store};

fn study(manifest: &Path, store: &Path, extra: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_taskgroup-torch"));
    cmd.args(["study", "--data"])
        .arg(manifest)
        .arg("--store")
        .arg(store)
        .args(study_support::TINY_STUDY)
        .args(["--lines", "--max-epochs", "2"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn run(mut cmd: Command) -> Output {
    cmd.output().unwrap()
}

#[test]
fn a_two_seed_study_resumes_after_a_kill_and_reports_intervals() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = study_support::dataset(dir.path());
    let store_dir = dir.path().join("store");

    // Kill the study once the second seed's replicates have begun.
    let mut child = study(&manifest, &store_dir, &["--seeds", "2"])
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(300);
    while records(&store_dir).len() < 12 {
        assert!(Instant::now() < deadline, "no replicate finished in time");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let before = records(&store_dir);
    assert!(
        before.len() >= 12 && before.len() < 20,
        "killed mid-study: {} records",
        before.len()
    );
    assert!(before.iter().any(|(id, _)| id.ends_with("-seed1")));

    let text = ok(&run(study(&manifest, &store_dir, &["--seeds", "2"])));
    assert!(
        text.contains(&format!("{} already done", before.len())),
        "{text}"
    );
    let after = records(&store_dir);
    assert_eq!(after.len(), 20, "10 networks, two seeds each");
    for (id, bytes) in &before {
        let now = &after.iter().find(|(a, _)| a == id).unwrap().1;
        assert_eq!(now, bytes, "{id} was retrained");
    }

    // Replicate r trains with seed --seed + r.
    let store = Store::open(&store_dir).unwrap();
    assert_eq!(store.replicates().unwrap(), 2);
    let seed_of = |id: &str| {
        let spec = NetworkSpec::from_dir_name(id).unwrap();
        let config: serde_json::Value = serde_json::from_slice(
            &std::fs::read(store.network_dir(spec).join("config.json")).unwrap(),
        )
        .unwrap();
        config["seed"].as_u64().unwrap()
    };
    assert_eq!((seed_of("sd"), seed_of("sd-seed1")), (0, 1));

    // Each replicate's tables hold the same 10 networks, trained apart.
    let replicates = store.seed_tables().unwrap();
    assert_eq!(replicates.len(), 2);
    let (a, b) = (&replicates[0].val, &replicates[1].val);
    assert_eq!(a.networks().len(), 10);
    assert_eq!(b.networks().len(), 10);
    assert_ne!(a.networks()[0].losses, b.networks()[0].losses);
    // The first replicate's tables are the store's plain ones.
    assert_eq!(
        store.loss_table(Split::Val).unwrap().networks(),
        a.networks()
    );

    let budgets = budget_range(1.0, 3.0, 1.0).unwrap();
    let sweep = SweepConfig::default().with_budgets(budgets.clone());
    let report = Report::compute_seeds("seeds", &replicates, &sweep).unwrap();
    let spread = report.seeds.as_ref().expect("two complete replicates");
    assert_eq!(spread.seeds, 2);

    // A loss interval by hand: mean ± t(0.975, 1) · |x - y| / 2.
    let net = &a.networks()[0];
    let column = (0..3).find(|c| net.loss(*c).is_some()).unwrap();
    let (x, y) = (
        net.loss(column).unwrap(),
        b.find(net.tasks, net.cost).unwrap().loss(column).unwrap(),
    );
    let row = &spread.losses[0];
    assert_eq!((row.split, row.loss.seeds), (Split::Val, 2));
    assert!((row.loss.mean - (x + y) / 2.0).abs() < 1e-12);
    let half = student_t_critical(0.05, 1.0) * (x - y).abs() / 2.0;
    assert!((row.loss.half_width() - half).abs() < 1e-9 * half.max(1.0));

    // The curves: each method's total across seeds, and its gap to the
    // optimal choice seed by seed.
    let first = Report::compute_seeds("seeds", &replicates[..1], &sweep).unwrap();
    assert!(first.seeds.is_none(), "one replicate has no interval");
    let second = Report::compute_seeds("seeds", &replicates[1..], &sweep).unwrap();
    let at = |r: &Report, m: Method, budget: f64| {
        r.curves
            .curve(m)
            .unwrap()
            .iter()
            .find(|p| p.budget == budget)
            .unwrap()
            .test_total
            .unwrap()
    };
    for budget in &budgets {
        let optimal = spread
            .curve(Method::Optimal)
            .into_iter()
            .find(|c| c.budget == *budget)
            .unwrap();
        let values = [
            at(&first, Method::Optimal, *budget),
            at(&second, Method::Optimal, *budget),
        ];
        assert_eq!(Some(optimal.total), Interval::of(&values));
        let all = spread
            .curve(Method::AllInOne)
            .into_iter()
            .find(|c| c.budget == *budget)
            .unwrap();
        let gaps = [
            at(&first, Method::AllInOne, *budget) - values[0],
            at(&second, Method::AllInOne, *budget) - values[1],
        ];
        assert_eq!(all.gap, Interval::of(&gaps));
        // Optimal is scored on test but chosen on val: the gap may be negative.
        assert!(optimal.gap.is_none());
    }
    assert_eq!(spread.selections.len(), budgets.len());
    for s in &spread.selections {
        assert_eq!(s.seeds, 2);
        assert_eq!(s.distinct, 1 + s.changed, "{s:?}");
    }
    let affinity = spread.affinity.as_ref().expect("every pair was trained");
    assert_eq!(affinity.tasks.len(), 3);
    assert!(affinity.values[0][0].is_none() && affinity.values[0][1].is_some());

    // The figures show the intervals; the folder holds their tables.
    let svg = report.curves_figure().to_svg().unwrap().0;
    assert!(svg.contains("95% interval, 2 seeds"), "the title says so");
    let heat = report.affinity_figure().unwrap();
    assert!(heat.intervals.is_some());
    assert!(heat.to_svg().unwrap().0.contains("±"));
    let out = dir.path().join("report");
    let summary = std::fs::read_to_string(report.write(&out).unwrap()).unwrap();
    assert!(summary.contains("## Across 2 seeds"), "{summary}");
    assert!(summary.contains("The optimal selection differs between seeds at"));
    for stem in [
        "seeds_losses",
        "seeds_affinity",
        "seeds_curves",
        "seeds_selections",
    ] {
        assert!(out.join(format!("tables/{stem}.csv")).exists(), "{stem}");
    }
    let curves = std::fs::read_to_string(out.join("tables/seeds_curves.csv")).unwrap();
    assert!(
        curves.starts_with("method,budget,seeds,mean,low,high,gap_seeds"),
        "{curves}"
    );

    // The estimator comparison, seed by seed: each replicate's choices
    // scored against its own optimal choice, then across the seeds.
    let random = RandomConfig::default().with_samples(200);
    let comparisons = Comparison::of_store_seeds(&store, None, &budgets, random.clone()).unwrap();
    assert_eq!(comparisons.len(), 2);
    for (r, c) in (0u32..).zip(&comparisons) {
        let alone =
            Comparison::of_store(&store.replicate(r), None, &budgets, random.clone()).unwrap();
        assert_eq!(c, &alone, "replicate {r}");
    }
    assert_ne!(comparisons[0].rows, comparisons[1].rows);
    let regrets = RegretSpread::compute(&comparisons).unwrap();
    assert!(regrets.cells.len() >= 5 * budgets.len(), "{regrets:?}");
    for cell in &regrets.cells {
        let values: Vec<f64> = comparisons
            .iter()
            .map(|c| {
                c.rows
                    .iter()
                    .find(|r| r.estimator == cell.estimator && r.budget == cell.budget)
                    .unwrap()
                    .regret
                    .unwrap()
            })
            .collect();
        assert_eq!(Some(cell.regret), Interval::of(&values), "{cell:?}");
        assert!(values.iter().all(|v| *v >= -1e-12), "{cell:?}");
        if cell.estimator == Estimator::Optimal {
            assert_eq!(cell.regret.half_width(), 0.0);
        }
    }
    let svg = PerformanceCurves::regret_across(&regrets)
        .to_svg()
        .unwrap()
        .0;
    assert!(svg.contains("95% interval, 2 seeds"));
    let compared = report.clone().with_comparisons(comparisons).unwrap();
    assert_eq!(compared.comparison_seeds.as_ref(), Some(&regrets));
    let out = dir.path().join("report-compared");
    let summary = std::fs::read_to_string(compared.write(&out).unwrap()).unwrap();
    assert!(summary.contains("Across its 2 seeds"), "{summary}");
    let frame = std::fs::read_to_string(out.join("tables/seeds_regret.csv")).unwrap();
    assert!(
        frame.starts_with("method,budget,changed,regret_seeds,regret_mean"),
        "{frame}"
    );
    let cli = run({
        let mut c = Command::new(env!("CARGO_BIN_EXE_taskgroup-torch"));
        c.args(["compare", "--json", "--study"]).arg(&store_dir);
        c
    });
    let json: serde_json::Value = serde_json::from_str(&ok(&cli)).unwrap();
    assert_eq!(json["seeds"]["seeds"], 2);
    assert_eq!(json["seeds"]["rows"][0]["method"], "optimal");
    assert_eq!(json["seeds"]["rows"][0]["regret"]["mean"], 0.0);

    // The CLI report of the store carries them too.
    let cli = run({
        let mut c = Command::new(env!("CARGO_BIN_EXE_taskgroup-torch"));
        c.args(["report", "--store"])
            .arg(&store_dir)
            .arg("--out")
            .arg(dir.path().join("cli-report"));
        c
    });
    ok(&cli);
    let text = std::fs::read_to_string(dir.path().join("cli-report/summary.md")).unwrap();
    assert!(text.contains("## Across 2 seeds"), "{text}");
}

#[test]
fn seed_options_that_cannot_be_trained_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = study_support::dataset(dir.path());
    let store = dir.path().join("store");
    for (extra, says) in [
        (vec!["--seeds", "0"], "seeds 0"),
        (
            vec!["--seeds", "2", "--only", "sd-seed2"],
            "network sd-seed2 is seed replicate 2 of a study of 2 seed(s)",
        ),
        (
            vec!["--only", "sd-seed01"],
            "unknown network id \"sd-seed01\"",
        ),
    ] {
        let out = run(study(&manifest, &store, &extra));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{extra:?} was accepted");
        assert!(stderr.contains(says), "{extra:?}: {stderr}");
    }
}
