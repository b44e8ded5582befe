//! A [`Comparison`] as polars frames, its JSON and its files.
//!
//! The rows frame: `method` (str, [`Estimator::name`](super::Estimator::name)),
//! `budget`, `networks` (the chosen networks' labels joined with ` | `),
//! `test_total`, `regret`, `relative_regret` (f64, null where nothing
//! fits), `networks_trained`, `epochs` (u32) and `seconds` (f64): the
//! estimator's cost. The agreement frame: `scores` (`val`, `esa`, `tag`,
//! `cosine`), `pearson_r`, `pearson_p`, `spearman_r`, `spearman_p`, `pairs`.

use super::comparison::Comparison;
use super::error::CompareError;
use crate::analysis::export::{write_csv, write_parquet};
use crate::select::Pick;
use polars::prelude::{df, DataFrame};
use serde_json::{json, Value};
use std::path::Path;

/// The file stem of the rows frame in [`Comparison::write`].
pub const ROWS_STEM: &str = "comparison";
/// The file stem of the agreement frame.
pub const AGREEMENT_STEM: &str = "agreement";

impl Comparison {
    /// One row per estimator and budget; see the module documentation.
    pub fn to_frame(&self) -> Result<DataFrame, CompareError> {
        let r = &self.rows;
        Ok(df!(
            "method" => r.iter().map(|x| x.estimator.name()).collect::<Vec<_>>(),
            "budget" => r.iter().map(|x| x.budget).collect::<Vec<_>>(),
            "networks" => r.iter().map(|x| Pick::labels(&x.picks, &self.columns)).collect::<Vec<_>>(),
            "test_total" => r.iter().map(|x| x.test_total).collect::<Vec<_>>(),
            "regret" => r.iter().map(|x| x.regret).collect::<Vec<_>>(),
            "relative_regret" => r.iter().map(|x| x.relative_regret).collect::<Vec<_>>(),
            "networks_trained" => r.iter().map(|x| x.cost.networks as u32).collect::<Vec<_>>(),
            "epochs" => r.iter().map(|x| x.cost.epochs as u32).collect::<Vec<_>>(),
            "seconds" => r.iter().map(|x| x.cost.seconds).collect::<Vec<_>>(),
        )?)
    }

    /// The agreement of each source's pairwise scores with the test pair affinities.
    pub fn agreement_frame(&self) -> Result<DataFrame, CompareError> {
        let a = &self.agreement;
        Ok(df!(
            "scores" => a.iter().map(|x| x.source.name()).collect::<Vec<_>>(),
            "pearson_r" => a.iter().map(|x| x.pearson.r).collect::<Vec<_>>(),
            "pearson_p" => a.iter().map(|x| x.pearson.p_value).collect::<Vec<_>>(),
            "spearman_r" => a.iter().map(|x| x.spearman.r).collect::<Vec<_>>(),
            "spearman_p" => a.iter().map(|x| x.spearman.p_value).collect::<Vec<_>>(),
            "pairs" => a.iter().map(|x| x.pearson.n as u32).collect::<Vec<_>>(),
        )?)
    }

    /// `{"rows": [{"method", "budget", "networks": [..], "test_total",
    /// "regret", "relative_regret", "cost": {"networks", "epochs",
    /// "seconds"}}], "agreement": [{"scores", "pearson_r", "pearson_p",
    /// "spearman_r", "spearman_p", "pairs"}]}` (null where nothing fits).
    pub fn to_json(&self) -> Value {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|x| {
                json!({
                    "method": x.estimator.name(),
                    "budget": x.budget,
                    "networks": x.picks.iter().map(|p| p.label(&self.columns)).collect::<Vec<_>>(),
                    "test_total": x.test_total,
                    "regret": x.regret,
                    "relative_regret": x.relative_regret,
                    "cost": x.cost,
                })
            })
            .collect();
        let agreement: Vec<Value> = self
            .agreement
            .iter()
            .map(|x| {
                json!({
                    "scores": x.source.name(),
                    "pearson_r": x.pearson.r,
                    "pearson_p": x.pearson.p_value,
                    "spearman_r": x.spearman.r,
                    "spearman_p": x.spearman.p_value,
                    "pairs": x.pearson.n,
                })
            })
            .collect();
        json!({"rows": rows, "agreement": agreement})
    }

    /// Writes both frames into `dir` as CSV and parquet, each atomically.
    pub fn write(&self, dir: &Path) -> Result<(), CompareError> {
        for (stem, frame) in [
            (ROWS_STEM, self.to_frame()?),
            (AGREEMENT_STEM, self.agreement_frame()?),
        ] {
            write_csv(&frame, dir.join(format!("{stem}.csv")))?;
            write_parquet(&frame, dir.join(format!("{stem}.parquet")))?;
        }
        Ok(())
    }
}
