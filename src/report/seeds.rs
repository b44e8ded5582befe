//! [`Report::compute_seeds`]: a study's report across its seed replicates.

use super::build::{Report, ReportInputs};
use super::error::ReportError;
use crate::seeds::{SeedResults, SeedSpread};
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
        let Some(first) = replicates.first() else {
            return Err(crate::seeds::SeedsError::TooFew(0).into());
        };
        let complete: Vec<&StudyTables> = replicates
            .iter()
            .filter(|t| t.val.networks().len() == first.val.networks().len())
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
}
