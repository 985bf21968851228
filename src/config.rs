//! Settings: `config/default.yaml` is embedded in the binary; the user's
//! `config.yaml` in the config directory overrides any part of it, key by
//! key. A bad user file is reported with `FILE:LINE:COL` and the defaults are
//! used instead, so the app still starts.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::plan::validate::Problem;
use crate::yaml::{self, Locator};

/// The embedded defaults.
pub const DEFAULT_YAML: &str = include_str!("../config/default.yaml");

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Recorded with each change; empty means the login name.
    pub reviewer: String,
    /// `zh`, `en`, or empty for "from LANG".
    pub locale: String,
    pub colors: Colors,
    /// Action name → keys. Checked against the TUI's actions when it starts.
    pub keys: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    pub blue: String,
    pub yellow: String,
    pub red: String,
    pub accent: String,
    pub muted: String,
    pub selection: String,
}

/// The language of the app's own labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    Zh,
    En,
}

impl Config {
    /// The defaults alone.
    pub fn defaults() -> Self {
        Self::from_texts(None, "config/default.yaml")
            .expect("the embedded config/default.yaml is valid")
    }

    /// Defaults overridden by the user's text (named `file` in messages).
    pub fn from_texts(user: Option<&str>, file: &str) -> Result<Self, Problem> {
        let mut merged: Value =
            yaml::from_embedded_str(DEFAULT_YAML).map_err(|e| problem(file, e))?;
        if let Some(user) = user {
            let overrides: Value = yaml::from_str(user).map_err(|e| problem(file, e))?;
            if !overrides.is_null() {
                merge(&mut merged, overrides);
            }
        }
        serde_path_to_error::deserialize(merged).map_err(|err| {
            let path = err.path().to_string();
            let (line, column) = user
                .map(Locator::new)
                .and_then(|l| l.find_key(&path))
                .unwrap_or((1, 1));
            Problem {
                file: file.to_string(),
                line,
                column,
                message: format!("{path}: {}", err.into_inner()),
            }
        })
    }

    /// Read `path` if it exists. On a problem, the defaults and the problem.
    pub fn load(path: &Path) -> (Self, Option<Problem>) {
        let text = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return (Self::defaults(), None);
            }
            Err(err) => {
                return (
                    Self::defaults(),
                    Some(Problem {
                        file: path.display().to_string(),
                        line: 1,
                        column: 1,
                        message: format!("cannot read: {err}"),
                    }),
                );
            }
        };
        let file = path.display().to_string();
        let parsed = match String::from_utf8(text) {
            Ok(text) => Self::from_texts(Some(&text), &file),
            Err(_) => Err(Problem {
                file: file.clone(),
                line: 1,
                column: 1,
                message: "not UTF-8 text".into(),
            }),
        };
        match parsed {
            Ok(config) => (config, None),
            Err(problem) => (Self::defaults(), Some(problem)),
        }
    }

    /// The reviewer name to record: the configured one, else the login name.
    pub fn reviewer_name(&self) -> String {
        let configured = self.reviewer.trim();
        if !configured.is_empty() {
            return configured.to_string();
        }
        ["USER", "USERNAME", "LOGNAME"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.trim().is_empty())
            .unwrap_or_else(|| "unknown".to_string())
    }

    /// The label language: the configured one, else from the environment.
    pub fn locale(&self) -> Locale {
        match self.locale.trim() {
            "zh" => Locale::Zh,
            "en" => Locale::En,
            _ => locale_from_env(),
        }
    }
}

/// LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them.
pub fn locale_from_env() -> Locale {
    let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    if value.to_ascii_lowercase().starts_with("zh") {
        Locale::Zh
    } else {
        Locale::En
    }
}

fn problem(file: &str, err: yaml::YamlError) -> Problem {
    Problem {
        file: file.to_string(),
        line: err.line.unwrap_or(1),
        column: err.column.unwrap_or(1),
        message: err.message,
    }
}

/// Deep merge: mappings merge key by key, anything else is replaced.
fn merge(base: &mut Value, overrides: Value) {
    match (base, overrides) {
        (Value::Object(base), Value::Object(overrides)) => {
            for (key, value) in overrides {
                match base.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (base, value) => *base = value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse() {
        let config = Config::defaults();
        assert_eq!(config.keys["done"], vec!["d".to_string()]);
        assert_eq!(config.colors.red, "lightred");
    }

    #[test]
    fn user_overrides_any_part() {
        let config =
            Config::from_texts(Some("reviewer: 张三\nkeys:\n  done: [x]\n"), "c.yaml").unwrap();
        assert_eq!(config.reviewer_name(), "张三");
        assert_eq!(config.keys["done"], vec!["x".to_string()]);
        // untouched parts keep their defaults
        assert_eq!(config.keys["todo"], vec!["t".to_string()]);
        assert_eq!(config.colors.blue, "lightblue");
    }

    #[test]
    fn unknown_field_is_located() {
        let err =
            Config::from_texts(Some("reviewer: a\ncolors:\n  purple: x\n"), "c.yaml").unwrap_err();
        assert_eq!((err.line, err.column), (3, 3), "{err}");
        assert!(err.message.contains("unknown field `purple`"), "{err}");
    }

    #[test]
    fn wrong_type_is_located() {
        let err = Config::from_texts(Some("locale: zh\nkeys:\n  done: 5\n"), "c.yaml").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        let syntax = Config::from_texts(Some("keys: [\n"), "c.yaml").unwrap_err();
        assert!(syntax.line >= 1);
    }
}
