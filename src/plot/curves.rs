//! Performance versus compute, the paper's main figure: the total test loss
//! of each method's grouping against the inference budget.

use super::error::{drawing, invalid, Result};
use super::figure::{check_size, Figure};
use super::font::{ensure_fonts, FONT_FAMILY};
use super::marker::Marker;
use super::style::{LABEL_SIZE, SMALL_SIZE, TITLE_SIZE};
use crate::analysis::GroupingComparison;
use crate::select::Method;
use crate::train::WeightingKind;
use plotters::chart::{ChartBuilder, SeriesLabelPosition};
use plotters::coord::Shift;
use plotters::element::{EmptyElement, PathElement};
use plotters::prelude::{DrawingArea, DrawingBackend, LineSeries};
use plotters::style::{Color, IntoFont, RGBColor, ShapeStyle, BLACK, WHITE};

const FIGURE: &str = "performance curves";

/// How a series is drawn: its legend name, colour and marker. Selection
/// [`Method`]s have theirs here; the comparison's estimators theirs in
/// `plot/regret.rs`.
pub trait SeriesLook: Copy {
    /// Legend name, colour and marker.
    fn look(self) -> (&'static str, RGBColor, Marker);
}

/// One method's points: `(budget, total test loss)`, with error bars
/// where they are known (a study of several seeds).
#[derive(Clone, Debug, PartialEq)]
pub struct Curve<M = Method> {
    /// The method (it sets the legend name, colour and marker).
    pub method: M,
    /// `(budget, total loss)` points, drawn in x order.
    pub points: Vec<(f64, f64)>,
    /// `(budget, low, high)`: a vertical bar per budget (an interval
    /// across seeds); empty for none.
    pub bars: Vec<(f64, f64, f64)>,
}

impl<M> Curve<M> {
    /// A curve of `points` without error bars.
    pub fn new(method: M, points: Vec<(f64, f64)>) -> Self {
        Curve {
            method,
            points,
            bars: Vec::new(),
        }
    }
}

/// Total test loss against inference budget, one line with markers per
/// method, with a legend (the paper's figure 2 style). Each method has a
/// fixed colour, shape and legend name. A curve without points is left out of the plot and its legend.
#[derive(Clone, Debug, PartialEq)]
pub struct PerformanceCurves<M = Method> {
    /// The curves, drawn in order (the legend follows it).
    pub curves: Vec<Curve<M>>,
    /// The title.
    pub title: String,
    /// The x axis label.
    pub x_label: String,
    /// The y axis label.
    pub y_label: String,
    /// Width and height in pixels.
    pub size: (u32, u32),
}

impl SeriesLook for Method {
    fn look(self) -> (&'static str, RGBColor, Marker) {
        match self {
            Method::Optimal => ("Optimal", RGBColor(214, 39, 40), Marker::Circle),
            Method::Esa => ("ESA", RGBColor(31, 119, 180), Marker::Triangle),
            Method::Hoa => ("HOA", RGBColor(44, 160, 44), Marker::Square),
            Method::Random => ("Random", RGBColor(127, 127, 127), Marker::Cross),
            Method::Worst => ("Worst", RGBColor(148, 103, 189), Marker::Ring),
            Method::Independent => ("Independent", RGBColor(255, 127, 14), Marker::Box),
            Method::AllInOne => ("All-in-one", RGBColor(140, 86, 75), Marker::Triangle),
            Method::Weighted(kind) => {
                let (colour, marker) = match kind {
                    WeightingKind::GradNorm => (RGBColor(227, 119, 194), Marker::Square),
                    WeightingKind::Mgda => (RGBColor(23, 190, 207), Marker::Circle),
                    WeightingKind::Uncertainty => (RGBColor(188, 189, 34), Marker::Ring),
                    WeightingKind::PcGrad => (RGBColor(64, 64, 64), Marker::Cross),
                    // The plain sum's all-task network is `AllInOne`.
                    WeightingKind::Sum => (RGBColor(140, 86, 75), Marker::Triangle),
                };
                (kind.label(), colour, marker)
            }
        }
    }
}

impl<M: SeriesLook> PerformanceCurves<M> {
    /// Curves with the default title, labels and size.
    pub fn new(curves: Vec<Curve<M>>) -> Self {
        PerformanceCurves {
            curves,
            title: "Performance versus compute".into(),
            x_label: "Inference budget (full-size networks)".into(),
            y_label: "Total test loss".into(),
            size: (800, 520),
        }
    }

    /// Sets the axis labels.
    pub fn with_labels(mut self, x: impl Into<String>, y: impl Into<String>) -> Self {
        self.x_label = x.into();
        self.y_label = y.into();
        self
    }

    /// Sets the title.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// Sets the size in pixels.
    pub fn with_size(mut self, width: u32, height: u32) -> Self {
        self.size = (width, height);
        self
    }

    /// How far error bars may reach: the points' own y span again on
    /// either side of it (a bar reaching further is cut there, drawn
    /// without its cap, so that one wild interval leaves the curves
    /// readable). `None` without points.
    fn bar_limits(&self) -> Option<(f64, f64)> {
        let ys = self
            .curves
            .iter()
            .flat_map(|c| c.points.iter().map(|p| p.1));
        let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
            (a.min(y), b.max(y))
        });
        let reach = (hi - lo).max(lo.abs().max(1e-3) * 0.05);
        (lo <= hi).then_some((lo - reach, hi + reach))
    }

    /// The ranges of the axes, padded by 5% (at least 0.25 budget units).
    fn ranges(&self) -> Result<((f64, f64), (f64, f64))> {
        let (bar_lo, bar_hi) = self
            .bar_limits()
            .unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
        let points: Vec<(f64, f64)> = self
            .curves
            .iter()
            .flat_map(|c| {
                let bars = c
                    .bars
                    .iter()
                    .flat_map(move |&(x, lo, hi)| [(x, lo.max(bar_lo)), (x, hi.min(bar_hi))]);
                c.points.iter().copied().chain(bars)
            })
            .collect();
        if points.is_empty() {
            return Err(invalid(FIGURE, "no curve has a point"));
        }
        if let Some(&(x, y)) = points
            .iter()
            .find(|(x, y)| !x.is_finite() || !y.is_finite())
        {
            return Err(invalid(
                FIGURE,
                format!("the point ({x}, {y}) is not finite"),
            ));
        }
        let span = |f: fn(&(f64, f64)) -> f64| {
            let lo = points.iter().map(f).fold(f64::INFINITY, f64::min);
            let hi = points.iter().map(f).fold(f64::NEG_INFINITY, f64::max);
            (lo, hi)
        };
        let (x0, x1) = span(|p| p.0);
        let (y0, y1) = span(|p| p.1);
        let xpad = ((x1 - x0) * 0.05).max(0.25);
        let ypad = if y1 > y0 {
            (y1 - y0) * 0.08
        } else {
            y0.abs().max(1e-3) * 0.05
        };
        Ok(((x0 - xpad, x1 + xpad), (y0 - ypad, y1 + ypad)))
    }
}

impl PerformanceCurves {
    /// Every method's total test loss from a grouping comparison (budgets
    /// without a test total are left out).
    pub fn from_comparison(comparison: &GroupingComparison) -> Self {
        Self::new(
            comparison
                .methods
                .iter()
                .map(|&m| Curve::new(m, comparison.test_curve(m)))
                .collect(),
        )
    }
}

impl<M: SeriesLook> Figure for PerformanceCurves<M> {
    fn size(&self) -> Result<(u32, u32)> {
        check_size(FIGURE, self.size)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        ensure_fonts()?;
        let ((x0, x1), (y0, y1)) = self.ranges()?;
        let (lo_y, hi_y) = (y0, y1);
        let d = |e| drawing(e);
        let mut chart = ChartBuilder::on(area)
            .caption(&self.title, (FONT_FAMILY, TITLE_SIZE).into_font())
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(72)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(d)?;
        chart
            .configure_mesh()
            .x_desc(self.x_label.as_str())
            .y_desc(self.y_label.as_str())
            .axis_desc_style((FONT_FAMILY, LABEL_SIZE))
            .label_style((FONT_FAMILY, SMALL_SIZE))
            .x_label_formatter(&|x| format!("{x:.1}"))
            .y_label_formatter(&|y| format!("{y:.3}"))
            .light_line_style(BLACK.mix(0.05))
            .bold_line_style(BLACK.mix(0.12))
            .draw()
            .map_err(d)?;
        for curve in self.curves.iter().filter(|c| !c.points.is_empty()) {
            let (name, colour, marker) = curve.method.look();
            let mut points = curve.points.clone();
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            let line: ShapeStyle = colour.stroke_width(2);
            chart
                .draw_series(LineSeries::new(points.iter().copied(), line))
                .map_err(d)?
                .label(name)
                .legend(move |(x, y)| {
                    EmptyElement::at((x, y))
                        + PathElement::new(vec![(-4, 0), (22, 0)], line)
                        + marker.at((9, 0), 4, line)
                });
            chart
                .draw_series(points.iter().map(|&p| marker.at(p, 4, line)))
                .map_err(d)?;
            let bar: ShapeStyle = colour.mix(0.7).stroke_width(1);
            // A cap is 1.5% of the budget axis wide.
            let cap = 0.015 * (x1 - x0);
            let (bar_lo, bar_hi) = self.bar_limits().unwrap_or((lo_y, hi_y));
            for &(x, lo, hi) in &curve.bars {
                let (a, b) = (lo.max(bar_lo), hi.min(bar_hi));
                let mut lines = vec![PathElement::new(vec![(x, a), (x, b)], bar)];
                // A cut end has no cap: the interval goes on.
                for (end, cut) in [(a, lo < bar_lo), (b, hi > bar_hi)] {
                    if !cut {
                        lines.push(PathElement::new(vec![(x - cap, end), (x + cap, end)], bar));
                    }
                }
                chart.draw_series(lines).map_err(d)?;
            }
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .label_font((FONT_FAMILY, SMALL_SIZE))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.4))
            .margin(10)
            .legend_area_size(34)
            .draw()
            .map_err(d)?;
        Ok(())
    }
}
