//! The real binary in a pseudo-terminal: what a person sees and what is saved.

mod pty;

use pty::PtyApp;
use std::process::Command;

fn generate(dir: &std::path::Path) -> std::path::PathBuf {
    // a small generated plan, written with the library's own generator
    let plans = dir.join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    let shape = taizhang::plan::synthetic::Shape {
        areas: 8,
        tasks_per_area: 3,
        milestones_per_task: 2,
    };
    let plan = taizhang::plan::synthetic::county_plan(0, shape, 3);
    std::fs::write(
        plans.join("county-0001.yaml"),
        taizhang::yaml::to_string(&plan).unwrap(),
    )
    .unwrap();
    plans
}

#[test]
fn resize_too_small_and_back_and_quit_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let plans = generate(dir.path());
    let plans = plans.to_str().unwrap();
    let mut app = PtyApp::spawn(
        dir.path(),
        &[
            "--plans",
            plans,
            "--as-of",
            "2024-06-30",
            "tui",
            "county-0001",
        ],
        80,
        24,
    );
    app.wait_for("行动领域");
    assert!(app.alternate_screen());
    app.resize(40, 10);
    app.wait_for("窗口太小");
    app.resize(100, 30);
    app.wait_for("行动领域");
    app.send("q");
    assert!(app.wait_exit());
    assert!(!app.alternate_screen(), "left the alternate screen");
}

#[test]
fn ctrl_c_quits_and_restores() {
    let dir = tempfile::tempdir().unwrap();
    let plans = generate(dir.path());
    let mut app = PtyApp::spawn(
        dir.path(),
        &["--plans", plans.to_str().unwrap(), "tui", "county-0001"],
        80,
        24,
    );
    app.wait_for("行动领域");
    app.send("\u{3}");
    assert!(app.wait_exit());
    assert!(!app.alternate_screen());
}

#[test]
fn without_a_terminal_it_says_so_and_points_to_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .env("TAIZHANG_HOME", dir.path())
        .arg("tui")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not a terminal"), "{stderr}");
    assert!(stderr.contains("taizhang mark"), "{stderr}");
}

#[test]
fn bare_taizhang_remembers_the_last_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plans = generate(dir.path());
    let plans = plans.to_str().unwrap();
    let mut app = PtyApp::spawn(
        dir.path(),
        &["--plans", plans, "tui", "county-0001"],
        80,
        24,
    );
    app.wait_for("行动领域");
    app.send("q");
    assert!(app.wait_exit());
    let mut again = PtyApp::spawn(dir.path(), &["--plans", plans], 80, 24);
    again.wait_for("汶上县（第1号）");
    again.send("q");
    assert!(again.wait_exit());
}
