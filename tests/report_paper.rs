//! A report folder from the paper's setting-1 tables (tests/fixtures/paper,
//! copied from the paper's release): every file is written and the summary
//! carries the computed optimal curve.

mod common;

use taskgroup::report::{Report, ReportInputs};
use taskgroup::select::{Method, RandomConfig, SweepConfig};

#[test]
fn setting1_report_has_figures_tables_and_published_optimum() {
    let s = common::paper::setting(1);
    let inputs = ReportInputs {
        title: "Setting 1",
        val: &s.val,
        test: Some(&s.test),
        esa: Some(&s.esa),
        history: None,
        baselines: &[],
    };
    let config = SweepConfig::default().with_random(RandomConfig::default().with_samples(2000));
    let report = Report::compute(inputs, &config).unwrap();
    // The optimal curve is the published one (expected.json, setting 1).
    let optimal: Vec<f64> = report
        .curves
        .curve(Method::Optimal)
        .unwrap()
        .iter()
        .map(|p| p.test_total.unwrap())
        .collect();
    for (got, want) in optimal.iter().zip(s.curve("optimal")) {
        assert!((got - want.unwrap()).abs() < 1e-6, "{got} vs {want:?}");
    }
    // Affinities exist for a full table: 5 tasks.
    assert_eq!(report.affinity.as_ref().unwrap().tasks.len(), 5);

    let dir = tempfile::tempdir().unwrap();
    let summary = report.write(dir.path()).unwrap();
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.contains("| 1 | 0.50278 |"), "{text}");
    assert!(text.contains("## Task affinity (validation)"));
    for f in ["curves", "groupings", "affinity"] {
        for ext in ["svg", "png"] {
            let p = dir.path().join("figures").join(format!("{f}.{ext}"));
            assert!(
                std::fs::metadata(&p).unwrap().len() > 1000,
                "{}",
                p.display()
            );
        }
    }
    for t in ["selections", "losses", "affinity"] {
        for ext in ["csv", "parquet"] {
            assert!(dir
                .path()
                .join("tables")
                .join(format!("{t}.{ext}"))
                .exists());
        }
    }
    // No training history in a paper report: no training figure.
    assert!(!dir.path().join("figures/training.svg").exists());
}
