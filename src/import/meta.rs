//! Plan metadata from the notice header: the plan's title, the issuer, the
//! document number (文号) and the date of issue.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::outline::is_bare_date;
use super::text::normalize;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub doc_number: Option<String>,
    pub issued: Option<NaiveDate>,
}

static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Han}{1,12}[〔\[［(（]\s*[0-9０-９]{4}\s*[〕\]］)）]\s*[0-9０-９]{1,5}\s*号$")
        .unwrap()
});
static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日").unwrap());
static YEAR_RANGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(\d{4}\s*-\s*\d{4}\s*年\)$").unwrap());
static GAP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s{2,}").unwrap());

const PLAN_WORDS: [&str; 10] = [
    "计划", "方案", "任务", "意见", "要点", "措施", "办法", "规划", "清单", "通知",
];

fn has_sentence_punct(line: &str) -> bool {
    line.chars()
        .any(|c| matches!(c, '，' | ',' | '。' | '：' | ':' | '；' | ';' | '！' | '？'))
}

fn is_stop(line: &str) -> bool {
    is_bare_date(line)
        || DOC_NUMBER.is_match(line)
        || line.contains("此件")
        || line.contains("发布")
}

/// A line that may be (part of) the plan's own title.
fn title_like(line: &str) -> bool {
    let n = line.chars().count();
    n > 1 && n <= 80 && !has_sentence_punct(line) && !is_stop(line)
}

/// Read the header: `lines[..header]` precede the first heading.
pub fn extract(lines: &[String], header: usize) -> Meta {
    let head = &lines[..header.min(lines.len())];
    Meta {
        title: plan_title(head),
        issuer: issuer_and_date(lines).0,
        doc_number: head
            .iter()
            .find(|l| DOC_NUMBER.is_match(l))
            .map(|l| l.split_whitespace().collect()),
        issued: issuer_and_date(lines).1,
    }
}

/// The last title-like line naming a plan (not the covering notice), with the
/// lines it was broken from and a `(2023－2025年)` line after it.
fn plan_title(head: &[String]) -> Option<String> {
    let is_notice = |l: &str| l.contains("印发") || l.ends_with("通知") || l.starts_with('《');
    let at = head
        .iter()
        .rposition(|l| title_like(l) && !is_notice(l) && PLAN_WORDS.iter().any(|w| l.contains(w)));
    let Some(at) = at else {
        return notice_title(head);
    };
    let mut start = at;
    while start > 0
        && title_like(&head[start - 1])
        && !is_notice(&head[start - 1])
        && start + 3 > at
    {
        start -= 1;
    }
    let mut end = at + 1;
    if head
        .get(end)
        .is_some_and(|l| YEAR_RANGE.is_match(&normalize(l)))
    {
        end += 1;
    }
    Some(head[start..end].concat())
}

/// The covering notice's title (`国务院关于…的意见`), from the top lines;
/// `关于印发《X》的通知` gives X.
fn notice_title(head: &[String]) -> Option<String> {
    let title: String = head
        .iter()
        .take_while(|l| title_like(l))
        .map(String::as_str)
        .collect();
    if title.is_empty() {
        return None;
    }
    let inner = title
        .split_once("关于印发")
        .and_then(|(_, rest)| rest.strip_suffix("的通知"))
        .map(|t| {
            t.trim_start_matches('《')
                .trim_end_matches('》')
                .to_string()
        });
    Some(inner.unwrap_or(title))
}

/// The signature: the line(s) before the first bare date line, and that date.
/// Several issuers printed side by side (`广州市卫生健康委员会    广州市财政局`)
/// are all kept, joined with `、`.
fn issuer_and_date(lines: &[String]) -> (Option<String>, Option<NaiveDate>) {
    let Some(at) = lines.iter().position(|l| is_bare_date(l)) else {
        return (None, None);
    };
    let date = DATE.captures(&normalize(&lines[at])).and_then(|c| {
        NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
    });
    let mut issuers: Vec<String> = Vec::new();
    for line in lines[..at].iter().rev().take(3) {
        let segments: Vec<&str> = GAP
            .split(line)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let short = |s: &&str| s.chars().count() <= 25 && !has_sentence_punct(s);
        if segments.iter().all(short) && !is_stop(line) {
            for segment in segments.iter().rev() {
                issuers.insert(0, segment.to_string());
            }
            continue;
        }
        if segments.len() > 1
            && let Some(last) = segments.last().filter(|s| short(s))
        {
            issuers.insert(0, last.to_string());
        }
        break;
    }
    let issuer = (!issuers.is_empty()).then(|| issuers.join("、"));
    (issuer, date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }

    #[test]
    fn header_of_a_city_notice() {
        let l = lines(
            "济宁市人民政府\n关于印发济宁市攻坚行动计划的通知\n济政字〔2024〕46号\n各县人民政府:\n《济宁市攻坚行动计划》已经同意,现印发给你们。\n济宁市人民政府\n2024年9月20日\n(此件公开发布)\n济宁市攻坚行动计划\n为推进发展,制定本计划。\n一、总体要求",
        );
        let meta = extract(&l, l.len() - 1);
        assert_eq!(meta.title.as_deref(), Some("济宁市攻坚行动计划"));
        assert_eq!(meta.issuer.as_deref(), Some("济宁市人民政府"));
        assert_eq!(meta.doc_number.as_deref(), Some("济政字〔2024〕46号"));
        assert_eq!(meta.issued, NaiveDate::from_ymd_opt(2024, 9, 20));
    }

    #[test]
    fn broken_title_and_year_range() {
        let l = lines(
            "山东省人民政府\n２０２３年１１月１１日\n(此件公开发布)\n山东省三年行动方案\n(２０２３－２０２５年)\n为贯彻精神,制定本方案。",
        );
        let meta = extract(&l, l.len());
        assert_eq!(
            meta.title.as_deref(),
            Some("山东省三年行动方案(２０２３－２０２５年)")
        );
        assert_eq!(meta.issued, NaiveDate::from_ymd_opt(2023, 11, 11));
        let l = lines(
            "（此件公开发布）\n汶上县推动绿色低碳\n高质量发展2023年重点工作任务\n为深入贯彻，制定如下：",
        );
        assert_eq!(
            extract(&l, l.len()).title.as_deref(),
            Some("汶上县推动绿色低碳高质量发展2023年重点工作任务")
        );
    }

    #[test]
    fn several_issuers_and_a_notice_title() {
        let l = lines(
            "国务院办公厅关于加大激励\n支持力度的通知\n国办发〔2018〕117号\n各省：\n广州市卫生健康委员会            广州市财政局\n2023年10月19日",
        );
        let meta = extract(&l, l.len());
        assert_eq!(
            meta.title.as_deref(),
            Some("国务院办公厅关于加大激励支持力度的通知")
        );
        assert_eq!(
            meta.issuer.as_deref(),
            Some("广州市卫生健康委员会、广州市财政局")
        );
        assert_eq!(meta.doc_number.as_deref(), Some("国办发〔2018〕117号"));
    }
}
