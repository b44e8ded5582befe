//! The affinity run on a dataset: the loaders of its training and
//! validation splits ([`estimate_on_data`]), and the run of a study's
//! all-task network with the study's own settings ([`estimate_study`]).

use super::error::EstimateError;
use super::options::EstimateOptions;
use super::result::OneRunAffinity;
use super::run::estimate;
use crate::data::{Dataset, Loader, Split};
use crate::study::{NetworkSpec, StudyLoading, ValidStudyConfig};
use crate::train::{Progress, Sources, ValidTrainConfig};
use std::path::Path;

/// [`estimate`] on the dataset `data` (a manifest or its folder; `root`
/// where its files are, if not the manifest's), loaded as `loading` says:
/// its training split trains, its validation split validates.
pub fn estimate_on_data(
    data: &Path,
    root: Option<&Path>,
    loading: &StudyLoading,
    config: ValidTrainConfig,
    options: EstimateOptions,
    dir: &Path,
    progress: &mut dyn FnMut(&Progress),
) -> Result<OneRunAffinity, EstimateError> {
    let dataset = Dataset::open_with_root(data, root)?;
    let loader = |split| {
        let cfg = loading.loader_config(split, &config.settings);
        Loader::new(&dataset, split, config.tasks, cfg)
    };
    let (train, val) = (loader(Split::Train)?, loader(Split::Val)?);
    let sources = Sources {
        train: &train,
        val: &val,
        test: None,
    };
    estimate(config, &sources, options, dir, progress)
}

/// The affinity run of a study: its all-task network (full size, the
/// study's training settings and weighting) on its data, into `dir`.
pub fn estimate_study(
    study: &ValidStudyConfig,
    options: EstimateOptions,
    dir: &Path,
    progress: &mut dyn FnMut(&Progress),
) -> Result<OneRunAffinity, EstimateError> {
    let config = study
        .train_config(NetworkSpec::full(study.task_set()))
        .map_err(|e| EstimateError::Config(e.to_string()))?;
    estimate_on_data(
        &study.data,
        study.root.as_deref(),
        &study.loading,
        config,
        options,
        dir,
        progress,
    )
}
