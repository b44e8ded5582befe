//! Running a study as a Slurm job array into its shared store.
//!
//! Data flow: [`SlurmOptions`] (the resources each array task asks for) and
//! a store whose `study.json` holds the study -> [`plan`] chooses the
//! networks to submit (neither done, nor held by a live lock, nor queued in
//! an earlier submission's array) -> [`Submission`] renders the array
//! script (one network per array task: the task index is a line number of
//! the submission's `networks.txt`) and the gather script (the report from
//! whatever finished, `--dependency=afterany:<array>`) -> [`submit`] writes
//! them into `<store>/slurm/submit-<n>/`, calls `sbatch` and records the
//! job ids there (`jobs.json`).

mod options;
mod queue;
mod script;
mod submit;

pub use options::SlurmOptions;
pub use queue::queued_networks;
pub use script::{shell_quote, Submission, ARRAY_SCRIPT, GATHER_SCRIPT, NETWORKS_FILE};
pub use submit::{
    plan, read_jobs, submit, SubmitError, SubmitOutcome, SubmittedJobs, JOBS_FILE, SLURM_DIR,
};
