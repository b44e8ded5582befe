//! [`Holder`]: who trains a network, noted in its folder (`holder.json`)
//! while the trainer holds the network's lock.
//!
//! The lock itself says *whether* a live process trains the network (the
//! kernel drops a `flock` when its process ends); the note says *who*: the
//! host and process, since when, the Slurm job and the log file. A note
//! whose lock is free is stale (its process died: `kill -9`, `scancel`, a
//! node failure, a time limit); `taskgroup study status` reports it as the
//! network's last attempt and the next trainer replaces it.

use super::error::StudyError;
use crate::io::{read_json, write_json};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The note's file name inside a network's folder.
pub const HOLDER_FILE: &str = "holder.json";

/// The environment variable naming the log file of a training process (the
/// Slurm scripts of `taskgroup study submit` set it to the array task's
/// `--output`), kept in the note so `status` can show a log's last lines.
pub const LOG_ENV: &str = "TASKGROUP_LOG";

/// Who holds (or last held) a network's lock to train it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    /// The host name.
    pub host: String,
    /// The process id on that host.
    pub pid: u32,
    /// When it took the lock (seconds since the Unix epoch).
    pub since_unix_s: u64,
    /// The Slurm job (`<array job>_<task>` for an array task, else the job
    /// id), when run by Slurm.
    pub slurm_job: Option<String>,
    /// The process's log file, when known ([`LOG_ENV`]).
    pub log: Option<PathBuf>,
}

impl Holder {
    /// The note for this process, now.
    pub fn this_process() -> Holder {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let slurm_job = match (var("SLURM_ARRAY_JOB_ID"), var("SLURM_ARRAY_TASK_ID")) {
            (Some(array), Some(task)) => Some(format!("{array}_{task}")),
            _ => var("SLURM_JOB_ID"),
        };
        Holder {
            host: host_name(),
            pid: std::process::id(),
            since_unix_s: unix_now(),
            slurm_job,
            log: var(LOG_ENV).map(PathBuf::from),
        }
    }

    /// Writes the note into `dir` (atomically).
    pub fn write(&self, dir: &Path) -> Result<(), StudyError> {
        write_json(&dir.join(HOLDER_FILE), self)
    }

    /// The note in `dir`, if any.
    pub fn read(dir: &Path) -> Result<Option<Holder>, StudyError> {
        read_json(&dir.join(HOLDER_FILE))
    }
}

/// Seconds since the Unix epoch (0 before it).
pub(crate) fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// This machine's host name (`uname`'s node name).
pub(crate) fn host_name() -> String {
    // SAFETY: uname fills the struct we own; its fields are NUL-terminated.
    unsafe {
        let mut name: libc::utsname = std::mem::zeroed();
        if libc::uname(&mut name) != 0 {
            return "unknown".to_string();
        }
        std::ffi::CStr::from_ptr(name.nodename.as_ptr())
            .to_string_lossy()
            .into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_reads_back_and_names_this_process() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Holder::read(dir.path()).unwrap(), None);
        let me = Holder::this_process();
        me.write(dir.path()).unwrap();
        let back = Holder::read(dir.path()).unwrap().unwrap();
        assert_eq!(back, me);
        assert_eq!(back.pid, std::process::id());
        assert!(!back.host.is_empty() && back.host != "unknown");
    }
}
