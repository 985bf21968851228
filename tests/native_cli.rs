//! What a new user meets on the command line (issue 15): values typed the
//! way targets are written, ids in any case with the nearest ones offered,
//! who made a change without $USER, the order of errors, shell completions
//! and the manual page, help for every positional argument.

mod common;

use std::process::Command;

use common::{BIN, Home};

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn mark_value_takes_values_as_targets_are_written() {
    let home = Home::new();
    // g1: >=1.7万个; 12000 is 1.2万个, not 12000万个
    home.ok(&["mark", "demo", "g1", "doing", "--value", "12000"]);
    assert!(close(home.load().get("g1").value, 1.2));
    home.ok(&["mark", "demo", "g1", "doing", "--value", "1.5万"]);
    assert!(close(home.load().get("g1").value, 1.5));
    home.ok(&["mark", "demo", "g1", "doing", "--value", "1.6"]);
    assert!(close(home.load().get("g1").value, 1.6));
    // 50% of the target
    home.ok(&["mark", "demo", "g1", "doing", "--value", "50%"]);
    assert!(close(home.load().get("g1").value, 0.85));
    // a rate: 65% is 65
    home.ok(&["mark", "demo", "t1.1.m1", "doing", "--value", "65%"]);
    assert!(close(home.load().get("t1.1.m1").value, 65.0));
    // the error names the target and how to write a value for it
    let err = home.fail(&["mark", "demo", "g1", "doing", "--value", "5人"]);
    assert!(
        err.contains("the unit `人` is not the target's (个)") && err.contains(">=1.7万个"),
        "{err}"
    );
}

#[test]
fn ids_are_taken_in_any_case_and_a_wrong_one_gets_the_nearest() {
    let home = Home::new();
    home.ok(&["mark", "demo", "T1.M1", "done"]);
    let state = home.load();
    assert_eq!(state.get("t1.m1").status, taizhang::state::Status::Done);
    assert!(!state.milestones.contains_key("T1.M1"));
    home.ok(&["note", "demo", "T2.M1", "已开工"]);
    assert!(home.ok(&["log", "demo", "T2.M1"]).contains("已开工"));
    // on the shipped Jining plan: t9.m9 → the milestones of task 9
    let output = Command::new(BIN)
        .args(["mark", "jining-2024", "t9.m9", "done"])
        .env("TAIZHANG_HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.trim_end()
            .ends_with("the nearest ids are t9.m1, t9.m2, t9.m3"),
        "{err}"
    );
}

#[test]
fn without_user_or_logname_the_user_database_names_who_changed() {
    let home = Home::new();
    let output = home
        .command(&["mark", "demo", "t1.m1", "done"])
        .env_remove("USER")
        .env_remove("LOGNAME")
        .env_remove("USERNAME")
        .output()
        .unwrap();
    assert!(output.status.success());
    let id = Command::new("id").arg("-un").output().unwrap();
    let name = String::from_utf8_lossy(&id.stdout).trim().to_string();
    assert!(!name.is_empty());
    assert_eq!(home.load().get("t1.m1").by.as_deref(), Some(name.as_str()));
}

#[test]
fn an_unknown_plan_is_said_before_anything_about_the_terminal() {
    let home = Home::new();
    let output = home.run(&["tui", "nosuchplan"]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("unknown plan `nosuchplan`"), "{err}");
    assert!(!err.contains("terminal"), "{err}");
    let err = String::from_utf8_lossy(&home.run(&["review", "nosuchplan"]).stderr).to_string();
    assert!(err.contains("unknown plan `nosuchplan`"), "{err}");
}

#[test]
fn completions_for_each_shell_and_the_manual_page() {
    let home = Home::new();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef taizhang"),
        ("fish", "complete -c taizhang"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = home.ok(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("mark"), "{shell} completes the subcommands");
    }
    let err = home.run(&["completions", "tcsh"]);
    assert_eq!(err.status.code(), Some(2));
    let page = home.ok(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH taizhang"),
        "{page}"
    );
    assert!(
        page.contains("completions") && page.contains("mark"),
        "{page}"
    );
}

#[test]
fn help_describes_every_positional_argument() {
    let command = <taizhang::cli::Cli as clap::CommandFactory>::command();
    let mut missing = Vec::new();
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        for arg in sub.get_positionals() {
            if arg.get_help().is_none() {
                missing.push(format!("{} {}", sub.get_name(), arg.get_id()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "positional arguments without help: {missing:?}"
    );
    let home = Home::new();
    let help = home.ok(&["mark", "--help"]);
    assert!(help.contains("Milestone id, in any case"), "{help}");
}

#[test]
fn under_a_chinese_locale_help_errors_and_the_log_are_chinese() {
    let home = Home::new();
    let zh = |args: &[&str]| {
        common::in_lang(&mut home.command(args), "zh_CN.UTF-8")
            .output()
            .unwrap()
    };
    let help = String::from_utf8(zh(&["--help"]).stdout).unwrap();
    assert!(
        help.contains("用法：taizhang") && help.contains("命令:"),
        "{help}"
    );
    assert!(
        help.contains("显示帮助") && !help.contains("Print help"),
        "{help}"
    );
    let help = String::from_utf8(zh(&["mark", "--help"]).stdout).unwrap();
    for line in ["计划编号", "里程碑编号，大小写均可", "完成值，按目标的写法"]
    {
        assert!(help.contains(line), "{line}: {help}");
    }
    // the arguments in their order
    let plan = help.find("<PLAN> ").unwrap();
    assert!(plan < help.find("<MILESTONE> ").unwrap(), "{help}");
    for (args, expected) in [
        (
            &["mark", "nosuch", "t1.m1", "done"][..],
            "未知计划 `nosuch`；已有的计划：demo",
        ),
        (
            &["mark", "demo", "t9.m9", "done"],
            "计划 `demo` 中没有里程碑 `t9.m9`；最接近的编号：t1.m1、t1.m2、t2.m1",
        ),
        (
            &["mark", "demo", "t1.m1", "finished"],
            "未知状态 `finished`",
        ),
        (
            &["mark", "demo", "g1", "doing", "--value", "很多"],
            "`很多` 不是数字；目标 >=1.7万个",
        ),
        (&["undo", "demo"], "计划 `demo` 没有可撤销的变更"),
    ] {
        let output = zh(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8(output.stderr).unwrap();
        assert!(
            err.starts_with(&format!("taizhang: {expected}")),
            "{args:?}: {err}"
        );
    }
    let marked = String::from_utf8(zh(&["mark", "demo", "t1.m1", "blocked"]).stdout).unwrap();
    assert_eq!(marked.trim_end(), "demo/t1.m1: 状态 未启动 -> 受阻");
    let log = String::from_utf8(zh(&["log", "demo"]).stdout).unwrap();
    assert!(log.contains("t1.m1  状态 未启动 -> 受阻"), "{log}");
    // and in English, English
    let log = home.ok(&["log", "demo"]);
    assert!(
        log.contains("status  todo(未启动) -> blocked(受阻)"),
        "{log}"
    );
}

#[test]
fn global_options_appear_only_where_they_apply() {
    let home = Home::new();
    let help = |sub: &str| home.ok(&[sub, "--help"]);
    for sub in ["paths", "import", "completions", "man"] {
        let text = help(sub);
        assert!(
            !text.contains("--plans") && !text.contains("--as-of"),
            "{sub}: {text}"
        );
    }
    for sub in ["mark", "note", "log", "undo", "validate", "plans", "sync"] {
        let text = help(sub);
        assert!(
            text.contains("--plans") && !text.contains("--as-of"),
            "{sub}: {text}"
        );
    }
    for sub in ["tui", "review", "summary", "export"] {
        let text = help(sub);
        assert!(
            text.contains("--plans") && text.contains("--as-of"),
            "{sub}: {text}"
        );
    }
    // still accepted anywhere, before or after the subcommand, and checked
    home.ok(&["mark", "demo", "t1.m1", "done", "--as-of", "2025-01-01"]);
    assert!(
        home.ok(&["log", "demo", "--as-of", "2025-01-01"])
            .contains("t1.m1")
    );
    let bad = home.run(&["paths", "--as-of", "2025-13-01"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn under_a_chinese_locale_help_has_no_english_of_clap_either() {
    let home = Home::new();
    let zh = |args: &[&str]| {
        common::in_lang(&mut home.command(args), "zh_CN.UTF-8")
            .output()
            .unwrap()
    };
    let help = String::from_utf8(zh(&["summary", "--help"]).stdout).unwrap();
    assert!(
        help.contains("用法：taizhang summary [选项] [PLANS]..."),
        "{help}"
    );
    assert!(
        help.contains("输出格式：text、markdown、csv 或 json（默认：text）"),
        "{help}"
    );
    for english in [
        "[default:",
        "[possible values:",
        "Possible values",
        "[OPTIONS]",
    ] {
        assert!(!help.contains(english), "{english}: {help}");
    }
    // `help COMMAND` is ours under zh, the same text as `COMMAND --help`
    let asked = zh(&["help", "report"]);
    assert!(asked.status.success());
    let text = String::from_utf8(asked.stdout).unwrap();
    assert!(text.starts_with("调度通报："), "{text}");
    assert!(
        text.contains("用法：taizhang report [选项] --format <FORMAT>"),
        "{text}"
    );
    let top = String::from_utf8(zh(&["--help"]).stdout).unwrap();
    assert!(
        top.contains("help         显示本帮助，或某个命令的帮助"),
        "{top}"
    );
    let wrong = zh(&["help", "nosuch"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(wrong.stderr).unwrap(),
        "错误：没有命令 `nosuch`；`taizhang --help` 列出全部命令\n"
    );
    // English keeps clap's own
    let help = home.ok(&["summary", "--help"]);
    assert!(help.contains("[default: text]"), "{help}");
    assert!(
        home.ok(&["help", "mark"])
            .starts_with("Set a milestone's status")
    );
}
