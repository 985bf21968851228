//! One language at a time (issue 15, point 5) for sync and the listings:
//! the problems `sync --status` reports, the messages of the commits a
//! sync makes (in the syncing user's language), `log PLAN --sessions` and
//! the `plans` table. Each test runs the real binary under
//! `LANG=zh_CN.UTF-8` and `LANG=C.UTF-8` (no LC_ALL, no LC_MESSAGES) and
//! asserts the exact lines, that no English message word is left in the
//! Chinese, and the English; tables are aligned by display width.

mod common;
mod sync_support;

use common::english_words;
use std::process::{Command, Output};

use chrono::DateTime;
use common::Home;
use sync_support::Team;
use taizhang::review::{Scope, SessionRecord, SessionStore};
use unicode_width::UnicodeWidthStr;

const ZH: &str = "zh_CN.UTF-8";
const EN: &str = "C.UTF-8";

/// A command in one language: `LANG` set, `LC_ALL` and `LC_MESSAGES` gone.
fn in_lang(mut command: Command, lang: &str) -> Output {
    command
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    command.output().unwrap()
}

fn team_command(team: &Team, who: &str, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_taizhang"));
    command.arg("--plans").arg(&team.plans).args(args);
    team.env(&mut command, who);
    command
}

fn team_run(team: &Team, who: &str, lang: &str, args: &[&str]) -> Output {
    in_lang(team_command(team, who, args), lang)
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr_of_failure(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// The cells of a table line, split where two or more spaces are, each
/// with the display columns where it starts and ends.
fn cells(line: &str) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    let mut column = 0;
    let mut current = String::new();
    let mut start = 0;
    let mut spaces = 0;
    for c in line.chars() {
        if c == ' ' {
            spaces += 1;
        } else {
            if spaces >= 2 || current.is_empty() {
                if !current.is_empty() {
                    let text = current.trim_end().to_string();
                    found.push((start, start + text.width(), text));
                }
                current.clear();
                start = column;
            } else {
                current.extend(std::iter::repeat_n(' ', spaces));
            }
            spaces = 0;
            current.push(c);
        }
        column += c.to_string().width();
    }
    if !current.is_empty() {
        found.push((start, start + current.width(), current));
    }
    found
}

/// Every line has `count` cells; left-aligned columns start, right-aligned
/// ones end, at the same display column in every line.
fn assert_aligned(text: &str, right: &[bool]) {
    let rows: Vec<Vec<(usize, usize, String)>> = text.lines().map(cells).collect();
    for row in &rows {
        assert_eq!(row.len(), right.len(), "{row:?} in\n{text}");
    }
    for (i, &right) in right.iter().enumerate() {
        let edge = |row: &Vec<(usize, usize, String)>| if right { row[i].1 } else { row[i].0 };
        let first = edge(&rows[0]);
        for row in &rows {
            assert_eq!(edge(row), first, "column {i} of {row:?} in\n{text}");
        }
    }
}

#[test]
fn the_alignment_check_counts_display_width() {
    assert_aligned("汉字  x\nab    y\n", &[false, false]);
    assert_aligned("汉字  10\nab     9\n", &[false, true]);
    let misaligned = std::panic::catch_unwind(|| assert_aligned("a   c\n汉字  d\n", &[false; 2]));
    assert!(misaligned.is_err(), "a wide glyph counts two columns");
}

#[test]
fn the_plans_table_has_its_header_in_one_language_aligned_by_width() {
    let home = Home::new();
    let right = [false, true, true, true, false];
    let zh = stdout(&in_lang(home.command(&["plans"]), ZH));
    let header = cells(zh.lines().next().unwrap());
    let words: Vec<&str> = header.iter().map(|c| c.2.as_str()).collect();
    assert_eq!(words, ["编号", "领域", "任务", "里程碑", "标题"], "{zh}");
    assert!(
        english_words(zh.lines().next().unwrap(), &[]).is_empty(),
        "{zh}"
    );
    assert_aligned(&zh, &right);
    let demo: Vec<String> = cells(zh.lines().find(|l| l.starts_with("demo ")).unwrap())
        .into_iter()
        .map(|c| c.2)
        .collect();
    assert_eq!(demo, ["demo", "2", "3", "9", "示范行动方案（测试用）"]);

    let en = stdout(&in_lang(home.command(&["plans"]), EN));
    let header = cells(en.lines().next().unwrap());
    let words: Vec<&str> = header.iter().map(|c| c.2.as_str()).collect();
    assert_eq!(
        words,
        ["id", "areas", "tasks", "milestones", "title"],
        "{en}"
    );
    assert_aligned(&en, &right);
    // the rows are the same in both languages, only the header differs
    assert_eq!(
        zh.lines()
            .skip(1)
            .map(cells)
            .map(|r| r.into_iter().map(|c| c.2).collect::<Vec<_>>())
            .collect::<Vec<_>>(),
        en.lines()
            .skip(1)
            .map(cells)
            .map(|r| r.into_iter().map(|c| c.2).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    );
}

fn at(text: &str) -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

/// Three review sessions of `demo`: narrowed to area 1 and a lead unit,
/// ended; by due date, stale first and all, interrupted; the whole plan.
fn save_sessions(home: &Home) {
    let store = SessionStore::new(&home.state_dir());
    let queue = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut first = SessionRecord::new(
        "demo",
        Scope {
            area: Some(1),
            lead: Some("市工业和信息化局".into()),
            ..Scope::default()
        },
        "张三",
        queue(&["t1.m1", "t1.m2", "t1.1.m1"]),
        at("2025-06-30T15:02:00+08:00"),
    );
    first.id = "20250630-150200-7f3a".into();
    first.ended = Some(at("2025-06-30T15:40:00+08:00"));
    first.seen = ["t1.m1", "t1.m2"].map(String::from).into();
    first.skipped = ["t1.m2"].map(String::from).into();
    store.save(&first).unwrap();
    let mut second = SessionRecord::new(
        "demo",
        Scope {
            due_before: Some("2025-12-31".parse().unwrap()),
            stale: Some(14),
            all: true,
            ..Scope::default()
        },
        "欧阳晓明",
        queue(&[
            "g1", "t1.m1", "t1.m2", "t1.1.m1", "t2.m1", "t2.m2", "t2.m3", "t2.m4", "t2.m5", "t2.m1",
        ]),
        at("2025-07-01T09:00:00+08:00"),
    );
    second.id = "20250701-090000-ab12".into();
    second.seen = ["g1"].map(String::from).into();
    store.save(&second).unwrap();
    let mut third = SessionRecord::new(
        "demo",
        Scope::default(),
        "tester",
        queue(&["t2.m1"]),
        at("2025-07-02T10:30:00+08:00"),
    );
    third.id = "20250702-103000-0c0d".into();
    third.ended = Some(at("2025-07-02T10:31:00+08:00"));
    store.save(&third).unwrap();
}

#[test]
fn the_list_of_review_sessions_is_in_one_language_aligned_by_width() {
    let home = Home::new();
    save_sessions(&home);
    let args = ["log", "demo", "--sessions"];
    let zh = stdout(&in_lang(home.command(&args), ZH));
    assert_eq!(
        zh,
        "\
20250630-150200-7f3a  2025-06-30 15:02 -> 15:40   张三      已审 2/3，有变更 0，跳过 1   (1) 夯实数字基础设施，市工业和信息化局
20250701-090000-ab12  2025-07-01 09:00 -> 已中断  欧阳晓明  已审 1/10，有变更 0，跳过 0  2025-12-31 前到期，14 天未变的在前，含已完成
20250702-103000-0c0d  2025-07-02 10:30 -> 10:31   tester    已审 0/1，有变更 0，跳过 0   示范行动方案（测试用）
"
    );
    for line in zh.lines() {
        let id = &line[..20];
        assert!(english_words(line, &[id, "tester"]).is_empty(), "{line}");
    }
    assert_aligned(&zh, &[false; 5]);

    let en = stdout(&in_lang(home.command(&args), EN));
    assert_eq!(
        en,
        "\
20250630-150200-7f3a  2025-06-30 15:02 -> 15:40        张三      2/3 reviewed, 0 changed, 1 skipped   (1) 夯实数字基础设施 · 市工业和信息化局
20250701-090000-ab12  2025-07-01 09:00 -> interrupted  欧阳晓明  1/10 reviewed, 0 changed, 0 skipped  due < 2025-12-31 · stale 14d first · all
20250702-103000-0c0d  2025-07-02 10:30 -> 10:31        tester    0/1 reviewed, 0 changed, 0 skipped   示范行动方案（测试用）
"
    );
    assert_aligned(&en, &[false; 5]);

    // one session's summary names its scope in the same language
    let show = ["log", "demo", "--session", "20250701-090000-ab12"];
    let zh = stdout(&in_lang(home.command(&show), ZH));
    assert_eq!(
        zh.lines().next().unwrap(),
        "调度审阅 20250701-090000-ab12  2025-12-31 前到期，14 天未变的在前，含已完成"
    );
    let en = stdout(&in_lang(home.command(&show), EN));
    assert_eq!(
        en.lines().next().unwrap(),
        "Review session 20250701-090000-ab12  due < 2025-12-31 · stale 14d first · all"
    );
}

#[test]
fn no_review_sessions_is_said_in_one_language() {
    let home = Home::new();
    let args = ["log", "demo", "--sessions"];
    let zh = in_lang(home.command(&args), ZH);
    assert!(zh.status.success());
    assert_eq!(
        String::from_utf8_lossy(&zh.stderr),
        "计划 `demo` 没有审阅会话\n"
    );
    let en = in_lang(home.command(&args), EN);
    assert_eq!(
        String::from_utf8_lossy(&en.stderr),
        "no review sessions of `demo`\n"
    );
}

#[test]
fn sync_status_says_git_is_missing_in_one_language() {
    let team = Team::new();
    team.mark("甲", "t1.m2", "done");
    team.join("甲");
    let status = |lang| {
        let mut command = team_command(&team, "甲", &["sync", "--status"]);
        command.env("TAIZHANG_GIT", team.root.path().join("no-such-git"));
        stderr_of_failure(&in_lang(command, lang))
    };
    let zh = status(ZH);
    assert_eq!(
        zh,
        "taizhang: 未安装 git（或不在 PATH 中）：taizhang 同步要用 git 命令；请安装 git 后再同步（未作任何改动）\n"
    );
    assert!(
        english_words(&zh, &["taizhang", "git", "PATH"]).is_empty(),
        "{zh}"
    );
    assert_eq!(
        status(EN),
        "taizhang: git is not installed (or not on PATH): taizhang sync uses the git command; install git and sync again (nothing was changed)\n"
    );
}

#[test]
fn sync_status_says_a_broken_repository_in_one_language() {
    let team = Team::new();
    team.mark("甲", "t1.m2", "done");
    team.join("甲");
    let index = team.state_dir("甲").join(".git/index");
    std::fs::write(&index, "junk").unwrap();
    let zh = stderr_of_failure(&team_run(&team, "甲", ZH, &["sync", "--status"]));
    let en = stderr_of_failure(&team_run(&team, "甲", EN, &["sync", "--status"]));
    // git's own words (it runs in English) are quoted as they are
    let detail = en
        .strip_prefix("taizhang: git status --porcelain=v2 failed: ")
        .and_then(|rest| rest.strip_suffix("; local work is kept\n"))
        .unwrap_or_else(|| panic!("{en}"));
    assert!(detail.contains(".git/index"), "{detail}");
    assert_eq!(
        zh,
        format!("taizhang: `git status --porcelain=v2` 失败：{detail}；本地的工作已保留\n")
    );
    assert!(
        english_words(&zh, &["taizhang", "git status --porcelain=v2", detail]).is_empty(),
        "{zh}"
    );
}

/// The subject of a commit in `who`'s state repository.
fn subject(team: &Team, who: &str, rev: &str) -> String {
    team.git(who, &["log", "-1", "--format=%an|%s", rev])
        .trim_end()
        .to_string()
}

#[test]
fn the_commits_of_a_sync_are_in_the_syncing_users_language() {
    let team = Team::new();
    let remote = team.remote().to_string();
    // 甲 works in Chinese: the first sync shares what 甲 recorded
    team.mark("甲", "t1.m2", "done");
    team.ok("甲", &["note", "county", "t1.m1", "光纤已到村"]);
    let out = stdout(&team_run(&team, "甲", ZH, &["sync", "--remote", &remote]));
    assert_eq!(
        out,
        format!(
            "状态文件夹现在是一个 git 仓库，通过 {remote} 共享\n已提交：甲: county t1.m2 状态→已完成, t1.m1 备注\n已发送到 {remote}\n"
        )
    );
    let first = subject(&team, "甲", "HEAD");
    assert_eq!(first, "甲|甲: county t1.m2 状态→已完成, t1.m1 备注");
    assert!(english_words(&first, &["county"]).is_empty(), "{first}");

    // 乙 works in English
    stdout(&team_run(&team, "乙", EN, &["sync", "--remote", &remote]));
    team.mark("乙", "t1.m1", "blocked");
    let out = stdout(&team_run(&team, "乙", EN, &["sync"]));
    assert_eq!(
        out,
        format!("committed: 乙: county t1.m1 status→blocked\nsent to {remote}\n")
    );
    assert_eq!(
        subject(&team, "乙", "HEAD"),
        "乙|乙: county t1.m1 status→blocked"
    );

    // both change t1.m1: 甲's merge commit is Chinese, 乙's English
    team.mark("甲", "t1.m1", "doing");
    let out = stdout(&team_run(&team, "甲", ZH, &["sync"]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "已提交：甲: county t1.m1 状态→推进中", "{out}");
    assert_eq!(lines[1], format!("从 {remote} 收到 1 条变更"), "{out}");
    let merge = subject(&team, "甲", "HEAD");
    assert_eq!(
        merge,
        "甲|甲: 从 origin 合并 1 条变更; 两边都改了，保留较晚的变更: county/t1.m1"
    );
    assert!(
        english_words(&merge, &["origin", "county"]).is_empty(),
        "{merge}"
    );
    assert_eq!(
        subject(&team, "甲", "HEAD^1"),
        "甲|甲: county t1.m1 状态→推进中"
    );

    team.mark("乙", "t1.m1", "done");
    team.ok("乙", &["mark", "county", "t2.m1", "doing", "--value", "30"]);
    let out = stdout(&team_run(&team, "乙", EN, &["sync"]));
    assert!(
        out.starts_with(&format!(
            "committed: 乙: county t1.m1 status→done, t2.m1 status→doing value→30\nreceived 1 change(s) from {remote}\n"
        )),
        "{out}"
    );
    assert_eq!(
        subject(&team, "乙", "HEAD"),
        "乙|乙: merge 1 change(s) from origin; changed on both sides, later change kept: county/t1.m1"
    );
}

#[test]
fn a_remote_that_is_not_bare_is_refused_in_one_language() {
    let team = Team::new();
    let desk = team.root.path().join("shared/desk");
    let made = team.git_in(
        team.root.path(),
        &["init", "-q", "-b", "main", desk.to_str().unwrap()],
    );
    assert!(made.status.success(), "{made:?}");
    let desk = desk.to_str().unwrap();
    team.mark("甲", "t1.m2", "done");
    let zh = stderr_of_failure(&team_run(&team, "甲", ZH, &["sync", "--remote", desk]));
    assert_eq!(
        zh,
        format!(
            "taizhang: 远端 {desk} 拒绝了推送：它是检出了文件的仓库，不是裸仓库；请共享裸仓库（`git init --bare`）；本地的工作已保留（已提交到状态文件夹）\n"
        )
    );
    assert!(english_words(&zh, &["taizhang", desk]).is_empty(), "{zh}");
    let en = stderr_of_failure(&team_run(&team, "甲", EN, &["sync"]));
    assert_eq!(
        en,
        format!(
            "taizhang: the remote {desk} refused the push: it is a repository with its files checked out, not a bare one; share a bare repository (`git init --bare`); local work is kept (committed in the state folder)\n"
        )
    );
}
