//! The long loss frame (`crate::losses`: `network`, `cost`, `task`, `split`,
//! `loss`, `estimated`), read through the loss seam's one reader for one
//! split into typed networks.

use super::error::{AnalysisError, Result};
use crate::losses::{read_frame, LossRow, NetworkId, Split, COST, LOSS};
use crate::tasks::{ColumnSet, MAX_COLUMNS};
use polars::prelude::DataFrame;
use std::collections::HashMap;

/// One trained network of a loss frame and its losses on one split.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkLosses {
    /// Its identity over the split's [`SplitLosses::columns`] (tasks and cost).
    pub id: NetworkId,
    /// The network's name as written in the frame (e.g. "s+d").
    pub name: String,
    /// The tasks it carries, in the order of its name.
    pub tasks: Vec<String>,
    /// Its loss on each task, in the frame's row order.
    pub losses: Vec<(String, f64)>,
}

impl NetworkLosses {
    /// Its cost in single-network units (1.0 full size, 0.5 half size).
    pub fn cost(&self) -> f64 {
        self.id.cost
    }

    /// Its loss on `task`, if the frame has one.
    pub fn loss(&self, task: &str) -> Option<f64> {
        self.losses.iter().find(|(t, _)| t == task).map(|&(_, l)| l)
    }

    /// Whether the network carries `task`.
    pub fn carries(&self, task: &str) -> bool {
        self.tasks.iter().any(|t| t == task)
    }
}

/// The networks of a long loss frame, restricted to one split.
#[derive(Clone, Debug, PartialEq)]
pub struct SplitLosses {
    split: Split,
    tasks: Vec<String>,
    columns: Vec<String>,
    networks: Vec<NetworkLosses>,
    index: HashMap<NetworkId, usize>,
}

/// One numeric field of a loss row (the columns checked for finite values).
type RowValue = fn(&LossRow) -> f64;

impl SplitLosses {
    /// Reads the rows of `split` from a long loss frame. Tasks are ordered by
    /// their first appearance in the `task` column; networks likewise by
    /// their first row. A network is identified by its task set and cost
    /// ([`NetworkId`]), so "s+d" and "d+s" at the same cost are one network.
    pub fn from_frame(df: &DataFrame, split: Split) -> Result<Self> {
        let frame = read_frame(df)?;
        let values: [(&str, RowValue); 2] = [(COST, |r| r.cost), (LOSS, |r| r.loss)];
        for (column, value) in values {
            if let Some((row, v)) = frame
                .rows
                .iter()
                .map(|r| value(&r.loss))
                .enumerate()
                .find(|(_, v)| !v.is_finite())
            {
                return Err(AnalysisError::NonFinite {
                    column: column.to_string(),
                    row,
                    value: v,
                });
            }
        }
        let mut out = SplitLosses {
            split,
            tasks: Vec::new(),
            columns: Vec::new(),
            networks: Vec::new(),
            index: HashMap::new(),
        };
        // (network index, task) -> row, to report duplicates.
        let mut seen: HashMap<(usize, String), usize> = HashMap::new();
        for (row, r) in frame.rows.iter().enumerate() {
            if r.split != split {
                continue;
            }
            let r = &r.loss;
            let carried: Vec<String> = NetworkId::name_parts(&r.network)
                .map_err(|_| AnalysisError::BadNetworkName {
                    row,
                    network: r.network.clone(),
                })?
                .into_iter()
                .map(str::to_string)
                .collect();
            if !carried.contains(&r.task) {
                return Err(AnalysisError::TaskNotCarried {
                    row,
                    network: r.network.clone(),
                    task: r.task.clone(),
                });
            }
            let id = NetworkId::new(out.register(&carried)?, r.cost);
            let n = match out.index.get(&id) {
                Some(&n) => n,
                None => {
                    out.networks.push(NetworkLosses {
                        id,
                        name: r.network.clone(),
                        tasks: carried,
                        losses: Vec::new(),
                    });
                    out.index.insert(id, out.networks.len() - 1);
                    out.networks.len() - 1
                }
            };
            if let Some(&first) = seen.get(&(n, r.task.clone())) {
                return Err(AnalysisError::DuplicateLoss {
                    network: r.network.clone(),
                    cost: r.cost,
                    task: r.task.clone(),
                    split: split.to_string(),
                    first,
                    second: row,
                });
            }
            seen.insert((n, r.task.clone()), row);
            out.networks[n].losses.push((r.task.clone(), r.loss));
            if !out.tasks.contains(&r.task) {
                out.tasks.push(r.task.clone());
            }
        }
        if out.networks.is_empty() {
            let mut present: Vec<&str> = Vec::new();
            for r in &frame.rows {
                if !present.contains(&r.split.name()) {
                    present.push(r.split.name());
                }
            }
            return Err(AnalysisError::EmptySplit {
                split: split.to_string(),
                present: present.join(", "),
            });
        }
        Ok(out)
    }

    /// The column set of `tasks`, adding names not seen before as columns.
    fn register(&mut self, tasks: &[String]) -> Result<ColumnSet> {
        let mut set = ColumnSet::EMPTY;
        for t in tasks {
            let col = match self.columns.iter().position(|c| c == t) {
                Some(col) => col,
                None if self.columns.len() < MAX_COLUMNS => {
                    self.columns.push(t.clone());
                    self.columns.len() - 1
                }
                None => {
                    return Err(AnalysisError::TooManyTasks {
                        split: self.split.to_string(),
                    })
                }
            };
            set = set.with(col);
        }
        Ok(set)
    }

    /// The split these losses are from.
    pub fn split(&self) -> Split {
        self.split
    }

    /// The tasks with at least one loss, in order of first appearance.
    pub fn tasks(&self) -> &[String] {
        &self.tasks
    }

    /// Every task named by a network of the split, in order of first
    /// appearance: the columns the networks' [`NetworkId`]s index.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Every network with at least one loss on this split.
    pub fn networks(&self) -> &[NetworkLosses] {
        &self.networks
    }

    /// The distinct network costs, largest first.
    pub fn costs(&self) -> Vec<f64> {
        let mut costs: Vec<f64> = Vec::new();
        for n in &self.networks {
            if !costs.contains(&n.cost()) {
                costs.push(n.cost());
            }
        }
        costs.sort_by(|a, b| b.total_cmp(a));
        costs
    }

    /// The network carrying exactly `tasks` (in any order) at `cost`.
    pub fn find<S: AsRef<str>>(&self, tasks: &[S], cost: f64) -> Option<&NetworkLosses> {
        let mut set = ColumnSet::EMPTY;
        for t in tasks {
            set = set.with(self.columns.iter().position(|c| c == t.as_ref())?);
        }
        self.index
            .get(&NetworkId::new(set, cost))
            .map(|&n| &self.networks[n])
    }

    /// The loss of `task`'s single-task network at `cost`: the baseline of a
    /// relative change, so it must exist and be positive.
    pub fn baseline(&self, task: &str, cost: f64) -> Result<f64> {
        let value = self
            .find(&[task], cost)
            .and_then(|n| n.loss(task))
            .ok_or_else(|| AnalysisError::MissingSingle {
                task: task.to_string(),
                cost,
                split: self.split.to_string(),
            })?;
        if value > 0.0 {
            Ok(value)
        } else {
            Err(AnalysisError::NonPositiveBaseline {
                task: task.to_string(),
                cost,
                split: self.split.to_string(),
                value,
            })
        }
    }
}

/// The relative change of a task's loss against its single-task baseline,
/// `(baseline - loss) / baseline`: positive when the loss went down.
pub fn relative_change(baseline: f64, loss: f64) -> f64 {
    (baseline - loss) / baseline
}
