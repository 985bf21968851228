//! Keys ↔ actions, built from the config's `keys:` table. The same map
//! answers "what does this key do" (dispatch) and "which keys do this"
//! (hints and help).

use std::collections::{BTreeMap, HashMap};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use crate::config::Locale;

/// A key as written in the config: `j`, `G`, `Enter`, `Ctrl-c`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub fn parse(text: &str) -> Result<Key, KeyMessage> {
        let (ctrl, rest) = match text
            .strip_prefix("Ctrl-")
            .or_else(|| text.strip_prefix("ctrl-"))
        {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let code = match NAMED_KEYS.iter().find(|(name, _)| *name == rest) {
            Some((_, code)) => *code,
            None => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if !AREA_DIGITS.contains(&c) || ctrl => KeyCode::Char(c),
                    (Some(_), None) => {
                        return Err(KeyMessage::Digit {
                            key: text.to_string(),
                        });
                    }
                    _ => {
                        return Err(KeyMessage::UnknownKey {
                            key: text.to_string(),
                        });
                    }
                }
            }
        };
        Ok(Key { code, ctrl })
    }

    /// The key of a terminal event, if it is a press.
    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        Some(Key {
            code: event.code,
            ctrl,
        })
    }

    /// How a hint shows the key.
    pub fn display(&self) -> String {
        let name = match self.code {
            KeyCode::Up => "Up".to_string(),
            KeyCode::Down => "Down".to_string(),
            KeyCode::Left => "Left".to_string(),
            KeyCode::Right => "Right".to_string(),
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "S-Tab".to_string(),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Backspace => "Bksp".to_string(),
            KeyCode::Char(c) => c.to_string(),
            _ => "?".to_string(),
        };
        if self.ctrl { format!("^{name}") } else { name }
    }
}

/// The key table of a run.
#[derive(Debug, Clone)]
pub struct KeyMap {
    by_key: HashMap<Key, Action>,
    by_action: BTreeMap<Action, Vec<Key>>,
}

/// A problem in the `keys:` table: its config path and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyProblem {
    pub path: String,
    pub message: KeyMessage,
}

/// What is wrong with an entry of `keys:`, in English here (`i18n::plan`
/// words it in Chinese).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyMessage {
    #[error("unknown action `{name}`; actions are: {}", .known.join(", "))]
    UnknownAction { name: String, known: Vec<String> },
    #[error("key `{key}` is bound to both `{first}` and `{second}`")]
    BoundTwice {
        key: String,
        first: String,
        second: String,
    },
    #[error("`{key}`: digits jump to action areas and cannot be remapped")]
    Digit { key: String },
    #[error(
        "unknown key `{key}`: use one character, or {}, optionally with Ctrl-",
        named_keys()
    )]
    UnknownKey { key: String },
}

/// The keys with a name, as written in `keys:`.
pub const NAMED_KEYS: [(&str, KeyCode); 14] = [
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("BackTab", KeyCode::BackTab),
    ("Space", KeyCode::Char(' ')),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("Backspace", KeyCode::Backspace),
];

/// The names of [`NAMED_KEYS`], space between: `Up Down … Backspace`.
pub fn named_keys() -> String {
    let names: Vec<&str> = NAMED_KEYS.iter().map(|(name, _)| *name).collect();
    names.join(" ")
}

/// `keys.done[0]: …`, a problem of the `keys:` table, in the user's
/// language (kept with the key map: the domain's `i18n` knows no TUI).
pub fn worded(problem: &KeyProblem, locale: Locale) -> String {
    let text = match (locale, &problem.message) {
        (Locale::En, message) => return format!("{}: {message}", problem.path),
        (_, KeyMessage::UnknownAction { name, known }) => {
            format!("未知操作 `{name}`；可用的操作：{}", known.join("、"))
        }
        (_, KeyMessage::BoundTwice { key, first, second }) => {
            format!("按键 `{key}` 同时绑定给了 `{first}` 和 `{second}`")
        }
        (_, KeyMessage::Digit { key }) => {
            format!("`{key}`：数字键用于跳到行动领域，不能重新绑定")
        }
        (_, KeyMessage::UnknownKey { key }) => format!(
            "未知按键 `{key}`：请用一个字符，或 {}，可加 Ctrl- 前缀",
            named_keys()
        ),
    };
    format!("{}：{text}", problem.path)
}

impl KeyMap {
    /// Build from `action name → keys`. Every problem is returned; the caller
    /// reports them and falls back to the defaults.
    pub fn from_config(table: &BTreeMap<String, Vec<String>>) -> Result<KeyMap, Vec<KeyProblem>> {
        let mut map = KeyMap {
            by_key: HashMap::new(),
            by_action: BTreeMap::new(),
        };
        let mut problems = Vec::new();
        for (name, keys) in table {
            let Some(action) = Action::from_name(name) else {
                let known = Action::ALL.iter().map(|a| a.name().to_string()).collect();
                problems.push(KeyProblem {
                    path: format!("keys.{name}"),
                    message: KeyMessage::UnknownAction {
                        name: name.clone(),
                        known,
                    },
                });
                continue;
            };
            for (index, text) in keys.iter().enumerate() {
                let path = format!("keys.{name}[{index}]");
                match Key::parse(text) {
                    Ok(key) => {
                        if let Some(other) = map.by_key.insert(key, action)
                            && other != action
                        {
                            problems.push(KeyProblem {
                                path,
                                message: KeyMessage::BoundTwice {
                                    key: text.clone(),
                                    first: other.name().to_string(),
                                    second: name.clone(),
                                },
                            });
                        }
                        map.by_action.entry(action).or_default().push(key);
                    }
                    Err(message) => problems.push(KeyProblem { path, message }),
                }
            }
        }
        if problems.is_empty() {
            Ok(map)
        } else {
            Err(problems)
        }
    }

    /// What a key press does. The [`AREA_DIGITS`] always jump to an action
    /// area (1 to 9), 0 to the headline goals.
    pub fn action(&self, key: Key) -> Option<Action> {
        if let (KeyCode::Char(c), false) = (key.code, key.ctrl)
            && AREA_DIGITS.contains(&c)
        {
            return Some(Action::JumpArea(c as usize - '0' as usize));
        }
        self.by_key.get(&key).copied()
    }

    /// Does `key` quit from an overlay (help, trend, scorecard), where any
    /// other key closes it? The first quit key of the table (`q`, the one the
    /// hints show) closes the overlay like any key; the others (`Ctrl-c`)
    /// still quit.
    pub fn quits_from_overlay(&self, key: Key) -> bool {
        self.by_action
            .get(&Action::Quit)
            .is_some_and(|keys| keys.iter().skip(1).any(|k| *k == key))
    }

    /// The keys bound to `action`, as shown in hints: `d`, `j/Down`.
    pub fn keys_for(&self, action: Action) -> String {
        if let Action::JumpArea(_) = action {
            return format!("{}-{}", AREA_DIGITS.start(), AREA_DIGITS.end());
        }
        self.by_action
            .get(&action)
            .map(|keys| keys.iter().map(Key::display).collect::<Vec<_>>().join("/"))
            .unwrap_or_default()
    }
}

/// The digits that jump to an area: 0 the headline goals, 1 to 9 the areas.
pub const AREA_DIGITS: std::ops::RangeInclusive<char> = '0'..='9';

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn every_action_has_a_default_key_and_every_default_names_an_action() {
        let map = KeyMap::from_config(&Config::defaults().keys).expect("defaults are valid");
        for action in Action::ALL {
            assert!(
                !map.keys_for(action).is_empty(),
                "no default key for {}",
                action.name()
            );
        }
    }

    #[test]
    fn dispatch_and_hints_agree() {
        let map = KeyMap::from_config(&Config::defaults().keys).unwrap();
        let d = Key::parse("d").unwrap();
        assert_eq!(
            map.action(d),
            Some(Action::Mark(crate::state::Status::Done))
        );
        assert_eq!(map.keys_for(Action::Mark(crate::state::Status::Done)), "d");
        assert_eq!(
            map.action(Key::parse("Ctrl-c").unwrap()),
            Some(Action::Quit)
        );
        assert_eq!(
            map.action(Key {
                code: KeyCode::Char('3'),
                ctrl: false
            }),
            Some(Action::JumpArea(3))
        );
    }

    #[test]
    fn the_help_shows_the_digits_that_jump_and_only_later_quit_keys_quit_overlays() {
        let map = KeyMap::from_config(&Config::defaults().keys).unwrap();
        assert_eq!(map.keys_for(Action::JumpArea(0)), "0-9");
        for digit in AREA_DIGITS {
            assert!(
                Key::parse(&digit.to_string()).is_err(),
                "{digit} cannot be remapped"
            );
            let key = Key {
                code: KeyCode::Char(digit),
                ctrl: false,
            };
            assert_eq!(
                map.action(key),
                Some(Action::JumpArea(digit as usize - '0' as usize))
            );
        }
        // `q` closes an overlay like any key, `Ctrl-c` quits from it
        assert!(!map.quits_from_overlay(Key::parse("q").unwrap()));
        assert!(map.quits_from_overlay(Key::parse("Ctrl-c").unwrap()));
        assert!(!map.quits_from_overlay(Key::parse("d").unwrap()));
        // rebound, the table decides: `x` is the first quit key, `Q` quits
        let mut table = Config::defaults().keys;
        table.insert("quit".into(), vec!["x".into(), "Q".into()]);
        let map = KeyMap::from_config(&table).unwrap();
        assert!(!map.quits_from_overlay(Key::parse("x").unwrap()));
        assert!(map.quits_from_overlay(Key::parse("Q").unwrap()));
        assert!(!map.quits_from_overlay(Key::parse("Ctrl-c").unwrap()));
    }

    #[test]
    fn bad_tables_are_refused_with_paths() {
        let mut table = Config::defaults().keys;
        table.insert("fly".into(), vec!["z".into()]);
        table.insert("done".into(), vec!["Hyper-x".into()]);
        table.insert("note".into(), vec!["j".into()]);
        let problems = KeyMap::from_config(&table).unwrap_err();
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert!(paths.contains(&"keys.fly"), "{problems:?}");
        assert!(paths.contains(&"keys.done[0]"), "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.message.to_string().contains("bound to both")),
            "{problems:?}"
        );
    }

    #[test]
    fn key_problems_are_worded_in_one_language() {
        let table = [
            ("fly".to_string(), vec!["x".to_string()]),
            (
                "done".to_string(),
                vec!["5".to_string(), "Banana".to_string()],
            ),
            ("quit".to_string(), vec!["d".to_string()]),
            ("set_done".to_string(), vec!["d".to_string()]),
        ];
        let problems = KeyMap::from_config(&table.into_iter().collect())
            .err()
            .unwrap();
        let zh: Vec<String> = problems.iter().map(|p| worded(p, Locale::Zh)).collect();
        assert!(
            zh.contains(&"keys.done[0]：`5`：数字键用于跳到行动领域，不能重新绑定".to_string()),
            "{zh:?}"
        );
        assert!(
            zh.contains(&format!(
                "keys.done[1]：未知按键 `Banana`：请用一个字符，或 {}，可加 Ctrl- 前缀",
                named_keys()
            )),
            "{zh:?}"
        );
        assert!(
            zh.iter()
                .any(|p| p.starts_with("keys.fly：未知操作 `fly`；可用的操作：")),
            "{zh:?}"
        );
        let en: Vec<String> = problems.iter().map(|p| worded(p, Locale::En)).collect();
        assert!(
            en.contains(
                &"keys.done[0]: `5`: digits jump to action areas and cannot be remapped"
                    .to_string()
            ),
            "{en:?}"
        );
    }
}
