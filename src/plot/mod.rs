//! Figures with plotters: the affinity heatmap, performance-versus-compute
//! curves, grouping diagrams, training curves and sample grids.
//!
//! Every figure is a value holding its data; the [`Figure`] trait draws it on
//! any plotters drawing area and renders it to an SVG string
//! ([`crate::notebook::Svg`]), PNG bytes ([`crate::notebook::Png`]), a file
//! chosen by extension, or inline in a notebook cell. Text uses the embedded
//! DejaVu Sans font (see [`font`]).

mod batch_grid;
mod curves;
mod error;
mod figure;
pub mod font;
mod grouping;
mod heatmap;
mod marker;
mod samples;
mod style;
mod training;

pub use curves::{Curve, PerformanceCurves};
pub use error::{PlotError, Result};
pub use figure::Figure;
pub use grouping::{DeployedNetwork, GroupingView};
pub use heatmap::AffinityHeatmap;
pub use marker::Marker;
pub use samples::{RgbImage, SampleGrid, TitledImage};
pub use training::{TrainingCurves, TrainingLine, TrainingPanel};
