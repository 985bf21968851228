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

/// Run the binary for one home, as a person at another desk would.
fn run_in(home: &std::path::Path, root: &std::path::Path, args: &[&str]) -> std::process::Output {
    let output = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(args)
        .env("TAIZHANG_HOME", home)
        .env("HOME", root)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    output
}

#[test]
fn s_syncs_in_the_background_and_shows_the_other_desks_changes() {
    let root = tempfile::tempdir().unwrap();
    let remote = root.path().join("remote.git");
    let init = Command::new("git").args(["init", "-q", "--bare"]).arg(&remote).output().unwrap();
    assert!(init.status.success());
    let plans = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sync/plans");
    let plans = plans.to_str().unwrap();
    let remote = remote.to_str().unwrap();
    let (office, unit) = (root.path().join("office"), root.path().join("unit"));
    // both desks set up sync; the unit then marks a milestone and sends it
    run_in(&office, root.path(), &["--plans", plans, "sync", "--remote", remote]);
    run_in(&unit, root.path(), &["--plans", plans, "sync", "--remote", remote]);
    run_in(&unit, root.path(), &["--plans", plans, "mark", "county", "t2.m1", "done"]);
    run_in(&unit, root.path(), &["--plans", plans, "sync"]);

    let root_text = root.path().to_str().unwrap();
    let mut app = PtyApp::spawn_with_env(
        &office,
        &["--plans", plans, "--as-of", "2024-06-30", "tui", "county"],
        100,
        30,
        &[("HOME", root_text), ("GIT_CONFIG_NOSYSTEM", "1")],
    );
    app.wait_for("上次同步");
    // a local change: the header says it is waiting to be sent
    app.send("1jd");
    app.wait_for("有未同步的更改");
    app.send("S");
    app.wait_for("synced:");
    assert!(!app.screen_text().contains("有未同步的更改"), "{}", app.screen_text());
    // the unit's change to t2.m1 arrived and is on screen
    app.send("/t2.m1\r");
    app.wait_for("[已完成] t2.m1");
    app.send("q");
    assert!(app.wait_exit());
    // and the office's own change reached the remote
    run_in(&unit, root.path(), &["--plans", plans, "sync"]);
    let log = run_in(&unit, root.path(), &["--plans", plans, "log", "county", "t1.m1"]);
    assert!(String::from_utf8_lossy(&log.stdout).contains("done"));
}
