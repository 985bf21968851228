//! The plan commands run as a person would: `plans`, `validate` with an
//! invalid-plan fixture per kind of error and its exact message, `export`'s
//! shape, `import` on the documents, and the errors for bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn taizhang(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(args)
        .env("TAIZHANG_HOME", home)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invalid")
        .join(name)
        .display()
        .to_string()
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/documents/seeds")
}

#[test]
fn plans_lists_the_shipped_plans_from_any_folder() {
    let home = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .arg("plans")
        .current_dir(elsewhere.path())
        .env("TAIZHANG_HOME", home.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let out = text(&output.stdout);
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(
        rows[0].split_whitespace().collect::<Vec<_>>(),
        ["id", "areas", "tasks", "milestones", "title"]
    );
    let jining: Vec<&str> = rows
        .iter()
        .find(|r| r.starts_with("jining-2024"))
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(
        &jining[..5],
        &[
            "jining-2024",
            "8",
            "34",
            "63",
            "济宁市县域经济高质量发展攻坚行动计划"
        ]
    );
    for id in ["shandong-2023-2025", "wenshang-2023", "yicheng-2024"] {
        assert!(out.contains(id), "{out}");
    }
}

#[test]
fn validate_names_file_line_and_column_for_each_kind_of_error() {
    let home = tempfile::tempdir().unwrap();
    let cases = [
        (
            "syntax.yaml",
            "16:1: found unexpected end of stream, while scanning a quoted scalar at line 6 column 12",
        ),
        (
            "unknown-field.yaml",
            "11:9: areas[0].tasks[0]: unknown field `colour`, expected one of",
        ),
        (
            "duplicate-id.yaml",
            "16:13: duplicate id `t1`: ids must be unique in a plan (first used on line 8)",
        ),
        (
            "bad-date.yaml",
            "14:18: areas[0].tasks[0].milestones[0]: invalid date `2025-13-01`: expected a real date as YYYY-MM-DD",
        ),
        (
            "target-without-value.yaml",
            "15:21: areas[0].tasks[0].milestones[0].target: missing field `value`",
        ),
        (
            "empty-title.yaml",
            "13:20: empty title: every plan, area, task and milestone needs one",
        ),
        (
            "wrong-name.yaml",
            "1:5: plan id `other-name` must equal the file name `wrong-name`",
        ),
        (
            "bad-comparator.yaml",
            "15:55: areas[0].tasks[0].milestones[0].target.comparator: unknown variant `more`, expected one of `at_least`, `at_most`, `about`, `exactly`",
        ),
    ];
    for (file, expected) in cases {
        let path = fixture(file);
        let output = taizhang(home.path(), &["validate", &path]);
        assert_eq!(output.status.code(), Some(1), "{file}");
        let out = text(&output.stdout);
        let wanted = format!("{path}:{expected}");
        assert!(
            out.starts_with(&wanted),
            "{file}:\n got  {out}\n want {wanted}"
        );
    }
    // every problem of every file, in one run
    let all: Vec<String> = cases.iter().map(|(f, _)| fixture(f)).collect();
    let mut args = vec!["validate"];
    args.extend(all.iter().map(String::as_str));
    let output = taizhang(home.path(), &args);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(text(&output.stdout).lines().count(), cases.len());
}

#[test]
fn validate_passes_the_shipped_plans_and_files_of_them() {
    let home = tempfile::tempdir().unwrap();
    let output = taizhang(home.path(), &["validate"]);
    assert!(output.status.success(), "{}", text(&output.stdout));
    assert!(text(&output.stderr).contains("4 plan(s) checked, no problems"));
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/jining-2024.yaml");
    let output = taizhang(home.path(), &["validate", file.to_str().unwrap()]);
    assert!(output.status.success());
}

#[test]
fn bad_input_is_a_one_line_error_naming_the_file() {
    let home = tempfile::tempdir().unwrap();
    let missing = taizhang(home.path(), &["validate", "/no/such/plan.yaml"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stdout).starts_with("/no/such/plan.yaml: cannot read"),
        "{}",
        text(&missing.stdout)
    );
    let binary = home.path().join("latin1.yaml");
    std::fs::write(&binary, b"id: x\ntitle: \xc4\xe3\xba\xc3\xff\n").unwrap();
    let output = taizhang(home.path(), &["validate", binary.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stdout).contains("not UTF-8"),
        "{}",
        text(&output.stdout)
    );
    let unknown = taizhang(home.path(), &["export", "no-such-plan"]);
    assert_eq!(unknown.status.code(), Some(1));
    let err = text(&unknown.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("unknown plan `no-such-plan`") && err.contains("jining-2024"),
        "{err}"
    );
    let folder = taizhang(home.path(), &["--plans", "/no/such/folder", "plans"]);
    assert_eq!(folder.status.code(), Some(1));
    assert!(text(&folder.stderr).contains("/no/such/folder: plans folder does not exist"));
    // a broken plan in a plans folder is reported with its position and
    // left out; the other plans are listed, and asking for it fails
    let plans = home.path().join("more");
    std::fs::create_dir(&plans).unwrap();
    std::fs::copy(fixture("bad-date.yaml"), plans.join("bad-date.yaml")).unwrap();
    let output = taizhang(home.path(), &["--plans", plans.to_str().unwrap(), "plans"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        text(&output.stderr).contains("bad-date.yaml:14:18: ")
            && text(&output.stderr).contains("(plan `bad-date` left out)"),
        "{}",
        text(&output.stderr)
    );
    assert!(text(&output.stdout).contains("jining-2024"));
    let asked = taizhang(
        home.path(),
        &["--plans", plans.to_str().unwrap(), "export", "bad-date"],
    );
    assert_eq!(asked.status.code(), Some(1));
    let err = text(&asked.stderr);
    assert!(err.contains("bad-date.yaml:14:18: "), "{err}");
    assert!(!err.contains("left out"), "{err}");
}

fn keys_of(value: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

fn sorted(keys: &[&str]) -> Vec<String> {
    let mut keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    keys.sort();
    keys
}

#[test]
fn export_json_has_the_documented_shape() {
    let home = tempfile::tempdir().unwrap();
    let output = taizhang(
        home.path(),
        &["--as-of", "2025-06-30", "export", "jining-2024"],
    );
    assert!(output.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let plans = doc["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 1);
    let plan = &plans[0];
    assert_eq!(plan["id"], "jining-2024");
    assert_eq!(plan["goals"].as_array().unwrap().len(), 4);
    let areas = plan["areas"].as_array().unwrap();
    assert_eq!(areas.len(), 8);
    let task = &areas[0]["tasks"][0];
    assert_eq!(
        keys_of(task),
        sorted(&[
            "id",
            "title",
            "text",
            "lead",
            "support",
            "milestones",
            "tasks"
        ])
    );
    assert_eq!(task["lead"][0], "市发展改革委");
    // the 5G commitment of task 9: 1.7万个, at least, by 2025
    let t9 = areas
        .iter()
        .flat_map(|a| a["tasks"].as_array().unwrap())
        .find(|t| t["id"] == "t9")
        .unwrap();
    let m = t9["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["target"]["unit"] == "万个")
        .unwrap();
    assert_eq!(m["target"]["value"], 1.7);
    assert_eq!(m["target"]["comparator"], "at_least");
    assert_eq!(m["due"], "2025-12-31");
    assert_eq!(
        keys_of(m),
        sorted(&[
            "id", "title", "due", "target", "status", "value", "note", "light", "overdue",
            "updated", "reports"
        ])
    );
    assert_eq!(m["status"], "todo");
    // all plans when none is named; YAML carries the same tree
    let all: serde_json::Value =
        serde_json::from_slice(&taizhang(home.path(), &["export"]).stdout).unwrap();
    assert_eq!(all["plans"].as_array().unwrap().len(), 4);
    let yaml = taizhang(home.path(), &["export", "jining-2024", "--format", "yaml"]);
    assert!(text(&yaml.stdout).contains("id: jining-2024"));
}

#[test]
fn import_drafts_a_plan_that_validates_and_writes_nothing_on_failure() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("wenshang-2023.yaml");
    let source = seeds().join("002_a3713a6d512530b7.txt");
    let output = taizhang(
        home.path(),
        &[
            "import",
            source.to_str().unwrap(),
            "--id",
            "wenshang-2023",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("11 areas, 78 tasks"),
        "{}",
        text(&output.stderr)
    );
    let check = taizhang(home.path(), &["validate", out.to_str().unwrap()]);
    assert!(check.status.success(), "{}", text(&check.stdout));
    // the default id comes from the file name
    let printed = taizhang(home.path(), &["import", source.to_str().unwrap()]);
    assert!(text(&printed.stdout).contains("id: 002_a3713a6d512530b7"));
    // a text with no structure: an error naming the file, no output file
    let prose = home.path().join("prose.txt");
    std::fs::write(&prose, "这是一段没有编号结构的文字。\n只有两段。\n").unwrap();
    let target = home.path().join("prose.yaml");
    let output = taizhang(
        home.path(),
        &[
            "import",
            prose.to_str().unwrap(),
            "--id",
            "prose",
            "-o",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let err = text(&output.stderr);
    assert!(
        err.contains("prose.txt") && err.contains("no recognisable structure"),
        "{err}"
    );
    assert!(!target.exists());
    let missing = taizhang(home.path(), &["import", "/no/such.txt", "--id", "x"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("/no/such.txt"));
}

#[test]
fn user_plans_folder_and_plans_option_add_plans() {
    let home = tempfile::tempdir().unwrap();
    let user_plans = home.path().join("plans");
    std::fs::create_dir(&user_plans).unwrap();
    let mut plan = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/jining-2024.yaml"),
    )
    .unwrap();
    plan = plan.replace("id: jining-2024", "id: jining-copy");
    std::fs::write(user_plans.join("jining-copy.yaml"), &plan).unwrap();
    let listed = text(&taizhang(home.path(), &["plans"]).stdout);
    assert!(listed.contains("jining-copy"), "{listed}");
    let extra = tempfile::tempdir().unwrap();
    std::fs::write(
        extra.path().join("jining-extra.yaml"),
        plan.replace("id: jining-copy", "id: jining-extra"),
    )
    .unwrap();
    let listed = text(
        &taizhang(
            home.path(),
            &["--plans", extra.path().to_str().unwrap(), "plans"],
        )
        .stdout,
    );
    assert!(
        listed.contains("jining-extra") && listed.contains("jining-copy"),
        "{listed}"
    );
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    use taizhang::state::{Edit, PlanState, Set, Status, history};
    let home = tempfile::tempdir().unwrap();
    // a long history: more lines of `log` than a pipe holds
    let mut state = PlanState::new("jining-2024");
    let start = chrono::DateTime::parse_from_rfc3339("2025-01-01T09:00:00+08:00").unwrap();
    for i in 0..3000 {
        let status = if i % 2 == 0 {
            Status::Doing
        } else {
            Status::Todo
        };
        let at = start + chrono::Duration::minutes(i);
        history::apply_edits(
            &mut state,
            &[Edit::new("g1", Set::Status(status))],
            "tester",
            None,
            at,
        );
    }
    std::fs::create_dir_all(home.path().join("state")).unwrap();
    std::fs::write(
        home.path().join("state/jining-2024.yaml"),
        taizhang::state::format::to_text(&state),
    )
    .unwrap();
    // `taizhang log jining-2024 | head -1`: the reader goes away after one line
    let mut child = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(["log", "jining-2024"])
        .env("TAIZHANG_HOME", home.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("g1"), "{first}");
    let output = child.wait_with_output().unwrap();
    let stderr = text(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(output.status.code(), Some(101), "no panic exit");
}
