//! The one place the app's state changes: a key press in the current mode
//! becomes an [`Action`] (or text input), and `update` carries it out.

use ratatui::crossterm::event::KeyCode;

use super::action::Action;
use super::app::{
    App, Chooser, ChooserPurpose, Cursor, Flash, Input, InputPurpose, Mode, Pane, Pending, Row,
    Search,
};
use super::input::{Edited, LineEditor};
use super::keymap::Key;
use super::persist::{self, Edit};
use crate::review::Scope;

pub use super::picker::plan_picker;

/// Handle one key press.
pub fn handle_key(app: &mut App, key: Key) {
    match app.mode.clone() {
        Mode::Normal if app.review.is_some() => super::review::handle_key(app, key),
        Mode::Normal => {
            if let Some(action) = app.keymap.action(key) {
                update(app, action);
            }
        }
        Mode::Help => {
            // any key closes the help; quit still quits
            if app.keymap.action(key) == Some(Action::Quit) && key.code != KeyCode::Char('q') {
                app.quit = true;
            }
            app.mode = Mode::Normal;
        }
        Mode::Input(input) => input_key(app, input, key),
        Mode::Choose(chooser) => choose_key(app, chooser, key),
    }
}

/// Carry out an action in the normal mode.
pub fn update(app: &mut App, action: Action) {
    app.flash = None;
    match action {
        Action::Quit => app.quit = true,
        Action::Help => app.mode = Mode::Help,
        Action::Up => move_by(app, -1),
        Action::Down => move_by(app, 1),
        Action::PageUp => move_by(app, -(app.page.max(1) as isize)),
        Action::PageDown => move_by(app, app.page.max(1) as isize),
        Action::Top => move_by(app, isize::MIN / 2),
        Action::Bottom => move_by(app, isize::MAX / 2),
        Action::NextPane => {
            app.focus = match app.focus {
                Pane::Areas => Pane::Tasks,
                Pane::Tasks => Pane::Detail,
                Pane::Detail => Pane::Areas,
            }
        }
        Action::PrevPane => {
            app.focus = match app.focus {
                Pane::Areas => Pane::Detail,
                Pane::Tasks => Pane::Areas,
                Pane::Detail => Pane::Tasks,
            }
        }
        Action::Left => left(app),
        Action::Right => right(app),
        Action::Expand => toggle_expand(app),
        Action::JumpArea(number) => {
            // 0 is the headline goals, 1–9 the action areas
            let section = match number {
                0 if app.goals_offset() == 1 => Some(0),
                0 => None,
                n if n <= app.plan().areas.len() => Some(app.section_of_area(n - 1)),
                _ => None,
            };
            if let Some(section) = section {
                select_area(app, section);
                app.focus = Pane::Tasks;
            }
        }
        Action::Mark(status) => with_milestone(app, Pending::Mark(status)),
        Action::Value => with_milestone(app, Pending::Value),
        Action::Note => with_milestone(app, Pending::Note),
        Action::Undo => match persist::undo(app) {
            Ok(Some(text)) => flash(app, format!("{}: {text}", app.labels.undone()), false),
            Ok(None) => flash(app, app.labels.nothing_to_undo().to_string(), true),
            Err(err) => flash(app, err, true),
        },
        Action::Search => {
            app.mode = Mode::Input(Input {
                purpose: InputPurpose::Search,
                editor: LineEditor::default(),
            })
        }
        Action::NextMatch => step_match(app, 1),
        Action::PrevMatch => step_match(app, -1),
        Action::FilterLead => open_lead_chooser(app),
        Action::Attention => {
            app.attention_only = !app.attention_only;
            app.rebuild_rows();
        }
        Action::Review => {
            // scoped to the lead-unit filter when one is on, else the area
            let scope = Scope {
                area: app
                    .area_index()
                    .filter(|_| app.filter_lead.is_none())
                    .map(|a| a + 1),
                lead: app.filter_lead.clone(),
                ..Scope::default()
            };
            if let Err(err) = super::review::start(app, scope, false) {
                flash(app, err, true);
            }
        }
        Action::Sync => match &app.sync {
            Some(sync) if sync.is_running() => flash(app, app.labels.syncing().to_string(), false),
            Some(_) => super::sync::start(app),
            None => flash(app, app.labels.no_sync().to_string(), true),
        },
        Action::Plans => app.mode = Mode::Choose(plan_picker(app)),
    }
}

fn flash(app: &mut App, text: String, error: bool) {
    app.flash = Some(Flash { text, error });
}

fn move_by(app: &mut App, delta: isize) {
    let page = app.page;
    match app.focus {
        Pane::Areas => {
            let len = app.section_count();
            let target =
                (app.areas.selected as isize + delta).clamp(0, len.saturating_sub(1) as isize);
            select_area(app, target as usize);
        }
        Pane::Tasks => {
            let len = app.rows.len();
            let target =
                (app.tree.selected as isize + delta).clamp(0, len.saturating_sub(1) as isize);
            app.tree.selected = target as usize;
            app.tree.clamp(len, page);
            app.detail_scroll = 0;
        }
        Pane::Detail => {
            let scroll = (app.detail_scroll as isize + delta).clamp(0, u16::MAX as isize / 2);
            app.detail_scroll = scroll as u16;
        }
    }
}

pub fn select_area(app: &mut App, index: usize) {
    if app.areas.selected != index {
        app.areas.selected = index;
        app.tree = Cursor::default();
        app.detail_scroll = 0;
    }
    app.areas.clamp(app.section_count(), usize::MAX);
    app.rebuild_rows();
}

fn left(app: &mut App) {
    match app.focus {
        Pane::Areas => {}
        Pane::Detail => app.focus = Pane::Tasks,
        Pane::Tasks => match app.selected_row().cloned() {
            Some(Row::Task { path }) => {
                let id = app.selected_task(&path).map(|t| t.id.clone());
                match id {
                    Some(id) if !app.collapsed.contains(&id) && has_children(app, &path) => {
                        app.collapsed.insert(id);
                        app.rebuild_rows();
                    }
                    _ if path.len() > 1 => select_row(
                        app,
                        Row::Task {
                            path: path[..path.len() - 1].to_vec(),
                        },
                    ),
                    _ => app.focus = Pane::Areas,
                }
            }
            Some(Row::Milestone { path, .. }) => select_row(app, Row::Task { path }),
            Some(Row::Goal { .. }) | None => app.focus = Pane::Areas,
        },
    }
}

fn right(app: &mut App) {
    match app.focus {
        Pane::Areas => app.focus = Pane::Tasks,
        Pane::Detail => {}
        Pane::Tasks => match app.selected_row().cloned() {
            Some(Row::Task { path }) => {
                let id = app.selected_task(&path).map(|t| t.id.clone());
                match id {
                    Some(id) if app.collapsed.contains(&id) => {
                        app.collapsed.remove(&id);
                        app.rebuild_rows();
                    }
                    _ => app.focus = Pane::Detail,
                }
            }
            _ => app.focus = Pane::Detail,
        },
    }
}

fn has_children(app: &App, path: &[usize]) -> bool {
    app.selected_task(path)
        .is_some_and(|t| !t.milestones.is_empty() || !t.tasks.is_empty())
}

fn toggle_expand(app: &mut App) {
    if app.focus == Pane::Areas {
        app.focus = Pane::Tasks;
        return;
    }
    if let Some(Row::Task { path }) = app.selected_row().cloned()
        && let Some(id) = app.selected_task(&path).map(|t| t.id.clone())
    {
        if !app.collapsed.remove(&id) {
            app.collapsed.insert(id);
        }
        app.rebuild_rows();
    }
}

fn select_row(app: &mut App, row: Row) {
    if let Some(position) = app.rows.iter().position(|r| *r == row) {
        app.tree.selected = position;
        let page = app.page;
        app.tree.clamp(app.rows.len(), page);
    }
}

/// The milestones a status key would act on: the selected milestone, or the
/// milestones of the selected task (with its sub-tasks).
fn target_milestones(app: &App) -> Vec<(String, String)> {
    let Some(row) = app.selected_row() else {
        return Vec::new();
    };
    match app.row_items(row) {
        (_, Some(milestone)) => vec![(milestone.id.clone(), milestone.title.clone())],
        (Some(task), None) => task
            .all_milestones()
            .into_iter()
            .map(|m| (m.id.clone(), m.title.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

/// Apply `pending` to the selected milestone, asking which one when the
/// selection is a task with several.
fn with_milestone(app: &mut App, pending: Pending) {
    let targets = target_milestones(app);
    match targets.len() {
        0 => flash(app, app.labels.not_a_milestone().to_string(), true),
        1 => act_on(app, &targets[0].0, pending),
        _ => {
            app.mode = Mode::Choose(Chooser {
                purpose: ChooserPurpose::Milestone {
                    ids: targets.iter().map(|(id, _)| id.clone()).collect(),
                    then: pending,
                },
                items: targets
                    .iter()
                    .map(|(id, title)| format!("{id}  {title}"))
                    .collect(),
                cursor: Cursor::default(),
            })
        }
    }
}

pub fn act_on(app: &mut App, milestone: &str, pending: Pending) {
    match pending {
        Pending::Mark(status) => save(app, milestone, Edit::Status(status)),
        Pending::Value => {
            let current = app
                .state
                .get(milestone)
                .value
                .map(crate::plan::model::format_number);
            app.mode = Mode::Input(Input {
                purpose: InputPurpose::Value {
                    milestone: milestone.to_string(),
                },
                editor: LineEditor::new(&current.unwrap_or_default()),
            })
        }
        Pending::Note => {
            let current = app.state.get(milestone).note.clone();
            app.mode = Mode::Input(Input {
                purpose: InputPurpose::Note {
                    milestone: milestone.to_string(),
                },
                editor: LineEditor::new(&current.unwrap_or_default()),
            })
        }
    }
}

fn save(app: &mut App, milestone: &str, edit: Edit) {
    match persist::save(app, milestone, edit) {
        Ok(summary) => flash(
            app,
            format!("{} {milestone}: {summary}", app.labels.saved()),
            false,
        ),
        Err(err) => flash(app, err, true),
    }
}

fn input_key(app: &mut App, mut input: Input, key: Key) {
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
        InputPurpose::Search => {
            let matches = app.find(&text);
            if matches.is_empty() {
                flash(app, format!("{}: {}", app.labels.no_match(), text), true);
                app.search = None;
                return;
            }
            app.go_to(&matches[0]);
            let count = matches.len();
            app.search = Some(Search {
                query: text.clone(),
                matches,
                index: 0,
            });
            flash(app, format!("/{}  1/{count}", text), false);
        }
        InputPurpose::Value { milestone } => {
            let text = text.trim().replace([',', '，'], "");
            if text.is_empty() {
                save(app, &milestone, Edit::Value(None));
            } else {
                match text.parse::<f64>() {
                    Ok(value) if value.is_finite() => {
                        save(app, &milestone, Edit::Value(Some(value)))
                    }
                    _ => flash(
                        app,
                        format!("`{}`: {}", text, app.labels.not_numeric()),
                        true,
                    ),
                }
            }
        }
        InputPurpose::Note { milestone } => {
            let note = text.trim().to_string();
            save(
                app,
                &milestone,
                Edit::Note((!note.is_empty()).then_some(note)),
            );
        }
    }
}

fn step_match(app: &mut App, delta: isize) {
    let Some(search) = app.search.as_mut() else {
        return;
    };
    let len = search.matches.len() as isize;
    search.index = ((search.index as isize + delta).rem_euclid(len)) as usize;
    let place = search.matches[search.index].clone();
    let text = format!("/{}  {}/{}", search.query, search.index + 1, len);
    app.go_to(&place);
    flash(app, text, false);
}

fn open_lead_chooser(app: &mut App) {
    let units = lead_units(app);
    let mut items = vec![app.labels.all_units().to_string()];
    items.extend(units);
    let selected = app
        .filter_lead
        .as_ref()
        .and_then(|f| items.iter().position(|i| i == f))
        .unwrap_or(0);
    app.mode = Mode::Choose(Chooser {
        purpose: ChooserPurpose::LeadUnit,
        items,
        cursor: Cursor {
            selected,
            offset: 0,
        },
    });
}

fn choose_key(app: &mut App, mut chooser: Chooser, key: Key) {
    let len = chooser.items.len();
    let action = app.keymap.action(key);
    match (key.code, action) {
        (KeyCode::Esc, _) | (_, Some(Action::Quit)) => app.mode = Mode::Normal,
        (KeyCode::Enter, _) => {
            app.mode = Mode::Normal;
            chosen(app, chooser.purpose, chooser.cursor.selected);
        }
        (_, Some(Action::JumpArea(n))) if n <= len => {
            app.mode = Mode::Normal;
            chosen(app, chooser.purpose, n - 1);
        }
        (_, Some(Action::NextPane)) if matches!(chooser.purpose, ChooserPurpose::Plan { .. }) => {
            let ChooserPurpose::Plan { order, sort } = &chooser.purpose else {
                unreachable!("matched above")
            };
            // ranked anew, the plan under the cursor still selected
            let under = order.get(chooser.cursor.selected).copied();
            let mut next = super::picker::plan_picker_sorted(app, super::picker::next_sort(*sort));
            if let ChooserPurpose::Plan { order, .. } = &next.purpose
                && let Some(at) = under.and_then(|u| order.iter().position(|&i| i == u))
            {
                next.cursor.selected = at;
            }
            next.cursor.clamp(next.items.len(), 10);
            app.mode = Mode::Choose(next);
        }
        (_, Some(Action::Up)) => {
            chooser.cursor.selected = chooser.cursor.selected.saturating_sub(1);
            chooser.cursor.clamp(len, 10);
            app.mode = Mode::Choose(chooser);
        }
        (_, Some(Action::Down)) => {
            chooser.cursor.selected += 1;
            chooser.cursor.clamp(len, 10);
            app.mode = Mode::Choose(chooser);
        }
        _ => app.mode = Mode::Choose(chooser),
    }
}

fn chosen(app: &mut App, purpose: ChooserPurpose, index: usize) {
    match purpose {
        ChooserPurpose::Milestone { ids, then } => {
            if let Some(id) = ids.get(index) {
                act_on(app, &id.clone(), then);
            }
        }
        ChooserPurpose::LeadUnit => {
            app.filter_lead = if index == 0 {
                None
            } else {
                lead_units(app).get(index - 1).cloned()
            };
            app.tree = Cursor::default();
            app.rebuild_rows();
        }
        ChooserPurpose::Plan { order, .. } => {
            if let Some(&index) = order.get(index)
                && index != app.plan_index
                && let Err(err) = persist::switch_plan(app, index)
            {
                flash(app, err, true);
            }
        }
    }
}

/// Every lead unit of the plan, sorted.
fn lead_units(app: &App) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    for area in &app.plan().areas {
        for task in area.all_tasks() {
            for unit in &task.lead {
                if !units.contains(unit) {
                    units.push(unit.clone());
                }
            }
        }
    }
    units.sort();
    units
}
