//! The one door to YAML. serde_yaml is archived upstream, so every read and
//! write of YAML in taizhang goes through here and nowhere else; swapping the
//! parser means changing this file only.
//!
//! Two jobs: typed (de)serialisation with a located error, and a [`Locator`]
//! that maps a path inside a document (`areas[2].tasks[0].id`) to the line and
//! column where it stands, so that problems found after parsing (a duplicate
//! id, an empty title) can still be reported as `FILE:LINE:COL`.

use std::collections::HashMap;

use serde::Serialize;
use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

mod guard;
pub use guard::{MAX_ALIAS_EXPANSION, MAX_DEPTH, MAX_DOCUMENT_BYTES, read_document, too_large};

/// A YAML problem with its 1-based position, when the parser knows it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem}")]
pub struct YamlError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub problem: YamlProblem,
}

/// What is wrong with a document: the parser's own words, or one of the
/// limits taizhang puts on documents (worded here, so that the user's
/// language can be chosen from the case, not from the English text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum YamlProblem {
    /// serde_yaml's (or serde's, or a value check's passed through serde)
    /// message, without the position serde_yaml appends.
    #[error("{0}")]
    Parser(String),
    #[error(
        "file is {megabytes} MB; taizhang reads plan and state files of at most {limit} MB",
        limit = MAX_DOCUMENT_BYTES / (1024 * 1024)
    )]
    TooLarge { megabytes: u64 },
    #[error("nested too deep: taizhang reads documents nested at most {MAX_DEPTH} levels")]
    TooDeep,
    #[error(
        "aliases (`*name`) expand this document past {limit} MB: each use copies what its anchor holds; write the text out, or use fewer aliases",
        limit = MAX_ALIAS_EXPANSION / (1024 * 1024)
    )]
    Aliases,
    /// `key` is shown escaped: it comes from the file.
    #[error(
        "`{key}` appears twice in one mapping (first on line {first_line}); each key may appear once. If two versions were joined by hand (a git conflict), merge the two into one entry"
    )]
    DuplicateKey { key: String, first_line: usize },
    /// `path` is serde's path of the value with its `: `, or empty.
    #[error("{path}number `{number}` is too large: numbers must be finite, below 1.8e308")]
    NumberTooLarge { path: String, number: String },
}

/// A UTF-8 byte-order mark breaks serde_yaml; editors on Windows write one.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Parse `text` into `T`, refusing unknown fields where `T` says so, and
/// documents past the limits of [`guard`] (size, alias expansion, nesting,
/// a key twice in one mapping) before serde_yaml sees them.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let text = strip_bom(text);
    guard::check(text)?;
    parse(text)
}

/// As [`from_str`], for text compiled into the binary (the shipped plans,
/// the default settings): the tests check it, so every start of every
/// command need not pay for the limits' pass over it again.
pub fn from_embedded_str<T: DeserializeOwned>(text: &'static str) -> Result<T, YamlError> {
    parse(strip_bom(text))
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|err| {
        let location = err.location();
        YamlError {
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
            problem: out_of_range(&err.to_string())
                .unwrap_or_else(|| YamlProblem::Parser(clean_message(&err.to_string()))),
        }
    })
}

/// serde_yaml reads a number too large for a float (`1e400`) as a string
/// and then says `invalid type: string "1e400", expected f64`; say what is
/// wrong instead.
fn out_of_range(message: &str) -> Option<YamlProblem> {
    // after the path of the value, when serde_path_to_error gives one
    let (path, rest) = message.split_once("invalid type: string \"")?;
    let (number, rest) = rest.split_once('"')?;
    if !rest.starts_with(", expected f")
        || !number.trim().parse::<f64>().is_ok_and(f64::is_infinite)
    {
        return None;
    }
    Some(YamlProblem::NumberTooLarge {
        path: path.to_string(),
        number: crate::safe_text::escape(number).into_owned(),
    })
}

/// Serialise `value` as YAML text.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, YamlError> {
    serde_yaml::to_string(value).map_err(|err| YamlError {
        line: None,
        column: None,
        problem: YamlProblem::Parser(err.to_string()),
    })
}

/// serde_yaml appends " at line L column C" to its messages; we print the
/// position in front (`FILE:L:C:`), so drop the duplicate.
fn clean_message(message: &str) -> String {
    // only the first position is the error's own; a later one ("while
    // scanning a quoted scalar at line 6 column 12") is context worth keeping
    let Some(index) = message.find(" at line ") else {
        return message.to_string();
    };
    let rest = &message[index + " at line ".len()..];
    let after_position = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ' ' || c.is_ascii_alphabetic()))
        .map(|i| &rest[i..])
        .unwrap_or("");
    format!("{}{}", &message[..index], after_position)
}

/// Where each node of a YAML document stands: path → (line, column), 1-based.
/// Paths look like `title`, `areas[0].tasks[3].milestones[1].due`.
#[derive(Debug, Default)]
pub struct Locator {
    positions: HashMap<String, (usize, usize)>,
    /// Where the key of a mapping entry stands (`areas[0].id` → the `id`).
    keys: HashMap<String, (usize, usize)>,
}

impl Locator {
    /// Build the map; a document that does not parse gives an empty map
    /// (its syntax error is reported by [`from_str`]).
    pub fn new(text: &str) -> Self {
        let mut builder = LocatorBuilder::default();
        let mut parser = Parser::new_from_str(strip_bom(text));
        if parser.load(&mut builder, false).is_err() {
            return Self::default();
        }
        Self {
            positions: builder.positions,
            keys: builder.keys,
        }
    }

    /// The position of the key of `path` (better than its value for an
    /// unknown field), else as [`Locator::find`].
    pub fn find_key(&self, path: &str) -> Option<(usize, usize)> {
        self.keys.get(path).copied().or_else(|| self.find(path))
    }

    /// The position of `path`, or of the nearest ancestor that has one.
    pub fn find(&self, path: &str) -> Option<(usize, usize)> {
        let mut path = path;
        loop {
            if let Some(position) = self.positions.get(path) {
                return Some(*position);
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }
}

enum Frame {
    Mapping {
        expecting_key: bool,
        key: String,
        /// A block mapping's own start mark points past its first key; the
        /// first key's position is where a person sees the mapping begin.
        first_key_seen: bool,
    },
    Sequence {
        index: usize,
    },
}

#[derive(Default)]
struct LocatorBuilder {
    stack: Vec<(String, Frame)>,
    positions: HashMap<String, (usize, usize)>,
    keys: HashMap<String, (usize, usize)>,
}

impl LocatorBuilder {
    fn current_path(&self) -> String {
        self.stack
            .last()
            .map(|(p, _)| p.clone())
            .unwrap_or_default()
    }

    /// The path of the node that starts now (a value in a mapping, an item
    /// in a sequence), advancing the parent's position.
    fn child_path(&mut self) -> Option<String> {
        let parent = self.current_path();
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some((
                _,
                Frame::Mapping {
                    expecting_key, key, ..
                },
            )) => {
                if *expecting_key {
                    None
                } else {
                    *expecting_key = true;
                    Some(if parent.is_empty() {
                        key.clone()
                    } else {
                        format!("{parent}.{key}")
                    })
                }
            }
            Some((_, Frame::Sequence { index })) => {
                let path = format!("{parent}[{index}]");
                *index += 1;
                Some(path)
            }
        }
    }
}

impl MarkedEventReceiver for LocatorBuilder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let position = (mark.line(), mark.col() + 1);
        match event {
            Event::Scalar(value, ..) => {
                if let Some((
                    path,
                    Frame::Mapping {
                        expecting_key,
                        key,
                        first_key_seen,
                    },
                )) = self.stack.last_mut()
                    && *expecting_key
                {
                    if !*first_key_seen {
                        *first_key_seen = true;
                        self.positions.insert(path.clone(), position);
                    }
                    let key_path = if path.is_empty() {
                        value.clone()
                    } else {
                        format!("{path}.{value}")
                    };
                    self.keys.insert(key_path, position);
                    *key = value;
                    *expecting_key = false;
                    return;
                }
                if let Some(path) = self.child_path() {
                    self.positions.insert(path, position);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let path = self.child_path().unwrap_or_default();
                self.positions.entry(path.clone()).or_insert(position);
                let frame = if matches!(event, Event::MappingStart(..)) {
                    Frame::Mapping {
                        expecting_key: true,
                        key: String::new(),
                        first_key_seen: false,
                    }
                } else {
                    Frame::Sequence { index: 0 }
                };
                self.stack.push((path, frame));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locator_finds_nested_paths() {
        let text = "title: x\nareas:\n  - id: a1\n    tasks:\n      - id: t1\n        title: ''\n";
        let locator = Locator::new(text);
        assert_eq!(locator.find("title"), Some((1, 8)));
        assert_eq!(locator.find("areas[0].id"), Some((3, 9)));
        assert_eq!(locator.find("areas[0].tasks[0].title"), Some((6, 16)));
        // a missing leaf falls back to its parent
        assert_eq!(locator.find("areas[0].tasks[0].lead"), Some((5, 9)));
    }

    #[test]
    fn bom_is_stripped_and_errors_are_located() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        struct Doc {
            #[allow(dead_code)]
            a: u32,
        }
        let doc: Doc = from_str("\u{feff}a: 1\n").unwrap();
        assert_eq!(doc.a, 1);
        let err = from_str::<Doc>("a: 1\nb: 2\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(
            err.to_string().contains("unknown field `b`"),
            "{}",
            err.to_string()
        );
    }
}
