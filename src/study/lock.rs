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

    /// [`NetworkLock::try_acquire`], retrying for up to `patience` before
    /// deciding another process holds it (so a brief probe by
    /// [`NetworkLock::is_held`] is not taken for a trainer).
    pub fn try_acquire_within(
        dir: &Path,
        patience: std::time::Duration,
    ) -> Result<Option<NetworkLock>, StudyError> {
        let deadline = std::time::Instant::now() + patience;
        loop {
            if let Some(lock) = NetworkLock::try_acquire(dir)? {
                return Ok(Some(lock));
            }
            if std::time::Instant::now() >= deadline {
                return Ok(None);
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Whether a live process holds the lock of `dir` now (probed by
    /// taking and at once dropping it; a folder without a lock file is not
    /// held).
    pub fn is_held(dir: &Path) -> Result<bool, StudyError> {
        if !dir.join("lock").exists() {
            return Ok(false);
        }
        Ok(NetworkLock::try_acquire(dir)?.is_none())
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
        assert!(NetworkLock::is_held(dir.path()).unwrap());
        let patience = std::time::Duration::from_millis(100);
        assert!(NetworkLock::try_acquire_within(dir.path(), patience)
            .unwrap()
            .is_none());
        drop(a);
        assert!(!NetworkLock::is_held(dir.path()).unwrap());
        assert!(NetworkLock::try_acquire(dir.path()).unwrap().is_some());
    }
}
