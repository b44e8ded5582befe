//! What Slurm still has queued or running of earlier submissions, so a
//! resubmission does not submit a network twice.

use super::script::NETWORKS_FILE;
use super::submit::{read_jobs, submissions, SubmitError};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// The networks of the store's earlier submissions whose array tasks are
/// still in Slurm's queue (pending, running, completing), read with
/// `squeue --me -r` (one line per array task).
pub fn queued_networks(store: &Path) -> Result<BTreeSet<String>, SubmitError> {
    let mut ours = Vec::new();
    for dir in submissions(store)? {
        if let Some(jobs) = read_jobs(&dir)? {
            let path = dir.join(NETWORKS_FILE);
            let text = std::fs::read_to_string(&path)
                .map_err(|source| crate::io::IoError { path, source })?;
            let networks: Vec<String> = text.lines().map(str::to_string).collect();
            ours.push((jobs.array_job, networks));
        }
    }
    if ours.is_empty() {
        return Ok(BTreeSet::new());
    }
    let mut cmd = Command::new("squeue");
    cmd.args(["--me", "-h", "-r", "-o", "%F|%K|%T"]);
    let out = super::submit::run_checked(&mut cmd)?;
    let mut queued = BTreeSet::new();
    for line in out.lines() {
        let mut parts = line.trim().split('|');
        let (Some(array), Some(task)) = (parts.next(), parts.next()) else {
            continue;
        };
        let Ok(index) = task.parse::<usize>() else {
            continue;
        };
        for (job, networks) in &ours {
            if job == array {
                if let Some(id) = networks.get(index) {
                    queued.insert(id.clone());
                }
            }
        }
    }
    Ok(queued)
}
