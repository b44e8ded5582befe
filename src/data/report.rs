//! [`ProblemReport`]: problems counted per [`Reason`], with the first few of
//! each, as `data check` reports them and as a loader's `skip_bad` policy
//! records the samples it dropped ([`SkipReport`]).

use super::{DataError, Reason};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// How many problems of each reason are kept verbatim.
pub const FIRST_KEPT: usize = 5;

/// The problems of one reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonSummary {
    /// How many problems had this reason.
    pub count: usize,
    /// The first [`FIRST_KEPT`] of them, as messages naming the file.
    pub first: Vec<String>,
}

/// Problems counted per reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemReport {
    /// Per reason, the count and the first messages.
    pub reasons: BTreeMap<Reason, ReasonSummary>,
}

/// The samples a loader dropped under its `skip_bad` policy, per reason.
pub type SkipReport = ProblemReport;

impl ProblemReport {
    /// An empty report.
    pub fn new() -> ProblemReport {
        ProblemReport::default()
    }

    /// Counts one problem.
    pub fn record(&mut self, error: &DataError) {
        let entry = self.reasons.entry(error.reason()).or_default();
        entry.count += 1;
        if entry.first.len() < FIRST_KEPT {
            entry.first.push(error.to_string());
        }
    }

    /// Adds every problem of `other`.
    pub fn merge(&mut self, other: &ProblemReport) {
        for (reason, summary) in &other.reasons {
            let entry = self.reasons.entry(*reason).or_default();
            entry.count += summary.count;
            let room = FIRST_KEPT.saturating_sub(entry.first.len());
            entry.first.extend(summary.first.iter().take(room).cloned());
        }
    }

    /// The count for one reason.
    pub fn count(&self, reason: Reason) -> usize {
        self.reasons.get(&reason).map_or(0, |s| s.count)
    }

    /// Every problem counted.
    pub fn total(&self) -> usize {
        self.reasons.values().map(|s| s.count).sum()
    }

    /// Whether nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.reasons.is_empty()
    }
}

impl fmt::Display for ProblemReport {
    /// One line per reason with its count, then its first messages, indented.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return writeln!(f, "no problems");
        }
        for (reason, summary) in &self.reasons {
            writeln!(f, "{:<18} {:>8}", reason.name(), summary.count)?;
            for message in &summary.first {
                writeln!(f, "    {message}")?;
            }
            if summary.count > summary.first.len() {
                writeln!(
                    f,
                    "    ... and {} more",
                    summary.count - summary.first.len()
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn missing(i: usize) -> DataError {
        DataError::MissingLabel {
            path: format!("x/point_{i}_view_0_domain_normal.png").into(),
            building: "x".into(),
            domain: "normal".into(),
        }
    }

    #[test]
    fn counts_every_problem_and_keeps_the_first() {
        let mut r = ProblemReport::new();
        for i in 0..7 {
            r.record(&missing(i));
        }
        assert_eq!(r.count(Reason::MissingLabel), 7);
        let s = &r.reasons[&Reason::MissingLabel];
        assert_eq!(s.first.len(), FIRST_KEPT);
        assert!(s.first[0].contains("point_0_view_0_domain_normal.png"));
        let mut both = r.clone();
        both.merge(&r);
        assert_eq!(both.total(), 14);
        assert_eq!(both.reasons[&Reason::MissingLabel].first.len(), FIRST_KEPT);
        assert!(r.to_string().contains("and 2 more"));
    }
}
