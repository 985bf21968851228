//! The mouse, for those who reach for it: a click selects the row or area
//! under it (and focuses its pane), the wheel scrolls the pane under the
//! pointer. Keys stay the way to do everything; the mouse only moves.

use ratatui::crossterm::event::{KeyCode, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::app::{App, Mode, Pane};
use super::keymap::Key;
use super::update::{handle_key, select_area, update};

/// Rows the wheel moves per notch.
const WHEEL_ROWS: isize = 3;

/// Handle one mouse event on a screen of `screen` cells.
pub fn handle_mouse(app: &mut App, event: MouseEvent, screen: Rect) {
    let wheel = match event.kind {
        MouseEventKind::ScrollDown => Some(KeyCode::Down),
        MouseEventKind::ScrollUp => Some(KeyCode::Up),
        _ => None,
    };
    // over a chooser or in review, the wheel moves like the arrow keys
    if !(app.mode == Mode::Normal && app.review.is_none()) {
        if let (Some(code), Mode::Choose(_)) = (wheel, &app.mode) {
            handle_key(app, Key { code, ctrl: false });
        }
        return;
    }
    let regions = super::view::layout(screen, app.section_count(), super::view::wanted_width(app));
    let at = Position::new(event.column, event.row);
    let pane = [
        (regions.areas, Pane::Areas),
        (regions.tasks, Pane::Tasks),
        (regions.detail, Pane::Detail),
    ]
    .into_iter()
    .find(|(rect, _)| rect.contains(at));
    let Some((rect, pane)) = pane else {
        return;
    };
    match (event.kind, wheel) {
        (_, Some(code)) => {
            app.focus = pane;
            let action = if code == KeyCode::Down {
                Action::Down
            } else {
                Action::Up
            };
            for _ in 0..WHEEL_ROWS {
                update(app, action);
            }
        }
        (MouseEventKind::Down(MouseButton::Left), None) => click(app, pane, rect, at),
        _ => {}
    }
}

/// Select what is under a click inside `rect` (borders select nothing).
fn click(app: &mut App, pane: Pane, rect: Rect, at: Position) {
    app.focus = pane;
    let Some(line) = at.y.checked_sub(rect.y + 1) else {
        return;
    };
    if line + 1 >= rect.height {
        return;
    }
    match pane {
        Pane::Areas => {
            let section = app.areas.offset + line as usize;
            if section < app.section_count() {
                select_area(app, section);
            }
        }
        Pane::Tasks => {
            let row = app.tree.offset + line as usize;
            if row < app.rows.len() {
                app.tree.selected = row;
                app.detail_scroll = 0;
            }
        }
        Pane::Detail => {}
    }
}
