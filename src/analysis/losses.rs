//! The long loss frame (see the crate's contracts: `network`, `cost`, `task`,
//! `split`, `loss`, ...) read for one split into typed networks.

use super::columns;
use super::error::{AnalysisError, Result};
use polars::prelude::DataFrame;
use std::collections::HashMap;

/// The separator between task names in a network name ("s+d+n").
pub const NETWORK_SEPARATOR: char = '+';

/// One trained network of a loss frame and its losses on one split.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkLosses {
    /// The network's name as written in the frame (e.g. "s+d").
    pub name: String,
    /// The tasks it carries, in the order of its name.
    pub tasks: Vec<String>,
    /// Its cost in single-network units (1.0 full size, 0.5 half size).
    pub cost: f64,
    /// Its loss on each task, in the frame's row order.
    pub losses: Vec<(String, f64)>,
}

impl NetworkLosses {
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
    split: String,
    tasks: Vec<String>,
    networks: Vec<NetworkLosses>,
    index: HashMap<(Vec<String>, u64), usize>,
}

/// A network's identity: its task set (order-free) and cost.
fn key<S: AsRef<str>>(tasks: &[S], cost: f64) -> (Vec<String>, u64) {
    let mut set: Vec<String> = tasks.iter().map(|t| t.as_ref().to_string()).collect();
    set.sort();
    set.dedup();
    (set, cost.to_bits())
}

impl SplitLosses {
    /// Reads the rows of `split` from a long loss frame. Tasks are ordered by
    /// their first appearance in the `task` column; networks likewise by
    /// their first row. A network is identified by its task set and cost, so
    /// "s+d" and "d+s" at the same cost are one network.
    pub fn from_frame(df: &DataFrame, split: &str) -> Result<Self> {
        let names = columns::strings(df, "network")?;
        let costs = columns::floats(df, "cost")?;
        let tasks_col = columns::strings(df, "task")?;
        let splits = columns::strings(df, "split")?;
        let losses = columns::floats(df, "loss")?;

        let mut out = SplitLosses {
            split: split.to_string(),
            tasks: Vec::new(),
            networks: Vec::new(),
            index: HashMap::new(),
        };
        // (network index, task) -> row, to report duplicates.
        let mut seen: HashMap<(usize, String), usize> = HashMap::new();
        for row in 0..df.height() {
            if splits[row] != split {
                continue;
            }
            let name = &names[row];
            let carried: Vec<String> = name
                .split(NETWORK_SEPARATOR)
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect();
            if carried.is_empty() {
                return Err(AnalysisError::BadNetworkName {
                    row,
                    network: name.clone(),
                });
            }
            let task = &tasks_col[row];
            if !carried.contains(task) {
                return Err(AnalysisError::TaskNotCarried {
                    row,
                    network: name.clone(),
                    task: task.clone(),
                });
            }
            let cost = costs[row];
            let k = key(&carried, cost);
            let n = match out.index.get(&k) {
                Some(&n) => n,
                None => {
                    out.networks.push(NetworkLosses {
                        name: name.clone(),
                        tasks: carried,
                        cost,
                        losses: Vec::new(),
                    });
                    out.index.insert(k, out.networks.len() - 1);
                    out.networks.len() - 1
                }
            };
            if let Some(&first) = seen.get(&(n, task.clone())) {
                return Err(AnalysisError::DuplicateLoss {
                    network: name.clone(),
                    cost,
                    task: task.clone(),
                    split: split.to_string(),
                    first,
                    second: row,
                });
            }
            seen.insert((n, task.clone()), row);
            out.networks[n].losses.push((task.clone(), losses[row]));
            if !out.tasks.contains(task) {
                out.tasks.push(task.clone());
            }
        }
        if out.networks.is_empty() {
            let mut present: Vec<&str> = Vec::new();
            for s in &splits {
                if !present.contains(&s.as_str()) {
                    present.push(s);
                }
            }
            return Err(AnalysisError::EmptySplit {
                split: split.to_string(),
                present: present.join(", "),
            });
        }
        Ok(out)
    }

    /// The split these losses are from.
    pub fn split(&self) -> &str {
        &self.split
    }

    /// The tasks with at least one loss, in order of first appearance.
    pub fn tasks(&self) -> &[String] {
        &self.tasks
    }

    /// Every network with at least one loss on this split.
    pub fn networks(&self) -> &[NetworkLosses] {
        &self.networks
    }

    /// The distinct network costs, largest first.
    pub fn costs(&self) -> Vec<f64> {
        let mut costs: Vec<f64> = Vec::new();
        for n in &self.networks {
            if !costs.contains(&n.cost) {
                costs.push(n.cost);
            }
        }
        costs.sort_by(|a, b| b.total_cmp(a));
        costs
    }

    /// The network carrying exactly `tasks` (in any order) at `cost`.
    pub fn find<S: AsRef<str>>(&self, tasks: &[S], cost: f64) -> Option<&NetworkLosses> {
        self.index
            .get(&key(tasks, cost))
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
                split: self.split.clone(),
            })?;
        if value > 0.0 {
            Ok(value)
        } else {
            Err(AnalysisError::NonPositiveBaseline {
                task: task.to_string(),
                cost,
                split: self.split.clone(),
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
