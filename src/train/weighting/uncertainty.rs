//! Uncertainty weighting (Kendall et al., CVPR 2018) in its usual form:
//! with one learned log-variance `s_i` per task (starting at 0) the loss is
//! `sum_i exp(-s_i) L_i + s_i`. The network steps on it (its gradient is
//! `sum_i exp(-s_i) dL_i`); the log-variances take one plain gradient step
//! `s_i -= lr (1 - exp(-s_i) L_i)` at the network's current learning rate
//! (no momentum or weight decay).

/// The loss weights `exp(-s_i)` of log-variances `s`.
pub fn weights(log_variances: &[f64]) -> Vec<f64> {
    log_variances.iter().map(|s| (-s).exp()).collect()
}

/// The log-variances after a step with task losses `losses`.
pub fn update(log_variances: &mut [f64], losses: &[f64], lr: f64) {
    for (s, l) in log_variances.iter_mut().zip(losses) {
        *s -= lr * (1.0 - (-*s).exp() * l);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hand_worked_update() {
        // s = 0, L = 3: d/ds (e^-s L + s) = 1 - 3 = -2, s = 0 + 0.1 * 2 = 0.2.
        // s = ln 2, L = 1: 1 - 1/2 = 0.5, s = ln 2 - 0.05.
        let mut s = [0.0, 2f64.ln()];
        update(&mut s, &[3.0, 1.0], 0.1);
        assert!((s[0] - 0.2).abs() < 1e-12 && (s[1] - (2f64.ln() - 0.05)).abs() < 1e-12);
        assert_eq!(weights(&[0.0]), [1.0]);
        // The optimum of e^-s L + s is s = ln L: no step there.
        let mut at = [5f64.ln()];
        update(&mut at, &[5.0], 0.1);
        assert!((at[0] - 5f64.ln()).abs() < 1e-12);
    }
}
