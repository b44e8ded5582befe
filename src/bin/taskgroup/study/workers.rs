//! `taskgroup study --workers N`: N worker processes on one store, each this
//! command without `--workers`/`--gpus` (so each takes the next network no
//! other process holds), with its own GPU (`CUDA_VISIBLE_DEVICES`) or its
//! share of the CPU threads, going on past a failed network
//! (`--keep-going`). Their lines are prefixed `[worker i]`.

use super::TrainArgs;
use anyhow::Context;
use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use taskgroup::study::Store;

pub fn run(args: TrainArgs) -> anyhow::Result<()> {
    // Creates or checks the store once, before the workers race to.
    let config = args.study.config()?;
    let store = Store::create(args.study.store(), &config)?;
    let me = std::env::current_exe().context("locating the running taskgroup-torch")?;
    let mut base = worker_args(std::env::args_os().skip(1).collect());
    // A worker goes on past a failed network (noted in its folder, listed
    // by `status`) so the others still train.
    if !args.keep_going {
        base.push("--keep-going".into());
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = args
        .threads
        .unwrap_or_else(|| (cores / args.workers).max(1));
    let mut children: Vec<(usize, Child)> = Vec::new();
    for i in 0..args.workers {
        let mut cmd = Command::new(&me);
        cmd.args(&base)
            .arg("--threads")
            .arg(threads.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(gpus) = &args.gpus {
            cmd.env("CUDA_VISIBLE_DEVICES", gpus[i % gpus.len()].to_string());
        }
        let child = cmd
            .spawn()
            .with_context(|| format!("starting worker {i} ({})", me.display()))?;
        children.push((i, child));
    }
    println!(
        "study {}: {} workers ({} threads each{})",
        store.dir().display(),
        args.workers,
        threads,
        args.gpus.as_ref().map_or(String::new(), |g| format!(
            ", GPUs {}",
            g.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
        ))
    );
    let mut relays = Vec::new();
    for (i, child) in &mut children {
        let prefix = format!("[worker {i}]");
        if let Some(out) = child.stdout.take() {
            relays.push(relay(prefix.clone(), out, false));
        }
        if let Some(err) = child.stderr.take() {
            relays.push(relay(prefix, err, true));
        }
    }
    let mut failed = Vec::new();
    for (i, mut child) in children {
        let status = child
            .wait()
            .with_context(|| format!("waiting for worker {i}"))?;
        if !status.success() {
            failed.push(format!("worker {i}: {status}"));
        }
    }
    for r in relays {
        let _ = r.join();
    }
    print!("{}", store.status()?);
    anyhow::ensure!(failed.is_empty(), "{}", failed.join("; "));
    Ok(())
}

/// This command's arguments without `--workers`, `--gpus` and `--threads`
/// (with their values, in either `--flag value` or `--flag=value` form).
fn worker_args(args: Vec<OsString>) -> Vec<OsString> {
    const DROPPED: [&str; 3] = ["--workers", "--gpus", "--threads"];
    let mut out = Vec::new();
    let mut skip_value = false;
    for arg in args {
        if skip_value {
            skip_value = false;
            continue;
        }
        let text = arg.to_string_lossy();
        if DROPPED.contains(&text.as_ref()) {
            skip_value = true;
        } else if !DROPPED.iter().any(|d| text.starts_with(&format!("{d}="))) {
            out.push(arg);
        }
    }
    out
}

/// Copies a worker's output line by line with its prefix.
fn relay(
    prefix: String,
    from: impl std::io::Read + Send + 'static,
    to_stderr: bool,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            if to_stderr {
                eprintln!("{prefix} {line}");
            } else {
                println!("{prefix} {line}");
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_options_are_dropped_in_both_forms() {
        let args = [
            "study",
            "--workers",
            "2",
            "--store",
            "s",
            "--gpus=0,1",
            "--threads",
            "3",
            "--lines",
        ];
        let kept = worker_args(args.iter().map(OsString::from).collect());
        assert_eq!(
            kept,
            ["study", "--store", "s", "--lines"].map(OsString::from)
        );
    }
}
