//! Whole-process time of `taskgroup select` (start to exit, what a user
//! waits for at the shell) against the paper's own C++ search, in one run.
//!
//! Inputs: the paper's setting-1 validation and test tables (n = 5, from
//! `tests/fixtures/paper/setting1`) and dense random tables in the same TSV
//! layout for n = 6, 7, 8, 10, 12 (every full-size network plus the n
//! half-size ones, `select::random_table`). Each command: the optimal curve
//! at budgets 1, 1.5, ..., n chosen on validation and scored on test, the
//! same work for both programs. Runs: the median and minimum of 21 runs
//! (`--quick`: 5), output discarded. Rows for `taskgroup` (this package's
//! lean binary), `taskgroup-torch` when it is built beside it (the libtorch
//! build of the same command line), and the paper's search when
//! `TASKGROUP_PAPER_SEARCH` names its binary (build it with
//! `lean/benches/paper_peer.sh`); the peer is skipped past n = 6, where one
//! run takes longer than 10 s.
//!
//! `cargo bench -p taskgroup-lean --bench process` (release profile).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use taskgroup::select::random_table;

/// One program's command line for a (val, test) pair.
struct Program {
    name: String,
    binary: PathBuf,
    /// Whether it takes `taskgroup select` arguments (else `VAL TEST`).
    taskgroup: bool,
    /// The largest n it is timed at.
    max_n: usize,
}

impl Program {
    fn command(&self, val: &Path, test: &Path, n: usize) -> Command {
        let mut cmd = Command::new(&self.binary);
        if self.taskgroup {
            let columns: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
            cmd.args(["select", "--method", "optimal", "--columns"])
                .arg(columns.join(","))
                .arg("--val")
                .arg(val)
                .arg("--test")
                .arg(test);
        } else {
            cmd.arg(val).arg(test);
        }
        cmd.stdout(Stdio::null()).stderr(Stdio::null());
        cmd
    }
}

/// Median and minimum of `runs` timed runs (after one untimed warm-up).
fn time(program: &Program, val: &Path, test: &Path, n: usize, runs: usize) -> (Duration, Duration) {
    let run = || {
        let start = Instant::now();
        let status = program
            .command(val, test, n)
            .status()
            .unwrap_or_else(|e| panic!("{} does not start: {e}", program.binary.display()));
        assert!(status.success(), "{} failed at n = {n}", program.name);
        start.elapsed()
    };
    run();
    let mut times: Vec<Duration> = (0..runs).map(|_| run()).collect();
    times.sort();
    (times[times.len() / 2], times[0])
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 5 } else { 21 };
    let lean = PathBuf::from(env!("CARGO_BIN_EXE_taskgroup"));
    let mut programs = vec![Program {
        name: "taskgroup (lean)".into(),
        binary: lean.clone(),
        taskgroup: true,
        max_n: 12,
    }];
    let torch = lean.with_file_name("taskgroup-torch");
    if torch.is_file() {
        programs.push(Program {
            name: "taskgroup-torch".into(),
            binary: torch,
            taskgroup: true,
            max_n: 12,
        });
    }
    match std::env::var_os("TASKGROUP_PAPER_SEARCH") {
        Some(peer) => programs.push(Program {
            name: "paper C++ (g++ -O2)".into(),
            binary: peer.into(),
            taskgroup: false,
            max_n: 6,
        }),
        None => eprintln!(
            "TASKGROUP_PAPER_SEARCH is not set: the paper's search is left out \
             (build it with lean/benches/paper_peer.sh)"
        ),
    }

    let dir = tempfile::tempdir().expect("a temporary folder");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/paper/setting1");
    let mut inputs = vec![(5, fixtures.join("val.tsv"), fixtures.join("test.tsv"))];
    for n in [6, 7, 8, 10, 12] {
        let write = |seed: u64, split: &str| {
            let path = dir.path().join(format!("n{n}_{split}.tsv"));
            let text = random_table(n, 1.0, seed)
                .to_paper_tsv()
                .expect("a dense random table has the paper's shape");
            std::fs::write(&path, text).expect("writing a table");
            path
        };
        inputs.push((n, write(n as u64, "val"), write(1000 + n as u64, "test")));
    }

    let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1e3);
    println!("| program | n | median ms | min ms |");
    println!("|---|---|---|---|");
    for program in &programs {
        for (n, val, test) in &inputs {
            if *n > program.max_n {
                continue;
            }
            let (median, min) = time(program, val, test, *n, runs);
            println!("| {} | {n} | {} | {} |", program.name, ms(median), ms(min));
        }
    }
}
