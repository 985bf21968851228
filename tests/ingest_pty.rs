//! `taizhang ingest` on a terminal asks before applying: y applies, anything
//! else applies nothing.

mod common;
mod pty;

use calamine::Data;
use common::Home;
use common::ledger::filled;
use pty::PtyApp;

#[test]
fn on_a_terminal_ingest_asks_and_applies_only_on_yes() {
    let home = Home::new();
    let dir = tempfile::tempdir().unwrap();
    let fill = [("t1.m1", "状态", Data::String("推进中".into()))];
    let back = filled(&home, dir.path(), "back.xlsx", &fill);
    let args = [
        "--plans",
        home.plans.to_str().unwrap(),
        "ingest",
        back.as_str(),
    ];

    // the pseudo-terminal runs under zh_CN.UTF-8: the question is Chinese
    let mut app = PtyApp::spawn(home.path(), &args, 120, 30);
    app.wait_for("状态: 未启动 → 推进中");
    app.wait_for("采用这 1 项变更吗？[y/N]");
    app.send("n\r");
    app.wait_for("未采用");
    assert!(app.wait_exit());
    assert!(!home.state_file().exists(), "no applies nothing");

    let mut app = PtyApp::spawn(home.path(), &args, 120, 30);
    app.wait_for("[y/N]");
    app.send("y\r");
    app.wait_for("已采用 1 项变更，记为 王五 所改");
    assert!(app.wait_exit());
    assert_eq!(home.load().get("t1.m1").status.as_str(), "doing");
}
