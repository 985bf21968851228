//! Team sync end to end: the real binary, two (or more) TAIZHANG_HOMEs, and a
//! bare repository on local disk as the shared remote.

mod sync_support;

use std::path::Path;
use std::process::{Child, Command, Stdio};

use sync_support::*;
use taizhang::state::Status;
use taizhang::state::format;

#[test]
fn changes_to_different_milestones_on_both_sides_merge() {
    let team = Team::two_members();
    assert_eq!(team.state("农业局").get("t1.m1").status, Status::Doing);
    team.mark("工信局", "t1.m2", "done");
    team.mark("农业局", "t2.m1", "doing");
    team.mark("农业局", "t2.m2", "done");

    let first = team.sync("工信局");
    assert!(
        first.contains("committed: 工信局: county t1.m2 status→done"),
        "{first}"
    );
    assert!(first.contains("sent to"), "{first}");
    let second = team.sync("农业局");
    assert!(second.contains("received 1 change(s)"), "{second}");
    assert!(!second.contains("both sides"), "{second}");
    team.sync("工信局");

    for who in ["工信局", "农业局"] {
        let state = team.state(who);
        assert_eq!(state.get("t1.m1").status, Status::Doing, "{who}");
        assert_eq!(state.get("t1.m2").status, Status::Done, "{who}");
        assert_eq!(state.get("t2.m1").status, Status::Doing, "{who}");
        assert_eq!(state.get("t2.m2").status, Status::Done, "{who}");
    }
    assert_eq!(team.text("工信局"), team.text("农业局"));
    // the supervising office joins later and reads everything
    team.join("督查室");
    assert_eq!(team.text("督查室"), team.text("工信局"));
    let log = team.git("工信局", &["log", "--format=%an %s"]);
    assert!(
        log.contains("农业局 农业局: county t2.m1 status→doing, t2.m2 status→done"),
        "{log}"
    );
}

#[test]
fn the_same_milestone_changed_on_both_sides_keeps_the_later_change_and_both_histories() {
    let team = Team::two_members();
    // 工信局 changes first, 农业局 later; the earlier one syncs first
    team.mark("工信局", "t1.m1", "blocked");
    team.mark("农业局", "t1.m1", "done");
    let ours = history_ids(&team.state("工信局"), "t1.m1");
    let theirs = history_ids(&team.state("农业局"), "t1.m1");
    team.sync("工信局");
    let out = team.sync("农业局");
    assert!(
        out.contains(
            "county/t1.m1: changed on both sides (status); kept the later change by 农业局"
        ),
        "{out}"
    );
    team.sync("工信局");
    for who in ["工信局", "农业局"] {
        let state = team.state(who);
        let m = state.get("t1.m1");
        assert_eq!(m.status, Status::Done, "{who}: the later change wins");
        assert_eq!(m.by.as_deref(), Some("农业局"));
        let ids = history_ids(&state, "t1.m1");
        for id in ours.iter().chain(&theirs) {
            assert!(ids.contains(id), "{who} lost change {id}");
        }
        assert_eq!(
            ids.len(),
            3,
            "the shared change once, and one from each side"
        );
    }

    // the other way round: the later change is the one already on the remote
    team.mark("农业局", "t2.m2", "doing");
    team.mark("工信局", "t2.m2", "blocked");
    team.sync("工信局");
    let out = team.sync("农业局");
    assert!(out.contains("kept the later change by 工信局"), "{out}");
    team.sync("工信局");
    for who in ["工信局", "农业局"] {
        let m = team.state(who).get("t2.m2").clone();
        assert_eq!(m.status, Status::Blocked, "{who}");
        assert_eq!(m.history.len(), 2, "{who}");
    }
    assert_eq!(team.text("工信局"), team.text("农业局"));
}

#[test]
fn an_unreachable_remote_keeps_local_changes_and_the_next_sync_sends_them() {
    let team = Team::new();
    let missing = team.root.path().join("unplugged-drive/county.git");
    team.mark("工信局", "t1.m1", "doing");
    let before = team.text("工信局");
    let err = team.fails("工信局", &["sync", "--remote", missing.to_str().unwrap()]);
    assert!(err.contains("cannot reach the remote"), "{err}");
    assert!(err.contains("local work is kept"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one clear line: {err}");
    assert_eq!(team.text("工信局"), before, "the state file is untouched");
    assert_eq!(team.commits("工信局"), 1, "the change is committed locally");

    // still unreachable: more work piles up, nothing is lost
    team.mark("工信局", "t1.m2", "done");
    team.fails("工信局", &["sync"]);
    let status = team.ok("工信局", &["sync", "--status"]);
    assert!(status.contains("local changes waiting: yes"), "{status}");
    assert!(status.contains("last sync: never"), "{status}");

    // the drive is back (here: the remote is moved to where it is)
    let out = team.join("工信局");
    assert!(out.contains("sent to"), "{out}");
    team.join("农业局");
    let state = team.state("农业局");
    assert_eq!(state.get("t1.m1").status, Status::Doing);
    assert_eq!(state.get("t1.m2").status, Status::Done);
    let status = team.ok("工信局", &["sync", "--status"]);
    assert!(status.contains("local changes waiting: no"), "{status}");
}

#[test]
fn repeated_syncs_with_nothing_new_do_nothing() {
    let team = Team::two_members();
    team.sync("农业局");
    // files that are not shared: backups, locks, a reviewer's own sessions
    let sessions = team.state_dir("工信局").join("sessions").join(PLAN);
    std::fs::create_dir_all(&sessions).unwrap();
    std::fs::write(sessions.join("01a2.yaml"), "scope: all\n").unwrap();
    let dir = team.state_dir("工信局");
    std::fs::copy(
        team.state_file("工信局"),
        dir.join(format!("{PLAN}.yaml.bak")),
    )
    .unwrap();
    std::fs::write(dir.join(format!(".{PLAN}.yaml.x1.tmp")), "half").unwrap();
    assert!(
        team.state_dir("工信局")
            .join(format!("{PLAN}.lock"))
            .exists()
    );
    let ignored = team.git("工信局", &["status", "--porcelain", "--ignored"]);
    assert!(ignored.contains("!! sessions/"), "{ignored}");
    assert!(ignored.contains(&format!("!! {PLAN}.lock")), "{ignored}");
    assert!(
        ignored.contains(&format!("!! .{PLAN}.yaml.x1.tmp")),
        "{ignored}"
    );
    assert!(
        ignored.contains(&format!("!! {PLAN}.yaml.bak")),
        "{ignored}"
    );
    let commits = team.commits("工信局");
    let head = team.remote_head();
    for who in ["工信局", "农业局", "工信局"] {
        let out = team.sync(who);
        assert!(out.contains("up to date"), "{out}");
        assert_eq!(out.lines().count(), 1, "{out}");
    }
    assert_eq!(team.commits("工信局"), commits);
    assert_eq!(team.remote_head(), head, "nothing pushed");
    assert_eq!(team.git("工信局", &["status", "--porcelain"]), "");
    let status = team.ok("农业局", &["sync", "--status"]);
    assert!(status.contains("local changes waiting: no"), "{status}");
    assert!(!status.contains("never"), "{status}");
}

#[test]
fn a_plain_git_pull_never_leaves_conflict_markers() {
    let team = Team::two_members();
    // both change the same milestone and neighbouring ones: a line merge
    // would conflict
    team.mark("工信局", "t1.m1", "blocked");
    team.mark("工信局", "t1.m2", "doing");
    team.mark("农业局", "t1.m1", "done");
    team.mark("农业局", "t2.m1", "doing");
    team.sync("工信局");
    // 农业局 uses git by hand: commit, then a plain pull
    team.git("农业局", &["commit", "-q", "-am", "by hand"]);
    let pull = team.git_in(&team.state_dir("农业局"), &["pull", "-q"]);
    assert!(
        pull.status.success(),
        "{}",
        String::from_utf8_lossy(&pull.stderr)
    );
    let text = team.text("农业局");
    assert!(
        !text.contains("<<<<<<<") && !text.contains(">>>>>>>"),
        "{text}"
    );
    let state = format::from_text(&text).expect("the merged file parses");
    assert_eq!(state.get("t1.m1").status, Status::Done, "later change wins");
    assert_eq!(state.get("t1.m1").history.len(), 3);
    assert_eq!(state.get("t1.m2").status, Status::Doing);
    assert_eq!(state.get("t2.m1").status, Status::Doing);
    assert_eq!(team.git("农业局", &["status", "--porcelain"]), "");
    // and the next sync sends the hand merge as it is
    let out = team.sync("农业局");
    assert!(out.contains("sent to"), "{out}");
    team.sync("工信局");
    assert_eq!(team.text("工信局"), team.text("农业局"));
}

#[test]
fn hand_edits_are_committed_when_they_parse_and_refused_when_not() {
    let team = Team::two_members();
    let path = team.state_file("工信局");
    let good = team.text("工信局");
    std::fs::write(&path, format!("# 核对人：办公室\n{good}")).unwrap();
    let out = team.sync("工信局");
    assert!(
        out.contains("committed: 工信局: county edited by hand"),
        "{out}"
    );
    team.sync("农业局");
    assert!(team.text("农业局").starts_with("# 核对人：办公室\n"));

    let commits = team.commits("工信局");
    let remote = team.remote_head();
    let broken = good.replacen("status: doing", "status: [doing", 1);
    std::fs::write(&path, &broken).unwrap();
    let err = team.fails("工信局", &["sync"]);
    let expected = format!("{}:", path.display());
    assert!(err.contains(&expected), "names the file: {err}");
    let located = err.split(&expected).nth(1).unwrap();
    let mut numbers = located.split(':').take(2).map(|n| n.parse::<usize>());
    assert!(
        numbers.all(|n| n.is_ok_and(|n| n > 0)),
        "FILE:LINE:COL: {err}"
    );
    assert!(err.contains("nothing was synced"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        broken,
        "left as it was"
    );
    assert_eq!(team.commits("工信局"), commits, "nothing committed");
    assert_eq!(team.remote_head(), remote, "nothing pushed");

    // fixed by hand: the next sync picks it up
    std::fs::write(&path, &good).unwrap();
    team.sync("工信局");
}

#[test]
fn git_missing_is_a_clear_message_and_nothing_changes() {
    let team = Team::new();
    team.mark("工信局", "t1.m1", "doing");
    let before = team.text("工信局");
    let empty = team.root.path().join("empty-bin");
    std::fs::create_dir_all(&empty).unwrap();
    let mut command = Command::new(BIN);
    command
        .arg("--plans")
        .arg(&team.plans)
        .args(["sync", "--remote", team.remote()]);
    team.env(&mut command, "工信局");
    let out = command.env("PATH", &empty).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("git is not installed"), "{err}");
    assert_eq!(team.text("工信局"), before);
    assert!(!team.state_dir("工信局").join(".git").exists());
}

#[test]
fn sync_without_a_remote_says_how_to_set_it_up() {
    let team = Team::new();
    team.mark("工信局", "t1.m1", "doing");
    let err = team.fails("工信局", &["sync"]);
    assert!(
        err.contains("run `taizhang sync --remote URL` once"),
        "{err}"
    );
    assert!(!team.state_dir("工信局").join(".git").exists());
    let status = team.ok("工信局", &["sync", "--status"]);
    assert!(status.contains("not set up"), "{status}");
}

#[test]
fn refused_authentication_is_reported_and_local_work_kept() {
    let team = Team::new();
    team.mark("工信局", "t1.m1", "doing");
    // an SSH remote whose server refuses the key
    let mut command = Command::new(BIN);
    command.arg("--plans").arg(&team.plans).args([
        "sync",
        "--remote",
        "ssh://git@gitea.example.invalid/county.git",
    ]);
    team.env(&mut command, "工信局");
    let out = command
        .env(
            "GIT_SSH_COMMAND",
            "echo 'git@gitea.example.invalid: Permission denied (publickey).' >&2; exit 255; :",
        )
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("refused access"), "{err}");
    assert!(err.contains("Permission denied (publickey)"), "{err}");
    assert!(err.contains("local work is kept"), "{err}");
    assert_eq!(team.commits("工信局"), 1);
}

#[test]
fn a_rewritten_remote_is_merged_never_overwritten() {
    let team = Team::two_members();
    team.mark("工信局", "t1.m2", "doing");
    team.sync("工信局");
    team.sync("农业局");
    // someone rewrites the shared history: 农业局's last commit amended and
    // force-pushed, so 工信局's commits are no longer on the remote
    team.mark("农业局", "t2.m1", "doing");
    team.git(
        "农业局",
        &["commit", "-q", "-a", "--amend", "-m", "rewritten"],
    );
    team.git("农业局", &["push", "-q", "--force", "origin", "HEAD:main"]);
    let rewritten = team.remote_head();
    team.mark("工信局", "t1.m2", "done");
    let before = team.state("工信局");

    let out = team.sync("工信局");
    assert!(out.contains("sent to"), "{out}");
    let merged = team.state("工信局");
    for (id, milestone) in &before.milestones {
        for change in &milestone.history {
            assert!(
                history_ids(&merged, id).contains(&change.id),
                "lost {id} {}",
                change.id
            );
        }
    }
    assert_eq!(merged.get("t2.m1").status, Status::Doing);
    assert_eq!(merged.get("t1.m2").status, Status::Done);
    // the push was a fast-forward of what the remote had
    let head = team.remote_head();
    let out = team.git_in(
        &team.remote,
        &["merge-base", "--is-ancestor", &rewritten, &head],
    );
    assert!(
        out.status.success(),
        "the remote's rewritten history is kept"
    );
    team.sync("农业局");
    assert_eq!(team.text("农业局"), team.text("工信局"));
}

#[test]
fn marks_made_while_syncing_are_never_lost() {
    let team = Team::two_members();
    for (i, status) in ["doing", "done", "blocked", "doing"].iter().enumerate() {
        team.mark("农业局", if i % 2 == 0 { "t2.m1" } else { "t2.m2" }, status);
    }
    team.sync("农业局");
    let marks = std::thread::scope(|scope| {
        let marker = scope.spawn(|| {
            let mut ids = 0;
            for status in ["doing", "done", "blocked", "done", "doing", "blocked"] {
                team.mark("工信局", "t1.m2", status);
                ids += 1;
            }
            ids
        });
        for _ in 0..3 {
            // two syncs started together: one runs, the other gets through
            // too or is refused; neither harms the marks
            let syncs = [0, 1].map(|_| spawn_sync(&team, "工信局", None));
            let outputs = syncs.map(|child| child.wait_with_output().unwrap());
            for out in &outputs {
                assert!(
                    out.status.success()
                        || String::from_utf8_lossy(&out.stderr).contains("another sync"),
                    "{out:?}"
                );
            }
            assert!(
                outputs.iter().any(|out| out.status.success()),
                "{outputs:?}"
            );
        }
        marker.join().unwrap()
    });
    team.sync("工信局");
    team.sync("农业局");
    for who in ["工信局", "农业局"] {
        let state = team.state(who);
        assert_eq!(state.get("t1.m2").history.len(), marks, "{who}");
        assert_eq!(state.get("t1.m2").status, Status::Blocked, "{who}");
        assert_eq!(state.get("t2.m1").history.len(), 2, "{who}");
    }
    assert_eq!(team.git("工信局", &["status", "--porcelain"]), "");
}

/// `taizhang sync` of `who` as a child process, with its output piped;
/// `git` replaces the git it runs.
fn spawn_sync(team: &Team, who: &str, git: Option<&Path>) -> Child {
    let mut command = Command::new(BIN);
    command.arg("--plans").arg(&team.plans).arg("sync");
    team.env(&mut command, who);
    if let Some(git) = git {
        command.env("TAIZHANG_GIT", git);
    }
    command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Wait for `file` to appear (a minute at most: the other process is stuck).
fn wait_for(file: &Path) {
    for _ in 0..1200 {
        if file.exists() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("{} never appeared", file.display());
}

/// A second sync while the first is in the middle of its work (held there
/// by a git wrapper at its fetch, after it took the sync lock) is refused
/// at once, says why, and changes nothing; the first then completes.
#[test]
fn a_second_sync_while_one_runs_is_refused_and_the_first_completes() {
    let team = Team::two_members();
    team.mark("工信局", "t1.m2", "done");
    let arrived = team.root.path().join("first-sync-at-fetch");
    let open = team.root.path().join("let-it-go-on");
    let wrapper = team.root.path().join("git-held-at-fetch");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\ncase \" $* \" in *\" fetch \"*)\n  : > '{arrived}'\n  n=0\n  while [ ! -e '{open}' ] && [ $n -lt 1200 ]; do sleep 0.05; n=$((n+1)); done ;;\nesac\nexec git \"$@\"\n",
            arrived = arrived.display(),
            open = open.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();

    let first = spawn_sync(&team, "工信局", Some(&wrapper));
    wait_for(&arrived);
    let commits = team.commits("工信局");
    let text = team.text("工信局");
    let second = spawn_sync(&team, "工信局", None)
        .wait_with_output()
        .unwrap();
    // the refused sync committed nothing and left the file as it was
    assert_eq!(team.commits("工信局"), commits);
    assert_eq!(team.text("工信局"), text);
    std::fs::write(&open, "").unwrap();
    let first = first.wait_with_output().unwrap();

    assert_eq!(second.status.code(), Some(1), "{second:?}");
    assert_eq!(
        String::from_utf8_lossy(&second.stderr),
        "taizhang: another sync of this state folder is running; try again in a moment\n"
    );
    assert!(second.stdout.is_empty(), "{second:?}");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(said.contains("sent to"), "{said}");
    assert_eq!(team.state("工信局").get("t1.m2").status, Status::Done);
    assert_eq!(team.git("工信局", &["status", "--porcelain"]), "");
    team.sync("农业局");
    assert_eq!(team.state("农业局").get("t1.m2").status, Status::Done);
}

/// Write one part of a period's progress report, as the app's `R` does.
fn report(team: &Team, who: &str, field: taizhang::state::Field, text: &str) {
    use taizhang::state::history::{Edit, Set};
    let plan = taizhang::plan::catalog::load_file(&team.plans.join("county.yaml")).unwrap();
    let edit = Edit::new(
        "t1.m1",
        Set::Report {
            period: "2025-06".parse().unwrap(),
            field,
            text: Some(text.into()),
        },
    );
    let store = taizhang::state::Store::new(team.state_dir(who));
    let now = taizhang::state::store::now();
    store.apply(&plan, &[edit], who, None, now).unwrap();
}

#[test]
fn reports_written_on_both_sides_are_united_by_sync() {
    use taizhang::state::{Field, latest_report};
    let team = Team::two_members();
    report(&team, "工信局", Field::Progress, "完成主体施工");
    report(&team, "农业局", Field::Problems, "资金缺口");
    team.sync("工信局");
    team.sync("农业局");
    team.sync("工信局");
    for who in ["工信局", "农业局"] {
        let report = latest_report(&team.state(who), "t1.m1").unwrap();
        assert_eq!(report.period, "2025-06", "{who}");
        assert_eq!(report.progress.as_deref(), Some("完成主体施工"), "{who}");
        assert_eq!(report.problems.as_deref(), Some("资金缺口"), "{who}");
    }
    assert_eq!(team.text("工信局"), team.text("农业局"));
}
