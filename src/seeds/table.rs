//! [`SeedSpread::gap_table`]: the optimal total per budget with its
//! interval and every other method's paired gap to it, as text.

use super::interval::Interval;
use super::spread::SeedSpread;
use crate::select::Method;
use std::fmt::Write;

/// `mean [low, high]`, signed for a gap.
fn cell(i: &Interval, signed: bool) -> String {
    if signed {
        format!("{:+.3} [{:+.3}, {:+.3}]", i.mean, i.low, i.high)
    } else {
        format!("{:.3} [{:.3}, {:.3}]", i.mean, i.low, i.high)
    }
}

impl SeedSpread {
    /// The methods other than optimal, in the curves' order.
    pub fn other_methods(&self) -> Vec<Method> {
        let mut methods: Vec<Method> = Vec::new();
        for c in &self.curves {
            if c.method != Method::Optimal && !methods.contains(&c.method) {
                methods.push(c.method);
            }
        }
        methods
    }

    /// One row per budget: the optimal choice's mean total with its 95%
    /// interval, then each other method's total minus optimal's (seed by
    /// seed) with its interval, `*` where the whole interval lies above
    /// zero (worse than optimal beyond the seed-to-seed spread) and `-`
    /// where it lies below. `methods`: the other methods shown, in order
    /// (see [`other_methods`](Self::other_methods)). `markdown`: a markdown
    /// table; else aligned plain text.
    pub fn gap_table(&self, methods: &[Method], markdown: bool) -> String {
        let mut header = vec!["budget".to_string(), "optimal".to_string()];
        header.extend(methods.iter().map(|m| format!("{m} - optimal")));
        let mut rows: Vec<Vec<String>> = Vec::new();
        for o in self.curve(Method::Optimal) {
            let mut row = vec![o.budget.to_string(), cell(&o.total, false)];
            for m in methods {
                let gap = self
                    .curves
                    .iter()
                    .find(|c| c.method == *m && (c.budget - o.budget).abs() < 1e-9)
                    .and_then(|c| c.gap);
                row.push(match gap {
                    Some(g) if g.low > 0.0 => format!("{} *", cell(&g, true)),
                    Some(g) if g.high < 0.0 => format!("{} -", cell(&g, true)),
                    Some(g) => cell(&g, true),
                    None => "–".to_string(),
                });
            }
            rows.push(row);
        }
        let mut out = String::new();
        if markdown {
            let _ = writeln!(out, "| {} |", header.join(" | "));
            let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
            for r in &rows {
                let _ = writeln!(out, "| {} |", r.join(" | "));
            }
            return out;
        }
        let widths: Vec<usize> = (0..header.len())
            .map(|c| {
                rows.iter()
                    .map(|r| r[c].chars().count())
                    .chain([header[c].chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for r in std::iter::once(&header).chain(&rows) {
            let line: Vec<String> = r
                .iter()
                .zip(&widths)
                .map(|(v, w)| format!("{v:>w$}"))
                .collect();
            let _ = writeln!(out, "{}", line.join("  ").trim_end());
        }
        out
    }
}
