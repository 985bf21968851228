//! Word's automatic numbering (`word/numbering.xml`): abstract list
//! definitions with up to nine levels (number format, label text such as
//! `%1、` or `（%2）`, start value, when a level restarts), list instances
//! (`w:num`) that point at one and may override a level's start, and the
//! counters as the document's paragraphs use them.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::docx::attr;

#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
    /// `w:lvlRestart`: restart after a level above (1-based) is used;
    /// `None` is Word's default, after any level above; 0 never.
    restart: Option<u32>,
    /// `w:isLgl`: every number of the label in decimal.
    legal: bool,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    start_overrides: HashMap<usize, u32>,
    level_overrides: HashMap<usize, Level>,
}

#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, HashMap<usize, Level>>,
    nums: HashMap<String, Num>,
    /// Current values by list: a `w:num` that overrides anything is a list
    /// of its own; others continue their abstract list.
    counters: HashMap<String, [Option<u32>; 9]>,
}

impl Numbering {
    pub fn parse(xml: &str) -> Self {
        let mut out = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut override_level: Option<usize> = None;
        let mut level: Option<(usize, Level)> = None;
        loop {
            let (e, is_start) = match reader.read_event() {
                Ok(Event::Start(e)) => (e, true),
                Ok(Event::Empty(e)) => (e, false),
                Ok(Event::End(e)) => {
                    match e.local_name().as_ref() {
                        "lvl" => out.finish_level(&abstract_id, &num_id, level.take()),
                        "abstractNum" => abstract_id = None,
                        "num" => num_id = None,
                        "lvlOverride" => override_level = None,
                        _ => {}
                    }
                    continue;
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => continue,
            };
            let val = || attr(&e, "val");
            let number = |s: Option<String>| s.and_then(|v| v.trim().parse::<u32>().ok());
            match e.local_name().as_ref() {
                "abstractNum" => abstract_id = attr(&e, "abstractNumId"),
                "num" => {
                    num_id = attr(&e, "numId");
                    if let Some(id) = &num_id {
                        out.nums.insert(id.clone(), Num::default());
                    }
                }
                "abstractNumId" => {
                    if let Some(num) = num_id.as_ref().and_then(|id| out.nums.get_mut(id)) {
                        num.abstract_id = val().unwrap_or_default();
                    }
                }
                "lvlOverride" => override_level = number(attr(&e, "ilvl")).map(|l| l as usize),
                "startOverride" => {
                    if let (Some(num), Some(l), Some(start)) = (
                        num_id.as_ref().and_then(|id| out.nums.get_mut(id)),
                        override_level,
                        number(val()),
                    ) {
                        num.start_overrides.insert(l, start);
                    }
                }
                "lvl" => {
                    let ilvl = number(attr(&e, "ilvl")).unwrap_or(0) as usize;
                    let new = Level {
                        start: 1,
                        ..Level::default()
                    };
                    level = Some((ilvl, new));
                    if !is_start {
                        out.finish_level(&abstract_id, &num_id, level.take());
                    }
                }
                name => {
                    if let Some((_, lvl)) = level.as_mut() {
                        match name {
                            "start" => lvl.start = number(val()).unwrap_or(1),
                            "numFmt" => lvl.format = val().unwrap_or_default(),
                            "lvlText" => lvl.text = val().unwrap_or_default(),
                            "lvlRestart" => lvl.restart = number(val()),
                            "isLgl" => lvl.legal = val().is_none_or(|v| v != "0" && v != "false"),
                            _ => {}
                        }
                    }
                }
            }
        }
        out
    }

    fn finish_level(
        &mut self,
        abstract_id: &Option<String>,
        num_id: &Option<String>,
        level: Option<(usize, Level)>,
    ) {
        let Some((ilvl, level)) = level else { return };
        if let Some(num) = num_id.as_ref().and_then(|id| self.nums.get_mut(id)) {
            num.level_overrides.insert(ilvl, level);
        } else if let Some(id) = abstract_id {
            self.abstracts
                .entry(id.clone())
                .or_default()
                .insert(ilvl, level);
        }
    }

    fn level(&self, num: &Num, ilvl: usize) -> Option<Level> {
        num.level_overrides
            .get(&ilvl)
            .or_else(|| self.abstracts.get(&num.abstract_id)?.get(&ilvl))
            .cloned()
    }

    /// The label of the next paragraph numbered by list `num_id` at `ilvl`
    /// (`二、`, `（三）`, `4.`), advancing the counters; `None` for bullets,
    /// unknown lists and `numId` 0 (numbering removed).
    pub fn label(&mut self, num_id: &str, ilvl: usize) -> Option<String> {
        let ilvl = ilvl.min(8);
        let num = self.nums.get(num_id)?.clone();
        let this = self.level(&num, ilvl)?;
        if this.format == "bullet" {
            return None;
        }
        let list = if num.start_overrides.is_empty() && num.level_overrides.is_empty() {
            format!("abstract:{}", num.abstract_id)
        } else {
            format!("num:{num_id}")
        };
        let start = |l: usize| -> u32 {
            num.start_overrides
                .get(&l)
                .copied()
                .or_else(|| self.level(&num, l).map(|lv| lv.start))
                .unwrap_or(1)
        };
        let starts: Vec<u32> = (0..9).map(start).collect();
        let restarts: Vec<Option<u32>> = (0..9)
            .map(|l| self.level(&num, l).and_then(|lv| lv.restart))
            .collect();
        let counters = self.counters.entry(list).or_default();
        let value = counters[ilvl].map_or(starts[ilvl], |v| v + 1);
        counters[ilvl] = Some(value);
        for (deeper, restart) in restarts.iter().enumerate().skip(ilvl + 1) {
            if restart.is_none_or(|after| after as usize > ilvl) {
                counters[deeper] = None;
            }
        }
        let values: Vec<u32> = (0..9).map(|l| counters[l].unwrap_or(starts[l])).collect();
        let mut label = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let l = d as usize - 1;
                    let format = if this.legal {
                        "decimal".to_string()
                    } else {
                        self.level(&num, l).map(|lv| lv.format).unwrap_or_default()
                    };
                    label.push_str(&format_number(values[l], &format));
                }
                _ => label.push(c),
            }
        }
        // `第1条 总则`: a label ending in a letter or word is set off
        if label.ends_with(|c: char| c.is_ascii_alphanumeric() || crate::import::text::is_han(c)) {
            label.push(' ');
        }
        Some(label)
    }
}

/// A number in one of Word's number formats.
pub fn format_number(n: u32, format: &str) -> String {
    let enclosed = |first: u32| {
        if (1..=20).contains(&n) {
            char::from_u32(first + n - 1).map(String::from)
        } else {
            None
        }
        .unwrap_or_else(|| n.to_string())
    };
    let cycle = |set: &[char]| {
        if n >= 1 && n as usize <= set.len() {
            set[n as usize - 1].to_string()
        } else {
            n.to_string()
        }
    };
    match format {
        "decimalZero" => format!("{n:02}"),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xfee0).unwrap_or(c))
            .collect(),
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => chinese(n, &CHINESE_DIGITS, ['十', '百', '千']),
        "chineseLegalSimplified" => chinese(n, &LEGAL_DIGITS, ['拾', '佰', '仟']),
        "ideographDigital" | "taiwaneseDigital" => n
            .to_string()
            .chars()
            .map(|c| CHINESE_DIGITS[c.to_digit(10).unwrap_or(0) as usize])
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => enclosed(0x2460),
        "decimalEnclosedParen" => enclosed(0x2474),
        "decimalEnclosedFullstop" => enclosed(0x2488),
        "ideographTraditional" => {
            cycle(&['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'])
        }
        "ideographZodiac" => cycle(&[
            '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
        ]),
        "lowerLetter" | "upperLetter" => {
            let letter = char::from(b'a' + ((n.max(1) - 1) % 26) as u8);
            let text = letter
                .to_string()
                .repeat(((n.max(1) - 1) / 26 + 1) as usize);
            if format == "upperLetter" {
                text.to_uppercase()
            } else {
                text
            }
        }
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

const CHINESE_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const LEGAL_DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// 1 → 一, 10 → 十, 11 → 十一, 23 → 二十三, 105 → 一百零五, 110 → 一百一十.
fn chinese(n: u32, digits: &[char; 10], units: [char; 3]) -> String {
    if n == 0 {
        return digits[0].to_string();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let places = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut zero = false;
    for (i, &d) in places.iter().enumerate() {
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            // 一百零五: the zero inside a number is written 零
            out.push(if digits[0] == '〇' { '零' } else { digits[0] });
            zero = false;
        }
        // 十一, not 一十一, when ten is the highest place
        if !(i == 2 && d == 1 && out.is_empty()) {
            out.push(digits[d as usize]);
        }
        if i < 3 {
            out.push(units[2 - i]);
        }
    }
    out
}

fn roman(mut n: u32) -> String {
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, letters) in table {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        let chinese: Vec<String> = [1, 10, 11, 20, 23, 78, 100, 105, 110]
            .iter()
            .map(|n| format_number(*n, "chineseCounting"))
            .collect();
        assert_eq!(
            chinese,
            [
                "一",
                "十",
                "十一",
                "二十",
                "二十三",
                "七十八",
                "一百",
                "一百零五",
                "一百一十"
            ]
        );
        assert_eq!(format_number(12, "chineseCountingThousand"), "十二");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(21, "decimalEnclosedCircle"), "21");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(4, "chineseLegalSimplified"), "肆");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
    }

    const XML: &str = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="7">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:lvlRestart w:val="1"/></w:lvl>
        <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%4"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="8">
        <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="%1．"/></w:lvl>
        <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="8"/></w:num>
      <w:num w:numId="4"><w:abstractNumId w:val="8"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
      <w:num w:numId="5"><w:abstractNumId w:val="8"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="第%1条"/></w:lvl></w:lvlOverride></w:num>
    </w:numbering>"#;

    #[test]
    fn levels_restart_and_lists_continue() {
        let mut n = Numbering::parse(XML);
        let mut labels = Vec::new();
        for (num, level) in [
            ("1", 0),
            ("1", 1),
            ("1", 2),
            ("1", 3),
            ("1", 3),
            ("1", 2),
            ("1", 1),
            ("1", 2),
            ("2", 0), // another num of the same abstract list continues it
            ("2", 1),
            ("2", 2),
        ] {
            labels.push(n.label(num, level).unwrap());
        }
        assert_eq!(
            labels,
            [
                "一、",
                "（一）",
                "1.",
                "①",
                "②",
                "2.",
                "（二）",
                // lvlRestart 1: level 3 restarts only after level 1, not after （二）
                "3.",
                "二、",
                "（一）",
                "1."
            ]
        );
    }

    #[test]
    fn starts_overrides_and_bullets() {
        let mut n = Numbering::parse(XML);
        assert_eq!(n.label("3", 0).as_deref(), Some("３．"));
        assert_eq!(n.label("3", 0).as_deref(), Some("４．"));
        assert_eq!(n.label("3", 1), None, "a bullet is no number");
        assert_eq!(n.label("4", 0).as_deref(), Some("１．"), "startOverride");
        assert_eq!(n.label("5", 0).as_deref(), Some("第1条 "), "level override");
        assert_eq!(n.label("5", 0).as_deref(), Some("第2条 "));
        assert_eq!(n.label("0", 0), None);
    }
}
