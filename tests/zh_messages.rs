//! One language at a time (issue 15, point 5): under a Chinese locale the
//! messages of sync are Chinese, under English English, never mixed in
//! one line. Each test runs the real binary both ways.

mod common;
mod sync_support;

use common::english_words;
use std::process::Command;

use calamine::Data;
use common::Home;
use common::workbook::refill;

use sync_support::Team;

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

#[test]
fn validate_warns_about_kept_state_in_one_language() {
    let home = Home::with_plan_copy();
    let plan_file = home.plans.join("demo.yaml");
    let plan_text = std::fs::read_to_string(&plan_file).unwrap();
    home.ok(&["mark", "demo", "t2.m5", "done"]);
    let lost =
        "          - id: t2.m5\n            title: 发布年度报告\n            due: 2025-12-31\n";
    std::fs::write(&plan_file, plan_text.replace(lost, "")).unwrap();
    let line = home
        .state_text()
        .lines()
        .position(|l| l == "  t2.m5:")
        .unwrap()
        + 1;
    let state = home.state_file().display().to_string();
    let out = in_lang(&home, "zh_CN.UTF-8", &["validate"]);
    assert_eq!(out.status.code(), Some(0));
    let warning = format!("{state}:{line}:3: 计划 `demo` 已没有里程碑 `t2.m5`，它的状态予以保留");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{warning}\n")
    );
    // (the fixtures' other plans are checked too)
    let verdict = String::from_utf8(out.stderr).unwrap();
    assert!(verdict.starts_with("已检查 "), "{verdict}");
    assert!(
        verdict.ends_with(" 个计划，没有问题；1 条关于保留状态的警告\n"),
        "{verdict}"
    );
    let log = String::from_utf8(in_lang(&home, "zh_CN.UTF-8", &["log", "demo"]).stdout).unwrap();
    assert_eq!(log.lines().last().unwrap(), format!("警告：{warning}"));
    assert!(english_words(&warning, &[&state]).is_empty(), "{warning}");
    let log = String::from_utf8(in_lang(&home, "C", &["log", "demo"]).stdout).unwrap();
    assert!(
        log.lines()
            .last()
            .unwrap()
            .starts_with(&format!("warning: {state}:{line}:3: state for milestone")),
        "{log}"
    );
    let out = in_lang(&home, "C", &["validate"]);
    let verdict = String::from_utf8(out.stderr).unwrap();
    assert!(
        verdict.ends_with(" plan(s) checked, no problems; 1 warning(s) about kept state\n"),
        "{verdict}"
    );
}

#[test]
fn usage_problems_of_export_and_report_are_said_in_one_language() {
    let home = Home::new();
    let cases: [(&[&str], &str, &str); 4] = [
        (
            &["export", "demo", "--format", "xlsx"],
            "taizhang: export --format xlsx 需要 -o 文件：工作簿不输出到终端\n",
            "taizhang: export --format xlsx needs -o FILE: a workbook is not printed to the terminal\n",
        ),
        (
            &["export", "demo", "--format", "xlsx", "--lead", "市财政局"],
            "taizhang: --lead 单位 需要 -o 文件：工作簿不输出到终端\n",
            "taizhang: --lead UNIT needs -o FILE: a workbook is not printed to the terminal\n",
        ),
        (
            &["export", "demo", "--format", "json", "--per-lead", "out"],
            "taizhang: --lead、--per-lead、--include-support 和 --period 用于生成填报工作簿：请与 --format xlsx 一起使用\n",
            "taizhang: --lead, --per-lead, --include-support and --period make fill-in workbooks: use them with --format xlsx\n",
        ),
        (
            &[
                "--as-of",
                "2025-01-01",
                "report",
                "demo",
                "--format",
                "html",
                "--since",
                "2025-02-01",
            ],
            "taizhang: --since 2025-02-01 晚于判断日期 2025-01-01：列出的是从 --since 到 --as-of 的变更\n",
            "taizhang: --since 2025-02-01 is after the as-of date 2025-01-01: changes are listed from --since up to --as-of\n",
        ),
    ];
    for (args, zh, en) in cases {
        let out = in_lang(&home, "zh_CN.UTF-8", args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err, zh, "{args:?}");
        let options = [
            "taizhang",
            "export",
            "report",
            "--format",
            "xlsx",
            "--lead",
            "--per-lead",
            "--include-support",
            "--period",
            "--since",
            "--as-of",
        ];
        assert!(english_words(&err, &options).is_empty(), "{err}");
        let out = in_lang(&home, "C", args);
        assert_eq!(String::from_utf8(out.stderr).unwrap(), en, "{args:?}");
    }
}

#[test]
fn import_says_what_it_wrote_and_a_failed_write_in_one_language() {
    let home = Home::new();
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("plan.txt");
    std::fs::write(
        &doc,
        "某市行动方案\n一、重点任务\n（一）实施甲行动\n1.推进甲项。到2025年建成基地3个。（市发展改革委牵头）\n",
    )
    .unwrap();
    let out_file = dir.path().join("plan.yaml");
    let (doc, yaml) = (doc.to_str().unwrap(), out_file.to_str().unwrap());
    let report = dir.path().join("report.txt");
    let args = [
        "import",
        doc,
        "-o",
        yaml,
        "--report",
        report.to_str().unwrap(),
    ];
    let out = in_lang(&home, "zh_CN.UTF-8", &args);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "已写入 {yaml}：1 个领域，1 项任务，1 个里程碑；请对照原文核对，然后运行 `taizhang validate {yaml}`\n"
        )
    );
    let out = in_lang(&home, "C", &args);
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "wrote {yaml}: 1 areas, 1 tasks, 1 milestones; check it against the document, then `taizhang validate {yaml}`\n"
        )
    );
    // a file in a folder that does not exist cannot be written
    let nowhere = dir.path().join("no/such/plan.yaml");
    let nowhere = nowhere.to_str().unwrap();
    let out = in_lang(&home, "zh_CN.UTF-8", &["import", doc, "-o", nowhere]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    // (the import report comes first, on stderr, as no --report was given)
    let last = err.lines().last().unwrap();
    assert!(
        last.starts_with(&format!("taizhang: {nowhere}：无法写入：")),
        "{err}"
    );
}

#[test]
fn usage_errors_of_the_command_line_are_said_in_one_language() {
    let home = Home::new();
    let out = in_lang(&home, "zh_CN.UTF-8", &["export", "demo", "--format", "pdf"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "错误：'pdf' 不是 '--format <FORMAT>' 的有效值\n  [可用的值：json, yaml, xlsx]\n\n更多信息请用 '--help'。\n"
    );
    let kept = [
        "pdf", "--format", "FORMAT", "json", "yaml", "xlsx", "--help",
    ];
    assert!(english_words(&err, &kept).is_empty(), "{err}");
    let out = in_lang(&home, "zh_CN.UTF-8", &["makr"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "错误：没有子命令 'makr'\n\n  提示：有相似的子命令 'man', 'mark'\n\n用法：taizhang [选项] [命令]\n\n更多信息请用 '--help'。\n"
    );
    let out = in_lang(&home, "zh_CN.UTF-8", &["ingest", "x", "--yes", "--dry-run"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("错误：参数 '--yes' 不能与 '--dry-run' 一起使用\n\n用法：taizhang ingest "),
        "{err}"
    );
    // English as clap says it
    let out = in_lang(&home, "C", &["export", "demo", "--format", "pdf"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: invalid value 'pdf' for '--format <FORMAT>'\n"),
        "{err}"
    );
    assert!(
        err.ends_with("For more information, try '--help'.\n"),
        "{err}"
    );
}

#[test]
fn review_session_errors_are_said_in_one_language() {
    let home = Home::new();
    let args = ["log", "demo", "--session", "nosuch"];
    let out = in_lang(&home, "zh_CN.UTF-8", &args);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "taizhang: 计划 `demo` 没有审阅会话 `nosuch`；`taizhang log demo --sessions` 可列出全部会话\n"
    );
    assert!(
        english_words(&err, &["taizhang", "demo", "nosuch"]).is_empty(),
        "{err}"
    );
    let out = in_lang(&home, "C", &args);
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "taizhang: no review session `nosuch` for plan `demo`; `taizhang log demo --sessions` lists them\n"
    );
    let out = in_lang(&home, "zh_CN.UTF-8", &["log", "demo", "--session", "../x"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("taizhang: `../x` 不是审阅会话编号："),
        "{err}"
    );
}

#[test]
fn import_errors_and_conversion_hints_are_said_in_one_language() {
    let home = Home::new();
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let flat = dir.path().join("flat.txt");
    std::fs::write(&flat, "某市方案\n坚持稳中求进。\n").unwrap();
    let old = dir.path().join("old.doc");
    std::fs::write(&old, "hello").unwrap();
    let (empty, flat, old) = (
        empty.to_str().unwrap(),
        flat.to_str().unwrap(),
        old.to_str().unwrap(),
    );
    let cases = [
        (
            empty,
            format!("taizhang: {empty}：文档是空的：应为方案的正文\n"),
            format!("taizhang: {empty}: empty document: expected the text of a plan\n"),
        ),
        (
            flat,
            format!("taizhang: {flat}：看不出结构：没有找到 一、（一）1. 这样的编号标题\n"),
            format!(
                "taizhang: {flat}: no recognisable structure: found no numbered headings such as 一、 (一) 1.\n"
            ),
        ),
        (
            old,
            format!(
                "taizhang: {old}：无法读取 Word 97-2003（.doc）或 WPS（.wps）文件：请在 Word 或 WPS 中打开并另存为 .docx（文件 → 另存为 → *.docx），或运行 `soffice --headless --convert-to docx {old}`，然后导入该 .docx\n"
            ),
            format!(
                "taizhang: {old}: a Word 97-2003 (.doc) or WPS (.wps) file cannot be read: open it in Word or WPS and save it as .docx (文件 → 另存为 → *.docx), or run `soffice --headless --convert-to docx {old}`, then import the .docx\n"
            ),
        ),
    ];
    for (file, zh, en) in cases {
        let out = in_lang(&home, "zh_CN.UTF-8", &["import", file]);
        assert_eq!(out.status.code(), Some(1), "{file}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err, zh);
        // product names and file types are not message words
        let kept = ["taizhang", file, "Word", "WPS", "doc", "wps", "docx"];
        assert!(english_words(&err, &kept).is_empty(), "{err}");
        let out = in_lang(&home, "C", &["import", file]);
        assert_eq!(String::from_utf8(out.stderr).unwrap(), en);
    }
}
