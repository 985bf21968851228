//! Where taizhang keeps things: the platform's config directory for
//! `taizhang` (XDG on Linux), or `TAIZHANG_HOME` when set.

use std::path::PathBuf;

/// The environment variable that overrides every directory below.
pub const HOME_VAR: &str = "TAIZHANG_HOME";

/// The resolved directories for one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    /// `config.yaml`, `plans/`, `state/`.
    pub config: PathBuf,
    /// Disposable data (the parsed-plan cache).
    pub cache: PathBuf,
}

impl Dirs {
    /// From `TAIZHANG_HOME`, else the platform's directories.
    pub fn resolve() -> Option<Self> {
        if let Some(home) = std::env::var_os(HOME_VAR).filter(|v| !v.is_empty()) {
            return Some(Self::under(PathBuf::from(home)));
        }
        let dirs = directories::ProjectDirs::from("", "", "taizhang")?;
        Some(Self {
            config: dirs.config_dir().to_path_buf(),
            cache: dirs.cache_dir().to_path_buf(),
        })
    }

    /// Everything under one folder (what `TAIZHANG_HOME` means).
    pub fn under(home: PathBuf) -> Self {
        Self {
            cache: home.join("cache"),
            config: home,
        }
    }

    pub fn config_file(&self) -> PathBuf {
        self.config.join("config.yaml")
    }

    pub fn user_plans(&self) -> PathBuf {
        self.config.join("plans")
    }

    pub fn state(&self) -> PathBuf {
        self.config.join("state")
    }
}
