//! Special functions shared by the correlation test (`analysis`) and the
//! plateau schedule's paired t-test (`train`): the log-gamma function, the
//! regularized incomplete beta function and Student's t distribution.
//! Written here rather than pulled from a statistics crate to keep the
//! notebook's compile time down; checked against mpmath in the tests.

use std::f64::consts::PI;

/// Lanczos approximation parameters (g = 7, 9 terms; Godfrey's coefficients),
/// relative error below 1e-14 for positive arguments.
const LANCZOS_G: f64 = 7.0;
const LANCZOS: [f64; 9] = [
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

/// `ln Γ(x)` for `x > 0`.
///
/// # Panics
/// When `x` is not a positive finite number.
pub fn ln_gamma(x: f64) -> f64 {
    assert!(
        x > 0.0 && x.is_finite(),
        "ln_gamma needs a positive finite argument, got {x}"
    );
    if x < 0.5 {
        // Reflection: Γ(x) Γ(1 - x) = π / sin(πx).
        return (PI / (PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + LANCZOS_G + 0.5;
    let series = LANCZOS[1..]
        .iter()
        .enumerate()
        .fold(LANCZOS[0], |acc, (i, c)| acc + c / (x + (i + 1) as f64));
    0.5 * (2.0 * PI).ln() + (x + 0.5) * t.ln() - t + series.ln()
}

/// Continued fraction of the incomplete beta function (modified Lentz),
/// converging fast for `x < (a + 1) / (a + b + 2)`.
fn beta_continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    const MAX_TERMS: usize = 100_000;
    const EPS: f64 = 1e-16;
    const TINY: f64 = 1e-300;
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=MAX_TERMS {
        let m = m as f64;
        let m2 = 2.0 * m;
        let even = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / guard(1.0 + even * d);
        c = guard(1.0 + even / c);
        h *= d * c;
        let odd = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / guard(1.0 + odd * d);
        c = guard(1.0 + odd / c);
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < EPS {
            return h;
        }
    }
    // The fraction converges in O(sqrt(max(a, b))) terms; reaching here means
    // arguments far outside anything a correlation test produces.
    panic!("incomplete beta continued fraction did not converge for a={a}, b={b}, x={x}")
}

/// The regularized incomplete beta function `I_x(a, b)`, for `a, b > 0` and
/// `0 <= x <= 1`.
///
/// # Panics
/// When an argument is outside that domain.
pub fn regularized_incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    assert!(
        a > 0.0 && b > 0.0,
        "incomplete beta needs a, b > 0, got a={a}, b={b}"
    );
    assert!(
        (0.0..=1.0).contains(&x),
        "incomplete beta needs 0 <= x <= 1, got {x}"
    );
    if x == 0.0 || x == 1.0 {
        return x;
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_continued_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_continued_fraction(b, a, 1.0 - x) / b
    }
}

/// The two-sided p-value of Student's t statistic `t` with `df` degrees of
/// freedom: `P(|T| >= |t|) = I_{df / (df + t²)}(df / 2, 1 / 2)`.
///
/// # Panics
/// When `df` is not positive or `t` is NaN.
pub fn student_t_two_sided(t: f64, df: f64) -> f64 {
    assert!(
        df > 0.0,
        "Student's t needs positive degrees of freedom, got {df}"
    );
    assert!(!t.is_nan(), "Student's t statistic is NaN");
    if t.is_infinite() {
        return 0.0;
    }
    regularized_incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
}

/// The two-sided critical value of Student's t with `df` degrees of
/// freedom at level `alpha`: the `t > 0` with `P(|T| >= t) = alpha` (4.303
/// for `alpha` 0.05 and 2 degrees of freedom), by bisection on
/// [`student_t_two_sided`].
///
/// # Panics
/// When `df` is not positive or `alpha` is not in (0, 1).
pub fn student_t_critical(alpha: f64, df: f64) -> f64 {
    assert!(
        alpha > 0.0 && alpha < 1.0,
        "a two-sided level lies in (0, 1), got {alpha}"
    );
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    while student_t_two_sided(hi, df) > alpha {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if student_t_two_sided(mid, df) > alpha {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-12 * hi {
            break;
        }
    }
    0.5 * (lo + hi)
}
