//! A study's weighted all-task baselines (`--baselines`) on a tiny
//! synthetic dataset: each is trained with its own weighting beside the
//! study's networks, stays out of the searches' loss tables, and adds its
//! curve to the report's selections and performance-versus-compute figure.
#![cfg(feature = "torch")]

mod study_support;

use std::path::Path;
use std::process::{Command, Output};
use study_support::ok;
use taskgroup::losses::Split;
use taskgroup::plot::Figure;
use taskgroup::report::{Report, ReportInputs};
use taskgroup::select::{budget_range, Method, SweepConfig};
use taskgroup::study::{NetworkSpec, Store};
use taskgroup::train::WeightingKind;

fn study(manifest: &Path, store: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taskgroup-torch"))
        .args(["study", "--data"])
        .arg(manifest)
        .arg("--store")
        .arg(store)
        .args(study_support::TINY_STUDY)
        .args(["--lines", "--max-epochs", "1"])
        .args(extra)
        .output()
        .unwrap()
}

/// The strings of column `name` of `frame`.
fn strings(frame: &polars::prelude::DataFrame, name: &str) -> Vec<String> {
    let column = frame.column(name).unwrap().str().unwrap().clone();
    column.iter().map(|s| s.unwrap().to_string()).collect()
}

#[test]
fn four_weighted_baselines_train_beside_the_study_and_join_its_curves() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = study_support::dataset(dir.path());
    let store_dir = dir.path().join("store");

    // A study without baselines first: they may be added to it later.
    ok(&study(&manifest, &store_dir, &["--only", "s,d"]));
    let text = ok(&study(
        &manifest,
        &store_dir,
        &["--baselines", "gradnorm,mgda,uncertainty,pcgrad"],
    ));
    assert!(text.contains("sdn@mgda"), "{text}");

    let store = Store::open(&store_dir).unwrap();
    let status = store.status().unwrap();
    assert_eq!(status.networks.len(), 10 + 4, "{}", status.summary());
    // Each baseline was trained with its own weighting (its run's settings).
    let all = taskgroup::tasks::TaskSet::from_letters("sdn").unwrap();
    for kind in WeightingKind::BASELINES {
        let spec = NetworkSpec::baseline(all, kind);
        let config: serde_json::Value = serde_json::from_slice(
            &std::fs::read(store.network_dir(spec).join("config.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(config["weighting"]["method"], kind.name(), "{config}");
    }
    // The searches' tables hold the study's own 10 networks only.
    assert_eq!(store.loss_table(Split::Val).unwrap().networks().len(), 10);
    let tables = store.tables().unwrap();
    let kinds: Vec<WeightingKind> = tables.baselines.iter().map(|b| b.weighting).collect();
    assert_eq!(kinds, WeightingKind::BASELINES);
    let names = strings(&tables.history, "network");
    assert!(names.iter().any(|n| n == "s+d+n@pcgrad"));

    let budgets = budget_range(0.5, 2.0, 0.5).unwrap();
    let report = Report::compute(
        ReportInputs::study("baselines", &tables),
        &SweepConfig::default().with_budgets(budgets.clone()),
    )
    .unwrap();
    for baseline in &tables.baselines {
        let method = Method::Weighted(baseline.weighting);
        let points = report.curves.curve(method).unwrap();
        let test = baseline.test.as_ref().unwrap();
        let total: f64 = test.networks()[0].losses.iter().flatten().sum();
        for p in points {
            if p.budget < 1.0 {
                // A full-size network does not fit half a budget.
                assert_eq!(p.test_total, None, "{method} at {}", p.budget);
            } else {
                assert_eq!(p.test_total, Some(total), "{method} at {}", p.budget);
                assert_eq!(p.picks.len(), 1);
            }
        }
    }
    let frame = report.selection_frame();
    let methods = strings(&frame, "method");
    for name in ["gradnorm", "mgda", "uncertainty", "pcgrad"] {
        assert_eq!(methods.iter().filter(|m| *m == name).count(), budgets.len());
    }
    let svg = report.curves_figure().to_svg().unwrap().0;
    for label in ["GradNorm", "MGDA-UB", "Uncertainty", "PCGrad", "All-in-one"] {
        assert!(svg.contains(label), "{label} in the legend");
    }

    // A rerun trains nothing; the CLI report of the store carries the curves.
    let again = ok(&study(
        &manifest,
        &store_dir,
        &["--baselines", "gradnorm,mgda,uncertainty,pcgrad"],
    ));
    assert!(again.contains("0 trained now"), "{again}");
    let out_dir = dir.path().join("report");
    let report_out = Command::new(env!("CARGO_BIN_EXE_taskgroup-torch"))
        .args(["report", "--store"])
        .arg(&store_dir)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    ok(&report_out);
    let csv = std::fs::read_to_string(out_dir.join("tables/selections.csv")).unwrap();
    assert!(csv.lines().any(|l| l.starts_with("mgda,")), "{csv}");
}

#[test]
fn baselines_that_cannot_be_trained_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = study_support::dataset(dir.path());
    let store = dir.path().join("store");
    for (extra, says) in [
        (vec!["--baselines", "sum"], "baseline sum"),
        (vec!["--baselines", "mgda,mgda"], "listed twice"),
        (
            vec!["--weighting", "pcgrad", "--baselines", "pcgrad"],
            "trained with pcgrad",
        ),
        (vec!["--baselines", "sgd"], "unknown weighting \"sgd\""),
        (
            vec!["--baselines", "gradnorm", "--amp"],
            "baseline gradnorm: ",
        ),
    ] {
        let out = study(&manifest, &store, &extra);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{extra:?}");
        assert!(err.contains(says), "{extra:?}: {err}");
    }
    assert!(!store.join("networks").exists(), "nothing was trained");
}
