//! Keys in a pick-one list (plan picker, lead units, which milestone, a
//! confirmation): moving, picking by number, and typing to narrow it.

use ratatui::crossterm::event::KeyCode;

use super::action::Action;
use super::app::{App, Chooser, ChooserPurpose, Cursor, Mode};
use super::keymap::Key;
use super::update::chosen;

/// Rows a chooser moves by with PgUp/PgDn.
const CHOOSER_PAGE: usize = 10;

pub fn choose_key(app: &mut App, mut chooser: Chooser, key: Key) {
    let visible = chooser.visible();
    let len = visible.len();
    let action = app.keymap.action(key);
    // a typed character narrows the list; a key bound to moving or quitting
    // does that only while nothing is typed (so `j` still moves)
    let typing = chooser_types(&chooser, key, action);
    let step = |chooser: &mut Chooser, delta: isize| {
        let target = (chooser.cursor.selected as isize + delta).clamp(0, len as isize - 1);
        chooser.cursor.selected = target.max(0) as usize;
        chooser.cursor.clamp(len, CHOOSER_PAGE);
    };
    match (key.code, action) {
        (KeyCode::Char(c), _) if typing => {
            chooser.filter.push(c);
            chooser.cursor = Cursor::default();
            app.mode = Mode::Choose(chooser);
        }
        (KeyCode::Backspace, _) if !chooser.filter.is_empty() => {
            chooser.filter.pop();
            chooser.cursor = Cursor::default();
            app.mode = Mode::Choose(chooser);
        }
        (KeyCode::Esc, _) if !chooser.filter.is_empty() => {
            chooser.filter.clear();
            chooser.cursor = Cursor::default();
            app.mode = Mode::Choose(chooser);
        }
        (KeyCode::Esc, _) | (_, Some(Action::Quit)) => app.mode = Mode::Normal,
        (KeyCode::Enter, _) => {
            app.mode = Mode::Normal;
            if let Some(&index) = visible.get(chooser.cursor.selected) {
                chosen(app, chooser.purpose, index);
            }
        }
        (_, Some(Action::NextPane)) if matches!(chooser.purpose, ChooserPurpose::Plan { .. }) => {
            app.mode = Mode::Choose(resorted_plans(app, &chooser, &visible));
        }
        (_, Some(Action::JumpArea(n))) if (1..=len).contains(&n) => {
            app.mode = Mode::Normal;
            chosen(app, chooser.purpose, visible[n - 1]);
        }
        (KeyCode::Up, _) | (_, Some(Action::Up)) => {
            step(&mut chooser, -1);
            app.mode = Mode::Choose(chooser);
        }
        (KeyCode::Down, _) | (_, Some(Action::Down)) => {
            step(&mut chooser, 1);
            app.mode = Mode::Choose(chooser);
        }
        (KeyCode::PageUp, _) | (_, Some(Action::PageUp)) => {
            step(&mut chooser, -(CHOOSER_PAGE as isize));
            app.mode = Mode::Choose(chooser);
        }
        (KeyCode::PageDown, _) | (_, Some(Action::PageDown)) => {
            step(&mut chooser, CHOOSER_PAGE as isize);
            app.mode = Mode::Choose(chooser);
        }
        (KeyCode::Home, _) | (_, Some(Action::Top)) => {
            step(&mut chooser, -(len as isize));
            app.mode = Mode::Choose(chooser);
        }
        (KeyCode::End, _) | (_, Some(Action::Bottom)) => {
            step(&mut chooser, len as isize);
            app.mode = Mode::Choose(chooser);
        }
        _ => app.mode = Mode::Choose(chooser),
    }
}

/// The plan picker ranked by its next order, the plan under the cursor
/// still selected.
fn resorted_plans(app: &App, chooser: &Chooser, visible: &[usize]) -> Chooser {
    let ChooserPurpose::Plan { order, sort } = &chooser.purpose else {
        unreachable!("called for the plan picker only")
    };
    // ranked anew, the plan under the cursor still selected
    let under = visible
        .get(chooser.cursor.selected)
        .and_then(|&item| order.get(item))
        .copied();
    let mut next = super::picker::plan_picker_sorted(app, super::picker::next_sort(*sort));
    if let ChooserPurpose::Plan { order, .. } = &next.purpose
        && let Some(at) = under.and_then(|u| order.iter().position(|&i| i == u))
    {
        next.cursor.selected = at;
    }
    next.cursor.clamp(next.items.len(), CHOOSER_PAGE);
    next
}

/// Does `key` type into the chooser's filter? Digits pick; the yes/no of a
/// confirmation takes no filter.
fn chooser_types(chooser: &Chooser, key: Key, action: Option<Action>) -> bool {
    let KeyCode::Char(c) = key.code else {
        return false;
    };
    if key.ctrl || super::keymap::AREA_DIGITS.contains(&c) || c.is_control() {
        return false;
    }
    if matches!(chooser.purpose, ChooserPurpose::ConfirmValue { .. }) {
        return false;
    }
    let moves = matches!(
        action,
        Some(
            Action::Up
                | Action::Down
                | Action::Quit
                | Action::Top
                | Action::Bottom
                | Action::PageUp
                | Action::PageDown
        )
    );
    !moves || !chooser.filter.is_empty()
}
