//! Typed access to a frame's columns, with errors that name the column and
//! the row: what the loss frame's reader is built on, and what other frame
//! readers (`analysis`) share.

use polars::prelude::{Column, DataFrame};

/// What is wrong with a frame's column or cell. Rows are 0-based.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ColumnError {
    /// The frame lacks a column.
    #[error("the frame has no column `{column}` (it has: {present})")]
    Missing {
        /// The missing column.
        column: String,
        /// The columns the frame does have, comma-separated.
        present: String,
    },
    /// A column has the wrong data type.
    #[error("column `{column}` has type {found}, expected {expected}")]
    Type {
        /// The column.
        column: String,
        /// The type the reader needs.
        expected: &'static str,
        /// The type the frame has.
        found: String,
    },
    /// A required cell is null.
    #[error("column `{column}` is null in row {row}")]
    Null {
        /// The column.
        column: String,
        /// The row (0-based).
        row: usize,
    },
}

/// The column `name`, found by comparing names (see `crate::frame`).
pub fn column<'a>(df: &'a DataFrame, name: &str) -> Result<&'a Column, ColumnError> {
    crate::frame::column(df, name).ok_or_else(|| ColumnError::Missing {
        column: name.to_string(),
        present: df
            .get_column_names()
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

fn type_error(col: &Column, expected: &'static str) -> ColumnError {
    ColumnError::Type {
        column: col.name().to_string(),
        expected,
        found: col.dtype().to_string(),
    }
}

/// The values of a string column; nulls stay `None`.
pub fn optional_strings(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>, ColumnError> {
    let col = column(df, name)?;
    let ca = col.str().map_err(|_| type_error(col, "str"))?;
    Ok(ca.iter().map(|v| v.map(str::to_string)).collect())
}

/// The values of an f64 column (any value, finite or not); nulls stay `None`.
pub fn optional_floats(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>, ColumnError> {
    let col = column(df, name)?;
    let ca = col.f64().map_err(|_| type_error(col, "f64"))?;
    Ok(ca.iter().collect())
}

/// The values of a bool column; nulls stay `None`.
pub fn optional_bools(df: &DataFrame, name: &str) -> Result<Vec<Option<bool>>, ColumnError> {
    let col = column(df, name)?;
    let ca = col.bool().map_err(|_| type_error(col, "bool"))?;
    Ok(ca.iter().collect())
}

/// The values of an integer column (any integer type, read as i64); nulls stay `None`.
pub fn optional_integers(df: &DataFrame, name: &str) -> Result<Vec<Option<i64>>, ColumnError> {
    let col = column(df, name)?;
    if !col.dtype().is_integer() {
        return Err(type_error(col, "integer"));
    }
    let cast = col
        .cast(&polars::prelude::DataType::Int64)
        .map_err(|_| type_error(col, "integer"))?;
    let ca = cast.i64().map_err(|_| type_error(col, "integer"))?;
    Ok(ca.iter().collect())
}

/// The values with every cell present; the first null is an error naming it.
pub fn required<T>(values: Vec<Option<T>>, name: &str) -> Result<Vec<T>, ColumnError> {
    values
        .into_iter()
        .enumerate()
        .map(|(row, v)| {
            v.ok_or_else(|| ColumnError::Null {
                column: name.to_string(),
                row,
            })
        })
        .collect()
}
