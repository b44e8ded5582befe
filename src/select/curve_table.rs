//! [`CurveTable`]: the method x budget table of some [`Curves`], as plain
//! text or markdown. One row per budget, one column per method holding its
//! reported total ([`CurvePoint::total`]), optionally a last column with
//! one method's networks ([`CurvePoint::networks`]). `taskgroup select`,
//! `taskgroup demo` and the report's summary print it.

use super::{CurvePoint, Curves, Method};
use std::fmt::Write;

/// How a [`CurveTable`] is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableLayout {
    /// Right-aligned text columns: the budget `budget_width` characters
    /// wide, each total `width` wide after one space, the networks after
    /// three spaces; `-` where a method has no total.
    Plain {
        /// Width of the budget column.
        budget_width: usize,
        /// Width of each method's column.
        width: usize,
    },
    /// A markdown table; `–` where a method has no total, `|` in the
    /// networks column escaped as `\|`.
    Markdown,
}

/// The method x budget table of `curves`; see the module documentation.
#[derive(Clone, Debug)]
pub struct CurveTable<'a> {
    curves: &'a Curves,
    methods: Vec<Method>,
    networks: Option<Method>,
    decimals: usize,
    layout: TableLayout,
}

impl<'a> CurveTable<'a> {
    /// Every computed method in the configured order, totals with
    /// `decimals` decimals, no networks column.
    pub fn new(curves: &'a Curves, layout: TableLayout, decimals: usize) -> Self {
        CurveTable {
            curves,
            methods: curves.methods(),
            networks: None,
            decimals,
            layout,
        }
    }

    /// Shows these methods' columns, in this order (a method that was not
    /// computed has no totals). The rows are the budgets of the first one.
    pub fn with_methods(mut self, methods: Vec<Method>) -> Self {
        self.methods = methods;
        self
    }

    /// Adds a last column, `<method> networks`, with `method`'s networks.
    pub fn with_networks(mut self, method: Method) -> Self {
        self.networks = Some(method);
        self
    }

    /// The table, one line per row, each ending in a newline.
    pub fn render(&self) -> String {
        let curve = |m: Method| self.curves.curve(m).unwrap_or(&[]);
        let rows = self.methods.first().map_or(&[][..], |&m| curve(m));
        let mut header: Vec<String> = self.methods.iter().map(|m| m.to_string()).collect();
        header.extend(self.networks.map(|m| format!("{m} networks")));
        let mut out = self.line("budget", &header);
        if self.layout == TableLayout::Markdown {
            out.push_str(&format!("|---|{}\n", "---|".repeat(header.len())));
        }
        for (i, p) in rows.iter().enumerate() {
            let point = |m: Method| curve(m).get(i);
            let mut cells: Vec<String> =
                self.methods.iter().map(|&m| self.total(point(m))).collect();
            cells.extend(self.networks.map(|m| {
                let networks =
                    point(m).map_or_else(String::new, |p| p.networks(&self.curves.columns));
                match self.layout {
                    TableLayout::Plain { .. } => networks,
                    TableLayout::Markdown => networks.replace('|', "\\|"),
                }
            }));
            out.push_str(&self.line(&p.budget.to_string(), &cells));
        }
        out
    }

    /// A point's total as a cell.
    fn total(&self, point: Option<&CurvePoint>) -> String {
        match (point.and_then(CurvePoint::total), self.layout) {
            (Some(v), _) => format!("{v:.prec$}", prec = self.decimals),
            (None, TableLayout::Plain { .. }) => "-".to_string(),
            (None, TableLayout::Markdown) => "–".to_string(),
        }
    }

    /// One line: the budget cell, the method cells, then the networks cell
    /// (if the table has that column).
    fn line(&self, budget: &str, cells: &[String]) -> String {
        let mut out = String::new();
        match self.layout {
            TableLayout::Plain {
                budget_width,
                width,
            } => {
                let _ = write!(out, "{budget:>budget_width$}");
                for (j, cell) in cells.iter().enumerate() {
                    let _ = if j < self.methods.len() {
                        write!(out, " {cell:>width$}")
                    } else {
                        write!(out, "   {cell}")
                    };
                }
            }
            TableLayout::Markdown => {
                let _ = write!(out, "| {budget} |");
                for cell in cells {
                    let _ = write!(out, " {cell} |");
                }
            }
        }
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::select::{ColumnSet, Pick};

    fn curves() -> Curves {
        let pick = |tasks: &[usize]| Pick {
            tasks: tasks.iter().copied().collect(),
            cost: 1.0,
            estimated: false,
            serves: tasks.iter().copied().collect::<ColumnSet>(),
        };
        let point = |budget, picks: Vec<Pick>, total: Option<f64>| CurvePoint {
            budget,
            picks,
            search_total: total.map(|t| t - 0.1),
            test_total: total,
        };
        Curves {
            columns: vec!["a".into(), "b".into()],
            curves: vec![
                (
                    Method::Optimal,
                    vec![
                        point(1.0, vec![pick(&[0, 1])], Some(0.5)),
                        point(1.5, vec![pick(&[0]), pick(&[1])], Some(0.25)),
                    ],
                ),
                (
                    Method::Random,
                    vec![point(1.0, vec![], None), point(1.5, vec![], Some(0.75))],
                ),
            ],
        }
    }

    #[test]
    fn plain_with_networks() {
        let c = curves();
        let table = CurveTable::new(
            &c,
            TableLayout::Plain {
                budget_width: 7,
                width: 8,
            },
            3,
        )
        .with_methods(vec![Method::Optimal, Method::Hoa, Method::Random])
        .with_networks(Method::Optimal)
        .render();
        assert_eq!(
            table,
            " budget  optimal      hoa   random   optimal networks\n      1    0.500        -        -   a+b\n    1.5    0.250        -    0.750   a | b\n"
        );
    }

    #[test]
    fn markdown_every_method() {
        let c = curves();
        let table = CurveTable::new(&c, TableLayout::Markdown, 2).render();
        assert_eq!(
            table,
            "| budget | optimal | random |\n|---|---|---|\n| 1 | 0.50 | – |\n| 1.5 | 0.25 | 0.75 |\n"
        );
        let with = CurveTable::new(&c, TableLayout::Markdown, 3)
            .with_networks(Method::Optimal)
            .render();
        assert!(
            with.starts_with(
                "| budget | optimal | random | optimal networks |\n|---|---|---|---|\n"
            ),
            "{with}"
        );
        assert!(
            with.ends_with("| 1.5 | 0.250 | 0.750 | a \\| b |\n"),
            "{with}"
        );
    }
}
