//! The paper's initialisation (ARCHITECTURES.md section 6), replayed draw by
//! draw: first PyTorch's construction-time defaults for every Conv2d and
//! ConvTranspose2d in registration order (weight, then bias, uniform), then
//! the model's init loop redrawing every Conv2d weight (not ConvTranspose2d)
//! from N(0, 2 / (k·k·out_channels)). BatchNorm: weight 1, bias 0,
//! running mean 0, running variance 1 (set at creation, no draws).

use super::layer::{Layer, Op};
use super::net::Vars;

/// PyTorch's `kaiming_uniform_(a = sqrt(5))` bound, computed the way
/// `torch.nn.init` does (gain, then std, then sqrt(3)·std), so the double
/// passed to `uniform_` is the same bit for bit.
fn kaiming_bound(fan_in: i64) -> f64 {
    let gain = (2.0f64 / (1.0 + 5.0)).sqrt();
    let std = gain / (fan_in as f64).sqrt();
    3.0f64.sqrt() * std
}

/// Initialises the variables of `layers` (given in registration order).
pub(super) fn initialise<'a>(layers: impl Iterator<Item = (&'a Layer, &'a Vars)> + Clone) {
    tch::no_grad(|| {
        for (layer, vars) in layers.clone() {
            if let (Op::Conv { .. } | Op::ConvT { .. }, Vars::Conv { weight, bias }) =
                (layer.op, vars)
            {
                let s = weight.size();
                // fan_in = weight.size(1) * k * k (for ConvTranspose2d: out_channels * k * k).
                let fan_in = s[1] * s[2] * s[3];
                let b = kaiming_bound(fan_in);
                let _ = weight.shallow_clone().uniform_(-b, b);
                if let Some(bias) = bias {
                    let bb = 1.0 / (fan_in as f64).sqrt();
                    let _ = bias.shallow_clone().uniform_(-bb, bb);
                }
            }
        }
        for (layer, vars) in layers {
            if let (Op::Conv { cout, k, .. }, Vars::Conv { weight, .. }) = (layer.op, vars) {
                let std = (2.0 / (k * k * cout) as f64).sqrt();
                let _ = weight.shallow_clone().normal_(0.0, std);
            }
        }
    });
}
