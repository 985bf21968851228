//! A plan with no area and no goal (`areas: []`) is a valid plan: the app,
//! its plan picker and a review open on it, take every key, and quit.

mod pty;

use pty::PtyApp;

fn empty_plan(dir: &std::path::Path) -> std::path::PathBuf {
    let plans = dir.join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    std::fs::write(
        plans.join("empty.yaml"),
        "id: empty\ntitle: 空的行动计划\nspan:\n  start: 2024-01-01\n  end: 2025-12-31\nareas: []\n",
    )
    .unwrap();
    plans
}

/// Every key of the app's normal mode, then Escape for what it opened.
const KEYS: &[&str] = &[
    "j", "k", "g", "G", "h", "l", "\t", "\t", "\t", " ", "0", "1", "9", "d", "p", "b", "t", "v",
    "n", "u", "a", "f", "\x1b", "/x\r", "N", "\x1b", "r", "\x1b", "?", "\x1b",
];

#[test]
fn the_app_and_its_plan_picker_take_every_key_on_an_empty_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plans = empty_plan(dir.path());
    let mut app = PtyApp::spawn(
        dir.path(),
        &["--plans", plans.to_str().unwrap(), "tui", "empty"],
        100,
        30,
    );
    app.wait_for("空的行动计划");
    for key in KEYS {
        app.send(key);
    }
    for key in ["P", "j", "k", "\r", "P", "\x1b"] {
        app.send(key);
    }
    app.wait_for("空的行动计划");
    app.send("q");
    assert!(app.wait_exit(), "no panic:\n{}", app.screen_text());
    assert!(!app.alternate_screen());
}

#[test]
fn a_review_of_an_empty_plan_and_a_stale_window_of_any_length_do_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let plans = empty_plan(dir.path());
    let plans = plans.to_str().unwrap();
    for args in [
        &["--plans", plans, "review", "empty"][..],
        &["--plans", plans, "review", "empty", "--stale", "100000000"],
        &["review", "wenshang-2023", "--stale", "100000000"],
        &["review", "wenshang-2023", "--stale", "4294967295"],
    ] {
        let mut app = PtyApp::spawn(dir.path(), args, 100, 30);
        std::thread::sleep(std::time::Duration::from_millis(500));
        for key in ["d", "p", "u", "j", "q", " ", "q"] {
            app.send(key);
        }
        let exited = app.wait_exit();
        // a panic is printed after the terminal is restored
        let screen = app.screen_text();
        assert!(!screen.contains("panicked"), "{args:?}:\n{screen}");
        assert!(exited, "{args:?}:\n{screen}");
        assert!(!app.alternate_screen(), "{args:?}");
    }
}
