//! One language at a time. Under a Chinese locale every message taizhang
//! writes is Chinese, under any other English: the one description of a
//! change (the app's history lines and status line, `log`, `mark`), the
//! command line's errors, and the `--help` texts (clap's, set at run time
//! from [`HELP_ZH`]). Plan text is never translated. One name per field
//! everywhere: 状态, 完成值, 备注 (as in the ledger and the summary).
//!
//! Messages are chosen here by [`Locale`]; domain errors keep their
//! English `Display` and are rendered in Chinese by [`state_error`] and
//! [`load_error`], so a new message is added in one place.

pub mod cli;
pub mod import;
pub mod ledger;
pub mod parser;
pub mod plan;
pub mod review;
pub mod sync;
pub mod usage;

use crate::config::Locale;
use crate::plan::LoadError;
use crate::state::{Change, Field, StateError, Status};

/// The name of a field: 状态 / 完成值 / 备注, or status / value / note.
pub fn field_name(field: Field, locale: Locale) -> &'static str {
    match (locale, field) {
        (Locale::Zh, Field::Status) => "状态",
        (Locale::Zh, Field::Value) => "完成值",
        (Locale::Zh, Field::Note) => "备注",
        (Locale::Zh, part) => crate::state::report::part_label(part),
        (Locale::En, Field::Next) => "next steps",
        (Locale::En, field) => field.as_str(),
    }
}

/// A status as recorded (`todo`) in the user's language; other text as is.
pub fn status_name(text: &str, locale: Locale) -> String {
    match (locale, text.parse::<Status>()) {
        (Locale::Zh, Ok(status)) => status.zh().to_string(),
        (Locale::En, Ok(status)) => status.as_str().to_string(),
        (_, Err(_)) => text.to_string(),
    }
}

/// What a change did, apart from who made it and when: the parts
/// [`describe`] reads, from a [`Change`] in the state or a change the
/// summary lists (`report::summary::Moved`).
#[derive(Debug, Clone, Copy)]
pub struct ChangeParts<'a> {
    pub field: Field,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    /// The reporting period of a report part.
    pub period: Option<&'a str>,
    /// Whether the change reverted an earlier one.
    pub undo: bool,
}

impl<'a> ChangeParts<'a> {
    pub fn of(change: &'a Change) -> Self {
        ChangeParts {
            field: change.field,
            from: change.from.as_deref(),
            to: change.to.as_deref(),
            period: change.period.as_deref(),
            undo: change.undoes.is_some(),
        }
    }
}

/// The one description of a change: `状态 未启动 -> 已完成`, `完成值 3 -> 5`,
/// `备注 进展顺利`, `（撤销）` after an undo; `status todo -> done`,
/// `value 3 -> 5`, `note 进展顺利`, ` (undo)` in English.
pub fn describe_change(change: &Change, locale: Locale) -> String {
    describe(ChangeParts::of(change), locale)
}

/// [`describe_change`] from its parts (the app, `log`, `mark`, the summary
/// and the ledger all describe a change here).
pub fn describe(change: ChangeParts<'_>, locale: Locale) -> String {
    let none = match locale {
        Locale::Zh => "无",
        Locale::En => "-",
    };
    let shown = |text: Option<&str>| match (change.field, text) {
        (_, None) => none.to_string(),
        (Field::Status, Some(text)) => {
            crate::safe_text::escape(&status_name(text, locale)).into_owned()
        }
        (Field::Value, Some(text)) => crate::safe_text::escape(text).into_owned(),
        // text from a state file is shown, never obeyed by the terminal
        (_, Some(text)) => {
            crate::safe_text::escape(&text.replace('\r', "").replace('\n', " ")).into_owned()
        }
    };
    let field = field_name(change.field, locale);
    let mut text = match change.field {
        Field::Note => format!("{field} {}", shown(change.to)),
        Field::Progress | Field::Problems | Field::Next => format!(
            "{field}({}) {}",
            change.period.unwrap_or("-"),
            shown(change.to)
        ),
        _ => format!("{field} {} -> {}", shown(change.from), shown(change.to)),
    };
    if change.undo {
        text.push_str(match locale {
            Locale::Zh => "（撤销）",
            Locale::En => " (undo)",
        });
    }
    text
}

/// A history line: `2025-05-20 09:30 张三 状态 未启动 -> 已完成`.
pub fn history_line(change: &Change, locale: Locale) -> String {
    format!(
        "{} {} {}",
        change.at.format("%Y-%m-%d %H:%M"),
        crate::safe_text::escape(&change.by),
        describe_change(change, locale)
    )
}

/// `unknown status`, in the user's language.
pub fn unknown_status(text: &str, locale: Locale) -> String {
    match locale {
        Locale::Zh => format!(
            "未知状态 `{}`：可用 未启动、推进中、已完成、受阻（或 todo、doing、done、blocked）",
            text.trim()
        ),
        Locale::En => format!(
            "unknown status `{}`: allowed are todo, doing, done, blocked (未启动, 推进中, 已完成, 受阻)",
            text.trim()
        ),
    }
}

/// Why a read or write failed, in the user's language: the common kinds
/// worded in Chinese, any other as the system says it (the system's
/// words are English: Rust does not take the C library's locale).
pub fn io_reason(err: &std::io::Error, locale: Locale) -> String {
    use std::io::ErrorKind as Kind;
    if locale == Locale::En {
        return err.to_string();
    }
    if let Some(crate::fsutil::NotReplaced(special)) = err
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<crate::fsutil::NotReplaced>())
    {
        let what = match special {
            crate::fsutil::Special::Fifo => "命名管道（FIFO）",
            crate::fsutil::Special::Device => "设备",
            crate::fsutil::Special::Socket => "套接字",
            crate::fsutil::Special::Symlink => "符号链接",
            crate::fsutil::Special::Folder => "文件夹",
            crate::fsutil::Special::Other => "特殊文件",
        };
        return format!("那里是{what}；taizhang 只写入新文件或覆盖普通文件（未写入任何内容）");
    }
    let worded = match err.kind() {
        Kind::NotFound => "文件或文件夹不存在",
        Kind::PermissionDenied => "没有权限",
        Kind::AlreadyExists => "已经存在",
        Kind::IsADirectory => "这是一个文件夹",
        Kind::NotADirectory => "路径中有一段不是文件夹",
        Kind::DirectoryNotEmpty => "文件夹不是空的",
        Kind::StorageFull => "磁盘已满",
        Kind::QuotaExceeded => "超出磁盘配额",
        Kind::FileTooLarge => "文件太大",
        Kind::ReadOnlyFilesystem => "文件系统是只读的",
        Kind::InvalidFilename => "文件名无效",
        Kind::CrossesDevices => "不能跨文件系统移动",
        Kind::BrokenPipe => "输出的管道已关闭",
        Kind::TimedOut => "超时",
        Kind::Interrupted => "被中断",
        Kind::UnexpectedEof => "文件意外结束",
        _ => return err.to_string(),
    };
    match err.raw_os_error() {
        Some(code) => format!("{worded}（系统错误 {code}）"),
        None => worded.to_string(),
    }
}

/// A state error in the user's language (positions and paths kept).
pub fn state_error(err: &StateError, locale: Locale) -> String {
    if locale == Locale::En {
        return err.to_string();
    }
    match err {
        StateError::Io {
            path,
            action,
            source,
        } => {
            use crate::state::store::StoreStep;
            let action = match action {
                StoreStep::Lock => "无法加锁",
                StoreStep::Read => "无法读取",
                StoreStep::CreateFolder => "无法创建状态文件夹",
                StoreStep::Write => "无法写入",
                StoreStep::Replace => "无法替换",
                StoreStep::KeepBackup => "无法保留备份",
                StoreStep::SyncFolder => "无法同步文件夹到磁盘",
            };
            format!(
                "{}：{action}：{}",
                path.display(),
                io_reason(source, locale)
            )
        }
        StateError::Corrupt {
            path,
            line,
            column,
            message,
            backup,
        } => {
            let backup = match backup {
                Some(b) => format!(
                    "上一个完好的版本是 {}（修正该文件，或用它覆盖）",
                    b.display()
                ),
                None => "没有上一个版本（.bak），请手工修正该文件".to_string(),
            };
            format!(
                "{}:{line}:{column}: {}；该文件被拒绝，未作改动；{backup}",
                path.display(),
                plan::state_problem(message, locale)
            )
        }
        StateError::Version { path, found } => format!(
            "{}：状态文件格式版本 {found} 比本程序能读的更新，请升级 taizhang（文件未改动）",
            path.display()
        ),
        StateError::UnknownMilestone { plan, id, nearest } => {
            let nearest = if nearest.is_empty() {
                "无".to_string()
            } else {
                nearest.join("、")
            };
            format!("计划 `{plan}` 中没有里程碑 `{id}`；最接近的编号：{nearest}")
        }
        StateError::NoTarget { plan, milestone } => {
            format!("计划 `{plan}` 的里程碑 `{milestone}` 没有数值目标，不填数值；请改它的状态")
        }
        StateError::BadValue { text } => format!("无效数值 `{text}`：请输入数字"),
        StateError::NothingToUndo { plan } => format!("计划 `{plan}` 没有可撤销的变更"),
        StateError::Locked { path, waited } => format!(
            "{}：另一个 taizhang 已占用该锁 {} 秒；请稍后再试（未写入任何内容）",
            path.display(),
            waited.as_secs()
        ),
    }
}

/// A plan-loading error in the user's language.
pub fn load_error(err: &LoadError, locale: Locale) -> String {
    if locale == Locale::En {
        return err.to_string();
    }
    match err {
        LoadError::Io { path, source } => format!(
            "{}：无法读取：{}",
            path.display(),
            io_reason(source, locale)
        ),
        LoadError::NotUtf8 { path } => {
            format!("{}：不是 UTF-8 文本（请另存为 UTF-8）", path.display())
        }
        LoadError::Invalid { problems } => {
            let lines: Vec<String> = problems.iter().map(|p| plan::problem(p, locale)).collect();
            lines.join("\n")
        }
        LoadError::UnknownPlan { id, known } => {
            format!("未知计划 `{id}`；已有的计划：{}", known.join("、"))
        }
        LoadError::NoSuchFolder { path } => format!("{}：计划文件夹不存在", path.display()),
    }
}

/// The app needs a terminal; said in the user's language.
pub fn no_terminal(locale: Locale) -> &'static str {
    match locale {
        Locale::Zh => {
            "不是终端：本程序需要交互式终端。没有终端时请用命令：`taizhang plans`、`taizhang export`、`taizhang summary`、`taizhang mark 计划 里程碑 状态`"
        }
        Locale::En => {
            "not a terminal: the app needs an interactive terminal. Without one, use the commands: `taizhang plans`, `taizhang export`, `taizhang summary`, `taizhang mark PLAN MILESTONE STATUS`"
        }
    }
}

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

    fn change(field: Field, from: Option<&str>, to: Option<&str>) -> Change {
        Change {
            id: "x".into(),
            at: chrono::DateTime::parse_from_rfc3339("2025-05-20T09:30:00+08:00").unwrap(),
            by: "张三".into(),
            field,
            from: from.map(String::from),
            to: to.map(String::from),
            note: None,
            session: None,
            undoes: None,
            period: None,
        }
    }

    #[test]
    fn a_report_part_names_its_period() {
        let mut progress = change(Field::Progress, None, Some("完成主体施工"));
        progress.period = Some("2025-06".into());
        assert_eq!(
            describe_change(&progress, Locale::Zh),
            "进展情况(2025-06) 完成主体施工"
        );
        assert_eq!(
            describe_change(&progress, Locale::En),
            "progress(2025-06) 完成主体施工"
        );
    }

    #[test]
    fn a_change_is_described_in_one_language() {
        let status = change(Field::Status, Some("todo"), Some("blocked"));
        assert_eq!(
            history_line(&status, Locale::Zh),
            "2025-05-20 09:30 张三 状态 未启动 -> 受阻"
        );
        assert_eq!(
            describe_change(&status, Locale::En),
            "status todo -> blocked"
        );
        let value = change(Field::Value, None, Some("1.2"));
        assert_eq!(describe_change(&value, Locale::Zh), "完成值 无 -> 1.2");
        let mut note = change(Field::Note, None, Some("进展顺利"));
        note.undoes = Some("y".into());
        assert_eq!(describe_change(&note, Locale::Zh), "备注 进展顺利（撤销）");
    }

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
