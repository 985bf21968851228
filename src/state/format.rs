//! The text of a state file: written with one block per milestone (sorted by
//! id, separated by a blank line, history oldest first at the block's end), so
//! that git merges two people's changes to different milestones line by line;
//! read back with every problem located as `LINE:COL`.

use std::collections::HashSet;

use super::canonical;
use super::model::{Change, FORMAT_VERSION, Field, MilestoneState, PlanState, Status};
use crate::yaml::{self, Locator, YamlProblem};

/// A problem in a state file's text, 1-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextProblem {
    pub line: usize,
    pub column: usize,
    pub message: StateProblem,
}

/// What is wrong with a state file, in English here (`i18n::plan` words it
/// in Chinese).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StateProblem {
    #[error("{0}")]
    Yaml(YamlProblem),
    #[error("not UTF-8 text")]
    NotUtf8,
    #[error("version must be 1 or more")]
    VersionZero,
    #[error("empty change id")]
    EmptyChangeId,
    #[error("change id `{0}` appears twice")]
    ChangeIdTwice(String),
    /// A recorded status, value or period that does not read back, with
    /// its check's words.
    #[error("{message}")]
    BadText {
        kind: Recorded,
        text: String,
        message: String,
    },
    #[error("a `{0}` change needs a `period` (such as 2025-06 or 2025-Q2)")]
    NeedsPeriod(&'static str),
    #[error("a status change needs `to`")]
    StatusNeedsTo,
    #[error("holds the state of plan `{found}`, expected `{expected}`")]
    WrongPlan { found: String, expected: String },
    /// Said of a remote file (a local one is `StateError::Version`).
    #[error(
        "state format version {found} is newer than this taizhang understands ({FORMAT_VERSION}); upgrade taizhang"
    )]
    NewerVersion { found: u32 },
}

/// What a text of a change records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    Status,
    Value,
    Period,
}

/// The file's text for `state` (see [`canonical`] for the layout).
pub fn to_text(state: &PlanState) -> String {
    canonical::write(state)
}

/// Parse a state file's text. A problem is returned with its position; the
/// version is checked by the caller (it needs no position).
pub fn from_text(text: &str) -> Result<PlanState, TextProblem> {
    let fast = canonical::read(crate::yaml::strip_bom(text));
    let state = match fast {
        Some(state) => state,
        None => yaml::from_str::<PlanState>(text).map_err(|e| TextProblem {
            line: e.line.unwrap_or(1),
            column: e.column.unwrap_or(1),
            message: StateProblem::Yaml(e.problem),
        })?,
    };
    if let Some((path, message)) = first_issue(&state) {
        let (line, column) = Locator::new(text).find(&path).unwrap_or((1, 1));
        return Err(TextProblem {
            line,
            column,
            message,
        });
    }
    Ok(state)
}

/// What serde cannot check: unique history ids, readable `from`/`to`.
fn first_issue(state: &PlanState) -> Option<(String, StateProblem)> {
    if state.version == 0 {
        return Some(("version".into(), StateProblem::VersionZero));
    }
    let mut seen = HashSet::new();
    for (id, milestone) in &state.milestones {
        // `1e400` reads as infinity, which would be written back as `inf`
        if let Some(value) = milestone.value
            && let Err(message) = parse_value(&value_text(value))
        {
            let problem = StateProblem::BadText {
                kind: Recorded::Value,
                text: value_text(value),
                message,
            };
            return Some((format!("milestones.{id}.value"), problem));
        }
        for (index, change) in milestone.history.iter().enumerate() {
            let path = format!("milestones.{id}.history[{index}]");
            if change.id.trim().is_empty() {
                return Some((format!("{path}.id"), StateProblem::EmptyChangeId));
            }
            if !seen.insert(change.id.as_str()) {
                return Some((
                    format!("{path}.id"),
                    StateProblem::ChangeIdTwice(change.id.clone()),
                ));
            }
            for (name, text) in [("from", &change.from), ("to", &change.to)] {
                if let Some(text) = text
                    && let Err(message) = check_field_text(change.field, text)
                {
                    let kind = match change.field {
                        Field::Status => Recorded::Status,
                        _ => Recorded::Value,
                    };
                    let problem = StateProblem::BadText {
                        kind,
                        text: text.clone(),
                        message,
                    };
                    return Some((format!("{path}.{name}"), problem));
                }
            }
            if change.field.is_report() && change.period.is_none() {
                return Some((
                    format!("{path}.field"),
                    StateProblem::NeedsPeriod(change.field.as_str()),
                ));
            }
            if let Some(period) = &change.period
                && let Err(bad) = period.parse::<super::report::Period>()
            {
                let problem = StateProblem::BadText {
                    kind: Recorded::Period,
                    text: period.clone(),
                    message: bad.to_string(),
                };
                return Some((format!("{path}.period"), problem));
            }
            if change.field == Field::Status && change.to.is_none() {
                return Some((format!("{path}.to"), StateProblem::StatusNeedsTo));
            }
        }
    }
    None
}

fn check_field_text(field: Field, text: &str) -> Result<(), String> {
    match field {
        Field::Status => text.parse::<Status>().map(|_| ()),
        Field::Value => parse_value(text).map(|_| ()),
        Field::Note | Field::Progress | Field::Problems | Field::Next => Ok(()),
    }
}

/// A value as recorded in a change's `from`/`to`.
pub fn value_text(value: f64) -> String {
    // Rust prints the shortest text that reads back as the same f64.
    format!("{value}")
}

/// Read a number: `17000`, `1.7`, `-3`. Refuses NaN and infinities.
pub fn parse_value(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(format!(
            "invalid value `{text}`: expected a number such as 17000 or 1.7"
        )),
    }
}

/// The text a field's current value is recorded as in a change.
pub fn field_text(state: &MilestoneState, field: Field) -> Option<String> {
    match field {
        Field::Status => Some(state.status.as_str().to_string()),
        Field::Value => state.value.map(value_text),
        Field::Note => state.note.clone(),
        // a report part has a text per period: see history::current_text
        Field::Progress | Field::Problems | Field::Next => None,
    }
}

/// Set a field from its recorded text (as checked by [`from_text`]).
pub fn set_field(state: &mut MilestoneState, field: Field, text: Option<&str>) {
    match field {
        Field::Status => {
            state.status = text.and_then(|t| t.parse().ok()).unwrap_or_default();
        }
        Field::Value => state.value = text.and_then(|t| parse_value(t).ok()),
        Field::Note => state.note = text.map(str::to_string),
        Field::Progress | Field::Problems | Field::Next => {}
    }
}

/// The change that is latest by (time, id).
pub fn is_later(a: &Change, b: &Change) -> bool {
    (a.at, &a.id) > (b.at, &b.id)
}

/// Check that the written text reads back as the state (used by tests and
/// as a guard before replacing a file).
pub fn round_trips(state: &PlanState, text: &str) -> bool {
    from_text(text).is_ok_and(|back| &back == state) && state.version == FORMAT_VERSION
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn change(id: &str, field: Field, from: Option<&str>, to: Option<&str>) -> Change {
        Change {
            id: id.into(),
            at: DateTime::parse_from_rfc3339("2025-03-01T10:00:00+08:00").unwrap(),
            by: "张三".into(),
            field,
            from: from.map(Into::into),
            to: to.map(Into::into),
            note: Some("多行\n备注: 'quoted' #x".into()),
            session: None,
            undoes: None,
            period: None,
        }
    }

    fn sample() -> PlanState {
        let mut state = PlanState::new("demo");
        let mut m = MilestoneState {
            status: Status::Doing,
            value: Some(1.7),
            note: Some("line one\n\nline three".into()),
            ..Default::default()
        };
        m.history
            .push(change("a", Field::Status, Some("todo"), Some("doing")));
        m.history.push(change("b", Field::Value, None, Some("1.7")));
        state.milestones.insert("t1.m1".into(), m);
        state
            .milestones
            .insert("g1".into(), MilestoneState::default());
        state
    }

    #[test]
    fn text_round_trips_with_blocks_sorted_by_id() {
        let state = sample();
        let text = to_text(&state);
        assert!(round_trips(&state, &text), "{text}");
        let g1 = text.find("\n  g1:").unwrap();
        let t1 = text.find("\n  t1.m1:").unwrap();
        assert!(g1 < t1, "{text}");
        assert!(text.contains("\n\n  t1.m1:\n    status: doing\n"), "{text}");
        let empty = PlanState::new("x");
        assert!(round_trips(&empty, &to_text(&empty)));
    }

    #[test]
    fn duplicate_ids_and_bad_values_are_located() {
        let mut state = sample();
        state
            .milestones
            .get_mut("t1.m1")
            .unwrap()
            .history
            .push(change("a", Field::Note, None, Some("x")));
        let text = to_text(&state);
        let problem = from_text(&text).unwrap_err();
        assert!(
            problem.message.to_string().contains("`a` appears twice"),
            "{problem:?}"
        );
        let line = text.lines().nth(problem.line - 1).unwrap();
        assert_eq!(line.trim(), "- id: a", "{problem:?}\n{text}");

        let bad = text.replacen("to: \"1.7\"", "to: lots", 1);
        let problem = from_text(&bad).unwrap_err();
        assert!(
            problem.message.to_string().contains("expected a number"),
            "{problem:?}"
        );
        assert!(bad.lines().nth(problem.line - 1).unwrap().contains("lots"));

        // a number too big for a value (found by tests/fuzz.rs)
        let huge = text.replacen("value: 1.7", "value: 1e400", 1);
        assert_ne!(huge, text);
        let problem = from_text(&huge).unwrap_err();
        assert!(
            problem.message.to_string().contains("expected a number"),
            "{problem:?}"
        );
        assert!(
            huge.lines()
                .nth(problem.line - 1)
                .unwrap()
                .contains("1e400")
        );
    }

    #[test]
    fn values_read_back_exactly() {
        for value in [17000.0, 1.7, 0.1 + 0.2, -3.0, 1e-9] {
            assert_eq!(parse_value(&value_text(value)), Ok(value));
        }
        assert!(parse_value("NaN").is_err());
        assert!(parse_value("1,700").unwrap_err().contains("such as 17000"));
    }
}
