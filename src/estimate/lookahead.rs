//! [`measure_step`]: both estimators at one training step, before the
//! step is taken, leaving the network exactly as it found it.
//!
//! On the batch, in training mode (BN on batch statistics, as the step
//! itself computes its losses):
//! 1. one forward pass gives every task's loss `L_j(theta)`, and one
//!    backward pass per task (graph kept) its gradient `g_i` on the shared
//!    parameters `theta` (the encoder, and family B's pre-decoder);
//! 2. cosine: `<g_i, g_j> / (|g_i| |g_j|)` over the flattened gradients, in
//!    f64 (0 when either gradient is zero);
//! 3. TAG: for each task `i`, the shared parameters take the optimiser's
//!    step on `g_i` alone ([`crate::train::Sgd::step_params_with`]: weight
//!    decay included, momentum as the options say; the decoders do not
//!    move), a forward pass without gradients gives every `L_j(theta')`,
//!    and `theta` is restored. `Z_{i->j} = 1 - L_j(theta') / L_j(theta)`,
//!    divided by the learning rate if the options say so (0 where
//!    `L_j(theta)` is 0, a segmentation batch without a counted pixel).
//!
//! BatchNorm: every forward pass here runs in training mode and so moves
//! the running statistics; they are copied before and written back after,
//! so only the normal training step changes them, exactly as in a run
//! without the estimators. (TAG's reference code lets its lookahead passes
//! update them: a measured step there moves the statistics `n + 1` times.)
//! The network has no `num_batches_tracked` (its BN momentum is fixed), and
//! the optimiser's momentum buffers are only read.

use super::options::EstimateOptions;
use super::sums::StepAffinity;
use crate::data::Batch;
use crate::train::loss::LossError;
use crate::train::weighting::gram;
use crate::train::TrainStep;
use tch::Tensor;

/// TAG's and the cosine matrices of `batch` at the network's current
/// weights (see the module docs); the network, its BN statistics and the
/// optimiser are left as they were, also when a loss fails.
pub fn measure_step(
    ts: &TrainStep,
    batch: &Batch,
    options: &EstimateOptions,
) -> Result<StepAffinity, LossError> {
    let shared = ts.net.shared_parameters();
    let stats: Vec<Tensor> = ts
        .vs
        .variables()
        .into_values()
        .filter(|t| !t.requires_grad())
        .collect();
    let saved_stats: Vec<Tensor> = stats.iter().map(Tensor::copy).collect();
    let theta: Vec<Tensor> = shared.iter().map(|p| p.detach().copy()).collect();
    let measured = measure(ts, batch, options, &shared, &theta);
    restore(&shared, &theta);
    restore(&stats, &saved_stats);
    measured
}

fn measure(
    ts: &TrainStep,
    batch: &Batch,
    options: &EstimateOptions,
    shared: &[Tensor],
    theta: &[Tensor],
) -> Result<StepAffinity, LossError> {
    let (_, _, per_task) = ts.forward_losses(batch, true)?;
    let base: Vec<f64> = per_task.values().map(|l| l.double_value(&[])).collect();
    let grads: Vec<Vec<Tensor>> = per_task
        .values()
        .map(|l| Tensor::run_backward(&[l], shared, true, false))
        .collect();
    drop(per_task);
    let cosine = cosine(&grads);
    let lr = ts.sgd.lr;
    let scale = if options.divide_by_lr { 1.0 / lr } else { 1.0 };
    let mut tag = Vec::with_capacity(grads.len());
    for g in &grads {
        ts.sgd.step_params_with(shared, g, options.momentum);
        let after = tch::no_grad(|| ts.forward_losses(batch, true));
        restore(shared, theta);
        let (_, _, after) = after?;
        tag.push(
            after
                .values()
                .zip(&base)
                .map(|(l, &b)| {
                    if b == 0.0 {
                        0.0
                    } else {
                        (1.0 - l.double_value(&[]) / b) * scale
                    }
                })
                .collect(),
        );
    }
    Ok(StepAffinity { tag, cosine })
}

/// Cosine similarities of per-task gradients (each a list of tensors).
fn cosine(grads: &[Vec<Tensor>]) -> Vec<Vec<f64>> {
    let flat: Vec<Tensor> = grads
        .iter()
        .map(|g| Tensor::cat(&g.iter().map(|t| t.flatten(0, -1)).collect::<Vec<_>>(), 0))
        .collect();
    let g = gram(&flat);
    (0..g.len())
        .map(|i| {
            (0..g.len())
                .map(|j| {
                    let norms = (g[i][i] * g[j][j]).sqrt();
                    if norms > 0.0 {
                        g[i][j] / norms
                    } else {
                        0.0
                    }
                })
                .collect()
        })
        .collect()
}

/// Writes `saved` back into `targets`, value by value.
fn restore(targets: &[Tensor], saved: &[Tensor]) {
    tch::no_grad(|| {
        for (t, s) in targets.iter().zip(saved) {
            t.shallow_clone().copy_(s);
        }
    });
}
