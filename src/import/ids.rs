//! Ids and numbers: reading the numbering as written (一, 七十八, １, 12) and
//! the ids the importer gives areas, tasks, milestones and goals.

use super::text::normalize;

/// The value of a Chinese numeral as used in headings: 一 … 十 … 七十八 …
/// 一百零五. `None` when `text` holds anything else.
pub fn chinese_number(text: &str) -> Option<u32> {
    let mut total = 0;
    let mut current = 0;
    let mut seen = false;
    for c in text.chars() {
        let digit = match c {
            '零' | '〇' => Some(0),
            '一' => Some(1),
            '二' | '两' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        };
        if let Some(d) = digit {
            current = d;
        } else if c == '十' || c == '百' {
            let scale = if c == '十' { 10 } else { 100 };
            total += if current == 0 { 1 } else { current } * scale;
            current = 0;
        } else {
            return None;
        }
        seen = true;
    }
    seen.then_some(total + current)
}

/// The value of a heading number, Chinese (`七十八`) or Arabic (`１２`, `12`).
pub fn number_value(text: &str) -> Option<u32> {
    let plain = normalize(text);
    plain.parse().ok().or_else(|| chinese_number(&plain))
}

pub fn area_id(area: usize) -> String {
    format!("a{area}")
}

/// `t{n}` when the document numbers tasks across the whole plan,
/// `a{k}.t{n}` when numbering restarts in each area.
pub fn task_id(area: usize, number: u32, runs_on: bool) -> String {
    if runs_on {
        format!("t{number}")
    } else {
        format!("a{area}.t{number}")
    }
}

pub fn sub_task_id(parent: &str, number: u32) -> String {
    format!("{parent}.{number}")
}

pub fn milestone_id(task: &str, index: usize) -> String {
    format!("{task}.m{index}")
}

pub fn goal_id(index: usize) -> String {
    format!("g{index}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_past_ten() {
        assert_eq!(chinese_number("一"), Some(1));
        assert_eq!(chinese_number("十"), Some(10));
        assert_eq!(chinese_number("十一"), Some(11));
        assert_eq!(chinese_number("二十三"), Some(23));
        assert_eq!(chinese_number("七十八"), Some(78));
        assert_eq!(chinese_number("三十"), Some(30));
        assert_eq!(chinese_number("一百零五"), Some(105));
        assert_eq!(chinese_number("十a"), None);
        assert_eq!(chinese_number(""), None);
    }

    #[test]
    fn heading_numbers_of_both_widths() {
        assert_eq!(number_value("１２"), Some(12));
        assert_eq!(number_value("7"), Some(7));
        assert_eq!(number_value("七十八"), Some(78));
    }

    #[test]
    fn ids() {
        assert_eq!(task_id(3, 12, true), "t12");
        assert_eq!(task_id(3, 2, false), "a3.t2");
        assert_eq!(sub_task_id("a3.t2", 1), "a3.t2.1");
        assert_eq!(milestone_id("t9", 2), "t9.m2");
        assert_eq!(goal_id(1), "g1");
        assert_eq!(area_id(8), "a8");
    }
}
