//! Targets a sentence folds together, split as the document means them:
//! - `幼儿园和中小学校各200所`: one milestone for each kind;
//! - `X覆盖率、Y配建率达100%`, `工业投资、工业总产值、营收增长10%`: one
//!   milestone per indicator (a growth word at the end belongs to each);
//! - `X、Y分别达到98%和68%以上`: each number with its indicator, and a
//!   comparator written after the last number holds for all of them;
//! - a range telling each county what to aim at (`支持各县集中力量主攻1—2个
//!   优势主导产业`) is guidance, not a count the plan commits to.

use super::units::split_top;
use crate::plan::Comparator;

/// Words a growth indicator ends with; `X、Y增长10%` means `X增长`, `Y增长`.
const GROWTH: [&str; 6] = ["增长", "增速", "提高", "提升", "下降", "降低"];

/// Verbs that open a list of kinds and apply to each (`新建改扩建幼儿园和中小学校`).
const LIST_VERBS: [&str; 10] = [
    "新建",
    "改扩建",
    "改建",
    "扩建",
    "建设",
    "建成",
    "培育",
    "打造",
    "创建",
    "认定",
];

/// Parts of a list an indicator or a kind may have.
const MAX_PARTS: usize = 5;
const MAX_PART_CHARS: usize = 14;

/// A range whose clause speaks to each county or city (`各县`, `每个县`):
/// what each should aim at, not a target of the plan.
pub fn range_for_each(clause_before: &str) -> bool {
    let chars: Vec<char> = clause_before.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        (c == '各' || (c == '每' && chars.get(i + 1) == Some(&'个')))
            && chars[i + 1..]
                .iter()
                .take(3)
                .any(|c| matches!(c, '县' | '市' | '区' | '镇' | '地'))
    })
}

fn parts_ok(parts: &[&str]) -> bool {
    (2..=MAX_PARTS).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (2..=MAX_PART_CHARS).contains(&p.trim().chars().count()))
}

/// The titles a target's title stands for: several when it folds kinds
/// (`each`, the number follows `各`) or indicators (a percentage after a
/// `、` list); else the title itself.
pub fn split_title(title: &str, each: bool, percent: bool) -> Vec<String> {
    let title = title.trim_end_matches('各');
    let whole = vec![title.to_string()];
    if each {
        let parts = split_top(title, &['、', '和', '及', '与']);
        if !parts_ok(&parts) {
            return whole;
        }
        let prefix = leading_verbs(parts[0]);
        return parts
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let p = p.trim();
                if k == 0 || p.starts_with(prefix) {
                    p.to_string()
                } else {
                    format!("{prefix}{p}")
                }
            })
            .collect();
    }
    if percent {
        let parts = split_top(title, &['、']);
        if !parts_ok(&parts) {
            return whole;
        }
        let last = parts[parts.len() - 1].trim();
        let growth = GROWTH.iter().find(|g| last.ends_with(*g));
        return parts
            .iter()
            .map(|p| {
                let p = p.trim();
                match growth {
                    Some(g) if !GROWTH.iter().any(|w| p.ends_with(w)) => format!("{p}{g}"),
                    _ => p.to_string(),
                }
            })
            .collect();
    }
    whole
}

/// The verbs a list of kinds opens with, as written (`新建改扩建`).
fn leading_verbs(first: &str) -> &str {
    let mut at = 0;
    while let Some(v) = LIST_VERBS.iter().find(|v| first[at..].starts_with(*v)) {
        at += v.len();
    }
    if at >= first.len() { "" } else { &first[..at] }
}

/// A target as `respectively` needs it: its title, comparator and whether
/// a word after the number set the comparator.
pub struct Paired<'a> {
    pub title: &'a mut Option<String>,
    pub comparator: &'a mut Comparator,
    pub suffix: bool,
}

/// `X、Y分别达到98%和68%以上`: pair the numbers with the indicators in order,
/// and let a comparator written after the last number hold for those with
/// none of their own.
pub fn respectively(mut targets: Vec<Paired>) {
    let Some(title) = targets.first().and_then(|t| t.title.clone()) else {
        return;
    };
    let parts = split_top(&title, &['、']);
    if parts.len() != targets.len() || !parts_ok(&parts) {
        return;
    }
    let titles = pair_titles(&parts);
    if let Some(last) = targets.last().filter(|t| t.suffix) {
        let comparator = *last.comparator;
        for t in targets.iter_mut().filter(|t| !t.suffix) {
            *t.comparator = comparator;
        }
    }
    for (t, title) in targets.iter_mut().zip(titles) {
        *t.title = Some(title);
    }
}

/// `全区主要畜禽、水产良种覆盖率` → `全区主要畜禽良种覆盖率`, `全区水产良种覆盖率`:
/// the first part lends its area word (`全区`), the last its indicator (the
/// words after an item as long as the first part's).
fn pair_titles(parts: &[&str]) -> Vec<String> {
    let first = parts[0].trim();
    let area = ["全区", "全市", "全县", "全省", "全国"]
        .iter()
        .find(|a| first.starts_with(*a))
        .copied()
        .unwrap_or("");
    let last = parts[parts.len() - 1].trim();
    // most items of such a list are two-character nouns (畜禽, 水产)
    let item_chars = 2;
    let head: String = last.chars().skip(item_chars).collect();
    parts
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let p = p.trim();
            if k == parts.len() - 1 {
                format!("{area}{}", p.strip_prefix(area).unwrap_or(p))
            } else {
                format!("{area}{}{head}", p.strip_prefix(area).unwrap_or(p))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_indicators_are_split() {
        assert_eq!(
            split_title("新建改扩建幼儿园和中小学校各", true, false),
            vec!["新建改扩建幼儿园", "新建改扩建中小学校"]
        );
        assert_eq!(
            split_title(
                "街道综合养老服务机构覆盖率、社区养老服务设施配建率",
                false,
                true
            ),
            vec!["街道综合养老服务机构覆盖率", "社区养老服务设施配建率"]
        );
        assert_eq!(
            split_title("工业投资、工业总产值、营收增长", false, true),
            vec!["工业投资增长", "工业总产值增长", "营收增长"]
        );
        assert_eq!(
            split_title("研发投入增长", false, true),
            vec!["研发投入增长"]
        );
        // a list of places is not a list of indicators
        assert_eq!(
            split_title("地区生产总值1000亿元以上的县(市、区)", false, true).len(),
            1
        );
    }

    #[test]
    fn ranges_for_each_county_are_guidance() {
        assert!(range_for_each("支持各县(市、区)集中力量主攻"));
        assert!(range_for_each("每个县培育"));
        assert!(!range_for_each("在新一代信息技术领域建设"));
    }

    #[test]
    fn respectively_pairs_numbers_and_indicators() {
        let (mut t1, mut t2) = (
            Some("全区主要畜禽、水产良种覆盖率".to_string()),
            Some("全区主要畜禽、水产良种覆盖率".to_string()),
        );
        let (mut c1, mut c2) = (Comparator::Exactly, Comparator::AtLeast);
        respectively(vec![
            Paired {
                title: &mut t1,
                comparator: &mut c1,
                suffix: false,
            },
            Paired {
                title: &mut t2,
                comparator: &mut c2,
                suffix: true,
            },
        ]);
        assert_eq!(t1.as_deref(), Some("全区主要畜禽良种覆盖率"));
        assert_eq!(t2.as_deref(), Some("全区水产良种覆盖率"));
        assert_eq!(c1, Comparator::AtLeast);
    }
}
