//! The lean `taskgroup`: it runs without libtorch, gives the same selection
//! as the libtorch build, and hands training commands to `taskgroup-torch`
//! (built beside it by the root package's `cargo build` or `cargo test`).

#[path = "../../tests/common/process.rs"]
mod process;

use process::stdout_of as ok;
use std::path::{Path, PathBuf};
use std::process::Command;

fn lean() -> Command {
    Command::new(env!("CARGO_BIN_EXE_taskgroup"))
}

/// `taskgroup-torch` beside the lean binary.
fn torch() -> PathBuf {
    let path = Path::new(env!("CARGO_BIN_EXE_taskgroup")).with_file_name("taskgroup-torch");
    assert!(
        path.is_file(),
        "{} is missing: build the root package first (cargo build --bin taskgroup-torch)",
        path.display()
    );
    path
}

fn fixture(file: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/paper/setting1")
        .join(file)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn links_no_libtorch() {
    let out = Command::new("readelf")
        .args(["-d", env!("CARGO_BIN_EXE_taskgroup")])
        .output()
        .expect("readelf (binutils, which the Rust linker needs) runs");
    let text = ok(out);
    assert!(text.contains("(NEEDED)"), "{text}");
    for lib in ["libtorch", "libc10", "libgomp"] {
        assert!(!text.contains(lib), "the lean binary needs {lib}:\n{text}");
    }
}

#[test]
fn selects_like_the_libtorch_build() {
    let args = [
        "select",
        "--val",
        &fixture("val.tsv"),
        "--test",
        &fixture("test.tsv"),
        "--esa",
        &fixture("esa.tsv"),
        "--columns",
        "s,d,n,k,t",
        "--samples",
        "2000",
        "--json",
    ];
    let mine = ok(lean().args(args).output().unwrap());
    let theirs = ok(Command::new(torch()).args(args).output().unwrap());
    assert_eq!(mine, theirs);
    assert!(mine.contains("\"optimal\""), "{mine}");
}

#[test]
fn hands_training_commands_to_taskgroup_torch() {
    torch();
    let help = ok(lean().args(["study", "--help"]).output().unwrap());
    // The study's own options, which only taskgroup-torch parses.
    assert!(help.contains("--max-epochs"), "{help}");
    assert!(help.contains("Usage: taskgroup study"), "{help}");
    // A bad option is the torch build's clap error, exit status 2.
    let out = lean().args(["study", "--no-such-option"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--no-such-option"));
}

#[test]
fn lists_every_command() {
    let help = ok(lean().arg("--help").output().unwrap());
    for command in [
        "demo", "tasks", "data", "select", "report", "study", "model", "bench", "affinity",
        "compare",
    ] {
        assert!(
            help.lines()
                .any(|l| l.trim_start().starts_with(&format!("{command} "))),
            "{command} missing from:\n{help}"
        );
    }
}
