//! The searches over a [`LossTable`]: the exact optimal selection and the
//! higher-order approximation (the algorithms: `select/search.rs`,
//! `select/hoa.rs`).

use super::LossTable;
use crate::select::{hoa, search, HoaError, SearchError, Selection};

impl LossTable {
    /// Optimal selections for each budget; see [`optimal`](crate::select::optimal).
    pub fn optimal(&self, budgets: &[f64]) -> Result<Vec<Option<Selection>>, SearchError> {
        search::optimal(self, budgets)
    }

    /// This table with every network of three or more tasks replaced by its
    /// estimate (flagged `estimated`); networks of one or two tasks are kept.
    /// See `select/hoa.rs` for the estimate.
    pub fn hoa(&self) -> Result<LossTable, HoaError> {
        hoa::hoa(self)
    }
}
