//! How a study shows progress: a bar in a terminal, a line every few
//! seconds in a notebook (evcxr cannot redraw a line; EVCXR.md).

use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Where progress goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ProgressMode {
    /// A bar when stdout is a terminal, else lines (the notebook case).
    Auto,
    /// A redrawn progress bar (terminal).
    Bar,
    /// A line at most every `every` (notebooks, logs).
    Lines {
        /// Minimum time between two lines.
        every: Duration,
    },
    /// Nothing.
    Silent,
}

impl ProgressMode {
    /// `Auto` resolved for the current stdout.
    pub fn resolve(self) -> ProgressMode {
        match self {
            ProgressMode::Auto if std::io::stdout().is_terminal() => ProgressMode::Bar,
            ProgressMode::Auto => ProgressMode::Lines {
                every: Duration::from_secs(10),
            },
            other => other,
        }
    }
}

/// The state of a running study, formatted for people.
#[derive(Clone, Debug)]
pub struct StudyProgress {
    /// Networks finished (before and during this run).
    pub done: usize,
    /// Networks in the study's choice.
    pub total: usize,
    /// The network being trained (its id).
    pub current: String,
    /// Its epoch (1-based) and maximum.
    pub epoch: (usize, usize),
    /// Its batch within the epoch and the epoch's batches.
    pub batch: (usize, usize),
    /// Its running mean training loss.
    pub loss: f64,
    /// Networks trained by this process so far, and the time they took.
    pub trained_here: (usize, Duration),
    /// When the current network started in this process.
    pub network_started: Instant,
}

impl StudyProgress {
    /// Estimated time left: the current network's remaining epochs at its
    /// pace so far, plus the remaining networks at the mean time of the
    /// networks this process finished (unknown before the first one).
    pub fn eta(&self) -> Option<Duration> {
        let (epoch, max_epochs) = self.epoch;
        let fraction = ((epoch.saturating_sub(1)) as f64
            + self.batch.0 as f64 / self.batch.1.max(1) as f64)
            / max_epochs.max(1) as f64;
        let elapsed = self.network_started.elapsed();
        let current_left = if fraction > 0.0 {
            elapsed.mul_f64((1.0 - fraction) / fraction)
        } else {
            return None;
        };
        let remaining_networks = self.total.saturating_sub(self.done + 1);
        let per_network = if self.trained_here.0 > 0 {
            self.trained_here.1 / self.trained_here.0 as u32
        } else {
            elapsed.mul_f64(1.0 / fraction)
        };
        Some(current_left + per_network * remaining_networks as u32)
    }

    /// One line: `networks 3/36 | ds epoch 2/10 batch 5/20 loss 0.8123 | ETA 4m12s`.
    pub fn line(&self) -> String {
        let eta = self
            .eta()
            .map(format_duration)
            .unwrap_or_else(|| "?".to_string());
        format!(
            "networks {}/{} | {} epoch {}/{} batch {}/{} loss {:.4} | ETA {}",
            self.done,
            self.total,
            self.current,
            self.epoch.0,
            self.epoch.1,
            self.batch.0,
            self.batch.1,
            self.loss,
            eta
        )
    }
}

/// `1h02m`, `4m12s` or `37s`.
pub fn format_duration(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    } else if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_durations_and_lines() {
        assert_eq!(format_duration(Duration::from_secs(37)), "37s");
        assert_eq!(format_duration(Duration::from_secs(252)), "4m12s");
        assert_eq!(format_duration(Duration::from_secs(3720)), "1h02m");
        let p = StudyProgress {
            done: 3,
            total: 36,
            current: "ds".into(),
            epoch: (1, 10),
            batch: (0, 20),
            loss: 0.81234,
            trained_here: (0, Duration::ZERO),
            network_started: Instant::now(),
        };
        assert_eq!(p.eta(), None);
        assert_eq!(
            p.line(),
            "networks 3/36 | ds epoch 1/10 batch 0/20 loss 0.8123 | ETA ?"
        );
    }
}
