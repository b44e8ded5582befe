//! `taskgroup study submit`: the study's missing networks as a cluster job
//! array, into the shared store.

use super::options::StudyOptions;
use anyhow::{bail, Context};
use std::path::PathBuf;
use taskgroup::study::slurm::{self, SlurmOptions, SubmitOutcome, ARRAY_SCRIPT, GATHER_SCRIPT};
use taskgroup::study::Store;

/// The cluster engines a study can be submitted to.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum Engine {
    /// A Slurm job array (`sbatch`), one network per array task.
    Slurm,
}

/// Arguments of `taskgroup study submit`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    study: StudyOptions,
    /// The cluster's scheduler.
    #[arg(long, value_enum)]
    engine: Engine,
    /// Slurm partition of every job.
    #[arg(long)]
    partition: Option<String>,
    /// GPUs per array task (one network each).
    #[arg(long)]
    gpus_per_task: Option<u32>,
    /// CPUs per array task.
    #[arg(long)]
    cpus_per_task: Option<u32>,
    /// Memory per array task (Slurm's syntax, e.g. 32G).
    #[arg(long)]
    mem: Option<String>,
    /// Time limit per array task (Slurm's syntax, e.g. 2-00:00:00); a
    /// network cut off resumes from its last epoch in its next job.
    #[arg(long)]
    time: Option<String>,
    /// Slurm account to charge.
    #[arg(long)]
    account: Option<String>,
    /// One more sbatch option for both jobs, passed through (repeatable), e.g. --sbatch-arg=--qos=long.
    #[arg(long, allow_hyphen_values = true)]
    sbatch_arg: Vec<String>,
    /// At most this many array tasks run at once (the array's %N).
    #[arg(long)]
    max_parallel: Option<u32>,
    /// The jobs' name [default: taskgroup-<store folder>].
    #[arg(long)]
    job_name: Option<String>,
    /// Print the scripts and the networks; submit nothing (the store's
    /// study.json is still written or checked).
    #[arg(long)]
    dry_run: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let Engine::Slurm = args.engine;
    let config = args.study.config()?;
    let store = Store::create(args.study.store(), &config)?;
    let options = SlurmOptions {
        partition: args.partition,
        gpus_per_task: args.gpus_per_task,
        cpus_per_task: args.cpus_per_task,
        mem: args.mem,
        time: args.time,
        account: args.account,
        sbatch_args: args.sbatch_arg,
        max_parallel: args.max_parallel,
        job_name: args.job_name,
    };
    let reporter = std::env::current_exe().context("locating the running taskgroup")?;
    let trainer = trainer(&reporter);
    if !args.dry_run && !trainer.is_file() {
        bail!(
            "the array tasks run {}, which is not there: build it with `make build`",
            trainer.display()
        );
    }
    match slurm::submit(&store, &options, (&trainer, &reporter), args.dry_run)? {
        SubmitOutcome::NothingToDo => println!(
            "study {}: nothing to submit (every network is done, running or queued)",
            store.dir().display()
        ),
        SubmitOutcome::DryRun(s) => {
            println!(
                "# dry run: would submit {} networks as {}/{ARRAY_SCRIPT}: {}",
                s.networks.len(),
                s.dir.display(),
                s.networks.join(",")
            );
            println!("# ---- {ARRAY_SCRIPT}\n{}", s.array_script());
            println!(
                "# ---- {GATHER_SCRIPT} (--dependency=afterany:<array job>)\n{}",
                s.gather_script()
            );
        }
        SubmitOutcome::Submitted(s, jobs) => {
            println!(
                "submitted {} networks of {}: array job {}, gather job {} (ids in {})",
                s.networks.len(),
                store.dir().display(),
                jobs.array_job,
                jobs.gather_job.as_deref().unwrap_or("-"),
                s.dir.join(slurm::JOBS_FILE).display()
            );
            println!(
                "logs: {}; watch: taskgroup study status --store {}",
                s.logs_dir().display(),
                store.dir().display()
            );
        }
    }
    Ok(())
}

/// The executable the array tasks train with: this one when it is the
/// libtorch build, else `taskgroup-torch` beside it.
fn trainer(me: &std::path::Path) -> PathBuf {
    if cfg!(feature = "torch") {
        me.to_path_buf()
    } else {
        me.with_file_name(crate::TORCH_BINARY)
    }
}
