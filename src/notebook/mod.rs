//! Glue between the library and a Jupyter notebook running the evcxr kernel:
//! rich display of figures, their renders and tables ([`NotebookDisplay`]),
//! and the strict mode that makes a failing cell fail the headless run. It
//! sits above everything it displays (it imports `plot`; nothing below
//! imports it).
//!
//! evcxr calls a method named `evcxr_display` on a cell's last value when one
//! exists; it prints `EVCXR_BEGIN_CONTENT <mime>`, the content, and
//! `EVCXR_END_CONTENT` (see `../shared/EVCXR.md`).

mod display;
mod init;

pub use display::{Html, NotebookDisplay};
pub use init::{init, STRICT_ENV};
