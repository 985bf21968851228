//! `--help` in the user's language: the Chinese texts of every command
//! and argument ([`HELP_ZH`]), clap's headings, defaults, possible values
//! and usage line in Chinese, and a `help` subcommand of our own.

use crate::config::Locale;

/// `--help` in Chinese: `""` is the program, `sub` a subcommand's about,
/// `sub.arg` (or `.arg` for the global options) an argument's help.
pub const HELP_ZH: &[(&str, &str)] = &[
    ("", "台账 taizhang：跟踪政府行动计划的各项任务和目标"),
    (
        ".plan_dirs",
        "另外读取 DIR 中的计划（可重复；后面的文件夹覆盖同编号的计划）",
    ),
    (".as_of", "按 DATE（YYYY-MM-DD）而不是今天判断灯色和逾期"),
    ("tui", "打开终端界面（直接运行 `taizhang` 也是如此）"),
    ("tui.plan", "计划编号（默认：上次打开的计划，否则先选计划）"),
    ("review", "逐条审阅需要决定的里程碑，一键一条（调度）"),
    ("review.plan", "计划编号（与 --resume 一起时可省略）"),
    (
        "review.area",
        "只看第 N 个行动领域（从 1 起，与界面编号相同）",
    ),
    ("review.lead", "只看 UNIT 牵头的任务（与计划中写法相同）"),
    (
        "review.due_before",
        "只看 DATE（YYYY-MM-DD）之前到期的里程碑",
    ),
    (
        "review.stale",
        "把自上次同范围审阅（或 DAYS 天）以来未变的里程碑排在前面",
    ),
    ("review.all", "包括已完成的里程碑"),
    ("review.resume", "继续最近一次中断的审阅"),
    ("plans", "列出所有计划：编号、标题、领域、任务、里程碑"),
    ("validate", "检查计划文件（未指定时检查所有已读取的计划）"),
    ("validate.files", "要检查的计划文件"),
    ("export", "输出计划树及每个里程碑的进度"),
    ("export.plans", "计划编号（未指定时为全部计划）"),
    (
        "export.format",
        "输出格式：json、yaml，或 xlsx（台账工作簿）",
    ),
    (
        "export.output",
        "写入 FILE（原子写入）而不是打印；xlsx 必须指定",
    ),
    (
        "export.lead",
        "生成牵头单位 UNIT 的填报工作簿（与 --format xlsx 一起）",
    ),
    (
        "export.per_lead",
        "为每个牵头单位各生成一份填报工作簿，写入 DIR",
    ),
    ("export.include_support", "同时包括该单位配合的任务的里程碑"),
    (
        "export.period",
        "报告期（2025-06 或 2025-Q2）；默认：含判断日期的那一期，按 `report_period` 设置的月或季",
    ),
    (
        "ingest",
        "把牵头单位交回的填报工作簿（xlsx、xls、ods）读入进度",
    ),
    (
        "ingest.files",
        "交回的工作簿（xlsx、xls、ods），由 `export --lead` 生成",
    ),
    ("ingest.yes", "不询问，直接采用"),
    ("ingest.dry_run", "只列出将要更改的内容"),
    ("ingest.plan", "拒收其他计划的工作簿"),
    (
        "summary",
        "按计划和领域、牵头单位或状态汇总；列出需要关注的事项",
    ),
    ("summary.plans", "计划编号（未指定时为全部计划）"),
    (
        "summary.by",
        "每行一个：行动领域（area）、牵头单位（lead）或状态（status）",
    ),
    (
        "summary.sort",
        "多个计划汇总时的排名：percent（完成率低者在前）、red、overdue（多者在前）、id",
    ),
    (
        "summary.limit",
        "多个计划汇总时，需要关注的里程碑列出几项（逾期最久的在前）",
    ),
    ("summary.all", "多个计划汇总时，列出所有需要关注的里程碑"),
    ("summary.overdue", "只显示有逾期的行，只列出逾期的里程碑"),
    (
        "summary.changed_since",
        "同时列出 DATE（YYYY-MM-DD）至 --as-of 之间的变更",
    ),
    ("summary.format", "输出格式：text、markdown、csv 或 json"),
    (
        "summary.color",
        "颜色：auto（只在终端上）、always、never；设置 NO_COLOR 则不用颜色",
    ),
    ("summary.output", "写入 FILE（原子写入）而不是打印"),
    (
        "mark",
        "设置里程碑的状态：未启动、推进中、已完成、受阻（todo、doing、done、blocked）",
    ),
    ("mark.plan", "计划编号（见 `taizhang plans`）"),
    (
        "mark.milestone",
        "里程碑编号，大小写均可（t9.m2、T9.M2），与界面显示相同",
    ),
    (
        "mark.status",
        "todo、doing、done、blocked，或 未启动、推进中、已完成、受阻",
    ),
    (
        "mark.value",
        "完成值，按目标的写法：1.2万、12000、1.2（目标的单位）或 65%",
    ),
    ("mark.note", "原因或现状；同时作为里程碑的备注"),
    ("note", "设置里程碑的备注（TEXT 为空则清除）"),
    ("note.plan", "计划编号（见 `taizhang plans`）"),
    (
        "note.milestone",
        "里程碑编号，大小写均可（t9.m2、T9.M2），与界面显示相同",
    ),
    ("note.text", "备注内容；为空则清除"),
    ("log", "变更记录，最新的在前"),
    ("log.plan", "计划编号（见 `taizhang plans`）"),
    ("log.milestone", "只看这个里程碑的变更（编号大小写均可）"),
    ("log.since", "只看 DATE（YYYY-MM-DD）及以后的变更"),
    ("log.session", "改为显示审阅会话 ID 的小结"),
    ("log.sessions", "改为列出该计划的审阅会话，每个一行"),
    ("undo", "撤销计划的最后一次变更（记为一条新变更）"),
    ("undo.plan", "计划编号（见 `taizhang plans`）"),
    ("import", "从正式的计划文本起草计划 YAML"),
    ("import.file", "计划文件"),
    ("import.id", "计划编号（默认：文件名，转为可输入的形式）"),
    ("import.output", "把 YAML 写入 OUT（原子写入）而不是打印"),
    (
        "import.report",
        "把导入报告（找到了什么、哪些未能归入）写入 FILE，而不是输出到标准错误",
    ),
    ("sync", "通过 git 共享进度：提交本地变更、拉取、合并、推送"),
    ("sync.remote", "共享仓库（URL 或裸仓库路径）；只需设置一次"),
    ("sync.status", "只显示上次同步时间和是否有未同步的变更"),
    (
        "report",
        "调度通报：总体情况、各领域、各单位、红黄灯里程碑、变更和图表，输出为 HTML、docx 或 Markdown",
    ),
    (
        "report.plans",
        "计划编号（未指定时为全部计划，每个计划一节）",
    ),
    (
        "report.since",
        "列出 DATE（YYYY-MM-DD）以来的变更；默认：上次审阅会话的日期，否则 --as-of 前 30 天",
    ),
    (
        "report.format",
        "输出格式：html（一个自带图表的网页，可在屏幕上看或按 A4 打印）、docx（Word、WPS 文档，含表格和图表图片）或 markdown",
    ),
    (
        "report.output",
        "写入 FILE（原子写入）而不是打印；docx 必须指定",
    ),
    ("paths", "显示 taizhang 读写的文件夹"),
    (
        "completions",
        "输出 shell 补全脚本（bash、zsh、fish、powershell、elvish）",
    ),
    (
        "completions.shell",
        "shell：bash、zsh、fish、powershell 或 elvish",
    ),
    ("man", "输出手册页（roff 格式）"),
];

/// The command line's help in the user's language: abouts, argument helps
/// and section headings from [`HELP_ZH`] under a Chinese locale.
pub fn localize_help(command: clap::Command, locale: Locale) -> clap::Command {
    if locale == Locale::En {
        return command;
    }
    let lookup = |key: &str| HELP_ZH.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let mut command = localize_args(command, "", &lookup).help_template(ZH_TEMPLATE);
    if let Some(about) = lookup("") {
        command = command.about(about);
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(&name, |sub| {
            let sub = match lookup(&name) {
                Some(about) => sub.about(about).long_about(None),
                None => sub,
            };
            localize_args(sub, &name, &lookup).help_template(ZH_TEMPLATE)
        });
    }
    command
}

/// The usage lines of `--help` (`用法：taizhang report [选项] …`), made once
/// the command is complete, since they name its every argument.
pub fn localize_usage(command: clap::Command, locale: Locale) -> clap::Command {
    if locale == Locale::En {
        return command;
    }
    let mut built = command.clone();
    built.build();
    let zh = |usage: String| {
        let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage).to_string();
        usage
            .replace("[OPTIONS]", "[选项]")
            .replace("<COMMAND>", "<命令>")
    };
    let top = zh(built.render_usage().to_string());
    let mut command = command.override_usage(top);
    for sub in built.get_subcommands_mut() {
        let usage = zh(sub.render_usage().to_string());
        let name = sub.get_name().to_string();
        // the build adds clap's own `help` subcommand
        if command.find_subcommand(&name).is_some() {
            command = command.mut_subcommand(name, |sub| sub.override_usage(usage));
        }
    }
    command
}

/// `（可用：a、b；默认：a）` for an argument with a closed set of values
/// (unless its `help` names them all already) or a default; empty
/// otherwise.
fn values_zh(arg: &clap::Arg, help: &str) -> String {
    let mut parts = Vec::new();
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|value| !value.is_hide_set())
        .map(|value| value.get_name().to_string())
        .collect();
    if !possible.iter().all(|name| help.contains(name.as_str())) {
        parts.push(format!("可用：{}", possible.join("、")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|value| value.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() {
        parts.push(format!("默认：{}", defaults.join("、")));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("（{}）", parts.join("；"))
    }
}

/// The name of the Chinese `help` subcommand.
pub const HELP_COMMAND: &str = "help";

/// clap's layout with Chinese headings.
const ZH_TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

fn localize_args(
    mut command: clap::Command,
    prefix: &str,
    lookup: &impl Fn(&str) -> Option<&'static str>,
) -> clap::Command {
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for (order, id) in ids.into_iter().enumerate() {
        let help = lookup(&format!("{prefix}.{id}"));
        command = command.mut_arg(&id, |arg| {
            let heading = if arg.is_positional() {
                "参数"
            } else {
                "选项"
            };
            // headings of one's own are sorted by name unless ordered
            let arg = arg.help_heading(heading).display_order(order);
            match help {
                // clap's `[default: …]` and `[possible values: …]` are
                // English: said here instead
                Some(help) if arg.get_action().takes_values() => {
                    let help = format!("{help}{}", values_zh(&arg, help));
                    arg.help(help)
                        .long_help(None)
                        .hide_default_value(true)
                        .hide_possible_values(true)
                }
                Some(help) => arg.help(help).long_help(None),
                None => arg,
            }
        });
    }
    // clap's own -h and -V, in Chinese
    let mut command = command
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help("显示帮助")
                .help_heading("选项"),
        )
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    if prefix.is_empty() {
        // clap's own `help` subcommand speaks English: one of our own
        // (`cli::run` answers it)
        command = command.disable_help_subcommand(true).subcommand(
            clap::Command::new(HELP_COMMAND)
                .about("显示本帮助，或某个命令的帮助")
                .help_template(ZH_TEMPLATE)
                .disable_help_flag(true)
                .arg(
                    clap::Arg::new("command")
                        .value_name("命令")
                        .help("要看帮助的命令")
                        .help_heading("参数"),
                ),
        );
    }
    if prefix.is_empty() {
        command = command.disable_version_flag(true).arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_help_key_names_a_real_subcommand_or_argument() {
        let command = <crate::cli::Cli as clap::CommandFactory>::command();
        for (key, _) in HELP_ZH {
            let (sub, arg) = key.split_once('.').unwrap_or((key, ""));
            let owner = if sub.is_empty() {
                Some(&command)
            } else {
                command.find_subcommand(sub)
            };
            let owner = owner.unwrap_or_else(|| panic!("no subcommand `{sub}`"));
            if !arg.is_empty() {
                assert!(
                    owner.get_arguments().any(|a| a.get_id() == arg),
                    "no argument `{arg}` in `{sub}`"
                );
            }
        }
    }

    /// Names kept as they are in the Chinese help: values typed as
    /// written, file formats, programs.
    const KEPT_IN_HELP: &[&str] = &[
        "taizhang",
        "json",
        "yaml",
        "xlsx",
        "html",
        "docx",
        "markdown",
        "Markdown",
        "HTML",
        "text",
        "csv",
        "auto",
        "always",
        "never",
        "area",
        "lead",
        "status",
        "percent",
        "red",
        "overdue",
        "todo",
        "doing",
        "done",
        "blocked",
        "bash",
        "zsh",
        "fish",
        "powershell",
        "elvish",
        "shell",
        "roff",
        "Word",
        "WPS",
        "git",
        "URL",
        "NO_COLOR",
        "report_period",
        "plans",
        "tui",
        "help",
        "xls",
        "ods",
        "pdf",
        "txt",
    ];

    #[test]
    fn the_chinese_help_of_every_command_has_no_english_sentence() {
        let mut command = crate::cli::command(Locale::Zh);
        command.build();
        let names: Vec<String> = command
            .get_subcommands()
            .map(|sub| sub.get_name().to_string())
            .collect();
        let mut helps = vec![("".to_string(), command.render_long_help().to_string())];
        for sub in command.get_subcommands_mut() {
            if sub.is_hide_set() || sub.get_name() == "help" {
                continue;
            }
            helps.push((
                sub.get_name().to_string(),
                sub.render_long_help().to_string(),
            ));
        }
        for (name, help) in helps {
            let mut words = Vec::new();
            for line in help.lines() {
                let mut text = line.to_string();
                for part in line.split('`').skip(1).step_by(2) {
                    text = text.replace(&format!("`{part}`"), " ");
                }
                for word in
                    text.split(|c: char| !(c.is_ascii_alphanumeric() || "-_<>[]".contains(c)))
                {
                    let bare = word.trim_matches(|c| "<>[]".contains(c));
                    let placeholder = bare.chars().all(|c| !c.is_ascii_lowercase());
                    let option = word.starts_with('-');
                    if bare.len() >= 3
                        && !placeholder
                        && !option
                        && !KEPT_IN_HELP.contains(&bare)
                        && !names.iter().any(|n| n == bare)
                        && bare.chars().any(|c| c.is_ascii_alphabetic())
                    {
                        words.push(bare.to_string());
                    }
                }
            }
            assert!(words.is_empty(), "`{name} --help`: {words:?}\n{help}");
        }
    }
}
