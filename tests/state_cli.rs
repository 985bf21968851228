//! `mark`, `note`, `log`, `undo`, `export` and the argument errors, run on
//! the real binary against a temporary TAIZHANG_HOME.

mod common;

use std::collections::HashSet;

use common::{Home, fixtures, listing};
use taizhang::state::{Field, Status};

#[test]
fn mark_saves_a_versioned_yaml_file_per_plan_with_who_when_and_history() {
    let home = Home::new();
    std::fs::write(home.path().join("config.yaml"), "reviewer: 张三\n").unwrap();
    let plan_before = std::fs::read(fixtures().join("demo.yaml")).unwrap();

    let out = home.ok(&[
        "mark",
        "demo",
        "t1.m1",
        "推进中",
        "--value",
        "300",
        "--note",
        "第一批开工",
    ]);
    assert!(out.contains("todo(未启动) -> doing(推进中)"), "{out}");

    // one human-readable file per plan, named after the plan id, versioned
    assert_eq!(listing(&home.state_dir()), ["demo.lock", "demo.yaml"]);
    let text = home.state_text();
    assert!(text.contains("\nversion: 1\nplan: demo\n"), "{text}");
    assert!(text.contains("\n  t1.m1:\n    status: doing\n"), "{text}");

    let state = home.load();
    let m = state.get("t1.m1");
    assert_eq!(m.status, Status::Doing);
    assert_eq!(m.value, Some(300.0));
    assert_eq!(m.note.as_deref(), Some("第一批开工"));
    assert_eq!(m.by.as_deref(), Some("张三"));
    // recorded with the local offset (TZ=Asia/Shanghai for the child)
    let updated = m.updated.expect("updated");
    assert_eq!(updated.offset().local_minus_utc(), 8 * 3600);
    assert!((chrono::Utc::now() - updated.to_utc()).num_seconds().abs() < 60);
    // the whole history: status, value and note, each with from/to/who/when
    let fields: Vec<Field> = m.history.iter().map(|c| c.field).collect();
    assert_eq!(fields, [Field::Status, Field::Value, Field::Note]);
    let status = &m.history[0];
    assert_eq!(
        (status.from.as_deref(), status.to.as_deref()),
        (Some("todo"), Some("doing"))
    );
    assert_eq!(status.note.as_deref(), Some("第一批开工"));
    assert!(m.history.iter().all(|c| c.by == "张三" && c.at == updated));

    home.ok(&["mark", "demo", "g1", "done"]);
    home.ok(&["note", "demo", "g1", "验收"]);
    let state = home.load();
    let ids: Vec<&str> = state
        .milestones
        .values()
        .flat_map(|m| m.history.iter().map(|c| c.id.as_str()))
        .collect();
    assert_eq!(ids.len(), 5);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 5, "unique ids");
    // the plan is never written to
    assert_eq!(
        std::fs::read(fixtures().join("demo.yaml")).unwrap(),
        plan_before
    );
}

#[test]
fn reviewer_defaults_to_the_login_name_and_statuses_read_in_both_languages() {
    let home = Home::new();
    for (status, expected) in [
        ("doing", Status::Doing),
        ("已完成", Status::Done),
        ("BLOCKED", Status::Blocked),
        ("未启动", Status::Todo),
    ] {
        home.ok(&["mark", "demo", "t2.m2", status]);
        assert_eq!(home.load().get("t2.m2").status, expected, "{status}");
    }
    let state = home.load();
    assert!(state.get("t2.m2").history.iter().all(|c| c.by == "tester"));
    // marking what already is records nothing and does not rewrite the file
    let before = home.state_text();
    let out = home.ok(&["mark", "demo", "t2.m2", "todo"]);
    assert!(out.contains("nothing recorded"), "{out}");
    assert_eq!(home.state_text(), before);
}

#[test]
fn log_lists_changes_newest_first_and_filters() {
    let home = Home::new();
    home.ok(&["mark", "demo", "t1.m1", "doing", "--note", "first"]);
    home.ok(&["note", "demo", "t2.m1", "second"]);
    home.ok(&["mark", "demo", "t1.m1", "done", "--note", "third"]);
    let log = home.ok(&["log", "demo"]);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 5, "{log}");
    // time (local, minutes), who, milestone, field, from -> to, note
    let first = lines[0];
    assert!(
        regex::Regex::new(r"^\d{4}-\d\d-\d\d \d\d:\d\d  tester  t1.m1  (status|note)")
            .unwrap()
            .is_match(first),
        "{log}"
    );
    // newest first: the third command's two changes, the second, the first
    assert!(lines[..2].iter().all(|l| l.contains("third")), "{log}");
    assert!(lines[2].contains("t2.m1  note    - -> \"second\""), "{log}");
    assert!(lines[3].ends_with("- -> \"first\""), "{log}");
    assert!(
        lines[4].ends_with("todo(未启动) -> doing(推进中)  first"),
        "{log}"
    );
    assert!(
        log.contains("status  doing(推进中) -> done(已完成)  third"),
        "{log}"
    );
    assert!(log.contains("note    \"first\" -> \"third\""), "{log}");

    let only = home.ok(&["log", "demo", "t2.m1"]);
    assert_eq!(only.lines().count(), 1, "{only}");
    assert!(only.contains("\"second\""));
    let today = chrono::Utc::now().date_naive();
    let tomorrow = (today + chrono::Days::new(2)).to_string();
    assert_eq!(home.ok(&["log", "demo", "--since", &tomorrow]), "");
    let since = (today - chrono::Days::new(2)).to_string();
    assert_eq!(
        home.ok(&["log", "demo", "--since", &since]).lines().count(),
        5
    );
}

#[test]
fn undo_reverts_the_last_command_as_a_new_change() {
    let home = Home::new();
    home.ok(&["mark", "demo", "t1.m1", "doing"]);
    home.ok(&[
        "mark", "demo", "t1.m1", "blocked", "--value", "20", "--note", "停工",
    ]);
    let out = home.ok(&["undo", "demo"]);
    assert_eq!(out.lines().count(), 3, "the whole command is undone: {out}");
    let m = home.load().get("t1.m1").clone();
    assert_eq!(
        (m.status, m.value, m.note.as_deref()),
        (Status::Doing, None, None)
    );
    // nothing deleted: 1 + 3 + 3 reverting changes, each naming what it undoes
    assert_eq!(m.history.len(), 7);
    let undone: Vec<&str> = m.history[4..]
        .iter()
        .map(|c| c.undoes.as_deref().unwrap())
        .collect();
    let originals: HashSet<&str> = m.history[1..4].iter().map(|c| c.id.as_str()).collect();
    assert_eq!(undone.iter().copied().collect::<HashSet<_>>(), originals);
    assert!(home.ok(&["log", "demo"]).contains("(undo)"));

    // undo again steps further back, then there is nothing left
    home.ok(&["undo", "demo"]);
    assert_eq!(home.load().get("t1.m1").status, Status::Todo);
    let err = home.fail(&["undo", "demo"]);
    assert!(err.contains("nothing to undo in plan `demo`"), "{err}");
    assert_eq!(home.load().get("t1.m1").history.len(), 8);
}

#[test]
fn export_carries_status_value_note_light_overdue_and_updated() {
    let home = Home::new();
    home.ok(&[
        "mark", "demo", "t1.m1", "doing", "--value", "500", "--note", "过半",
    ]);
    home.ok(&["mark", "demo", "t2.m2", "blocked"]);
    let out = home.ok(&["export", "demo", "--as-of", "2024-08-01"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let tasks = &doc["plans"][0]["areas"][0]["tasks"][0];
    let m1 = &tasks["milestones"][0];
    assert_eq!(m1["id"], "t1.m1");
    assert_eq!(m1["status"], "doing");
    assert_eq!(m1["value"], 500.0);
    assert_eq!(m1["note"], "过半");
    assert_eq!(m1["overdue"], false);
    // 58% of the time to its due date gone, 50% done: on schedule
    assert_eq!(m1["light"], "blue");
    assert!(m1["updated"].as_str().unwrap().ends_with("+08:00"));
    // no state: todo; due 2024-06-30 and not done: overdue and red
    let m2 = &tasks["milestones"][1];
    assert_eq!(
        (m2["status"].as_str(), m2["value"].is_null()),
        (Some("todo"), true)
    );
    assert_eq!(
        (m2["overdue"].as_bool(), m2["light"].as_str()),
        (Some(true), Some("red"))
    );
    assert!(m2["updated"].is_null());
    let blocked = &doc["plans"][0]["areas"][1]["tasks"][0]["milestones"][1];
    assert_eq!(
        (blocked["status"].as_str(), blocked["light"].as_str()),
        (Some("blocked"), Some("red"))
    );
}

#[test]
fn wrong_arguments_are_one_line_errors_and_write_nothing() {
    let home = Home::new();
    let cases: [(&[&str], &[&str]); 8] = [
        (
            &["mark", "nope", "t1.m1", "done"],
            &["unknown plan `nope`", "demo"],
        ),
        (
            &["mark", "demo", "t9.m9", "done"],
            &["unknown milestone `t9.m9` in plan `demo`; the nearest ids are t1.m1, t1.m2, t2.m1"],
        ),
        (
            &["mark", "demo", "t1.m1", "finished"],
            &[
                "unknown status `finished`",
                "todo, doing, done, blocked",
                "已完成",
            ],
        ),
        (
            &["mark", "demo", "t1.m1", "doing", "--value", "many"],
            &["`many` is not a number", "for a target of >=1000个"],
        ),
        (
            &["mark", "demo", "t1.m1", "doing", "--value", "NaN"],
            &["`NaN` is not a number"],
        ),
        (
            &["mark", "demo", "t1.m2", "doing", "--value", "3"],
            &["`t1.m2`", "no numeric target"],
        ),
        (
            &["log", "demo", "--since", "2025-02-30"],
            &["invalid date `2025-02-30`", "YYYY-MM-DD"],
        ),
        (&["note", "demo", "x", "text"], &["unknown milestone `x`"]),
    ];
    for (args, expected) in cases {
        let err = home.fail(args);
        for part in expected {
            assert!(err.contains(part), "{args:?}: `{part}` not in {err}");
        }
        assert!(!home.state_file().exists(), "{args:?} wrote the state");
    }
    // with a saved file: byte for byte untouched by a refused command
    home.ok(&["mark", "demo", "t1.m1", "doing"]);
    let before = home.state_text();
    home.fail(&["mark", "demo", "t1.m1", "done", "--value", "1,7"]);
    home.fail(&["mark", "demo", "t1.m9", "done"]);
    assert_eq!(home.state_text(), before);
    assert!(!home.backup_file().exists(), "no save happened");
}
