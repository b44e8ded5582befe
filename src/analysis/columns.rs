//! Typed access to the columns of a polars frame, with errors that name the
//! column and row: the loss seam's column access (`crate::losses::column`)
//! with analysis errors, plus finiteness checks. Shared by every reader of
//! frames in `analysis` and `plot` (the long loss frame itself is read by
//! `crate::losses::read_frame`).

use super::error::{AnalysisError, Result};
use crate::losses::column;
use polars::prelude::*;

/// Whether the frame has a column of that name.
pub(crate) fn has(df: &DataFrame, name: &str) -> bool {
    crate::frame::column(df, name).is_some()
}

/// The values of a string column; nulls stay `None`.
pub(crate) fn optional_strings(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    Ok(column::optional_strings(df, name)?)
}

/// The values of a string column; a null cell is an error.
pub(crate) fn strings(df: &DataFrame, name: &str) -> Result<Vec<String>> {
    Ok(column::required(optional_strings(df, name)?, name)?)
}

/// The values of an f64 column; nulls stay `None`, non-finite values are an error.
pub(crate) fn optional_floats(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    column::optional_floats(df, name)?
        .into_iter()
        .enumerate()
        .map(|(row, v)| match v {
            Some(value) if !value.is_finite() => Err(AnalysisError::NonFinite {
                column: name.to_string(),
                row,
                value,
            }),
            other => Ok(other),
        })
        .collect()
}

/// The values of an f64 column; a null or non-finite cell is an error.
pub(crate) fn floats(df: &DataFrame, name: &str) -> Result<Vec<f64>> {
    Ok(column::required(optional_floats(df, name)?, name)?)
}

/// The values of an integer column (any integer type, read as i64); a null cell is an error.
pub(crate) fn integers(df: &DataFrame, name: &str) -> Result<Vec<i64>> {
    Ok(column::required(
        column::optional_integers(df, name)?,
        name,
    )?)
}

/// Builds a frame from columns of equal length.
pub(crate) fn frame(columns: Vec<Column>) -> Result<DataFrame> {
    Ok(DataFrame::new_infer_height(columns)?)
}

/// A column from a name and values.
pub(crate) fn col<T, P: ?Sized>(name: &str, values: T) -> Column
where
    Series: NamedFrom<T, P>,
{
    Column::from(Series::new(name.into(), values))
}
