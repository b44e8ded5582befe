//! `taskgroup study`: train every task subset (plus half-size singles) into
//! a store (`train.rs`, as many worker processes with `workers.rs`), submit
//! it to Slurm (`submit.rs`), or show where it stands (`status.rs`). The
//! study's settings are `options.rs`.

mod options;
mod status;
mod submit;
#[cfg(feature = "torch")]
mod train;
#[cfg(feature = "torch")]
mod workers;

pub use options::StudyOptions;

/// Arguments of `taskgroup study`.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<StudyCommand>,
    #[command(flatten)]
    train: TrainArgs,
}

#[derive(clap::Subcommand)]
enum StudyCommand {
    /// Submit the study's missing networks to a cluster (a Slurm job array
    /// plus a gather job that writes the report).
    Submit(Box<submit::Args>),
    /// Where every network of a store stands: done, running, failed, pending.
    Status(status::Args),
}

/// Training in this process (or in `--workers` processes).
#[derive(clap::Args)]
pub struct TrainArgs {
    #[command(flatten)]
    study: StudyOptions,
    /// Go on past a network that fails (noted in its folder, listed at the
    /// end, retried by the next run); the exit status is 1 if any failed.
    #[arg(long)]
    keep_going: bool,
    /// Print progress lines instead of a bar.
    #[arg(long)]
    lines: bool,
    /// Run this many worker processes on the store (each takes the next
    /// network no other worker holds, and goes on past a failed one).
    #[arg(long, default_value_t = 1)]
    workers: usize,
    /// GPUs for the workers (comma-separated CUDA device numbers): worker i
    /// sees only GPU i mod their number (CUDA_VISIBLE_DEVICES).
    #[arg(long, value_delimiter = ',')]
    gpus: Option<Vec<u32>>,
    /// CPU threads of torch in this process [default: a Slurm task's
    /// SLURM_CPUS_PER_TASK, else torch's own, or with --workers the
    /// machine's cores divided between them]. Losses depend (slightly) on it.
    #[arg(long)]
    threads: Option<usize>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    match args.command {
        Some(StudyCommand::Submit(a)) => submit::run(*a),
        Some(StudyCommand::Status(a)) => status::run(a),
        #[cfg(feature = "torch")]
        None if args.train.workers > 1 => workers::run(args.train),
        #[cfg(feature = "torch")]
        None => train::run(args.train),
        #[cfg(not(feature = "torch"))]
        None => {
            // Parsed here for --help and early errors; trained by taskgroup-torch.
            let _ = args.train;
            crate::forward::exec_torch()
        }
    }
}
