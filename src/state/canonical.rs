//! The exact YAML layout taizhang writes, and a fast reader for just that
//! layout. Saving re-reads the whole file under the lock, so reading and
//! writing must stay fast as the history grows over years; a general YAML
//! parser is several times too slow. The reader accepts only what the writer
//! produces (fixed keys in a fixed order, two-space indents, plain scalars
//! from a safe set, one-line double-quoted strings); anything else (a hand
//! edit, an older layout) returns `None` and is read by the general parser in
//! [`super::format`], which also locates errors. Tests check that both
//! readers agree on everything this writer writes.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::{DateTime, FixedOffset, SecondsFormat};

use super::model::{Change, Field, MilestoneState, PlanState, Status};

pub const HEADER: &str = "# taizhang progress state. Written by taizhang: one block per milestone,\n\
    # sorted by id, its history oldest first. Never edit or delete history\n\
    # entries: the history is the record.\n";

/// The file's text.
pub fn write(state: &PlanState) -> String {
    let changes: usize = state.milestones.values().map(|m| m.history.len()).sum();
    let mut out = String::with_capacity(256 + state.milestones.len() * 160 + changes * 240);
    out.push_str(HEADER);
    let _ = writeln!(out, "version: {}", state.version);
    let _ = writeln!(out, "plan: {}", scalar(&state.plan));
    if state.milestones.is_empty() {
        out.push_str("milestones: {}\n");
        return out;
    }
    out.push_str("milestones:\n");
    for (id, m) in &state.milestones {
        let _ = write!(
            out,
            "\n  {}:\n    status: {}\n",
            scalar(id),
            m.status.as_str()
        );
        if let Some(value) = m.value {
            let _ = writeln!(out, "    value: {}", number(value));
        }
        if let Some(note) = &m.note {
            let _ = writeln!(out, "    note: {}", scalar(note));
        }
        if let Some(updated) = m.updated {
            let _ = writeln!(out, "    updated: {}", time(updated));
        }
        if let Some(by) = &m.by {
            let _ = writeln!(out, "    by: {}", scalar(by));
        }
        if m.history.is_empty() {
            out.push_str("    history: []\n");
            continue;
        }
        out.push_str("    history:\n");
        for c in &m.history {
            let _ = write!(
                out,
                "    - id: {}\n      at: {}\n      by: {}\n      field: {}\n      from: {}\n      to: {}\n",
                scalar(&c.id),
                time(c.at),
                scalar(&c.by),
                c.field.as_str(),
                optional(&c.from),
                optional(&c.to),
            );
            for (key, text) in [
                ("note", &c.note),
                ("session", &c.session),
                ("undoes", &c.undoes),
                ("period", &c.period),
            ] {
                if let Some(text) = text {
                    let _ = writeln!(out, "      {key}: {}", scalar(text));
                }
            }
        }
    }
    out
}

fn time(at: DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

/// A float YAML reads back as the same float: `300.0`, `1.7`, `1e-9`.
fn number(value: f64) -> String {
    let text = format!("{value:?}");
    if is_number(&text) {
        text
    } else {
        // never for a finite value; kept readable by the general parser
        format!("{value}")
    }
}

fn optional(text: &Option<String>) -> String {
    text.as_deref().map_or_else(|| "null".to_string(), scalar)
}

/// Plain when unambiguous, else a one-line double-quoted string.
fn scalar(text: &str) -> String {
    if is_plain(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters written as `\uXXXX`: controls, and what some YAML readers
/// take for a line break or a byte-order mark. All are in the BMP.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// Text a YAML reader can only read as this same string when written bare:
/// starts with a letter (any script), holds letters, digits, spaces inside
/// and a few safe marks, and is no keyword.
pub fn is_plain(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if !first.is_alphabetic() || text.ends_with(' ') || text.contains("  ") {
        return false;
    }
    if text.chars().any(|c| {
        !(c.is_alphanumeric()
            || matches!(c, ' ' | '_' | '-' | '.' | '/' | '(' | ')' | '+')
            || (!c.is_ascii() && !c.is_whitespace() && !needs_escape(c)))
    }) {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    !matches!(
        lower.as_str(),
        "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "nan" | "inf"
    )
}

fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match digits.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => all_digits(whole) && all_digits(fraction),
        None => all_digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(all_digits)
}

/// Read text in exactly the layout [`write`] produces; `None` for anything
/// else (the general parser then reads it, or says where it is wrong).
pub fn read(text: &str) -> Option<PlanState> {
    let mut lines = text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .peekable();
    let version = lines.next()?.strip_prefix("version: ")?.parse().ok()?;
    let plan = read_scalar(lines.next()?.strip_prefix("plan: ")?)?;
    let mut state = PlanState {
        version,
        plan,
        milestones: BTreeMap::new(),
    };
    match lines.next()? {
        "milestones: {}" => return lines.next().is_none().then_some(state),
        "milestones:" => {}
        _ => return None,
    }
    while let Some(line) = lines.next() {
        let key = line.strip_prefix("  ")?.strip_suffix(':')?;
        if key.starts_with(' ') {
            return None;
        }
        let id = read_scalar(key)?;
        let mut m = MilestoneState {
            status: field(lines.next()?, "    status: ", parse_status)?,
            ..Default::default()
        };
        m.value = optional_field(&mut lines, "    value: ", parse_number);
        m.note = optional_field(&mut lines, "    note: ", read_scalar);
        m.updated = optional_field(&mut lines, "    updated: ", parse_time);
        m.by = optional_field(&mut lines, "    by: ", read_scalar);
        match lines.next()? {
            "    history: []" => {}
            "    history:" => {
                while lines.peek().is_some_and(|l| l.starts_with("    - id: ")) {
                    m.history.push(read_change(&mut lines)?);
                }
                if m.history.is_empty() {
                    return None;
                }
            }
            _ => return None,
        }
        if state.milestones.insert(id, m).is_some() {
            return None; // a duplicate key: let the general parser say where
        }
    }
    Some(state)
}

fn read_change<'a, I: Iterator<Item = &'a str>>(
    lines: &mut std::iter::Peekable<I>,
) -> Option<Change> {
    let id = field(lines.next()?, "    - id: ", read_scalar)?;
    let at = field(lines.next()?, "      at: ", parse_time)?;
    let by = field(lines.next()?, "      by: ", read_scalar)?;
    let field_name = field(lines.next()?, "      field: ", parse_field)?;
    let from = field(lines.next()?, "      from: ", read_optional)?;
    let to = field(lines.next()?, "      to: ", read_optional)?;
    Some(Change {
        id,
        at,
        by,
        field: field_name,
        from,
        to,
        note: optional_field(lines, "      note: ", read_scalar),
        session: optional_field(lines, "      session: ", read_scalar),
        undoes: optional_field(lines, "      undoes: ", read_scalar),
        period: optional_field(lines, "      period: ", read_scalar),
    })
}

fn field<T>(line: &str, prefix: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
    parse(line.strip_prefix(prefix)?)
}

/// The next line when it starts with `prefix`. A line that starts so but
/// does not parse leaves the line unread, and the next expected key then
/// fails, so the whole fast read gives up.
fn optional_field<'a, I: Iterator<Item = &'a str>, T>(
    lines: &mut std::iter::Peekable<I>,
    prefix: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let value = parse(lines.peek()?.strip_prefix(prefix)?)?;
    lines.next();
    Some(value)
}

fn read_optional(text: &str) -> Option<Option<String>> {
    if text == "null" {
        Some(None)
    } else {
        read_scalar(text).map(Some)
    }
}

fn read_scalar(text: &str) -> Option<String> {
    if is_plain(text) {
        return Some(text.to_string());
    }
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    if inner.is_empty() {
        return Some(String::new());
    }
    if inner.contains(needs_escape) {
        return None;
    }
    if !inner.contains(['\\', '"']) {
        return Some(inner.to_string());
    }
    // JSON's escapes are a subset of YAML's, with the same meaning; a raw
    // control character or a YAML-only escape fails here and falls back
    serde_json::from_str(text).ok()
}

fn parse_status(text: &str) -> Option<Status> {
    Status::ALL.into_iter().find(|s| s.as_str() == text)
}

fn parse_field(text: &str) -> Option<Field> {
    Field::ALL.into_iter().find(|f| f.as_str() == text)
}

fn parse_number(text: &str) -> Option<f64> {
    if is_number(text) {
        text.parse().ok()
    } else {
        None
    }
}

fn parse_time(text: &str) -> Option<DateTime<FixedOffset>> {
    if !text.starts_with(|c: char| c.is_ascii_digit()) || text.contains([' ', '#', '"', '\'']) {
        return None;
    }
    // RFC 3339, as written; the general parser accepts a superset of it
    DateTime::parse_from_rfc3339(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::format;

    const TRICKY: &[&str] = &[
        "",
        " lead",
        "trail ",
        "a  b",
        "a: b",
        "a:b",
        "#x",
        "a #b",
        "yes",
        "No",
        "null",
        "Null",
        "~",
        "300",
        "1.7",
        "-3",
        ".5",
        "0x1f",
        "nan",
        "inf",
        "多行\n备注",
        "tab\there",
        "cr\r",
        "quote\"s",
        "back\\slash",
        "'single'",
        "ls\u{2028}ps\u{2029}",
        "nel\u{85}",
        "\u{feff}bom",
        "non\u{fffe}char",
        "emoji 😀",
        "（全角）：，。、",
        "\u{3000}全角空格",
        "nb\u{a0}sp",
        "-dash",
        "- item",
        "[x]",
        "{y}",
        "*ref",
        "&a",
        "!tag",
        "|",
        ">",
        "%p",
        "@a",
        "`b`",
        "?q",
        "t1.m1",
        "Zhang San",
        "张三",
        "a/b (c)+d",
        "x\u{7}bell",
        "\u{0}",
        "e\u{301}",
        "ℕ",
        "Ⅻ",
    ];

    fn at(second: u32) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2025-03-01T10:00:{second:02}.123456+08:00")).unwrap()
    }

    fn tricky_state() -> PlanState {
        let mut state = PlanState::new("demo");
        let values = [
            0.0,
            -0.0,
            1e-9,
            1e20,
            17000.0,
            1.7,
            0.1 + 0.2,
            f64::MAX,
            -2.5,
        ];
        for (i, text) in TRICKY.iter().enumerate() {
            let change = Change {
                id: format!("{i:04}-{text}"),
                at: at(i as u32 % 60),
                by: text.to_string(),
                field: Field::ALL[i % Field::ALL.len()],
                from: (i % 2 == 0).then(|| text.to_string()),
                to: Some(text.to_string()),
                note: Some(text.to_string()),
                session: (i % 4 == 0).then(|| text.to_string()),
                undoes: (i % 5 == 0).then(|| text.to_string()),
                period: (i % 3 == 0).then(|| text.to_string()),
            };
            let milestone = MilestoneState {
                status: Status::ALL[i % 4],
                value: (i % 3 != 0).then_some(values[i % values.len()]),
                note: (i % 2 == 1).then(|| text.to_string()),
                updated: Some(at(1)),
                by: Some(text.to_string()),
                history: if i % 7 == 0 {
                    vec![]
                } else {
                    vec![change.clone(), change]
                },
            };
            // unique history ids
            let mut milestone = milestone;
            for (n, c) in milestone.history.iter_mut().enumerate() {
                c.id = format!("{}#{n}", c.id);
            }
            state.milestones.insert(format!("k{text}"), milestone);
            state
                .milestones
                .insert(text.to_string(), MilestoneState::default());
        }
        state
    }

    #[test]
    fn the_fast_reader_and_the_yaml_parser_agree_on_everything_written() {
        let state = tricky_state();
        let text = write(&state);
        let slow: PlanState = crate::yaml::from_str(&text).expect("general parser");
        let fast = read(&text).expect("fast reader accepts the writer's output");
        assert_eq!(slow, state);
        assert_eq!(fast, state);
        let empty = PlanState::new("x");
        assert_eq!(read(&write(&empty)), Some(empty));
    }

    #[test]
    fn other_layouts_fall_back_to_the_general_parser() {
        let mut state = PlanState::new("demo");
        crate::state::history::apply_edits(
            &mut state,
            &[crate::state::Edit::new(
                "t1.m1",
                crate::state::Set::Value(Some(3.0)),
            )],
            "张三",
            None,
            at(0),
        );
        let text = write(&state);
        for (from, to) in [
            ("status: todo", "status: todo  # a comment"),
            ("      to: \"3\"", "      to: '3'"),
            ("    status: todo\n", "    status: todo\n    extra: 1\n"),
            ("version: 1", "version: 1\nmilestones_note: x"),
        ] {
            let edited = text.replacen(from, to, 1);
            assert_ne!(edited, text, "{from}");
            assert!(read(&edited).is_none(), "{from} should not be read fast");
            let general = format::from_text(&edited);
            if to.contains("extra") || to.contains("milestones_note") {
                assert!(general.is_err(), "{to}");
            } else {
                assert_eq!(general.unwrap(), state, "{to}");
            }
        }
        // shuffled key order is still a valid file, read by the general parser
        let shuffled = text.replacen("version: 1\nplan: demo\n", "plan: demo\nversion: 1\n", 1);
        assert!(read(&shuffled).is_none());
        assert_eq!(format::from_text(&shuffled).unwrap(), state);
    }
}
