//! The safety guarantees of the state files, shown on the real binary:
//! atomic save with `.bak`, the lock, concurrent writers, `kill -9` at random
//! moments, refusing broken files, kept orphaned state, git merges.

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use common::{Home, listing};
use taizhang::state::lock::PlanLock;
use taizhang::state::{Status, Store, merge};

/// A small xorshift generator; the seed is printed so a failure can be
/// replayed with STATE_TEST_SEED.
struct Rng(u64);

impl Rng {
    fn new() -> Self {
        let seed = std::env::var("STATE_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("STATE_TEST_SEED={seed}");
        Self(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn save_is_atomic_and_keeps_the_previous_file_as_bak() {
    let home = Home::new();
    home.ok(&["mark", "demo", "t1.m1", "doing"]);
    assert!(
        !home.backup_file().exists(),
        "nothing before the first save"
    );
    let first = home.state_text();
    home.ok(&["mark", "demo", "t1.m1", "done"]);
    let second = home.state_text();
    assert_ne!(first, second);
    assert_eq!(std::fs::read_to_string(home.backup_file()).unwrap(), first);
    home.ok(&["note", "demo", "g1", "x"]);
    assert_eq!(std::fs::read_to_string(home.backup_file()).unwrap(), second);
    // the .bak is a good file too
    Store::new(home.state_dir()).load("demo").unwrap();
    let backup = std::fs::read_to_string(home.backup_file()).unwrap();
    assert!(taizhang::state::format::from_text(&backup).is_ok());

    // temp files of a writer killed mid-save are removed by the next save,
    // and a save leaves none of its own
    let stale = home.state_dir().join(".demo.yaml.Xa8k2z.tmp");
    std::fs::write(&stale, "half a file").unwrap();
    std::fs::write(home.state_dir().join(".demo.yaml.bak.tmp"), "x").unwrap();
    home.ok(&["note", "demo", "g1", "y"]);
    assert_eq!(
        listing(&home.state_dir()),
        ["demo.lock", "demo.yaml", "demo.yaml.bak"]
    );
}

#[test]
fn a_writer_waits_for_the_lock_on_the_separate_lock_file() {
    let home = Home::new();
    std::fs::create_dir_all(home.state_dir()).unwrap();
    let lock = PlanLock::acquire(&home.state_dir().join("demo.lock"), Duration::ZERO).unwrap();
    let mut child = home.spawn(&["mark", "demo", "t1.m1", "done"]);
    std::thread::sleep(Duration::from_millis(600));
    assert!(child.try_wait().unwrap().is_none(), "it waits while locked");
    assert!(!home.state_file().exists());
    drop(lock);
    assert!(child.wait().unwrap().success());
    assert_eq!(home.load().get("t1.m1").status, Status::Done);
}

#[test]
fn concurrent_writers_lose_nothing() {
    let home = Home::new();
    let milestones = ["g1", "t1.m1", "t1.m2", "t1.1.m1", "t2.m1", "t2.m2", "t2.m3"];
    const ROUNDS: usize = 6;
    std::thread::scope(|scope| {
        for milestone in milestones {
            let home = &home;
            scope.spawn(move || {
                for round in 0..ROUNDS {
                    let status = ["doing", "done", "blocked"][round % 3];
                    let note = format!("{milestone}#{round}");
                    home.ok(&["mark", "demo", milestone, status, "--note", &note]);
                }
            });
        }
        // two more writers on one milestone at the same time
        for writer in 0..2 {
            let home = &home;
            scope.spawn(move || {
                for round in 0..ROUNDS {
                    home.ok(&["note", "demo", "t2.m5", &format!("w{writer}#{round}")]);
                }
            });
        }
    });
    let state = home.load();
    for milestone in milestones {
        let m = state.get(milestone);
        let remarks = Home::remarks(&state, milestone);
        let expected: Vec<String> = (0..ROUNDS).map(|r| format!("{milestone}#{r}")).collect();
        assert_eq!(remarks, expected, "{milestone}");
        assert_eq!(m.history.len(), ROUNDS * 2, "status and note each time");
        assert_eq!(m.status, Status::Blocked);
        assert_eq!(m.note.as_deref(), Some(expected[ROUNDS - 1].as_str()));
    }
    let notes: Vec<String> = state
        .get("t2.m5")
        .history
        .iter()
        .filter_map(|c| c.to.clone())
        .collect();
    assert_eq!(notes.len(), ROUNDS * 2, "{notes:?}");
    for writer in 0..2 {
        for round in 0..ROUNDS {
            assert!(notes.contains(&format!("w{writer}#{round}")), "{notes:?}");
        }
    }
}

/// How long one `mark` takes on this machine, start to exit (the slowest
/// of three): the kill moments are drawn relative to it, so a slow debug
/// build and a fast release build are both killed before, during and after
/// their write.
fn time_of_one_mark(home: &Home) -> Duration {
    (0..3)
        .map(|i| {
            let start = Instant::now();
            home.ok(&["note", "demo", "t1.m1", &format!("calibrate {i}")]);
            start.elapsed()
        })
        .max()
        .unwrap()
}

#[test]
fn kill_9_at_random_moments_keeps_a_loadable_file_with_every_acknowledged_change() {
    let home = Home::new();
    let store = Store::new(home.state_dir());
    let mut rng = Rng::new();
    let milestones = ["t1.m2", "t2.m2", "t2.m3"];
    let mut acknowledged: Vec<(String, String)> = Vec::new();
    let mut killed = 0;
    let mut mid_save = 0;
    // kill moments are uniform over 0..window: the window starts at twice
    // the time of a whole `mark` here, widens after a round where every
    // writer died, and narrows after one where none did, so whatever the
    // machine's speed, rounds kill writers both before and after they
    // wrote. The test ends on counts, never on a clock.
    let mut window = time_of_one_mark(&home).as_micros() as u64 * 2;
    let mut round = 0;
    const MAX_ROUNDS: usize = 600;
    while round < MAX_ROUNDS && (round < 40 || killed < 20 || acknowledged.len() < 20) {
        let mut children: Vec<_> = milestones
            .iter()
            .enumerate()
            .map(|(w, milestone)| {
                let note = format!("r{round}w{w}");
                let status = ["doing", "done"][(round + w) % 2];
                let child = home.spawn(&["mark", "demo", milestone, status, "--note", &note]);
                (milestone.to_string(), note, child)
            })
            .collect();
        std::thread::sleep(Duration::from_micros(rng.below(window.max(1))));
        let mut round_acknowledged = 0;
        for (milestone, note, child) in &mut children {
            let _ = child.kill(); // SIGKILL
            let status = child.wait().unwrap();
            if status.success() {
                acknowledged.push((milestone.clone(), note.clone()));
                round_acknowledged += 1;
            } else {
                // killed before, during or after its write: any is valid,
                // and the checks below hold for all of them
                killed += 1;
            }
        }
        window = match round_acknowledged {
            0 => window + window / 4 + 1,
            n if n == milestones.len() => (window - window / 5).max(1),
            _ => window,
        };
        if listing(&home.state_dir())
            .iter()
            .any(|n| n.ends_with(".tmp"))
        {
            mid_save += 1; // a writer died between temp file and rename
        }
        // at any moment: the file (when there is one) and its .bak load
        if home.state_file().exists() {
            store
                .load("demo")
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
        }
        if home.backup_file().exists() {
            let text = std::fs::read_to_string(home.backup_file()).unwrap();
            taizhang::state::format::from_text(&text).unwrap();
        }
        round += 1;
    }
    assert!(
        killed > 0 && !acknowledged.is_empty(),
        "{killed} killed, {} acknowledged in {round} rounds",
        acknowledged.len()
    );
    let state = store.load("demo").unwrap();
    for (milestone, note) in &acknowledged {
        assert!(
            Home::notes(&state, milestone).contains(note),
            "acknowledged change {note} to {milestone} is missing"
        );
    }
    eprintln!(
        "{round} rounds: {killed} killed ({mid_save} rounds left a temp file), {} acknowledged, final window {window} us",
        acknowledged.len()
    );
    // the next save clears whatever the killed writers left behind
    home.ok(&["note", "demo", "g1", "after"]);
    assert_eq!(
        listing(&home.state_dir()),
        ["demo.lock", "demo.yaml", "demo.yaml.bak"]
    );
}

/// Replace the first line containing `from` with `to`; the 1-based line.
fn break_line(text: &str, from: &str, to: &str) -> (String, usize) {
    let index = text.lines().position(|l| l.contains(from)).unwrap();
    let broken: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == index {
                l.replace(from, to)
            } else {
                l.to_string()
            }
        })
        .collect();
    (broken.join("\n") + "\n", index + 1)
}

#[test]
fn a_broken_state_file_is_refused_with_its_position_and_never_overwritten() {
    let home = Home::new();
    home.ok(&["mark", "demo", "t1.m1", "doing", "--value", "300"]);
    // only one save so far: no .bak, and the message says so
    let good = home.state_text();
    let (broken, _) = break_line(&good, "status: doing", "status: finished");
    std::fs::write(home.state_file(), &broken).unwrap();
    let err = home.fail(&["mark", "demo", "t1.m1", "done"]);
    assert!(err.contains("no previous version"), "{err}");
    std::fs::write(home.state_file(), &good).unwrap();

    home.ok(&["mark", "demo", "t2.m1", "doing", "--value", "7"]);
    let good = home.state_text();
    let backup = home.backup_file().display().to_string();
    let file = home.state_file().display().to_string();
    let dup_id = home.load().get("t1.m1").history[0].id.clone();
    let second_id = home.load().get("t1.m1").history[1].id.clone();
    let cases = [
        (
            "    status: doing",
            "    status: doing: oops",
            "mapping values",
        ),
        ("status: doing", "status: finished", "unknown variant"),
        ("to: \"300\"", "to: lots", "expected a number"),
        (second_id.as_str(), dup_id.as_str(), "appears twice"),
        ("plan: demo", "plan: other", "expected `demo`"),
        ("version: 1", "version: 99", "newer"),
    ];
    for (from, to, says) in cases {
        let (broken, line) = break_line(&good, from, to);
        std::fs::write(home.state_file(), &broken).unwrap();
        for args in [
            &["mark", "demo", "t1.m1", "done"][..],
            &["note", "demo", "g1", "x"],
            &["undo", "demo"],
            &["log", "demo"],
            &["export", "demo"],
        ] {
            let err = home.fail(args);
            assert!(err.contains(says), "{from}: {err}");
            if says != "newer" {
                let at = format!("{file}:{line}:");
                assert!(err.contains(&at), "{from}: expected {at} in {err}");
                assert!(err.contains(&backup), "{from}: {err}");
            }
            assert_eq!(home.state_text(), broken, "{from}: the file was changed");
        }
        let output = home.run(&["validate"]);
        assert_eq!(output.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&output.stdout).contains(&file));
    }
    // the .bak is the previous good file: restoring it works
    std::fs::copy(home.backup_file(), home.state_file()).unwrap();
    home.ok(&["mark", "demo", "t1.m1", "done"]);
}

#[test]
fn state_of_a_milestone_the_plan_lost_is_kept_reported_and_reattached() {
    let home = Home::with_plan_copy();
    let plan_file = home.plans.join("demo.yaml");
    let plan_text = std::fs::read_to_string(&plan_file).unwrap();
    home.ok(&["mark", "demo", "t2.m5", "done", "--note", "已发布"]);
    home.ok(&["mark", "demo", "t2.m4", "doing"]);
    let lost =
        "          - id: t2.m5\n            title: 发布年度报告\n            due: 2025-12-31\n";
    assert!(plan_text.contains(lost));
    std::fs::write(&plan_file, plan_text.replace(lost, "")).unwrap();

    // validate warns with the state file's position, and still exits 0
    let output = home.run(&["validate"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let line = home
        .state_text()
        .lines()
        .position(|l| l == "  t2.m5:")
        .unwrap()
        + 1;
    let expected = format!(
        "{}:{line}:3: state for milestone `t2.m5` which plan `demo` no longer has (kept)",
        home.state_file().display()
    );
    assert_eq!(stdout.trim_end(), expected);
    assert!(String::from_utf8_lossy(&output.stderr).contains("1 warning"));

    // log shows its history and warns at the end
    let log = home.ok(&["log", "demo"]);
    assert!(log.contains("t2.m5"), "{log}");
    assert!(
        log.trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("warning: "),
        "{log}"
    );
    assert!(home.ok(&["log", "demo", "t2.m5"]).contains("已发布"));

    // it cannot be marked while gone, and other saves keep it
    let err = home.fail(&["mark", "demo", "t2.m5", "doing"]);
    assert!(err.contains("unknown milestone `t2.m5`"), "{err}");
    home.ok(&["mark", "demo", "t2.m1", "doing"]);
    home.ok(&["undo", "demo"]);
    assert_eq!(home.load().get("t2.m5").status, Status::Done);

    // the milestone comes back: its state re-attaches by id
    std::fs::write(&plan_file, &plan_text).unwrap();
    let out = home.ok(&["export", "demo"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let m5 = &doc["plans"][0]["areas"][1]["tasks"][0]["milestones"][4];
    assert_eq!(
        (m5["id"].as_str(), m5["status"].as_str()),
        (Some("t2.m5"), Some("done"))
    );
    assert_eq!(m5["note"], "已发布");
    let output = home.run(&["validate"]);
    assert!(output.stdout.is_empty());
}

#[test]
fn git_merges_two_peoples_changes_to_different_milestones_line_by_line() {
    // both people start from the same file, shared through git
    let alice = Home::new();
    alice.ok(&["mark", "demo", "t1.m1", "doing", "--value", "100"]);
    alice.ok(&["mark", "demo", "t2.m2", "doing"]);
    alice.ok(&["mark", "demo", "t2.m4", "doing"]);
    let base = alice.state_text();
    let bob = Home::new();
    std::fs::create_dir_all(bob.state_dir()).unwrap();
    std::fs::write(bob.state_file(), &base).unwrap();

    // alice changes t1.m1; bob changes the next block (t2.m2) and starts
    // t1.m2 and t2.m3, whose new blocks sit right beside changed ones
    alice.ok(&[
        "mark", "demo", "t1.m1", "done", "--value", "1000", "--note", "完成",
    ]);
    alice.ok(&["note", "demo", "t2.m4", "alice"]);
    let marked = bob
        .command(&["mark", "demo", "t2.m2", "blocked", "--note", "缺资金"])
        .env("USER", "bob")
        .output()
        .unwrap();
    assert!(
        marked.status.success(),
        "{}",
        String::from_utf8_lossy(&marked.stderr)
    );
    let marked_by_bob = bob.load();
    assert_eq!(marked_by_bob.get("t2.m2").status, Status::Blocked);
    assert_eq!(marked_by_bob.get("t2.m2").by.as_deref(), Some("bob"));
    bob.ok(&["mark", "demo", "t1.m2", "done"]);
    bob.ok(&["mark", "demo", "t2.m3", "doing"]);

    let dir = tempfile::tempdir().unwrap();
    let [ours, base_file, theirs] = ["ours", "base", "theirs"].map(|n| dir.path().join(n));
    std::fs::write(&ours, alice.state_text()).unwrap();
    std::fs::write(&base_file, &base).unwrap();
    std::fs::write(&theirs, bob.state_text()).unwrap();
    let output = std::process::Command::new("git")
        .args(["merge-file", "-p"])
        .args([&ours, &base_file, &theirs])
        .output()
        .unwrap();
    let merged = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "conflicts:\n{merged}");

    // the merged file loads, holds both sides, and equals the library merge
    std::fs::write(alice.state_file(), &merged).unwrap();
    let state = alice.load();
    let statuses: BTreeMap<&str, Status> = ["t1.m1", "t1.m2", "t2.m2", "t2.m3", "t2.m4"]
        .into_iter()
        .map(|id| (id, state.get(id).status))
        .collect();
    assert_eq!(
        statuses.values().copied().collect::<Vec<_>>(),
        [
            Status::Done,
            Status::Done,
            Status::Blocked,
            Status::Doing,
            Status::Doing
        ]
    );
    assert_eq!(state.get("t1.m1").value, Some(1000.0));
    assert_eq!(state.get("t2.m4").note.as_deref(), Some("alice"));
    assert_eq!(state.get("t2.m2").by.as_deref(), Some("bob"));
    let a = taizhang::state::format::from_text(&std::fs::read_to_string(&ours).unwrap()).unwrap();
    let b = taizhang::state::format::from_text(&std::fs::read_to_string(&theirs).unwrap()).unwrap();
    let (library, conflicts) = merge(&a, &b);
    assert!(conflicts.is_empty(), "{conflicts:?}");
    assert_eq!(library, state);
    alice.ok(&["log", "demo"]);
}
