//! The report's markdown summary.

use super::build::Report;
use crate::select::{CurveTable, Method, TableLayout};
use std::fmt::Write;

/// The summary: the comparison table (total test loss per method and
/// budget), the optimal networks per budget, the affinity matrix, and links
/// to the figures and tables.
pub(crate) fn summary_markdown(
    report: &Report,
    figures: &[(String, String)],
    tables: &[&str],
) -> String {
    let mut md = String::new();
    let columns = &report.curves.columns;
    let _ = writeln!(md, "# {}\n", report.title);
    let _ = writeln!(md, "Tasks (columns): {}.\n", columns.join(", "));
    let _ = writeln!(
        md,
        "## Total loss per inference budget\n\nLower is better. Chosen on validation (ESA: early-stopped) losses, reported on test losses when a test table exists (else on the searched table); random and worst are Monte Carlo over the scoring table.\n"
    );
    md.push_str(&CurveTable::new(&report.curves, TableLayout::Markdown, 5).render());
    if let Some(points) = report.curves.curve(Method::Optimal) {
        let _ = writeln!(md, "\n## Optimal networks per budget\n\n`+(x)`: x is carried as an auxiliary task; `[0.5]`: a half-size network; `*`: estimated losses.\n");
        for p in points {
            let label = if p.picks.is_empty() {
                "no selection fits".to_string()
            } else {
                p.picks
                    .iter()
                    .map(|n| format!("`{}`", n.label(columns)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(md, "- budget {}: {}", p.budget, label);
        }
    }
    if let Some(a) = &report.affinity {
        let _ = writeln!(md, "\n## Task affinity (validation)\n\nRow task i, column partner j: relative drop of i's loss when trained with j instead of alone (positive: j helps i).\n");
        let _ = write!(md, "| task |");
        for t in &a.tasks {
            let _ = write!(md, " {t} |");
        }
        let _ = write!(md, "\n|---|");
        for _ in &a.tasks {
            let _ = write!(md, "---|");
        }
        md.push('\n');
        for (i, t) in a.tasks.iter().enumerate() {
            let _ = write!(md, "| {t} |");
            for v in &a.values[i] {
                let _ = match v {
                    Some(v) => write!(md, " {:+.1}% |", v * 100.0),
                    None => write!(md, " – |"),
                };
            }
            md.push('\n');
        }
    }
    if let Some(c) = &report.comparison {
        let _ = writeln!(md, "\n## Cheap estimators against the full study\n\nEvery estimator's choice scored on the test losses; regret: its total above the best choice there (`taskgroup compare`).\n\n```");
        md.push_str(&c.regret_table());
        let _ = writeln!(md, "```");
    }
    let _ = writeln!(md, "\n## Files\n");
    for (name, path) in figures {
        let _ = writeln!(md, "- figure {name}: [{path}]({path}) (and .png)");
    }
    for t in tables {
        let _ = writeln!(
            md,
            "- table {t}: [tables/{t}.csv](tables/{t}.csv) (and .parquet)"
        );
    }
    md
}
