//! What taizhang writes, and where (issue 12): `-o` only to a new path or
//! over a regular file, files that follow the umask, a full disk that costs
//! no backup, output to a full or closed stdout without a panic, and review
//! session ids that never name a file outside the sessions folder.

mod common;

use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};

use common::{BIN, Home};

fn summary_to(home: &Home, path: &Path) -> std::process::Output {
    home.run(&["summary", "demo", "-o", path.to_str().unwrap()])
}

#[test]
fn output_to_a_fifo_leaves_the_fifo() {
    let home = Home::new();
    let fifo = home.path().join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let out = summary_to(&home, &fifo);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{}: cannot write: a named pipe (FIFO) is there",
            fifo.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("only to a new file or over a regular file"),
        "{err}"
    );
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(
        common::listing(home.path()),
        ["cache", "pipe"],
        "no temp left"
    );
}

#[test]
fn output_to_a_device_node_leaves_the_device() {
    let home = Home::new();
    let device = home.path().join("null");
    // a copy of /dev/null (never /dev/null itself: old code would replace it)
    let made = Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "3"])
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: cannot make a device node here (needs root)");
        return;
    }
    let out = summary_to(&home, &device);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("a device is there"), "{err}");
    assert!(
        fs::symlink_metadata(&device)
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn output_to_a_symlink_is_refused_and_neither_link_nor_target_changes() {
    let home = Home::new();
    let target = home.path().join("precious.txt");
    fs::write(&target, "keep me").unwrap();
    let link = home.path().join("link.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for args in [vec!["summary", "demo", "-o"], vec!["export", "demo", "-o"]] {
        let mut args = args.clone();
        args.push(link.to_str().unwrap());
        let out = home.run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("a symbolic link is there"), "{err}");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "keep me");
    }
}

/// Run taizhang through `sh -c` (for `umask`, `ulimit`), in `home`.
fn through_shell(home: &Home, script: &str, args: &[&str]) -> std::process::Output {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("{script}; exec \"$0\" \"$@\""))
        .arg(BIN)
        .arg("--plans")
        .arg(&home.plans)
        .args(args)
        .env("TAIZHANG_HOME", home.path())
        .env("TZ", "Asia/Shanghai")
        .env("LANG", "C");
    command.output().unwrap()
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn output_files_follow_the_umask_and_a_replaced_file_keeps_its_mode() {
    let home = Home::new();
    let out_file = home.path().join("summary.txt");
    let out = through_shell(
        &home,
        "umask 022",
        &["summary", "demo", "-o", out_file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(mode(&out_file), 0o644);
    let yaml = home.path().join("plan.yaml");
    let out = through_shell(
        &home,
        "umask 027",
        &[
            "export",
            "demo",
            "--format",
            "yaml",
            "-o",
            yaml.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(mode(&yaml), 0o640);
    fs::set_permissions(&out_file, fs::Permissions::from_mode(0o664)).unwrap();
    let out = through_shell(
        &home,
        "umask 077",
        &["summary", "demo", "-o", out_file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(mode(&out_file), 0o664, "kept");
}

/// A save that fails for lack of space (here: a file size limit, which
/// fails writes past it with EFBIG as a full disk fails them with ENOSPC)
/// must leave both the state file and its `.bak` as they were.
#[test]
fn a_save_that_fails_on_a_full_disk_keeps_the_good_backup() {
    let home = Home::with_plan_copy();
    let long_note = "进展说明".repeat(1500);
    home.ok(&["mark", "demo", "t1.m1", "doing", "--note", &long_note]);
    home.ok(&["mark", "demo", "t1.m2", "done"]);
    let state = home.state_text();
    let backup = fs::read_to_string(home.backup_file()).unwrap();
    assert_ne!(state, backup);
    assert!(
        state.len() > 16 * 1024,
        "the state file is past the limit below"
    );

    // 8 blocks: 4 KiB for dash's ulimit, 8 KiB for bash's; both far below
    let out = through_shell(
        &home,
        "trap '' XFSZ; ulimit -f 8",
        &["mark", "demo", "t2.m1", "blocked"],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&home.state_file().display().to_string()),
        "{err}"
    );
    assert!(err.contains("cannot write"), "{err}");
    assert_eq!(home.state_text(), state, "the state file is as it was");
    assert_eq!(
        fs::read_to_string(home.backup_file()).unwrap(),
        backup,
        "the good .bak is kept"
    );
    let temps: Vec<String> = common::listing(&home.state_dir())
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(temps.is_empty(), "{temps:?}");
    // and with room again the save goes through
    home.ok(&["mark", "demo", "t2.m1", "blocked"]);
    assert_eq!(fs::read_to_string(home.backup_file()).unwrap(), state);
}

fn to_full_stdout(home: &Home, args: &[&str]) -> std::process::Output {
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    home.command(args)
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

fn import_source(home: &Home) -> String {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/documents/seeds/001_cd3cf581713ab216.txt");
    let copy = home.path().join("plan.txt");
    fs::copy(source, &copy).unwrap();
    copy.to_str().unwrap().to_string()
}

#[test]
fn a_full_stdout_is_an_error_not_a_panic() {
    let home = Home::with_plan_copy();
    home.ok(&["mark", "demo", "t1.m1", "doing", "--note", "开工"]);
    let source = import_source(&home);
    let commands: Vec<Vec<&str>> = vec![
        vec!["log", "demo"],
        vec!["plans"],
        vec!["paths"],
        vec!["import", &source, "--id", "x"],
        vec!["export", "demo"],
        vec!["sync", "--status"],
    ];
    for args in commands {
        let out = to_full_stdout(&home, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        // (import reports what it found on stderr first)
        assert_eq!(
            err.trim_end().lines().last(),
            Some("taizhang: cannot print: No space left on device (os error 28)"),
            "{args:?}"
        );
    }
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let home = Home::with_plan_copy();
    for i in 0..20 {
        home.ok(&["note", "demo", "t1.m1", &format!("第{i}次进展说明")]);
    }
    let source = import_source(&home);
    for args in [
        vec!["log", "demo"],
        vec!["plans"],
        vec!["paths"],
        vec!["import", &source, "--id", "x"],
    ] {
        let mut child = home
            .command(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_ne!(out.status.code(), Some(101), "{args:?}: {err}");
    }
}

#[test]
fn a_session_id_that_is_not_a_file_name_is_refused() {
    let home = Home::with_plan_copy();
    let out = home.run(&["log", "demo", "--session", "../../../config"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`../../../config` is not a review session id"),
        "{err}"
    );
}

/// A session file (the state folder may be shared or restored from a
/// backup) whose id climbs out of the sessions folder: resuming it would
/// save the session there.
#[test]
fn a_session_file_whose_id_leaves_the_folder_is_refused_at_its_line() {
    let home = Home::with_plan_copy();
    let folder = home.state_dir().join("sessions/demo");
    fs::create_dir_all(&folder).unwrap();
    let file = folder.join("20250630-150200-7f3a.yaml");
    fs::write(
        &file,
        "id: ../../../evil\nplan: demo\nscope: {}\nreviewer: x\nstarted: 2025-06-30T15:02:00+08:00\nqueue: [t1.m1]\n",
    )
    .unwrap();
    let out = home.run(&["log", "demo", "--sessions"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{}:1:1: id \"../../../evil\" is not this file's name",
            file.display()
        )),
        "{err}"
    );
    assert!(!home.path().join("evil.yaml").exists());
}
