//! [`FrameTables`]: the loss tables of a [`sweep`](super::sweep) read from
//! one long loss frame (a study's, or a researcher's own file through
//! `crate::losses::read_loss_file`): the table the searches choose on, the
//! one they are scored on and the early-stopped one, each one split's rows.

use super::frame::{from_read, read, splits_in};
use super::{LossTable, TableError, Tables};
use crate::losses::Split;
use polars::prelude::DataFrame;

/// The tables of one comparison, owned.
#[derive(Debug, Clone)]
pub struct FrameTables {
    /// The split the searches choose on.
    pub search_split: Split,
    /// Its table.
    pub search: LossTable,
    /// The split the selections are scored on, with its table.
    pub score: Option<(Split, LossTable)>,
    /// The `esa` split's table, when the frame has one and it is not the
    /// searched split.
    pub esa: Option<LossTable>,
}

impl FrameTables {
    /// Reads the tables from `frame`. Without `score`, the selections are
    /// scored on the `test` split when the frame has one (and it is not the
    /// searched split); `Some(split)` demands that split's rows.
    pub fn from_frame(
        frame: &DataFrame,
        search: Split,
        score: Option<Split>,
    ) -> Result<FrameTables, TableError> {
        // Read (and checked) once for every split's table.
        let read = read(frame)?;
        let present = splits_in(&read);
        let score = score.or_else(|| {
            (search != Split::Test && present.contains(&Split::Test)).then_some(Split::Test)
        });
        let esa = if search != Split::Esa && present.contains(&Split::Esa) {
            Some(from_read(&read, Split::Esa)?)
        } else {
            None
        };
        Ok(FrameTables {
            search_split: search,
            search: from_read(&read, search)?,
            score: score
                .map(|s| from_read(&read, s).map(|t| (s, t)))
                .transpose()?,
            esa,
        })
    }

    /// The borrowed tables a [`sweep`](super::sweep) takes.
    pub fn tables(&self) -> Tables<'_> {
        Tables {
            val: &self.search,
            test: self.score.as_ref().map(|(_, t)| t),
            esa: self.esa.as_ref(),
            baselines: &[],
        }
    }
}
