//! The advisory lock that serialises writers of one plan's state: an
//! exclusive `flock` on `<plan>.lock` beside the state file (a separate file,
//! because the state file itself is replaced by rename on every save). Lock
//! files are left in place: deleting one could let two writers lock two
//! different files.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::store::StateError;

/// How long a writer waits for another before giving up.
pub const WAIT: Duration = Duration::from_secs(20);

/// Held while reading, merging and writing; released on drop (and by the OS
/// when the process dies, so a killed writer never leaves it locked).
#[derive(Debug)]
pub struct PlanLock {
    file: File,
    path: PathBuf,
}

impl PlanLock {
    /// Wait up to `wait` for the exclusive lock on `path`.
    pub fn acquire(path: &Path, wait: Duration) -> Result<Self, StateError> {
        let io = |source| StateError::Io {
            path: path.to_path_buf(),
            action: super::store::StoreStep::Lock,
            source,
        };
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(path)
            .map_err(io)?;
        let start = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            match file.try_lock() {
                Ok(()) => {
                    return Ok(Self {
                        file,
                        path: path.to_path_buf(),
                    });
                }
                Err(TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(StateError::Locked {
                        path: path.to_path_buf(),
                        waited: wait,
                    });
                }
                Err(TryLockError::Error(source)) => return Err(io(source)),
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for PlanLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_then_gives_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.lock");
        let first = PlanLock::acquire(&path, WAIT).unwrap();
        let err = PlanLock::acquire(&path, Duration::from_millis(30)).unwrap_err();
        assert!(err.to_string().contains("demo.lock"), "{err}");
        drop(first);
        PlanLock::acquire(&path, Duration::from_millis(30)).unwrap();
    }
}
