//! The summary tests' fixture: the plans in tests/fixtures/summary with
//! known marks written straight into the state folder, judged as of
//! 2025-06-30.
//!
//! The marks of sx-shuzi (span 2024-01-01..2025-12-31; 546 of 730 days
//! gone) and what follows from them:
//!
//! | id | area | status, value   | progress | light  | why                     |
//! |----|------|-----------------|----------|--------|-------------------------|
//! | g1 | 总体 | doing, 6 of 10  | 0.6      | blue   | lag 0.15                |
//! | m1 | a1   | doing, 5000/1.7w| 0.294    | yellow | lag 0.45                |
//! | m2 | a1   | todo            | 0        | red    | overdue since 03-31     |
//! | m3 | a1   | done            | 1        | blue   |                         |
//! | m4 | a1   | blocked         | 0        | red    | blocked                 |
//! | m5 | a2   | done, 3200      | 1        | blue   |                         |
//! | m6 | a2   | doing, 15 of 20 | 0.75     | blue   |                         |
//! | m7 | a3   | todo            | 0        | red    | lag 0.75                |
//! | m8 | a3   | doing           | 0.5      | yellow | lag 0.36 (due 09-30)    |

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::DateTime;
use serde_json::Value;
use taizhang::state::{Change, Field, MilestoneState, PlanState, Status};

pub const AS_OF: &str = "2025-06-30";

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/summary")
}

pub fn change(
    at: &str,
    by: &str,
    field: Field,
    from: &str,
    to: &str,
    note: Option<&str>,
) -> Change {
    Change {
        id: format!("{at}-{by}"),
        at: DateTime::parse_from_rfc3339(at).unwrap(),
        by: by.into(),
        field,
        from: Some(from.into()),
        to: Some(to.into()),
        note: note.map(Into::into),
        session: None,
        undoes: None,
        period: None,
    }
}

pub fn mark(
    status: Status,
    value: Option<f64>,
    note: Option<&str>,
    history: Vec<Change>,
) -> MilestoneState {
    MilestoneState {
        status,
        value,
        note: note.map(Into::into),
        updated: history.last().map(|c| c.at),
        by: history.last().map(|c| c.by.clone()),
        history,
    }
}

/// A TAIZHANG_HOME with the marks of the table above.
pub fn home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let mut state = PlanState::new("sx-shuzi");
    let mut put = |id: &str, m: MilestoneState| {
        state.milestones.insert(id.into(), m);
    };
    put("g1", mark(Status::Doing, Some(6.0), None, vec![]));
    put(
        "m1",
        mark(
            Status::Doing,
            Some(5000.0),
            None,
            vec![change(
                "2025-06-15T10:00:00+08:00",
                "王五",
                Field::Value,
                "3000",
                "5000",
                None,
            )],
        ),
    );
    put(
        "m3",
        mark(
            Status::Done,
            None,
            None,
            vec![
                change(
                    "2025-05-10T09:00:00+08:00",
                    "张三",
                    Field::Status,
                    "todo",
                    "doing",
                    None,
                ),
                change(
                    "2025-06-20T15:30:00+08:00",
                    "李四",
                    Field::Status,
                    "doing",
                    "done",
                    Some("已通过验收"),
                ),
            ],
        ),
    );
    put(
        "m4",
        mark(
            Status::Blocked,
            None,
            Some("用地审批未完成"),
            vec![change(
                "2025-06-25T11:00:00+08:00",
                "李四",
                Field::Status,
                "doing",
                "blocked",
                None,
            )],
        ),
    );
    put(
        "m5",
        mark(
            Status::Done,
            Some(3200.0),
            None,
            vec![change(
                "2024-12-20T16:00:00+08:00",
                "张三",
                Field::Status,
                "doing",
                "done",
                None,
            )],
        ),
    );
    put(
        "m6",
        mark(
            Status::Doing,
            Some(15.0),
            Some("车间建设按计划推进"),
            // after the as-of date: not in a summary as of 2025-06-30
            vec![change(
                "2025-07-02T09:00:00+08:00",
                "王五",
                Field::Note,
                "",
                "车间建设按计划推进",
                None,
            )],
        ),
    );
    put("m8", mark(Status::Doing, None, None, vec![]));
    let dir = home.path().join("state");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("sx-shuzi.yaml"),
        taizhang::yaml::to_string(&state).unwrap(),
    )
    .unwrap();
    home
}

pub fn run_with(home: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_taizhang"));
    command
        .env("TAIZHANG_HOME", home)
        .env_remove("NO_COLOR")
        .arg("--plans")
        .arg(fixtures())
        .args(["--as-of", AS_OF])
        .args(args);
    for (key, value) in envs {
        command.env(key, value);
    }
    command.output().unwrap()
}

pub fn ok(home: &Path, args: &[&str]) -> String {
    let output = run_with(home, args, &[]);
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

pub fn json(home: &Path, args: &[&str]) -> Value {
    let mut all = vec!["summary", "--format", "json"];
    all.extend(args);
    serde_json::from_str(&ok(home, &all)).unwrap()
}

pub fn plan<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no plan {id}"))
}

/// milestones, todo, doing, done, blocked, overdue, blue, yellow, red, percent
pub fn counts(totals: &Value) -> (u64, u64, u64, u64, u64, u64, u64, u64, u64, f64) {
    let n = |key: &str| totals[key].as_u64().unwrap();
    (
        n("milestones"),
        n("todo"),
        n("doing"),
        n("done"),
        n("blocked"),
        n("overdue"),
        n("blue"),
        n("yellow"),
        n("red"),
        totals["percent"].as_f64().unwrap(),
    )
}

pub fn fails(home: &Path, args: &[&str]) -> String {
    let output = run_with(home, args, &[]);
    assert!(!output.status.success(), "{args:?} should fail");
    String::from_utf8(output.stderr).unwrap()
}
