//! Limits checked on a document's events before serde_yaml builds anything
//! from it. serde_yaml 0.9 replays an alias by copying what its anchor holds,
//! without counting bytes (its only bound counts events), so a 1 MB file can
//! ask for gigabytes; libyaml's scanner is quadratic in flow nesting; and a
//! mapping that names a key twice keeps only the last entry. yaml-rust2's
//! parser streams events without expanding aliases, so one pass over them,
//! stopped at the first problem, checks all three in linear time.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

use super::{YamlError, YamlProblem};

/// The largest plan or state file read at all (checked before parsing).
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// How far aliases may grow a document: the bytes of scalars and the nodes
/// they stand for, counted once per use.
pub const MAX_ALIAS_EXPANSION: u64 = 8 * 1024 * 1024;

/// The deepest nesting of mappings and sequences accepted. A plan nests
/// two levels per sub-task level; 64 leaves room for 25 levels of them.
pub const MAX_DEPTH: usize = 64;

/// A collection being read: its size so far and, for a mapping, its keys.
struct Open {
    anchor: usize,
    cost: u64,
    /// Scalar keys seen in a mapping, each with its line; `None` for a
    /// sequence.
    keys: Option<HashMap<String, usize>>,
    /// In a mapping: the next node is a key.
    expecting_key: bool,
}

fn problem(mark: Marker, problem: YamlProblem) -> YamlError {
    YamlError {
        line: Some(mark.line()),
        column: Some(mark.col() + 1),
        problem,
    }
}

/// Check `text` against the limits; the first problem, located.
pub fn check(text: &str) -> Result<(), YamlError> {
    if text.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(too_large(text.len() as u64));
    }
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut anchors: HashMap<usize, u64> = HashMap::new();
    let mut expansion: u64 = 0;
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            // yaml-rust2 stops at 255 open brackets, reading ahead of the
            // events; libyaml would take minutes over the same text
            Err(err) if err.info().contains("recursion limit") => {
                return Err(problem(*err.marker(), YamlProblem::TooDeep));
            }
            // another syntax error is left for serde_yaml to report in its
            // own words
            Err(_) => return Ok(()),
        };
        match event {
            Event::StreamEnd => return Ok(()),
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                note_key(&mut stack, None, mark)?;
                if stack.len() >= MAX_DEPTH {
                    return Err(problem(mark, YamlProblem::TooDeep));
                }
                let mapping = matches!(event, Event::MappingStart(..));
                stack.push(Open {
                    anchor,
                    cost: 1,
                    keys: mapping.then(HashMap::new),
                    expecting_key: true,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(done) = stack.pop() {
                    if done.anchor != 0 {
                        anchors.insert(done.anchor, done.cost);
                    }
                    add_cost(&mut stack, done.cost);
                }
            }
            Event::Scalar(value, _, anchor, _) => {
                let cost = value.len() as u64 + 1;
                note_key(&mut stack, Some(&value), mark)?;
                if anchor != 0 {
                    anchors.insert(anchor, cost);
                }
                add_cost(&mut stack, cost);
            }
            Event::Alias(anchor) => {
                note_key(&mut stack, None, mark)?;
                // an alias to an anchor still open (a loop) counts as one node;
                // serde_yaml refuses it with its own message
                let cost = anchors.get(&anchor).copied().unwrap_or(1);
                expansion = expansion.saturating_add(cost);
                if expansion > MAX_ALIAS_EXPANSION {
                    return Err(problem(mark, YamlProblem::Aliases));
                }
                add_cost(&mut stack, cost);
            }
            _ => {}
        }
    }
}

/// Read a document file, at most [`MAX_DOCUMENT_BYTES`] of it: `Ok(Err(len))`
/// when it is larger (even a device or a file that never ends is read no
/// further than the limit).
pub fn read_document(path: &std::path::Path) -> std::io::Result<Result<Vec<u8>, u64>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let declared = file.metadata()?.len();
    if declared > MAX_DOCUMENT_BYTES {
        return Ok(Err(declared));
    }
    let mut bytes = Vec::with_capacity(declared as usize);
    file.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

/// The error for a file over [`MAX_DOCUMENT_BYTES`].
pub fn too_large(bytes: u64) -> YamlError {
    YamlError {
        line: Some(1),
        column: Some(1),
        problem: YamlProblem::TooLarge {
            megabytes: bytes.div_ceil(1024 * 1024),
        },
    }
}

fn add_cost(stack: &mut [Open], cost: u64) {
    if let Some(parent) = stack.last_mut() {
        parent.cost = parent.cost.saturating_add(cost);
    }
}

/// A node starts in the innermost collection: when it is a mapping's key,
/// remember it and refuse a key seen before there.
fn note_key(stack: &mut [Open], scalar: Option<&str>, mark: Marker) -> Result<(), YamlError> {
    let Some(open) = stack.last_mut() else {
        return Ok(());
    };
    let Some(keys) = open.keys.as_mut() else {
        return Ok(());
    };
    let is_key = open.expecting_key;
    open.expecting_key = !open.expecting_key;
    if !is_key {
        return Ok(());
    }
    let Some(key) = scalar else {
        return Ok(());
    };
    if let Some(first) = keys.get(key) {
        return Err(problem(
            mark,
            YamlProblem::DuplicateKey {
                key: crate::safe_text::escape(key).into_owned(),
                first_line: *first,
            },
        ));
    }
    keys.insert(key.to_string(), mark.line());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_compiled_in_passes_the_limits() {
        // read without the check at every start (`from_embedded_str`)
        for (name, text) in crate::plan::catalog::EMBEDDED_PLANS {
            assert_eq!(check(text), Ok(()), "{name}");
        }
        assert_eq!(check(crate::config::DEFAULT_YAML), Ok(()));
    }

    #[test]
    fn aliases_are_counted_by_what_they_copy() {
        let big = "x".repeat(1024 * 1024);
        let mut text = format!("a: &big {big}\nb:\n");
        for _ in 0..20 {
            text.push_str("  - *big\n");
        }
        let err = check(&text).unwrap_err();
        assert!(err.to_string().contains("past 8 MB"), "{}", err.to_string());
        assert_eq!(err.line, Some(10), "the eighth use crosses the limit");
        // a few small aliases are fine
        assert_eq!(check("u: &u [a, b]\nv: *u\nw: *u\n"), Ok(()));
    }

    #[test]
    fn nested_aliases_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(check(&text).unwrap_err().to_string().contains("aliases"));
    }

    #[test]
    fn deep_nesting_and_duplicate_keys_are_located() {
        let deep = "[".repeat(100_000);
        let err = check(&deep).unwrap_err();
        assert!(err.to_string().contains("at most 64 levels"), "{}", err);
        assert_eq!(err.line, Some(1));
        let blocks = "- ".repeat(100_000);
        let err = check(&blocks).unwrap_err();
        assert_eq!((err.line, err.column), (Some(1), Some(129)), "{}", err);
        let err = check("m:\n  a: 1\n  b: 2\n  a: 3\n").unwrap_err();
        assert!(err.to_string().contains("(first on line 2)"), "{}", err);
        assert_eq!((err.line, err.column), (Some(4), Some(3)));
        // the same key in two different mappings is fine, and values may repeat
        assert_eq!(check("x: {a: a}\ny: {a: a}\n"), Ok(()));
    }
}
