//! The estimator comparison end to end on a tiny synthetic study: every
//! subset of three tasks trained (the ground truth), one all-task run
//! measuring TAG's lookahead and the gradient cosine (`taskgroup
//! affinity`), then `taskgroup compare`: the optimal choice has no regret,
//! no estimator choosing among the study's networks has a negative one, the
//! one-run estimators are scored with their cost, and the frames and
//! figures are written.
#![cfg(feature = "torch")]

mod study_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use study_support::ok;
use taskgroup::compare::{Comparison, Estimator, ScoreSource};
use taskgroup::estimate::OneRunAffinity;
use taskgroup::select::RandomConfig;
use taskgroup::study::Store;

fn torch(args: &[&str], paths: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_taskgroup-torch"));
    cmd.args(args);
    for (flag, path) in paths {
        cmd.arg(flag).arg(path);
    }
    cmd.output().unwrap()
}

/// Trains the tiny study on `tasks` into `store` (`--only` if given) and
/// the affinity run on `affinity_tasks` into `affinity`, `epochs` each.
fn train(dir: &Path, only: Option<&str>, affinity_tasks: &str, epochs: &str) -> (PathBuf, PathBuf) {
    let manifest = study_support::dataset(dir);
    let (store, affinity) = (dir.join("store"), dir.join("affinity"));
    let mut study = vec!["study"];
    study.extend(study_support::TINY_STUDY);
    study.extend(["--max-epochs", epochs, "--lines"]);
    if let Some(only) = only {
        study.extend(["--only", only]);
    }
    ok(&torch(
        &study,
        &[("--data", &manifest), ("--store", &store)],
    ));
    let mut run = vec!["affinity", "--tasks", affinity_tasks];
    run.extend(study_support::tiny_without_tasks());
    run.extend(["--max-epochs", epochs, "--every", "2", "--json"]);
    ok(&torch(&run, &[("--data", &manifest), ("--out", &affinity)]));
    (store, affinity)
}

#[test]
fn every_estimator_is_scored_against_the_full_study() {
    let dir = tempfile::tempdir().unwrap();
    let (store, affinity) = train(dir.path(), None, "sdn", "2");

    let out = dir.path().join("compare");
    let json: serde_json::Value = serde_json::from_str(&ok(&torch(
        &["compare", "--json", "--samples", "500"],
        &[
            ("--study", &store),
            ("--affinity", &affinity),
            ("--out", &out),
        ],
    )))
    .unwrap();
    let rows = json["rows"].as_array().unwrap();
    let budgets = ["1", "1.5", "2", "2.5", "3"].len();
    let of = |method: &str| -> Vec<&serde_json::Value> {
        rows.iter().filter(|r| r["method"] == method).collect()
    };
    for method in [
        "optimal",
        "optimal_val",
        "esa",
        "hoa",
        "tag_groups",
        "tag_budget",
        "cosine_groups",
        "all_in_one",
        "independent",
        "random",
    ] {
        let mine = of(method);
        assert_eq!(mine.len(), budgets, "{method}");
        for row in mine {
            for key in ["budget", "networks", "test_total", "regret"] {
                assert!(row.get(key).is_some(), "{method} has {key}");
            }
            if let Some(regret) = row["regret"].as_f64() {
                assert!(regret >= -1e-12, "{method}: {row}");
                if method == "optimal" {
                    assert_eq!(regret, 0.0);
                }
            }
        }
    }
    // Every budget from 1 on has an optimal choice, and TAG's group rule
    // deploys floor(budget) full-size networks at most.
    for row in of("optimal") {
        assert!(row["test_total"].as_f64().unwrap() > 0.0);
    }
    for row in of("tag_groups") {
        let b = row["budget"].as_f64().unwrap();
        let n = row["networks"].as_array().unwrap().len() as f64;
        assert!(n >= 1.0 && n <= b.floor(), "{row}");
    }
    // The costs come from the records and the run.
    let cost = |method: &str| of(method)[0]["cost"].clone();
    assert_eq!(cost("optimal")["networks"], 10);
    assert_eq!(cost("hoa")["networks"], 3 + 3 + 3);
    assert_eq!(cost("tag_groups")["networks"], 1);
    assert_eq!(cost("tag_budget")["networks"], 1 + 6);
    assert_eq!(cost("random")["networks"], 0);
    for file in [
        "comparison.csv",
        "comparison.parquet",
        "agreement.csv",
        "regret.svg",
        "regret_cost.png",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }

    // The library gives the same rows, and the agreements of all four
    // score sources.
    let comparison = Comparison::of_store(
        &Store::open(&store).unwrap(),
        Some(&OneRunAffinity::load(&affinity).unwrap()),
        &[1.0, 1.5, 2.0, 2.5, 3.0],
        RandomConfig::default().with_samples(500),
    )
    .unwrap();
    assert_eq!(comparison.rows.len(), rows.len());
    let optimal = comparison.rows_of(Estimator::Optimal);
    assert!(optimal.iter().all(|r| r.regret == Some(0.0)));
    let sources: Vec<ScoreSource> = comparison.agreement.iter().map(|a| a.source).collect();
    for s in [ScoreSource::Tag, ScoreSource::Cosine] {
        assert!(sources.contains(&s), "{sources:?}");
    }
    for a in &comparison.agreement {
        assert_eq!(a.pearson.n, 6, "three tasks: six ordered pairs");
        assert!((-1.0..=1.0).contains(&a.spearman.r));
    }
    let text = comparison.regret_table();
    assert!(text.contains("tag_budget"), "{text}");
    // The text output of the command line is that table.
    let printed = ok(&torch(
        &["compare", "--samples", "500"],
        &[("--study", &store), ("--affinity", &affinity)],
    ));
    assert!(
        printed.contains("Regret: total test loss above"),
        "{printed}"
    );
}

#[test]
fn an_affinity_run_over_other_tasks_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (store, affinity) = train(dir.path(), Some("s,d,n"), "sd", "1");
    let out = torch(
        &["compare"],
        &[("--study", &store), ("--affinity", &affinity)],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the affinities are over tasks sd, the study over sdn"),
        "{err}"
    );
}
