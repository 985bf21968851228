//! The one-line prompts (search, value, note, report, the first start's
//! name and unit): keys edit the line, Enter submits it. Part of `update`:
//! the app's state changes here only as `update` would.

use super::app::{App, Chooser, ChooserPurpose, FirstStart, Input, InputPurpose, Mode, Search};
use super::input::{Edited, LineEditor};
use super::keymap::Key;
use super::update::{flash, plan_picker, save};
use crate::plan::model::format_number;
use crate::plan::quantity;
use crate::state::Set;

pub(super) fn input_key(app: &mut App, mut input: Input, key: Key) {
    match input.editor.key(key) {
        Edited::Cancel => app.mode = Mode::Normal,
        Edited::Submit => {
            app.mode = Mode::Normal;
            submit(app, input);
        }
        Edited::Editing => app.mode = Mode::Input(input),
    }
}

fn submit(app: &mut App, input: Input) {
    let text = input.editor.text();
    match input.purpose {
        InputPurpose::Search => submit_search(app, text),
        InputPurpose::Value { milestone } => submit_value(app, milestone, &text),
        InputPurpose::Reviewer(first) => {
            let name = text.trim();
            let name = if name.is_empty() {
                app.reviewer.clone()
            } else {
                name.to_string()
            };
            app.mode = Mode::Input(Input {
                purpose: InputPurpose::ReviewerUnit { name, first },
                editor: LineEditor::default(),
            });
        }
        InputPurpose::ReviewerUnit { name, first } => save_reviewer(app, name, &first, &text),
        InputPurpose::Note { milestone } => {
            let note = text.trim().to_string();
            save(
                app,
                &milestone,
                Set::Note((!note.is_empty()).then_some(note)),
            );
        }
        InputPurpose::Report {
            milestone,
            period,
            field,
        } => {
            let text = text.trim().to_string();
            let edit = Set::Report {
                period,
                field,
                text: (!text.is_empty()).then_some(text),
            };
            save(app, &milestone, edit);
            let parts = crate::state::report::PARTS;
            let next = parts.iter().position(|f| *f == field).map(|i| i + 1);
            if let Some(&next) = next.and_then(|i| parts.get(i))
                && !app.flash.as_ref().is_some_and(|f| f.error)
            {
                report_prompt(app, &milestone, next);
            }
        }
    }
}

/// Go to the first match of a search, and keep the matches for `n`/`N`.
fn submit_search(app: &mut App, text: String) {
    let matches = app.find(&text);
    if matches.is_empty() {
        flash(app, format!("{}: {}", app.labels.no_match(), text), true);
        app.search = None;
        return;
    }
    app.go_to(&matches[0]);
    let count = matches.len();
    flash(app, format!("/{}  1/{count}", text), false);
    app.search = Some(Search {
        query: text,
        matches,
        index: 0,
    });
}

/// The first start's name and unit, saved to the settings.
fn save_reviewer(app: &mut App, name: String, first: &FirstStart, unit: &str) {
    let unit = unit.trim();
    match crate::config::save_reviewer(&first.config_file, &name, unit) {
        Ok(()) => {
            let text = app.labels.reviewer_saved(&name, unit, &first.config_file);
            app.reviewer = name;
            flash(app, text, false);
        }
        Err(err) => flash(app, err, true),
    }
    if first.pick_plan {
        app.mode = Mode::Choose(plan_picker(app));
    }
}

/// Ask for one part of the current period's report, showing its text;
/// the parts follow one another (进展情况, 存在问题, 下步计划), Esc stops.
pub(super) fn report_prompt(app: &mut App, milestone: &str, field: crate::state::Field) {
    let period = app.current_period();
    let current =
        crate::state::report::part_text(app.state.get(milestone), &period.to_string(), field);
    app.mode = Mode::Input(Input {
        purpose: InputPurpose::Report {
            milestone: milestone.to_string(),
            period,
            field,
        },
        editor: LineEditor::new(&current.unwrap_or_default()),
    })
}

/// A value as targets are written (`1.2万`, `12000`, `1.2`, `65%`), in the
/// target's unit; an empty text clears it; an implausible one is asked about.
fn submit_value(app: &mut App, milestone: String, text: &str) {
    if text.trim().is_empty() {
        return save(app, &milestone, Set::Value(None));
    }
    let target = app
        .plan()
        .find_milestone(&milestone)
        .and_then(|m| m.milestone.target.clone());
    let Some(target) = target else {
        return flash(app, app.labels.no_target().to_string(), true);
    };
    let locale = app.labels.locale;
    let value = match quantity::parse_value(text, &target) {
        Ok(value) => value,
        Err(err) => return flash(app, err.message(locale), true),
    };
    match quantity::plausibility(value, &target) {
        Ok(()) => save(app, &milestone, Set::Value(Some(value))),
        Err(doubt) => {
            let shown = format!("{}{}", format_number(value), target.unit);
            let items = vec![
                format!("{} {shown}", app.labels.save_anyway()),
                app.labels.do_not_save().to_string(),
            ];
            let question = doubt.question(&target.unit, locale);
            app.mode = Mode::Choose(Chooser::new(
                ChooserPurpose::ConfirmValue {
                    milestone,
                    value,
                    question,
                },
                items,
                1,
            ));
        }
    }
}
