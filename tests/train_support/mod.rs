//! Test helpers: a small in-memory [`BatchSource`] of random tensors whose
//! targets are simple functions of the input (so a network can learn them),
//! and a source that fails at a chosen batch (a killed run).
#![allow(dead_code)]

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use taskgroup::data::{Batch, BatchSource, DataError, Target};
use taskgroup::device::DeviceChoice;
use taskgroup::model::Arch;
use taskgroup::tasks::{Task, TaskSet};
use taskgroup::train::{TrainConfig, TrainRecord};
use tch::{Kind, Tensor};

/// The small run the step-level checks train: `arch` carrying the tasks
/// `letters` at 32x32, batches of 2, on the CPU, without the shift
/// tolerance, seed 3.
pub fn small_config(arch: Arch, letters: &str) -> TrainConfig {
    TrainConfig::default()
        .with_arch(arch)
        .with_tasks(TaskSet::from_letters(letters).unwrap())
        .with_size(32)
        .with_batch_size(2)
        .with_device(DeviceChoice::Cpu)
        .with_shift_tolerance(false)
        .with_seed(3)
}

/// A fixed list of random batches; epoch `e` yields them rotated by `e`.
pub struct SynthSource {
    batches: Vec<Batch>,
}

fn uniform(rng: &mut ChaCha8Rng, shape: &[i64]) -> Tensor {
    let n: i64 = shape.iter().product();
    let v: Vec<f32> = (0..n).map(|_| rng.random::<f32>()).collect();
    Tensor::from_slice(&v).reshape(shape)
}

/// A batch of `b` random `size`x`size` images with targets for `tasks`.
pub fn random_batch(tasks: TaskSet, b: i64, size: i64, rng: &mut ChaCha8Rng) -> Batch {
    let input = uniform(rng, &[b, 3, size, size]);
    let grey = input.mean_dim([1i64].as_slice(), true, Kind::Float);
    let mask = uniform(rng, &[b, 1, size, size])
        .gt(0.2)
        .to_kind(Kind::Float);
    let targets = tasks
        .iter()
        .map(|t| {
            let value = match t {
                // Class = brightest channel + 1 (1..=3); class 0 (ignored) where dark.
                Task::SegmentSemantic => {
                    (input.argmax(1, false) + 1) * grey.squeeze_dim(1).gt(0.25).to_kind(Kind::Int64)
                }
                _ => (&grey * 2.0 - 1.0).repeat([1, t.channels(), 1, 1]),
            };
            (
                t,
                Target {
                    value,
                    mask: t.uses_mask().then(|| mask.shallow_clone()),
                },
            )
        })
        .collect::<BTreeMap<_, _>>();
    Batch { input, targets }
}

impl SynthSource {
    /// `n` batches of `b` images.
    pub fn new(tasks: TaskSet, n: usize, b: i64, size: i64, seed: u64) -> SynthSource {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        SynthSource {
            batches: (0..n)
                .map(|_| random_batch(tasks, b, size, &mut rng))
                .collect(),
        }
    }
}

fn copy(b: &Batch) -> Batch {
    Batch {
        input: b.input.shallow_clone(),
        targets: b
            .targets
            .iter()
            .map(|(t, g)| {
                (
                    *t,
                    Target {
                        value: g.value.shallow_clone(),
                        mask: g.mask.as_ref().map(Tensor::shallow_clone),
                    },
                )
            })
            .collect(),
    }
}

impl BatchSource for SynthSource {
    fn len(&self) -> usize {
        self.batches.len()
    }
    fn batches(&self, epoch: u64) -> Box<dyn Iterator<Item = Result<Batch, DataError>> + '_> {
        let n = self.batches.len();
        Box::new((0..n).map(move |i| Ok(copy(&self.batches[(i + epoch as usize) % n]))))
    }
}

/// Wraps a source and fails at `(epoch, batch)` (0-based), like a killed process.
pub struct FailAt<'a> {
    /// The wrapped source.
    pub inner: &'a dyn BatchSource,
    /// Epoch to fail in.
    pub epoch: u64,
    /// Batch to fail at.
    pub batch: usize,
}

impl BatchSource for FailAt<'_> {
    fn len(&self) -> usize {
        self.inner.len()
    }
    fn batches(&self, epoch: u64) -> Box<dyn Iterator<Item = Result<Batch, DataError>> + '_> {
        let (fail_epoch, fail_batch) = (self.epoch, self.batch);
        Box::new(self.inner.batches(epoch).enumerate().map(move |(i, b)| {
            if epoch == fail_epoch && i == fail_batch {
                Err(DataError::Io(taskgroup::io::IoError {
                    path: "simulated-kill".into(),
                    source: std::io::Error::other("killed"),
                }))
            } else {
                b
            }
        }))
    }
}

/// A source that must not be read (a finished run must not train again).
pub struct Untouchable;

impl BatchSource for Untouchable {
    fn len(&self) -> usize {
        1
    }
    fn batches(&self, _epoch: u64) -> Box<dyn Iterator<Item = Result<Batch, DataError>> + '_> {
        panic!("a finished run read its data again")
    }
}

/// A resumed run's history is the uninterrupted run's: the same rows, the
/// losses equal to f32 noise.
pub fn assert_same_history(resumed: &TrainRecord, reference: &TrainRecord) {
    assert_eq!(resumed.history.len(), reference.history.len());
    for (a, b) in resumed.history.iter().zip(&reference.history) {
        assert_eq!((a.epoch, a.split, a.task), (b.epoch, b.split, b.task));
        assert!(
            (a.loss - b.loss).abs() <= 1e-5 * b.loss.abs().max(1.0),
            "{a:?} vs {b:?}"
        );
    }
}
