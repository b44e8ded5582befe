//! GradNorm (Chen et al., ICML 2018, Algorithm 1) on the weight `W` of the
//! last shared layer: with loss weights `w_i` (starting at 1), per-task
//! gradient norms `G_i = w_i |dL_i/dW|`, their mean `G`, the loss ratios
//! `r_i = (L_i / L_i(0)) / mean_j (L_j / L_j(0))` (`L_i(0)`: the losses of
//! the run's first step) and the targets `G r_i^alpha` (held constant),
//! the weights take one plain gradient step on
//! `L_grad = sum_i |G_i - G r_i^alpha|`, whose derivative is
//! `sign(G_i - target_i) |dL_i/dW|`, at the network's current learning
//! rate, and are renormalised to sum to the number of tasks. The network
//! itself steps on `sum_i w_i L_i` with the weights before the update.

use serde::{Deserialize, Serialize};

/// GradNorm's state: the loss weights and the first step's losses (in
/// [`crate::tasks::Task`] order).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradNormState {
    /// The loss weights `w_i` (summing to the number of tasks).
    pub weights: Vec<f64>,
    /// `L_i(0)`, once the first step has been taken.
    pub initial_losses: Option<Vec<f64>>,
}

impl GradNormState {
    /// Weights 1, no losses seen yet.
    pub fn new(tasks: usize) -> GradNormState {
        GradNormState {
            weights: vec![1.0; tasks],
            initial_losses: None,
        }
    }

    /// After a step with task losses `losses` and gradient norms
    /// `norms[i] = |dL_i/dW|`: records the first losses, then updates the
    /// weights (module docs).
    pub fn update(&mut self, losses: &[f64], norms: &[f64], alpha: f64, lr: f64) {
        let n = self.weights.len() as f64;
        let initial = self.initial_losses.get_or_insert_with(|| losses.to_vec());
        let ratios: Vec<f64> = losses
            .iter()
            .zip(initial.iter())
            .map(|(l, l0)| l / l0)
            .collect();
        let mean_ratio = ratios.iter().sum::<f64>() / n;
        let g: Vec<f64> = self.weights.iter().zip(norms).map(|(w, v)| w * v).collect();
        let mean_g = g.iter().sum::<f64>() / n;
        for (i, w) in self.weights.iter_mut().enumerate() {
            let target = mean_g * (ratios[i] / mean_ratio).powf(alpha);
            let diff = g[i] - target;
            let sign = if diff > 0.0 {
                1.0
            } else if diff < 0.0 {
                -1.0
            } else {
                0.0
            };
            *w -= lr * sign * norms[i];
        }
        let sum: f64 = self.weights.iter().sum();
        for w in &mut self.weights {
            *w *= n / sum;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hand_worked_update() {
        // Two tasks, weights (1, 1), first losses (2, 1), now (1, 1):
        // ratios (0.5, 1), mean 0.75, r = (2/3, 4/3). Norms (3, 1): G = (3, 1),
        // mean 2; alpha 1: targets (4/3, 8/3); signs (+, -):
        // w = (1 - 0.1*3, 1 + 0.1*1) = (0.7, 1.1), renormalised to sum 2:
        // (0.7, 1.1) * 2/1.8.
        let mut s = GradNormState {
            weights: vec![1.0, 1.0],
            initial_losses: Some(vec![2.0, 1.0]),
        };
        s.update(&[1.0, 1.0], &[3.0, 1.0], 1.0, 0.1);
        let want = [0.7 * 2.0 / 1.8, 1.1 * 2.0 / 1.8];
        assert!(
            s.weights
                .iter()
                .zip(want)
                .all(|(a, b)| (a - b).abs() < 1e-12),
            "{s:?}"
        );
    }

    #[test]
    fn the_first_step_records_the_losses() {
        // r = 1 for every task, so the targets are the mean G: the task with
        // the larger gradient is weighted down.
        let mut s = GradNormState::new(2);
        s.update(&[0.5, 4.0], &[2.0, 1.0], 1.5, 0.1);
        assert_eq!(s.initial_losses, Some(vec![0.5, 4.0]));
        assert!(s.weights[0] < 1.0 && s.weights[1] > 1.0, "{s:?}");
        assert!((s.weights.iter().sum::<f64>() - 2.0).abs() < 1e-12);
    }
}
