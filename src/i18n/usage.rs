//! clap's own usage errors in Chinese: the first line chosen by the
//! error's kind and context, the `Usage:` and `--help` lines translated,
//! the rest (argument names, values) kept. Kinds without a Chinese line
//! are left in clap's English whole, so no line mixes the two.

use clap::error::{ContextKind, ContextValue, ErrorKind};

fn context(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(list) => Some(list.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(list) => Some(
            list.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("、"),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The first line of a usage error in Chinese, `None` for kinds left in
/// English.
fn first_line(err: &clap::Error) -> Option<String> {
    let arg = || context(err, ContextKind::InvalidArg).unwrap_or_default();
    let value = || context(err, ContextKind::InvalidValue).unwrap_or_default();
    Some(match err.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "没有子命令 '{}'",
            context(err, ContextKind::InvalidSubcommand)?
        ),
        ErrorKind::UnknownArgument => format!("意外的参数 '{}'", arg()),
        ErrorKind::MissingRequiredArgument => "缺少以下必需参数：".to_string(),
        ErrorKind::MissingSubcommand => "缺少子命令".to_string(),
        ErrorKind::ArgumentConflict => format!(
            "参数 '{}' 不能与 '{}' 一起使用",
            arg(),
            context(err, ContextKind::PriorArg)?
        ),
        ErrorKind::InvalidValue => format!("'{}' 不是 '{}' 的有效值", value(), arg()),
        ErrorKind::ValueValidation if arg().contains("DATE") => format!(
            "'{}' 不是 '{}' 的有效值：应为真实日期，格式 YYYY-MM-DD",
            value(),
            arg()
        ),
        _ => return None,
    })
}

/// A later line of clap's message in Chinese; `None` drops it (a tip with
/// no Chinese words).
fn later_line(line: &str) -> Option<String> {
    if let Some(usage) = line.strip_prefix("Usage: ") {
        return Some(format!("用法：{}", usage.replace("[OPTIONS]", "[选项]")));
    }
    if line == "For more information, try '--help'." {
        return Some("更多信息请用 '--help'。".to_string());
    }
    if let Some(values) = line
        .trim_start()
        .strip_prefix("[possible values: ")
        .and_then(|v| v.strip_suffix(']'))
    {
        return Some(format!("  [可用的值：{values}]"));
    }
    if let Some(tip) = line.trim_start().strip_prefix("tip: ") {
        // `a similar subcommand exists: 'mark'`, `some similar arguments
        // exist: '--as-of', '--all'`; other tips have no Chinese words
        let similar = tip
            .split_once(": ")
            .filter(|(what, _)| what.contains("similar"));
        return similar.map(|(what, names)| {
            let what = if what.contains("subcommand") {
                "子命令"
            } else {
                "参数"
            };
            format!("  提示：有相似的{what} {names}")
        });
    }
    Some(line.to_string())
}

/// A usage error in Chinese (help and version output untouched); `None`
/// when the error is to be shown as clap renders it.
pub fn usage_error_zh(err: &clap::Error) -> Option<String> {
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        return None;
    }
    let first = first_line(err)?;
    let rendered = err.render().to_string();
    let mut lines = vec![format!("错误：{first}")];
    let rest = rendered.lines().skip(1);
    // the value list of an invalid value is kept; the reason line of a
    // date is replaced by the first line
    for line in rest.filter_map(later_line) {
        // a dropped tip leaves two blank lines
        if !(line.is_empty() && lines.last().is_some_and(String::is_empty)) {
            lines.push(line);
        }
    }
    Some(lines.join("\n") + "\n")
}
