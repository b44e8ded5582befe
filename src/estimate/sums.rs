//! [`AffinitySums`]: the running sums of the measured steps, over the run
//! and per epoch. They are what a run carries between epochs (saved with
//! each epoch's checkpoint), so a resumed run adds to the same sums in the
//! same order as an uninterrupted one.

use super::error::EstimateError;
use super::method::AffinityMethod;
use super::options::EstimateOptions;
use super::result::{AffinityCost, EpochAffinity, Matrix, OneRunAffinity, FORMAT};
use crate::tasks::Task;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Both estimators' matrices at one measured step: `tag[i][j]` is
/// `Z_{i->j}` (the effect of a step on task `i` on task `j`'s loss),
/// `cosine[i][j]` the cosine of the two tasks' shared-parameter gradients.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepAffinity {
    /// TAG's lookahead affinity.
    pub tag: Matrix,
    /// Gradient cosine similarity.
    pub cosine: Matrix,
}

impl StepAffinity {
    /// The matrix of `method`.
    pub fn matrix(&self, method: AffinityMethod) -> &Matrix {
        match method {
            AffinityMethod::Tag => &self.tag,
            AffinityMethod::Cosine => &self.cosine,
        }
    }
}

/// Sums of the measured steps' matrices (elementwise) and their number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MethodSums {
    /// Steps added.
    pub measured: u64,
    /// The sums, shaped like a [`StepAffinity`].
    pub sums: StepAffinity,
}

impl MethodSums {
    fn zeros(n: usize) -> MethodSums {
        MethodSums {
            measured: 0,
            sums: StepAffinity {
                tag: vec![vec![0.0; n]; n],
                cosine: vec![vec![0.0; n]; n],
            },
        }
    }

    fn add(&mut self, step: &StepAffinity) {
        for (sum, value) in [
            (&mut self.sums.tag, &step.tag),
            (&mut self.sums.cosine, &step.cosine),
        ] {
            for (row, values) in sum.iter_mut().zip(value) {
                for (s, v) in row.iter_mut().zip(values) {
                    *s += v;
                }
            }
        }
        self.measured += 1;
    }

    /// The mean matrix of each method.
    fn means(&self) -> BTreeMap<AffinityMethod, Matrix> {
        let n = self.measured as f64;
        AffinityMethod::ALL
            .into_iter()
            .map(|m| {
                let mean = self
                    .sums
                    .matrix(m)
                    .iter()
                    .map(|row| row.iter().map(|s| s / n).collect())
                    .collect();
                (m, mean)
            })
            .collect()
    }
}

/// The state of a run's estimators after the steps seen so far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AffinitySums {
    /// How the steps are measured (a resumed run must use the same).
    pub options: EstimateOptions,
    /// The network's tasks, in matrix order.
    pub tasks: Vec<Task>,
    /// Training steps seen (measured or not).
    pub steps: u64,
    /// Training images in those steps.
    pub images: u64,
    /// Wall seconds spent measuring.
    pub measure_seconds: f64,
    /// Sums over the whole run.
    pub total: MethodSums,
    /// Sums per epoch (1-based; only epochs with a measured step).
    pub epochs: BTreeMap<usize, MethodSums>,
}

impl AffinitySums {
    /// Empty sums for a network of `tasks`.
    pub fn new(tasks: Vec<Task>, options: EstimateOptions) -> AffinitySums {
        let n = tasks.len();
        AffinitySums {
            options,
            tasks,
            steps: 0,
            images: 0,
            measure_seconds: 0.0,
            total: MethodSums::zeros(n),
            epochs: BTreeMap::new(),
        }
    }

    /// Whether the next training step is measured.
    pub fn due(&self) -> bool {
        self.options.measures(self.steps)
    }

    /// Adds a measured step of epoch `epoch` that took `seconds` to measure.
    pub fn add(&mut self, epoch: usize, step: &StepAffinity, seconds: f64) {
        let n = self.tasks.len();
        self.total.add(step);
        self.epochs
            .entry(epoch)
            .or_insert_with(|| MethodSums::zeros(n))
            .add(step);
        self.measure_seconds += seconds;
    }

    /// Counts a training step of `images` images.
    pub fn count_step(&mut self, images: u64) {
        self.steps += 1;
        self.images += images;
    }

    /// The means, with the cost of a run of `epochs` epochs that took
    /// `seconds` wall seconds; an error when no step was measured.
    pub fn result(&self, epochs: usize, seconds: f64) -> Result<OneRunAffinity, EstimateError> {
        if self.total.measured == 0 {
            return Err(EstimateError::NothingMeasured { steps: self.steps });
        }
        Ok(OneRunAffinity {
            format: FORMAT,
            tasks: self.tasks.clone(),
            options: self.options,
            methods: self.total.means(),
            steps: self.total.measured,
            epochs: self
                .epochs
                .iter()
                .map(|(epoch, sums)| EpochAffinity {
                    epoch: *epoch,
                    steps: sums.measured,
                    methods: sums.means(),
                })
                .collect(),
            cost: AffinityCost {
                epochs,
                training_steps: self.steps,
                training_images: self.images,
                seconds,
                measure_seconds: self.measure_seconds,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(v: f64) -> StepAffinity {
        StepAffinity {
            tag: vec![vec![v, 2.0 * v], vec![-v, 0.5]],
            cosine: vec![vec![1.0, v], vec![v, 1.0]],
        }
    }

    #[test]
    fn means_over_the_run_and_per_epoch() {
        let tasks = vec![Task::SegmentSemantic, Task::Normal];
        let mut sums = AffinitySums::new(tasks.clone(), EstimateOptions::default());
        assert!(sums.result(0, 0.0).is_err());
        sums.add(1, &step(1.0), 0.5);
        sums.add(1, &step(3.0), 0.5);
        sums.add(2, &step(5.0), 1.0);
        for _ in 0..25 {
            sums.count_step(4);
        }
        let r = sums.result(2, 10.0).unwrap();
        assert_eq!(r.tasks, tasks);
        assert_eq!(r.steps, 3);
        assert_eq!(r.methods[&AffinityMethod::Tag], [[3.0, 6.0], [-3.0, 0.5]]);
        assert_eq!(r.methods[&AffinityMethod::Cosine][0], [1.0, 3.0]);
        assert_eq!(r.epochs.len(), 2);
        assert_eq!((r.epochs[0].epoch, r.epochs[0].steps), (1, 2));
        assert_eq!(r.epochs[0].methods[&AffinityMethod::Tag][0], [2.0, 4.0]);
        assert_eq!(r.epochs[1].methods[&AffinityMethod::Tag][1], [-5.0, 0.5]);
        let c = &r.cost;
        assert_eq!(
            (c.epochs, c.training_steps, c.training_images),
            (2, 25, 100)
        );
        assert_eq!((c.seconds, c.measure_seconds), (10.0, 2.0));
        // The state survives JSON exactly (it is saved with the checkpoint).
        let back: AffinitySums =
            serde_json::from_value(serde_json::to_value(&sums).unwrap()).unwrap();
        assert_eq!(back, sums);
    }
}
