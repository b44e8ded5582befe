//! The paired t-test the paper's learning-rate schedule runs
//! (`scipy.stats.ttest_rel`), with the Student-t tail from the regularised
//! incomplete beta function (continued fraction, Lentz's method).

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

/// P(|T| > |t|) for Student's t with `df` degrees of freedom.
pub fn student_t_two_sided(t: f64, df: f64) -> f64 {
    incomplete_beta(df / (df + t * t), df / 2.0, 0.5)
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; about 15 significant digits).
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1-x) = π / sin(πx).
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut s = C[0];
    for (i, c) in C.iter().enumerate().skip(1) {
        s += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + s.ln()
}

/// Regularised incomplete beta I_x(a, b).
pub fn incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    // The continued fraction converges fast for x < (a + 1) / (a + b + 2).
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_cf(x, a, b) / a
    } else {
        1.0 - ln_front.exp() * beta_cf(1.0 - x, b, a) / b
    }
}

/// Continued fraction of the incomplete beta (modified Lentz).
fn beta_cf(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=300 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

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
