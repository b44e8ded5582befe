//! [`SlurmOptions`]: the resources and scheduling options of a submission.

use serde::{Deserialize, Serialize};

/// What every array task asks Slurm for, and how the array is scheduled.
/// `None` leaves an option to the cluster's defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlurmOptions {
    /// `--partition`.
    pub partition: Option<String>,
    /// `--gpus-per-task` (each array task trains one network).
    pub gpus_per_task: Option<u32>,
    /// `--cpus-per-task`.
    pub cpus_per_task: Option<u32>,
    /// `--mem` (Slurm's syntax, e.g. `32G`).
    pub mem: Option<String>,
    /// `--time` (Slurm's syntax, e.g. `2-00:00:00`).
    pub time: Option<String>,
    /// `--account`.
    pub account: Option<String>,
    /// More `sbatch` options, passed through as `#SBATCH` lines of both scripts.
    pub sbatch_args: Vec<String>,
    /// At most this many array tasks run at once (the array's `%N`).
    pub max_parallel: Option<u32>,
    /// The job name [default: `taskgroup-<store folder>`].
    pub job_name: Option<String>,
}

impl SlurmOptions {
    /// The `#SBATCH` options every array task gets (the array range and
    /// output file come from the submission).
    pub fn array_directives(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut push = |flag: &str, value: Option<String>| {
            if let Some(v) = value {
                out.push(format!("--{flag}={v}"));
            }
        };
        push("partition", self.partition.clone());
        push("account", self.account.clone());
        push("gpus-per-task", self.gpus_per_task.map(|g| g.to_string()));
        push("cpus-per-task", self.cpus_per_task.map(|c| c.to_string()));
        push("mem", self.mem.clone());
        push("time", self.time.clone());
        out.extend(self.sbatch_args.iter().cloned());
        out
    }

    /// The `#SBATCH` options of the gather job: the partition, account and
    /// passed-through options, no GPUs.
    pub fn gather_directives(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(p) = &self.partition {
            out.push(format!("--partition={p}"));
        }
        if let Some(a) = &self.account {
            out.push(format!("--account={a}"));
        }
        out.extend(self.sbatch_args.iter().cloned());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_given_options_become_directives() {
        let options = SlurmOptions {
            partition: Some("gpu".into()),
            gpus_per_task: Some(1),
            mem: Some("32G".into()),
            sbatch_args: vec!["--qos=long".into()],
            ..SlurmOptions::default()
        };
        assert_eq!(
            options.array_directives(),
            [
                "--partition=gpu",
                "--gpus-per-task=1",
                "--mem=32G",
                "--qos=long"
            ]
        );
        assert_eq!(
            options.gather_directives(),
            ["--partition=gpu", "--qos=long"]
        );
        assert!(SlurmOptions::default().array_directives().is_empty());
    }
}
