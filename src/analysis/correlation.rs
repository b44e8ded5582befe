//! Pearson correlation with its two-sided significance test, between samples
//! or between two affinity matrices (e.g. two settings, network sizes or data
//! sizes of the paper), and Spearman's rank correlation.

use super::affinity::AffinityMatrix;
use super::columns::{col, frame};
use super::error::{AnalysisError, Result};
use crate::stats::student_t_two_sided;
use polars::prelude::DataFrame;

/// A Pearson correlation coefficient and its test against zero correlation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Correlation {
    /// Pearson's r, in [-1, 1].
    pub r: f64,
    /// The two-sided p-value of r under the null hypothesis of no correlation
    /// (Student's t with `n - 2` degrees of freedom, as scipy's `pearsonr`).
    pub p_value: f64,
    /// The number of pairs of values.
    pub n: usize,
}

impl Correlation {
    /// A one-row frame with columns `r`, `p_value`, `n`.
    pub fn to_frame(&self) -> Result<DataFrame> {
        frame(vec![
            col("r", [self.r]),
            col("p_value", [self.p_value]),
            col("n", [self.n as u64]),
        ])
    }
}

/// Pearson's correlation between two samples of equal length (at least 3).
pub fn pearson(x: &[f64], y: &[f64]) -> Result<Correlation> {
    if x.len() != y.len() {
        return Err(AnalysisError::LengthMismatch {
            left: x.len(),
            right: y.len(),
        });
    }
    let n = x.len();
    if n < 3 {
        return Err(AnalysisError::TooFewPairs { n });
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / n as f64;
    let (mx, my) = (mean(x), mean(y));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if !(sxx > 0.0 && sxx.is_finite()) {
        return Err(AnalysisError::Degenerate { which: "first" });
    }
    if !(syy > 0.0 && syy.is_finite()) {
        return Err(AnalysisError::Degenerate { which: "second" });
    }
    let r = (sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0);
    let df = (n - 2) as f64;
    let rest = 1.0 - r * r;
    let p_value = if rest <= 0.0 {
        0.0
    } else {
        student_t_two_sided(r * (df / rest).sqrt(), df)
    };
    Ok(Correlation { r, p_value, n })
}

/// Spearman's rank correlation between two samples of equal length (at
/// least 3): Pearson's r of their ranks (ties take their mean rank), with
/// the same t-test (as scipy's `spearmanr`).
pub fn spearman(x: &[f64], y: &[f64]) -> Result<Correlation> {
    if x.len() != y.len() {
        return Err(AnalysisError::LengthMismatch {
            left: x.len(),
            right: y.len(),
        });
    }
    pearson(&ranks(x), &ranks(y))
}

/// 1-based ranks of `v`, ties sharing their mean rank.
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut out = vec![0.0; v.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && v[order[j + 1]] == v[order[i]] {
            j += 1;
        }
        let mean = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            out[k] = mean;
        }
        i = j + 1;
    }
    out
}

impl AffinityMatrix {
    /// The off-diagonal pairs `(self, other)` defined in both matrices, in
    /// this matrix's row-major order. The matrices must be over the same
    /// tasks; the order may differ (entries are matched by task name).
    pub fn paired_values(&self, other: &AffinityMatrix) -> Result<Vec<(f64, f64)>> {
        let mut mine = self.tasks.clone();
        let mut theirs = other.tasks.clone();
        mine.sort();
        theirs.sort();
        if mine != theirs {
            return Err(AnalysisError::TaskMismatch {
                left: self.tasks.clone(),
                right: other.tasks.clone(),
            });
        }
        let mut pairs = Vec::new();
        for (i, ti) in self.tasks.iter().enumerate() {
            for (j, tj) in self.tasks.iter().enumerate() {
                if let (Some(a), Some(b)) = (self.values[i][j], other.get(ti, tj)) {
                    pairs.push((a, b));
                }
            }
        }
        Ok(pairs)
    }

    /// Pearson's correlation between the off-diagonal entries of two affinity
    /// matrices over the same tasks (entries missing in either are left out).
    pub fn correlation(&self, other: &AffinityMatrix) -> Result<Correlation> {
        let (x, y): (Vec<f64>, Vec<f64>) = self.paired_values(other)?.into_iter().unzip();
        pearson(&x, &y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_by_hand() {
        // Ranks [1, 2, 3, 4] and [1, 3, 2, 4]: r = 1 - 6 * 2 / (4 * 15) = 0.8.
        let c = spearman(&[0.1, 0.5, 0.7, 2.0], &[-3.0, 8.0, 1.0, 9.0]).unwrap();
        assert!((c.r - 0.8).abs() < 1e-12, "{c:?}");
        assert_eq!(ranks(&[2.0, 1.0, 2.0]), vec![2.5, 1.0, 2.5]);
    }
}
