//! One language at a time (issue 15, point 5) for the problems of files:
//! `validate`'s, the broken-plan warning, the settings' and a state
//! file's. Under a Chinese locale the whole line is Chinese (paths, ids,
//! field names and the values quoted from the file excepted); under C it
//! is the English it always was. Each test runs the real binary both ways.

mod common;

use common::{english_words, in_lang};
use std::path::Path;
use std::process::Output;

use common::Home;

fn run(home: &Home, lang: &str, args: &[&str]) -> Output {
    in_lang(&mut home.command(args), lang).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn invalid(file: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invalid")
        .join(file)
        .display()
        .to_string()
}

#[test]
fn validate_words_every_kind_of_problem_in_chinese() {
    let home = Home::new();
    let cases = [
        (
            "syntax.yaml",
            "16:1: YAML 语法错误：文件意外结束（引号或括号没有闭合）；出错时正在读一段带引号的文本（从第 6 行第 12 列开始）",
            "16:1: found unexpected end of stream, while scanning a quoted scalar at line 6 column 12",
        ),
        (
            "unknown-field.yaml",
            "11:9: areas[0].tasks[0]：未知字段 `colour`，可用：`id`、`number`、`title`、`text`、`lead`、`support`、`milestones`、`tasks`",
            "11:9: areas[0].tasks[0]: unknown field `colour`, expected one of",
        ),
        (
            "duplicate-id.yaml",
            "16:13: 编号 `t1` 重复：同一计划中的编号不能重复（第 8 行已用过）",
            "16:13: duplicate id `t1`: ids must be unique in a plan (first used on line 8)",
        ),
        (
            "bad-date.yaml",
            "14:18: areas[0].tasks[0].milestones[0]：无效日期 `2025-13-01`：应为真实的日期，写作 YYYY-MM-DD",
            "14:18: areas[0].tasks[0].milestones[0]: invalid date `2025-13-01`",
        ),
        (
            "target-without-value.yaml",
            "15:21: areas[0].tasks[0].milestones[0].target：缺少字段 `value`",
            "15:21: areas[0].tasks[0].milestones[0].target: missing field `value`",
        ),
        (
            "empty-title.yaml",
            "13:20: 标题为空：计划、领域、任务和里程碑都要有标题",
            "13:20: empty title: every plan, area, task and milestone needs one",
        ),
        (
            "wrong-name.yaml",
            "1:5: 计划编号 `other-name` 必须与文件名 `wrong-name` 相同（文件名去掉扩展名即计划编号）",
            "1:5: plan id `other-name` must equal the file name `wrong-name`",
        ),
        (
            "bad-comparator.yaml",
            "15:55: areas[0].tasks[0].milestones[0].target.comparator：未知取值 `more`，可用：`at_least`、`at_most`、`about`、`exactly`",
            "15:55: areas[0].tasks[0].milestones[0].target.comparator: unknown variant `more`",
        ),
    ];
    for (file, zh, en) in cases {
        let path = invalid(file);
        let out = run(&home, "zh_CN.UTF-8", &["validate", &path]);
        assert_eq!(out.status.code(), Some(1), "{file}");
        let line = text(&out.stdout);
        assert_eq!(line, format!("{path}:{zh}\n"), "{file}");
        let kept = [
            path.as_str(),
            "YAML",
            "YYYY",
            "areas",
            "tasks",
            "milestones",
        ];
        let kept = [&kept[..], &["target", "comparator"]].concat();
        assert!(english_words(&line, &kept).is_empty(), "{line}");
        assert_eq!(text(&out.stderr), "1 个问题\n", "{file}");

        let out = run(&home, "C.UTF-8", &["validate", &path]);
        let line = text(&out.stdout);
        assert!(line.starts_with(&format!("{path}:{en}")), "{file}: {line}");
    }
}

#[test]
fn a_broken_plan_is_a_chinese_warning_beside_the_plans_that_load() {
    let home = Home::with_plan_copy();
    std::fs::copy(
        invalid("empty-title.yaml"),
        home.plans.join("empty-title.yaml"),
    )
    .unwrap();
    let file = home.plans.join("empty-title.yaml").display().to_string();
    let out = run(&home, "zh_CN.UTF-8", &["plans"]);
    assert!(out.status.success(), "{out:?}");
    assert!(text(&out.stdout).contains("demo"));
    assert_eq!(
        text(&out.stderr),
        format!(
            "taizhang: 警告：{file}:13:20: 标题为空：计划、领域、任务和里程碑都要有标题（已略过计划 `empty-title`）\n"
        )
    );
    let out = run(&home, "C.UTF-8", &["plans"]);
    assert_eq!(
        text(&out.stderr),
        format!(
            "taizhang: warning: {file}:13:20: empty title: every plan, area, task and milestone needs one (plan `empty-title` left out)\n"
        )
    );
}

/// A settings file with `body`; the one line a command prints about it.
fn settings_problem(body: &str, lang: &str) -> (String, String) {
    let home = Home::new();
    let file = home.path().join("config.yaml");
    std::fs::write(&file, body).unwrap();
    let out = run(&home, lang, &["plans"]);
    assert!(
        out.status.success(),
        "a bad settings file is a warning: {out:?}"
    );
    (text(&out.stderr), file.display().to_string())
}

#[test]
fn a_bad_setting_is_said_in_chinese_and_the_defaults_are_used() {
    let (err, file) = settings_problem("colors:\n  red: mauve\n", "zh_CN.UTF-8");
    assert_eq!(
        err,
        format!(
            "taizhang: {file}:2:3: colors.red：未知颜色 `mauve`：请用颜色名（如 blue、lightred、darkgray）、0-255 的数字或 #rrggbb（改用默认设置）\n"
        )
    );
    let (err, file) = settings_problem("lights:\n  yellow_behind: 200\n", "zh_CN.UTF-8");
    assert_eq!(
        err,
        format!(
            "taizhang: {file}:2:3: lights.yellow_behind：应为 0 到 100 之间的分数（改用默认设置）\n"
        )
    );
    let (err, file) = settings_problem("colours: {}\n", "zh_CN.UTF-8");
    assert_eq!(
        err,
        format!(
            "taizhang: {file}:1:1: colours：未知字段 `colours`，可用：`reviewer`、`reviewer_unit`、`locale`、`colors`、`lights`、`keys`、`report_period`（改用默认设置）\n"
        )
    );
    let (err, file) = settings_problem("colors:\n  red: mauve\n", "C.UTF-8");
    assert_eq!(
        err,
        format!(
            "taizhang: {file}:2:3: colors.red: unknown colour `mauve`: use a name such as blue, lightred, darkgray, a number 0-255, or #rrggbb (using the default settings)\n"
        )
    );
}

#[test]
fn a_corrupt_state_file_is_refused_in_chinese() {
    let home = Home::new();
    home.ok(&["mark", "demo", "t1.m1", "doing"]);
    let state = home.state_text();
    // the same change id twice: as two people's edits joined by hand
    let id_line = state
        .lines()
        .find(|l| l.trim_start().starts_with("- id: "))
        .unwrap()
        .to_string();
    let doubled = state.replacen(
        "    history:\n",
        &format!(
            "    history:\n{id_line}\n      at: 2025-01-01T08:00:00+08:00\n      by: 甲\n      field: note\n      to: 重复\n"
        ),
        1,
    );
    std::fs::write(home.state_file(), &doubled).unwrap();
    let file = home.state_file().display().to_string();
    let out = run(&home, "zh_CN.UTF-8", &["log", "demo"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = text(&out.stderr);
    let (position, rest) = err
        .strip_prefix(&format!("taizhang: {file}:"))
        .and_then(|r| r.split_once(": "))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        position.split(':').all(|n| n.parse::<usize>().is_ok()),
        "{err}"
    );
    let id = id_line
        .trim_start()
        .trim_start_matches("- id: ")
        .trim_matches('"');
    assert!(
        rest.starts_with(&format!(
            "变更 id `{id}` 出现了两次；该文件被拒绝，未作改动；"
        )),
        "{err}"
    );
    assert!(
        english_words(&err, &[&file, "taizhang", ".bak"]).is_empty(),
        "{err}"
    );
    let out = run(&home, "C.UTF-8", &["log", "demo"]);
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "change id `{id}` appears twice; the file was refused"
        )),
        "{err}"
    );
}

#[test]
fn why_a_file_cannot_be_written_or_read_is_said_in_chinese() {
    let home = Home::new();
    let export = |lang: &str, to: &str| {
        let out = run(
            &home,
            lang,
            &["export", "demo", "--format", "json", "-o", to],
        );
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        text(&out.stderr)
    };
    let missing = home.path().join("no/such/folder/x.json");
    let missing = missing.display().to_string();
    assert_eq!(
        export("zh_CN.UTF-8", &missing),
        format!("taizhang: {missing}：无法写入：文件或文件夹不存在\n")
    );
    // the temp file's random name is not the user's concern
    assert_eq!(
        export("C.UTF-8", &missing),
        format!("taizhang: {missing}: cannot write: No such file or directory (os error 2)\n")
    );
    #[cfg(unix)]
    {
        assert_eq!(
            export("zh_CN.UTF-8", "/dev/null"),
            "taizhang: /dev/null：无法写入：那里是设备；taizhang 只写入新文件或覆盖普通文件（未写入任何内容）\n"
        );
        assert_eq!(
            export("C.UTF-8", "/dev/null"),
            "taizhang: /dev/null: cannot write: a device is there; taizhang writes only to a new file or over a regular file (nothing was written)\n"
        );
    }
    let plan = home.path().join("nosuch.yaml").display().to_string();
    let out = run(&home, "zh_CN.UTF-8", &["validate", &plan]);
    assert_eq!(
        text(&out.stdout),
        format!("{plan}：无法读取：文件或文件夹不存在（系统错误 2）\n")
    );
}
