//! Figures with plotters: the affinity heatmap, performance-versus-compute
//! curves (also the estimator comparison's regret figures, `regret.rs`),
//! grouping diagrams, training curves and sample grids.
//!
//! Every figure is a value holding its data; the [`Figure`] trait draws it on
//! any plotters drawing area and renders it to an SVG string ([`Svg`]) or
//! PNG bytes ([`Png`]) (`render.rs`), or a file chosen by extension (saved
//! atomically through [`crate::io`]; a failed save is a [`PlotError`]).
//! `crate::notebook` shows figures inline. Text uses the embedded DejaVu
//! Sans font (see [`font`]).

mod batch_grid;
mod curves;
mod error;
mod figure;
pub mod font;
mod grouping;
mod heatmap;
mod marker;
mod regret;
mod render;
mod samples;
mod style;
mod training;

pub use curves::{Curve, PerformanceCurves, SeriesLook};
pub use error::{PlotError, Result};
pub use figure::Figure;
pub use grouping::{DeployedNetwork, GroupingView};
pub use heatmap::AffinityHeatmap;
pub use marker::Marker;
pub use render::{Png, Svg};
pub use samples::{RgbImage, SampleGrid, TitledImage};
pub use training::{TrainingCurves, TrainingLine, TrainingPanel};
