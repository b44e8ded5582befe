//! `taskgroup select` end to end on the paper's setting 1 (fixtures copied
//! from `../shared/fixtures/paper`, see `tests/fixtures/paper/README.md`).

mod common;

use common::paper;
use std::process::Command;

fn select(args: &[&str]) -> std::process::Output {
    let dir = paper::dir().join("setting1");
    let path = |f: &str| dir.join(f).to_string_lossy().into_owned();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_taskgroup-torch"));
    cmd.arg("select").args(["--val", &path("val.tsv")]);
    for a in args {
        // `@x` names a fixture file of setting 1.
        match a.strip_prefix('@') {
            Some(f) => cmd.arg(path(f)),
            None => cmd.arg(a),
        };
    }
    cmd.output().expect("the binary runs")
}

#[test]
fn json_gives_the_published_curves() {
    let out = select(&[
        "--test",
        "@test.tsv",
        "--esa",
        "@esa.tsv",
        "--method",
        "all",
        "--samples",
        "2000",
        "--columns",
        "s,d,n,k,t",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(
        json["columns"],
        serde_json::json!(["s", "d", "n", "k", "t"])
    );
    let expected = &paper::expected()["settings"]["setting1"];
    for method in ["optimal", "esa", "hoa"] {
        let points = json["curves"][method].as_array().expect("a curve");
        assert_eq!(points.len(), 9);
        for (p, want) in points
            .iter()
            .zip(expected[method].as_array().expect("published"))
        {
            let (got, want) = (
                p["test_total"].as_f64().expect("scored on test"),
                want.as_f64().expect("a number"),
            );
            assert!(
                (got - want).abs() <= 1e-6,
                "{method} at {}: {got} vs {want}",
                p["budget"]
            );
            assert!(p["search_total"].as_f64().is_some());
            for n in p["networks"].as_array().expect("networks") {
                assert!(
                    n["tasks"].as_array().is_some_and(|t| !t.is_empty())
                        && n["cost"].is_f64()
                        && n["estimated"].is_boolean()
                );
            }
        }
    }
    // Budget 1: the all-task network, as [s, d, n, k, t] at cost 1.
    assert_eq!(
        json["curves"]["optimal"][0]["networks"],
        serde_json::json!([{"tasks": ["s", "d", "n", "k", "t"], "cost": 1.0, "estimated": false}])
    );
    for method in ["random", "worst", "independent", "all_in_one"] {
        assert!(json["curves"][method].is_array(), "{method}");
    }
}

#[test]
fn without_test_the_search_table_scores_itself_and_columns_default() {
    let out = select(&["--method", "optimal", "--budgets", "1:2:0.5", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(
        json["columns"],
        serde_json::json!(["c0", "c1", "c2", "c3", "c4"])
    );
    let points = json["curves"]["optimal"].as_array().expect("a curve");
    assert_eq!(
        points
            .iter()
            .map(|p| p["budget"].as_f64().unwrap())
            .collect::<Vec<_>>(),
        vec![1.0, 1.5, 2.0]
    );
    assert!(points
        .iter()
        .all(|p| p["test_total"].is_null() && p["search_total"].is_f64()));
    // Budget 1 on validation: the all-task network's validation losses (val.tsv, last row), summed.
    let want = 0.07854 + 0.1864 + 0.1 + 0.09814 + 0.04453;
    assert!((points[0]["search_total"].as_f64().unwrap() - want).abs() < 1e-9);
}

#[test]
fn human_output_is_a_table_and_errors_name_the_problem() {
    let out = select(&[
        "--test",
        "@test.tsv",
        "--method",
        "optimal",
        "--columns",
        "s,d,n,k,t",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.contains("budget") && text.contains("optimal") && text.contains("0.502780"),
        "{text}"
    );
    assert!(text.contains("s+d+n+k+t"), "{text}");
    let bad = select(&["--method", "esa"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("esa"));
    let bad = select(&["--budgets", "1:5"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("start:end:step"));
}

#[test]
fn binary_input_is_named_not_echoed() {
    // Issue 11: a binary file echoed its raw bytes or thousands of escaped
    // NULs into the error.
    let dir = tempfile::tempdir().unwrap();
    let blob = dir.path().join("blob");
    let mut bytes = b"a\tb\n".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 5000));
    bytes.extend(b"\t1\n");
    std::fs::write(&blob, &bytes).unwrap();
    let csv = dir.path().join("blob.csv");
    let mut text = b"network,cost,task,split,loss,estimated\na,1,a,val,".to_vec();
    text.extend(std::iter::repeat_n(0u8, 5000));
    text.extend(b",false\n");
    std::fs::write(&csv, &text).unwrap();
    let blob_arg = blob.to_string_lossy().into_owned();
    let csv_arg = csv.to_string_lossy().into_owned();
    for out in [
        select(&["--test", &blob_arg, "--columns", "s,d,n,k,t"]),
        Command::new(env!("CARGO_BIN_EXE_taskgroup-torch"))
            .args(["select", "--losses", &csv_arg])
            .output()
            .unwrap(),
    ] {
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.len() < 600, "{} bytes of error: {err}", err.len());
        assert!(
            !err.contains('\0') && err.matches("\\0").count() < 5,
            "{err}"
        );
    }
}
