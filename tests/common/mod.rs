//! Helpers shared by the `select_*` tests: the paper's loss tables and
//! published curves, copied into `tests/fixtures/paper` (see its README).
#![allow(dead_code)]

pub mod process;

/// The paper's four settings.
pub mod paper {
    use serde_json::Value;
    use std::path::PathBuf;
    use taskgroup::select::LossTable;

    /// `tests/fixtures/paper`.
    pub fn dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/paper")
    }

    /// `expected.json`: the published curves.
    pub fn expected() -> Value {
        let text = std::fs::read_to_string(dir().join("expected.json"))
            .expect("expected.json is in the repository");
        serde_json::from_str(&text).expect("expected.json parses")
    }

    /// One setting's tables and published curves.
    pub struct Setting {
        /// Column names (`s d n k t`, or `c0..c4` for setting 4).
        pub columns: Vec<String>,
        /// Validation losses.
        pub val: LossTable,
        /// Test losses.
        pub test: LossTable,
        /// Early-stopped losses.
        pub esa: LossTable,
        /// The setting's entry of `expected.json`.
        pub expected: Value,
    }

    impl Setting {
        /// The published curve of `method` (`None` for the points not reported).
        pub fn curve(&self, method: &str) -> Vec<Option<f64>> {
            self.expected[method]
                .as_array()
                .expect("a curve")
                .iter()
                .map(Value::as_f64)
                .collect()
        }
    }

    /// The budgets of `expected.json` (1, 1.5, ..., 5).
    pub fn budgets() -> Vec<f64> {
        expected()["budgets"]
            .as_array()
            .expect("budgets")
            .iter()
            .map(|b| b.as_f64().expect("a number"))
            .collect()
    }

    /// Setting `k` (1 to 4).
    pub fn setting(k: usize) -> Setting {
        let expected = expected()["settings"][format!("setting{k}")].clone();
        let columns: Vec<String> = expected["columns"]
            .as_array()
            .expect("columns")
            .iter()
            .map(|c| c.as_str().expect("a name").to_string())
            .collect();
        let names: Vec<&str> = columns.iter().map(String::as_str).collect();
        let load = |split: &str| {
            LossTable::read_paper_tsv(dir().join(format!("setting{k}/{split}.tsv")), &names)
                .expect("fixture table parses")
        };
        Setting {
            val: load("val"),
            test: load("test"),
            esa: load("esa"),
            columns,
            expected,
        }
    }
}
