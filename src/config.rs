//! Settings: `config/default.yaml` is embedded in the binary; the user's
//! `config.yaml` in the config directory overrides any part of it, key by
//! key. A bad user file is reported with `FILE:LINE:COL` and the defaults are
//! used instead, so the app still starts.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::plan::validate::{Message, Problem};
use crate::yaml::{self, Locator};

/// The embedded defaults.
pub const DEFAULT_YAML: &str = include_str!("../config/default.yaml");

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Recorded with each change; empty means the login name.
    pub reviewer: String,
    /// The reviewer's office (单位), asked with the name on first start.
    pub reviewer_unit: String,
    /// `zh`, `en`, or empty for "from LANG".
    pub locale: String,
    pub colors: Colors,
    /// The bands and warning window of the 蓝黄红 lights.
    pub lights: Lights,
    /// Action name → keys. Checked against the TUI's actions when it starts.
    pub keys: BTreeMap<String, Vec<String>>,
    /// How long a reporting period is: `month` (2025-06) or `quarter` (2025-Q2).
    pub report_period: crate::state::PeriodKind,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    pub blue: Colour,
    pub yellow: Colour,
    pub red: Colour,
    pub accent: Colour,
    pub muted: Colour,
    pub selection: Colour,
}

/// One colour of the settings, parsed once here for the app (mapped to
/// ratatui colours in `tui::theme`) and the summary (mapped to SGR codes in
/// `report::render_text`): one of the 16 terminal colours by name
/// (`lightred`, `bright red`, `grey`), `reset`, a 256-colour index (`9`), or
/// `#rrggbb`. A value not understood is refused with the file's line and
/// column like any bad setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum Colour {
    /// The terminal's own foreground or background.
    Reset,
    /// One of the 16 named colours: 0 black … 7 gray, 8 darkgray … 15 white.
    Basic(u8),
    /// An entry of the 256-colour table.
    Indexed(u8),
    Rgb(u8, u8, u8),
}

/// The 16 named colours, in the terminal's order.
pub const COLOUR_NAMES: [&str; 16] = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "darkgray",
    "lightred",
    "lightgreen",
    "lightyellow",
    "lightblue",
    "lightmagenta",
    "lightcyan",
    "white",
];

impl std::str::FromStr for Colour {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let name = text
            .trim()
            .to_lowercase()
            .replace([' ', '-', '_'], "")
            .replace("bright", "light")
            .replace("grey", "gray")
            .replace("silver", "gray")
            .replace("lightblack", "darkgray")
            .replace("lightwhite", "white")
            .replace("lightgray", "white");
        if name == "reset" {
            return Ok(Colour::Reset);
        }
        if let Some(index) = COLOUR_NAMES.iter().position(|n| *n == name) {
            return Ok(Colour::Basic(index as u8));
        }
        if let Ok(index) = name.parse::<u8>() {
            return Ok(Colour::Indexed(index));
        }
        let hex = name
            .strip_prefix('#')
            .filter(|h| h.len() == 6 && h.is_ascii());
        let byte = |hex: &str, at: usize| u8::from_str_radix(&hex[at..at + 2], 16).ok();
        if let Some(hex) = hex
            && let (Some(r), Some(g), Some(b)) = (byte(hex, 0), byte(hex, 2), byte(hex, 4))
        {
            return Ok(Colour::Rgb(r, g, b));
        }
        Err(format!(
            "unknown colour `{}`: use a name such as blue, lightred, darkgray, a number 0-255, or #rrggbb",
            text.trim()
        ))
    }
}

impl TryFrom<String> for Colour {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        text.parse()
    }
}

/// `lights:`: when a milestone turns yellow or red (see
/// [`crate::state::derive`]).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lights {
    /// Points (0–100) behind 序时进度 beyond which a milestone is yellow.
    pub yellow_behind: f64,
    /// Points behind beyond which it is red.
    pub red_behind: f64,
    /// 临期预警: due within this many days and not done → at least yellow.
    pub warn_days: u32,
}

impl Lights {
    pub fn rules(&self) -> crate::state::LightRules {
        crate::state::LightRules {
            yellow_behind: self.yellow_behind,
            red_behind: self.red_behind,
            warn_days: self.warn_days,
        }
    }

    /// What is allowed: 0 ≤ yellow_behind ≤ red_behind ≤ 100.
    fn check(&self) -> Result<(), (&'static str, Message)> {
        let points = |v: f64| v.is_finite() && (0.0..=100.0).contains(&v);
        if !points(self.yellow_behind) {
            return Err(("lights.yellow_behind", Message::YellowBehind));
        }
        if !points(self.red_behind) || self.red_behind < self.yellow_behind {
            return Err((
                "lights.red_behind",
                Message::RedBehind {
                    yellow: self.yellow_behind.to_string(),
                },
            ));
        }
        Ok(())
    }
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
        let locate = |path: &str| {
            user.map(Locator::new)
                .and_then(|l| l.find_key(path))
                .unwrap_or((1, 1))
        };
        let config: Self = serde_path_to_error::deserialize(merged).map_err(|err| {
            let path = err.path().to_string();
            let (line, column) = locate(&path);
            Problem {
                file: file.to_string(),
                line,
                column,
                message: Message::Setting {
                    path,
                    parser: err.into_inner().to_string(),
                },
            }
        })?;
        config.lights.check().map_err(|(path, message)| {
            let (line, column) = locate(path);
            Problem {
                file: file.to_string(),
                line,
                column,
                message,
            }
        })?;
        Ok(config)
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
                        message: Message::Unreadable(err.to_string()),
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
                message: Message::NotUtf8,
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
            .or_else(system_user_name)
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

/// Set `reviewer` and `reviewer_unit` in the user's `config.yaml`, keeping
/// every other line of it as it is (comments too); the file is created
/// when there is none and replaced atomically.
pub fn save_reviewer(path: &Path, name: &str, unit: &str) -> Result<(), String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(err) => return Err(format!("{}: cannot read: {err}", path.display())),
    };
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for (key, value) in [("reviewer", name), ("reviewer_unit", unit)] {
        // a JSON string is a YAML double-quoted scalar: any name is safe
        let line = format!("{key}: {}", serde_json::Value::from(value));
        let prefix = format!("{key}:");
        match lines.iter().position(|l| l.starts_with(&prefix)) {
            Some(index) => lines[index] = line,
            None => lines.push(line),
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    // what is written must still load: never leave a config that does not
    Config::from_texts(Some(&out), &path.display().to_string()).map_err(|p| p.to_string())?;
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)
            .map_err(|e| format!("{}: cannot create: {e}", folder.display()))?;
    }
    crate::fsutil::write_atomic(path, out.as_bytes())
        .map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

/// The login name of the running user from the system's user database
/// (`/etc/passwd`, LDAP, …), for when the environment names nobody (cron,
/// `env -i`, some service managers).
#[cfg(unix)]
pub fn system_user_name() -> Option<String> {
    let mut buffer = vec![0 as libc::c_char; 4096];
    loop {
        // SAFETY: `passwd` and `buffer` outlive the call; getpwuid_r writes
        // only into them and sets `found` to `&passwd` or null.
        let mut passwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        let code = unsafe {
            libc::getpwuid_r(
                libc::getuid(),
                &mut passwd,
                buffer.as_mut_ptr(),
                buffer.len(),
                &mut found,
            )
        };
        if code == libc::ERANGE && buffer.len() < 1 << 20 {
            buffer.resize(buffer.len() * 2, 0);
            continue;
        }
        if code != 0 || found.is_null() || passwd.pw_name.is_null() {
            return None;
        }
        // SAFETY: pw_name points into `buffer`, NUL-terminated by getpwuid_r.
        let name = unsafe { std::ffi::CStr::from_ptr(passwd.pw_name) };
        let name = name.to_string_lossy().trim().to_string();
        return (!name.is_empty()).then_some(name);
    }
}

#[cfg(not(unix))]
pub fn system_user_name() -> Option<String> {
    None
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
        message: Message::Yaml(err.problem),
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
        assert_eq!(config.colors.red, Colour::Basic(9));
    }

    #[test]
    fn user_overrides_any_part() {
        let config =
            Config::from_texts(Some("reviewer: 张三\nkeys:\n  done: [x]\n"), "c.yaml").unwrap();
        assert_eq!(config.reviewer_name(), "张三");
        assert_eq!(config.keys["done"], vec!["x".to_string()]);
        // untouched parts keep their defaults
        assert_eq!(config.keys["todo"], vec!["t".to_string()]);
        assert_eq!(config.colors.blue, Colour::Basic(12));
    }

    #[test]
    fn colours_are_parsed_once_and_refused_at_their_line() {
        let config = Config::from_texts(
            Some("colors:\n  red: \"9\"\n  blue: \"#FF8000\"\n  muted: Bright Black\n"),
            "c.yaml",
        )
        .unwrap();
        assert_eq!(config.colors.red, Colour::Indexed(9));
        assert_eq!(config.colors.blue, Colour::Rgb(255, 128, 0));
        assert_eq!(config.colors.muted, Colour::Basic(8));
        assert_eq!("grey".parse::<Colour>(), Ok(Colour::Basic(7)));
        assert_eq!("reset".parse::<Colour>(), Ok(Colour::Reset));
        for bad in ["mauve", "#12", "256", "#gg0000"] {
            assert!(bad.parse::<Colour>().is_err(), "{bad}");
        }
        let err =
            Config::from_texts(Some("locale: zh\ncolors:\n  red: mauve\n"), "c.yaml").unwrap_err();
        assert_eq!((err.line, err.column), (3, 3));
        assert_eq!(
            err.message.to_string(),
            "colors.red: unknown colour `mauve`: use a name such as blue, lightred, darkgray, a number 0-255, or #rrggbb"
        );
    }

    #[test]
    fn saving_the_reviewer_keeps_the_rest_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, "# 我的设置\nlocale: zh\nkeys:\n  done: [x]\n").unwrap();
        save_reviewer(&path, "张三", "县发展改革局").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "# 我的设置\nlocale: zh\nkeys:\n  done: [x]\nreviewer: \"张三\"\nreviewer_unit: \"县发展改革局\"\n"
        );
        save_reviewer(&path, "李四: 科长", "").unwrap();
        let (config, problem) = Config::load(&path);
        assert!(problem.is_none(), "{problem:?}");
        assert_eq!(config.reviewer_name(), "李四: 科长");
        assert_eq!(config.keys["done"], vec!["x".to_string()]);
        // a new file is created with just these two lines
        let fresh = dir.path().join("new/config.yaml");
        save_reviewer(&fresh, "王五", "").unwrap();
        assert_eq!(
            std::fs::read_to_string(&fresh).unwrap(),
            "reviewer: \"王五\"\nreviewer_unit: \"\"\n"
        );
    }

    #[test]
    fn the_system_user_database_names_the_user() {
        let name = system_user_name().expect("the running user has a passwd entry");
        let id = std::process::Command::new("id")
            .arg("-un")
            .output()
            .unwrap();
        assert_eq!(name, String::from_utf8_lossy(&id.stdout).trim());
    }

    #[test]
    fn default_lights_are_the_rules_the_domain_assumes() {
        assert_eq!(
            Config::defaults().lights.rules(),
            crate::state::LightRules::default()
        );
        let city = Config::from_texts(
            Some("lights:\n  yellow_behind: 10\n  red_behind: 30\n  warn_days: 30\n"),
            "c.yaml",
        )
        .unwrap();
        assert_eq!(
            city.lights.rules(),
            crate::state::LightRules {
                yellow_behind: 10.0,
                red_behind: 30.0,
                warn_days: 30
            }
        );
        let err = Config::from_texts(Some("lights:\n  red_behind: 5\n"), "c.yaml").unwrap_err();
        assert_eq!((err.line, err.column), (2, 3), "{err}");
        assert!(err.to_string().contains("lights.red_behind"), "{err}");
    }

    #[test]
    fn unknown_field_is_located() {
        let err =
            Config::from_texts(Some("reviewer: a\ncolors:\n  purple: x\n"), "c.yaml").unwrap_err();
        assert_eq!((err.line, err.column), (3, 3), "{err}");
        assert!(err.to_string().contains("unknown field `purple`"), "{err}");
    }

    #[test]
    fn wrong_type_is_located() {
        let err = Config::from_texts(Some("locale: zh\nkeys:\n  done: 5\n"), "c.yaml").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        let syntax = Config::from_texts(Some("keys: [\n"), "c.yaml").unwrap_err();
        assert!(syntax.line >= 1);
    }
}
