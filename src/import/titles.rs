//! Milestone titles: the words before a number, without the fillers
//! (力争, 确保, 到2025年…) and the comparator (达到, 突破…), plus the noun after
//! a count (`打造6个省级工业互联网平台` → `打造省级工业互联网平台`).

use std::sync::LazyLock;

use regex::Regex;

use super::text::{is_punct, normalize, trim_punct};

static LEADING_DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:到|至|在|于|截至)?(?:\d{4}年?-\d{4}年|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:年)?(?:底|末)?(?:前)?|每年|年内|年底前|年底|全年|今年)")
        .unwrap()
});

const FILLERS: [&str; 17] = [
    "力争", "确保", "争取", "努力", "全力", "力求", "其中", "同时", "并且", "以及", "并", "和",
    "及", "与", "或", "实现", "累计",
];

/// Words that join list items; an after-part that is only these is empty.
pub(super) const CONNECTORS: [char; 6] = ['和', '及', '与', '或', '、', '以'];

const TRAILING: [&str; 25] = [
    // a rank's `进5强`, `前3名`
    "进",
    "前",
    "力争",
    "争取",
    "不少于",
    "不低于",
    "不超过",
    "不高于",
    "稳定在",
    "保持在",
    "控制在",
    "至少",
    "超过",
    "突破",
    "高于",
    "低于",
    "达到",
    "保持",
    "合计",
    "总计",
    "达",
    "为",
    "约",
    "近",
    "共",
];

pub(super) fn clean_title(before: &str) -> String {
    let mut t = before.trim().to_string();
    loop {
        let start = t.clone();
        t = t
            .trim_start_matches(|c: char| is_punct(c) || c.is_whitespace())
            .to_string();
        if let Some(f) = FILLERS.iter().find(|f| t.starts_with(*f)) {
            t = t[f.len()..].to_string();
        }
        let norm = normalize(&t);
        if let Some(m) = LEADING_DEADLINE.find(&norm) {
            let n = norm[..m.end()].chars().count();
            t = t.chars().skip(n).collect();
        }
        if t == start {
            break;
        }
    }
    let mut t = trim_punct(&t).to_string();
    while let Some(w) = TRAILING.iter().find(|w| t.ends_with(*w)) {
        t.truncate(t.len() - w.len());
        t = trim_punct(&t).to_string();
    }
    if let Some(rest) = t.strip_suffix("分别") {
        t = trim_punct(rest).to_string();
    }
    t
}

/// `500亿元的` after `地区生产总值1000亿元以上的县(市、区)`: the list leaves
/// the noun out; borrow it from the previous title.
pub(super) fn fill_ellipsis(title: &str, previous: Option<&str>) -> Option<String> {
    let previous = previous?;
    let norm_title = normalize(title);
    if !norm_title.starts_with(|c: char| c.is_ascii_digit()) || !title.ends_with('的') {
        return None;
    }
    let norm_prev: Vec<char> = normalize(previous).chars().collect();
    let digit = norm_prev.iter().position(|c| c.is_ascii_digit())?;
    let de = digit + norm_prev[digit..].iter().position(|c| *c == '的')?;
    let prev: Vec<char> = previous.chars().collect();
    let head: String = prev[..digit].iter().collect();
    let tail: String = prev[de + 1..].iter().collect();
    Some(format!("{head}{title}{tail}"))
}
