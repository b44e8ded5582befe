//! The grouping diagram: for each budget, the deployed networks as rows,
//! the tasks as columns, which task each network serves, which tasks it
//! carries only as auxiliary tasks, and its cost.

use super::error::{drawing, invalid, Result};
use super::figure::{check_size, Figure};
use super::style::{
    max_text_width, series_colour, text, text_size, tint, LABEL_SIZE, SMALL_SIZE, TITLE_SIZE,
};
use crate::losses::NetworkId;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, Rectangle, Text};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor, BLACK};

const FIGURE: &str = "grouping diagram";
const PAD: i32 = 16;
const CELL: i32 = 34;
const ROW_GAP: i32 = 4;
const PANEL_GAP: i32 = 28;

/// One deployed network of a grouping.
#[derive(Clone, Debug, PartialEq)]
pub struct DeployedNetwork {
    /// The tasks the network carries (its heads).
    pub tasks: Vec<String>,
    /// The tasks whose predictions are taken from this network; the carried
    /// tasks it does not serve are auxiliary.
    pub serves: Vec<String>,
    /// Its cost in full-size network units.
    pub cost: f64,
}

impl DeployedNetwork {
    /// The tasks it carries but does not serve.
    pub fn auxiliary(&self) -> Vec<&str> {
        self.tasks
            .iter()
            .filter(|t| !self.serves.contains(t))
            .map(String::as_str)
            .collect()
    }

    /// Its identity among `columns` (carried tasks that are not columns are
    /// left out; `GroupingView` rejects them before drawing).
    pub fn id(&self, columns: &[String]) -> NetworkId {
        let tasks = columns
            .iter()
            .enumerate()
            .filter(|(_, c)| self.tasks.contains(c))
            .map(|(i, _)| i)
            .collect();
        NetworkId::new(tasks, self.cost)
    }

    /// Its name: [`NetworkId::name`] (the carried tasks in column order joined by "+").
    fn name(&self, columns: &[String]) -> String {
        self.id(columns).name(columns)
    }
}

/// The groupings chosen at each budget, drawn as one panel per budget.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupingView {
    /// The task columns, in display order.
    pub columns: Vec<String>,
    /// Per budget, the deployed networks.
    pub budgets: Vec<(f64, Vec<DeployedNetwork>)>,
    /// The title.
    pub title: String,
    /// Panels per row of the figure.
    pub per_row: usize,
}

impl GroupingView {
    /// A view with the default title and three panels per row.
    pub fn new(columns: Vec<String>, budgets: Vec<(f64, Vec<DeployedNetwork>)>) -> Self {
        GroupingView {
            columns,
            budgets,
            title: "Chosen networks per budget".into(),
            per_row: 3,
        }
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

    fn validate(&self) -> Result<()> {
        if self.columns.is_empty() {
            return Err(invalid(FIGURE, "no task column"));
        }
        if self.budgets.is_empty() {
            return Err(invalid(FIGURE, "no budget"));
        }
        if self.per_row == 0 {
            return Err(invalid(FIGURE, "per_row must be at least 1"));
        }
        for (budget, networks) in &self.budgets {
            for n in networks {
                if n.tasks.is_empty() {
                    return Err(invalid(
                        FIGURE,
                        format!("budget {budget}: a network carries no task"),
                    ));
                }
                if let Some(t) = n.tasks.iter().find(|t| !self.columns.contains(t)) {
                    return Err(invalid(
                        FIGURE,
                        format!("budget {budget}: task `{t}` is not a column"),
                    ));
                }
                if let Some(t) = n.serves.iter().find(|t| !n.tasks.contains(t)) {
                    return Err(invalid(
                        FIGURE,
                        format!("budget {budget}: a network serves `{t}` without carrying it"),
                    ));
                }
            }
        }
        Ok(())
    }

    fn layout(&self) -> Result<Layout> {
        self.validate()?;
        let names = self
            .budgets
            .iter()
            .flat_map(|(_, ns)| ns.iter().map(|n| n.name(&self.columns)))
            .collect::<Vec<_>>();
        let name_w = max_text_width(names.iter().map(String::as_str), LABEL_SIZE)? as i32 + 12;
        let cell = CELL
            .max(max_text_width(self.columns.iter().map(String::as_str), LABEL_SIZE)? as i32 + 8);
        let cost_w = text_size("cost 0.5", SMALL_SIZE)?.0 as i32 + 12;
        let panel_w = (name_w + cell * self.columns.len() as i32 + cost_w)
            .max(text_size(&header(9.5, 9.5, 9), LABEL_SIZE)?.0 as i32);
        let header_h = LABEL_SIZE as i32 + 10;
        let rows: Vec<usize> = self
            .budgets
            .chunks(self.per_row)
            .map(|c| c.iter().map(|(_, n)| n.len()).max().unwrap_or(0))
            .collect();
        let panel_h = |r: usize| header_h + (LABEL_SIZE as i32 + 8) + (cell + ROW_GAP) * r as i32;
        let top = PAD + TITLE_SIZE as i32 + 14 + LABEL_SIZE as i32 + 18;
        let height =
            top + rows.iter().map(|&r| panel_h(r) + PANEL_GAP).sum::<i32>() + PAD - PANEL_GAP;
        let per_row = self.per_row.min(self.budgets.len()) as i32;
        let width = (PAD * 2 + per_row * panel_w + (per_row - 1) * PANEL_GAP)
            .max(PAD * 2 + text_size(&self.title, TITLE_SIZE)?.0 as i32);
        let panel_tops = rows.iter().scan(top, |y, &r| {
            let this = *y;
            *y += panel_h(r) + PANEL_GAP;
            Some(this)
        });
        Ok(Layout {
            name_w,
            cell,
            panel_w,
            header_h,
            panel_tops: panel_tops.collect(),
            width,
            height,
            legend_y: PAD + TITLE_SIZE as i32 + 14,
        })
    }
}

struct Layout {
    name_w: i32,
    cell: i32,
    panel_w: i32,
    header_h: i32,
    panel_tops: Vec<i32>,
    width: i32,
    height: i32,
    legend_y: i32,
}

/// A panel's header: the budget, the total cost, the number of networks.
fn header(budget: f64, cost: f64, networks: usize) -> String {
    format!(
        "budget {budget} (uses {cost}): {networks} network{}",
        if networks == 1 { "" } else { "s" }
    )
}

/// A served cell: filled in the task's colour.
fn draw_served<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    cell: i32,
    colour: RGBColor,
) -> Result<()> {
    area.draw(&Rectangle::new(
        [(x + 2, y + 2), (x + cell - 2, y + cell - 2)],
        colour.filled(),
    ))
    .map_err(drawing)?;
    Ok(())
}

/// An auxiliary cell: a pale tint with a dashed-looking border and "aux".
fn draw_auxiliary<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    cell: i32,
    colour: RGBColor,
) -> Result<()> {
    let d = |e| drawing(e);
    area.draw(&Rectangle::new(
        [(x + 2, y + 2), (x + cell - 2, y + cell - 2)],
        tint(colour, 0.18).filled(),
    ))
    .map_err(d)?;
    area.draw(&Rectangle::new(
        [(x + 2, y + 2), (x + cell - 2, y + cell - 2)],
        colour.stroke_width(2),
    ))
    .map_err(d)?;
    area.draw(&Text::new(
        "aux",
        (x + cell / 2, y + cell / 2),
        text(SMALL_SIZE - 2.0, HPos::Center, VPos::Center).color(&colour),
    ))
    .map_err(d)?;
    Ok(())
}

impl Figure for GroupingView {
    fn size(&self) -> Result<(u32, u32)> {
        let l = self.layout()?;
        check_size(FIGURE, (l.width as u32, l.height as u32))
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let l = self.layout()?;
        let d = |e| drawing(e);
        area.draw(&Text::new(
            self.title.clone(),
            (PAD, PAD),
            text(TITLE_SIZE, HPos::Left, VPos::Top),
        ))
        .map_err(d)?;
        // Legend: a served cell, an auxiliary cell.
        let swatch = LABEL_SIZE as i32 + 6;
        let grey = RGBColor(90, 90, 90);
        draw_served(area, (PAD, l.legend_y), swatch, grey)?;
        let served_label = "serves the task";
        area.draw(&Text::new(
            served_label,
            (PAD + swatch + 6, l.legend_y + swatch / 2),
            text(SMALL_SIZE, HPos::Left, VPos::Center),
        ))
        .map_err(d)?;
        let aux_x = PAD + swatch + 6 + text_size(served_label, SMALL_SIZE)?.0 as i32 + 24;
        draw_auxiliary(area, (aux_x, l.legend_y), swatch, grey)?;
        area.draw(&Text::new(
            "auxiliary: carried to help the others, not served",
            (aux_x + swatch + 6, l.legend_y + swatch / 2),
            text(SMALL_SIZE, HPos::Left, VPos::Center),
        ))
        .map_err(d)?;

        for (p, (budget, networks)) in self.budgets.iter().enumerate() {
            let x0 = PAD + (p % self.per_row) as i32 * (l.panel_w + PANEL_GAP);
            let y0 = l.panel_tops[p / self.per_row];
            let cost: f64 = networks.iter().map(|n| n.cost).sum();
            area.draw(&Text::new(
                header(*budget, cost, networks.len()),
                (x0, y0),
                text(LABEL_SIZE, HPos::Left, VPos::Top),
            ))
            .map_err(d)?;
            let grid_x = x0 + l.name_w;
            let heads_y = y0 + l.header_h;
            for (c, column) in self.columns.iter().enumerate() {
                let cx = grid_x + l.cell * c as i32 + l.cell / 2;
                area.draw(&Text::new(
                    column.clone(),
                    (cx, heads_y),
                    text(LABEL_SIZE, HPos::Center, VPos::Top),
                ))
                .map_err(d)?;
            }
            let rows_y = heads_y + LABEL_SIZE as i32 + 8;
            for (r, network) in networks.iter().enumerate() {
                let y = rows_y + (l.cell + ROW_GAP) * r as i32;
                area.draw(&Text::new(
                    network.name(&self.columns),
                    (grid_x - 8, y + l.cell / 2),
                    text(LABEL_SIZE, HPos::Right, VPos::Center),
                ))
                .map_err(d)?;
                for (c, column) in self.columns.iter().enumerate() {
                    let x = grid_x + l.cell * c as i32;
                    area.draw(&Rectangle::new(
                        [(x, y), (x + l.cell, y + l.cell)],
                        BLACK.mix(0.15).stroke_width(1),
                    ))
                    .map_err(d)?;
                    let colour = series_colour(c);
                    if network.serves.contains(column) {
                        draw_served(area, (x, y), l.cell, colour)?;
                    } else if network.tasks.contains(column) {
                        draw_auxiliary(area, (x, y), l.cell, colour)?;
                    }
                }
                let cost_x = grid_x + l.cell * self.columns.len() as i32 + 8;
                area.draw(&Text::new(
                    format!("cost {}", network.cost),
                    (cost_x, y + l.cell / 2),
                    text(SMALL_SIZE, HPos::Left, VPos::Center),
                ))
                .map_err(d)?;
            }
        }
        Ok(())
    }
}
