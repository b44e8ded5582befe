//! What a notebook cell needs, in one `use taskgroup::prelude::*;`.
//!
//! It also re-exports the stack (`polars`, `plotters`, and `tch` with the
//! `torch` feature) so notebooks never add them with `:dep` themselves and
//! always get the versions taskgroup was built with.

pub use crate::analysis::export::{write_csv, write_parquet};
pub use crate::analysis::{
    pearson, AffinityMatrix, AverageChange, Correlation, GroupingComparison, SplitLosses,
};
pub use crate::data::{Dataset, Loader, LoaderConfig, Manifest};
pub use crate::frame::FrameExt;
pub use crate::losses::{NetSize, NetworkId, Split};
pub use crate::notebook::{init, Html, NotebookDisplay};
pub use crate::plot::{
    AffinityHeatmap, Curve, DeployedNetwork, Figure, GroupingView, PerformanceCurves, Png,
    RgbImage, SampleGrid, Svg, TitledImage, TrainingCurves,
};
pub use crate::select::{sweep, LossTable, Method, SweepConfig, Tables};
pub use crate::tasks::{Task, TaskSet};

pub use plotters;
pub use polars;
pub use polars::prelude::DataFrame;
#[cfg(feature = "torch")]
pub use tch;
