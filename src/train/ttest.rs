//! The paired t-test the paper's learning-rate schedule runs
//! (`scipy.stats.ttest_rel`), with the Student-t tail of [`crate::stats`].

use crate::stats::student_t_two_sided;

/// Result of a paired t-test of `a` against `b`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TTest {
    /// t statistic of the differences `a - b` (positive: `a` larger).
    pub t: f64,
    /// Two-sided p-value.
    pub p: f64,
}

/// Paired t-test of equal-length samples. With zero variance of the
/// differences t is ±infinity and p is 0 (as scipy divides); `None` with
/// fewer than two pairs or when all differences are zero (scipy's NaN, which
/// the schedule's comparisons treat as "no decision").
pub fn ttest_rel(a: &[f64], b: &[f64]) -> Option<TTest> {
    let n = a.len().min(b.len());
    if n < 2 {
        return None;
    }
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    let mean = d.iter().sum::<f64>() / n as f64;
    let var = d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    if !var.is_finite() || !mean.is_finite() || (var == 0.0 && mean == 0.0) {
        return None;
    }
    if var == 0.0 {
        return Some(TTest {
            t: f64::INFINITY.copysign(mean),
            p: 0.0,
        });
    }
    let t = mean / (var / n as f64).sqrt();
    Some(TTest {
        t,
        p: student_t_two_sided(t, (n - 1) as f64),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::student_t_two_sided;

    #[test]
    fn student_t_closed_forms() {
        // df = 1 is the Cauchy distribution: P(|T| > 1) = 1/2.
        assert!((student_t_two_sided(1.0, 1.0) - 0.5).abs() < 1e-12);
        // df = 2: P(|T| > t) = 1 - t / sqrt(2 + t²); t = 2 gives 1 - 2/sqrt(6).
        let want = 1.0 - 2.0 / 6f64.sqrt();
        assert!((student_t_two_sided(2.0, 2.0) - want).abs() < 1e-12);
        // Large df tends to the normal: P(|Z| > 1.959964) = 0.05.
        assert!((student_t_two_sided(1.959_964, 1e7) - 0.05).abs() < 1e-5);
        assert_eq!(student_t_two_sided(0.0, 5.0), 1.0);
    }

    #[test]
    fn paired_test_by_hand() {
        // Differences 1, 2, 3: mean 2, sample sd 1, t = 2 / (1/sqrt 3) = 2·sqrt 3,
        // df 2: p = 1 - t / sqrt(2 + t²) = 1 - 2·sqrt3 / sqrt 14.
        let r = ttest_rel(&[2.0, 4.0, 6.0], &[1.0, 2.0, 3.0]).unwrap();
        assert!((r.t - 2.0 * 3f64.sqrt()).abs() < 1e-12);
        assert!((r.p - (1.0 - 2.0 * 3f64.sqrt() / 14f64.sqrt())).abs() < 1e-12);
        assert!(ttest_rel(&[1.0, 2.0], &[1.0, 2.0]).is_none());
        assert_eq!(
            ttest_rel(&[1.0, 2.0], &[2.0, 3.0]),
            Some(TTest {
                t: f64::NEG_INFINITY,
                p: 0.0
            })
        );
        assert!(ttest_rel(&[1.0], &[0.0]).is_none());
    }
}
