//! The compute device: [`DeviceChoice`] is what a configuration or a flag
//! names (`auto`, `cpu`, `cuda`, `cuda:N`), parsed once where it enters
//! (serde, clap, `str::parse`); with the `torch` feature,
//! [`DeviceChoice::resolve`] turns it into a `tch::Device`, loading
//! libtorch's CUDA backend when needed.
//!
//! `choice.rs` holds the pure enum and its parser (it builds without
//! libtorch); `backend.rs` the libtorch side.

#[cfg(feature = "torch")]
mod backend;
mod choice;

#[cfg(feature = "torch")]
pub use backend::{best_device, load_cuda_backend};
pub use choice::{DeviceChoice, DeviceError};
