//! [`Interval`]: a mean across seeds with its 95% interval.

use crate::stats::student_t_critical;
use serde::Serialize;

/// The two-sided level of every interval across seeds (a 95% interval).
pub const LEVEL: f64 = 0.05;

/// The mean of one quantity over seed replicates and its 95% confidence
/// interval, `mean ± t(0.975, n - 1) · s / √n` with `s` the sample standard
/// deviation (Student's t: the seeds are few, so the interval is wide).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Interval {
    /// How many seeds gave a value.
    pub seeds: usize,
    /// Their mean.
    pub mean: f64,
    /// The lower end of the interval.
    pub low: f64,
    /// The upper end of the interval.
    pub high: f64,
}

impl Interval {
    /// The interval of `values`; `None` for fewer than two (one seed has no
    /// spread) or a value that is not finite.
    pub fn of(values: &[f64]) -> Option<Interval> {
        let n = values.len();
        if n < 2 || values.iter().any(|v| !v.is_finite()) {
            return None;
        }
        let mean = values.iter().sum::<f64>() / n as f64;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let half = student_t_critical(LEVEL, (n - 1) as f64) * (var / n as f64).sqrt();
        Some(Interval {
            seeds: n,
            mean,
            low: mean - half,
            high: mean + half,
        })
    }

    /// Whether the interval holds `value` (for an affinity or a difference:
    /// whether zero, no effect, is within it).
    pub fn contains(&self, value: f64) -> bool {
        self.low <= value && value <= self.high
    }

    /// Half its width.
    pub fn half_width(&self) -> f64 {
        0.5 * (self.high - self.low)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn student_critical_values_match_the_tables() {
        // Two-sided 5% critical values of Student's t (any statistics table).
        for (df, t) in [(1.0, 12.706), (2.0, 4.303), (4.0, 2.776), (30.0, 2.042)] {
            let got = student_t_critical(LEVEL, df);
            assert!((got - t).abs() < 5e-4, "df {df}: {got} against {t}");
        }
    }

    #[test]
    fn interval_by_hand() {
        // Mean 2, s = 1, n = 3: 2 ± 4.3027 / √3.
        let i = Interval::of(&[1.0, 2.0, 3.0]).unwrap();
        assert_eq!((i.seeds, i.mean), (3, 2.0));
        assert!((i.half_width() - 4.302_653 / 3f64.sqrt()).abs() < 1e-5);
        assert!(i.contains(0.0) && !i.contains(5.0));
        assert_eq!(Interval::of(&[1.0]), None);
        assert_eq!(Interval::of(&[1.0, f64::NAN]), None);
        let same = Interval::of(&[0.5, 0.5]).unwrap();
        assert_eq!((same.low, same.high), (0.5, 0.5));
    }
}
