//! [`Comparison::regret_table`]: the comparison as plain text, as
//! `taskgroup compare` and the demo print it.

use super::comparison::Comparison;
use std::fmt::Write;

impl Comparison {
    /// One line per estimator: its regret at each budget (`-` where it
    /// chose nothing), then what it needed trained (networks, epochs, wall
    /// seconds); then each score source's correlation with the test pair
    /// affinities.
    pub fn regret_table(&self) -> String {
        let mut budgets: Vec<f64> = Vec::new();
        for r in &self.rows {
            if !budgets.contains(&r.budget) {
                budgets.push(r.budget);
            }
        }
        let mut out = String::from(
            "Regret: total test loss above the optimal choice on test (lower is better)\n",
        );
        let _ = write!(out, "{:<14}", "method");
        for b in &budgets {
            let _ = write!(out, "{:>9}", format!("{b}"));
        }
        let _ = writeln!(out, "{:>10}{:>8}{:>10}", "networks", "epochs", "seconds");
        for e in self.estimators() {
            let rows = self.rows_of(e);
            let _ = write!(out, "{:<14}", e.name());
            for b in &budgets {
                let cell = rows
                    .iter()
                    .find(|r| r.budget == *b)
                    .and_then(|r| r.regret)
                    .map_or_else(|| "-".to_string(), |g| format!("{g:.4}"));
                let _ = write!(out, "{cell:>9}");
            }
            let cost = rows.first().map(|r| r.cost).unwrap_or_default();
            let _ = writeln!(
                out,
                "{:>10}{:>8}{:>10.1}",
                cost.networks, cost.epochs, cost.seconds
            );
        }
        if !self.agreement.is_empty() {
            out.push_str("\nPairwise scores against the test pair affinities:\n");
            let _ = writeln!(
                out,
                "{:<8}{:>11}{:>9}{:>12}{:>9}{:>7}",
                "scores", "pearson_r", "p", "spearman_r", "p", "pairs"
            );
            for a in &self.agreement {
                let _ = writeln!(
                    out,
                    "{:<8}{:>11.3}{:>9.3}{:>12.3}{:>9.3}{:>7}",
                    a.source.name(),
                    a.pearson.r,
                    a.pearson.p_value,
                    a.spearman.r,
                    a.spearman.p_value,
                    a.pearson.n
                );
            }
        }
        out
    }
}
