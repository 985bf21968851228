//! The summary's selections (`--overdue`, `--changed-since`) and the
//! arguments it refuses (the fixture's marks are in tests/common/summary.rs).

mod common;

use common::summary::*;

#[test]
fn overdue_keeps_the_totals_and_lists_only_overdue() {
    let home = home();
    let doc = json(home.path(), &["sx-shuzi", "--overdue"]);
    let p = plan(&doc, "sx-shuzi");
    assert_eq!(counts(&p["totals"]).0, 9);
    let areas: Vec<&str> = p["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(areas, ["a1"]);
    let leads: Vec<&str> = p["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["unit"].as_str().unwrap())
        .collect();
    assert_eq!(leads, ["市工信局"]);
    let attention: Vec<&str> = p["attention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(attention, ["m2"]);
    let text = ok(home.path(), &["summary", "sx-shuzi", "--overdue"]);
    assert!(text.contains("逾期事项：1 项"), "{text}");
    assert!(!text.contains("推动产业数字化转型"));
}

#[test]
fn changed_since_lists_what_moved() {
    let home = home();
    let doc = json(home.path(), &["sx-shuzi", "--changed-since", "2025-06-01"]);
    assert_eq!(doc["changed_since"], "2025-06-01");
    let changes = plan(&doc, "sx-shuzi")["changes"].as_array().unwrap();
    let moved: Vec<(&str, &str, &str, &str)> = changes
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap(),
                c["field"].as_str().unwrap(),
                c["to"].as_str().unwrap(),
                c["by"].as_str().unwrap(),
            )
        })
        .collect();
    // m3's start (05-10) is before, m6's note (07-02) after the as-of date
    assert_eq!(
        moved,
        [
            ("m1", "value", "5000", "王五"),
            ("m3", "status", "done", "李四"),
            ("m4", "status", "blocked", "李四")
        ]
    );
    let text = ok(
        home.path(),
        &["summary", "sx-shuzi", "--changed-since", "2025-06-01"],
    );
    assert!(text.lines().next().unwrap().ends_with("变化自 2025-06-01"));
    assert!(text.contains("自 2025-06-01 以来的变化：3 条"));
    let line = text
        .lines()
        .find(|l| l.contains("m4") && l.contains("2025-06-25"))
        .unwrap();
    assert!(line.contains("状态 推进中 -> 受阻"), "{line}");
    assert!(line.ends_with("李四"));
    let none = ok(
        home.path(),
        &["summary", "sx-mini", "--changed-since", "2025-06-01"],
    );
    assert!(none.contains("自 2025-06-01 以来的变化：无"));
}

#[test]
fn bad_arguments_are_named() {
    let home = home();
    let err = fails(home.path(), &["summary", "nope"]);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("unknown plan `nope`"), "{err}");
    let err = fails(home.path(), &["summary", "--changed-since", "2025-02-30"]);
    assert!(err.contains("2025-02-30"), "{err}");
    let err = fails(home.path(), &["summary", "--as-of", "30/06/2025"]);
    assert!(err.contains("30/06/2025"), "{err}");
    let err = fails(home.path(), &["summary", "--by", "team"]);
    assert!(err.contains("team"), "{err}");
    let err = fails(home.path(), &["summary", "--format", "pdf"]);
    assert!(err.contains("pdf"), "{err}");
    let err = fails(home.path(), &["export", "--format", "docx"]);
    assert!(err.contains("docx"), "{err}");
}
