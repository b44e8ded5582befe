//! The affinity heatmap: one cell per (task, partner) pair with the relative
//! change written in it, on a diverging colour scale centred at zero.

use super::error::{drawing, invalid, Result};
use super::figure::{check_size, Figure};
use super::style::{
    diverging, ink_on, max_text_width, mix, text, text_size, LABEL_SIZE, MISSING, SMALL_SIZE,
    TITLE_SIZE,
};
use crate::analysis::AffinityMatrix;
use crate::seeds::AffinitySpread;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, Rectangle, Text};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, BLACK};

const FIGURE: &str = "affinity heatmap";
const PAD: i32 = 16;
const BAR_WIDTH: i32 = 18;
const BAR_STEPS: i32 = 64;

/// A heatmap of an [`AffinityMatrix`]: rows are the tasks whose loss changes,
/// columns the partner trained with them; each cell shows the relative change
/// in percent (positive = the partner helps), coloured red for positive and
/// blue for negative, white at zero, scaled by the largest magnitude.
#[derive(Clone, Debug, PartialEq)]
pub struct AffinityHeatmap {
    /// The affinities drawn.
    pub matrix: AffinityMatrix,
    /// The title above the grid.
    pub title: String,
    /// The side of a cell in pixels (widened when a value does not fit).
    pub cell: u32,
    /// The affinities across seeds, when `matrix` is their mean
    /// ([`AffinityHeatmap::with_intervals`]): each cell also shows its
    /// interval's half width, and a cell whose interval contains zero is
    /// drawn pale with its value in parentheses.
    pub intervals: Option<AffinitySpread>,
}

impl AffinityHeatmap {
    /// A heatmap of `matrix` with the default title and cell size.
    pub fn new(matrix: AffinityMatrix) -> Self {
        AffinityHeatmap {
            matrix,
            title: "Task affinity: relative change of the row task's loss".into(),
            cell: 72,
            intervals: None,
        }
    }

    /// A heatmap of the mean affinities across seeds, with their intervals.
    pub fn with_intervals(spread: &AffinitySpread) -> Self {
        AffinityHeatmap {
            intervals: Some(spread.clone()),
            ..AffinityHeatmap::new(spread.means())
        }
    }

    /// The text of cell (`i`, `j`) holding `v`: the value, in parentheses
    /// when its interval contains zero, and the interval's half width.
    fn cell_text(&self, i: usize, j: usize, v: f64) -> (String, Option<String>) {
        match &self.intervals {
            Some(a) => match a.values[i][j] {
                Some(c) => {
                    let width = format!("±{:.1}", c.half_width() * 100.0);
                    if c.contains(0.0) {
                        (format!("({})", percent(v)), Some(width))
                    } else {
                        (percent(v), Some(width))
                    }
                }
                None => (percent(v), None),
            },
            None => (percent(v), None),
        }
    }

    fn caption(&self) -> String {
        match &self.intervals {
            Some(a) => format!(
                "{}; mean of {} seeds, ± half its 95% interval; pale, in (): the interval contains 0",
                caption(),
                a.seeds()
            ),
            None => caption().to_string(),
        }
    }

    /// Sets the title.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// Sets the cell side in pixels.
    pub fn with_cell(mut self, cell: u32) -> Self {
        self.cell = cell;
        self
    }

    fn scale(&self) -> f64 {
        let m = self.matrix.max_abs();
        if m > 0.0 {
            m
        } else {
            1.0
        }
    }

    fn layout(&self) -> Result<Layout> {
        let n = self.matrix.tasks.len();
        if n == 0 {
            return Err(invalid(FIGURE, "the matrix has no task"));
        }
        if self.matrix.values.len() != n || self.matrix.values.iter().any(|r| r.len() != n) {
            return Err(invalid(
                FIGURE,
                format!("the values are not a {n}x{n} matrix"),
            ));
        }
        let values = (0..n)
            .flat_map(|i| (0..n).map(move |j| (i, j)))
            .filter_map(|(i, j)| self.matrix.values[i][j].map(|v| self.cell_text(i, j, v).0))
            .collect::<Vec<_>>();
        // Wide enough for every value and every column label.
        let cell = self
            .cell
            .max(max_text_width(values.iter().map(String::as_str), LABEL_SIZE)? + 12)
            .max(max_text_width(self.matrix.tasks.iter().map(String::as_str), LABEL_SIZE)? + 10)
            as i32;
        let row_label =
            max_text_width(self.matrix.tasks.iter().map(String::as_str), LABEL_SIZE)? as i32 + 12;
        let bar_label = max_text_width(
            [
                percent(self.scale()).as_str(),
                percent(-self.scale()).as_str(),
            ],
            SMALL_SIZE,
        )? as i32;
        let title_h = text_size(&self.title, TITLE_SIZE)?.1 as i32 + 12;
        let grid_x = PAD + row_label;
        let grid_y = PAD + title_h + LABEL_SIZE as i32 + 12;
        let grid = cell * n as i32;
        let bar_x = grid_x + grid + 24;
        let caption = self.caption();
        let width = (bar_x + BAR_WIDTH + 8 + bar_label + PAD)
            .max(PAD * 2 + text_size(&self.title, TITLE_SIZE)?.0 as i32)
            .max(PAD * 2 + text_size(&caption, SMALL_SIZE)?.0 as i32);
        let height = grid_y + grid + 12 + SMALL_SIZE as i32 + PAD;
        Ok(Layout {
            cell,
            grid_x,
            grid_y,
            bar_x,
            width,
            height,
        })
    }
}

impl From<AffinityMatrix> for AffinityHeatmap {
    fn from(matrix: AffinityMatrix) -> Self {
        AffinityHeatmap::new(matrix)
    }
}

struct Layout {
    cell: i32,
    grid_x: i32,
    grid_y: i32,
    bar_x: i32,
    width: i32,
    height: i32,
}

/// A relative change as a signed percentage with one decimal.
fn percent(v: f64) -> String {
    format!("{:+.1}%", v * 100.0)
}

fn caption() -> &'static str {
    "cell = (L_row alone - L_row with column) / L_row alone; red: the column task helps"
}

impl Figure for AffinityHeatmap {
    fn size(&self) -> Result<(u32, u32)> {
        let l = self.layout()?;
        check_size(FIGURE, (l.width as u32, l.height as u32))
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let l = self.layout()?;
        let tasks = &self.matrix.tasks;
        let scale = self.scale();
        let grid = l.cell * tasks.len() as i32;
        let d = |e| drawing(e);
        area.draw(&Text::new(
            self.title.clone(),
            (PAD, PAD),
            text(TITLE_SIZE, HPos::Left, VPos::Top),
        ))
        .map_err(d)?;
        for (j, partner) in tasks.iter().enumerate() {
            let x = l.grid_x + l.cell * j as i32 + l.cell / 2;
            area.draw(&Text::new(
                partner.clone(),
                (x, l.grid_y - 8),
                text(LABEL_SIZE, HPos::Center, VPos::Bottom),
            ))
            .map_err(d)?;
        }
        for (i, task) in tasks.iter().enumerate() {
            let y0 = l.grid_y + l.cell * i as i32;
            area.draw(&Text::new(
                task.clone(),
                (l.grid_x - 10, y0 + l.cell / 2),
                text(LABEL_SIZE, HPos::Right, VPos::Center),
            ))
            .map_err(d)?;
            for j in 0..tasks.len() {
                let x0 = l.grid_x + l.cell * j as i32;
                let (fill, label, width) = match self.matrix.values[i][j] {
                    _ if i == j => (MISSING, String::new(), None),
                    Some(v) => {
                        let (label, width) = self.cell_text(i, j, v);
                        let fill = diverging(v / scale);
                        let pale = self
                            .intervals
                            .as_ref()
                            .is_some_and(|a| a.contains_zero(i, j));
                        (
                            if pale { mix(fill, MISSING, 0.5) } else { fill },
                            label,
                            width,
                        )
                    }
                    None => (MISSING, "n/a".to_string(), None),
                };
                area.draw(&Rectangle::new(
                    [(x0, y0), (x0 + l.cell, y0 + l.cell)],
                    fill.filled(),
                ))
                .map_err(d)?;
                area.draw(&Rectangle::new(
                    [(x0, y0), (x0 + l.cell, y0 + l.cell)],
                    BLACK.mix(0.25).stroke_width(1),
                ))
                .map_err(d)?;
                if !label.is_empty() {
                    let ink = ink_on(fill);
                    let centre = (x0 + l.cell / 2, y0 + l.cell / 2);
                    let style = text(LABEL_SIZE, HPos::Center, VPos::Center).color(&ink);
                    match width {
                        Some(w) => {
                            let below = text(SMALL_SIZE, HPos::Center, VPos::Top).color(&ink);
                            let above = text(LABEL_SIZE, HPos::Center, VPos::Bottom).color(&ink);
                            area.draw(&Text::new(label, (centre.0, centre.1 + 2), above))
                                .map_err(d)?;
                            area.draw(&Text::new(w, (centre.0, centre.1 + 4), below))
                                .map_err(d)?;
                        }
                        None => area.draw(&Text::new(label, centre, style)).map_err(d)?,
                    }
                }
            }
        }
        // The colour bar: +scale at the top, 0 in the middle, -scale at the bottom.
        for s in 0..BAR_STEPS {
            let y0 = l.grid_y + grid * s / BAR_STEPS;
            let y1 = l.grid_y + grid * (s + 1) / BAR_STEPS;
            let t = 1.0 - 2.0 * (s as f64 + 0.5) / BAR_STEPS as f64;
            area.draw(&Rectangle::new(
                [(l.bar_x, y0), (l.bar_x + BAR_WIDTH, y1)],
                diverging(t).filled(),
            ))
            .map_err(d)?;
        }
        area.draw(&Rectangle::new(
            [(l.bar_x, l.grid_y), (l.bar_x + BAR_WIDTH, l.grid_y + grid)],
            BLACK.stroke_width(1),
        ))
        .map_err(d)?;
        let tick_x = l.bar_x + BAR_WIDTH + 6;
        for (y, v) in [
            (l.grid_y, scale),
            (l.grid_y + grid / 2, 0.0),
            (l.grid_y + grid, -scale),
        ] {
            let label = if v == 0.0 {
                "0%".to_string()
            } else {
                percent(v)
            };
            area.draw(&Text::new(
                label,
                (tick_x, y),
                text(SMALL_SIZE, HPos::Left, VPos::Center),
            ))
            .map_err(d)?;
        }
        area.draw(&Text::new(
            self.caption(),
            (PAD, l.grid_y + grid + 12),
            text(SMALL_SIZE, HPos::Left, VPos::Top),
        ))
        .map_err(d)?;
        Ok(())
    }
}
