//! The summary as text: aligned by display width, plain when piped,
//! coloured only on request, by lead unit and by status (the fixture's
//! marks are in tests/common/summary.rs).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

mod common;

use common::summary::*;

/// Display cells before the first `needle` in `line`.
fn cells_before(line: &str, needle: &str) -> usize {
    let index = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {line:?}"));
    line[..index].width()
}

#[test]
fn text_is_aligned_by_display_width_and_plain_when_piped() {
    let home = home();
    let text = ok(home.path(), &["summary", "sx-shuzi"]);
    assert!(!text.contains('\x1b'), "escape codes in piped output");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "台账汇总  截至 2025-06-30");
    assert_eq!(lines[2], "数字经济发展行动计划（sx-shuzi）");
    assert_eq!(
        lines[3],
        "合计：里程碑 9  未启动 2  推进中 4  已完成 2  受阻 1  逾期 1  蓝 4  黄 2  红 3  完成率 46.0%  [#####-----]"
    );
    let header = lines
        .iter()
        .position(|l| l.starts_with("行动领域"))
        .unwrap();
    let table = &lines[header..header + 5];
    assert_eq!(
        table[1..]
            .iter()
            .map(|l| l.split_whitespace().next().unwrap())
            .collect::<Vec<_>>(),
        [
            "总体目标",
            "加快数字基础设施建设",
            "推动产业数字化转型",
            "提升数字治理能力"
        ]
    );
    assert_eq!(
        table[2].split_whitespace().collect::<Vec<_>>(),
        [
            "加快数字基础设施建设",
            "4",
            "1",
            "1",
            "1",
            "1",
            "1",
            "1",
            "1",
            "2",
            "32.4%",
            "红",
            "[###-------]"
        ]
    );
    // numbers end under the end of their heading; bars start under 进度
    let percent_end = cells_before(table[0], "完成率") + "完成率".width();
    let bar_start = cells_before(table[0], "进度");
    let count_end = cells_before(table[0], "里程碑") + "里程碑".width();
    for row in &table[1..] {
        assert_eq!(cells_before(row, "%") + 1, percent_end, "{row}");
        assert_eq!(cells_before(row, "["), bar_start, "{row}");
        assert_eq!(row.width(), table[1].width(), "{row}");
        let label = row.split_whitespace().next().unwrap();
        let count = row.split_whitespace().nth(1).unwrap();
        let after_label = &row[label.len()..];
        let count_at = label.width() + cells_before(after_label, count) + count.width();
        assert_eq!(count_at, count_end, "{row}");
    }
    // nothing drawn is ambiguous width: same cells on Chinese terminals
    for ch in text.chars() {
        assert_eq!(ch.width(), ch.width_cjk(), "{ch:?} is East-Asian-ambiguous");
    }
    let attention = lines.iter().position(|l| l.starts_with("需关注")).unwrap();
    assert_eq!(lines[attention], "需关注（逾期或红灯）：3 项");
    assert!(lines[attention + 2].starts_with("m2"));
    assert!(lines[attention + 2].contains("2025-03-31  市工信局"));
    assert!(lines[attention + 2].ends_with("红  逾期91天"));
    assert!(lines[attention + 3].ends_with("红  受阻"));
    assert!(lines[attention + 4].ends_with("红  严重滞后"));
}

#[test]
fn colour_on_request_never_with_no_color() {
    let home = home();
    let colored = ok(home.path(), &["summary", "sx-shuzi", "--color", "always"]);
    assert!(colored.contains("\x1b[91m红\x1b[0m"), "{colored}");
    let output = run_with(
        home.path(),
        &["summary", "sx-shuzi", "--color", "always"],
        &[("NO_COLOR", "1")],
    );
    assert!(!String::from_utf8(output.stdout).unwrap().contains('\x1b'));
    let never = ok(home.path(), &["summary", "sx-shuzi", "--color", "never"]);
    assert!(!never.contains('\x1b'));
    // the coloured text has the same letters as the plain one
    let plain = ok(home.path(), &["summary", "sx-shuzi"]);
    let stripped = regex::Regex::new("\x1b\\[[0-9;]*m")
        .unwrap()
        .replace_all(&colored, "");
    assert_eq!(stripped, plain);
}

#[test]
fn by_lead_and_by_status() {
    let home = home();
    let text = ok(home.path(), &["summary", "sx-shuzi", "--by", "lead"]);
    let header = text
        .lines()
        .position(|l| l.starts_with("牵头单位"))
        .unwrap();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(header + 1)
        .take(5)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows[0][..3], ["市工信局", "4", "1"]);
    assert_eq!(rows[0][6], "1", "overdue");
    assert_eq!(rows[0][9], "1", "red");
    assert_eq!(rows[4][0], "未明确牵头单位");

    let text = ok(home.path(), &["summary", "sx-shuzi", "--by", "status"]);
    let header = text.lines().position(|l| l.starts_with("状态")).unwrap();
    let labels: Vec<(String, String)> = text
        .lines()
        .skip(header + 1)
        .take(4)
        .map(|l| {
            let mut words = l.split_whitespace();
            (words.next().unwrap().into(), words.next().unwrap().into())
        })
        .collect();
    assert_eq!(
        labels,
        [
            ("未启动", "2"),
            ("推进中", "4"),
            ("已完成", "2"),
            ("受阻", "1")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );

    let csv = ok(
        home.path(),
        &["summary", "sx-shuzi", "--by", "lead", "--format", "csv"],
    );
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "计划编号,计划,牵头单位,里程碑,未启动,推进中,已完成,受阻,逾期,蓝,黄,红,完成率(%),灯"
    );
    assert_eq!(
        lines[1],
        "sx-shuzi,数字经济发展行动计划,市工信局,4,1,2,1,0,1,2,1,1,51.1,黄"
    );
    assert_eq!(lines.len(), 6);
}
