//! `init()`: the one call at the top of every notebook.

use std::sync::Once;

/// When this environment variable is `1`, a panic in a cell prints its message
/// and ends the kernel process with a non-zero status, so a headless run
/// (`jupyter execute`) fails instead of reporting success (EVCXR.md, "Failure
/// semantics"). The project's kernelspec does not set it; `make test` does.
pub const STRICT_ENV: &str = "TASKGROUP_STRICT";

static INIT: Once = Once::new();

/// Prepares a notebook session: installs the strict-mode panic hook when
/// [`STRICT_ENV`] is `1`, and prints the library version and compute device.
/// Calling it again is harmless.
pub fn init() {
    INIT.call_once(|| {
        let strict = std::env::var(STRICT_ENV).is_ok_and(|v| v == "1");
        if strict {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                previous(info);
                // stdout: stderr at the very end of a cell can be lost (EVCXR.md).
                println!("taskgroup strict mode: a cell panicked ({info}); ending the kernel so the run fails");
                std::process::exit(101);
            }));
        }
        println!(
            "taskgroup {} | device: {}{}",
            env!("CARGO_PKG_VERSION"),
            device_name(),
            if strict { " | strict mode" } else { "" }
        );
    });
}

#[cfg(feature = "torch")]
fn device_name() -> String {
    if crate::device::best_device().is_cuda() {
        format!("cuda ({} GPU)", tch::Cuda::device_count())
    } else {
        "cpu".to_string()
    }
}

#[cfg(not(feature = "torch"))]
fn device_name() -> String {
    "none (built without the torch feature)".to_string()
}
