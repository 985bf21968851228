//! One language at a time (issue 15, point 5): under a Chinese locale the
//! messages of sync are Chinese, under English English, never mixed in
//! one line. Each test runs the real binary both ways.

mod common;
mod sync_support;

use std::process::Command;

use calamine::Data;
use common::Home;
use common::workbook::refill;

use sync_support::Team;

/// ASCII words of three letters or more left in `line`, once what is not
/// a message word is taken out: `quoted` commands, paths, and `kept`
/// (names such as taizhang, git, ids).
fn english_words(line: &str, kept: &[&str]) -> Vec<String> {
    let mut text = line.to_string();
    for part in line.split('`').skip(1).step_by(2) {
        text = text.replace(&format!("`{part}`"), " ");
    }
    for kept in kept {
        text = text.replace(kept, " ");
    }
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3)
        .map(str::to_string)
        .collect()
}

fn run_in(team: &Team, who: &str, lang: &str, args: &[&str]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_taizhang"));
    command.arg("--plans").arg(&team.plans).args(args);
    team.env(&mut command, who);
    command
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    command.output().unwrap()
}

fn stdout(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn sync_status_not_set_up_is_said_in_one_language() {
    let team = Team::new();
    let zh = stdout(&run_in(&team, "甲", "zh_CN.UTF-8", &["sync", "--status"]));
    assert_eq!(
        zh,
        "尚未设置同步：请运行一次 `taizhang sync --remote 地址`\n"
    );
    assert!(english_words(&zh, &["taizhang"]).is_empty(), "{zh}");
    let en = stdout(&run_in(&team, "甲", "C.UTF-8", &["sync", "--status"]));
    assert_eq!(
        en,
        "sync is not set up: run `taizhang sync --remote URL` once\n"
    );
}

#[test]
fn a_sync_error_is_chinese_under_a_chinese_locale() {
    let team = Team::new();
    let out = run_in(&team, "甲", "zh_CN.UTF-8", &["sync"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    let dir = team.state_dir("甲").display().to_string();
    assert_eq!(
        err,
        format!(
            "taizhang: {dir} 尚未设置同步：请运行一次 `taizhang sync --remote 地址`（地址：git 远端，或裸仓库的路径）\n"
        )
    );
    assert!(
        english_words(&err, &["taizhang", "git", &dir]).is_empty(),
        "{err}"
    );
    let out = run_in(&team, "甲", "C.UTF-8", &["sync"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with(&format!("taizhang: sync is not set up for {dir}: run")),
        "{err}"
    );
}

#[test]
fn a_sync_report_and_status_follow_the_settings_locale() {
    let team = Team::two_members();
    team.mark("工信局", "t1.m1", "blocked");
    team.mark("农业局", "t1.m1", "done");
    team.sync("工信局");
    // the settings' `locale: zh` wins over an English environment
    std::fs::write(team.home("农业局").join("config.yaml"), "locale: zh\n").unwrap();
    let out = stdout(&run_in(&team, "农业局", "C.UTF-8", &["sync"]));
    let remote = team.remote().to_string();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.iter().any(|l| l.starts_with("已提交：")), "{out}");
    assert!(
        lines.contains(&format!("从 {remote} 收到 1 条变更").as_str()),
        "{out}"
    );
    let conflict = lines
        .iter()
        .find(|l| l.starts_with("county/t1.m1："))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        conflict.starts_with("county/t1.m1：两边都改了（状态）；保留较晚的变更（农业局，"),
        "{conflict}"
    );
    assert!(conflict.ends_with("）；两边的变更都在历史中"), "{conflict}");
    assert!(
        english_words(conflict, &["county"]).is_empty(),
        "{conflict}"
    );
    assert!(
        lines.contains(&format!("已发送到 {remote}").as_str()),
        "{out}"
    );
    let status = stdout(&run_in(&team, "农业局", "C.UTF-8", &["sync", "--status"]));
    let status: Vec<&str> = status.lines().collect();
    assert_eq!(status[0], format!("远端：{remote}"));
    assert!(status[1].starts_with("上次同步：20"), "{status:?}");
    assert_eq!(status[2], "待发送的本地变更：无");
    // and English for the other member, whose environment is English
    let status = stdout(&run_in(&team, "工信局", "C.UTF-8", &["sync", "--status"]));
    assert!(
        status.starts_with(&format!("remote: {remote}\nlast sync: 20")),
        "{status}"
    );
    assert!(status.ends_with("local changes waiting: no\n"), "{status}");
}

#[test]
fn the_status_line_summary_is_in_the_locale_given() {
    use taizhang::config::Locale;
    use taizhang::sync::{Note, SyncReport};
    let report = SyncReport {
        remote: "/srv/x.git".into(),
        pushed: true,
        pulled: 2,
        notes: vec![Note::RemovedLock(".git/index.lock".into())],
        ..Default::default()
    };
    assert_eq!(
        report.summary_in(Locale::Zh),
        "已同步：已发送本地变更；收到 2 条变更；已删除 .git/index.lock（被中止的 git 命令留下，没有进程占用）"
    );
    assert_eq!(
        report.summary_in(Locale::En),
        "synced: sent local changes, received 2 change(s), removed .git/index.lock, left behind by a git command that was stopped (no process held it)"
    );
    let up_to_date = SyncReport::default();
    assert_eq!(up_to_date.summary_in(Locale::Zh), "已同步：无新变更");
}

fn in_lang(home: &Home, lang: &str, args: &[&str]) -> std::process::Output {
    let mut command = home.command(args);
    command
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    command.output().unwrap()
}

const GX: &str = "市工业和信息化局";

#[test]
fn ingest_lists_asks_and_applies_in_one_language() {
    let home = Home::new();
    let dir = tempfile::tempdir().unwrap();
    let sent = dir.path().join("sent.xlsx");
    let sent_arg = sent.to_str().unwrap();
    let args = [
        "--as-of",
        "2025-06-20",
        "export",
        "demo",
        "--format",
        "xlsx",
    ];
    let mut export = args.to_vec();
    export.extend(["--lead", GX, "-o", sent_arg]);
    assert!(in_lang(&home, "C", &export).status.success());
    home.ok(&["mark", "demo", "t1.m1", "blocked"]);
    let back = dir.path().join("back.xlsx");
    let fill = [
        ("t1.m1", "状态", Data::String("已完成".into())),
        ("t1.m2", "存在问题", Data::String("政策待审议".into())),
    ];
    refill(&sent, &back, &fill, "王五", "2000-01-01T00:00:00Z");
    let file = back.to_str().unwrap();
    let kept = [
        file, "demo", "t1.m1", "t1.m2", "tester", "taizhang", "--yes", "y/N",
    ];

    let out = in_lang(&home, "zh_CN.UTF-8", &["ingest", file]);
    assert_eq!(out.status.code(), Some(1));
    let listed = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "{file}：计划 demo，填报单位 {GX}，报告期 2025-06，填报人 王五：1 个里程碑共 1 项变更"
        )
    );
    let clash = lines.iter().find(|l| l.starts_with("  冲突 ")).unwrap();
    assert!(
        clash.starts_with("  冲突 t1.m1 状态：导出后已由 tester 于 "),
        "{clash}"
    );
    assert!(
        clash.ends_with(" 改为 受阻；办公室的变更更晚，予以保留；表格中的 已完成 不采用"),
        "{clash}"
    );
    for line in &lines {
        assert!(english_words(line, &kept).is_empty(), "{line}");
    }
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "taizhang：未采用：已列出 1 项变更；没有终端时请加 --yes 采用\n"
    );

    let out = in_lang(&home, "zh_CN.UTF-8", &["ingest", file, "--dry-run"]);
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.ends_with("\n试运行：列出 1 项变更，均未采用\n"),
        "{said}"
    );
    let out = in_lang(&home, "zh_CN.UTF-8", &["ingest", file, "--yes"]);
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.ends_with(&format!("\n{file}：已采用 1 项变更，记为 王五 所改\n")),
        "{said}"
    );
    let out = in_lang(&home, "zh_CN.UTF-8", &["ingest", file, "--yes"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().last(),
        Some("没有需要更改的内容")
    );
    // and English under an English locale
    let out = in_lang(&home, "C", &["ingest", file, "--yes"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().last(),
        Some("nothing to change")
    );
}
