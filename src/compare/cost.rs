//! [`EstimatorCost`]: what an estimator needed trained before it could
//! choose, summed from a study's training records.

use crate::losses::NetSize;
use crate::study::NetworkSpec;
use crate::train::TrainRecord;

/// Networks trained, their epochs and wall seconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct EstimatorCost {
    /// Networks trained.
    pub networks: usize,
    /// Epochs trained, over those networks.
    pub epochs: usize,
    /// Wall seconds of their training (validation and test included).
    pub seconds: f64,
}

impl EstimatorCost {
    /// The cost of `records`, each trained to its end.
    pub fn of<'a>(records: impl IntoIterator<Item = &'a TrainRecord>) -> EstimatorCost {
        records
            .into_iter()
            .fold(EstimatorCost::default(), |c, r| EstimatorCost {
                networks: c.networks + 1,
                epochs: c.epochs + r.epochs,
                seconds: c.seconds + r.seconds,
            })
    }

    /// The cost of `records` stopped after their early-stopping epoch: the
    /// epochs up to it, and the seconds pro rata (the records keep one time
    /// per run, not per epoch).
    pub fn early<'a>(records: impl IntoIterator<Item = &'a TrainRecord>) -> EstimatorCost {
        records
            .into_iter()
            .fold(EstimatorCost::default(), |c, r| EstimatorCost {
                networks: c.networks + 1,
                epochs: c.epochs + r.esa_epoch.min(r.epochs),
                seconds: c.seconds
                    + r.seconds * r.esa_epoch.min(r.epochs) as f64 / r.epochs.max(1) as f64,
            })
    }

    /// Both costs together.
    pub fn plus(self, other: EstimatorCost) -> EstimatorCost {
        EstimatorCost {
            networks: self.networks + other.networks,
            epochs: self.epochs + other.epochs,
            seconds: self.seconds + other.seconds,
        }
    }
}

/// A study's finished networks by what they are, for the costs.
pub(crate) struct StudyRecords<'a> {
    pub(crate) all: Vec<(&'a NetworkSpec, &'a TrainRecord)>,
}

impl<'a> StudyRecords<'a> {
    pub(crate) fn new(records: &'a [(NetworkSpec, TrainRecord)]) -> StudyRecords<'a> {
        StudyRecords {
            all: records.iter().map(|(s, r)| (s, r)).collect(),
        }
    }

    /// The records of the study's own networks passing `keep`.
    pub(crate) fn own(&self, keep: impl Fn(&NetworkSpec) -> bool) -> Vec<&'a TrainRecord> {
        self.all
            .iter()
            .filter(|(s, _)| s.baseline.is_none() && keep(s))
            .map(|(_, r)| *r)
            .collect()
    }

    /// Every single-task network (full and half size).
    pub(crate) fn singles(&self) -> Vec<&'a TrainRecord> {
        self.own(|s| s.tasks.len() == 1)
    }

    /// The networks HOA needs: singles and full-size pairs.
    pub(crate) fn up_to_pairs(&self) -> Vec<&'a TrainRecord> {
        self.own(|s| s.tasks.len() == 1 || (s.tasks.len() == 2 && s.size == NetSize::Full))
    }
}
