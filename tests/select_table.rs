//! Loss tables: every malformed input is rejected naming its row and column;
//! the long format and the polars long loss frame round-trip; scoring names a
//! network the scoring table lacks.

mod common;

use common::paper;
use taskgroup::losses::{NetSize, Split};
use taskgroup::prelude::polars::prelude::*;
use taskgroup::select::{
    ColumnSet, LossRow, LossTable, Method, SelectError, SweepConfig, TableError, Tables,
};

const COLS: [&str; 3] = ["s", "d", "n"];

fn tsv(text: &str) -> Result<LossTable, TableError> {
    LossTable::from_paper_tsv(text, &COLS)
}

#[test]
fn malformed_tsv_is_rejected_with_row_and_column() {
    let ok = "0.1\t0.2\t0.3\n0.4\t0.5\t\n";
    assert_eq!(tsv(ok).unwrap().networks().len(), 4);
    // Ragged row: row 2 has two cells.
    assert!(matches!(
        tsv("0.1\t0.2\t0.3\n0.4\t0.5\n"),
        Err(TableError::Ragged {
            row: 2,
            found: 2,
            expected: 3
        })
    ));
    // A blank line inside the table is a ragged row too.
    assert!(matches!(
        tsv("0.1\t0.2\t0.3\n\n0.4\t0.5\t\n"),
        Err(TableError::Ragged {
            row: 2,
            found: 1,
            ..
        })
    ));
    // Not a number: row 2, column d.
    match tsv("0.1\t0.2\t0.3\n0.4\tabc\t\n") {
        Err(TableError::NotANumber {
            row: 2,
            column,
            text,
        }) => assert_eq!((column.as_str(), text.as_str()), ("d", "abc")),
        other => panic!("{other:?}"),
    }
    // Negative, NaN and infinite losses.
    for (bad, col) in [
        ("-0.1\t0.2\t0.3\n", "s"),
        ("0.1\tNaN\t0.3\n", "d"),
        ("0.1\t0.2\tinf\n", "n"),
    ] {
        match tsv(bad) {
            Err(TableError::BadLoss { row: 1, column, .. }) => assert_eq!(column, col),
            other => panic!("{bad:?}: {other:?}"),
        }
    }
    // A row with no task.
    assert!(matches!(
        tsv("0.1\t0.2\t0.3\n\t\t\n"),
        Err(TableError::EmptyRow { row: 2 })
    ));
    // The same network twice with different losses (rows 2 and 3); identical repeats merge.
    match tsv("0.1\t0.2\t0.3\n0.4\t0.5\t\n0.4\t0.6\t\n") {
        Err(TableError::DuplicateNetwork {
            row: 3,
            first_row: 2,
            network,
            ..
        }) => assert_eq!(network, "s+d"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        tsv("0.1\t0.2\t0.3\n0.4\t0.5\t\n0.4\t0.5\t\n")
            .unwrap()
            .networks()
            .len(),
        4
    );
    // Empty input, bad column lists, and a missing file.
    assert!(matches!(tsv("\n\n"), Err(TableError::NoRows)));
    assert!(matches!(
        LossTable::from_paper_tsv(ok, &["s", "s", "n"]),
        Err(TableError::DuplicateColumn { .. })
    ));
    assert!(matches!(
        LossTable::from_paper_tsv(ok, &[]),
        Err(TableError::NoColumns)
    ));
    let many: Vec<String> = (0..65).map(|i| format!("c{i}")).collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    assert!(matches!(
        LossTable::from_paper_tsv(ok, &refs),
        Err(TableError::TooManyColumns { found: 65 })
    ));
    assert!(matches!(
        LossTable::read_paper_tsv("/nonexistent/val.tsv", &COLS),
        Err(TableError::Io(_))
    ));
    // Error messages name the place.
    let msg = tsv("0.1\t0.2\t0.3\n0.4\tabc\t\n").unwrap_err().to_string();
    assert!(
        msg.contains("row 2") && msg.contains("column d") && msg.contains("abc"),
        "{msg}"
    );
}

#[test]
fn malformed_long_rows_are_rejected() {
    let long = |rows: &[LossRow]| LossTable::from_long(&COLS, rows);
    assert!(long(&[
        LossRow::measured("s+d", 1.0, "s", 0.1),
        LossRow::measured("s+d", 1.0, "d", 0.2)
    ])
    .is_ok());
    assert!(matches!(
        long(&[LossRow::measured("s+x", 1.0, "s", 0.1)]),
        Err(TableError::UnknownColumn { row: 1, .. })
    ));
    assert!(matches!(
        long(&[LossRow::measured("s", 1.0, "x", 0.1)]),
        Err(TableError::UnknownColumn { row: 1, .. })
    ));
    assert!(matches!(
        long(&[LossRow::measured("s+s", 1.0, "s", 0.1)]),
        Err(TableError::RepeatedTask { row: 1, .. })
    ));
    assert!(matches!(
        long(&[
            LossRow::measured("s", 1.0, "s", 0.1),
            LossRow::measured("s", 1.0, "d", 0.1)
        ]),
        Err(TableError::TaskNotCarried { row: 2, .. })
    ));
    assert!(matches!(
        long(&[LossRow::measured("s", 0.0, "s", 0.1)]),
        Err(TableError::BadCost { row: 1, .. })
    ));
    assert!(matches!(
        long(&[LossRow::measured("s", f64::NAN, "s", 0.1)]),
        Err(TableError::BadCost { row: 1, .. })
    ));
    assert!(matches!(
        long(&[LossRow::measured("s", 1.0, "s", -0.1)]),
        Err(TableError::BadLoss { row: 1, .. })
    ));
    assert!(matches!(
        long(&[LossRow::measured("s", 1.0, "s", f64::NAN)]),
        Err(TableError::BadLoss { row: 1, .. })
    ));
    match long(&[LossRow::measured("s+d", 1.0, "s", 0.1)]) {
        Err(TableError::MissingLoss { network, task, .. }) => {
            assert_eq!((network.as_str(), task.as_str()), ("s+d", "d"))
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        long(&[
            LossRow::measured("s", 1.0, "s", 0.1),
            LossRow::measured("d", 1.0, "d", 0.1),
            LossRow::measured("s", 1.0, "s", 0.2)
        ]),
        Err(TableError::DuplicateNetwork {
            row: 3,
            first_row: 1,
            ..
        })
    ));
    assert!(matches!(long(&[]), Err(TableError::NoRows)));
}

#[test]
fn loss_frame_round_trips_and_rejects_bad_frames() {
    let s = paper::setting(1);
    let names: Vec<&str> = s.columns.iter().map(String::as_str).collect();
    // Two splits in one frame: each comes back with the same columns, in column order.
    let mut frame = s.val.to_frame(Split::Val);
    frame.vstack_mut(&s.test.to_frame(Split::Test)).unwrap();
    assert_eq!(frame.height(), 2 * (5 + 80));
    assert_eq!(
        frame
            .get_column_names()
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>(),
        vec!["network", "cost", "task", "split", "loss", "estimated"]
    );
    let val = LossTable::from_frame(&frame, Split::Val).unwrap();
    assert_eq!(val, s.val);
    assert_eq!(LossTable::from_frame(&frame, Split::Test).unwrap(), s.test);
    assert_eq!(val.columns(), names.as_slice());
    assert!(matches!(
        LossTable::from_frame(&frame, Split::Esa),
        Err(TableError::NoRows)
    ));
    // HOA-estimated losses keep their flag through the frame.
    let hoa = s.val.hoa().unwrap();
    assert_eq!(
        LossTable::from_frame(&hoa.to_frame(Split::Val), Split::Val).unwrap(),
        hoa
    );
    // A missing column, a wrong type and a null are named.
    let no_loss = frame.drop("loss").unwrap();
    assert!(
        matches!(LossTable::from_frame(&no_loss, Split::Val), Err(TableError::Frame { detail }) if detail.contains("loss"))
    );
    let mut bad_type = frame.clone();
    bad_type
        .replace(
            "cost",
            Column::new("cost".into(), vec!["1"; frame.height()]),
        )
        .unwrap();
    assert!(
        matches!(LossTable::from_frame(&bad_type, Split::Val), Err(TableError::Frame { detail }) if detail.contains("cost"))
    );
    let mut nulls = frame.clone();
    let mut loss: Vec<Option<f64>> = frame
        .column("loss")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect();
    loss[3] = None;
    nulls
        .replace("loss", Column::new("loss".into(), loss))
        .unwrap();
    assert!(matches!(
        LossTable::from_frame(&nulls, Split::Val),
        Err(TableError::FrameNull { row: 4, .. })
    ));
}

#[test]
fn scoring_names_a_network_the_scoring_table_lacks() {
    // Setting 4's early-stopped table lacks the pair network c1+c2 (see the fixtures' README).
    let s = paper::setting(4);
    assert!(s.esa.find(ColumnSet::from_bits(0b110), 1.0).is_none());
    assert_eq!(s.esa.networks().len(), 35);
    assert!(s
        .val
        .find(ColumnSet::single(0), NetSize::Half.cost())
        .is_some());
    // Choose on a table holding c1+c2 alone for columns 1 and 2 and score on esa.
    let rows: Vec<LossRow> = s
        .val
        .to_long()
        .into_iter()
        .filter(|r| r.network == "c1+c2" || !(r.network.contains("c1") || r.network.contains("c2")))
        .collect();
    let names: Vec<&str> = s.columns.iter().map(String::as_str).collect();
    let only = LossTable::from_long(&names, &rows).unwrap();
    let tables = Tables {
        val: &only,
        test: Some(&s.esa),
        esa: None,
        baselines: &[],
    };
    let err = taskgroup::select::sweep(
        &tables,
        &SweepConfig::default().with_methods(vec![Method::Optimal]),
    )
    .unwrap_err();
    assert!(matches!(err, SelectError::Eval { .. }), "{err}");
    assert!(err.to_string().contains("c1+c2"), "{err}");
    // esa without an early-stopped table is an error naming it.
    let tables = Tables {
        val: &s.val,
        test: None,
        esa: None,
        baselines: &[],
    };
    let err = taskgroup::select::sweep(
        &tables,
        &SweepConfig::default().with_methods(vec![Method::Esa]),
    )
    .unwrap_err();
    assert!(err.to_string().contains("esa"), "{err}");
}

#[test]
fn curves_convert_to_one_row_per_method_and_budget() {
    let s = paper::setting(1);
    let tables = Tables {
        val: &s.val,
        test: Some(&s.test),
        esa: Some(&s.esa),
        baselines: &[],
    };
    let config = SweepConfig::default().with_methods(vec![
        Method::Optimal,
        Method::Hoa,
        Method::Independent,
    ]);
    let curves = taskgroup::select::sweep(&tables, &config).unwrap();
    let frame = curves.to_frame();
    assert_eq!(frame.height(), 3 * 9);
    let names: Vec<&str> = frame
        .get_column_names()
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(
        names,
        vec![
            "method",
            "budget",
            "networks",
            "n_networks",
            "search_total",
            "test_total"
        ]
    );
    // Row 0: optimal at budget 1, the all-task network, test total 0.50278 (expected.json).
    let networks = frame
        .column("networks")
        .unwrap()
        .str()
        .unwrap()
        .get(0)
        .unwrap()
        .to_string();
    assert_eq!(networks, "s+d+n+k+t");
    let test_total = frame
        .column("test_total")
        .unwrap()
        .f64()
        .unwrap()
        .get(0)
        .unwrap();
    assert!((test_total - 0.50278).abs() < 1e-9);
    // Independent below 2.5 has no networks and null totals.
    let independent = 2 * 9;
    assert_eq!(
        frame
            .column("n_networks")
            .unwrap()
            .u32()
            .unwrap()
            .get(independent),
        Some(0)
    );
    assert_eq!(
        frame
            .column("test_total")
            .unwrap()
            .f64()
            .unwrap()
            .get(independent),
        None
    );
    // HOA picks carry the estimated mark where a 3+-task network is chosen.
    let hoa: Vec<String> = (9..18)
        .map(|i| {
            frame
                .column("networks")
                .unwrap()
                .str()
                .unwrap()
                .get(i)
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(hoa.iter().any(|n| n.contains('*')), "{hoa:?}");
}
