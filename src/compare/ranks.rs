//! [`Agreement`]: how well an estimator's pairwise scores rank the ground
//! truth, the study's test pair affinities (the change of task `t`'s test
//! loss in the pair network `{t, s}` against its full-size single-task
//! network, relative to the single's: [`AffinityMatrix`]'s default).

use super::comparison::EstimatorRun;
use super::error::CompareError;
use crate::analysis::{pearson, spearman, AffinityMatrix, Correlation};
use crate::losses::Split;
use crate::select::{LossTable, TaskAffinities};
use crate::study::StudyTables;

/// Where pairwise scores come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScoreSource {
    /// The pair affinities on the validation losses (what the searches see).
    Validation,
    /// The pair affinities on the early-stopped losses (what ESA sees).
    Esa,
    /// TAG's lookahead affinities from one run.
    Tag,
    /// The gradient cosine similarities from one run.
    Cosine,
}

impl ScoreSource {
    /// Its name in frames (`val`, `esa`, `tag`, `cosine`).
    pub fn name(self) -> &'static str {
        match self {
            ScoreSource::Validation => "val",
            ScoreSource::Esa => "esa",
            ScoreSource::Tag => "tag",
            ScoreSource::Cosine => "cosine",
        }
    }
}

/// The correlation of one source's pairwise scores with the test pair
/// affinities, over the ordered pairs of distinct tasks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Agreement {
    /// The scores.
    pub source: ScoreSource,
    /// Pearson's r with its p-value.
    pub pearson: Correlation,
    /// Spearman's rank correlation with its p-value.
    pub spearman: Correlation,
}

/// The agreements of every source present (none when the study lacks the
/// pair networks or has fewer than three tasks; a source whose scores are
/// constant has none).
pub(crate) fn agreements(
    tables: &StudyTables,
    run: Option<&EstimatorRun>,
) -> Result<Vec<Agreement>, CompareError> {
    let Ok(truth) = pair_affinities(&tables.test, Split::Test) else {
        return Ok(Vec::new());
    };
    if truth.tasks.len() < 3 {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for (source, table, split) in [
        (ScoreSource::Validation, &tables.val, Split::Val),
        (ScoreSource::Esa, &tables.esa, Split::Esa),
    ] {
        if let Ok(m) = pair_affinities(table, split) {
            let (x, y): (Vec<f64>, Vec<f64>) = m.paired_values(&truth)?.into_iter().unzip();
            out.extend(agreement(source, &x, &y));
        }
    }
    if let Some(run) = run {
        for (source, scores) in [
            (ScoreSource::Tag, &run.tag),
            (ScoreSource::Cosine, &run.cosine),
        ] {
            let (x, y) = against(scores, &truth);
            out.extend(agreement(source, &x, &y));
        }
    }
    Ok(out)
}

fn pair_affinities(table: &LossTable, split: Split) -> Result<AffinityMatrix, CompareError> {
    Ok(AffinityMatrix::from_frame(&table.to_frame(split), split)?)
}

/// `(score of s on t, truth of t with s)` for every ordered pair the truth has.
fn against(scores: &TaskAffinities, truth: &AffinityMatrix) -> (Vec<f64>, Vec<f64>) {
    let columns = scores.columns();
    let mut pairs = Vec::new();
    for (t, task) in columns.iter().enumerate() {
        for (s, partner) in columns.iter().enumerate() {
            if s != t {
                if let Some(v) = truth.get(task, partner) {
                    pairs.push((scores.effect(s, t), v));
                }
            }
        }
    }
    pairs.into_iter().unzip()
}

/// `None` where a correlation is undefined (a constant sample).
fn agreement(source: ScoreSource, x: &[f64], y: &[f64]) -> Option<Agreement> {
    Some(Agreement {
        source,
        pearson: pearson(x, y).ok()?,
        spearman: spearman(x, y).ok()?,
    })
}
