//! The one place the app's state changes: a key press in the current mode
//! becomes an [`Action`] (or text input), and `update` carries it out.

use super::action::Action;
use super::app::{
    App, Chooser, ChooserPurpose, Cursor, Flash, Input, InputPurpose, Mode, Pane, Pending, Row,
    ScoreScreen, TrendScreen,
};
use super::input::LineEditor;
use super::keymap::Key;
use super::persist;
use crate::review::Scope;
use crate::state::Set;

pub use super::picker::plan_picker;

/// Handle one key press. The mode is taken out of the app while the key is
/// handled (never cloned): every arm puts back the mode that follows.
pub fn handle_key(app: &mut App, key: Key) {
    match std::mem::replace(&mut app.mode, Mode::Normal) {
        Mode::Normal if app.review.is_some() => super::review::handle_key(app, key),
        Mode::Normal => {
            if let Some(action) = app.keymap.action(key) {
                update(app, action);
            }
        }
        Mode::Help => {
            // any key closes the help; quit still quits
            if app.keymap.quits_from_overlay(key) {
                app.quit = true;
            }
        }
        Mode::Trend(screen) => {
            match app.keymap.action(key) {
                // the trend key again: the whole plan, and back
                Some(Action::Trend) => {
                    let area = if screen.area.is_some() {
                        None
                    } else {
                        selected_area_id(app)
                    };
                    app.mode = Mode::Trend(trend_screen(app, area));
                }
                _ if app.keymap.quits_from_overlay(key) => {
                    app.quit = true;
                    app.mode = Mode::Trend(screen);
                }
                _ => app.mode = Mode::Normal,
            }
        }
        Mode::Scorecard(mut screen) => match app.keymap.action(key) {
            Some(Action::Down) => {
                screen.offset = (screen.offset + 1).min(screen.scores.len().saturating_sub(1));
                app.mode = Mode::Scorecard(screen);
            }
            Some(Action::Up) => {
                screen.offset = screen.offset.saturating_sub(1);
                app.mode = Mode::Scorecard(screen);
            }
            _ if app.keymap.quits_from_overlay(key) => {
                app.quit = true;
                app.mode = Mode::Scorecard(screen);
            }
            _ => app.mode = Mode::Normal,
        },
        Mode::Input(input) => super::prompt::input_key(app, input, key),
        Mode::Choose(chooser) => super::chooser::choose_key(app, chooser, key),
    }
}

/// Pasted text (bracketed paste): into the open line editor, on one line;
/// ignored anywhere else, so that a paste never runs as keys.
pub fn handle_paste(app: &mut App, text: &str) {
    if let Mode::Input(input) = &mut app.mode {
        input.editor.paste(text);
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
        Action::PageUp => move_by(app, -(app.viewport.tree_rows.max(1) as isize)),
        Action::PageDown => move_by(app, app.viewport.tree_rows.max(1) as isize),
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
        Action::JumpArea(number) => jump_to_area(app, number),
        Action::Mark(status) => with_milestone(app, Pending::Mark(status)),
        Action::Value => with_milestone(app, Pending::Value),
        Action::Note => with_milestone(app, Pending::Note),
        Action::Report => with_milestone(app, Pending::Report),
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
        Action::Review => start_review(app),
        Action::Sync => match &app.sync {
            Some(sync) if sync.is_running() => flash(app, app.labels.syncing().to_string(), false),
            Some(_) => super::sync::start(app),
            None => flash(app, app.labels.no_sync().to_string(), true),
        },
        Action::Plans => app.mode = Mode::Choose(plan_picker(app)),
        Action::Trend => app.mode = Mode::Trend(trend_screen(app, selected_area_id(app))),
        Action::Scorecard => {
            let scores =
                crate::report::meeting::unit_scores(app.plan(), &app.state, app.as_of, &app.rules);
            app.mode = Mode::Scorecard(ScoreScreen { scores, offset: 0 });
        }
    }
}

/// An area digit: 0 the headline goals, 1 to 9 the action areas.
fn jump_to_area(app: &mut App, number: usize) {
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

/// A review session scoped to the lead-unit filter when one is on, else
/// to the selected area.
fn start_review(app: &mut App) {
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

/// The id of the selected section: an area's, or the goals'.
fn selected_area_id(app: &App) -> Option<String> {
    match app.area_index() {
        Some(index) => app.plan().areas.get(index).map(|a| a.id.clone()),
        None => Some(crate::report::summary::GOALS_ID.to_string()),
    }
}

/// The burn-up of `area` (or the plan), as the report computes it.
pub fn trend_screen(app: &App, area: Option<String>) -> TrendScreen {
    let plan = app.plan();
    let title = match area.as_deref() {
        None => plan.title.clone(),
        Some(crate::report::summary::GOALS_ID) => app.labels.goals().to_string(),
        Some(id) => plan
            .areas
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_string(), |a| a.title.clone()),
    };
    let points = crate::report::meeting::trend::burn_up(
        plan,
        &app.state,
        app.as_of,
        area.as_deref(),
        &app.rules,
    );
    TrendScreen {
        area,
        title,
        points,
    }
}

pub(super) fn flash(app: &mut App, text: String, error: bool) {
    app.flash = Some(Flash { text, error });
}

fn move_by(app: &mut App, delta: isize) {
    let page = app.viewport.tree_rows;
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
        let page = app.viewport.tree_rows;
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
            app.mode = Mode::Choose(Chooser::new(
                ChooserPurpose::Milestone {
                    ids: targets.iter().map(|(id, _)| id.clone()).collect(),
                    then: pending,
                },
                targets
                    .iter()
                    .map(|(id, title)| format!("{id}  {title}"))
                    .collect(),
                0,
            ))
        }
    }
}

pub fn act_on(app: &mut App, milestone: &str, pending: Pending) {
    match pending {
        Pending::Mark(status) => save(app, milestone, Set::Status(status)),
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
        Pending::Report => {
            super::prompt::report_prompt(app, milestone, crate::state::Field::Progress)
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

pub(super) fn save(app: &mut App, milestone: &str, set: Set) {
    match persist::save(app, milestone, set) {
        Ok(summary) => flash(
            app,
            format!("{} {milestone}: {summary}", app.labels.saved()),
            false,
        ),
        Err(err) => flash(app, err, true),
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
    app.mode = Mode::Choose(Chooser::new(ChooserPurpose::LeadUnit, items, selected));
}

/// Carry out the choice of item `index` (into the chooser's items).
pub(super) fn chosen(app: &mut App, purpose: ChooserPurpose, index: usize) {
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
        ChooserPurpose::ConfirmValue {
            milestone, value, ..
        } => {
            if index == 0 {
                save(app, &milestone, Set::Value(Some(value)));
            } else {
                flash(app, app.labels.not_saved().to_string(), false);
            }
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

/// Every lead unit of the plan, in the order the plan first names them
/// (the order the county's own documents use).
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
    units
}
