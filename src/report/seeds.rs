//! [`Report::compute_seeds`]: a study's report across its seed replicates.

use super::build::{Report, ReportInputs};
use super::error::ReportError;
use crate::compare::Comparison;
use crate::seeds::{RegretSpread, SeedResults, SeedSpread};
use crate::select::SweepConfig;
use crate::study::StudyTables;

impl Report {
    /// The report of a study with seed replicates (`replicates`:
    /// [`Store::seed_tables`](crate::study::Store::seed_tables), the
    /// study's own seed first): the first replicate's report (its
    /// selections, tables and history), with the spread across every
    /// replicate that is as complete as the first ([`Report::seeds`]).
    /// With fewer than two such replicates it is the first's plain report.
    pub fn compute_seeds(
        title: &str,
        replicates: &[StudyTables],
        sweep_config: &SweepConfig,
    ) -> Result<Report, ReportError> {
        if replicates.is_empty() {
            return Err(crate::seeds::SeedsError::TooFew(0).into());
        }
        let complete: Vec<&StudyTables> = StudyTables::complete_replicates(replicates)
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        let reports = complete
            .iter()
            .map(|t| Report::compute(ReportInputs::study(title, t), sweep_config))
            .collect::<Result<Vec<_>, _>>()?;
        let spread = if reports.len() >= 2 {
            let results: Vec<SeedResults<'_>> = reports
                .iter()
                .zip(&complete)
                .map(|(r, t)| SeedResults {
                    curves: &r.curves,
                    affinity: r.affinity.as_ref(),
                    val: &t.val,
                    test: Some(&t.test),
                })
                .collect();
            Some(SeedSpread::compute(&results)?)
        } else {
            None
        };
        let mut report = reports
            .into_iter()
            .next()
            .expect("the first replicate is complete");
        report.seeds = spread;
        Ok(report)
    }

    /// Adds the estimator comparison of each seed replicate
    /// ([`Comparison::of_store_seeds`], the study's own seed first): the
    /// first is the report's [`comparison`](Report::comparison); with two or
    /// more, [`comparison_seeds`](Report::comparison_seeds) puts them across
    /// the seeds (the regret figures, a table and `seeds_regret`).
    pub fn with_comparisons(self, comparisons: Vec<Comparison>) -> Result<Report, ReportError> {
        let spread = if comparisons.len() >= 2 {
            Some(RegretSpread::compute(&comparisons)?)
        } else {
            None
        };
        let mut report = match comparisons.into_iter().next() {
            Some(first) => self.with_comparison(first),
            None => self,
        };
        report.comparison_seeds = spread;
        Ok(report)
    }
}
