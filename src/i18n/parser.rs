//! The parser's words in the user's language. serde, serde_yaml, libyaml and
//! chrono word their problems in English text, and a value check serde runs
//! (a date, a colour) comes back through serde as text too; this words the
//! forms they take. A message it does not know is kept as the parser wrote
//! it, in backticks, after a Chinese lead, so no line is half-translated
//! (the fuzz tests check that none they meet is left so).

use crate::config::Locale;

/// The parser's words (serde's, serde_yaml's, libyaml's, or a value
/// check's) in the user's language: `areas[0].tasks[1]: unknown field
/// `x`, expected one of `a`, `b`` → `areas[0].tasks[1]：未知字段 `x`，
/// 可用：`a`、`b``.
pub fn parser_text(text: &str, locale: Locale) -> String {
    if locale == Locale::En {
        return text.to_string();
    }
    // the path is any text (a key of the file's own), so the body is
    // found by its words: the first `: ` after which they are known
    let worded = |body: &str| {
        serde_body(body)
            .or_else(|| value_check(body))
            .or_else(|| libyaml(body))
    };
    if let Some(body) = worded(text) {
        return body;
    }
    text.match_indices(": ")
        .find_map(|(at, _)| worded(&text[at + 2..]).map(|body| format!("{}：{body}", &text[..at])))
        .unwrap_or_else(|| format!("无法解析（解析器原文：`{text}`）"))
}

/// The messages of serde's own errors (`serde::de::Error`'s defaults).
fn serde_body(body: &str) -> Option<String> {
    if let Some(rest) = body.strip_prefix("unknown field ") {
        let (field, expected) = rest.split_once(", expected ")?;
        return Some(format!("未知字段 {field}，{}", one_of(expected)));
    }
    if let Some(rest) = body.strip_prefix("unknown variant ") {
        let (variant, expected) = rest.split_once(", expected ")?;
        return Some(format!("未知取值 {variant}，{}", one_of(expected)));
    }
    if let Some(field) = body.strip_prefix("missing field ") {
        return Some(format!("缺少字段 {field}"));
    }
    if let Some(field) = body.strip_prefix("duplicate field ") {
        return Some(format!("字段 {field} 写了两次"));
    }
    if let Some(rest) = body.strip_prefix("invalid type: ") {
        let (found, expected) = rest.rsplit_once(", expected ")?;
        return Some(format!(
            "类型不对：这里是{}，应为{}",
            found_kind(found),
            expected_kind(expected)
        ));
    }
    if let Some(rest) = body.strip_prefix("invalid value: ") {
        let (found, expected) = rest.rsplit_once(", expected ")?;
        return Some(format!(
            "取值不对：这里是{}，应为{}",
            found_kind(found),
            expected_kind(expected)
        ));
    }
    if let Some(rest) = body.strip_prefix("invalid length ") {
        let (length, expected) = rest.split_once(", expected ")?;
        return Some(format!(
            "长度不对：这里有 {length} 项，应为{}",
            expected_kind(expected)
        ));
    }
    None
}

/// serde's list of what is allowed: `one of `a`, `b``, `` `a` or `b` ``,
/// `` `a` ``, `there are no fields`.
fn one_of(expected: &str) -> String {
    if expected.starts_with("there are no ") {
        return "这里不能有字段".into();
    }
    let list = expected.strip_prefix("one of ").unwrap_or(expected);
    let names: Vec<&str> = list
        .split(['`'])
        .skip(1)
        .step_by(2)
        .filter(|name| !name.is_empty())
        .collect();
    if names.is_empty() {
        return format!("应为 `{expected}`");
    }
    let names: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    format!("可用：{}", names.join("、"))
}

/// What serde found (`serde::de::Unexpected`'s words).
fn found_kind(found: &str) -> String {
    let quoted = |prefix: &str| found.strip_prefix(prefix).map(|v| v.trim_matches('`'));
    if let Some(text) = found.strip_prefix("string ") {
        return format!("文本 {text}");
    }
    if let Some(value) = quoted("integer ") {
        return format!("整数 {value}");
    }
    if let Some(value) = quoted("floating point ") {
        return format!("数字 {value}");
    }
    if let Some(value) = quoted("boolean ") {
        return format!("布尔值 {value}");
    }
    if let Some(value) = quoted("character ") {
        return format!("字符 {value}");
    }
    match found {
        "unit value" | "null" => "空值".into(),
        "sequence" => "列表".into(),
        "map" => "映射（键: 值）".into(),
        other => format!("`{other}`"),
    }
}

/// What serde expected: a type's own words (`a string`, `f64`,
/// `struct Milestone`, `a sequence`).
fn expected_kind(expected: &str) -> String {
    let expected = expected.trim();
    let numbers = [
        "f32", "f64", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64",
        "u128", "usize", "a number",
    ];
    if numbers.contains(&expected) {
        return "数字".into();
    }
    if expected.starts_with("struct ") || expected.starts_with("a map") || expected == "map" {
        return "映射（键: 值）".into();
    }
    match expected {
        "a string" | "a borrowed string" | "string" | "a character" | "char" => "文本".into(),
        "a sequence" | "sequence" | "a list" => "列表".into(),
        "a boolean" | "bool" => "true 或 false".into(),
        "unit" | "unit value" | "null" => "空值".into(),
        "option" => "一个值或空值".into(),
        other => format!("`{other}`"),
    }
}

/// taizhang's value checks that serde runs and hands back as text.
fn value_check(body: &str) -> Option<String> {
    if let Some(rest) = body.strip_prefix("invalid date ") {
        let (value, _) = rest.split_once(": ")?;
        return Some(format!("无效日期 {value}：应为真实的日期，写作 YYYY-MM-DD"));
    }
    if let Some((_, chinese)) = TIME_PROBLEMS.iter().find(|(english, _)| body == *english) {
        return Some(format!(
            "{chinese}：应写作 2025-06-30T15:02:00+08:00（日期、时间和时区）"
        ));
    }
    if let Some(rest) = body.strip_prefix("unknown colour ") {
        let (value, _) = rest.split_once(": ")?;
        return Some(format!(
            "未知颜色 {value}：请用颜色名（如 blue、lightred、darkgray）、0-255 的数字或 #rrggbb"
        ));
    }
    None
}

/// libyaml's syntax errors (serde_yaml's, position removed), with the
/// construct being read: `did not find expected key, while parsing a
/// block mapping at line 2 column 1`.
fn libyaml(body: &str) -> Option<String> {
    let (problem, context) = match body.split_once(", while ") {
        Some((problem, context)) => (problem, Some(context)),
        None => (body, None),
    };
    let problem = LIBYAML_PROBLEMS
        .iter()
        .find(|(english, _)| problem.starts_with(english))
        .map(|(_, chinese)| *chinese)?;
    let Some(context) = context else {
        return Some(format!("YAML 语法错误：{problem}"));
    };
    let (what, position) = match context.split_once(" at line ") {
        Some((what, position)) => (what, Some(position)),
        None => (context, None),
    };
    let what = LIBYAML_CONTEXTS
        .iter()
        .find(|(english, _)| what == *english)
        .map(|(_, chinese)| *chinese)
        .unwrap_or("YAML 内容");
    let at = position
        .and_then(|p| p.split_once(" column "))
        .map(|(line, column)| format!("（从第 {line} 行第 {column} 列开始）"))
        .unwrap_or_default();
    Some(format!("YAML 语法错误：{problem}；出错时正在读{what}{at}"))
}

/// libyaml's problems (every one its scanner and parser can give) and
/// serde_yaml's own, matched by how they begin.
const LIBYAML_PROBLEMS: &[(&str, &str)] = &[
    ("did not find expected key", "缩进不对，或少了 `键:`"),
    ("did not find expected node content", "这里缺少值"),
    (
        "did not find expected '-' indicator",
        "列表项应以 `- ` 开头",
    ),
    (
        "did not find expected ',' or ']'",
        "方括号列表中缺少 `,` 或 `]`",
    ),
    (
        "did not find expected ',' or '}'",
        "花括号映射中缺少 `,` 或 `}`",
    ),
    (
        "did not find expected comment or line break",
        "值后面有多余的内容",
    ),
    ("did not find expected whitespace", "这里应有空格或换行"),
    ("could not find expected ':'", "缺少 `:`"),
    (
        "mapping values are not allowed in this context",
        "这里不能写 `键: 值`（值中的冒号请加引号）",
    ),
    (
        "block sequence entries are not allowed in this context",
        "这里不能写列表项 `- `",
    ),
    (
        "mapping keys are not allowed in this context",
        "这里不能写键",
    ),
    (
        "found character that cannot start any token",
        "有不能开始任何内容的字符（如 `@`、`` ` ``、制表符）",
    ),
    ("found a tab character", "缩进用了制表符：请用空格缩进"),
    (
        "found unexpected end of stream",
        "文件意外结束（引号或括号没有闭合）",
    ),
    (
        "found unexpected document indicator",
        "文本中出现了文档分隔符 `---` 或 `...`（请加引号）",
    ),
    (
        "found unknown escape character",
        "双引号中有未知的转义字符（`\\` 请写成 `\\\\`）",
    ),
    (
        "did not find expected hexadecimal number",
        "双引号中的转义（`\\x`、`\\u`）后应为十六进制数",
    ),
    (
        "found invalid Unicode character escape code",
        "双引号中的 `\\u` 转义不是有效的字符",
    ),
    (
        "found an indentation indicator equal to 0",
        "多行文本（`|` 或 `>`）的缩进标记不能为 0",
    ),
    (
        "did not find expected alphabetic or numeric character",
        "锚点或别名（`&名称`、`*名称`）的名称应为字母或数字",
    ),
    ("found undefined alias", "用了未定义的别名"),
    ("unknown anchor", "用了未定义的锚点"),
    ("found duplicate anchor", "锚点重复"),
    ("found unexpected ':'", "多余的 `:`"),
    // `%` starts a directive, `!` a tag: text that begins so needs quotes
    (
        "could not find expected directive name",
        "以 `%` 开头的行是 YAML 指令，写法不对（以 % 开头的文本请加引号）",
    ),
    (
        "found unknown directive name",
        "以 `%` 开头的行是 YAML 指令，写法不对（以 % 开头的文本请加引号）",
    ),
    (
        "did not find expected version number",
        "`%YAML` 指令的版本号不对",
    ),
    (
        "did not find expected digit or '.' character",
        "`%YAML` 指令的版本号不对",
    ),
    (
        "found extremely long version number",
        "`%YAML` 指令的版本号不对",
    ),
    (
        "found incompatible YAML document",
        "`%YAML` 指令的版本号不对",
    ),
    ("found duplicate %YAML directive", "`%YAML` 指令写了两次"),
    ("found duplicate %TAG directive", "`%TAG` 指令写了两次"),
    (
        "did not find expected <document start>",
        "指令之后应有 `---`",
    ),
    (
        "did not find expected tag URI",
        "以 `!` 开头的标签写法不对（以 ! 开头的文本请加引号）",
    ),
    (
        "did not find URI escaped octet",
        "以 `!` 开头的标签写法不对（以 ! 开头的文本请加引号）",
    ),
    (
        "did not find expected '!'",
        "以 `!` 开头的标签写法不对（以 ! 开头的文本请加引号）",
    ),
    (
        "did not find the expected '>'",
        "以 `!` 开头的标签写法不对（以 ! 开头的文本请加引号）",
    ),
    (
        "found undefined tag handle",
        "以 `!` 开头的标签写法不对（以 ! 开头的文本请加引号）",
    ),
    (
        "empty YAML tag is not allowed",
        "以 `!` 开头的标签写法不对（以 ! 开头的文本请加引号）",
    ),
    (
        "unexpected tagged value in merge",
        "合并键 `<<` 的值不能带标签",
    ),
    (
        "expected a mapping or list of mappings for merging",
        "合并键 `<<` 的值应为映射或映射的列表",
    ),
    ("expected a mapping for merging", "合并键 `<<` 的值应为映射"),
    ("control characters are not allowed", "不允许控制字符"),
    ("invalid leading UTF-8 octet", "不是有效的 UTF-8 文本"),
    ("invalid trailing UTF-8 octet", "不是有效的 UTF-8 文本"),
    (
        "invalid length of a UTF-8 sequence",
        "不是有效的 UTF-8 文本",
    ),
    ("invalid Unicode character", "不是有效的 UTF-8 文本"),
    (
        "found an incorrect leading UTF-8 octet",
        "不是有效的 UTF-8 文本",
    ),
    (
        "found an incorrect trailing UTF-8 octet",
        "不是有效的 UTF-8 文本",
    ),
    ("incomplete UTF-8 octet sequence", "不是有效的 UTF-8 文本"),
    ("incomplete UTF-16", "不是有效的 UTF-16 文本"),
    ("expected low surrogate area", "不是有效的 UTF-16 文本"),
    ("did not find expected <stream-start>", "文件开头不对"),
    (
        "found unexpected non-alphabetical character",
        "指令名应为字母",
    ),
    ("input error", "无法读取文件内容"),
    ("input is too long", "文件太大"),
    ("unexpected low surrogate area", "不是有效的 UTF-16 文本"),
    ("EOF while parsing a value", "文件是空的或意外结束"),
    ("recursion limit exceeded", "嵌套太深"),
    ("repetition limit exceeded", "重复太多"),
    (
        "deserializing from YAML containing more than one document",
        "一个文件中只能有一个 YAML 文档（去掉多余的 `---`）",
    ),
    ("failed to parse YAML number", "不是有效的数字"),
];

/// chrono's words for a date and time that does not read (a change's
/// `at`).
const TIME_PROBLEMS: &[(&str, &str)] = &[
    ("input is out of range", "日期时间超出范围"),
    (
        "no possible date and time matching input",
        "没有这样的日期时间",
    ),
    (
        "input is not enough for unique date and time",
        "日期时间不完整",
    ),
    ("input contains invalid characters", "日期时间中有无效字符"),
    ("premature end of input", "日期时间不完整"),
    ("trailing input", "日期时间后面有多余的内容"),
    ("bad or unsupported format string", "日期时间格式不对"),
];

/// What libyaml was reading when it stopped.
const LIBYAML_CONTEXTS: &[(&str, &str)] = &[
    ("parsing a block mapping", "一个映射"),
    ("parsing a block collection", "一个列表"),
    ("parsing a flow sequence", "一个方括号列表"),
    ("parsing a flow mapping", "一个花括号映射"),
    ("parsing a block node", "一个值"),
    ("parsing a flow node", "一个值"),
    ("parsing a node", "一个值"),
    ("scanning a simple key", "一个键"),
    ("scanning a quoted scalar", "一段带引号的文本"),
    ("scanning a plain scalar", "一段文本"),
    ("scanning a block scalar", "一段多行文本"),
    ("scanning an anchor", "一个锚点"),
    ("scanning an alias", "一个别名"),
    ("scanning a tag", "一个标签"),
    ("scanning for the next token", "下一项内容"),
    ("parsing a quoted scalar", "一段带引号的文本"),
    ("parsing a tag", "一个标签"),
    ("parsing a %TAG directive", "一条 `%TAG` 指令"),
    ("parsing a tag directive", "一条 `%TAG` 指令"),
    ("scanning a %TAG directive", "一条 `%TAG` 指令"),
    ("scanning a tag directive", "一条 `%TAG` 指令"),
    ("scanning a %YAML directive", "一条 `%YAML` 指令"),
    ("scanning a directive", "一条指令"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn zh(text: &str) -> String {
        parser_text(text, Locale::Zh)
    }

    #[test]
    fn serde_messages_are_worded_with_their_path() {
        assert_eq!(
            zh("areas[0].tasks[1]: unknown field `titel`, expected one of `id`, `title`, `lead`"),
            "areas[0].tasks[1]：未知字段 `titel`，可用：`id`、`title`、`lead`"
        );
        assert_eq!(zh("missing field `title`"), "缺少字段 `title`");
        assert_eq!(
            zh("span: invalid type: string \"2025\", expected struct Span"),
            "span：类型不对：这里是文本 \"2025\"，应为映射（键: 值）"
        );
        assert_eq!(
            zh(
                "areas[0].tasks[0].milestones[0].target.value: invalid type: boolean `true`, expected f64"
            ),
            "areas[0].tasks[0].milestones[0].target.value：类型不对：这里是布尔值 true，应为数字"
        );
        assert_eq!(
            zh("status: unknown variant `finished`, expected one of `todo`, `doing`"),
            "status：未知取值 `finished`，可用：`todo`、`doing`"
        );
        assert_eq!(
            zh("keys: unknown field `x`, expected `a` or `b`"),
            "keys：未知字段 `x`，可用：`a`、`b`"
        );
    }

    #[test]
    fn syntax_errors_say_what_was_being_read_and_where_it_began() {
        assert_eq!(
            zh("did not find expected key, while parsing a block mapping at line 2 column 1"),
            "YAML 语法错误：缩进不对，或少了 `键:`；出错时正在读一个映射（从第 2 行第 1 列开始）"
        );
        assert_eq!(
            zh("mapping values are not allowed in this context"),
            "YAML 语法错误：这里不能写 `键: 值`（值中的冒号请加引号）"
        );
    }

    #[test]
    fn a_message_not_known_is_kept_whole_after_a_chinese_lead() {
        assert_eq!(
            zh("something new happened"),
            "无法解析（解析器原文：`something new happened`）"
        );
        assert_eq!(
            parser_text("missing field `x`", Locale::En),
            "missing field `x`"
        );
    }

    #[test]
    fn value_checks_that_come_back_through_serde() {
        assert_eq!(
            zh("span.end: invalid date `2025-02-30`: expected a real date as YYYY-MM-DD"),
            "span.end：无效日期 `2025-02-30`：应为真实的日期，写作 YYYY-MM-DD"
        );
        let colour = "mauve".parse::<crate::config::Colour>().unwrap_err();
        assert!(
            zh(&colour).starts_with("未知颜色 `mauve`："),
            "{}",
            zh(&colour)
        );
        let date = crate::plan::model::parse_date("2025-13-01").unwrap_err();
        assert!(
            zh(&date).starts_with("无效日期 `2025-13-01`："),
            "{}",
            zh(&date)
        );
    }
}
