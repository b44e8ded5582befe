//! [`BaselineTables`]: an all-task network trained with a multi-task
//! weighting other than the plain sum (GradNorm, MGDA-UB, uncertainty
//! weighting, PCGrad), as an extra baseline of a comparison. It is not a
//! candidate of the searches: the paper's search space is the networks
//! trained with the summed loss. Its curve ([`Method::Weighted`]) is chosen
//! like [`all_in_one`](LossTable::all_in_one), on its own one-network tables.

use super::{LossTable, Method};
use crate::train::WeightingKind;

/// One weighted all-task network's losses, as one-network tables over the
/// comparison's columns.
#[derive(Clone, Debug)]
pub struct BaselineTables {
    /// How the network was trained.
    pub weighting: WeightingKind,
    /// Its validation losses (what it is chosen on: the budgets it fits).
    pub val: LossTable,
    /// Its test losses (what it is reported on), if any.
    pub test: Option<LossTable>,
}

impl BaselineTables {
    /// Its method in sweeps, curves and figures.
    pub fn method(&self) -> Method {
        Method::Weighted(self.weighting)
    }
}
