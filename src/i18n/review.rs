//! Review sessions' scopes and errors in the user's language.

use crate::config::Locale;
use crate::plan::Plan;
use crate::review::queue::ScopePart;
use crate::review::session::SessionProblem;
use crate::review::{Scope, ScopeError, SessionError};

/// A session's scope: `(1) 夯实基础设施 · 县农业农村局 · due < 2025-07-01 ·
/// stale 14d first · all`, or `(1) 夯实基础设施，县农业农村局，2025-07-01 前到期，
/// 14 天未变的在前，含已完成`; the plan's title when it narrows nothing.
pub fn scope(scope: &Scope, plan: &Plan, locale: Locale) -> String {
    let parts: Vec<String> = scope
        .parts(plan)
        .into_iter()
        .map(|part| match (locale, part) {
            (_, ScopePart::Area(number, title)) => format!("({number}) {title}"),
            (_, ScopePart::Lead(unit)) => unit.to_string(),
            (Locale::En, ScopePart::DueBefore(date)) => format!("due < {date}"),
            (Locale::Zh, ScopePart::DueBefore(date)) => format!("{date} 前到期"),
            (Locale::En, ScopePart::StaleFirst(days)) => format!("stale {days}d first"),
            (Locale::Zh, ScopePart::StaleFirst(days)) => format!("{days} 天未变的在前"),
            (Locale::En, ScopePart::All) => "all".to_string(),
            (Locale::Zh, ScopePart::All) => "含已完成".to_string(),
        })
        .collect();
    if parts.is_empty() {
        return plan.title.clone();
    }
    parts.join(match locale {
        Locale::Zh => "，",
        Locale::En => " · ",
    })
}

/// A scope that does not fit the plan (`review --area 9`).
pub fn scope_error(err: &ScopeError, locale: Locale) -> String {
    if locale == Locale::En {
        return err.to_string();
    }
    match err {
        ScopeError::NoSuchArea { plan, area, count } => {
            format!("计划 `{plan}` 的行动领域是 1 到 {count}；没有第 {area} 个")
        }
        ScopeError::NoSuchLead { plan, lead, known } => format!(
            "计划 `{plan}` 没有由 `{lead}` 牵头的任务；牵头单位有：{}",
            known.join("、")
        ),
    }
}

/// A review session that cannot be read, found or resumed.
pub fn session_error(err: &SessionError, locale: Locale) -> String {
    if locale == Locale::En {
        return err.to_string();
    }
    match err {
        SessionError::Io { path, source } => {
            format!("{}：{}", path.display(), super::io_reason(source, locale))
        }
        SessionError::Corrupt {
            path,
            line,
            column,
            message,
        } => {
            let message = match message {
                SessionProblem::Yaml(problem) => super::plan::yaml_problem(problem, locale),
                SessionProblem::IdNotName { id } => format!(
                    "id {id:?} 与文件名不符：会话编号由字母、数字、`-` 或 `_` 组成，并作为文件名"
                ),
                SessionProblem::PlanNotFolder { plan } => {
                    format!("plan {plan:?} 与会话文件所在的文件夹不符")
                }
            };
            format!("{}:{line}:{column}: {message}", path.display())
        }
        SessionError::Unknown { plan, id } => format!(
            "计划 `{plan}` 没有审阅会话 `{id}`；`taizhang log {plan} --sessions` 可列出全部会话"
        ),
        SessionError::InvalidId { id } => format!(
            "`{id}` 不是审阅会话编号：编号为 1 到 64 个字母、数字、`-` 或 `_`，以字母或数字开头（如 `20250630-150200-7f3a`）"
        ),
        SessionError::NothingToResume { plan: Some(plan) } => {
            format!("计划 `{plan}` 没有中断的审阅会话可以继续")
        }
        SessionError::NothingToResume { plan: None } => "没有中断的审阅会话可以继续".into(),
    }
}
