//! The loss seam: what a study hands to selection, analysis and plots.
//!
//! - `split.rs`: [`Split`] (train, val, test, esa), its one name and parser.
//! - `network.rs`: a network's identity, [`NetworkId`] (a
//!   [`ColumnSet`](crate::tasks::ColumnSet) of tasks and a cost), with the one
//!   display name (`s+d+n`) and its parser, and [`NetSize`], where the costs
//!   of full- and half-size networks are defined.
//! - `frame.rs`: the long loss frame's schema ([`LOSS_FRAME_COLUMNS`]) with
//!   its one writer ([`write_frame`], typed [`LossRow`]s in) and one reader
//!   ([`read_frame`], typed [`FrameRow`]s out, [`FrameError`]s located by
//!   column and row).
//! - `file.rs`: [`read_loss_file`], the frame from a `.csv` or `.parquet`
//!   file (a researcher's own losses), with [`LossFileError`]s naming it.
//! - `column.rs`: typed column access with located [`ColumnError`]s, shared
//!   with the other frame readers.
//!
//! Depends only on [`tasks`](crate::tasks) and polars; pure Rust (no
//! training backend). `study` writes the frame, `select`, `analysis` and
//! `plot` read it.

pub mod column;
mod file;
mod frame;
mod network;
mod split;

pub use column::ColumnError;
pub use file::{read_loss_file, LossFileError};
pub use frame::{
    read_frame, write_frame, FrameError, FrameRow, LossFrame, LossRow, COST, EPOCH, ESTIMATED,
    LOSS, LOSS_FRAME_COLUMNS, LR, NETWORK, SPLIT, TASK,
};
pub use network::{NameError, NetSize, NetworkId, SEPARATOR};
pub use split::{Split, SplitError};
