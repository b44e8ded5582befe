//! [`Report`]: computing a report's contents and writing its folder.

use super::error::ReportError;
use super::groupings::grouping_view;
use super::summary::summary_markdown;
use crate::analysis::export::{write_csv, write_parquet};
use crate::analysis::AffinityMatrix;
use crate::compare::{Comparison, AGREEMENT_STEM, ROWS_STEM};
use crate::losses::Split;
use crate::plot::{AffinityHeatmap, Curve, Figure, PerformanceCurves, TrainingCurves};
use crate::seeds::{RegretSpread, SeedSpread, REGRET_STEM};
use crate::select::{sweep, BaselineTables, Curves, LossTable, Method, SweepConfig, Tables};
use crate::study::StudyTables;
use polars::prelude::DataFrame;
use std::path::{Path, PathBuf};

/// What a report is made from.
#[derive(Clone, Copy)]
pub struct ReportInputs<'a> {
    /// A title for the summary and figures.
    pub title: &'a str,
    /// Validation losses (what the searches choose on; also the affinities).
    pub val: &'a LossTable,
    /// Test losses (what the selections are scored on), if any.
    pub test: Option<&'a LossTable>,
    /// Early-stopped losses (ESA), if any.
    pub esa: Option<&'a LossTable>,
    /// A study's training history (for the training-curves figure), if any.
    pub history: Option<&'a DataFrame>,
    /// All-task networks trained with other weightings (a study's
    /// baselines): each adds its [`Method::Weighted`] curve.
    pub baselines: &'a [BaselineTables],
}

impl<'a> ReportInputs<'a> {
    /// The inputs of a study's report: its tables and history.
    pub fn study(title: &'a str, tables: &'a StudyTables) -> ReportInputs<'a> {
        ReportInputs {
            title,
            val: &tables.val,
            test: Some(&tables.test),
            esa: Some(&tables.esa),
            history: Some(&tables.history),
            baselines: &tables.baselines,
        }
    }
}

/// A computed report.
#[derive(Clone, Debug)]
pub struct Report {
    /// The title.
    pub title: String,
    /// Every method's curve.
    pub curves: Curves,
    /// Pairwise affinities on the validation table (`None` when the table
    /// lacks the single or pair networks they need).
    pub affinity: Option<AffinityMatrix>,
    /// The loss tables as one long frame (split = val, test, esa).
    pub losses: DataFrame,
    /// The study's history, if given.
    pub history: Option<DataFrame>,
    /// The estimator comparison, if one was added ([`Report::with_comparison`]).
    pub comparison: Option<Comparison>,
    /// The results across seed replicates, for a study of several seeds
    /// ([`Report::compute_seeds`]): the curves figure then shows each
    /// method's mean with its interval, the heatmap the mean affinities
    /// with theirs.
    pub seeds: Option<SeedSpread>,
    /// The estimator comparison across the seed replicates
    /// ([`Report::with_comparisons`]): the regret figures then show each
    /// estimator's mean regret with its interval.
    pub comparison_seeds: Option<RegretSpread>,
}

impl Report {
    /// Computes the sweep and the affinities. Each of the inputs' weighted
    /// baselines adds its curve after the configured methods (unless they
    /// name it already).
    pub fn compute(
        inputs: ReportInputs<'_>,
        sweep_config: &SweepConfig,
    ) -> Result<Report, ReportError> {
        let mut methods = sweep_config.methods.clone();
        if inputs.esa.is_none() {
            methods.retain(|m| *m != Method::Esa);
        }
        for baseline in inputs.baselines {
            if !methods.contains(&baseline.method()) {
                methods.push(baseline.method());
            }
        }
        let config = sweep_config.clone().with_methods(methods);
        let curves = sweep(
            &Tables {
                val: inputs.val,
                test: inputs.test,
                esa: inputs.esa,
                baselines: inputs.baselines,
            },
            &config,
        )?;
        let mut losses = inputs.val.to_frame(Split::Val);
        for (split, table) in [(Split::Test, inputs.test), (Split::Esa, inputs.esa)] {
            if let Some(t) = table {
                losses.vstack_mut(&t.to_frame(split))?;
            }
        }
        // Affinities need every single and pair network; a partial study has none.
        let affinity = AffinityMatrix::from_frame(&losses, Split::Val).ok();
        Ok(Report {
            title: inputs.title.to_string(),
            curves,
            affinity,
            losses,
            history: inputs.history.cloned(),
            comparison: None,
            seeds: None,
            comparison_seeds: None,
        })
    }

    /// Adds an estimator comparison: its rows and agreement go into the
    /// summary and the tables, its regret figures into the figures.
    pub fn with_comparison(mut self, comparison: Comparison) -> Report {
        self.comparison = Some(comparison);
        self
    }

    /// The selection frame: one row per (method, budget).
    pub fn selection_frame(&self) -> DataFrame {
        self.curves.to_frame()
    }

    /// The performance-versus-compute figure: each method's total test loss
    /// per budget (its searched-table total when there is no test table).
    /// With seeds, each method's mean across them with its 95% interval.
    pub fn curves_figure(&self) -> PerformanceCurves {
        let curves = self
            .curves
            .curves
            .iter()
            .map(|(method, points)| match &self.seeds {
                Some(spread) => {
                    let cells = spread.curve(*method);
                    Curve {
                        method: *method,
                        points: cells.iter().map(|c| (c.budget, c.total.mean)).collect(),
                        bars: cells
                            .iter()
                            .map(|c| (c.budget, c.total.low, c.total.high))
                            .collect(),
                    }
                }
                None => Curve::new(
                    *method,
                    points
                        .iter()
                        .filter_map(|p| p.total().map(|v| (p.budget, v)))
                        .collect(),
                ),
            })
            .collect();
        let title = match &self.seeds {
            Some(s) => format!(
                "{}: performance versus compute (mean, 95% interval, {} seeds)",
                self.title, s.seeds
            ),
            None => format!("{}: performance versus compute", self.title),
        };
        let mut fig = PerformanceCurves::new(curves).with_title(title);
        if self
            .curves
            .curves
            .iter()
            .flat_map(|(_, c)| c)
            .all(|p| p.test_total.is_none())
        {
            fig.y_label = "Total loss (searched table)".to_string();
        }
        fig
    }

    /// The grouping diagram of the optimal selections.
    pub fn groupings_figure(&self) -> Option<crate::plot::GroupingView> {
        self.curves.curve(Method::Optimal).map(|points| {
            grouping_view(&self.curves.columns, points)
                .with_title(format!("{}: optimal networks per budget", self.title))
        })
    }

    /// The affinity heatmap, when affinities exist.
    /// With seeds, the mean affinities, each with its interval, the
    /// cells whose interval contains zero marked.
    pub fn affinity_figure(&self) -> Option<AffinityHeatmap> {
        if let Some(a) = self.seeds.as_ref().and_then(|s| s.affinity.as_ref()) {
            return Some(AffinityHeatmap::with_intervals(a).with_title(format!(
                "{}: task affinity (validation, mean of {} seeds)",
                self.title,
                a.seeds()
            )));
        }
        self.affinity.clone().map(|m| {
            AffinityHeatmap::new(m)
                .with_title(format!("{}: task affinity (validation)", self.title))
        })
    }

    /// Writes the report folder: `figures/*.svg|png`, `tables/*.csv|parquet`
    /// and `summary.md`. Returns the summary's path. Every file is written
    /// atomically; rewriting a report replaces it file by file.
    pub fn write(&self, dir: &Path) -> Result<PathBuf, ReportError> {
        let figures = dir.join("figures");
        let tables = dir.join("tables");
        let mut written: Vec<(String, String)> = Vec::new();
        let mut figure = |name: &str, fig: &dyn DynFigure| -> Result<(), ReportError> {
            fig.save_both(&figures.join(name))?;
            written.push((name.to_string(), format!("figures/{name}.svg")));
            Ok(())
        };
        figure("curves", &self.curves_figure())?;
        if let Some(g) = self.groupings_figure() {
            figure("groupings", &g)?;
        }
        if let Some(a) = self.affinity_figure() {
            figure("affinity", &a)?;
        }
        if let Some(h) = &self.history {
            if h.height() > 0 {
                figure(
                    "training",
                    &TrainingCurves::from_frame(h)?
                        .with_title(format!("{}: training curves", self.title)),
                )?;
            }
        }
        if let Some(c) = &self.comparison {
            let (regret, cost) = match &self.comparison_seeds {
                Some(spread) => (
                    PerformanceCurves::regret_across(spread),
                    PerformanceCurves::regret_versus_cost_across(spread),
                ),
                None => (
                    PerformanceCurves::regret(c),
                    PerformanceCurves::regret_versus_cost(c),
                ),
            };
            let title = |t: &str| format!("{}: {t}", self.title);
            let regret_title = title(&regret.title);
            figure("regret", &regret.with_title(regret_title))?;
            let cost_title = title(&cost.title);
            figure("regret_cost", &cost.with_title(cost_title))?;
        }
        let mut frames: Vec<(&str, DataFrame)> = vec![
            ("selections", self.selection_frame()),
            ("losses", self.losses.clone()),
        ];
        if let Some(a) = &self.affinity {
            frames.push(("affinity", a.to_frame()?));
        }
        if let Some(h) = &self.history {
            frames.push(("history", h.clone()));
        }
        if let Some(c) = &self.comparison {
            frames.push((ROWS_STEM, c.to_frame()?));
            frames.push((AGREEMENT_STEM, c.agreement_frame()?));
        }
        if let Some(s) = &self.seeds {
            frames.extend(s.frames()?);
        }
        if let Some(s) = &self.comparison_seeds {
            frames.push((REGRET_STEM, s.frame()?));
        }
        for (name, df) in &frames {
            write_csv(df, tables.join(format!("{name}.csv")))?;
            write_parquet(df, tables.join(format!("{name}.parquet")))?;
        }
        let summary = dir.join("summary.md");
        let text = summary_markdown(
            self,
            &written,
            &frames.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        );
        crate::io::write_atomic(&summary, text.as_bytes())?;
        Ok(summary)
    }
}

/// A figure saved as both SVG and PNG (object-safe wrapper over [`Figure`]).
trait DynFigure {
    fn save_both(&self, stem: &Path) -> Result<(), ReportError>;
}

impl<F: Figure> DynFigure for F {
    fn save_both(&self, stem: &Path) -> Result<(), ReportError> {
        self.save(stem.with_extension("svg"))?;
        self.save(stem.with_extension("png"))?;
        Ok(())
    }
}
