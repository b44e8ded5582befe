//! A long loss frame from a file: what a researcher's own results look like
//! on disk (`taskgroup select --losses`, `taskgroup report --losses`). The
//! format follows the file's extension: `.csv` (a header line with the
//! [long frame's columns](super::LOSS_FRAME_COLUMNS)) or `.parquet`. Integer
//! `cost` or `loss` columns (a CSV whose costs are written `1`) are read as
//! f64, and a text cell among them is a [`LossFileError::NotANumber`] naming
//! it; everything else is checked by [`read_frame`](super::read_frame) when
//! the frame is used, with rows numbered from 1 without the header (row `r`
//! of a CSV is its line `r + 1`).

use super::frame::{COST, LOSS};
use crate::io::{IoError, WithPath};
use polars::prelude::DataFrame;
use polars::prelude::{CsvReadOptions, DataType, ParquetReader, SerReader};
use std::path::{Path, PathBuf};

/// A loss file that cannot be read into a frame.
#[derive(Debug, thiserror::Error)]
pub enum LossFileError {
    /// The file cannot be opened.
    #[error(transparent)]
    Io(#[from] IoError),
    /// The extension names no format this reader knows.
    #[error("{path}: unknown loss file format (expected a .csv or .parquet file)")]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// A `cost` or `loss` cell that is not a number.
    #[error("{path}: row {row}, column `{column}`: {value:?} is not a number")]
    NotANumber {
        /// The file.
        path: PathBuf,
        /// The row, counted from 1 without the header (line `row + 1` of a CSV).
        row: usize,
        /// The column.
        column: &'static str,
        /// The cell ([`crate::error_text::excerpt`]).
        value: String,
    },
    /// polars could not parse the file.
    #[error("{path}: not a readable {format} file: {detail}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// `CSV` or `parquet`.
        format: &'static str,
        /// polars' message.
        detail: String,
    },
}

/// The file formats [`read_loss_file`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Parquet,
}

impl Format {
    fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "parquet" | "pq" => Some(Format::Parquet),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Parquet => "parquet",
        }
    }
}

/// Reads a long loss frame from a `.csv` or `.parquet` file.
pub fn read_loss_file(path: &Path) -> Result<DataFrame, LossFileError> {
    let format = Format::of(path).ok_or_else(|| LossFileError::UnknownFormat {
        path: path.to_path_buf(),
    })?;
    let parse = |e: polars::error::PolarsError| LossFileError::Parse {
        path: path.to_path_buf(),
        format: format.name(),
        detail: e.to_string(),
    };
    let mut frame = match format {
        Format::Csv => {
            // Opened first so that a missing file is an I/O error naming it.
            std::fs::File::open(path).with_path(path)?;
            CsvReadOptions::default()
                .with_has_header(true)
                .with_infer_schema_length(None)
                .try_into_reader_with_file_path(Some(path.to_path_buf()))
                .and_then(|r| r.finish())
                .map_err(parse)?
        }
        Format::Parquet => {
            let file = std::fs::File::open(path).with_path(path)?;
            ParquetReader::new(file).finish().map_err(parse)?
        }
    };
    for name in [COST, LOSS] {
        let cast = match crate::frame::column(&frame, name) {
            Some(c) if c.dtype().is_integer() => Some(c.cast(&DataType::Float64).map_err(parse)?),
            Some(c) if c.dtype() == &DataType::String => {
                // polars reads a column with one bad cell as text: name the cell.
                let cells = c.str().map_err(parse)?;
                if let Some((row, value)) = cells.iter().enumerate().find_map(|(i, v)| {
                    v.filter(|v| v.trim().parse::<f64>().is_err())
                        .map(|v| (i + 1, crate::error_text::excerpt(v)))
                }) {
                    return Err(LossFileError::NotANumber {
                        path: path.to_path_buf(),
                        row,
                        column: name,
                        value,
                    });
                }
                Some(c.cast(&DataType::Float64).map_err(parse)?)
            }
            _ => None,
        };
        if let Some(c) = cast {
            frame.with_column(c).map_err(parse)?;
        }
    }
    Ok(frame)
}
