//! The lean `taskgroup` (built without libtorch) hands the training commands
//! to `taskgroup-torch`, the same command line built with libtorch, found
//! beside the running executable: the process is replaced (`exec`) with the
//! same arguments, so output, exit status and signals are the sibling's own.

use anyhow::{bail, Context};
use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::process::Command;

use crate::TORCH_BINARY;

/// A training command's arguments, left for `taskgroup-torch` to parse (so
/// `taskgroup demo --help` prints the real options).
#[derive(clap::Args)]
#[command(disable_help_flag = true)]
pub struct Args {
    /// The command's options (see `taskgroup-torch <command> --help`).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<OsString>,
}

/// Replaces this process with `taskgroup-torch` and the same arguments.
/// Returns only on failure.
pub fn exec_torch() -> anyhow::Result<()> {
    let me = std::env::current_exe().context("locating the running taskgroup executable")?;
    let torch = me.with_file_name(TORCH_BINARY);
    if !torch.is_file() {
        bail!(
            "this command trains networks and needs {} (taskgroup built with libtorch), \
             which is not beside {}: build it with `make build` or \
             `cargo build --bin {TORCH_BINARY}` (with the same --release/--profile as this one)",
            torch.display(),
            me.display()
        );
    }
    let error = Command::new(&torch)
        .args(std::env::args_os().skip(1))
        .exec();
    Err(error).with_context(|| format!("starting {}", torch.display()))
}
