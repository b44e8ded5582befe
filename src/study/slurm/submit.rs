//! [`submit`]: a study's missing networks as one Slurm array plus a gather
//! job, recorded in the store.

use super::options::SlurmOptions;
use super::queue::queued_networks;
use super::script::{Submission, ARRAY_SCRIPT, GATHER_SCRIPT, NETWORKS_FILE};
use crate::io::{read_json, write_atomic, write_json, IoError, WithPath};
use crate::study::holder::unix_now;
use crate::study::lock::NetworkLock;
use crate::study::store::STUDY_LOCK;
use crate::study::{StateKind, Store, StudyError};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The store's folder of submissions (`submit-1`, `submit-2`, ...).
pub const SLURM_DIR: &str = "slurm";
/// A submission's record of its job ids.
pub const JOBS_FILE: &str = "jobs.json";

/// A submission failed.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// Reading the store failed.
    #[error(transparent)]
    Study(#[from] StudyError),
    /// Writing a script or record failed.
    #[error(transparent)]
    Io(#[from] IoError),
    /// A record is malformed.
    #[error(transparent)]
    Json(#[from] crate::io::JsonError),
    /// A Slurm command could not be started (not installed, not on PATH).
    #[error("cannot run {program} (is Slurm's client installed and on PATH?): {source}")]
    Missing {
        /// The command.
        program: String,
        /// Why it did not start.
        source: std::io::Error,
    },
    /// A Slurm command failed.
    #[error("{command} failed ({status}): {stderr}")]
    Failed {
        /// The command line.
        command: String,
        /// Its exit status.
        status: std::process::ExitStatus,
        /// What it printed on stderr.
        stderr: String,
    },
    /// `sbatch --parsable` printed something other than a job id.
    #[error("{command} printed {printed:?}, not a job id")]
    NoJobId {
        /// The command line.
        command: String,
        /// What it printed.
        printed: String,
    },
}

/// The job ids of one submission, as [`JOBS_FILE`] keeps them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedJobs {
    /// The array job (one task per network).
    pub array_job: String,
    /// The gather job (absent if submitting it failed).
    pub gather_job: Option<String>,
    /// The networks, in array index order.
    pub networks: Vec<String>,
    /// When it was submitted (seconds since the Unix epoch).
    pub at_unix_s: u64,
}

/// The networks a submission should train now: those neither done, nor
/// held by a live lock (running), nor queued in an earlier submission's
/// array. Failed and interrupted networks are included: they resume from
/// their checkpoints.
pub fn plan(store: &Store) -> Result<Vec<String>, SubmitError> {
    let queued = queued_networks(store.dir())?;
    let status = store.status()?;
    Ok(status
        .networks
        .into_iter()
        .filter(|n| matches!(n.state.kind(), StateKind::Pending | StateKind::Failed))
        .map(|n| n.id)
        .filter(|id| !queued.contains(id))
        .collect())
}

/// What [`submit`] did.
#[derive(Clone, Debug, PartialEq)]
pub enum SubmitOutcome {
    /// Every network is done, running or queued: nothing was submitted.
    NothingToDo,
    /// The submission as it would be (`dry_run`): nothing was written or submitted.
    DryRun(Submission),
    /// Submitted; its scripts and [`JOBS_FILE`] are in its folder.
    Submitted(Submission, SubmittedJobs),
}

/// Submits the study's missing networks ([`plan`]) as one array (one task
/// per network) and a gather job that runs after it however it ends. The
/// store's settings must be written already ([`Store::create`]). Runs under
/// the store's lock, so two submissions at once do not submit a network
/// twice.
pub fn submit(
    store: &Store,
    options: &SlurmOptions,
    (trainer, reporter): (&Path, &Path),
    dry_run: bool,
) -> Result<SubmitOutcome, SubmitError> {
    let _lock = NetworkLock::wait(store.dir().join(STUDY_LOCK))?;
    let networks = plan(store)?;
    if networks.is_empty() {
        return Ok(SubmitOutcome::NothingToDo);
    }
    let mut number = submissions(store.dir())?.len() + 1;
    while store
        .dir()
        .join(SLURM_DIR)
        .join(format!("submit-{number}"))
        .exists()
    {
        number += 1;
    }
    let submission = Submission {
        dir: store.dir().join(SLURM_DIR).join(format!("submit-{number}")),
        store: std::path::absolute(store.dir()).with_path(store.dir())?,
        workdir: std::env::current_dir().with_path(".")?,
        networks,
        trainer: trainer.to_path_buf(),
        reporter: reporter.to_path_buf(),
        options: options.clone(),
    };
    let submission = Submission {
        dir: std::path::absolute(&submission.dir).with_path(&submission.dir)?,
        ..submission
    };
    if dry_run {
        return Ok(SubmitOutcome::DryRun(submission));
    }
    let dir = &submission.dir;
    std::fs::create_dir_all(submission.logs_dir()).with_path(submission.logs_dir())?;
    write_atomic(
        &dir.join(NETWORKS_FILE),
        submission.networks_file().as_bytes(),
    )?;
    write_atomic(
        &dir.join(ARRAY_SCRIPT),
        submission.array_script().as_bytes(),
    )?;
    write_atomic(
        &dir.join(GATHER_SCRIPT),
        submission.gather_script().as_bytes(),
    )?;
    let array_job = sbatch(&dir.join(ARRAY_SCRIPT), None)?;
    let mut jobs = SubmittedJobs {
        array_job: array_job.clone(),
        gather_job: None,
        networks: submission.networks.clone(),
        at_unix_s: unix_now(),
    };
    write_json::<_, SubmitError>(&dir.join(JOBS_FILE), &jobs)?;
    jobs.gather_job = Some(sbatch(&dir.join(GATHER_SCRIPT), Some(&array_job))?);
    write_json::<_, SubmitError>(&dir.join(JOBS_FILE), &jobs)?;
    Ok(SubmitOutcome::Submitted(submission, jobs))
}

/// `sbatch --parsable [--dependency=afterany:<after>] <script>`: the job id.
fn sbatch(script: &Path, after: Option<&str>) -> Result<String, SubmitError> {
    let mut cmd = Command::new("sbatch");
    cmd.arg("--parsable");
    if let Some(job) = after {
        cmd.arg(format!("--dependency=afterany:{job}"));
    }
    cmd.arg(script);
    let printed = run_checked(&mut cmd)?;
    // `--parsable` prints `<id>` or `<id>;<cluster>`.
    let id = printed.trim().split(';').next().unwrap_or("").to_string();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
        return Err(SubmitError::NoJobId {
            command: format!("{cmd:?}"),
            printed,
        });
    }
    Ok(id)
}

/// Runs `cmd`, returning its stdout; a failure is typed with its stderr.
pub(super) fn run_checked(cmd: &mut Command) -> Result<String, SubmitError> {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let out = cmd
        .output()
        .map_err(|source| SubmitError::Missing { program, source })?;
    if !out.status.success() {
        return Err(SubmitError::Failed {
            command: format!("{cmd:?}"),
            status: out.status,
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The store's submission folders, oldest first.
pub(super) fn submissions(store: &Path) -> Result<Vec<PathBuf>, SubmitError> {
    let root = store.join(SLURM_DIR);
    let entries = match std::fs::read_dir(&root) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(IoError { path: root, source }.into()),
    };
    let mut found = Vec::new();
    for entry in entries {
        let path = entry.with_path(&root)?.path();
        let number = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix("submit-"))
            .and_then(|n| n.parse::<u32>().ok());
        if let (Some(n), true) = (number, path.is_dir()) {
            found.push((n, path));
        }
    }
    found.sort();
    Ok(found.into_iter().map(|(_, p)| p).collect())
}

/// A submission folder's [`JOBS_FILE`], if it was submitted.
pub fn read_jobs(dir: &Path) -> Result<Option<SubmittedJobs>, SubmitError> {
    read_json(&dir.join(JOBS_FILE))
}
