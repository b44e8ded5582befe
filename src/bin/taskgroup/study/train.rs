//! Training a study in this process: every pending network of the store,
//! resumably; a SIGTERM (scancel, a Slurm time limit) is noted in the
//! network's folder before the process exits.

use super::TrainArgs;
use taskgroup::study::{ProgressMode, RunOptions, Store};

pub fn run(args: TrainArgs) -> anyhow::Result<()> {
    let config = args.study.config()?;
    // A Slurm task's CPUs, unless --threads says otherwise: torch would
    // start one thread per core of the node and oversubscribe it.
    let slurm_cpus = std::env::var("SLURM_CPUS_PER_TASK")
        .ok()
        .and_then(|v| v.parse::<usize>().ok());
    if let Some(threads) = args.threads.or(slurm_cpus) {
        tch::set_num_threads(threads as i32);
    }
    note_termination(args.study.store().to_path_buf())?;
    let mode = if args.lines {
        ProgressMode::Lines {
            every: std::time::Duration::from_secs(10),
        }
    } else {
        ProgressMode::Auto
    };
    let options = RunOptions {
        keep_going: args.keep_going,
        ..RunOptions::new(mode)
    };
    let summary = taskgroup::study::run_with(args.study.store(), &config, &options)?;
    println!(
        "study {}: {} networks, {} already done, {} trained now{}{} in {:.1} s",
        summary.store.display(),
        summary.total,
        summary.already_done,
        summary.trained.len(),
        [
            (summary.busy_elsewhere.len(), "busy in another process"),
            (
                summary.finished_elsewhere.len(),
                "finished by another process"
            ),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!(", {n} {what}"))
        .collect::<String>(),
        if summary.failed.is_empty() {
            String::new()
        } else {
            format!(", {} failed", summary.failed.len())
        },
        summary.seconds
    );
    let store = Store::open(&summary.store)?;
    println!("{}", store.loss_frame()?);
    let skips = store.skips_frame()?;
    if skips.height() > 0 {
        println!("samples --skip-bad dropped (per network, split and reason):\n{skips}");
    }
    if !summary.failed.is_empty() {
        for (id, error) in &summary.failed {
            eprintln!("failed: {id}: {error}");
        }
        anyhow::bail!(
            "{} networks failed (noted in their folders' failed.json); rerun to retry them",
            summary.failed.len()
        );
    }
    Ok(())
}

/// Blocks SIGTERM in this thread (and so in every thread it starts later)
/// and starts a thread that waits for it: on SIGTERM the networks this
/// process trains are noted as failed by the signal (exit status 143),
/// then the process exits with that status. Call before anything starts
/// threads.
fn note_termination(store: std::path::PathBuf) -> anyhow::Result<()> {
    // SAFETY: a signal set we own; pthread_sigmask on the calling thread.
    let set = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGTERM);
        let rc = libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        anyhow::ensure!(rc == 0, "blocking SIGTERM failed ({rc})");
        set
    };
    std::thread::spawn(move || {
        let mut signal = 0;
        // SAFETY: waits on our own set; fills `signal`.
        if unsafe { libc::sigwait(&set, &mut signal) } != 0 {
            return;
        }
        let noted = Store::open(&store).and_then(|s| s.mark_terminated(signal));
        match noted {
            Ok(ids) if !ids.is_empty() => eprintln!(
                "taskgroup: terminated by signal {signal} while training {}; \
                 noted in their folders, they resume from their last checkpoint",
                ids.join(",")
            ),
            Ok(_) => eprintln!("taskgroup: terminated by signal {signal}"),
            Err(e) => eprintln!("taskgroup: terminated by signal {signal} (noting it failed: {e})"),
        }
        // SAFETY: ends the process at once, without running libtorch's
        // static destructors while the training thread is still in it.
        unsafe { libc::_exit(128 + signal) };
    });
    Ok(())
}
