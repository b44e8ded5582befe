//! [`StudyStatus`]: where every network of a study stands, read from its
//! store while it runs (locally, as many workers, or as Slurm jobs; the
//! store is the same).
//!
//! A network is *done* when its record exists, *running* while a live
//! process holds its lock (probed without waiting; [`Holder`] says who),
//! *failed* when its last attempt noted an error (`failed.json`), and
//! *pending* otherwise (with the epoch its checkpoint resumes from, and the
//! last attempt's note and log when a process died while training it).

use super::error::StudyError;
use super::holder::{unix_now, Holder};
use super::lock::NetworkLock;
use super::spec::NetworkSpec;
use super::store::{NetworkFailure, Store};
use crate::tasks::Task;
use polars::prelude::{df, DataFrame};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// How many lines of a log the status shows.
pub const LOG_TAIL_LINES: usize = 8;

/// One network's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum NetworkState {
    /// Finished: its record exists.
    Done {
        /// Epochs trained.
        epochs: usize,
        /// Validation losses by task.
        val: BTreeMap<Task, f64>,
        /// Test losses by task, when the data has a test split.
        test: Option<BTreeMap<Task, f64>>,
    },
    /// A live process holds its lock.
    Running {
        /// Who (absent if the note is not written yet).
        holder: Option<Holder>,
        /// Epochs completed so far.
        epoch: usize,
    },
    /// Its last attempt failed and it has not trained since.
    Failed {
        /// The error (and exit status) the attempt noted.
        failure: NetworkFailure,
        /// The attempt's holder note.
        holder: Option<Holder>,
        /// The last lines of the attempt's log, when it has one.
        log_tail: Vec<String>,
        /// Epochs completed before the failure (the next run resumes there).
        epoch: usize,
    },
    /// Not finished and not running.
    Pending {
        /// Epochs its checkpoint holds (0: not started).
        epoch: usize,
        /// The note of an attempt whose process died while training it.
        holder: Option<Holder>,
        /// The last lines of that attempt's log.
        log_tail: Vec<String>,
    },
}

/// The kind of a [`NetworkState`], for counting and frames.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StateKind {
    /// [`NetworkState::Done`].
    Done,
    /// [`NetworkState::Running`].
    Running,
    /// [`NetworkState::Failed`].
    Failed,
    /// [`NetworkState::Pending`].
    Pending,
}

impl StateKind {
    /// The kinds, in display order.
    pub const ALL: [StateKind; 4] = [
        StateKind::Done,
        StateKind::Running,
        StateKind::Failed,
        StateKind::Pending,
    ];

    /// The kind's name.
    pub fn name(self) -> &'static str {
        match self {
            StateKind::Done => "done",
            StateKind::Running => "running",
            StateKind::Failed => "failed",
            StateKind::Pending => "pending",
        }
    }
}

impl NetworkState {
    /// The state's kind.
    pub fn kind(&self) -> StateKind {
        match self {
            NetworkState::Done { .. } => StateKind::Done,
            NetworkState::Running { .. } => StateKind::Running,
            NetworkState::Failed { .. } => StateKind::Failed,
            NetworkState::Pending { .. } => StateKind::Pending,
        }
    }

    /// Epochs trained or checkpointed.
    pub fn epoch(&self) -> usize {
        match self {
            NetworkState::Done { epochs, .. } => *epochs,
            NetworkState::Running { epoch, .. }
            | NetworkState::Failed { epoch, .. }
            | NetworkState::Pending { epoch, .. } => *epoch,
        }
    }

    /// The holder note the state carries, if any.
    pub fn holder(&self) -> Option<&Holder> {
        match self {
            NetworkState::Done { .. } => None,
            NetworkState::Running { holder, .. }
            | NetworkState::Failed { holder, .. }
            | NetworkState::Pending { holder, .. } => holder.as_ref(),
        }
    }
}

/// One network of a study and its state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkStatus {
    /// The network's id (its folder's name, e.g. `sd` or `s-half`).
    pub id: String,
    /// Where it stands.
    #[serde(flatten)]
    pub state: NetworkState,
}

/// Every network of a study and where it stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudyStatus {
    /// The store.
    pub store: PathBuf,
    /// The most epochs a network trains.
    pub max_epochs: usize,
    /// When the status was read (seconds since the Unix epoch).
    pub at_unix_s: u64,
    /// The study's networks, in its order.
    pub networks: Vec<NetworkStatus>,
}

impl StudyStatus {
    /// How many networks are in `kind`.
    pub fn count(&self, kind: StateKind) -> usize {
        self.networks
            .iter()
            .filter(|n| n.state.kind() == kind)
            .count()
    }

    /// Networks not done yet (running, failed or pending).
    pub fn missing(&self) -> usize {
        self.networks.len() - self.count(StateKind::Done)
    }

    /// One line: how many networks are in each state.
    pub fn summary(&self) -> String {
        let counts: Vec<String> = StateKind::ALL
            .iter()
            .map(|k| format!("{} {}", self.count(*k), k.name()))
            .collect();
        format!(
            "study {}: {} networks: {} ({} missing)",
            self.store.display(),
            self.networks.len(),
            counts.join(", "),
            self.missing()
        )
    }

    /// One row per network: `network, state, epoch, host, pid, slurm_job,
    /// since_s` (seconds the holder has held it, or since its last attempt
    /// began), `log` and `detail` (losses, or the failure).
    pub fn to_frame(&self) -> Result<DataFrame, StudyError> {
        let rows: Vec<_> = self.networks.iter().map(|n| self.row(n)).collect();
        let column = |f: fn(&Row) -> String| rows.iter().map(f).collect::<Vec<String>>();
        Ok(df!(
            "network" => column(|r| r.id.clone()),
            "state" => column(|r| r.state.to_string()),
            "epoch" => rows.iter().map(|r| r.epoch as i64).collect::<Vec<_>>(),
            "host" => rows.iter().map(|r| r.host.clone()).collect::<Vec<_>>(),
            "pid" => rows.iter().map(|r| r.pid.map(i64::from)).collect::<Vec<_>>(),
            "slurm_job" => rows.iter().map(|r| r.job.clone()).collect::<Vec<_>>(),
            "since_s" => rows.iter().map(|r| r.since_s.map(|s| s as i64)).collect::<Vec<_>>(),
            "log" => rows.iter().map(|r| r.log.clone()).collect::<Vec<_>>(),
            "detail" => column(|r| r.detail.clone()),
        )?)
    }

    fn row(&self, n: &NetworkStatus) -> Row {
        let holder = n.state.holder();
        let detail = match &n.state {
            NetworkState::Done { val, test, .. } => {
                let mut text = format!("val {}", losses_text(val));
                if let Some(test) = test {
                    text.push_str(&format!("; test {}", losses_text(test)));
                }
                text
            }
            NetworkState::Failed { failure, .. } => match failure.exit_code {
                Some(code) => format!("exit {code}: {}", failure.error),
                None => failure.error.clone(),
            },
            NetworkState::Pending {
                holder: Some(_), ..
            } => "its process died; resumes from its checkpoint".to_string(),
            NetworkState::Running { .. } | NetworkState::Pending { .. } => String::new(),
        };
        Row {
            id: n.id.clone(),
            state: n.state.kind().name(),
            epoch: n.state.epoch(),
            host: holder.map(|h| h.host.clone()),
            pid: holder.map(|h| h.pid),
            job: holder.and_then(|h| h.slurm_job.clone()),
            since_s: holder.map(|h| self.at_unix_s.saturating_sub(h.since_unix_s)),
            log: holder.and_then(|h| h.log.as_ref().map(|p| p.display().to_string())),
            detail,
        }
    }
}

/// One network's frame row.
struct Row {
    id: String,
    state: &'static str,
    epoch: usize,
    host: Option<String>,
    pid: Option<u32>,
    job: Option<String>,
    since_s: Option<u64>,
    log: Option<String>,
    detail: String,
}

fn losses_text(losses: &BTreeMap<Task, f64>) -> String {
    losses
        .iter()
        .map(|(t, l)| format!("{}={l:.4}", t.letter()))
        .collect::<Vec<_>>()
        .join(" ")
}

impl fmt::Display for StudyStatus {
    /// The summary line, one line per network, and the log tails of failed
    /// and died attempts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.summary())?;
        let width = self.networks.iter().map(|n| n.id.len()).max().unwrap_or(0);
        for n in &self.networks {
            let row = self.row(n);
            let mut line = format!(
                "  {:width$}  {:7}  epoch {}/{}",
                row.id, row.state, row.epoch, self.max_epochs
            );
            if let (Some(host), Some(pid)) = (&row.host, row.pid) {
                line.push_str(&format!("  {host} pid {pid}"));
            }
            if let Some(job) = &row.job {
                line.push_str(&format!(" job {job}"));
            }
            if let (Some(since), NetworkState::Running { .. }) = (row.since_s, &n.state) {
                line.push_str(&format!(" for {since} s"));
            }
            if !row.detail.is_empty() {
                line.push_str(&format!("  {}", row.detail));
            }
            writeln!(f, "{}", line.trim_end())?;
            if let Some(log) = &row.log {
                if n.state.kind() != StateKind::Done {
                    writeln!(f, "  {:width$}  log {log}", "")?;
                }
            }
            if let NetworkState::Failed { log_tail, .. } | NetworkState::Pending { log_tail, .. } =
                &n.state
            {
                for tail in log_tail {
                    writeln!(f, "  {:width$}  | {tail}", "")?;
                }
            }
        }
        Ok(())
    }
}

/// The epochs a run directory's checkpoint holds (`state.json`), 0 if none.
pub(crate) fn checkpoint_epoch(dir: &Path) -> Result<usize, StudyError> {
    #[derive(Deserialize)]
    struct Progress {
        epoch: usize,
    }
    let state: Option<Progress> = crate::io::read_json::<_, StudyError>(&dir.join("state.json"))?;
    Ok(state.map_or(0, |s| s.epoch))
}

/// The last `n` lines of a log file (empty if it cannot be read: a log on
/// another machine's disk is not an error of the store).
pub fn log_tail(path: &Path, n: usize) -> Vec<String> {
    use std::io::{Read, Seek, SeekFrom};
    const WINDOW: u64 = 64 * 1024;
    let Ok(mut file) = std::fs::File::open(path) else {
        return Vec::new();
    };
    let len = file.metadata().map_or(0, |m| m.len());
    if file
        .seek(SeekFrom::Start(len.saturating_sub(WINDOW)))
        .is_err()
    {
        return Vec::new();
    }
    let mut bytes = Vec::new();
    if file.read_to_end(&mut bytes).is_err() {
        return Vec::new();
    }
    let text = String::from_utf8_lossy(&bytes);
    // Progress bars redraw with carriage returns: keep each line's last draw.
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.rsplit('\r').next().unwrap_or(l))
        .filter(|l| !l.trim().is_empty())
        .collect();
    lines[lines.len().saturating_sub(n)..]
        .iter()
        .map(|l| l.to_string())
        .collect()
}

impl Store {
    /// Where every network of the study stands now (see [`StudyStatus`]).
    /// Works on a partial store and while other processes train into it.
    pub fn status(&self) -> Result<StudyStatus, StudyError> {
        let mut networks = Vec::new();
        for spec in self.all_networks()? {
            networks.push(NetworkStatus {
                id: spec.dir_name(),
                state: self.network_state(spec)?,
            });
        }
        Ok(StudyStatus {
            store: self.dir().to_path_buf(),
            max_epochs: self.config().train.max_epochs,
            at_unix_s: unix_now(),
            networks,
        })
    }

    fn network_state(&self, spec: NetworkSpec) -> Result<NetworkState, StudyError> {
        let done = |record: crate::train::TrainRecord| NetworkState::Done {
            epochs: record.epochs,
            val: record.val,
            test: record.test,
        };
        if let Some(record) = self.record(spec)? {
            return Ok(done(record));
        }
        let dir = self.network_dir(spec);
        if !dir.exists() {
            return Ok(NetworkState::Pending {
                epoch: 0,
                holder: None,
                log_tail: Vec::new(),
            });
        }
        let running = NetworkLock::is_held(&dir)?;
        let holder = Holder::read(&dir)?;
        let epoch = checkpoint_epoch(&dir)?;
        if running {
            return Ok(NetworkState::Running { holder, epoch });
        }
        let log_tail = holder
            .as_ref()
            .and_then(|h| h.log.as_deref())
            .map_or_else(Vec::new, |log| log_tail(log, LOG_TAIL_LINES));
        // A record written between the two reads: done after all.
        if let Some(record) = self.record(spec)? {
            return Ok(done(record));
        }
        Ok(match self.failure(spec)? {
            Some(failure) => NetworkState::Failed {
                failure,
                holder,
                log_tail,
                epoch,
            },
            None => NetworkState::Pending {
                epoch,
                holder,
                log_tail,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_tail_keeps_the_last_lines_and_the_last_draw_of_a_bar() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("job.out");
        std::fs::write(&log, "one\ntwo\n\nbar 1%\rbar 50%\rbar 99%\nthree\n").unwrap();
        assert_eq!(log_tail(&log, 3), ["two", "bar 99%", "three"]);
        assert_eq!(log_tail(&log, 10).len(), 4);
        assert!(log_tail(&dir.path().join("absent"), 3).is_empty());
    }
}
