//! [`estimate`]: one training run with the estimators, written to a folder.
//!
//! `DIR/run/` ([`RUN_DIR`]) is the ordinary run directory of the network
//! (config, per-epoch checkpoints with the estimators' sums, record): a
//! killed estimate resumes from its last completed epoch, and a finished
//! one is read back without training. `DIR/affinity.json` and its frames
//! are written once the run is finished ([`OneRunAffinity::save`]).

use super::error::EstimateError;
use super::hook::AffinityHook;
use super::options::EstimateOptions;
use super::result::OneRunAffinity;
use crate::train::{Progress, Sources, Trainer, ValidTrainConfig};
use std::path::Path;

/// The network's run directory inside an affinity directory.
pub const RUN_DIR: &str = "run";

/// Trains the network of `config` on `data` (resuming `dir/run` if it is
/// there), measuring the affinities as `options` say; writes and returns
/// the result. The network is trained as `config` says (the command line
/// trains the plain sum of the task losses); the measurement does not
/// change its training.
pub fn estimate(
    config: ValidTrainConfig,
    data: &Sources<'_>,
    options: EstimateOptions,
    dir: &Path,
    progress: &mut dyn FnMut(&Progress),
) -> Result<OneRunAffinity, EstimateError> {
    let options = options.check()?;
    let mut hook = AffinityHook::new(config.tasks.iter().collect(), options);
    let trainer = Trainer::new(config, dir.join(RUN_DIR));
    let record = trainer
        .run_hooked(data, &mut hook, progress)
        .map_err(Box::new)?;
    let result = hook.sums().result(record.epochs, record.seconds)?;
    result.save(dir)?;
    Ok(result)
}
