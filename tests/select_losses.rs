//! Bring your own losses: `taskgroup select --losses` and `taskgroup report
//! --losses` on a long loss file (CSV or parquet), against the paper-TSV path
//! on the same numbers (setting 1, fixtures from `../shared/fixtures/paper`,
//! see `tests/fixtures/paper/README.md`), and the errors of bad files.

mod common;

use common::paper;
use common::process::stdout_of as ok;
use polars::prelude::DataFrame;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use taskgroup::analysis::export::{write_csv, write_parquet};
use taskgroup::losses::Split;
use taskgroup::select::LossTable;

const COLUMNS: [&str; 5] = ["s", "d", "n", "k", "t"];

fn fixture(file: &str) -> PathBuf {
    paper::dir().join("setting1").join(file)
}

/// Setting 1's val, test and esa tables as one long frame.
fn long_frame() -> DataFrame {
    let mut frame = DataFrame::empty();
    for (split, file) in [
        (Split::Val, "val.tsv"),
        (Split::Test, "test.tsv"),
        (Split::Esa, "esa.tsv"),
    ] {
        let table = LossTable::read_paper_tsv(fixture(file), &COLUMNS).unwrap();
        let part = table.to_frame(split);
        if frame.width() == 0 {
            frame = part;
        } else {
            frame.vstack_mut(&part).unwrap();
        }
    }
    frame
}

fn taskgroup(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taskgroup-torch"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_long_file_selects_like_the_paper_tables() {
    let dir = tempfile::tempdir().unwrap();
    let frame = long_frame();
    let csv = dir.path().join("losses.csv");
    let parquet = dir.path().join("losses.parquet");
    write_csv(&frame, &csv).unwrap();
    write_parquet(&frame, &parquet).unwrap();

    let (val, test, esa) = (fixture("val.tsv"), fixture("test.tsv"), fixture("esa.tsv"));
    let tsv = ok(taskgroup(&[
        "select",
        "--val",
        path(&val),
        "--test",
        path(&test),
        "--esa",
        path(&esa),
        "--columns",
        "s,d,n,k,t",
        "--samples",
        "2000",
        "--json",
    ]));
    for file in [&csv, &parquet] {
        let long = ok(taskgroup(&[
            "select",
            "--losses",
            path(file),
            "--samples",
            "2000",
            "--json",
        ]));
        assert_eq!(long, tsv, "{}", file.display());
    }
    // The published optimal curve, from the CSV alone (expected.json).
    let json: serde_json::Value = serde_json::from_str(&tsv).unwrap();
    let want = paper::setting(1).curve("optimal");
    let got: Vec<Option<f64>> = json["curves"]["optimal"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["test_total"].as_f64())
        .collect();
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert!(
            (g.unwrap() - w.unwrap()).abs() < 5e-6,
            "{got:?} vs {want:?}"
        );
    }

    // Scored on another split: the header says which.
    let text = ok(taskgroup(&[
        "select",
        "--losses",
        path(&csv),
        "--method",
        "optimal",
        "--score-split",
        "esa",
    ]));
    assert!(
        text.contains("(split val)") && text.contains("Scored on"),
        "{text}"
    );
    assert!(text.contains("(split esa)"), "{text}");
}

#[test]
fn the_readme_example_file_runs() {
    // Two tasks with integer costs, as a hand-written CSV would have them.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("mine.csv");
    std::fs::write(
        &csv,
        "network,cost,task,split,loss,estimated\n\
         a,1,a,val,0.40,false\n\
         b,1,b,val,0.30,false\n\
         a+b,1,a,val,0.35,false\n\
         a+b,1,b,val,0.32,false\n",
    )
    .unwrap();
    let out = ok(taskgroup(&[
        "select",
        "--losses",
        path(&csv),
        "--method",
        "optimal",
        "--budgets",
        "1:2:1",
        "--json",
    ]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let curve = json["curves"]["optimal"].as_array().unwrap();
    // Budget 1: the pair network (0.35 + 0.32); budget 2: the pair serving
    // a and the single b (0.35 + 0.30), better than either alone.
    assert!((curve[0]["search_total"].as_f64().unwrap() - 0.67).abs() < 1e-12);
    assert!((curve[1]["search_total"].as_f64().unwrap() - 0.65).abs() < 1e-12);
}

#[test]
fn bad_files_name_the_file_and_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let header = "network,cost,task,split,loss,estimated\n";
    let cases = [
        (
            write(
                "text.csv",
                &format!("{header}a,1,a,val,0.4,false\na,1,a,test,abc,false\n"),
            ),
            vec!["text.csv", "row 2", "loss", "abc"],
        ),
        (
            write("negative.csv", &format!("{header}a,1,a,val,-0.4,false\n")),
            vec!["negative.csv", "row 1"],
        ),
        (
            write(
                "nosplit.csv",
                "network,cost,task,loss,estimated\na,1,a,0.4,false\n",
            ),
            vec!["nosplit.csv", "split"],
        ),
        (
            write(
                "badsplit.csv",
                &format!("{header}a,1,a,validation,0.4,false\n"),
            ),
            vec!["badsplit.csv", "validation"],
        ),
        (
            write("losses.txt", header),
            vec!["losses.txt", ".csv or .parquet"],
        ),
        (dir.path().join("absent.csv"), vec!["absent.csv"]),
    ];
    for (file, needles) in cases {
        let out = taskgroup(&["select", "--losses", path(&file)]);
        assert!(!out.status.success(), "{}", file.display());
        let err = String::from_utf8_lossy(&out.stderr);
        for needle in needles {
            assert!(err.contains(needle), "{needle:?} missing from: {err}");
        }
    }
    // --losses and --val exclude each other; --split needs --losses.
    let out = taskgroup(&["select", "--val", "x.tsv", "--split", "test"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn report_writes_the_demo_folder_from_a_long_file() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("setting1.csv");
    write_csv(&long_frame(), &csv).unwrap();
    let out = dir.path().join("report");
    let text = ok(taskgroup(&[
        "report",
        "--losses",
        path(&csv),
        "--out",
        path(&out),
        "--samples",
        "500",
    ]));
    assert!(text.contains("summary.md"), "{text}");
    for file in [
        "summary.md",
        "figures/curves.svg",
        "figures/curves.png",
        "figures/groupings.svg",
        "figures/affinity.svg",
        "tables/selections.csv",
        "tables/losses.parquet",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(summary.contains("setting1"), "{summary}");
    assert!(
        summary.contains("0.4348"),
        "the optimal total at budget 5: {summary}"
    );
    // Without --losses, report is a usage error.
    assert_eq!(
        taskgroup(&["report", "--out", path(&out)]).status.code(),
        Some(2)
    );
}
