//! [`AffinityHook`]: the estimators as a [`StepHook`] of the ordinary
//! trainer: before every due training step it measures ([`measure_step`])
//! and adds the step to its [`AffinitySums`], which are saved with each
//! epoch's checkpoint and restored when the run resumes.

use super::lookahead::measure_step;
use super::options::EstimateOptions;
use super::sums::AffinitySums;
use crate::data::Batch;
use crate::tasks::Task;
use crate::train::loss::LossError;
use crate::train::{StepHook, TrainStep};
use std::time::Instant;

/// Measures the steps [`EstimateOptions::every`] asks for.
#[derive(Clone, Debug)]
pub struct AffinityHook {
    sums: AffinitySums,
}

impl AffinityHook {
    /// A hook for a network of `tasks` (in the network's decoder order).
    pub fn new(tasks: Vec<Task>, options: EstimateOptions) -> AffinityHook {
        AffinityHook {
            sums: AffinitySums::new(tasks, options),
        }
    }

    /// The sums so far.
    pub fn sums(&self) -> &AffinitySums {
        &self.sums
    }
}

impl StepHook for AffinityHook {
    fn before_step(
        &mut self,
        ts: &mut TrainStep,
        batch: &Batch,
        epoch: usize,
    ) -> Result<(), LossError> {
        if self.sums.due() {
            let started = Instant::now();
            let step = measure_step(ts, batch, &self.sums.options)?;
            self.sums.add(epoch, &step, started.elapsed().as_secs_f64());
        }
        self.sums.count_step(batch.len() as u64);
        Ok(())
    }

    fn state(&self) -> serde_json::Value {
        serde_json::to_value(&self.sums).expect("affinity sums are plain numbers and strings")
    }

    fn restore(&mut self, state: &serde_json::Value) -> Result<(), String> {
        let saved: AffinitySums = serde_json::from_value(state.clone())
            .map_err(|e| format!("its affinity state cannot be read: {e}"))?;
        if saved.options != self.sums.options || saved.tasks != self.sums.tasks {
            return Err(format!(
                "its affinity state was measured with other options or tasks ({:?}, {:?}); \
                 use another output directory",
                saved.options, saved.tasks
            ));
        }
        self.sums = saved;
        Ok(())
    }
}
