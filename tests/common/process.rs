//! A child process's result, for the command-line tests (shared with
//! `lean/tests` by path).

use std::process::Output;

/// The standard output of a process that must have succeeded; a failure
/// panics with its exit status and standard error.
pub fn stdout_of(out: Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}
