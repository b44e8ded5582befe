//! Polars frame helpers shared by every module that reads frames.
//!
//! Why not `DataFrame::column`: polars finds a column through a hash of its
//! name in a cached schema, and its hasher mixes in a per-process seed held
//! in a static. In a notebook, evcxr links every cell into its own library,
//! each with its own copy of that static, so a frame made in one cell and
//! read in a later one fails `df.column("loss")` with "not found" although
//! the column is there. Looking columns up by comparing names works in every
//! cell. Notebook users get the same through [`FrameExt`].

use polars::prelude::{Column, DataFrame, PolarsError, PolarsResult};

/// A column by name, compared directly (no hashing: safe across notebook cells).
pub fn column<'a>(df: &'a DataFrame, name: &str) -> Option<&'a Column> {
    df.columns().iter().find(|c| c.name().as_str() == name)
}

/// Frame access that works on frames kept from earlier notebook cells.
pub trait FrameExt {
    /// The column `name` (like `DataFrame::column`, without its schema hash).
    fn col(&self, name: &str) -> PolarsResult<&Column>;
    /// The same frame with a fresh schema, so every polars operation on it
    /// works in the current notebook cell.
    fn refreshed(&self) -> DataFrame;
}

impl FrameExt for DataFrame {
    fn col(&self, name: &str) -> PolarsResult<&Column> {
        column(self, name).ok_or_else(|| {
            PolarsError::ColumnNotFound(
                format!("{name:?} not found among {:?}", names(self)).into(),
            )
        })
    }

    fn refreshed(&self) -> DataFrame {
        DataFrame::new(self.height(), self.columns().to_vec())
            .expect("columns of one frame have one height")
    }
}

fn names(df: &DataFrame) -> Vec<String> {
    df.columns().iter().map(|c| c.name().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::df;

    #[test]
    fn finds_columns_by_name() {
        let df = df!("a" => [1i32, 2], "b" => [0.5f64, 1.5]).unwrap();
        assert_eq!(column(&df, "b").unwrap().len(), 2);
        assert!(column(&df, "c").is_none());
        assert!(df
            .col("c")
            .unwrap_err()
            .to_string()
            .contains("\"c\" not found"));
        assert_eq!(df.refreshed(), df);
    }
}
