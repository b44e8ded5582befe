//! Task-grouping selection: which networks to deploy under an inference
//! budget, given the measured (or estimated) losses of candidate networks.
//!
//! Data flows from a [`LossTable`] (paper TSV, long rows or the long loss
//! frame of `crate::losses`) through the exact [`optimal`] search (a whole budget sweep in
//! one dynamic programme over task subsets), the higher-order approximation
//! ([`LossTable::hoa`]) and the baselines ([`LossTable::independent`],
//! [`LossTable::all_in_one`], [`LossTable::random_draws`]) to [`Selection`]s,
//! which are scored on another table ([`Selection::score`]). [`sweep`] runs
//! every [`Method`] at once into [`Curves`], which serialise to JSON, convert
//! to a polars DataFrame and print as the method x budget [`CurveTable`].
//! Selection works on columns with any names, not on the task catalog: a
//! network's tasks are a [`ColumnSet`] (the crate's one bit set, from
//! `crate::tasks`) and its name is `crate::losses::NetworkId`'s. Pure Rust:
//! no training backend.
//!
//! Where things are: every method of [`LossTable`] is in `table/` (see its
//! module doc: `build.rs` the constructors and conversions, `search.rs` the
//! searches, `baselines.rs` the baselines, `access.rs` the accessors); the
//! algorithms and formats they call are the files beside it (`search.rs`,
//! `hoa.rs`, `random.rs`, `long.rs`, `frame.rs`, `tsv.rs`; `frame_tables.rs`
//! reads a sweep's tables from one long frame), `method.rs` names
//! the methods, `baseline.rs` holds a study's weighted all-task networks
//! ([`BaselineTables`], extra baselines that are not search candidates),
//! `affinity_groups.rs` turns an affinity matrix into groups (TAG's rule,
//! [`group_by_affinity`]), `sweep.rs` runs every method into [`Curves`] (`curves.rs`),
//! `curve_table.rs` prints them and `selection_frame.rs` is the schema of
//! their frame with its reader.
//!
//! ```
//! use taskgroup::select::LossTable;
//! // Two tasks: half-size singles (first row), the two full singles, the pair.
//! let text = "0.5\t0.5\n0.375\t\n\t0.25\n0.625\t0.625\n";
//! let table = LossTable::from_paper_tsv(text, &["a", "b"]).unwrap();
//! let best = table.optimal(&[1.0, 1.5]).unwrap();
//! assert_eq!(best[0].as_ref().unwrap().value, 1.0); // both half-size networks
//! assert_eq!(best[1].as_ref().unwrap().value, 0.75); // half-size a, full-size b
//! ```

mod affinity_groups;
mod baseline;
mod budgets;
mod curve_table;
mod curves;
mod error;
mod frame;
mod frame_tables;
mod generate;
mod grid;
mod hoa;
mod long;
mod method;
mod random;
mod search;
mod selection;
pub mod selection_frame;
mod sweep;
mod table;
mod tsv;

pub use crate::losses::LossRow;
pub use crate::tasks::{ColumnSet, MAX_COLUMNS};
pub use affinity_groups::{
    group_by_affinity, AffinityGroup, AffinityGrouping, AffinityInputError, TaskAffinities,
    MAX_AFFINITY_TASKS,
};
pub use baseline::BaselineTables;
pub use budgets::{budget_range, parse_budgets, BudgetError};
pub use curve_table::{CurveTable, TableLayout};
pub use curves::{CurvePoint, Curves};
pub use error::{
    AffinityTableError, EvalError, HoaError, RandomError, SearchError, SelectError, TableError,
    UnknownMethod,
};
pub use frame_tables::FrameTables;
pub use generate::random_table;
pub use method::Method;
pub use random::{DrawStats, RandomConfig, MAX_ATTEMPTS};
pub use search::{optimal, MEMORY_LIMIT, TIE_TOLERANCE};
pub use selection::{score_picks, Pick, Selection};
pub use selection_frame::{read_selection_frame, SelectionFrameError, SelectionRow};
pub use sweep::{sweep, SweepConfig, Tables};
pub use table::{LossTable, Network};
pub use tsv::paper_tsv_width;

pub(crate) use table::{check_columns, COST_EPS};
