//! `taizhang import` prints what it found and what it could not place, each
//! with its source line, to stderr or to `--report FILE`; a draft that would
//! not pass validation is an error and nothing is written.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_taizhang");

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const PLAN: &str = "某市行动方案\n一、指导思想\n坚持稳中求进。\n二、重点任务\n（一）实施甲行动\n1.推进甲项。到2025年建成基地3个。（市发展改革委牵头，市财政局配合）\n2.推进乙项。培育1000亿元以上的产业集群。\n专栏1 重点项目\n项目甲、项目乙\n三、保障措施\n（一）加强领导。\n";

#[test]
fn the_report_names_areas_tasks_units_targets_and_what_is_left_with_lines() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write(dir.path(), "plan.txt", PLAN);
    let out = dir.path().join("plan.yaml");
    let report = dir.path().join("report.txt");
    let status = Command::new(BIN)
        .env("TAIZHANG_HOME", dir.path())
        .args([
            "import",
            doc.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--report",
        ])
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let text = std::fs::read_to_string(&report).unwrap();
    let expected = [
        "a1 （一） 实施甲行动  [line 5]",
        "  t1 1. 推进甲项  [line 6]",
        "    lead: 市发展改革委; support: 市财政局",
        "    t1.m1 建成基地: =3个 by 2025-12-31",
        "  t2 2. 推进乙项  [line 7]",
        "    lead: (none)",
        "  line 2: section left out: 一、 指导思想",
        "  line 7: numbered item without units: 2. 推进乙项",
        "  line 7: number not taken as a target: 1000亿元以上 (in “培育1000亿元以上的产业集群”)",
        "  line 8: paragraph assigned to no task: 专栏1 重点项目",
        "  line 9: paragraph assigned to no task: 项目甲、项目乙",
        "  line 10: section left out: 三、 保障措施",
    ];
    for line in expected {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in:\n{text}"
        );
    }
    // without --report the same report goes to stderr
    let status = Command::new(BIN)
        .env("TAIZHANG_HOME", dir.path())
        .args(["import", doc.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(status.status.success());
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(
        stderr.contains("  line 7: numbered item without units: 2. 推进乙项"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&status.stdout).contains("id: plan"));
}

#[test]
fn a_document_of_bare_headings_writes_nothing_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write(
        dir.path(),
        "bare.txt",
        "某方案\n一、重点任务\n（一）\n（二）\n",
    );
    let out = dir.path().join("bare.yaml");
    let status = Command::new(BIN)
        .env("TAIZHANG_HOME", dir.path())
        .args(["import", doc.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(
            "bare.txt: the draft does not pass validation, so nothing was written: empty title"
        ),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn rules_stated_once_are_noted_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write(
        dir.path(),
        "rule.txt",
        "某意见\n一、重点任务\n（一）甲项。做甲。（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）\n（二）乙项。做乙。（教育部、科技部负责）\n",
    );
    let report = dir.path().join("report.txt");
    let out = Command::new(BIN)
        .env("TAIZHANG_HOME", dir.path())
        .args(["import", doc.to_str().unwrap(), "--report"])
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(
        text.contains("note: line 3: from here on the first unit listed leads, the others support"),
        "{text}"
    );
    assert!(text.contains("    lead: 教育部; support: 科技部"), "{text}");
}

#[test]
fn report_places_are_the_documents_own_page_and_line() {
    use taizhang::import::document::{Document, Origin, Paragraph};
    use taizhang::import::report::UnplacedKind;
    use taizhang::import::{ImportOptions, import_document};
    let lines = [
        "某市行动方案",
        "一、重点任务",
        "（一）实施甲行动",
        "1.推进甲项。建成基地3个。（市发展改革委牵头）",
        "2.推进乙项。培育1000亿元以上的产业集群。",
    ];
    let paragraphs = lines
        .iter()
        .enumerate()
        .map(|(i, text)| Paragraph {
            text: text.to_string(),
            origin: Origin::Page {
                page: 2,
                line: i + 10,
            },
        })
        .collect();
    let options = ImportOptions {
        id: "pdf".into(),
        source: None,
    };
    let imported = import_document(&Document { paragraphs }, &options).unwrap();
    let report = &imported.report;
    assert_eq!(
        report.places.get("a1"),
        Some(&Origin::Page { page: 2, line: 12 })
    );
    assert_eq!(
        report.places.get("t2"),
        Some(&Origin::Page { page: 2, line: 14 })
    );
    let without: Vec<_> = report
        .unplaced
        .iter()
        .filter(|u| u.kind == UnplacedKind::ItemWithoutUnits)
        .collect();
    assert_eq!(without.len(), 1);
    assert_eq!(without[0].origin, Some(Origin::Page { page: 2, line: 14 }));
    assert!(
        imported
            .report
            .render(&imported.plan)
            .contains("  page 2, line 14: number not taken as a target: 1000亿元以上")
    );
}
