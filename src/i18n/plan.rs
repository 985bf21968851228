//! The problems of plan, settings and state files in the user's language:
//! `validate`'s, the broken-plan warning's, the settings' (colours,
//! lights), and the YAML parser's. The `keys:` table's are worded by
//! `tui::keymap::worded`, since nothing here may reach into the TUI.
//!
//! taizhang's own problems are cases of an enum ([`Message`],
//! [`YamlProblem`], [`StateProblem`]) and are worded here
//! from their data; the parser's own text is worded by [`parser_text`].

use super::parser::parser_text;
use crate::config::Locale;
use crate::plan::validate::{Message, Problem};
use crate::state::format::{Recorded, StateProblem};
use crate::state::model::FORMAT_VERSION;
use crate::yaml::{MAX_ALIAS_EXPANSION, MAX_DEPTH, MAX_DOCUMENT_BYTES, YamlProblem};

/// `FILE:LINE:COL: message`.
pub fn problem(problem: &Problem, locale: Locale) -> String {
    format!(
        "{}:{}:{}: {}",
        problem.file,
        problem.line,
        problem.column,
        message(&problem.message, locale)
    )
}

/// A problem's message, without its position.
pub fn message(message: &Message, locale: Locale) -> String {
    if locale == Locale::En {
        return message.to_string();
    }
    match message {
        Message::Yaml(problem) => yaml_problem(problem, locale),
        Message::IdNotStem { id, stem } => {
            format!("计划编号 `{id}` 必须与文件名 `{stem}` 相同（文件名去掉扩展名即计划编号）")
        }
        Message::BadId { id } => format!(
            "编号 `{id}` 不合规：请用 1 到 40 个小写字母、数字、`.`、`-` 或 `_`，以字母或数字开头"
        ),
        Message::DuplicateId { id, first_line } => {
            let first = first_line
                .map(|line| format!("（第 {line} 行已用过）"))
                .unwrap_or_default();
            format!("编号 `{id}` 重复：同一计划中的编号不能重复{first}")
        }
        Message::EmptyTitle => "标题为空：计划、领域、任务和里程碑都要有标题".into(),
        Message::SpanBackwards { start, end } => {
            format!("期限的结束日期（{end}）早于开始日期（{start}）")
        }
        Message::TargetNotNumber => "目标值必须是数字".into(),
        Message::RangeBackwards { from, to } => {
            format!("目标区间 {from}..{to} 的上限小于下限")
        }
        Message::NotUtf8 => "不是 UTF-8 文本（请另存为 UTF-8）".into(),
        Message::Unreadable(reason) => format!("无法读取：{reason}"),
        Message::Setting { path, parser } => format!("{path}：{}", parser_text(parser, locale)),
        Message::YellowBehind => "lights.yellow_behind：应为 0 到 100 之间的分数".into(),
        Message::RedBehind { yellow } => {
            format!("lights.red_behind：应为 yellow_behind（{yellow}）到 100 之间的分数")
        }
    }
}

/// A YAML document's problem: a limit, or the parser's words.
pub fn yaml_problem(problem: &YamlProblem, locale: Locale) -> String {
    if locale == Locale::En {
        return problem.to_string();
    }
    const MB: u64 = 1024 * 1024;
    match problem {
        YamlProblem::Parser(text) => parser_text(text, locale),
        YamlProblem::TooLarge { megabytes } => format!(
            "文件有 {megabytes} MB；taizhang 读取的计划和状态文件最大 {} MB",
            MAX_DOCUMENT_BYTES / MB
        ),
        YamlProblem::TooDeep => format!("嵌套太深：taizhang 读取的文档最多嵌套 {MAX_DEPTH} 层"),
        YamlProblem::Aliases => format!(
            "别名（`*名称`）使文档展开后超过 {} MB：每次使用都复制锚点的内容；请把内容写出来，或少用别名",
            MAX_ALIAS_EXPANSION / MB
        ),
        YamlProblem::DuplicateKey { key, first_line } => format!(
            "`{key}` 在同一映射中出现两次（第一次在第 {first_line} 行）；每个键只能出现一次。如果是手工合并两个版本（git 冲突）造成的，请把两处合为一项"
        ),
        YamlProblem::NumberTooLarge { path, number } => {
            let path = path
                .strip_suffix(": ")
                .map(|p| format!("{p}："))
                .unwrap_or_default();
            format!("{path}数字 `{number}` 太大：数字必须有限，小于 1.8e308")
        }
    }
}

/// A state file's problem (local or remote), without its position.
pub fn state_problem(problem: &StateProblem, locale: Locale) -> String {
    if locale == Locale::En {
        return problem.to_string();
    }
    match problem {
        StateProblem::Yaml(problem) => yaml_problem(problem, locale),
        StateProblem::NotUtf8 => "不是 UTF-8 文本".into(),
        StateProblem::VersionZero => "version（格式版本）应为 1 或更大".into(),
        StateProblem::EmptyChangeId => "变更的 id 为空".into(),
        StateProblem::ChangeIdTwice(id) => format!("变更 id `{id}` 出现了两次"),
        StateProblem::BadText { kind, text, .. } => match kind {
            Recorded::Status => super::unknown_status(text, locale),
            Recorded::Value => format!("无效数值 `{text}`：应为数字，如 17000 或 1.7"),
            Recorded::Period => {
                format!("无效的报告期 `{text}`：应为月份（如 2025-06）或季度（如 2025-Q2）")
            }
        },
        StateProblem::NeedsPeriod(field) => {
            format!("`{field}` 变更需要 `period`（报告期，如 2025-06 或 2025-Q2）")
        }
        StateProblem::StatusNeedsTo => "状态变更需要 `to`".into(),
        StateProblem::WrongPlan { found, expected } => {
            format!("这是计划 `{found}` 的状态，应为 `{expected}` 的")
        }
        StateProblem::NewerVersion { found } => format!(
            "状态文件格式版本 {found} 比本程序能读的（{FORMAT_VERSION}）更新，请升级 taizhang"
        ),
    }
}
