//! A report folder from loss tables: every method's selections over a
//! budget sweep, the affinity matrix, figures (SVG and PNG), tables (CSV and
//! parquet) and a markdown summary. Used by `taskgroup demo`, `taskgroup
//! report` and the notebooks; pure (no training backend).
//!
//! Data flow: [`ReportInputs`] (val/test/esa loss tables, optional frames of
//! a study) -> [`select::sweep`](crate::select::sweep) and
//! [`AffinityMatrix`](crate::analysis::AffinityMatrix) -> [`Report`] (the
//! computed values) -> [`Report::write`] (the folder). A study of several
//! seeds gives one report per replicate; [`Report::compute_seeds`] keeps
//! the first's and adds the spread of all (`crate::seeds`, in `seeds.rs`).

mod build;
mod error;
mod groupings;
mod seeds;
mod summary;

pub use build::{Report, ReportInputs};
pub use error::ReportError;
pub use groupings::grouping_view;
