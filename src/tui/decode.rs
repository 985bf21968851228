//! Terminal input bytes to events, with no state that can wedge. crossterm's
//! own parser keeps an unfinished escape sequence until it completes, and
//! some never do: after `ESC [ <` it waits for an `m`, after `ESC [ ?` for a
//! `u` or `c`, after `ESC [ 200 ~` for the paste's end, and every key typed
//! meanwhile (`q`, Ctrl-C) joins the sequence. Here a control sequence ends
//! at its final byte (ECMA-48: `0x40..=0x7E`) or at the first byte that
//! cannot be in one, an unfinished one is dropped when no byte follows it
//! within [`SEQUENCE_GAP`], and a paste ends at `ESC [ 201 ~`, at
//! [`PASTE_GAP`] of silence, or is cut at [`MAX_PASTE`] bytes.

use std::collections::VecDeque;
use std::time::Duration;

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// A terminal sends a sequence in one write: its bytes arrive together.
/// A person's next key comes much later.
pub const SEQUENCE_GAP: Duration = Duration::from_millis(100);
/// A paste arrives in chunks; this much silence ends it.
pub const PASTE_GAP: Duration = Duration::from_millis(500);
/// The most of one paste kept (the rest is read and dropped).
pub const MAX_PASTE: usize = 1 << 20;
/// A control sequence longer than this is no sequence a terminal sends.
const MAX_SEQUENCE: usize = 64;

const ESC: u8 = 0x1b;
const PASTE_END: &[u8] = b"\x1b[201~";

#[derive(Debug, Default)]
pub struct Decoder {
    pending: Vec<u8>,
    /// Inside a bracketed paste: what came so far.
    paste: Option<Vec<u8>>,
    events: VecDeque<Event>,
}

enum Step {
    /// `n` bytes made this event (or nothing, for a sequence ignored).
    Done(usize, Option<Event>),
    /// More bytes are needed.
    Wait,
}

impl Decoder {
    /// Bytes read from the terminal.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
        self.decode();
    }

    /// The next decoded event.
    pub fn next_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// How long to wait for the rest of what is pending before
    /// [`Decoder::timed_out`]; `None` when nothing is pending.
    pub fn gap(&self) -> Option<Duration> {
        if self.paste.is_some() {
            Some(PASTE_GAP)
        } else if self.pending.is_empty() {
            None
        } else {
            Some(SEQUENCE_GAP)
        }
    }

    /// No byte came within [`Decoder::gap`]: end what is pending. A lone
    /// `ESC` is the Escape key; a paste ends with what it has; an unfinished
    /// sequence (decoding stops only at one that runs to the end of what was
    /// read) is dropped, and the next byte is read afresh.
    pub fn timed_out(&mut self) {
        if let Some(mut paste) = self.paste.take() {
            // the few bytes held back in case they began the end marker
            let room = MAX_PASTE
                .saturating_sub(paste.len())
                .min(self.pending.len());
            paste.extend_from_slice(&self.pending[..room]);
            self.push_paste(paste);
        } else if self.pending == [ESC] {
            self.events.push_back(key(KeyCode::Esc, KeyModifiers::NONE));
        }
        self.pending.clear();
    }

    fn push_paste(&mut self, bytes: Vec<u8>) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        self.events.push_back(Event::Paste(text));
    }

    fn decode(&mut self) {
        loop {
            if let Some(paste) = self.paste.as_mut() {
                let Some(end) = find(&self.pending, PASTE_END) else {
                    // keep the tail that may be the start of the end marker
                    let keep = self.pending.len().min(PASTE_END.len() - 1);
                    let take = self.pending.len() - keep;
                    let room = MAX_PASTE.saturating_sub(paste.len()).min(take);
                    paste.extend_from_slice(&self.pending[..room]);
                    self.pending.drain(..take);
                    return;
                };
                let room = MAX_PASTE.saturating_sub(paste.len()).min(end);
                paste.extend_from_slice(&self.pending[..room]);
                self.pending.drain(..end + PASTE_END.len());
                let paste = self.paste.take().unwrap_or_default();
                self.push_paste(paste);
                continue;
            }
            if self.pending.is_empty() {
                return;
            }
            match step(&self.pending) {
                Step::Wait => return,
                Step::Done(n, event) => {
                    let was_paste_start = self.pending.starts_with(b"\x1b[200~") && n == 6;
                    self.pending.drain(..n);
                    if was_paste_start {
                        self.paste = Some(Vec::new());
                    } else if let Some(event) = event {
                        self.events.push_back(event);
                    }
                }
            }
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

/// Decode one event from the front of `bytes` (never empty).
fn step(bytes: &[u8]) -> Step {
    match bytes[0] {
        ESC => escape(bytes),
        b'\r' | b'\n' => Step::Done(1, Some(key(KeyCode::Enter, KeyModifiers::NONE))),
        b'\t' => Step::Done(1, Some(key(KeyCode::Tab, KeyModifiers::NONE))),
        0x7f | 0x08 => Step::Done(1, Some(key(KeyCode::Backspace, KeyModifiers::NONE))),
        0x00 => Step::Done(1, Some(key(KeyCode::Char(' '), KeyModifiers::CONTROL))),
        b @ 0x01..=0x1a => {
            let letter = char::from(b - 1 + b'a');
            Step::Done(1, Some(key(KeyCode::Char(letter), KeyModifiers::CONTROL)))
        }
        0x1c..=0x1f => Step::Done(1, None),
        _ => utf8(bytes),
    }
}

/// One UTF-8 character; an invalid byte is skipped.
fn utf8(bytes: &[u8]) -> Step {
    let len = match bytes[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Step::Done(1, None),
    };
    if bytes.len() < len {
        // a continuation byte must follow; anything else means it never will
        if bytes[1..].iter().all(|b| (0x80..0xc0).contains(b)) {
            return Step::Wait;
        }
        return Step::Done(1, None);
    }
    match std::str::from_utf8(&bytes[..len])
        .ok()
        .and_then(|s| s.chars().next())
    {
        Some(c) => {
            let modifiers = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            Step::Done(len, Some(key(KeyCode::Char(c), modifiers)))
        }
        None => Step::Done(1, None),
    }
}

fn escape(bytes: &[u8]) -> Step {
    let Some(&second) = bytes.get(1) else {
        return Step::Wait;
    };
    match second {
        b'[' => csi(bytes),
        b'O' => match bytes.get(2) {
            None => Step::Wait,
            Some(&b) => Step::Done(3, ss3(b).map(|code| key(code, KeyModifiers::NONE))),
        },
        // another escape: this one was the Escape key
        ESC => Step::Done(1, Some(key(KeyCode::Esc, KeyModifiers::NONE))),
        // OSC, DCS and the like: answers the app never asked for
        b']' | b'P' | b'_' | b'^' => string_sequence(bytes),
        0x00..=0x1f | 0x7f => Step::Done(1, Some(key(KeyCode::Esc, KeyModifiers::NONE))),
        _ => match utf8(&bytes[1..]) {
            Step::Wait => Step::Wait,
            Step::Done(n, Some(Event::Key(mut k))) => {
                k.modifiers |= KeyModifiers::ALT;
                Step::Done(n + 1, Some(Event::Key(k)))
            }
            Step::Done(n, _) => Step::Done(n + 1, None),
        },
    }
}

/// `ESC ] … BEL` or `ESC ] … ESC \`: skipped whole, bounded.
fn string_sequence(bytes: &[u8]) -> Step {
    for (i, &b) in bytes.iter().enumerate().skip(2) {
        if b == 0x07 {
            return Step::Done(i + 1, None);
        }
        if b == ESC {
            return match bytes.get(i + 1) {
                None => Step::Wait,
                Some(b'\\') => Step::Done(i + 2, None),
                // a new sequence starts: drop the unfinished one
                Some(_) => Step::Done(i, None),
            };
        }
        // a control byte cannot be in the string: it ends unfinished
        if (b < 0x20 && !(0x08..=0x0d).contains(&b)) || i >= MAX_SEQUENCE * 4 {
            return Step::Done(i, None);
        }
    }
    Step::Wait
}

fn ss3(b: u8) -> Option<KeyCode> {
    Some(match b {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        _ => return None,
    })
}

/// `ESC [` parameters (`0x30..=0x3F`), intermediates (`0x20..=0x2F`), then
/// one final byte (`0x40..=0x7E`). Any other byte ends it unfinished: it
/// is dropped, and that byte is read as input of its own.
fn csi(bytes: &[u8]) -> Step {
    for (i, &b) in bytes.iter().enumerate().skip(2) {
        match b {
            0x20..=0x3f if i < MAX_SEQUENCE => {}
            0x40..=0x7e => return Step::Done(i + 1, csi_event(&bytes[2..i], b)),
            _ => return Step::Done(i, None),
        }
    }
    Step::Wait
}

fn modifiers(code: u16) -> KeyModifiers {
    let bits = code.saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

fn csi_event(params: &[u8], last: u8) -> Option<Event> {
    let text = std::str::from_utf8(params).ok()?;
    if let Some(mouse) = text.strip_prefix('<') {
        return sgr_mouse(mouse, last);
    }
    let numbers: Vec<u16> = text.split(';').map(|p| p.parse().unwrap_or(0)).collect();
    let first = numbers.first().copied().unwrap_or(0);
    let mods = modifiers(numbers.get(1).copied().unwrap_or(1));
    let code = match last {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'Z' => return Some(key(KeyCode::BackTab, KeyModifiers::SHIFT)),
        b'I' if text.is_empty() => return Some(Event::FocusGained),
        b'O' if text.is_empty() => return Some(Event::FocusLost),
        b'~' => match first {
            1 | 7 => KeyCode::Home,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            4 | 8 => KeyCode::End,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            11..=15 => KeyCode::F((first - 10) as u8),
            17..=21 => KeyCode::F((first - 11) as u8),
            23 | 24 => KeyCode::F((first - 12) as u8),
            _ => return None,
        },
        _ => return None,
    };
    Some(key(code, mods))
}

/// `ESC [ < button ; column ; row M` (pressed) or `m` (released).
fn sgr_mouse(params: &str, last: u8) -> Option<Event> {
    let mut parts = params.split(';').map(|p| p.parse::<u16>().ok());
    let (button, column, row) = (parts.next()??, parts.next()??, parts.next()??);
    let pressed = match last {
        b'M' => true,
        b'm' => false,
        _ => return None,
    };
    let which = match button & 0b11 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        _ => MouseButton::Right,
    };
    let kind = if button & 64 != 0 {
        match button & 0b11 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        }
    } else if button & 32 != 0 {
        if button & 0b11 == 3 {
            MouseEventKind::Moved
        } else {
            MouseEventKind::Drag(which)
        }
    } else if pressed {
        MouseEventKind::Down(which)
    } else {
        MouseEventKind::Up(which)
    };
    let mut modifiers = KeyModifiers::NONE;
    if button & 4 != 0 {
        modifiers |= KeyModifiers::SHIFT;
    }
    if button & 8 != 0 {
        modifiers |= KeyModifiers::ALT;
    }
    if button & 16 != 0 {
        modifiers |= KeyModifiers::CONTROL;
    }
    Some(Event::Mouse(MouseEvent {
        kind,
        column: column.saturating_sub(1),
        row: row.saturating_sub(1),
        modifiers,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> Vec<Event> {
        let mut decoder = Decoder::default();
        decoder.feed(bytes);
        std::iter::from_fn(|| decoder.next_event()).collect()
    }

    fn char_key(c: char) -> Event {
        key(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn ctrl_c() -> Event {
        key(KeyCode::Char('c'), KeyModifiers::CONTROL)
    }

    #[test]
    fn keys_arrows_and_chinese() {
        assert_eq!(
            decoded("q\x1b[A\x1b[1;5C\x1b[3~\x1bOP济\r\x03".as_bytes()),
            vec![
                char_key('q'),
                key(KeyCode::Up, KeyModifiers::NONE),
                key(KeyCode::Right, KeyModifiers::CONTROL),
                key(KeyCode::Delete, KeyModifiers::NONE),
                key(KeyCode::F(1), KeyModifiers::NONE),
                char_key('济'),
                key(KeyCode::Enter, KeyModifiers::NONE),
                ctrl_c(),
            ]
        );
        assert_eq!(
            decoded(b"G"),
            vec![key(KeyCode::Char('G'), KeyModifiers::SHIFT)]
        );
    }

    #[test]
    fn sequences_that_wedge_crossterms_parser_end_at_a_control_byte() {
        // Ctrl-C inside an unfinished sequence is read as Ctrl-C
        for start in [&b"\x1b[<"[..], b"\x1b[?", b"\x1b[<1;2", b"\x1b]0;title"] {
            let mut bytes = start.to_vec();
            bytes.push(0x03);
            assert_eq!(decoded(&bytes), vec![ctrl_c()], "{start:?}");
        }
        // a final byte ends the sequence (ignored); the next key is a key
        assert_eq!(decoded(b"\x1b[<q q"), vec![char_key(' '), char_key('q')]);
    }

    #[test]
    fn an_unfinished_sequence_is_dropped_after_a_pause() {
        for start in [&b"\x1b[<"[..], b"\x1b[?", b"\x1b[2", b"\x1b"] {
            let mut decoder = Decoder::default();
            decoder.feed(start);
            assert_eq!(decoder.next_event(), None);
            assert_eq!(decoder.gap(), Some(SEQUENCE_GAP));
            decoder.timed_out();
            decoder.feed(b"q");
            let events: Vec<Event> = std::iter::from_fn(|| decoder.next_event()).collect();
            let expected = if start == b"\x1b" {
                vec![key(KeyCode::Esc, KeyModifiers::NONE), char_key('q')]
            } else {
                vec![char_key('q')]
            };
            assert_eq!(events, expected, "{start:?}");
        }
    }

    #[test]
    fn pastes_end_at_their_marker_at_a_pause_or_are_cut() {
        assert_eq!(
            decoded(b"\x1b[200~a\nb\x1b[2Dc\x1b[201~q"),
            vec![Event::Paste("a\nb\x1b[2Dc".into()), char_key('q')]
        );
        let mut decoder = Decoder::default();
        decoder.feed(b"\x1b[200~never ends");
        assert_eq!(decoder.next_event(), None);
        assert_eq!(decoder.gap(), Some(PASTE_GAP));
        decoder.timed_out();
        decoder.feed(b"q");
        assert_eq!(
            decoder.next_event(),
            Some(Event::Paste("never ends".into()))
        );
        assert_eq!(decoder.next_event(), Some(char_key('q')));
        let mut decoder = Decoder::default();
        decoder.feed(b"\x1b[200~");
        for _ in 0..3 {
            decoder.feed(&vec![b'x'; MAX_PASTE / 2]);
        }
        decoder.feed(b"\x1b[201~");
        match decoder.next_event() {
            Some(Event::Paste(text)) => assert_eq!(text.len(), MAX_PASTE),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn sgr_mouse_reports_are_decoded() {
        assert_eq!(
            decoded(b"\x1b[<0;10;5M\x1b[<65;1;1M"),
            vec![
                Event::Mouse(MouseEvent {
                    kind: MouseEventKind::Down(MouseButton::Left),
                    column: 9,
                    row: 4,
                    modifiers: KeyModifiers::NONE,
                }),
                Event::Mouse(MouseEvent {
                    kind: MouseEventKind::ScrollDown,
                    column: 0,
                    row: 0,
                    modifiers: KeyModifiers::NONE,
                }),
            ]
        );
    }
}
