//! The paper's plateau learning-rate schedule (official `train_taskonomy.py`,
//! `learning_rate_schedule`), step by step:
//!
//! * every optimiser step appends the batch's training loss to a history;
//! * during the first `hold_epochs` epochs (2) nothing changes;
//! * once more than `window` steps (`window_images / batch_size`; initially
//!   500,000 images) have passed since the last change, the oldest 3/8 of
//!   the last `window` losses are compared with the newest 3/8: each is
//!   sorted, trimmed to its 5 %..95 % part, cut to a common length, and a
//!   paired t-test is run on (old, new);
//! * if the loss went up (t < 0) or the difference is insignificant
//!   (p > 0.99), the learning rate is halved (`lr0 · 0.5^halvings`) and the
//!   window doubles, up to `max_window_images` (2,000,000 images);
//! * training stops at the start of an epoch whose learning rate is below
//!   the floor (3e-5), or after the maximum number of epochs.

use super::ttest::ttest_rel;
use serde::{Deserialize, Serialize};

/// Settings of the plateau schedule (defaults: the paper's).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlateauConfig {
    /// Initial window, in training images (500,000).
    pub initial_window_images: u64,
    /// Largest window, in training images (2,000,000).
    pub max_window_images: u64,
    /// Epochs at the start during which the rate never changes (2).
    pub hold_epochs: usize,
    /// Factor applied per halving (0.5).
    pub factor: f64,
    /// A p-value above this counts as "no improvement" (0.99).
    pub p_threshold: f64,
    /// Fraction trimmed from each end of the sorted samples (0.05).
    pub trim: f64,
}

impl Default for PlateauConfig {
    fn default() -> Self {
        PlateauConfig {
            initial_window_images: 500_000,
            max_window_images: 2_000_000,
            hold_epochs: 2,
            factor: 0.5,
            p_threshold: 0.99,
            trim: 0.05,
        }
    }
}

/// The schedule's state (serialisable so a resumed run continues exactly).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlateauSchedule {
    config: PlateauConfig,
    batch_size: u64,
    lr0: f64,
    /// Number of halvings so far.
    pub halvings: u32,
    window_images: u64,
    /// Steps taken so far.
    steps: u64,
    /// `steps` at the last halving.
    last_tick: u64,
    /// The most recent losses (at most the largest window's worth).
    history: Vec<f64>,
}

impl PlateauSchedule {
    /// A fresh schedule starting at `lr0`.
    pub fn new(config: PlateauConfig, lr0: f64, batch_size: usize) -> PlateauSchedule {
        let window_images = config.initial_window_images;
        PlateauSchedule {
            config,
            batch_size: batch_size.max(1) as u64,
            lr0,
            halvings: 0,
            window_images,
            steps: 0,
            last_tick: 0,
            history: Vec::new(),
        }
    }

    /// The current learning rate.
    pub fn lr(&self) -> f64 {
        self.lr0 * self.config.factor.powi(self.halvings as i32)
    }

    /// The current window in steps.
    pub fn window_steps(&self) -> u64 {
        self.window_images / self.batch_size
    }

    /// Steps recorded so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Records one step's training loss during `epoch` (0-based); returns the
    /// new learning rate when it changed.
    pub fn on_step(&mut self, epoch: usize, loss: f64) -> Option<f64> {
        self.history.push(loss);
        self.steps += 1;
        let keep =
            (self.config.max_window_images / self.batch_size).max(self.window_steps()) as usize + 1;
        if self.history.len() > 2 * keep {
            self.history.drain(..self.history.len() - keep);
        }
        if epoch < self.config.hold_epochs {
            return None;
        }
        let wind = self.window_steps();
        if wind == 0 || self.steps - self.last_tick <= wind {
            return None;
        }
        let (a, b) = self.samples(wind as usize);
        let test = ttest_rel(&a, &b)?;
        if test.t < 0.0 || test.p > self.config.p_threshold {
            self.halvings += 1;
            self.last_tick = self.steps;
            self.window_images = (self.window_images * 2).min(self.config.max_window_images);
            return Some(self.lr());
        }
        None
    }

    /// The old and new samples of the last `wind` losses, with the paper's
    /// slicing (`h[-w : -w*5//8]` and `h[-w*3//8 :]`, Python floor division
    /// of negative numbers, i.e. ceilings here), sorting, trimming and
    /// truncation to a common length.
    fn samples(&self, wind: usize) -> (Vec<f64>, Vec<f64>) {
        let len = self.history.len();
        let h = &self.history;
        let old = &h[len - wind..len - (5 * wind).div_ceil(8)];
        let new = &h[len - (3 * wind).div_ceil(8)..];
        let prep = |s: &[f64]| {
            let mut v: Vec<f64> = s.iter().copied().filter(|x| !x.is_nan()).collect();
            v.sort_by(f64::total_cmp);
            let n = v.len() as f64;
            let (lo, hi) = (
                (n * self.config.trim) as usize,
                (n * (1.0 - self.config.trim)) as usize,
            );
            v[lo..hi.max(lo)].to_vec()
        };
        let (mut a, mut b) = (prep(old), prep(new));
        let n = a.len().min(b.len());
        a.truncate(n);
        b.truncate(n);
        (a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(window: u64, max_window: u64) -> PlateauSchedule {
        let cfg = PlateauConfig {
            initial_window_images: window,
            max_window_images: max_window,
            hold_epochs: 1,
            ..Default::default()
        };
        PlateauSchedule::new(cfg, 0.1, 1)
    }

    #[test]
    fn rising_loss_halves_and_doubles_the_window() {
        // Batch size 1, window 20 images = 20 steps, held during epoch 0.
        let mut s = schedule(20, 80);
        let mut changes = Vec::new();
        for step in 1..=200u64 {
            let epoch = if step <= 5 { 0 } else { 1 };
            // A strictly rising loss: t < 0 at every check.
            if let Some(lr) = s.on_step(epoch, step as f64) {
                changes.push((step, lr));
            }
        }
        // First check that can fire: steps - 0 > 20, i.e. step 21; then the
        // window is 40 (next at 21 + 41 = 62), then 80 (62 + 81 = 143), capped.
        assert_eq!(changes, vec![(21, 0.05), (62, 0.025), (143, 0.0125)]);
    }

    #[test]
    fn falling_loss_keeps_the_rate() {
        // A steadily falling loss with a little deterministic wiggle: the new
        // samples are clearly lower (t > 0, p tiny), so the rate never changes.
        let mut s = schedule(20, 80);
        for step in 0..500 {
            let loss = 10.0 - 0.01 * step as f64 + 0.001 * ((step * 7919) % 13) as f64;
            assert_eq!(s.on_step(1, loss), None, "step {step}");
        }
        assert_eq!(s.lr(), 0.1);
    }

    #[test]
    fn insignificant_difference_halves() {
        // Window 16 steps: at step 17 the old sample is losses 2..=7 (history
        // h[1..7]) and the new one losses 12..=17 (h[11..17]); both trimmed to
        // their 5 smallest. Old 1,2,3,4,5 vs new 1.1,1.9,3.1,3.9,5.0: the
        // differences -0.1, 0.1, -0.1, 0.1, 0 have mean 0, so t is 0 and
        // p = 1 > 0.99: halve, although the loss did not rise.
        let mut s = schedule(16, 16);
        let mut h = [1.0f64; 17];
        h[1..7].copy_from_slice(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        h[11..17].copy_from_slice(&[1.1, 1.9, 3.1, 3.9, 5.0, 6.0]);
        let changes: Vec<_> = h
            .iter()
            .enumerate()
            .filter_map(|(i, l)| s.on_step(1, *l).map(|lr| (i + 1, lr)))
            .collect();
        assert_eq!(changes, vec![(17, 0.05)]);
    }

    #[test]
    fn hold_epochs_block_changes() {
        let mut s = schedule(16, 16);
        for step in 0..100 {
            assert_eq!(s.on_step(0, step as f64), None);
        }
        // The first step of epoch 1 may fire immediately (100 steps > window).
        assert_eq!(s.on_step(1, 1000.0), Some(0.05));
    }
}
