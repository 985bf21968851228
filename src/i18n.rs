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
pub mod help;
pub mod import;
pub mod ledger;
pub mod parser;
pub mod plan;
pub mod review;
pub mod sync;
pub mod usage;

pub use help::{HELP_COMMAND, HELP_ZH, localize_help, localize_usage};

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
}
