//! Deadlines in an item's text. The last phrase before a number in the same
//! sentence sets the number's due date:
//! 到2025年 / 2025年底前 → 2025-12-31; 2023—2024年 → the end of the range;
//! 2025年6月底前 → the end of that month; 2019年1月1日至2020年12月31日 → the
//! end date; 年内 / 年底前 / 全年 → the end of the plan's first year;
//! N月底前 → the end of that month in that year; 每年 → every year of the
//! plan (expanded by the caller). Phrases naming a start (`从2019年起`) and
//! years inside 《》 or quotation marks are not deadlines.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::text::{Chars, char_index, quoted_mask};

/// When a milestone is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// No deadline in the sentence: the task's or the plan's end.
    Default,
    Date(NaiveDate),
    /// 每年: once for every year of the plan.
    EachYear,
}

static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<dr>(?P<dry>\d{4})年(?P<drm>\d{1,2})月(?P<drd>\d{1,2})日?(?:-|至|到)(?:(?P<dry2>\d{4})年)?(?P<drm2>\d{1,2})月(?P<drd2>\d{1,2})日)
        |(?P<range>(?P<ry1>\d{4})年?(?:-|至|到)(?P<ry2>\d{4})年(?:年)?(?:底|末)?(?:前)?)
        |(?P<date>(?P<dy>\d{4})年(?P<dm>\d{1,2})月(?P<dd>\d{1,2})日(?:前|以前|之前)?)
        |(?P<month>(?P<my>\d{4})年(?P<mm>\d{1,2})月(?:底|末)?(?:前)?)
        |(?P<year>(?P<yy>\d{4})年(?:年)?(?:底|末)?(?:前)?)
        |(?P<each>每年)
        |(?P<plan>年内|年底前|年底|年末|全年|今年|本年度)
        |(?P<md>(?P<mdm>\d{1,2})月(?P<mdd>\d{1,2})日(?:前|以前|之前)?)
        |(?P<m2>(?P<m2m>\d{1,2})月(?:底|末)?前|(?P<m3m>\d{1,2})月底)
        ",
    )
    .unwrap()
});

/// A deadline phrase: where it ends (char index) and what it means.
#[derive(Debug, Clone, Copy)]
pub(super) struct Deadline {
    pub start: usize,
    pub end: usize,
    pub due: Due,
    /// The calendar year it names, when it names one.
    year: Option<i32>,
}

fn end_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

fn end_of_year(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)
}

pub(super) fn deadlines(chars: &Chars, mask: &[bool], plan_year: i32) -> Vec<Deadline> {
    let norm = chars.norm_string();
    let mut out = Vec::new();
    for caps in DEADLINE.captures_iter(&norm) {
        let whole = caps.get(0).unwrap();
        let start = char_index(&norm, whole.start());
        let end = char_index(&norm, whole.end());
        if mask.get(start).copied().unwrap_or(false) {
            continue;
        }
        let before = start.checked_sub(1).map(|i| chars.norm[i]);
        let after = norm[whole.end()..].chars().next();
        // a number running into the phrase is not a date (`12025年`)
        if before.is_some_and(|c| c.is_ascii_digit() || c == '.') {
            continue;
        }
        // `从2019年1月1日起`, `2016年以来` name a start, not a deadline
        if matches!(before, Some('从' | '自')) || matches!(after, Some('起' | '以')) {
            continue;
        }
        let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<i32>().ok());
        let plausible = |y: i32| (1990..=2100).contains(&y);
        let (due, year) = if caps.name("dr").is_some() {
            let y = num("dry2").or(num("dry")).unwrap_or(plan_year);
            let date = NaiveDate::from_ymd_opt(
                y,
                num("drm2").unwrap_or(12) as u32,
                num("drd2").unwrap_or(31) as u32,
            );
            (date.map(Due::Date), Some(y))
        } else if caps.name("range").is_some() {
            let y = num("ry2").unwrap_or(plan_year);
            (end_of_year(y).map(Due::Date), Some(y))
        } else if caps.name("date").is_some() {
            let y = num("dy").unwrap_or(plan_year);
            let date = NaiveDate::from_ymd_opt(
                y,
                num("dm").unwrap_or(12) as u32,
                num("dd").unwrap_or(31) as u32,
            );
            (date.map(Due::Date), Some(y))
        } else if caps.name("month").is_some() {
            let y = num("my").unwrap_or(plan_year);
            (
                end_of_month(y, num("mm").unwrap_or(12) as u32).map(Due::Date),
                Some(y),
            )
        } else if caps.name("year").is_some() {
            let y = num("yy").unwrap_or(plan_year);
            (end_of_year(y).map(Due::Date), Some(y))
        } else if caps.name("each").is_some() {
            (Some(Due::EachYear), None)
        } else if caps.name("plan").is_some() {
            (end_of_year(plan_year).map(Due::Date), None)
        } else if caps.name("md").is_some() {
            let date = NaiveDate::from_ymd_opt(
                plan_year,
                num("mdm").unwrap_or(12) as u32,
                num("mdd").unwrap_or(31) as u32,
            );
            (date.map(Due::Date), None)
        } else {
            let month = num("m2m").or(num("m3m")).unwrap_or(12) as u32;
            (end_of_month(plan_year, month).map(Due::Date), None)
        };
        if year.is_some_and(|y| !plausible(y)) {
            continue;
        }
        if let Some(due) = due {
            out.push(Deadline {
                start,
                end,
                due,
                year,
            });
        }
    }
    out
}

/// The calendar years a text sets deadlines in (outside 《》 and quotes),
/// for working out a plan's span.
pub fn deadline_years(text: &str) -> Vec<i32> {
    let chars = Chars::new(text);
    let mask = quoted_mask(&chars.norm);
    deadlines(&chars, &mask, 2000)
        .into_iter()
        .filter_map(|d| d.year)
        .collect()
}

/// Read a deadline written on its own (a 完成时限 cell or line).
pub fn parse_deadline(text: &str, plan_year: i32) -> Option<Due> {
    let chars = Chars::new(text);
    let mask = vec![false; chars.len()];
    deadlines(&chars, &mask, plan_year).last().map(|d| d.due)
}
