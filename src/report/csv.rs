//! The summary as CSV for a spreadsheet: a UTF-8 byte-order mark (without
//! it Excel and WPS read the Chinese as GBK and garble it), one header row,
//! then one row per area, lead unit or status of every plan; RFC 4180
//! quoting and CRLF line ends.

use super::columns::{count_headings, counts};
use super::summary::{GroupBy, Summary};

/// The UTF-8 byte-order mark.
pub const BOM: &str = "\u{feff}";

/// A field, quoted when it holds a comma, quote, line break or edge space.
/// Text that a spreadsheet would run as a formula (it starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return, and is no number) gets a leading
/// apostrophe, as OWASP advises: Excel and WPS then show it as text.
pub fn field(text: &str) -> String {
    let neutral;
    let text = if is_formula(text) {
        neutral = format!("'{text}");
        neutral.as_str()
    } else {
        text
    };
    let needs_quotes =
        text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ');
    if needs_quotes {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn is_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.trim().parse::<f64>().is_err()
}

pub(super) fn line(fields: &[String]) -> String {
    let mut out = fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

pub fn render(summary: &Summary) -> String {
    let by = summary.by;
    let mut header: Vec<String> = vec!["计划编号".into(), "计划".into()];
    match by {
        GroupBy::Area => header.extend(["领域编号".into(), "行动领域".into()]),
        GroupBy::Lead => header.push("牵头单位".into()),
        GroupBy::Status => header.extend(["状态编码".into(), "状态".into()]),
    }
    header.extend(count_headings().map(String::from));
    header.extend(["完成率(%)".into(), "灯".into()]);
    let mut out = String::from(BOM);
    out.push_str(&line(&header));
    for plan in &summary.plans {
        for row in plan.rows(by) {
            let t = row.totals;
            let mut fields = vec![plan.id.clone(), plan.title.clone()];
            match by {
                GroupBy::Area | GroupBy::Status => {
                    fields.extend([row.key.to_string(), row.label.to_string()])
                }
                GroupBy::Lead => fields.push(row.label.to_string()),
            }
            fields.extend(counts(t).map(|n| n.to_string()));
            fields.extend([format!("{:.1}", t.percent), t.light().zh().to_string()]);
            out.push_str(&line(&fields));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_when_needed() {
        assert_eq!(field("市工信局"), "市工信局");
        assert_eq!(field("甲,乙"), "\"甲,乙\"");
        assert_eq!(field("说\"好\""), "\"说\"\"好\"\"\"");
        assert_eq!(field("两\n行"), "\"两\n行\"");
        assert_eq!(field(" x"), "\" x\"");
        assert_eq!(line(&["a".into(), "b,c".into()]), "a,\"b,c\"\r\n");
        // formulas are shown, not run; negative numbers stay numbers
        assert_eq!(field("=1+2"), "'=1+2");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("+x"), "'+x");
        assert_eq!(field("-2+3"), "'-2+3");
        assert_eq!(
            field("=HYPERLINK(\"h\",\"x\")"),
            "\"'=HYPERLINK(\"\"h\"\",\"\"x\"\")\""
        );
        assert_eq!(field("-3.5"), "-3.5");
    }
}
