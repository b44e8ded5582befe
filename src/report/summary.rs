//! The report's markdown summary.

use super::build::Report;
use crate::seeds::SeedSpread;
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
    if let Some(spread) = &report.seeds {
        md.push_str(&seeds_markdown(spread));
    }
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
    let spread = report.seeds.as_ref().and_then(|s| s.affinity.as_ref());
    if let Some(a) = &report.affinity {
        let across = match spread {
            Some(s) => format!(
                " Mean of {} seeds ± half its 95% interval; in parentheses where the interval contains zero.",
                s.seeds()
            ),
            None => String::new(),
        };
        let _ = writeln!(md, "\n## Task affinity (validation)\n\nRow task i, column partner j: relative drop of i's loss when trained with j instead of alone (positive: j helps i).{across}\n");
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
            for (j, v) in a.values[i].iter().enumerate() {
                let cell = spread.and_then(|s| s.values.get(i)?.get(j).copied().flatten());
                let _ = match (cell, v) {
                    (Some(c), _) if c.contains(0.0) => {
                        write!(
                            md,
                            " ({:+.1}% ±{:.1}) |",
                            c.mean * 100.0,
                            c.half_width() * 100.0
                        )
                    }
                    (Some(c), _) => {
                        write!(
                            md,
                            " {:+.1}% ±{:.1} |",
                            c.mean * 100.0,
                            c.half_width() * 100.0
                        )
                    }
                    (None, Some(v)) => write!(md, " {:+.1}% |", v * 100.0),
                    (None, None) => write!(md, " – |"),
                };
            }
            md.push('\n');
        }
    }
    if let Some(c) = &report.comparison {
        let _ = writeln!(md, "\n## Cheap estimators against the full study\n\nEvery estimator's choice scored on the test losses; regret: its total above the best choice there (`taskgroup compare`).\n\n```");
        md.push_str(&c.regret_table());
        let _ = writeln!(md, "```");
        if let Some(spread) = &report.comparison_seeds {
            let resolved = spread.resolved();
            let _ = writeln!(
                md,
                "\nThe table above is the study's own seed. Across its {} seeds, each scored against its own optimal choice, {} of {} (estimator, budget) regrets lie above zero beyond the seed-to-seed interval (`*`); the others cannot be told from zero with these seeds.\n\n```",
                spread.seeds,
                resolved.len(),
                spread.cells.len()
            );
            md.push_str(&spread.regret_table());
            let _ = writeln!(md, "```");
        }
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

/// The section on the seed replicates: the optimal total per budget with
/// its interval, every other method's paired gap to it
/// ([`SeedSpread::gap_table`]), and how the optimal selection changes from
/// seed to seed.
fn seeds_markdown(spread: &SeedSpread) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "\n## Across {n} seeds\n\nEvery network was trained with {n} seeds. Optimal: the mean total loss of the optimal choice over the seeds with its 95% interval (Student's t). Every other method: its total minus the optimal choice's, seed by seed (positive: worse than optimal); `*`: the whole interval is above zero, the difference lies outside the seed-to-seed spread (`-`: below zero).\n",
        n = spread.seeds
    );
    md.push_str(&spread.gap_table(&spread.other_methods(), true));
    if !spread.selections.is_empty() {
        let _ = writeln!(
            md,
            "\nThe optimal selection differs between seeds at {} of {} budgets:\n",
            spread.changing_budgets().len(),
            spread.selections.len()
        );
        for s in &spread.selections {
            let _ = writeln!(
                md,
                "- budget {}: {} of {} seeds choose `{}`; {} distinct selection(s), {} seed(s) differ from the first's",
                s.budget, s.most_common_seeds, s.seeds, s.most_common, s.distinct, s.changed
            );
        }
    }
    md
}
