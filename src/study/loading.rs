//! [`StudyLoading`]: how a study's loaders read the splits, and the one
//! place that turns it into each split's [`LoaderConfig`].

use crate::data::{LoaderConfig, Split};
use crate::train::TrainSettings;
use serde::{Deserialize, Serialize};

/// The loader settings of a study (saved flat in `study.json`). The batch
/// size of training, the input side and the seed are the training
/// settings'; [`StudyLoading::loader_config`] combines the two.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StudyLoading {
    /// Horizontal-flip augmentation of training images (the paper's).
    pub flip: bool,
    /// Drop unreadable samples (counted in the loader's report) instead of failing.
    pub skip_bad: bool,
    /// Use at most this many training images (a seeded subset).
    pub train_limit: Option<usize>,
    /// Use at most this many validation and test images each.
    pub eval_limit: Option<usize>,
    /// Batch size for validation and test (does not change the losses).
    pub eval_batch_size: usize,
}

impl Default for StudyLoading {
    fn default() -> Self {
        StudyLoading {
            flip: true,
            skip_bad: false,
            train_limit: None,
            eval_limit: None,
            eval_batch_size: 32,
        }
    }
}

impl StudyLoading {
    /// How `split` is loaded for a network trained with `train`: the
    /// training split shuffled and (with `flip`) augmented in training
    /// batches, validation and test in order, unflipped, in evaluation
    /// batches; all at the training input side, seeded by the training seed.
    pub fn loader_config(&self, split: Split, train: &TrainSettings) -> LoaderConfig {
        let training = split == Split::Train;
        LoaderConfig {
            batch_size: if training {
                train.batch_size
            } else {
                self.eval_batch_size
            },
            size: train.size,
            flip: training && self.flip,
            shuffle: training,
            seed: train.seed,
            skip_bad: self.skip_bad,
            limit: if training {
                self.train_limit
            } else {
                self.eval_limit
            },
            ..LoaderConfig::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_and_evaluation_loaders() {
        let loading = StudyLoading {
            skip_bad: true,
            train_limit: Some(10),
            eval_limit: Some(4),
            ..StudyLoading::default()
        };
        let train = TrainSettings {
            batch_size: 8,
            size: 64,
            seed: 3,
            ..TrainSettings::default()
        };
        let t = loading.loader_config(Split::Train, &train);
        assert_eq!(
            (t.batch_size, t.size, t.flip, t.shuffle, t.seed, t.limit),
            (8, 64, true, true, 3, Some(10))
        );
        for split in [Split::Val, Split::Test] {
            let e = loading.loader_config(split, &train);
            assert_eq!(
                (e.batch_size, e.size, e.flip, e.shuffle, e.seed, e.limit),
                (32, 64, false, false, 3, Some(4))
            );
            assert!(e.skip_bad);
        }
    }
}
