//! The comparison's two figures, as [`PerformanceCurves`] over the
//! comparison's [`Estimator`]s: regret versus budget (one line per
//! estimator) and regret versus what each estimator cost (one point per
//! estimator: its mean regret over the budgets where it chose, against the
//! training seconds it needed, on a log10 axis).

use super::curves::{Curve, PerformanceCurves, SeriesLook};
use super::marker::Marker;
use crate::compare::{Comparison, Estimator};
use crate::seeds::RegretSpread;
use crate::train::WeightingKind;
use plotters::style::RGBColor;

impl SeriesLook for Estimator {
    fn look(self) -> (&'static str, RGBColor, Marker) {
        let (colour, marker) = match self {
            Estimator::Optimal => (RGBColor(0, 0, 0), Marker::Circle),
            Estimator::OptimalVal => (RGBColor(214, 39, 40), Marker::Circle),
            Estimator::Esa => (RGBColor(31, 119, 180), Marker::Triangle),
            Estimator::Hoa => (RGBColor(44, 160, 44), Marker::Square),
            Estimator::TagGroups => (RGBColor(148, 103, 189), Marker::Box),
            Estimator::TagBudget => (RGBColor(148, 103, 189), Marker::Square),
            Estimator::CosineGroups => (RGBColor(23, 190, 207), Marker::Ring),
            Estimator::AllInOne => (RGBColor(140, 86, 75), Marker::Triangle),
            Estimator::Independent => (RGBColor(255, 127, 14), Marker::Box),
            Estimator::Random => (RGBColor(127, 127, 127), Marker::Cross),
            Estimator::Weighted(kind) => match kind {
                WeightingKind::GradNorm => (RGBColor(227, 119, 194), Marker::Square),
                WeightingKind::Mgda => (RGBColor(23, 190, 207), Marker::Circle),
                WeightingKind::Uncertainty => (RGBColor(188, 189, 34), Marker::Ring),
                WeightingKind::PcGrad | WeightingKind::Sum => (RGBColor(64, 64, 64), Marker::Cross),
            },
        };
        (self.label(), colour, marker)
    }
}

impl PerformanceCurves<Estimator> {
    /// Each estimator's regret (its total test loss above the optimal
    /// choice's) per budget.
    pub fn regret(comparison: &Comparison) -> Self {
        Self::regret_axes(
            comparison
                .estimators()
                .into_iter()
                .map(|e| {
                    Curve::new(
                        e,
                        comparison
                            .rows_of(e)
                            .iter()
                            .filter_map(|r| r.regret.map(|g| (r.budget, g)))
                            .collect(),
                    )
                })
                .collect(),
        )
        .with_title("Regret versus budget")
    }

    /// [`regret`](Self::regret) across seeds: each estimator's mean regret
    /// per budget with its 95% interval as error bars.
    pub fn regret_across(spread: &RegretSpread) -> Self {
        Self::regret_axes(
            spread
                .estimators()
                .into_iter()
                .map(|e| {
                    let cells = spread.cells_of(e);
                    Curve {
                        method: e,
                        points: cells.iter().map(|c| (c.budget, c.regret.mean)).collect(),
                        bars: cells
                            .iter()
                            .map(|c| (c.budget, c.regret.low, c.regret.high))
                            .collect(),
                    }
                })
                .collect(),
        )
        .with_title(format!(
            "Regret versus budget (mean, 95% interval, {} seeds)",
            spread.seeds
        ))
    }

    fn regret_axes(curves: Vec<Curve<Estimator>>) -> Self {
        PerformanceCurves::new(curves).with_labels(
            "Inference budget (full-size networks)",
            "Regret (total test loss above optimal)",
        )
    }

    /// Each estimator's mean regret over the budgets where it chose,
    /// against log10 of the training seconds it needed (estimators that
    /// needed no training, such as `random`, are left out: no point on a log
    /// axis).
    pub fn regret_versus_cost(comparison: &Comparison) -> Self {
        Self::cost_axes(
            comparison
                .estimators()
                .into_iter()
                .filter_map(|e| {
                    let rows = comparison.rows_of(e);
                    let regrets: Vec<f64> = rows.iter().filter_map(|r| r.regret).collect();
                    let seconds = rows.first()?.cost.seconds;
                    (seconds > 0.0 && !regrets.is_empty()).then(|| {
                        Curve::new(
                            e,
                            vec![(
                                seconds.log10(),
                                regrets.iter().sum::<f64>() / regrets.len() as f64,
                            )],
                        )
                    })
                })
                .collect(),
        )
        .with_title("Regret versus estimator cost")
    }

    /// [`regret_versus_cost`](Self::regret_versus_cost) across seeds: each
    /// estimator's per-seed mean regret, as its mean with its 95% interval,
    /// against log10 of its mean training seconds.
    pub fn regret_versus_cost_across(spread: &RegretSpread) -> Self {
        Self::cost_axes(
            spread
                .means
                .iter()
                .filter(|m| m.seconds > 0.0)
                .map(|m| {
                    let x = m.seconds.log10();
                    Curve {
                        method: m.estimator,
                        points: vec![(x, m.regret.mean)],
                        bars: vec![(x, m.regret.low, m.regret.high)],
                    }
                })
                .collect(),
        )
        .with_title(format!(
            "Regret versus estimator cost (mean, 95% interval, {} seeds)",
            spread.seeds
        ))
    }

    fn cost_axes(curves: Vec<Curve<Estimator>>) -> Self {
        PerformanceCurves::new(curves).with_labels(
            "Training the estimator needed (log10 seconds)",
            "Mean regret over the budgets",
        )
    }
}
