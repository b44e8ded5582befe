//! The paper's networks (ARCHITECTURES.md): the Xception17 family (A) and
//! the full Xception family (B), each at 1 SNT and half size, for any task
//! set, plus a width-scaled `tiny` preset of family A for CPU work.
//!
//! One description drives everything: [`NetSpec`] assembles the layer rows
//! of the specification for an ([`Arch`], [`TaskSet`](crate::tasks::TaskSet)); [`counts`] sums
//! parameters and MACs from it without tch, and (with the `torch` feature)
//! [`MultiTaskNet`] creates its variables and runs its forward pass from the
//! same rows; [`predict`] runs a trained network's checkpoint on a batch.

mod arch;
mod counts;
#[cfg(feature = "torch")]
mod init;
mod layer;
#[cfg(feature = "torch")]
mod net;
#[cfg(feature = "torch")]
mod predict;
mod spec;

pub use arch::{Arch, DecoderWidths, Family, UnknownArch, Widths, TINY_DIVISOR};
pub use counts::{counts, Breakdown, Counts};
pub use layer::{Layer, Op, Stage};
#[cfg(feature = "torch")]
pub use net::MultiTaskNet;
#[cfg(feature = "torch")]
pub use predict::{predict, WeightsError};
pub use spec::{decoder_order, NetSpec, DECODER_ORDER};
