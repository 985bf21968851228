//! Reading and writing the per-plan state files under `<config dir>/state/`.

use std::path::{Path, PathBuf};

use super::model::{FORMAT_VERSION, PlanState};
use crate::yaml;

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}; the file was not changed; the last good copy is {}", path.display(), backup.display())]
    Corrupt {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
        backup: PathBuf,
    },
    #[error("{}: state format version {found} is newer than this taizhang understands ({FORMAT_VERSION}); upgrade taizhang", path.display())]
    Version { path: PathBuf, found: u32 },
}

/// The state folder.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `<dir>/<plan>.yaml`
    pub fn path(&self, plan: &str) -> PathBuf {
        self.dir.join(format!("{plan}.yaml"))
    }

    /// `<dir>/<plan>.yaml.bak`: the previous good file.
    pub fn backup_path(&self, plan: &str) -> PathBuf {
        self.dir.join(format!("{plan}.yaml.bak"))
    }

    /// The saved state of `plan`; an empty state when nothing is saved yet.
    pub fn load(&self, plan: &str) -> Result<PlanState, StateError> {
        let path = self.path(plan);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok(PlanState::new(plan));
            }
            Err(source) => return Err(StateError::Io { path, source }),
        };
        let corrupt = |line: usize, column: usize, message: String| StateError::Corrupt {
            path: path.clone(),
            line,
            column,
            message,
            backup: self.backup_path(plan),
        };
        let text = String::from_utf8(bytes).map_err(|_| corrupt(1, 1, "not UTF-8 text".into()))?;
        let state: PlanState = yaml::from_str(&text)
            .map_err(|e| corrupt(e.line.unwrap_or(1), e.column.unwrap_or(1), e.message))?;
        if state.version > FORMAT_VERSION {
            return Err(StateError::Version {
                path,
                found: state.version,
            });
        }
        if state.plan != plan {
            return Err(corrupt(
                1,
                1,
                format!(
                    "holds the state of plan `{}`, expected `{plan}`",
                    state.plan
                ),
            ));
        }
        Ok(state)
    }
}
