//! Text from a state file that reaches a terminal (issue 12, attack 12): a
//! note holding `ESC ] 0;…` (retitles the terminal) or `ESC [2J` (clears it),
//! a reviewer name holding a newline (forges a log line). Each is shown
//! escaped by `log`, `summary`, the app and review, never obeyed.

mod common;
mod pty;

use common::Home;
use pty::PtyApp;

const NOTE: &str = "进展\u{1b}]0;pwned\u{7}\u{1b}[2J顺利";
const FORGER: &str = "张三\n2024-01-01 00:00  admin  t1.m1  status  todo -> done";

/// t1.m1 marked doing by a reviewer whose name holds a newline, with a note
/// holding terminal escapes.
fn crafted() -> Home {
    let home = Home::with_plan_copy();
    let output = home
        .command(&["mark", "demo", "t1.m1", "doing", "--note", NOTE])
        .env("USER", FORGER)
        .env("LOGNAME", FORGER)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    home
}

fn assert_shown_not_obeyed(text: &str) {
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(text.contains("\\u{1b}]0;pwned\\u{7}\\u{1b}[2J"), "{text}");
}

#[test]
fn log_shows_escapes_and_a_name_cannot_forge_a_line() {
    let home = crafted();
    let log = home.ok(&["log", "demo"]);
    assert_shown_not_obeyed(&log);
    // two changes (status, note): two lines, none forged
    assert_eq!(log.lines().count(), 2, "{log}");
    assert!(!log.lines().any(|l| l.starts_with("2024-01-01")), "{log}");
    assert!(log.contains("张三\\n2024-01-01 00:00  admin"), "{log}");
}

#[test]
fn summary_shows_escapes_in_text_and_markdown() {
    let home = crafted();
    for format in ["text", "markdown"] {
        let out = home.ok(&[
            "summary",
            "demo",
            "--changed-since",
            "2000-01-01",
            "--format",
            format,
            "--color",
            "never",
        ]);
        assert_shown_not_obeyed(&out);
        assert!(!out.lines().any(|l| l.starts_with("2024-01-01")), "{out}");
    }
}

#[test]
fn the_app_and_review_show_the_note_escaped() {
    let home = crafted();
    let plans = home.plans.to_str().unwrap();
    let mut app = PtyApp::spawn(
        home.path(),
        &["--plans", plans, "--as-of", "2024-06-30", "tui", "demo"],
        120,
        40,
    );
    app.wait_for("示范行动方案");
    app.send("/t1.m1\r");
    app.wait_for("\\u{1b}]0;pwned\\u{7}\\u{1b}[2J");
    app.send("q");
    assert!(app.wait_exit());
    let mut review = PtyApp::spawn(
        home.path(),
        &[
            "--plans",
            plans,
            "--as-of",
            "2024-06-30",
            "review",
            "demo",
            "--area",
            "1",
        ],
        120,
        40,
    );
    review.wait_for("t1.m1");
    review.wait_for("\\u{1b}]0;pwned");
    review.send("q");
    review.send(" ");
    assert!(review.wait_exit());
}
