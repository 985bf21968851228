//! A one-line text editor for the prompts (search, value, note): a cursor
//! that moves by character, and a view that scrolls by display width so the
//! cursor stays visible in a long Chinese note.

use ratatui::crossterm::event::KeyCode;
use unicode_width::UnicodeWidthChar;

use super::keymap::Key;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEditor {
    chars: Vec<char>,
    /// Position in `chars` (0..=len).
    cursor: usize,
}

/// What a key did to the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edited {
    /// Still editing.
    Editing,
    Submit,
    Cancel,
}

impl LineEditor {
    /// Start from `text`, the cursor at its end.
    pub fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        LineEditor {
            cursor: chars.len(),
            chars,
        }
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// Pasted text at the cursor: on one line, so a line break (`\r\n`,
    /// `\n`, `\r`) becomes a space and other control characters are
    /// dropped; nothing in a paste submits or cancels.
    pub fn paste(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n");
        let chars: Vec<char> = text
            .chars()
            .filter_map(|c| match c {
                '\n' | '\r' | '\t' => Some(' '),
                c if crate::safe_text::is_unsafe(c) => None,
                c => Some(c),
            })
            .collect();
        let count = chars.len();
        self.chars.splice(self.cursor..self.cursor, chars);
        self.cursor += count;
    }

    pub fn key(&mut self, key: Key) -> Edited {
        match (key.code, key.ctrl) {
            (KeyCode::Enter, _) => return Edited::Submit,
            (KeyCode::Esc, _) | (KeyCode::Char('c'), true) => return Edited::Cancel,
            (KeyCode::Backspace, _) | (KeyCode::Char('h'), true) if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
            }
            (KeyCode::Delete, _) | (KeyCode::Char('d'), true) if self.cursor < self.chars.len() => {
                self.chars.remove(self.cursor);
            }
            (KeyCode::Left, _) | (KeyCode::Char('b'), true) => {
                self.cursor = self.cursor.saturating_sub(1)
            }
            (KeyCode::Right, _) | (KeyCode::Char('f'), true) => {
                self.cursor = (self.cursor + 1).min(self.chars.len())
            }
            (KeyCode::Home, _) | (KeyCode::Char('a'), true) => self.cursor = 0,
            (KeyCode::End, _) | (KeyCode::Char('e'), true) => self.cursor = self.chars.len(),
            (KeyCode::Char('u'), true) => {
                self.chars.drain(..self.cursor);
                self.cursor = 0;
            }
            (KeyCode::Char('k'), true) => self.chars.truncate(self.cursor),
            (KeyCode::Char(c), false) if !c.is_control() => {
                self.chars.insert(self.cursor, c);
                self.cursor += 1;
            }
            _ => {}
        }
        Edited::Editing
    }

    /// The part to show in `width` cells (one kept for the cursor at the
    /// end): (text before the cursor, the character under it, the rest).
    pub fn view(&self, width: usize) -> (String, Option<char>, String) {
        let width = width.max(2);
        let cells = |c: &char| c.width().unwrap_or(0);
        // start as far left as keeps the cursor (and its cell) in view
        let mut start = 0;
        let mut used: usize = self.chars[..self.cursor].iter().map(cells).sum::<usize>() + 1;
        while used > width && start < self.cursor {
            used -= cells(&self.chars[start]);
            start += 1;
        }
        let before: String = self.chars[start..self.cursor].iter().collect();
        let under = self.chars.get(self.cursor).copied();
        let mut rest = String::new();
        let mut room =
            width.saturating_sub(used + under.map_or(0, |c| cells(&c).saturating_sub(1)));
        for c in self.chars.iter().skip(self.cursor + 1) {
            let w = cells(c);
            if w > room {
                break;
            }
            room -= w;
            rest.push(*c);
        }
        (before, under, rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }

    fn typed(editor: &mut LineEditor, text: &str) {
        for c in text.chars() {
            editor.key(key(KeyCode::Char(c)));
        }
    }

    #[test]
    fn edits_in_the_middle() {
        let mut editor = LineEditor::new("进展顺利");
        editor.key(key(KeyCode::Left));
        editor.key(key(KeyCode::Left));
        typed(&mut editor, "很");
        assert_eq!(editor.text(), "进展很顺利");
        editor.key(key(KeyCode::Backspace));
        editor.key(key(KeyCode::Home));
        editor.key(key(KeyCode::Delete));
        assert_eq!(editor.text(), "展顺利");
        editor.key(Key {
            code: KeyCode::Char('u'),
            ctrl: true,
        });
        assert_eq!(editor.text(), "展顺利");
        editor.key(key(KeyCode::End));
        editor.key(Key {
            code: KeyCode::Char('u'),
            ctrl: true,
        });
        assert_eq!(editor.text(), "");
        assert_eq!(editor.key(key(KeyCode::Enter)), Edited::Submit);
        assert_eq!(editor.key(key(KeyCode::Esc)), Edited::Cancel);
    }

    #[test]
    fn a_paste_goes_in_at_the_cursor_on_one_line() {
        let mut editor = LineEditor::new("进展");
        editor.key(key(KeyCode::Left));
        editor.paste("一\r\n二\n三\u{1b}[2J\t");
        assert_eq!(editor.text(), "进一 二 三[2J 展");
        typed(&mut editor, "x");
        assert_eq!(editor.text(), "进一 二 三[2J x展");
    }

    #[test]
    fn the_view_scrolls_to_keep_the_cursor_visible() {
        let editor = LineEditor::new("用地指标未落实，待县自然资源和规划局协调");
        let (before, under, rest) = editor.view(10);
        // the end of the note, nine cells of it, then the cursor cell
        assert_eq!(under, None);
        assert_eq!(rest, "");
        assert!(
            unicode_width::UnicodeWidthStr::width(before.as_str()) <= 9,
            "{before}"
        );
        assert!(before.ends_with("协调"));
        let mut editor = editor;
        editor.key(key(KeyCode::Home));
        let (before, under, rest) = editor.view(10);
        assert_eq!((before.as_str(), under), ("", Some('用')));
        assert_eq!(rest, "地指标未");
    }
}
