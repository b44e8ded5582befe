//! The backward pass of one training step under a [`Weighting`] other than
//! the plain sum: it leaves in every parameter's `.grad` what the optimiser
//! steps on, and updates the method's [`WeightingState`].
//!
//! * GradNorm: `|dL_i/dW|` on the last shared weight `W` (one backward per
//!   task through its decoder and that layer, graph kept), then
//!   `sum_i w_i L_i` backward, then the weights' update.
//! * MGDA-UB: `g_i = dL_i/dz` on the shared representation `z` (one
//!   backward per task through its decoder), the min-norm coefficients `a`
//!   of their Gram matrix (in f64), then `sum_i a_i L_i` backward (the
//!   decoders' gradients are scaled by `a_i` too, as in Sener & Koltun's
//!   code; no gradient normalisation, their `normalization_type` `none`.
//!   The paper's own `ozan_rep_fun.py` instead scales only the encoder's
//!   gradient, by `a_i sqrt(T)`).
//! * Uncertainty: `sum_i exp(-s_i) L_i` backward, then the log-variances' update.
//! * PCGrad: every task's gradient on the shared parameters (one backward
//!   per task through the whole network), the PCGrad coefficients `b` of
//!   their Gram matrix, then `sum_i L_i` backward (the decoders' gradients)
//!   with the shared parameters' gradients replaced by `sum_k b_k g_k`.

use super::gradnorm::GradNormState;
use super::min_norm::min_norm_coefficients;
use super::pcgrad::{pcgrad_coefficients, task_orders};
use super::setting::Weighting;
use super::state::WeightingState;
use super::uncertainty;
use crate::model::MultiTaskNet;
use tch::{Kind, Tensor};

/// What one weighted backward pass needs besides the method.
pub struct StepInputs<'a> {
    /// The network.
    pub net: &'a MultiTaskNet,
    /// The shared representation the decoders ran on (in the graph).
    pub rep: &'a Tensor,
    /// The task losses, in [`crate::tasks::Task`] order.
    pub losses: &'a [Tensor],
    /// The run's seed (PCGrad's task order).
    pub seed: u64,
    /// The current learning rate (the methods' own parameters' step).
    pub lr: f64,
}

/// Runs the backward pass of `weighting` (see the module docs), leaving the
/// gradients in the parameters and updating `state`. `state` must fit
/// `weighting` ([`WeightingState::fits`]); the trainer checks that when it
/// restores one.
pub fn weighted_backward(weighting: Weighting, state: &mut WeightingState, input: &StepInputs<'_>) {
    let losses = input.losses;
    let values: Vec<f64> = losses.iter().map(|l| l.double_value(&[])).collect();
    match (weighting, state) {
        (Weighting::Sum, _) => sum(losses).backward(),
        (Weighting::GradNorm { alpha }, WeightingState::GradNorm(s)) => {
            gradnorm(s, input, &values, alpha)
        }
        (Weighting::Mgda, _) => {
            let grads: Vec<Tensor> = losses
                .iter()
                .map(|l| Tensor::run_backward(&[l], &[input.rep], true, false).remove(0))
                .collect();
            let a = min_norm_coefficients(&gram(&grads));
            weighted_sum(losses, &a).backward();
        }
        (Weighting::Uncertainty, WeightingState::Uncertainty { log_variances }) => {
            weighted_sum(losses, &uncertainty::weights(log_variances)).backward();
            uncertainty::update(log_variances, &values, input.lr);
        }
        (Weighting::PcGrad, WeightingState::PcGrad { steps }) => {
            pcgrad(input, *steps);
            *steps += 1;
        }
        (w, s) => unreachable!("weighting {w} was given the state of another method: {s:?}"),
    }
}

fn gradnorm(s: &mut GradNormState, input: &StepInputs<'_>, values: &[f64], alpha: f64) {
    let w = input.net.last_shared_weight();
    let norms: Vec<f64> = input
        .losses
        .iter()
        .map(|l| {
            Tensor::run_backward(&[l], &[&w], true, false)[0]
                .to_kind(Kind::Double)
                .norm()
                .double_value(&[])
        })
        .collect();
    weighted_sum(input.losses, &s.weights).backward();
    s.update(values, &norms, alpha, input.lr);
}

fn pcgrad(input: &StepInputs<'_>, step: u64) {
    let shared = input.net.shared_parameters();
    let per_task: Vec<Vec<Tensor>> = input
        .losses
        .iter()
        .map(|l| Tensor::run_backward(&[l], &shared, true, false))
        .collect();
    let flat: Vec<Tensor> = per_task
        .iter()
        .map(|g| Tensor::cat(&g.iter().map(|t| t.flatten(0, -1)).collect::<Vec<_>>(), 0))
        .collect();
    let b = pcgrad_coefficients(
        &gram(&flat),
        &task_orders(input.seed, step, input.losses.len()),
    );
    sum(input.losses).backward();
    tch::no_grad(|| {
        for (k, p) in shared.iter().enumerate() {
            let combined = per_task
                .iter()
                .zip(&b)
                .map(|(g, bk)| &g[k] * *bk)
                .reduce(|a, c| a + c)
                .expect("at least one task");
            p.grad().copy_(&combined);
        }
    });
}

/// `sum_i L_i`.
fn sum(losses: &[Tensor]) -> Tensor {
    weighted_sum(losses, &vec![1.0; losses.len()])
}

/// `sum_i c_i L_i`.
fn weighted_sum(losses: &[Tensor], c: &[f64]) -> Tensor {
    losses
        .iter()
        .zip(c)
        .map(|(l, c)| l * *c)
        .reduce(|a, b| a + b)
        .expect("at least one task")
}

/// The Gram matrix `<g_i, g_j>` of gradients (flattened, in f64).
pub(crate) fn gram(grads: &[Tensor]) -> Vec<Vec<f64>> {
    let g = Tensor::stack(
        &grads
            .iter()
            .map(|t| t.flatten(0, -1).to_kind(Kind::Double))
            .collect::<Vec<_>>(),
        0,
    );
    let m = g.mm(&g.tr());
    let n = grads.len();
    (0..n)
        .map(|i| {
            (0..n)
                .map(|j| m.double_value(&[i as i64, j as i64]))
                .collect()
        })
        .collect()
}
