//! Turning a [`DeviceChoice`] into a `tch::Device`: a CUDA GPU when one is
//! present, else the CPU.
//!
//! The PyPI torch wheel splits libtorch into a CPU library and a CUDA library
//! (`libtorch_cuda.so`). Nothing in tch references the CUDA library's symbols,
//! so the linker drops it (`--as-needed`) and CUDA would look absent. Loading
//! it explicitly registers the CUDA backend; this works the same in the
//! binary, the tests and a notebook kernel.

use super::choice::{DeviceChoice, DeviceError};
use std::sync::OnceLock;
use tch::Device;

static CUDA_BACKEND: OnceLock<bool> = OnceLock::new();

/// Loads libtorch's CUDA backend if the libtorch in use has one. Returns
/// whether it is loaded. Cheap after the first call.
pub fn load_cuda_backend() -> bool {
    *CUDA_BACKEND.get_or_init(|| {
        let mut candidates = Vec::new();
        if let Some(dir) = option_env!("TASKGROUP_LIBTORCH_LIB") {
            candidates.push(format!("{dir}/libtorch_cuda.so"));
        }
        if let Ok(dir) = std::env::var("LIBTORCH") {
            candidates.push(format!("{dir}/lib/libtorch_cuda.so"));
        }
        candidates.push("libtorch_cuda.so".to_string());
        candidates.iter().any(|path| {
            let Ok(c_path) = std::ffi::CString::new(path.as_str()) else {
                return false;
            };
            // SAFETY: dlopen with a valid NUL-terminated path; the handle is
            // deliberately kept for the life of the process.
            let handle =
                unsafe { libc::dlopen(c_path.as_ptr(), libc::RTLD_NOW | libc::RTLD_GLOBAL) };
            !handle.is_null()
        })
    })
}

impl DeviceChoice {
    /// The device this choice names: `Auto` is CUDA when available, else
    /// the CPU; a CUDA choice whose GPU is not there is an error.
    pub fn resolve(self) -> Result<Device, DeviceError> {
        match self {
            DeviceChoice::Auto => Ok(best_device()),
            DeviceChoice::Cpu => Ok(Device::Cpu),
            DeviceChoice::Cuda(_) => {
                let index = self.cuda_index().unwrap_or(0);
                load_cuda_backend();
                let count = tch::Cuda::device_count();
                if (index as i64) < count {
                    Ok(Device::Cuda(index))
                } else {
                    Err(DeviceError::NoCuda {
                        asked: self.to_string(),
                        available: count,
                    })
                }
            }
        }
    }
}

/// CUDA when a GPU is available (after loading the CUDA backend), else CPU.
pub fn best_device() -> Device {
    load_cuda_backend();
    Device::cuda_if_available()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_device(spec: &str) -> Result<Device, DeviceError> {
        spec.parse::<DeviceChoice>()?.resolve()
    }

    #[test]
    fn parses_specs() {
        assert_eq!(parse_device("cpu").unwrap(), Device::Cpu);
        assert!(matches!(parse_device("tpu"), Err(DeviceError::Unknown(_))));
        assert!(matches!(
            parse_device("cuda:x"),
            Err(DeviceError::Unknown(_))
        ));
        // On a machine without a GPU, asking for one is a typed error; with
        // one, it is that device.
        match parse_device("cuda:0") {
            Ok(d) => assert_eq!(d, Device::Cuda(0)),
            Err(e) => assert!(matches!(e, DeviceError::NoCuda { available: 0, .. })),
        }
        let auto = parse_device("auto").unwrap();
        assert_eq!(auto.is_cuda(), tch::Cuda::is_available());
    }
}
