//! Typed access to the columns of a polars frame, with errors that name the
//! column and row. Shared by every reader of frames in `analysis` and `plot`.

use super::error::{AnalysisError, Result};
use polars::prelude::*;

fn column<'a>(df: &'a DataFrame, name: &str) -> Result<&'a Column> {
    crate::frame::column(df, name).ok_or_else(|| AnalysisError::MissingColumn {
        column: name.to_string(),
        present: df
            .get_column_names()
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

fn type_error(col: &Column, expected: &'static str) -> AnalysisError {
    AnalysisError::ColumnType {
        column: col.name().to_string(),
        expected,
        found: col.dtype().to_string(),
    }
}

/// Whether the frame has a column of that name.
pub(crate) fn has(df: &DataFrame, name: &str) -> bool {
    crate::frame::column(df, name).is_some()
}

/// The values of a string column; nulls stay `None`.
pub(crate) fn optional_strings(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    let col = column(df, name)?;
    let ca = col.str().map_err(|_| type_error(col, "str"))?;
    Ok(ca.iter().map(|v| v.map(str::to_string)).collect())
}

/// The values of a string column; a null cell is an error.
pub(crate) fn strings(df: &DataFrame, name: &str) -> Result<Vec<String>> {
    required(optional_strings(df, name)?, name)
}

/// The values with every cell present; the first null is an error naming it.
fn required<T>(values: Vec<Option<T>>, name: &str) -> Result<Vec<T>> {
    values
        .into_iter()
        .enumerate()
        .map(|(row, v)| {
            v.ok_or_else(|| AnalysisError::NullValue {
                column: name.to_string(),
                row,
            })
        })
        .collect()
}

/// The values of an f64 column; nulls stay `None`, non-finite values are an error.
pub(crate) fn optional_floats(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    let col = column(df, name)?;
    let ca = col.f64().map_err(|_| type_error(col, "f64"))?;
    ca.iter()
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
    required(optional_floats(df, name)?, name)
}

/// The values of an integer column (any integer type, read as i64); a null cell is an error.
pub(crate) fn integers(df: &DataFrame, name: &str) -> Result<Vec<i64>> {
    let col = column(df, name)?;
    if !col.dtype().is_integer() {
        return Err(type_error(col, "integer"));
    }
    let cast = col.cast(&DataType::Int64)?;
    let ca = cast.i64().map_err(|_| type_error(col, "integer"))?;
    required(ca.iter().collect(), name)
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
