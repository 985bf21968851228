//! Team sync against a hostile or broken remote (issue 12): what someone who
//! can write to the shared drive puts there must never write files outside
//! the state folder, run programs on a member's machine or stop sharing; a
//! killed sync, a remote that never answers and two pushes at one moment
//! end with a clear message and nothing lost.

mod common;
mod sync_support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sync_support::*;
use taizhang::state::Status;

/// The shared remote's branch gets a commit whose tree holds, beside the
/// real state files, entries that point outside the state folder.
#[test]
fn a_remote_tree_with_paths_outside_the_state_folder_writes_nothing_there() {
    let team = Team::two_members();
    let outside = team.root.path().join("outside-target.yaml");
    let reviewer = team.blob(b"reviewer: intruder\n");
    let plan = team.blob(b"id: evil\ntitle: injected\n");
    let note = team.blob(b"not a state file\n");
    let mut entries: Vec<(String, String, String)> = team.remote_entries();
    for (name, oid) in [
        ("../config.yaml", &reviewer),
        ("../plans/evil.yaml", &plan),
        (outside.to_str().unwrap(), &plan),
        ("notes.txt", &note),
    ] {
        entries.push(("100644".into(), name.into(), oid.clone()));
    }
    let entries: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|(m, n, o)| (m.as_str(), n.as_str(), o.as_str()))
        .collect();
    let tree = team.literal_tree(&entries);
    team.commit_on_remote(&tree, "intruder");
    team.mark("农业局", "t2.m1", "doing");

    let home = team.home("农业局");
    std::fs::create_dir_all(home.join("plans")).unwrap();
    let run = team.run("农业局", &["sync"]);
    let out = String::from_utf8_lossy(&run.stdout).into_owned();
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        !home.join("config.yaml").exists(),
        "config written: {out}{err}"
    );
    assert!(!home.join("plans/evil.yaml").exists(), "plan injected");
    assert!(!outside.exists(), "absolute path written");
    assert!(!team.state_dir("农业局").join("notes.txt").exists());
    assert!(run.status.success(), "{err}");
    for name in ["../config.yaml", "../plans/evil.yaml", "notes.txt"] {
        assert!(
            out.contains(&format!("refused the remote's entry \"{name}\"")),
            "{name} reported: {out}"
        );
    }
    assert!(out.contains("sent to"), "{out}");
    // the merge sent back a tree with only what taizhang shares
    let names: Vec<String> = team.remote_entries().into_iter().map(|e| e.1).collect();
    assert_eq!(names, [".gitattributes", ".gitignore", "county.yaml"]);
    team.sync("工信局");
    assert_eq!(team.state("工信局").get("t2.m1").status, Status::Doing);
    assert!(!team.home("工信局").join("config.yaml").exists());
}

/// A symbolic link, a folder and a submodule named like state files are
/// refused too: a link's text is never taken for a state, and nothing is
/// created for them.
#[test]
fn links_folders_and_submodules_from_a_remote_are_refused() {
    let team = Team::two_members();
    let target = team.blob(b"../config.yaml");
    let inner = team.literal_tree(&[("100644", "x.yaml", &team.blob(b"x"))]);
    let mut entries: Vec<(String, String, String)> = team.remote_entries();
    entries.push(("120000".into(), "linked.yaml".into(), target.clone()));
    entries.push(("40000".into(), "sub.yaml".into(), inner));
    entries.push(("160000".into(), "module.yaml".into(), target));
    entries.sort_by(|a, b| a.1.cmp(&b.1));
    let entries: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|(m, n, o)| (m.as_str(), n.as_str(), o.as_str()))
        .collect();
    team.commit_on_remote(&team.literal_tree(&entries), "links");
    let out = team.sync("农业局");
    for name in ["linked.yaml", "sub.yaml", "module.yaml"] {
        assert!(out.contains(&format!("\"{name}\"")), "{name}: {out}");
        let path = team.state_dir("农业局").join(name);
        assert!(std::fs::symlink_metadata(&path).is_err(), "{name} created");
    }
    assert_eq!(team.state("农业局").get("t1.m1").status, Status::Doing);
}

/// Hooks in the shared repository (anyone who can write to the drive can
/// put them there) would run as the member who pushes or fetches.
#[test]
fn the_remotes_hooks_never_run_on_a_members_machine() {
    let team = Team::new();
    let marker = team.root.path().join("hook-ran");
    let hooks = team.remote.join("hooks");
    std::fs::create_dir_all(&hooks).unwrap();
    for hook in [
        "pre-receive",
        "update",
        "post-receive",
        "post-update",
        "reference-transaction",
        "push-to-checkout",
    ] {
        let path = hooks.join(hook);
        let script = format!("#!/bin/sh\necho {hook} >> '{}'\n", marker.display());
        std::fs::write(&path, script).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // the hooks would run: a push by hand shows it
    let probe = team.root.path().join("probe");
    let out = team.git_in(team.root.path(), &["init", "-q", probe.to_str().unwrap()]);
    assert!(out.status.success());
    team.git_in(&probe, &["commit", "-q", "--allow-empty", "-m", "probe"]);
    team.git_in(
        &probe,
        &["push", "-q", team.remote(), "HEAD:refs/heads/probe"],
    );
    assert!(marker.exists(), "the hooks are live");
    std::fs::remove_file(&marker).unwrap();

    team.mark("工信局", "t1.m1", "doing");
    team.join("工信局");
    team.join("农业局");
    team.mark("农业局", "t2.m1", "done");
    team.sync("农业局");
    team.sync("工信局");
    assert_eq!(team.state("工信局").get("t2.m1").status, Status::Done);
    let ran = std::fs::read_to_string(&marker).unwrap_or_default();
    assert_eq!(ran, "", "hooks ran on a member's machine");
}

/// A `.gitignore` with `*.yaml` from the remote would hide every new state
/// file from `git status`: nothing shared, and `--status` says nothing
/// waits. taizhang writes its own `.gitignore` on every sync.
#[test]
fn a_remote_gitignore_cannot_stop_sharing() {
    let mut team = Team::new();
    let plans = team.root.path().join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    let county = std::fs::read_to_string(team.plans.join("county.yaml")).unwrap();
    std::fs::write(plans.join("county.yaml"), &county).unwrap();
    let town = county.replacen("id: county", "id: town", 1);
    std::fs::write(plans.join("town.yaml"), town).unwrap();
    team.plans = plans;
    team.mark("工信局", "t1.m1", "doing");
    team.join("工信局");
    team.join("农业局");
    let own_ignore = std::fs::read_to_string(team.state_dir("农业局").join(".gitignore")).unwrap();

    // someone pushes a .gitignore that ignores every state file
    let mut entries = team.remote_entries();
    let hostile = team.blob(format!("{own_ignore}*.yaml\n").as_bytes());
    for entry in &mut entries {
        if entry.1 == ".gitignore" {
            entry.2 = hostile.clone();
        }
    }
    let entries: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|(m, n, o)| (m.as_str(), n.as_str(), o.as_str()))
        .collect();
    team.commit_on_remote(&team.literal_tree(&entries), "ignore everything");
    // a `git pull` by hand brings the remote's .gitignore
    team.git("农业局", &["pull", "-q"]);
    let ignore = team.state_dir("农业局").join(".gitignore");
    assert!(std::fs::read_to_string(&ignore).unwrap().contains("*.yaml"));
    // a sync takes taizhang's own, not the remote's
    team.sync("工信局");
    let theirs = team.state_dir("工信局").join(".gitignore");
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), own_ignore);

    // a new plan's first change waits even under the pulled .gitignore,
    // and the next sync shares it
    team.ok("农业局", &["mark", "town", "t2.m1", "done"]);
    let status = team.ok("农业局", &["sync", "--status"]);
    assert!(status.contains("local changes waiting: yes"), "{status}");
    let out = team.sync("农业局");
    assert!(out.contains("sent to"), "{out}");
    assert_eq!(std::fs::read_to_string(&ignore).unwrap(), own_ignore);
    team.sync("工信局");
    let town = std::fs::read_to_string(team.state_dir("工信局").join("town.yaml"))
        .expect("the new plan's state reached the other member");
    assert!(town.contains("t2.m1"), "{town}");
    let remote_ignore = team.git_in(&team.remote, &["show", "refs/heads/main:.gitignore"]);
    assert_eq!(String::from_utf8_lossy(&remote_ignore.stdout), own_ignore);
}

/// A sync killed during a commit leaves `.git/index.lock`; every later git
/// command would refuse to run.
#[test]
fn a_lock_left_by_a_killed_sync_is_recovered_and_said() {
    let team = Team::two_members();
    let lock = team.state_dir("工信局").join(".git/index.lock");
    std::fs::write(&lock, "").unwrap();
    team.mark("工信局", "t1.m2", "done");
    let out = team.sync("工信局");
    assert!(
        out.contains("removed .git/index.lock, left behind by a git command that was stopped"),
        "{out}"
    );
    assert!(out.contains("sent to"), "{out}");
    assert!(!lock.exists());
    team.sync("农业局");
    assert_eq!(team.state("农业局").get("t1.m2").status, Status::Done);
}

/// A lock some process holds open is that process's: left alone.
#[test]
fn a_lock_held_by_a_running_process_is_left_alone() {
    let team = Team::two_members();
    let lock = team.state_dir("工信局").join(".git/index.lock");
    let file = std::fs::File::create(&lock).unwrap();
    let mut holder = Command::new("sleep")
        .arg("60")
        .stdout(Stdio::from(file))
        .spawn()
        .unwrap();
    team.mark("工信局", "t1.m2", "done");
    let err = team.fails("工信局", &["sync"]);
    holder.kill().unwrap();
    holder.wait().unwrap();
    assert!(
        err.contains(&format!("a git command (process {})", holder.id())),
        "{err}"
    );
    assert!(err.contains("holds .git/index.lock"), "{err}");
    assert!(lock.exists(), "left for its owner");
    let out = team.sync("工信局");
    assert!(out.contains("removed .git/index.lock"), "{out}");
}

/// Run `command` with a deadline the program under test must beat by far:
/// it hangs forever without a time limit of its own.
fn output_within(mut command: Command, deadline: Duration) -> std::process::Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > deadline {
            child.kill().ok();
            panic!("still running after {deadline:?}: no time limit");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// A remote that accepts the connection and never answers (an SSH command
/// that sleeps; no network).
#[test]
fn a_remote_that_never_answers_ends_with_a_clear_message() {
    let team = Team::new();
    team.mark("工信局", "t1.m1", "doing");
    let before = team.text("工信局");
    let mut command = Command::new(BIN);
    command.arg("--plans").arg(&team.plans).args([
        "sync",
        "--remote",
        "ssh://git@gitea.example.invalid/county.git",
    ]);
    team.env(&mut command, "工信局");
    // a nap no other run of this test (another checkout, another user) has
    let nap = (200_000 + std::process::id()).to_string();
    command
        .env("GIT_SSH_COMMAND", format!("sleep {nap}; :"))
        .env("TAIZHANG_SYNC_TIMEOUT", "2");
    let out = output_within(command, Duration::from_secs(120));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("git fetch did not finish within 2 s") && err.contains("was stopped"),
        "{err}"
    );
    assert!(err.contains("local work is kept"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert_eq!(team.text("工信局"), before);
    assert_eq!(team.commits("工信局"), 1, "committed locally");
    assert_eq!(
        common::processes_running(&["sleep", &nap]),
        0,
        "the hung transport was stopped"
    );
}

/// Another member's push holds the remote's branch (its lock) at the
/// moment of ours: not "refused", and tried again.
#[test]
fn a_push_at_the_same_moment_as_another_is_told_apart_and_retried() {
    let team = Team::two_members();
    let branch_lock = team.remote.join("refs/heads/main.lock");
    std::fs::write(&branch_lock, "").unwrap();
    team.mark("工信局", "t1.m2", "doing");
    let err = team.fails("工信局", &["sync"]);
    assert!(
        err.contains("another sync was pushing to")
            && err.contains("at the same moment; try again"),
        "{err}"
    );
    assert!(!err.contains("refused"), "{err}");
    assert!(err.contains("local work is kept"), "{err}");

    // the other push is over: the next sync sends the change
    std::fs::remove_file(&branch_lock).unwrap();
    let out = team.sync("工信局");
    assert!(out.contains("sent to"), "{out}");
    team.sync("工信局");
    team.sync("农业局");
    assert_eq!(team.state("农业局").get("t1.m2").status, Status::Doing);
}

/// The other push ends between our tries: the sync gets through on its
/// own. (A git wrapper ends the other push, so the moment is exact: right
/// after our first push failed.)
#[test]
fn a_push_that_met_another_is_tried_again_and_gets_through() {
    let team = Team::two_members();
    let branch_lock = team.remote.join("refs/heads/main.lock");
    std::fs::write(&branch_lock, "").unwrap();
    let wrapper = team.root.path().join("git-then-end-the-other-push");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\ngit \"$@\"\nstatus=$?\ncase \" $* \" in *\" push \"*) rm -f '{}' ;; esac\nexit $status\n",
            branch_lock.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    team.mark("工信局", "t1.m2", "doing");
    let mut command = Command::new(BIN);
    command.arg("--plans").arg(&team.plans).arg("sync");
    team.env(&mut command, "工信局");
    let out = command.env("TAIZHANG_GIT", &wrapper).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("sent to"), "{text}");
    assert!(!branch_lock.exists(), "the first push met the other one");
    team.sync("农业局");
    assert_eq!(team.state("农业局").get("t1.m2").status, Status::Doing);
}

/// A shared repository with its files checked out that updates them on a
/// push (`receive.denyCurrentBranch=updateInstead`) would run, on the
/// pushing member's machine, the filters and fsmonitor its config names.
#[test]
fn a_non_bare_remote_never_runs_its_filters_or_fsmonitor_here() {
    let team = Team::new();
    let desk = team.root.path().join("shared/desk");
    let marker = team.root.path().join("ran");
    assert!(
        team.git_in(
            team.root.path(),
            &["init", "-q", "-b", "main", desk.to_str().unwrap()]
        )
        .status
        .success()
    );
    let script = team.root.path().join("evil.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho $0 >> '{}'\ncat\n", marker.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::create_dir_all(desk.join(".git/info")).unwrap();
    std::fs::write(desk.join(".git/info/attributes"), "* filter=evil\n").unwrap();
    for (key, value) in [
        ("receive.denyCurrentBranch", "updateInstead"),
        ("filter.evil.smudge", script.to_str().unwrap()),
        ("core.fsmonitor", script.to_str().unwrap()),
    ] {
        assert!(team.git_in(&desk, &["config", key, value]).status.success());
    }
    team.mark("工信局", "t1.m1", "doing");
    let err = team.fails("工信局", &["sync", "--remote", desk.to_str().unwrap()]);
    assert!(
        !marker.exists(),
        "ran: {}",
        std::fs::read_to_string(&marker).unwrap()
    );
    assert!(
        err.contains("it is a repository with its files checked out, not a bare one"),
        "{err}"
    );
    assert!(err.contains("local work is kept"), "{err}");
}
