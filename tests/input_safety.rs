//! What reaches the app as input (issue 12, attacks 11 and 15): a paste is
//! text, never keys; no escape sequence freezes the keyboard; a signal gives
//! the terminal back. The real binary in a pseudo-terminal.

mod common;
mod pty;

use common::Home;
use pty::PtyApp;
use std::time::Duration;

fn open(home: &Home) -> PtyApp {
    let plans = home.plans.to_str().unwrap();
    let app = PtyApp::spawn(
        home.path(),
        &["--plans", plans, "--as-of", "2024-06-30", "tui", "demo"],
        120,
        40,
    );
    app.wait_for("示范行动方案");
    app
}

fn changes(home: &Home) -> usize {
    if !home.state_file().exists() {
        return 0;
    }
    home.load()
        .milestones
        .values()
        .map(|m| m.history.len())
        .sum()
}

fn assert_restored(app: &PtyApp) {
    assert!(!app.alternate_screen(), "left the alternate screen");
    assert!(!app.bracketed_paste(), "bracketed paste turned off");
    assert!(!app.mouse_reporting(), "mouse reporting off");
    assert!(app.cooked(), "raw mode off");
}

#[test]
fn a_paste_outside_an_editor_is_ignored() {
    let home = Home::with_plan_copy();
    let mut app = open(&home);
    app.send("/t1.m1\r");
    app.wait_for("/t1.m1  1/");
    let bracketed = app.bracketed_paste();
    // 10 KB of text full of the keys that mark milestones
    let text = "done: d, doing: p, blocked b, next j, 值 v\n".repeat(300);
    assert!(text.len() > 10_000);
    app.paste(&text);
    app.send("q");
    assert!(app.wait_exit());
    assert_eq!(changes(&home), 0, "a paste changed nothing");
    assert!(bracketed, "the app turned bracketed paste on");
    assert_restored(&app);
}

#[test]
fn a_paste_into_the_note_editor_stays_one_line_and_submits_nothing() {
    let home = Home::with_plan_copy();
    let mut app = open(&home);
    app.send("/t1.m2\r");
    app.wait_for("/t1.m2  1/");
    app.send("e");
    app.paste("第一行\r\n第二行 d\njd");
    app.send("\r");
    app.wait_for("已保存 t1.m2");
    app.send("q");
    assert!(app.wait_exit());
    let state = home.load();
    assert_eq!(
        state.get("t1.m2").note.as_deref(),
        Some("第一行 第二行 d jd")
    );
    assert_eq!(changes(&home), 1, "one change: the note");
}

#[test]
fn no_escape_sequence_freezes_q_or_ctrl_c() {
    for sequence in [
        "\u{1b}[<",
        "\u{1b}[?",
        "\u{1b}[200~",
        "\u{1b}[2",
        "\u{1b}]0;x",
    ] {
        for quit in ["q", "\u{3}"] {
            let home = Home::with_plan_copy();
            let mut app = open(&home);
            app.send(sequence);
            // past the pause that ends an unfinished sequence or paste
            std::thread::sleep(Duration::from_millis(700));
            app.send(quit);
            assert!(app.wait_exit(), "{sequence:?} then {quit:?}");
            assert_restored(&app);
        }
    }
    // Ctrl-C in the same write as an unfinished sequence ends it at once
    for sequence in ["\u{1b}[<", "\u{1b}[?", "\u{1b}[1;"] {
        let home = Home::with_plan_copy();
        let mut app = open(&home);
        app.send(&format!("{sequence}\u{3}"));
        assert!(app.wait_exit(), "{sequence:?}");
    }
}

#[test]
fn sigterm_and_sighup_give_the_terminal_back() {
    for signal in [libc::SIGTERM, libc::SIGHUP] {
        let home = Home::with_plan_copy();
        let mut app = open(&home);
        app.send("/t1.m1\rd");
        app.wait_for("已保存 t1.m1");
        assert!(app.alternate_screen());
        app.signal(signal);
        let ok = app.wait_exit();
        assert!(!ok, "ended by the signal, not a success");
        assert_restored(&app);
        assert_eq!(changes(&home), 1, "what was saved stays saved");
    }
}
