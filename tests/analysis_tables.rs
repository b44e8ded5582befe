//! Tests of the analysis module: affinities, the average change table,
//! correlations and their special functions, the grouping comparison, and
//! CSV/parquet export.

use polars::prelude::*;
use taskgroup::analysis::{
    export, pearson, AffinityMatrix, AnalysisError, AverageChange, GroupingComparison, SplitLosses,
};
use taskgroup::losses::Split;
use taskgroup::select::Method;
use taskgroup::stats::{ln_gamma, regularized_incomplete_beta, student_t_two_sided};

/// The paper's setting-1 test loss table, copied verbatim from
/// `fixtures/paper/setting1/test.tsv` of the project's shared reference
/// material (the loss tables published with Standley et al., ICML 2020).
/// Columns s d n k t; the first row holds the five half-size single-task
/// networks (cost 0.5), rows 2-6 the full-size singles, rows 7-16 the pairs,
/// then triples, quadruples and the five-task network (cost 1 each).
const SETTING1_TEST: &str = "0.07742\t0.1737\t0.08932\t0.09203\t0.03268
0.07662\t\t\t\t
\t0.1696\t\t\t
\t\t0.08555\t\t
\t\t\t0.08847\t
\t\t\t\t0.0275
0.07419\t0.1831\t\t\t
0.07084\t\t0.0994\t\t
0.07369\t\t\t0.09601\t
0.07504\t\t\t\t0.044
\t0.1694\t0.09249\t\t
\t0.1713\t\t0.08882\t
\t0.1753\t\t\t0.03145
\t\t0.08934\t0.09077\t
\t\t0.09327\t\t0.02865
\t\t\t0.09077\t0.0344
0.07193\t0.17\t0.09544\t\t
0.07311\t0.1785\t\t0.09591\t
0.07617\t0.1865\t\t\t0.04474
0.06933\t\t0.09966\t0.09302\t
0.06859\t\t0.09796\t\t0.03625
0.07323\t\t\t0.09232\t0.03463
\t0.1658\t0.09318\t0.09143\t
\t0.1706\t0.09362\t\t0.03239
\t0.1795\t\t0.08968\t0.02887
\t\t0.09596\t0.08921\t0.02566
0.07338\t0.1826\t0.09836\t0.1003\t
0.07249\t0.1739\t0.09689\t\t0.04441
0.07634\t0.1801\t\t0.09157\t0.04097
0.07111\t\t0.09941\t0.09464\t0.03328
\t0.1704\t0.09356\t0.09226\t0.02768
0.07603\t0.186\t0.09976\t0.09704\t0.04395";

/// The first 16 rows of the paper's setting-2 test table
/// (`fixtures/paper/setting2/test.tsv`, same origin and layout).
const SETTING2_TEST_TO_PAIRS: &str = "0.03435\t0.1474\t0.08036\t0.07954\t0.02023
0.03372\t\t\t\t
\t0.1424\t\t\t
\t\t0.07939\t\t
\t\t\t0.07988\t
\t\t\t\t0.01677
0.03377\t0.1431\t\t\t
0.031\t\t0.08267\t\t
0.03331\t\t\t0.0839\t
0.03485\t\t\t\t0.01583
\t0.1376\t0.07942\t\t
\t0.148\t\t0.08244\t
\t0.1495\t\t\t0.01609
\t\t0.08941\t0.04209\t
\t\t0.08439\t\t0.01179
\t\t\t0.08204\t0.01256";

const COLUMNS: [&str; 5] = ["s", "d", "n", "k", "t"];

/// A long loss frame from a paper table (first row half-size singles, the
/// rest full-size networks carrying their filled cells), all on `split`.
fn paper_frame(tsv: &str, split: &str) -> DataFrame {
    let mut rows: Vec<(String, f64, String, f64)> = Vec::new();
    for (r, line) in tsv.lines().enumerate() {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), COLUMNS.len(), "row {r}");
        let filled: Vec<usize> = (0..cells.len()).filter(|&c| !cells[c].is_empty()).collect();
        for &c in &filled {
            let loss: f64 = cells[c].parse().unwrap();
            if r == 0 {
                rows.push((COLUMNS[c].to_string(), 0.5, COLUMNS[c].to_string(), loss));
            } else {
                let name = filled
                    .iter()
                    .map(|&f| COLUMNS[f])
                    .collect::<Vec<_>>()
                    .join("+");
                rows.push((name, 1.0, COLUMNS[c].to_string(), loss));
            }
        }
    }
    long_frame(&rows, split)
}

/// A long loss frame from (network, cost, task, loss) rows on one split.
fn long_frame<S: AsRef<str>>(rows: &[(S, f64, S, f64)], split: &str) -> DataFrame {
    df!(
        "network" => rows.iter().map(|r| r.0.as_ref()).collect::<Vec<_>>(),
        "cost" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        "task" => rows.iter().map(|r| r.2.as_ref()).collect::<Vec<_>>(),
        "split" => vec![split; rows.len()],
        "loss" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        "estimated" => vec![false; rows.len()],
    )
    .unwrap()
}

/// Three tasks a, b, c; pair b+c absent; a validation row that must be ignored.
fn hand_frame() -> DataFrame {
    let mut df = long_frame(
        &[
            ("a", 1.0, "a", 2.0),
            ("b", 1.0, "b", 4.0),
            ("c", 1.0, "c", 1.0),
            ("a+b", 1.0, "a", 1.5),
            ("a+b", 1.0, "b", 5.0),
            ("a+c", 1.0, "a", 2.5),
            ("a+c", 1.0, "c", 0.5),
            ("a+b+c", 1.0, "a", 1.0),
            ("a+b+c", 1.0, "b", 3.0),
            ("a+b+c", 1.0, "c", 2.0),
        ],
        "test",
    );
    let val = long_frame(&[("a+b", 1.0, "a", 100.0)], "val");
    df.vstack_mut(&val).unwrap();
    df
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn affinity_on_a_hand_made_frame() {
    let m = AffinityMatrix::from_frame(&hand_frame(), Split::Test).unwrap();
    assert_eq!(m.tasks, ["a", "b", "c"]);
    // By hand: a with b: (2 - 1.5) / 2 = 0.25; b with a: (4 - 5) / 4 = -0.25;
    // a with c: (2 - 2.5) / 2 = -0.25; c with a: (1 - 0.5) / 1 = 0.5; b+c absent.
    assert_eq!(m.get("a", "b"), Some(0.25));
    assert_eq!(m.get("b", "a"), Some(-0.25));
    assert_eq!(m.get("a", "c"), Some(-0.25));
    assert_eq!(m.get("c", "a"), Some(0.5));
    assert_eq!(m.get("b", "c"), None);
    assert_eq!(m.get("c", "b"), None);
    for i in 0..3 {
        assert_eq!(m.values[i][i], None);
    }
    assert_eq!(m.max_abs(), 0.5);

    let long = m.to_frame().unwrap();
    assert_eq!(long.shape(), (6, 3));
    assert_eq!(
        long.get_column_names()
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>(),
        ["task", "partner", "affinity"]
    );
    let aff = long.column("affinity").unwrap().f64().unwrap();
    assert_eq!(aff.get(0), Some(0.25)); // (a, b)
    assert_eq!(aff.null_count(), 2);

    let wide = m.to_wide_frame().unwrap();
    assert_eq!(wide.shape(), (3, 4));
    assert_eq!(wide.column("b").unwrap().f64().unwrap().get(0), Some(0.25));
    assert_eq!(wide.column("a").unwrap().f64().unwrap().get(0), None);
}

/// Expected affinities of the setting-1 test table, computed by hand from
/// the constants above: (single loss - pair loss) / single loss.
const SETTING1_AFFINITY: [(&str, &str, f64); 20] = [
    ("s", "d", 0.031714956930305245),  // (0.07662 - 0.07419) / 0.07662
    ("d", "s", -0.07959905660377366),  // (0.1696 - 0.1831) / 0.1696
    ("s", "n", 0.07543722265726957),   // (0.07662 - 0.07084) / 0.07662
    ("n", "s", -0.16189362945645822),  // (0.08555 - 0.0994) / 0.08555
    ("s", "k", 0.03824066823283723),   // (0.07662 - 0.07369) / 0.07662
    ("k", "s", -0.08522663049621347),  // (0.08847 - 0.09601) / 0.08847
    ("s", "t", 0.02062124771600102),   // (0.07662 - 0.07504) / 0.07662
    ("t", "s", -0.6),                  // (0.0275 - 0.044) / 0.0275
    ("d", "n", 0.0011792452830189017), // (0.1696 - 0.1694) / 0.1696
    ("n", "d", -0.08112215078901229),  // (0.08555 - 0.09249) / 0.08555
    ("d", "k", -0.010023584905660419), // (0.1696 - 0.1713) / 0.1696
    ("k", "d", -0.003956143325421082), // (0.08847 - 0.08882) / 0.08847
    ("d", "t", -0.0336084905660378),   // (0.1696 - 0.1753) / 0.1696
    ("t", "d", -0.1436363636363636),   // (0.0275 - 0.03145) / 0.0275
    ("n", "k", -0.04430157802454707),  // (0.08555 - 0.08934) / 0.08555
    ("k", "n", -0.025997513281338425), // (0.08847 - 0.09077) / 0.08847
    ("n", "t", -0.09023962594973704),  // (0.08555 - 0.09327) / 0.08555
    ("t", "n", -0.041818181818181754), // (0.0275 - 0.02865) / 0.0275
    ("k", "t", -0.025997513281338425), // (0.08847 - 0.09077) / 0.08847
    ("t", "k", -0.2509090909090909),   // (0.0275 - 0.0344) / 0.0275
];

#[test]
fn affinity_of_the_paper_setting1_test_table() {
    let m = AffinityMatrix::from_frame(&paper_frame(SETTING1_TEST, "test"), Split::Test).unwrap();
    assert_eq!(m.tasks, COLUMNS);
    for (task, partner, expected) in SETTING1_AFFINITY {
        let got = m.get(task, partner).unwrap();
        assert!(
            close(got, expected, 1e-12),
            "{task} with {partner}: {got} vs {expected}"
        );
    }
    // The half-size singles (cost 0.5) are not the baseline: s alone at full
    // size is 0.07662, at half size 0.07742.
    let losses = SplitLosses::from_frame(&paper_frame(SETTING1_TEST, "test"), Split::Test).unwrap();
    assert_eq!(losses.baseline("s", 1.0).unwrap(), 0.07662);
    assert_eq!(losses.baseline("s", 0.5).unwrap(), 0.07742);
    assert_eq!(losses.costs(), [1.0, 0.5]);
    assert_eq!(losses.networks().len(), 5 + 31);
}

#[test]
fn average_change_of_the_paper_setting1_test_table() {
    let table =
        AverageChange::from_frame(&paper_frame(SETTING1_TEST, "test"), Split::Test).unwrap();
    // Only full-size networks share tasks in the paper's tables.
    assert_eq!(table.rows.len(), 5);
    assert!(table
        .rows
        .iter()
        .all(|r| r.cost == 1.0 && r.pairs == 4 && r.networks == 15));
    // Hand computation from the table (mean of the relative changes of the
    // 4 pairs and of the 15 multi-task networks holding the task).
    let s = table.get("s", 1.0).unwrap();
    assert!(close(s.pair_mean.unwrap(), 0.04150352388410326, 1e-12));
    assert!(close(s.all_mean, 0.04683720525537275, 1e-12));
    let t = table.get("t", 1.0).unwrap();
    assert!(close(t.pair_mean.unwrap(), -0.25909090909090904, 1e-12));
    assert!(close(t.all_mean, -0.2880727272727273, 1e-12));
    // The pair mean is the mean of the task's affinity row.
    let m = AffinityMatrix::from_frame(&paper_frame(SETTING1_TEST, "test"), Split::Test).unwrap();
    let row_mean = m.values[0].iter().flatten().sum::<f64>() / 4.0;
    assert!(close(s.pair_mean.unwrap(), row_mean, 1e-15));

    let frame = table.to_frame().unwrap();
    assert_eq!(frame.shape(), (5, 6));
    assert_eq!(
        frame.column("networks").unwrap().u64().unwrap().get(4),
        Some(15)
    );
}

#[test]
fn average_change_per_network_size() {
    let mut df = hand_frame();
    // Half-size networks of a and b, with a pair: a changes (1 - 0.5) / 1 = 0.5.
    let half = long_frame(
        &[
            ("a", 0.5, "a", 1.0),
            ("b", 0.5, "b", 2.0),
            ("a+b", 0.5, "a", 0.5),
            ("a+b", 0.5, "b", 3.0),
        ],
        "test",
    );
    df.vstack_mut(&half).unwrap();
    let table = AverageChange::from_frame(&df, Split::Test).unwrap();
    // Full size, by hand: a: pairs 0.25, -0.25 -> 0; all adds (2 - 1) / 2 = 0.5 -> 1/6.
    let a1 = table.get("a", 1.0).unwrap();
    assert_eq!((a1.pair_mean, a1.pairs, a1.networks), (Some(0.0), 2, 3));
    assert!(close(a1.all_mean, 0.5 / 3.0, 1e-15));
    let a_half = table.get("a", 0.5).unwrap();
    assert_eq!(
        (a_half.pair_mean, a_half.all_mean, a_half.networks),
        (Some(0.5), 0.5, 1)
    );
    // b at half size: (2 - 3) / 2 = -0.5; c has no half-size network: no row.
    assert_eq!(table.get("b", 0.5).unwrap().all_mean, -0.5);
    assert!(table.get("c", 0.5).is_none());
    assert_eq!(table.rows.len(), 5);
    assert_eq!(table.rows[0].cost, 1.0);
}

#[test]
fn bad_frames_are_reported_with_context() {
    // No single network for c.
    let df = long_frame(&[("a", 1.0, "a", 1.0), ("a+c", 1.0, "c", 1.0)], "test");
    match AffinityMatrix::from_frame(&df, Split::Test) {
        Err(AnalysisError::MissingSingle { task, cost, .. }) => {
            assert_eq!((task.as_str(), cost), ("c", 1.0))
        }
        other => panic!("expected MissingSingle, got {other:?}"),
    }
    // The same loss twice.
    let df = long_frame(&[("a", 1.0, "a", 1.0), ("a", 1.0, "a", 2.0)], "test");
    assert!(matches!(
        AffinityMatrix::from_frame(&df, Split::Test),
        Err(AnalysisError::DuplicateLoss {
            first: 0,
            second: 1,
            ..
        })
    ));
    // A loss for a task the network does not carry.
    let df = long_frame(&[("a", 1.0, "b", 1.0)], "test");
    assert!(matches!(
        AffinityMatrix::from_frame(&df, Split::Test),
        Err(AnalysisError::TaskNotCarried { row: 0, .. })
    ));
    // A zero baseline.
    let df = long_frame(&[("a", 1.0, "a", 0.0)], "test");
    assert!(matches!(
        AffinityMatrix::from_frame(&df, Split::Test),
        Err(AnalysisError::NonPositiveBaseline { .. })
    ));
    // A split that is not there names the ones that are.
    let err = AffinityMatrix::from_frame(&hand_frame(), Split::Esa).unwrap_err();
    assert!(err.to_string().contains("test, val"), "{err}");
    // A missing column and a wrong type.
    let df =
        df!("network" => ["a"], "cost" => [1.0], "task" => ["a"], "split" => ["test"]).unwrap();
    assert!(matches!(
        AffinityMatrix::from_frame(&df, Split::Test),
        Err(AnalysisError::MissingColumn { .. })
    ));
    let df = df!("network" => ["a"], "cost" => [1i64], "task" => ["a"], "split" => ["test"], "loss" => [1.0]).unwrap();
    let err = AffinityMatrix::from_frame(&df, Split::Test).unwrap_err();
    assert!(
        matches!(err, AnalysisError::ColumnType { ref column, .. } if column == "cost"),
        "{err}"
    );
    // A NaN loss.
    let df = long_frame(&[("a", 1.0, "a", f64::NAN)], "test");
    assert!(matches!(
        AffinityMatrix::from_frame(&df, Split::Test),
        Err(AnalysisError::NonFinite { row: 0, .. })
    ));
}

#[test]
fn special_functions_match_known_values() {
    // Γ(5) = 4! = 24; Γ(1/2) = √π; ln Γ(100) = 359.13420536957539877604 (mpmath 1.3.0, loggamma(100)).
    assert!(close(ln_gamma(5.0), 24f64.ln(), 1e-13));
    assert!(close(
        ln_gamma(0.5),
        std::f64::consts::PI.sqrt().ln(),
        1e-13
    ));
    assert!(close(ln_gamma(100.0), 359.134_205_369_575_4, 1e-10));
    assert!(close(ln_gamma(0.1), 2.252_712_651_734_206, 1e-12)); // ln Γ(0.1), mpmath loggamma(0.1)
                                                                 // Closed forms: I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 - (1 - x)^b; I_{1/2}(a, a) = 1/2.
    assert!(close(
        regularized_incomplete_beta(1.0, 1.0, 0.3),
        0.3,
        1e-14
    ));
    assert!(close(
        regularized_incomplete_beta(3.0, 1.0, 0.7),
        0.343,
        1e-14
    ));
    assert!(close(
        regularized_incomplete_beta(1.0, 4.0, 0.2),
        1.0 - 0.8f64.powi(4),
        1e-14
    ));
    assert!(close(
        regularized_incomplete_beta(7.5, 7.5, 0.5),
        0.5,
        1e-14
    ));
    assert_eq!(regularized_incomplete_beta(2.0, 3.0, 0.0), 0.0);
    assert_eq!(regularized_incomplete_beta(2.0, 3.0, 1.0), 1.0);
    // mpmath 1.3.0: betainc(a, b, 0, x, regularized=True) at 30 digits.
    assert!(close(
        regularized_incomplete_beta(2.5, 3.5, 0.3),
        0.296_752_989_295_666_4,
        1e-13
    ));
    assert!(close(
        regularized_incomplete_beta(50.0, 0.5, 0.9),
        0.001_204_149_832_559_811_4,
        1e-15
    ));
    assert!(close(
        regularized_incomplete_beta(200.0, 300.0, 0.41),
        0.677_628_164_772_179_3,
        1e-12
    ));
    // Student's t, two-sided: the 97.5% quantiles of t(10) = 2.228138851986274
    // and t(30) = 2.042272456301238 (standard tables) give p = 0.05;
    // t(1) is Cauchy: p = 1 - 2 atan(|t|) / π; t(2): p = 1 - |t| / sqrt(2 + t²).
    assert!(close(
        student_t_two_sided(2.228138851986274, 10.0),
        0.05,
        1e-13
    ));
    assert!(close(
        student_t_two_sided(-2.042272456301238, 30.0),
        0.05,
        1e-13
    ));
    assert!(close(
        student_t_two_sided(1.7, 1.0),
        1.0 - 2.0 * 1.7f64.atan() / std::f64::consts::PI,
        1e-14
    ));
    assert!(close(
        student_t_two_sided(0.8, 2.0),
        1.0 - 0.8 / (2.0f64 + 0.64).sqrt(),
        1e-14
    ));
    // t(200) at 1.5, mpmath: 0.135191321227034964247.
    assert!(close(
        student_t_two_sided(1.5, 200.0),
        0.135_191_321_227_034_96,
        1e-12
    ));
    assert_eq!(student_t_two_sided(0.0, 5.0), 1.0);
    assert_eq!(student_t_two_sided(f64::INFINITY, 5.0), 0.0);
}

#[test]
fn pearson_matches_a_hand_computation() {
    // x = 1..5, y = 2 4 5 4 5: sxy = 6, sxx = 10, syy = 6, r = 6 / √60 = √0.6;
    // t = r √(3 / 0.4) = √4.5 with 3 degrees of freedom, and t(3) has the
    // closed form p = 1 - (2/π)(θ + sin θ cos θ), θ = atan(t / √3) = atan(√1.5),
    // giving 0.12402706265755462522 (also scipy.stats.pearsonr's value).
    let c = pearson(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 4.0, 5.0, 4.0, 5.0]).unwrap();
    assert!(close(c.r, 0.6f64.sqrt(), 1e-15));
    let theta = 1.5f64.sqrt().atan();
    let closed = 1.0 - 2.0 / std::f64::consts::PI * (theta + theta.sin() * theta.cos());
    assert!(close(c.p_value, closed, 1e-14));
    assert!(close(c.p_value, 0.124_027_062_657_554_63, 1e-14));
    assert_eq!(c.n, 5);
    // Perfect correlation: r = 1 up to rounding, and p vanishes with it
    // (r = 1 - 2e-16 with one degree of freedom gives p ~ 1e-8).
    let c = pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]).unwrap();
    assert!(close(c.r, 1.0, 1e-15) && c.p_value < 1e-7, "{c:?}");
    assert!(close(
        pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]).unwrap().r,
        -1.0,
        1e-15
    ));
    // Errors.
    assert!(matches!(
        pearson(&[1.0, 2.0], &[1.0, 2.0]),
        Err(AnalysisError::TooFewPairs { n: 2 })
    ));
    assert!(matches!(
        pearson(&[1.0, 2.0, 3.0], &[1.0, 2.0]),
        Err(AnalysisError::LengthMismatch { .. })
    ));
    assert!(matches!(
        pearson(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]),
        Err(AnalysisError::Degenerate { which: "first" })
    ));
    let frame = pearson(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 4.0, 5.0, 4.0, 5.0])
        .unwrap()
        .to_frame()
        .unwrap();
    assert_eq!(frame.shape(), (1, 3));
}

#[test]
fn correlation_between_the_paper_settings() {
    let m1 = AffinityMatrix::from_frame(&paper_frame(SETTING1_TEST, "test"), Split::Test).unwrap();
    let m2 = AffinityMatrix::from_frame(&paper_frame(SETTING2_TEST_TO_PAIRS, "test"), Split::Test)
        .unwrap();
    // Reference: the same 20 off-diagonal affinities through a direct Pearson
    // formula and mpmath 1.3.0 betainc at 30 digits (r = -0.09446788984156608,
    // p = 0.69198817750299937 with 18 degrees of freedom).
    let c = m1.correlation(&m2).unwrap();
    assert_eq!(c.n, 20);
    assert!(close(c.r, -0.094_467_889_841_566_08, 1e-12), "{}", c.r);
    assert!(
        close(c.p_value, 0.691_988_177_502_999_4, 1e-12),
        "{}",
        c.p_value
    );
    // Symmetric, and a matrix with itself correlates perfectly.
    assert!(close(m2.correlation(&m1).unwrap().r, c.r, 1e-15));
    let own = m1.correlation(&m1).unwrap();
    assert!(close(own.r, 1.0, 1e-15) && own.p_value < 1e-12);
    // Entries are matched by task name, whatever the order.
    let mut reordered = m2.clone();
    reordered.tasks.reverse();
    reordered.values.reverse();
    for row in &mut reordered.values {
        row.reverse();
    }
    assert!(close(m1.correlation(&reordered).unwrap().r, c.r, 1e-15));
    // Different task sets are refused.
    let other = AffinityMatrix::from_frame(&hand_frame(), Split::Test).unwrap();
    assert!(matches!(
        m1.correlation(&other),
        Err(AnalysisError::TaskMismatch { .. })
    ));
    // Missing pairs are left out: the hand matrix with itself has 4 entries.
    assert_eq!(other.correlation(&other).unwrap().n, 4);
}

fn selection_frame() -> DataFrame {
    // Values: setting 1 of the paper's expected curves (expected.json) at
    // budgets 1, 2 and 5 for optimal and esa; networks written as the
    // selection module writes them (free text here).
    df!(
        "method" => ["optimal", "optimal", "esa", "esa", "optimal", "independent"],
        "budget" => [1.0, 2.0, 1.0, 2.0, 5.0, 5.0],
        "networks" => [Some("s+d+n+k+t"), Some("s+n | d+k+t"), Some("s+d+n+k+t"), Some("s+d | n+k+t"), Some("s | d | n | k | t"), None],
        "n_networks" => [1i64, 2, 1, 2, 5, 0],
        "search_total" => [Some(0.49), Some(0.45), Some(0.49), Some(0.46), Some(0.43), None],
        "test_total" => [Some(0.50278), Some(0.45224), Some(0.50278), Some(0.46727), Some(0.43481), Some(0.44774)],
    )
    .unwrap()
}

#[test]
fn grouping_comparison_table() {
    let c = GroupingComparison::from_frame(&selection_frame()).unwrap();
    let methods: Vec<&str> = c.methods.iter().map(|m| m.name()).collect();
    assert_eq!(methods, ["optimal", "esa", "independent"]);
    assert_eq!(c.budgets, [1.0, 2.0, 5.0]);
    assert_eq!(
        c.get(Method::Esa, 2.0).unwrap().networks.as_deref(),
        Some("s+d | n+k+t")
    );
    assert_eq!(
        c.test_curve(Method::Optimal),
        [(1.0, 0.50278), (2.0, 0.45224), (5.0, 0.43481)]
    );
    assert_eq!(c.test_curve(Method::Esa), [(1.0, 0.50278), (2.0, 0.46727)]);

    let table = c.to_frame().unwrap();
    assert_eq!(table.shape(), (3, 7));
    let names: Vec<&str> = table
        .get_column_names()
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "budget",
            "optimal",
            "optimal networks",
            "esa",
            "esa networks",
            "independent",
            "independent networks"
        ]
    );
    assert_eq!(table.column("esa").unwrap().f64().unwrap().get(2), None);
    assert_eq!(
        table.column("independent").unwrap().f64().unwrap().get(2),
        Some(0.44774)
    );
    assert_eq!(
        table
            .column("optimal networks")
            .unwrap()
            .str()
            .unwrap()
            .get(1),
        Some("s+n | d+k+t")
    );

    let mut twice = selection_frame();
    twice.vstack_mut(&selection_frame()).unwrap();
    assert!(matches!(
        GroupingComparison::from_frame(&twice),
        Err(AnalysisError::DuplicateSelection { .. })
    ));
}

#[test]
fn export_writes_csv_and_parquet_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let m = AffinityMatrix::from_frame(&paper_frame(SETTING1_TEST, "test"), Split::Test).unwrap();
    let frame = m.to_frame().unwrap();
    let csv = dir.path().join("nested/affinity.csv");
    let parquet = dir.path().join("nested/affinity.parquet");
    export::write_csv(&frame, &csv).unwrap();
    export::write_parquet(&frame, &parquet).unwrap();

    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().next(), Some("task,partner,affinity"));
    assert_eq!(text.lines().count(), 21);
    assert!(
        text.lines().nth(1).unwrap().starts_with("s,d,0.0317149"),
        "{text}"
    );
    let back = CsvReadOptions::default()
        .try_into_reader_with_file_path(Some(csv.clone()))
        .unwrap()
        .finish()
        .unwrap();
    assert!(back.equals_missing(&frame));

    let back = ParquetReader::new(std::fs::File::open(&parquet).unwrap())
        .finish()
        .unwrap();
    assert!(back.equals_missing(&frame));

    // Overwriting replaces the file, and no temporary file is left behind.
    export::write_csv(&m.to_wide_frame().unwrap(), &csv).unwrap();
    assert!(std::fs::read_to_string(&csv)
        .unwrap()
        .starts_with("task,s,d,n,k,t\n"));
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("nested"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["affinity.csv", "affinity.parquet"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&csv).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644, "{mode:o}");
    }
    // A path naming no file is refused.
    assert!(matches!(
        export::write_csv(&frame, dir.path().join("..")),
        Err(AnalysisError::BadPath { .. })
    ));
}
