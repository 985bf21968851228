//! Text from a file that reaches a terminal: a note, a name or a title may
//! hold `ESC ] 0;…` (retitles the terminal), `ESC [2J` (clears it), a
//! carriage return or a newline (forges an output line), or a bidi override
//! (reorders what is shown). Every such character is shown escaped as
//! `\n`, `\r`, `\t` or `\u{1b}`, so what is printed is what is stored.

use std::borrow::Cow;
use std::fmt::Write;

/// Does the terminal act on `c` instead of showing it?
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every unsafe character escaped, newlines included (for one
/// line of output).
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_with(text, false)
}

/// As [`escape`], but a newline stays a line break (for text shown over
/// several lines, such as a note in the app's detail pane).
pub fn escape_keep_newlines(text: &str) -> Cow<'_, str> {
    escape_with(text, true)
}

fn escape_with(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_unsafe(c) && !(keep_newlines && c == '\n');
    if !text.contains(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !unsafe_char(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_obeyed() {
        assert_eq!(escape("进展顺利"), "进展顺利");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape("a\u{1b}]0;pwned\u{7}b\u{1b}[2J"),
            "a\\u{1b}]0;pwned\\u{7}b\\u{1b}[2J"
        );
        assert_eq!(escape("张三\n2025-01-01  李四"), "张三\\n2025-01-01  李四");
        assert_eq!(escape("x\r\ty\u{9b}\u{202e}"), "x\\r\\ty\\u{9b}\\u{202e}");
        assert_eq!(escape_keep_newlines("a\nb\u{1b}"), "a\nb\\u{1b}");
    }
}
