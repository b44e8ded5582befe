//! The frames of a [`OneRunAffinity`] (for notebooks and the files beside
//! `affinity.json`): one row per method and ordered task pair, diagonal
//! included, over the run ([`long_frame`]) and per epoch ([`history_frame`]);
//! and one method's matrix as a wide table ([`wide_frame`]).

use super::error::EstimateError;
use super::method::AffinityMethod;
use super::result::{Matrix, OneRunAffinity};
use crate::tasks::Task;
use polars::prelude::{Column, DataFrame};

/// File stem of the long frame (`affinity.csv`, `affinity.parquet`).
pub const LONG_STEM: &str = "affinity";
/// File stem of the history frame.
pub const HISTORY_STEM: &str = "affinity_history";

/// Rows of one matrix: source task name, target task name, affinity.
fn pairs<'a>(
    tasks: &'a [Task],
    m: &'a Matrix,
) -> impl Iterator<Item = (&'static str, &'static str, f64)> + 'a {
    tasks.iter().enumerate().flat_map(move |(i, s)| {
        tasks
            .iter()
            .enumerate()
            .map(move |(j, t)| (s.name(), t.name(), m[i][j]))
    })
}

/// Columns `method`, `source`, `target`, `affinity`: one row per method and
/// ordered pair (`affinity` is the mean effect of a step on `source` on
/// `target`'s loss, or the two tasks' gradient cosine).
pub fn long_frame(r: &OneRunAffinity) -> Result<DataFrame, EstimateError> {
    let (mut method, mut source, mut target, mut value) = (vec![], vec![], vec![], vec![]);
    for (m, matrix) in &r.methods {
        for (s, t, v) in pairs(&r.tasks, matrix) {
            method.push(m.name());
            source.push(s);
            target.push(t);
            value.push(v);
        }
    }
    Ok(DataFrame::new_infer_height(vec![
        Column::new("method".into(), method),
        Column::new("source".into(), source),
        Column::new("target".into(), target),
        Column::new("affinity".into(), value),
    ])?)
}

/// Columns `method`, `epoch`, `steps` (measured in the epoch), `source`,
/// `target`, `affinity`: the per-epoch means, epoch by epoch.
pub fn history_frame(r: &OneRunAffinity) -> Result<DataFrame, EstimateError> {
    let (mut method, mut epoch, mut steps) = (vec![], vec![], vec![]);
    let (mut source, mut target, mut value) = (vec![], vec![], vec![]);
    for e in &r.epochs {
        for (m, matrix) in &e.methods {
            for (s, t, v) in pairs(&r.tasks, matrix) {
                method.push(m.name());
                epoch.push(e.epoch as u32);
                steps.push(e.steps);
                source.push(s);
                target.push(t);
                value.push(v);
            }
        }
    }
    Ok(DataFrame::new_infer_height(vec![
        Column::new("method".into(), method),
        Column::new("epoch".into(), epoch),
        Column::new("steps".into(), steps),
        Column::new("source".into(), source),
        Column::new("target".into(), target),
        Column::new("affinity".into(), value),
    ])?)
}

/// One method's matrix as a table: a `source` column, then one column per
/// target task (named by its letter).
pub fn wide_frame(r: &OneRunAffinity, method: AffinityMethod) -> Result<DataFrame, EstimateError> {
    let m = r.matrix(method);
    let mut columns = vec![Column::new(
        "source".into(),
        r.tasks.iter().map(|t| t.name()).collect::<Vec<_>>(),
    )];
    for (j, t) in r.tasks.iter().enumerate() {
        columns.push(Column::new(
            t.letter().to_string().into(),
            m.iter().map(|row| row[j]).collect::<Vec<_>>(),
        ));
    }
    Ok(DataFrame::new_infer_height(columns)?)
}
