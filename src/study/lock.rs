//! [`NetworkLock`]: one process trains a given network at a time.
//!
//! An advisory `flock` on `<network dir>/lock`, held for as long as the lock
//! value lives. The kernel releases it when the process ends, however it
//! ends (a crash, `kill -9`, a restarted notebook kernel), so a lock is never
//! left stale. Works between processes on one machine (and on file systems
//! that support flock).

use super::error::StudyError;
use crate::io::{IoError, WithPath};
use std::fs::{File, OpenOptions};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

/// A held lock on one network's directory.
#[derive(Debug)]
pub struct NetworkLock {
    file: File,
    path: PathBuf,
}

impl NetworkLock {
    /// Takes the lock of `dir` without waiting; `Ok(None)` when another
    /// process holds it.
    pub fn try_acquire(dir: &Path) -> Result<Option<NetworkLock>, StudyError> {
        std::fs::create_dir_all(dir).with_path(dir)?;
        let path = dir.join("lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_path(&path)?;
        // SAFETY: flock on a file descriptor we own for the life of `file`.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if rc == 0 {
            return Ok(Some(NetworkLock { file, path }));
        }
        let err = std::io::Error::last_os_error();
        if err.raw_os_error() == Some(libc::EWOULDBLOCK) {
            Ok(None)
        } else {
            Err(IoError { path, source: err }.into())
        }
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for NetworkLock {
    fn drop(&mut self) {
        // SAFETY: unlocking our own descriptor; closing it would also release.
        unsafe { libc::flock(self.file.as_raw_fd(), libc::LOCK_UN) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_is_refused_until_release() {
        let dir = tempfile::tempdir().unwrap();
        let a = NetworkLock::try_acquire(dir.path())
            .unwrap()
            .expect("free lock");
        // A second open file description conflicts even within one process.
        assert!(NetworkLock::try_acquire(dir.path()).unwrap().is_none());
        drop(a);
        assert!(NetworkLock::try_acquire(dir.path()).unwrap().is_some());
    }
}
