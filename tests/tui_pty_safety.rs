//! The app in a pseudo-terminal against what issue 12 found: a sync whose
//! remote never answers must not keep it open, and files it writes from
//! what it finds on disk (`last-plan`, a session id) never lead elsewhere.

mod common;
mod pty;

use std::path::{Path, PathBuf};
use std::process::Command;

use pty::PtyApp;

fn sync_plans() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sync/plans")
}

fn git(dir: &Path, root: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("HOME", root)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

#[test]
fn s_then_q_quits_at_once_when_the_remote_never_answers() {
    let root = tempfile::tempdir().unwrap();
    let home = root.path().join("desk");
    let remote = root.path().join("county.git");
    git(
        root.path(),
        root.path(),
        &["init", "-q", "--bare", remote.to_str().unwrap()],
    );
    let plans = sync_plans();
    let plans = plans.to_str().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args([
            "--plans",
            plans,
            "sync",
            "--remote",
            remote.to_str().unwrap(),
        ])
        .env("TAIZHANG_HOME", &home)
        .env("HOME", root.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    // the shared drive is now a server that accepts and never answers
    git(
        &home.join("state"),
        root.path(),
        &[
            "remote",
            "set-url",
            "origin",
            "ssh://git@gitea.example.invalid/county.git",
        ],
    );
    let root_text = root.path().to_str().unwrap();
    // a nap no other run of this test (another checkout, another user) has
    let nap = (100_000 + std::process::id()).to_string();
    let transport = format!("sleep {nap}; :");
    let mut app = PtyApp::spawn_with_env(
        &home,
        &["--plans", plans, "tui", "county"],
        100,
        30,
        &[
            ("HOME", root_text),
            ("GIT_CONFIG_NOSYSTEM", "1"),
            ("GIT_SSH_COMMAND", transport.as_str()),
        ],
    );
    app.wait_for("夯实基础设施");
    app.send("S");
    app.wait_for("正在同步");
    app.send("q");
    assert!(app.wait_exit(), "quits cleanly");
    assert!(!app.alternate_screen(), "the terminal is restored");
    assert_eq!(
        common::processes_running(&["sleep", &nap]),
        0,
        "the hung transport was stopped with the app"
    );
}

#[test]
fn a_last_plan_symlink_is_never_followed() {
    let root = tempfile::tempdir().unwrap();
    let home = root.path().join("desk");
    std::fs::create_dir_all(&home).unwrap();
    let precious = root.path().join("precious.txt");
    std::fs::write(&precious, "keep me\n").unwrap();
    std::os::unix::fs::symlink(&precious, home.join("last-plan")).unwrap();
    let plans = sync_plans();
    let mut app = PtyApp::spawn(
        &home,
        &["--plans", plans.to_str().unwrap(), "tui", "county"],
        100,
        30,
    );
    app.wait_for("夯实基础设施");
    app.send("q");
    assert!(app.wait_exit());
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep me\n");
    let link = std::fs::symlink_metadata(home.join("last-plan")).unwrap();
    assert!(link.file_type().is_symlink());
}

#[test]
fn resuming_a_session_whose_id_leaves_the_folder_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let home = root.path().join("desk");
    let folder = home.join("state/sessions/county");
    std::fs::create_dir_all(&folder).unwrap();
    let file = folder.join("20250630-150200-7f3a.yaml");
    std::fs::write(
        &file,
        "id: ../../../evil\nplan: county\nscope: {}\nreviewer: x\nstarted: 2025-06-30T15:02:00+08:00\nqueue: [t1.m1, t1.m2]\n",
    )
    .unwrap();
    let plans = sync_plans();
    let mut app = PtyApp::spawn(
        &home,
        &["--plans", plans.to_str().unwrap(), "review", "--resume"],
        100,
        30,
    );
    assert!(!app.wait_exit(), "refused");
    let screen = app.screen_text();
    // the pty runs under a Chinese locale: the refusal is in Chinese
    assert!(screen.contains("与文件名不符"), "{screen}");
    assert!(!home.join("evil.yaml").exists());
    assert!(!root.path().join("evil.yaml").exists());
}
