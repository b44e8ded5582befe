//! Training curves from a study's history frame: one panel per network, one
//! line per (task, split), loss against epoch.

use super::error::{drawing, invalid, Result};
use super::figure::{check_size, Figure};
use super::font::{ensure_fonts, FONT_FAMILY};
use super::marker::Marker;
use super::style::{series_colour, text, text_size, LABEL_SIZE, SMALL_SIZE, TITLE_SIZE};
use crate::analysis::columns;
use crate::losses::{COST, EPOCH, LOSS, NETWORK, SPLIT, TASK};
use plotters::chart::ChartBuilder;
use plotters::coord::Shift;
use plotters::element::PathElement;
use plotters::prelude::{DashedLineSeries, DrawingArea, DrawingBackend, LineSeries, Text};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, IntoFont, ShapeStyle, BLACK};
use polars::prelude::DataFrame;

const FIGURE: &str = "training curves";
const PAD: i32 = 16;

/// One (task, split) line of a panel.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainingLine {
    /// The task.
    pub task: String,
    /// The split ("train", "val", ...).
    pub split: String,
    /// `(epoch, loss)` points, by epoch.
    pub points: Vec<(i64, f64)>,
}

/// One network's panel.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainingPanel {
    /// The network's name ("s+d").
    pub network: String,
    /// Its cost, when the frame has a `cost` column.
    pub cost: Option<f64>,
    /// Its lines.
    pub lines: Vec<TrainingLine>,
}

/// Loss against epoch for each network of a study. Colours tell tasks
/// apart, line styles splits (train solid, val dashed, others dotted).
#[derive(Clone, Debug, PartialEq)]
pub struct TrainingCurves {
    /// The panels, in order of first appearance in the frame.
    pub panels: Vec<TrainingPanel>,
    /// The tasks, in order of first appearance (their colour order).
    pub tasks: Vec<String>,
    /// The splits, in order of first appearance (their line style order).
    pub splits: Vec<String>,
    /// The title.
    pub title: String,
    /// Panels per row.
    pub per_row: usize,
    /// The size of one panel in pixels.
    pub panel_size: (u32, u32),
}

impl TrainingCurves {
    /// Reads a history frame with columns `network` (str), `epoch` (integer),
    /// `split` (str), `task` (str), `loss` (f64) and optionally `cost`
    /// (f64; networks of the same name and different cost get their own
    /// panels). Each (network, cost, task, split, epoch) may appear once.
    pub fn from_frame(df: &DataFrame) -> Result<Self> {
        let networks = columns::strings(df, NETWORK)?;
        let epochs = columns::integers(df, EPOCH)?;
        let splits = columns::strings(df, SPLIT)?;
        let tasks = columns::strings(df, TASK)?;
        let losses = columns::floats(df, LOSS)?;
        let costs = if columns::has(df, COST) {
            columns::floats(df, COST)?.into_iter().map(Some).collect()
        } else {
            vec![None; df.height()]
        };
        let mut out = TrainingCurves {
            panels: Vec::new(),
            tasks: Vec::new(),
            splits: Vec::new(),
            title: "Training curves".into(),
            per_row: 3,
            panel_size: (420, 300),
        };
        for row in 0..df.height() {
            let p = match out
                .panels
                .iter()
                .position(|p| p.network == networks[row] && p.cost == costs[row])
            {
                Some(p) => p,
                None => {
                    out.panels.push(TrainingPanel {
                        network: networks[row].clone(),
                        cost: costs[row],
                        lines: Vec::new(),
                    });
                    out.panels.len() - 1
                }
            };
            let panel = &mut out.panels[p];
            let l = match panel
                .lines
                .iter()
                .position(|l| l.task == tasks[row] && l.split == splits[row])
            {
                Some(l) => l,
                None => {
                    panel.lines.push(TrainingLine {
                        task: tasks[row].clone(),
                        split: splits[row].clone(),
                        points: Vec::new(),
                    });
                    panel.lines.len() - 1
                }
            };
            let line = &mut panel.lines[l];
            if line.points.iter().any(|&(e, _)| e == epochs[row]) {
                return Err(invalid(
                    FIGURE,
                    format!(
                        "row {row}: network `{}` has two `{}` losses for task `{}` at epoch {}",
                        networks[row], splits[row], tasks[row], epochs[row]
                    ),
                ));
            }
            line.points.push((epochs[row], losses[row]));
            if !out.tasks.contains(&tasks[row]) {
                out.tasks.push(tasks[row].clone());
            }
            if !out.splits.contains(&splits[row]) {
                out.splits.push(splits[row].clone());
            }
        }
        for line in out.panels.iter_mut().flat_map(|p| p.lines.iter_mut()) {
            line.points.sort_by_key(|&(e, _)| e);
        }
        Ok(out)
    }

    /// Sets the title.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// Sets the number of panels per row.
    pub fn with_per_row(mut self, per_row: usize) -> Self {
        self.per_row = per_row;
        self
    }

    /// Keeps only the panels of the named networks (every size of each),
    /// in the order given.
    pub fn with_networks<S: AsRef<str>>(mut self, networks: &[S]) -> Self {
        let mut kept = Vec::new();
        for name in networks {
            kept.extend(
                self.panels
                    .iter()
                    .filter(|p| p.network == name.as_ref())
                    .cloned(),
            );
        }
        self.panels = kept;
        self
    }

    fn grid(&self) -> Result<(usize, usize)> {
        if self.panels.is_empty() {
            return Err(invalid(FIGURE, "the history has no row"));
        }
        if self.per_row == 0 {
            return Err(invalid(FIGURE, "per_row must be at least 1"));
        }
        let cols = self.per_row.min(self.panels.len());
        Ok((self.panels.len().div_ceil(cols), cols))
    }

    fn header_height(&self) -> i32 {
        PAD + TITLE_SIZE as i32 + 12 + LABEL_SIZE as i32 + 12
    }

    /// The line style of a split: train solid, val dashed, others dotted.
    fn dash(&self, split: &str) -> Option<(u32, u32)> {
        match split {
            "train" => None,
            "val" => Some((8, 5)),
            _ => Some((2, 4)),
        }
    }
}

impl Figure for TrainingCurves {
    fn size(&self) -> Result<(u32, u32)> {
        let (rows, cols) = self.grid()?;
        let (pw, ph) = self.panel_size;
        check_size(
            FIGURE,
            (
                pw * cols as u32,
                self.header_height() as u32 + ph * rows as u32,
            ),
        )
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        ensure_fonts()?;
        let (rows, cols) = self.grid()?;
        let d = |e| drawing(e);
        area.draw(&Text::new(
            self.title.clone(),
            (PAD, PAD),
            text(TITLE_SIZE, HPos::Left, VPos::Top),
        ))
        .map_err(d)?;
        // Legend: task colours, then split styles.
        let mut x = PAD;
        let y = PAD + TITLE_SIZE as i32 + 12 + LABEL_SIZE as i32 / 2;
        for (t, task) in self.tasks.iter().enumerate() {
            area.draw(&PathElement::new(
                vec![(x, y), (x + 22, y)],
                series_colour(t).stroke_width(3),
            ))
            .map_err(d)?;
            area.draw(&Text::new(
                task.clone(),
                (x + 28, y),
                text(SMALL_SIZE, HPos::Left, VPos::Center),
            ))
            .map_err(d)?;
            x += 28 + text_size(task, SMALL_SIZE)?.0 as i32 + 16;
        }
        x += 16;
        for split in &self.splits {
            let style: ShapeStyle = BLACK.stroke_width(2);
            match self.dash(split) {
                None => area
                    .draw(&PathElement::new(vec![(x, y), (x + 26, y)], style))
                    .map_err(d)?,
                Some((len, gap)) => {
                    let mut s = x;
                    while s < x + 26 {
                        let e = (s + len as i32).min(x + 26);
                        area.draw(&PathElement::new(vec![(s, y), (e, y)], style))
                            .map_err(d)?;
                        s = e + gap as i32;
                    }
                }
            }
            area.draw(&Text::new(
                split.clone(),
                (x + 32, y),
                text(SMALL_SIZE, HPos::Left, VPos::Center),
            ))
            .map_err(d)?;
            x += 32 + text_size(split, SMALL_SIZE)?.0 as i32 + 16;
        }

        let body = area.margin(self.header_height() as u32, 0, 0, 0);
        let cells = body.split_evenly((rows, cols));
        for (panel, cell) in self.panels.iter().zip(cells.iter()) {
            let points = panel.lines.iter().flat_map(|l| l.points.iter());
            let (mut e0, mut e1, mut y0, mut y1) =
                (i64::MAX, i64::MIN, f64::INFINITY, f64::NEG_INFINITY);
            for &(e, v) in points {
                e0 = e0.min(e);
                e1 = e1.max(e);
                y0 = y0.min(v);
                y1 = y1.max(v);
            }
            let ypad = if y1 > y0 {
                (y1 - y0) * 0.08
            } else {
                y0.abs().max(1e-3) * 0.05
            };
            let xpad = if e1 > e0 { 0.0 } else { 0.5 };
            let caption = match panel.cost {
                Some(c) if c != 1.0 => format!("{} (cost {c})", panel.network),
                _ => panel.network.clone(),
            };
            let mut chart = ChartBuilder::on(cell)
                .caption(caption, (FONT_FAMILY, LABEL_SIZE).into_font())
                .margin(10)
                .x_label_area_size(36)
                .y_label_area_size(56)
                .build_cartesian_2d(e0 as f64 - xpad..e1 as f64 + xpad, y0 - ypad..y1 + ypad)
                .map_err(d)?;
            chart
                .configure_mesh()
                .x_desc("epoch")
                .axis_desc_style((FONT_FAMILY, SMALL_SIZE))
                .label_style((FONT_FAMILY, SMALL_SIZE))
                .x_labels(6)
                .y_labels(5)
                .x_label_formatter(&|x| format!("{x:.0}"))
                .y_label_formatter(&|y| format!("{y:.3}"))
                .light_line_style(BLACK.mix(0.04))
                .bold_line_style(BLACK.mix(0.1))
                .draw()
                .map_err(d)?;
            for line in &panel.lines {
                let t = self
                    .tasks
                    .iter()
                    .position(|t| *t == line.task)
                    .expect("task collected from the same frame");
                let style: ShapeStyle = series_colour(t).stroke_width(2);
                let pts: Vec<(f64, f64)> =
                    line.points.iter().map(|&(e, v)| (e as f64, v)).collect();
                if let [only] = pts[..] {
                    // A single epoch draws no line: show it as a point.
                    chart
                        .draw_series(std::iter::once(Marker::Circle.at(only, 3, style)))
                        .map_err(d)?;
                    continue;
                }
                match self.dash(&line.split) {
                    None => chart.draw_series(LineSeries::new(pts, style)).map(|_| ()),
                    Some((len, gap)) => chart
                        .draw_series(DashedLineSeries::new(pts, len, gap, style))
                        .map(|_| ()),
                }
                .map_err(d)?;
            }
        }
        Ok(())
    }
}
