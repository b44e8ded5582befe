//! The selection frame: one row per (method, budget), the hand-off from a
//! [`sweep`](super::sweep) to the comparison in `crate::analysis` and the
//! report. [`Curves::to_frame`](super::Curves::to_frame) is its one writer
//! and [`read_selection_frame`] its one reader; no other code names its
//! columns.
//!
//! | column | type | meaning |
//! |---|---|---|
//! | `method` | str | [`Method::name`] |
//! | `budget` | f64 | the inference budget in SNT |
//! | `networks` | str, nullable | the chosen networks ([`CurvePoint::networks`](super::CurvePoint::networks)) |
//! | `n_networks` | u32 | how many networks were chosen (not read back) |
//! | `search_total` | f64, nullable | the total on the searched table |
//! | `test_total` | f64, nullable | the total on the test table |

use super::{Method, UnknownMethod};
use crate::losses::column::{optional_floats, optional_strings, required, ColumnError};
use polars::prelude::DataFrame;

/// The `method` column.
pub const METHOD: &str = "method";
/// The `budget` column.
pub const BUDGET: &str = "budget";
/// The `networks` column.
pub const NETWORKS: &str = "networks";
/// The `n_networks` column.
pub const N_NETWORKS: &str = "n_networks";
/// The `search_total` column.
pub const SEARCH_TOTAL: &str = "search_total";
/// The `test_total` column.
pub const TEST_TOTAL: &str = "test_total";

/// The selection frame's columns, in the order they are written.
pub const SELECTION_FRAME_COLUMNS: [&str; 6] = [
    METHOD,
    BUDGET,
    NETWORKS,
    N_NETWORKS,
    SEARCH_TOTAL,
    TEST_TOTAL,
];

/// One row of a selection frame, as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectionRow {
    /// The selection method.
    pub method: Method,
    /// The budget in SNT.
    pub budget: f64,
    /// The chosen networks as written (`None` where the cell is null).
    pub networks: Option<String>,
    /// The total on the searched table.
    pub search_total: Option<f64>,
    /// The total on the test table.
    pub test_total: Option<f64>,
}

/// What is wrong with a selection frame. Rows are 0-based.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SelectionFrameError {
    /// A column is missing, of the wrong type, or null where it must not be.
    #[error(transparent)]
    Column(#[from] ColumnError),
    /// A `method` cell names no [`Method`].
    #[error("row {row} of the selection frame: {source}")]
    UnknownMethod {
        /// The row (0-based).
        row: usize,
        /// The name and the known ones.
        source: UnknownMethod,
    },
}

/// Reads a selection frame's rows in frame order; columns other than those
/// in the table above are ignored (and `n_networks` is not needed).
pub fn read_selection_frame(df: &DataFrame) -> Result<Vec<SelectionRow>, SelectionFrameError> {
    let methods = required(optional_strings(df, METHOD)?, METHOD)?;
    let budgets = required(optional_floats(df, BUDGET)?, BUDGET)?;
    let networks = optional_strings(df, NETWORKS)?;
    let search = optional_floats(df, SEARCH_TOTAL)?;
    let test = optional_floats(df, TEST_TOTAL)?;
    methods
        .iter()
        .enumerate()
        .map(|(row, name)| {
            let method = name
                .parse()
                .map_err(|source| SelectionFrameError::UnknownMethod { row, source })?;
            Ok(SelectionRow {
                method,
                budget: budgets[row],
                networks: networks[row].clone(),
                search_total: search[row],
                test_total: test[row],
            })
        })
        .collect()
}
