//! `u` in the app and in a review undoes only that app's or session's own
//! changes (issue 12, attack 14): a CLI mark made while the app is open is
//! another writer's, and stays.

mod common;
mod pty;

use common::Home;
use pty::PtyApp;
use taizhang::state::Status;

fn spawn(home: &Home, args: &[&str]) -> PtyApp {
    let mut all = vec![
        "--plans",
        home.plans.to_str().unwrap(),
        "--as-of",
        "2024-06-30",
    ];
    all.extend_from_slice(args);
    PtyApp::spawn(home.path(), &all, 120, 40)
}

#[test]
fn the_apps_undo_leaves_a_cli_mark_made_meanwhile() {
    let home = Home::with_plan_copy();
    let mut app = spawn(&home, &["tui", "demo"]);
    app.wait_for("示范行动方案");
    app.send("/t1.m1\rd");
    app.wait_for("已保存 t1.m1");
    // another writer, while the app is open
    home.ok(&["mark", "demo", "t2.m1", "blocked"]);
    app.send("u");
    app.wait_for("已撤销");
    let state = home.load();
    assert_eq!(
        state.get("t1.m1").status,
        Status::Todo,
        "its own change undone"
    );
    assert_eq!(state.get("t2.m1").status, Status::Blocked, "the other kept");
    app.send("u");
    app.wait_for("没有可撤销");
    app.send("q");
    assert!(app.wait_exit());
    assert_eq!(home.load().get("t2.m1").status, Status::Blocked);
}

#[test]
fn a_reviews_undo_leaves_a_cli_mark_made_meanwhile() {
    let home = Home::with_plan_copy();
    let mut review = spawn(&home, &["review", "demo", "--area", "1"]);
    review.wait_for("调度审阅 1/");
    review.send("d");
    review.wait_for("调度审阅 2/");
    home.ok(&["mark", "demo", "t2.m1", "blocked"]);
    review.send("u");
    review.wait_for("调度审阅 1/");
    let state = home.load();
    assert_eq!(state.get("t1.m1").status, Status::Todo);
    assert_eq!(state.get("t2.m1").status, Status::Blocked);
    review.send("q");
    review.send(" ");
    assert!(review.wait_exit());
}
