//! Values the way targets are written. A target keeps its number as written
//! and its magnitude in the unit (`1.7` `万个`), and people report the same
//! quantity as `1.2万`, `12000`, `1.2` or `65%`: [`parse_value`] reads any of
//! these and gives the value in the target's own unit, so `12000` against
//! `1.7万个` is 1.2 (万个), never 12000万个. The app, `mark --value` and the
//! ledger's ingest all read values through it.

use super::model::{Target, format_number};
use crate::config::Locale;

/// Why a text is not a value for a target.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ValueError {
    #[error("no value given: enter a number{}", example_text(target, Locale::En))]
    Empty { target: Target },
    #[error("`{text}` is not a number{}", example_text(target, Locale::En))]
    NotANumber { text: String, target: Target },
    #[error(
        "`{text}`: the unit `{unit}` is not the target's ({}){}",
        base_unit(&target.unit),
        example_text(target, Locale::En)
    )]
    WrongUnit {
        text: String,
        unit: String,
        target: Target,
    },
}

impl ValueError {
    /// The message in the user's language.
    pub fn message(&self, locale: Locale) -> String {
        match (self, locale) {
            (_, Locale::En) => self.to_string(),
            (Self::Empty { target }, Locale::Zh) => {
                format!("未填数值：请输入数字{}", example_text(target, Locale::Zh))
            }
            (Self::NotANumber { text, target }, Locale::Zh) => {
                format!("`{text}` 不是数字{}", example_text(target, Locale::Zh))
            }
            (Self::WrongUnit { text, unit, target }, Locale::Zh) => format!(
                "`{text}`：单位 `{unit}` 与目标的单位（{}）不符{}",
                base_unit(&target.unit),
                example_text(target, Locale::Zh)
            ),
        }
    }
}

/// Why a value that parsed may still be a slip of the keyboard.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Implausible {
    /// More than ten times the target.
    OverTenTimes { value: f64, target: f64 },
    /// A rate over 100%.
    RateOver100 { value: f64 },
}

impl Implausible {
    /// The question the app asks before saving it.
    pub fn question(&self, unit: &str, locale: Locale) -> String {
        match (self, locale) {
            (Self::OverTenTimes { value, target }, Locale::Zh) => format!(
                "{}{unit} 超过目标 {}{unit} 的十倍，确定保存？",
                format_number(*value),
                format_number(*target)
            ),
            (Self::OverTenTimes { value, target }, Locale::En) => format!(
                "{}{unit} is more than ten times the target {}{unit}: save it?",
                format_number(*value),
                format_number(*target)
            ),
            (Self::RateOver100 { value }, Locale::Zh) => {
                format!("比率 {}% 超过 100%，确定保存？", format_number(*value))
            }
            (Self::RateOver100 { value }, Locale::En) => {
                format!(
                    "a rate of {}% is over 100%: save it?",
                    format_number(*value)
                )
            }
        }
    }
}

/// Magnitude words a unit may start with (longest first), and their factor.
const MAGNITUDES: [(&str, f64); 9] = [
    ("万亿", 1e12),
    ("千亿", 1e11),
    ("百亿", 1e10),
    ("十亿", 1e9),
    ("亿", 1e8),
    ("千万", 1e7),
    ("百万", 1e6),
    ("十万", 1e5),
    ("万", 1e4),
];

/// `万个` → (1e4, `个`); `%` → (1, `%`); `千米` → (1, `千米`): 千 alone is
/// part of units such as 千米 and 千瓦, never a magnitude.
fn split_magnitude(unit: &str) -> (f64, &str) {
    let unit = unit.trim();
    MAGNITUDES
        .iter()
        .find_map(|(word, factor)| unit.strip_prefix(word).map(|rest| (*factor, rest)))
        .unwrap_or((1.0, unit))
}

fn base_unit(unit: &str) -> &str {
    split_magnitude(unit).1
}

/// Is the target a rate (a percentage)?
pub fn is_rate(target: &Target) -> bool {
    matches!(target.unit.trim(), "%" | "％")
}

/// `; for a target of >=1.7万个: 1.2, 12000, 1.2万 or 65% (of the target)`.
fn example_text(target: &Target, locale: Locale) -> String {
    let described = target.describe();
    if is_rate(target) {
        return match locale {
            Locale::Zh => format!("；目标 {described}，例如 65 或 65%"),
            Locale::En => format!("; for a target of {described}: e.g. 65 or 65%"),
        };
    }
    let (factor, _) = split_magnitude(&target.unit);
    let in_unit = format_number((target.value * 0.7 * 10.0).round() / 10.0);
    let mut examples = vec![in_unit.clone()];
    if factor > 1.0 {
        let word = magnitude_word(&target.unit);
        examples.push(format_number(target.value * 0.7 * factor));
        examples.push(format!("{in_unit}{word}"));
    }
    examples.push("65%".to_string());
    let last = examples.pop().unwrap_or_default();
    match locale {
        Locale::Zh => format!(
            "；目标 {described}，例如 {} 或 {last}（目标的百分比）",
            examples.join("、")
        ),
        Locale::En => format!(
            "; for a target of {described}: e.g. {} or {last} (of the target)",
            examples.join(", ")
        ),
    }
}

fn magnitude_word(unit: &str) -> &str {
    let unit = unit.trim();
    let base = base_unit(unit);
    &unit[..unit.len() - base.len()]
}

/// Full-width digits and signs as ASCII; thousands separators and spaces out.
fn normalize(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '．' | '。' => Some('.'),
            '％' => Some('%'),
            '－' | '−' => Some('-'),
            '＋' => Some('+'),
            '，' => Some(','),
            '_' | ' ' | '\u{3000}' | '\'' => None,
            c => Some(c),
        })
        .collect()
}

/// `12,000` → `12000`; `1,7` (a decimal comma, or a slip) is no number.
fn without_thousands_separators(number: &str) -> Option<String> {
    if !number.contains(',') {
        return Some(number.to_string());
    }
    let digits = number.trim_start_matches(['-', '+']);
    let whole = digits.split('.').next().unwrap_or_default();
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    let grouped = (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3);
    grouped.then(|| number.replace(',', ""))
}

/// Read `input` as a value of `target`, in the target's unit:
///
/// - `1.2万`, `12000个`, `1.2万个`: a magnitude or unit written out is
///   converted (`12000个` against `1.7万个` is 1.2);
/// - `65%`: for a rate, 65; otherwise 65% of the target;
/// - a bare number is read in the target's unit (`1.2` → 1.2万个) or in the
///   unit without its magnitude (`12000` → 1.2万个), whichever lands nearer
///   the target by ratio (`20` against 1.7万个 is 20万个, and is asked about);
/// - full-width digits, `，` and `,` separators are accepted.
pub fn parse_value(input: &str, target: &Target) -> Result<f64, ValueError> {
    let text = normalize(input);
    if text.is_empty() {
        return Err(ValueError::Empty {
            target: target.clone(),
        });
    }
    let number_end = text
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit() || c == '.' || c == ',' || ((c == '-' || c == '+') && i == 0))
        })
        .map_or(text.len(), |(i, _)| i);
    let (number, suffix) = text.split_at(number_end);
    let number: f64 = match without_thousands_separators(number).map(|n| n.parse::<f64>()) {
        Some(Ok(n)) if f64::is_finite(n) => n,
        _ => {
            return Err(ValueError::NotANumber {
                text: input.trim().to_string(),
                target: target.clone(),
            });
        }
    };
    let (target_factor, target_base) = split_magnitude(&target.unit);
    if suffix == "%" {
        return Ok(if is_rate(target) {
            number
        } else {
            number / 100.0 * target.max.unwrap_or(target.value)
        });
    }
    if suffix.is_empty() {
        let reference = target.max.unwrap_or(target.value).abs();
        let in_base = number / target_factor;
        // the reading nearer the target (by ratio) is the one meant
        let off = |x: f64| (x.abs() / reference).ln().abs();
        let value = if target_factor > 1.0
            && reference > 0.0
            && number != 0.0
            && off(in_base) < off(number)
        {
            in_base
        } else {
            number
        };
        return Ok(value);
    }
    let (factor, unit) = split_magnitude(suffix);
    if !unit.is_empty() && unit != target_base {
        return Err(ValueError::WrongUnit {
            text: input.trim().to_string(),
            unit: unit.to_string(),
            target: target.clone(),
        });
    }
    Ok(number * factor / target_factor)
}

/// Is `value` (in the target's unit) believable, or should the app ask?
pub fn plausibility(value: f64, target: &Target) -> Result<(), Implausible> {
    if is_rate(target) && value > 100.0 {
        return Err(Implausible::RateOver100 { value });
    }
    let reference = target.max.unwrap_or(target.value).abs();
    if reference > 0.0 && value.abs() > 10.0 * reference {
        return Err(Implausible::OverTenTimes {
            value,
            target: reference,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Comparator;

    fn target(value: f64, unit: &str) -> Target {
        Target {
            value,
            max: None,
            unit: unit.into(),
            comparator: Comparator::AtLeast,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn every_way_of_writing_a_count_lands_in_the_targets_unit() {
        let t = target(1.7, "万个");
        for (input, expected) in [
            ("1.2万", 1.2),
            ("12000", 1.2),
            ("12,000", 1.2),
            ("12，000", 1.2),
            ("１２０００", 1.2),
            ("1.2", 1.2),
            ("12000个", 1.2),
            ("1.2万个", 1.2),
            ("0.5亿", 5000.0),
            ("65%", 1.105),
            (" 1.2 万 ", 1.2),
        ] {
            let got = parse_value(input, &t).unwrap();
            assert!(close(got, expected), "{input}: {got} != {expected}");
        }
    }

    #[test]
    fn a_target_without_magnitude_takes_written_out_magnitudes() {
        let t = target(17000.0, "个");
        assert!(close(parse_value("1.7万", &t).unwrap(), 17000.0));
        assert!(close(parse_value("12000", &t).unwrap(), 12000.0));
        assert!(close(parse_value("50%", &t).unwrap(), 8500.0));
        // 千 belongs to the unit 千米, it is not a magnitude
        let km = target(120.0, "千米");
        assert!(close(parse_value("80千米", &km).unwrap(), 80.0));
    }

    #[test]
    fn a_rate_takes_percentages_as_they_are() {
        let t = target(60.0, "%");
        assert!(close(parse_value("65%", &t).unwrap(), 65.0));
        assert!(close(parse_value("65", &t).unwrap(), 65.0));
        assert!(close(parse_value("65％", &t).unwrap(), 65.0));
        assert_eq!(
            plausibility(120.0, &t),
            Err(Implausible::RateOver100 { value: 120.0 })
        );
        assert_eq!(plausibility(95.0, &t), Ok(()));
    }

    #[test]
    fn implausible_values_are_named() {
        let t = target(1.7, "万个");
        assert_eq!(plausibility(1.2, &t), Ok(()));
        assert_eq!(
            plausibility(18.0, &t),
            Err(Implausible::OverTenTimes {
                value: 18.0,
                target: 1.7
            })
        );
        // a bare number is read the way nearer the target, and the app
        // asks when even that is far off
        assert!(close(parse_value("2000000", &t).unwrap(), 200.0));
        assert!(close(parse_value("20", &t).unwrap(), 20.0));
        assert!(plausibility(200.0, &t).is_err());
    }

    #[test]
    fn errors_say_what_is_allowed_for_this_target() {
        let t = target(1.7, "万个");
        let err = parse_value("很多", &t).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`很多` is not a number; for a target of >=1.7万个: e.g. 1.2, 11900, 1.2万 or 65% (of the target)"
        );
        assert_eq!(
            err.message(Locale::Zh),
            "`很多` 不是数字；目标 >=1.7万个，例如 1.2、11900、1.2万 或 65%（目标的百分比）"
        );
        let err = parse_value("5人", &t).unwrap_err();
        assert!(matches!(err, ValueError::WrongUnit { ref unit, .. } if unit == "人"));
        assert!(matches!(parse_value("", &t), Err(ValueError::Empty { .. })));
        assert!(parse_value("1e400", &t).is_err());
        // a decimal comma (or a slip) is refused, not read as 17
        assert!(matches!(
            parse_value("1,7", &t),
            Err(ValueError::NotANumber { .. })
        ));
    }
}
