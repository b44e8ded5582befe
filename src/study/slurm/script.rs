//! [`Submission`]: the two batch scripts of one submission, rendered.
//!
//! The array script maps its `SLURM_ARRAY_TASK_ID` to a network id through
//! the submission's [`NETWORKS_FILE`] (line `index + 1`), never through
//! argument order, and trains it with `taskgroup-torch study --from-store`
//! against the shared store, so every setting comes from `study.json`. The
//! gather script writes the report of whatever finished.

use super::options::SlurmOptions;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The array task index -> network id file of a submission.
pub const NETWORKS_FILE: &str = "networks.txt";
/// The array job's batch script.
pub const ARRAY_SCRIPT: &str = "array.sh";
/// The gather job's batch script.
pub const GATHER_SCRIPT: &str = "gather.sh";

/// One submission: which networks, which executables, which resources.
#[derive(Clone, Debug, PartialEq)]
pub struct Submission {
    /// The submission's folder (`<store>/slurm/submit-<n>`).
    pub dir: PathBuf,
    /// The study's store.
    pub store: PathBuf,
    /// The jobs' working folder (`--chdir`: where `submit` ran, so the
    /// store's relative data paths mean what they meant there).
    pub workdir: PathBuf,
    /// The networks, in array index order.
    pub networks: Vec<String>,
    /// The executable that trains (`taskgroup-torch`).
    pub trainer: PathBuf,
    /// The executable that writes the report (`taskgroup`).
    pub reporter: PathBuf,
    /// Resources and scheduling.
    pub options: SlurmOptions,
}

impl Submission {
    /// Where the array tasks' logs go (`%A_%a.out`: array job, task index).
    pub fn logs_dir(&self) -> PathBuf {
        self.dir.join("logs")
    }

    /// Where the gather job writes the report.
    pub fn report_dir(&self) -> PathBuf {
        self.store.join("report")
    }

    fn job_name(&self) -> String {
        self.options.job_name.clone().unwrap_or_else(|| {
            let name = self
                .store
                .file_name()
                .map_or_else(|| "study".into(), |n| n.to_string_lossy());
            format!("taskgroup-{name}")
        })
    }

    /// The contents of [`NETWORKS_FILE`].
    pub fn networks_file(&self) -> String {
        self.networks.iter().map(|n| format!("{n}\n")).collect()
    }

    /// The array job's batch script.
    pub fn array_script(&self) -> String {
        let last = self.networks.len().saturating_sub(1);
        let range = match self.options.max_parallel {
            Some(n) => format!("0-{last}%{n}"),
            None => format!("0-{last}"),
        };
        let logs = self.logs_dir();
        let mut s = String::from("#!/bin/bash\n");
        let mut directives = vec![
            format!("--job-name={}", self.job_name()),
            format!("--array={range}"),
            format!("--output={}", logs.join("%A_%a.out").display()),
            format!("--chdir={}", self.workdir.display()),
        ];
        directives.extend(self.options.array_directives());
        directives.extend(["--ntasks=1".to_string()]);
        push_directives(&mut s, &directives);
        let networks = self.dir.join(NETWORKS_FILE);
        let _ = write!(
            s,
            "# One network per array task: task i trains the network on line i+1 of\n\
             # {networks}, with every setting from the store's study.json.\n\
             set -euo pipefail\n\
             id=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" {networks_q})\n\
             if [ -z \"$id\" ]; then echo \"no network for array task $SLURM_ARRAY_TASK_ID in {networks}\" >&2; exit 2; fi\n\
             export TASKGROUP_LOG={logs_q}/\"${{SLURM_ARRAY_JOB_ID}}_${{SLURM_ARRAY_TASK_ID}}.out\"\n\
             echo \"taskgroup: array task $SLURM_ARRAY_TASK_ID trains $id on $(hostname)\"\n\
             exec {trainer} study --from-store --store {store} --only \"$id\" --lines\n",
            networks = networks.display(),
            networks_q = shell_quote(&networks),
            logs_q = shell_quote(&logs),
            trainer = shell_quote(&self.trainer),
            store = shell_quote(&self.store),
        );
        s
    }

    /// The gather job's batch script (submitted with
    /// `--dependency=afterany:<array job>`).
    pub fn gather_script(&self) -> String {
        let mut s = String::from("#!/bin/bash\n");
        let mut directives = vec![
            format!("--job-name={}-gather", self.job_name()),
            format!(
                "--output={}",
                self.logs_dir().join("gather-%j.out").display()
            ),
            format!("--chdir={}", self.workdir.display()),
        ];
        directives.extend(self.options.gather_directives());
        directives.extend(["--ntasks=1".to_string()]);
        push_directives(&mut s, &directives);
        let _ = write!(
            s,
            "# The report of whatever finished (missing networks are left out).\n\
             set -euo pipefail\n\
             {reporter} study status --store {store}\n\
             exec {reporter} report --store {store} --out {report}\n",
            reporter = shell_quote(&self.reporter),
            store = shell_quote(&self.store),
            report = shell_quote(&self.report_dir()),
        );
        s
    }
}

fn push_directives(s: &mut String, directives: &[String]) {
    for d in directives {
        let _ = writeln!(s, "#SBATCH {d}");
    }
}

/// `path` quoted for a POSIX shell (single quotes; a quote inside becomes
/// `'\''`).
pub fn shell_quote(path: &Path) -> String {
    let text = path.to_string_lossy();
    format!("'{}'", text.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn submission(max_parallel: Option<u32>) -> Submission {
        Submission {
            dir: "/s/it's/slurm/submit-1".into(),
            store: "/s/it's".into(),
            workdir: "/home/me".into(),
            networks: vec!["s".into(), "sd".into(), "d-half".into()],
            trainer: "/bin/taskgroup-torch".into(),
            reporter: "/bin/taskgroup".into(),
            options: SlurmOptions {
                max_parallel,
                gpus_per_task: Some(1),
                ..SlurmOptions::default()
            },
        }
    }

    #[test]
    fn the_array_covers_every_network_and_reads_its_id_from_the_file() {
        let s = submission(Some(2)).array_script();
        assert!(s.contains("#SBATCH --array=0-2%2\n"), "{s}");
        assert!(s.contains("#SBATCH --gpus-per-task=1\n"), "{s}");
        assert!(s.contains("#SBATCH --job-name=taskgroup-it's\n"), "{s}");
        assert!(
            s.contains("'/s/it'\\''s/slurm/submit-1/networks.txt'"),
            "{s}"
        );
        assert!(
            s.contains("study --from-store --store '/s/it'\\''s' --only \"$id\""),
            "{s}"
        );
        assert!(submission(None).array_script().contains("--array=0-2\n"));
        assert_eq!(submission(None).networks_file(), "s\nsd\nd-half\n");
    }

    #[test]
    fn the_gather_job_reports_the_store_without_gpus() {
        let s = submission(None).gather_script();
        assert!(
            s.contains("report --store '/s/it'\\''s' --out '/s/it'\\''s/report'"),
            "{s}"
        );
        assert!(!s.contains("gpus"), "{s}");
    }

    #[test]
    fn quoting_survives_a_shell() {
        let path = Path::new("/tmp/a b/it's $HOME");
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("printf %s {}", shell_quote(path)))
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), path.to_string_lossy());
    }
}
