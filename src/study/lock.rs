//! [`NetworkLock`]: one process trains a given network at a time, and one
//! process at a time creates or checks a store's settings.
//!
//! An advisory `flock` on `<network dir>/lock` (or the store's
//! `study.lock`), held for as long as the lock value lives. The kernel releases it when the process ends, however it
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
        NetworkLock::take(dir.join("lock"), libc::LOCK_EX | libc::LOCK_NB)
    }

    /// Takes the lock file `path` (created if absent, its folder must
    /// exist), waiting while another process holds it.
    pub fn wait(path: PathBuf) -> Result<NetworkLock, StudyError> {
        let lock = NetworkLock::take(path, libc::LOCK_EX)?;
        Ok(lock.expect("a blocking flock returns only once it holds the lock"))
    }

    /// `flock(operation)` on `path`; `Ok(None)` when a non-blocking attempt
    /// finds it held.
    fn take(path: PathBuf, operation: i32) -> Result<Option<NetworkLock>, StudyError> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_path(&path)?;
        loop {
            // SAFETY: flock on a file descriptor we own for the life of `file`.
            let rc = unsafe { libc::flock(file.as_raw_fd(), operation) };
            if rc == 0 {
                return Ok(Some(NetworkLock { file, path }));
            }
            let err = std::io::Error::last_os_error();
            match err.raw_os_error() {
                Some(libc::EWOULDBLOCK) => return Ok(None),
                Some(libc::EINTR) => continue,
                _ => return Err(IoError { path, source: err }.into()),
            }
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
