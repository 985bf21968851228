//! The format readers on the fixtures of `tests/fixtures/formats/` (made from
//! the texts in `tests/fixtures/documents/` by `scripts/make_format_fixtures.sh`)
//! and on the real files of `tests/fixtures/documents/formats/`.
//!
//! The strongest check: a reader must not change what the importer finds.
//! Each document fixture is compared with the text it was made from, both as
//! paragraphs and as the drafted plan.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::Home;
use taizhang::import::document::{Document, Origin};
use taizhang::import::read::{Input, ReadError, read_file, read_input};
use taizhang::import::sheet::{
    Role, SheetError, SheetImport, document_table, find_header, import_workbook,
};
use taizhang::import::{ImportError, ImportOptions, import_text, to_yaml};
use taizhang::plan::Plan;
use taizhang::plan::validate::check;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const GUANGZHOU: &str = "documents/corpus/guangzhou-2023-jiatingyisheng-fengongbiao.txt";
const JINING: &str = "documents/seeds/001_cd3cf581713ab216.txt";
const WENSHANG: &str = "documents/seeds/002_a3713a6d512530b7.txt";

fn fixture(relative: &str) -> PathBuf {
    Path::new(ROOT).join("tests/fixtures").join(relative)
}

fn format(name: &str) -> PathBuf {
    fixture(&format!("formats/{name}"))
}

fn options() -> ImportOptions {
    ImportOptions {
        id: "draft".into(),
        source: Some("source".into()),
    }
}

/// Draft a plan and check that it passes validation.
fn validated(plan: Plan) -> Plan {
    let yaml = to_yaml(&plan);
    check(&yaml, "draft.yaml", Some("draft")).unwrap_or_else(|p| panic!("{p:?}"));
    plan
}

fn plan_of_text(relative: &str) -> Plan {
    let text = std::fs::read_to_string(fixture(relative)).unwrap();
    validated(import_text(&text, &options()).unwrap())
}

fn plan_of_document(doc: &Document) -> Plan {
    validated(import_text(&doc.text(), &options()).unwrap())
}

/// The source's non-empty lines, trimmed: one paragraph each.
fn text_lines(relative: &str) -> Vec<String> {
    std::fs::read_to_string(fixture(relative))
        .unwrap()
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn paragraphs(doc: &Document) -> Vec<String> {
    doc.paragraphs.iter().map(|p| p.text.clone()).collect()
}

fn leads(plan: &Plan) -> Vec<(String, Vec<String>, Vec<String>)> {
    plan.areas
        .iter()
        .flat_map(|a| a.all_tasks())
        .map(|t| (t.id.clone(), t.lead.clone(), t.support.clone()))
        .collect()
}

fn has_space_between_han(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(3).any(|w| {
        let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
        han(w[0]) && w[1] == ' ' && han(w[2])
    })
}

#[test]
fn docx_numbering_is_put_back_and_the_plan_is_the_texts() {
    let doc = read_file(&format("guangzhou-numbered.docx")).unwrap();
    // the numbers are only in numbering.xml, not in the paragraphs' text
    let archive = std::fs::read(format("guangzhou-numbered.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(archive)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(!xml.contains("（一）扩大签约服务供给") && xml.contains(">扩大签约服务供给<"));
    let texts = paragraphs(&doc);
    for numbered in [
        "一、主要目标",
        "二、主要任务",
        "（一）扩大签约服务供给",
        "（四）完善服务保障机制",
        "三、组织实施",
    ] {
        assert!(texts.iter().any(|t| t == numbered), "{numbered}");
    }
    assert!(texts.iter().any(|t| t.starts_with("8.优化就诊流程。")));
    // 1. restarts in each （N）, （一） restarts under 三、
    assert!(texts.iter().any(|t| t.starts_with("（一）加强组织领导。")));
    assert!(texts.iter().any(|t| t.starts_with("1.推广弹性签约服务。")));
    // paragraphs and table rows are the text's lines, one for one
    assert_eq!(texts, text_lines(GUANGZHOU));
    assert_eq!(doc.origin_of_line(70), Some(&Origin::Paragraph(70)));
    let plan = plan_of_document(&doc);
    assert_eq!(plan, plan_of_text(GUANGZHOU));
    assert_eq!(plan.task_count(), 24);
}

#[test]
fn a_docx_as_libreoffice_writes_it_reads_the_same() {
    // LibreOffice's own numbering.xml (chineseCountingThousand, nine levels
    // with tab stops), styles and table grid
    let doc = read_file(&format("guangzhou-numbered-libreoffice.docx")).unwrap();
    assert_eq!(paragraphs(&doc), text_lines(GUANGZHOU));
    assert_eq!(plan_of_document(&doc), plan_of_text(GUANGZHOU));
}

#[test]
fn pdf_text_layer_loses_headers_page_numbers_and_spaces() {
    let doc = read_file(&format("jining.pdf")).unwrap();
    let texts = paragraphs(&doc);
    assert!(
        !texts.iter().any(|t| t.contains("济宁市人民政府文件")),
        "running header"
    );
    assert!(
        !texts
            .iter()
            .any(|t| t.trim_matches(['—', ' ']).parse::<u32>().is_ok()),
        "page numbers"
    );
    assert!(!texts.iter().any(|t| has_space_between_han(t)));
    assert!(
        texts
            .iter()
            .any(|t| t.contains("力争到2025年,全市县域经济总量"))
    );
    // broken lines joined: each paragraph of the text is one paragraph again
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let expected: Vec<String> = text_lines(JINING).iter().map(|l| squeeze(l)).collect();
    let got: Vec<String> = texts.iter().map(|t| squeeze(t)).collect();
    // but for the page's last two lines, links to the .docx and .pdf
    // versions, which run to the margin and so read as one paragraph
    let n = expected.len();
    assert_eq!(got[..n - 2], expected[..n - 2]);
    assert_eq!(got[n - 2..], [expected[n - 2..].concat()]);
    assert!(matches!(
        doc.paragraphs[0].origin,
        Origin::Page { page: 1, line: 2 }
    ));
    let pdf = plan_of_document(&doc);
    let text = plan_of_text(JINING);
    assert_eq!(pdf.areas.len(), text.areas.len());
    assert_eq!(pdf.task_count(), 34);
    assert_eq!(leads(&pdf), leads(&text));
    let titles = |p: &Plan| -> Vec<String> {
        p.areas
            .iter()
            .flat_map(|a| a.all_tasks())
            .map(|t| t.title.clone())
            .collect()
    };
    assert_eq!(titles(&pdf), titles(&text));
    assert_eq!(pdf.milestones().count(), text.milestones().count());
}

#[test]
fn a_government_page_gives_the_article_and_nothing_around_it() {
    let doc = read_file(&format("wenshang-gov-page.html")).unwrap();
    let all = doc.text();
    for furniture in [
        "网站地图",
        "您当前的位置",
        "走进汶上",
        "浏览次数",
        "分享到",
        "打印本页",
        "相关链接",
        "汶上县“十四五”规划纲要",
        "主办单位",
        "网站标识码",
    ] {
        assert!(!all.contains(furniture), "{furniture}");
    }
    assert_eq!(paragraphs(&doc), text_lines(WENSHANG));
    let plan = plan_of_document(&doc);
    assert_eq!(plan, plan_of_text(WENSHANG));
    assert_eq!((plan.areas.len(), plan.task_count()), (11, 78));
}

#[test]
fn gb18030_and_utf16_text_read_as_the_utf8() {
    let utf8 = std::fs::read_to_string(fixture(JINING)).unwrap();
    for name in ["jining-gb18030.txt", "jining-utf16le.txt"] {
        let bytes = std::fs::read(format(name)).unwrap();
        assert!(std::str::from_utf8(&bytes).is_err(), "{name} is not UTF-8");
        let doc = read_file(&format(name)).unwrap();
        assert_eq!(
            doc.text(),
            utf8.lines().collect::<Vec<_>>().join("\n"),
            "{name}"
        );
        assert_eq!(plan_of_document(&doc), plan_of_text(JINING), "{name}");
    }
}

/// The Guangzhou task table (attachment 2) as the text gives it: per task
/// number, the union of its rows' lead and supporting units.
fn table_units() -> Vec<(String, Vec<String>, Vec<String>)> {
    let text = std::fs::read_to_string(fixture(GUANGZHOU)).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.starts_with("序号\t工作事项"))
        .unwrap();
    let split = |cell: &str| -> Vec<String> {
        cell.split(['、', '，'])
            .map(str::trim)
            .filter(|u| !u.is_empty() && *u != "/")
            .map(str::to_string)
            .collect()
    };
    let mut out: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for line in &lines[header + 1..] {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() == 7 {
            out.push((format!("t{}", cells[0]), Vec::new(), Vec::new()));
        }
        let n = cells.len();
        let task = out.last_mut().unwrap();
        for unit in split(cells[n - 4]) {
            if !task.1.contains(&unit) {
                task.1.push(unit);
            }
        }
        for unit in split(cells[n - 3]) {
            if !task.2.contains(&unit) {
                task.2.push(unit);
            }
        }
    }
    for task in &mut out {
        let lead = task.1.clone();
        task.2.retain(|u| !lead.contains(u));
    }
    out
}

fn table_import(name: &str) -> SheetImport {
    let Input::Table(workbook) = read_input(&format(name)).unwrap() else {
        panic!("{name} is a table");
    };
    let import = import_workbook(&workbook, &options()).unwrap();
    validated(import.plan.clone());
    import
}

#[test]
fn task_tables_give_their_tasks_units_and_deadlines() {
    let expected = table_units();
    assert_eq!(expected.len(), 24);
    let xlsx = table_import("guangzhou-task-table.xlsx");
    let plan = &xlsx.plan;
    assert_eq!(
        plan.title,
        "关于推进广州市家庭医生签约服务高质量发展工作的任务分工表"
    );
    // two header rows under a title row: 责任单位 spans 牵头单位 | 配合单位
    assert_eq!((xlsx.header.row, xlsx.header.height), (1, 2));
    let areas: Vec<&str> = plan.areas.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        areas,
        [
            "扩大签约服务供给",
            "拓展签约服务内涵",
            "优化签约服务方式",
            "完善服务保障机制",
            "组织实施"
        ]
    );
    assert_eq!(plan.task_count(), 24);
    assert_eq!(leads(plan), expected);
    let t6 = plan.areas[1].tasks.iter().find(|t| t.id == "t6").unwrap();
    assert_eq!(t6.title, "保障合理用药");
    assert_eq!(t6.lead, ["各区政府", "市卫生健康委", "市医保局"]);
    assert_eq!(
        xlsx.origins[5],
        (
            "t6".to_string(),
            Origin::Cell {
                sheet: "任务分解表".into(),
                row: 14,
                col: 1
            }
        )
    );
    // 完成时限: a task without targets has one milestone due then
    let due = |id: &str| {
        let task = plan
            .areas
            .iter()
            .flat_map(|a| a.all_tasks())
            .find(|t| t.id == id)
            .unwrap();
        assert_eq!(task.milestones.len(), 1, "{id}");
        task.milestones[0].due
    };
    assert_eq!(
        due("t9"),
        NaiveDate::from_ymd_opt(2025, 12, 31),
        "长期坚持: the plan's end"
    );
    assert_eq!(
        due("t6"),
        NaiveDate::from_ymd_opt(2025, 12, 31),
        "2025年底前"
    );
    // a date cell in the xlsx and ods, `2023/12/31` in the CSV
    for id in ["t22", "t23", "t24"] {
        assert_eq!(due(id), NaiveDate::from_ymd_opt(2023, 12, 31), "{id}");
    }
    assert_eq!(
        plan.span.end,
        NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()
    );
    // the same table as ods (merges read from content.xml) and csv (no merges)
    for name in ["guangzhou-task-table.ods", "guangzhou-task-table.csv"] {
        let other = table_import(name);
        let mut plan = other.plan.clone();
        plan.source = xlsx.plan.source.clone();
        assert_eq!(&plan, &xlsx.plan, "{name}");
    }
}

#[test]
fn a_docx_that_is_only_a_task_table_is_read_as_one() {
    let doc = read_file(&format("guangzhou-task-table.docx")).unwrap();
    // no numbered headings: the text importer finds no structure
    assert!(matches!(
        import_text(&doc.text(), &options()),
        Err(ImportError::NoStructure)
    ));
    let import = import_workbook(&document_table(&doc), &options()).unwrap();
    let plan = validated(import.plan);
    assert_eq!(
        plan.title,
        "关于推进广州市家庭医生签约服务高质量发展工作的任务分工表"
    );
    assert_eq!(plan.task_count(), 24);
    assert_eq!(leads(&plan), table_units());
}

#[test]
fn the_wps_template_maps_its_headers_and_has_no_tasks() {
    let path = fixture("documents/formats/dcdb-jdmb-task-targets-template.xls");
    let Input::Table(workbook) = read_input(&path).unwrap() else {
        panic!("an xls is a table");
    };
    let header = find_header(&workbook.sheets[0]).unwrap();
    let mapped: Vec<(usize, Role, &str)> = header
        .columns
        .iter()
        .map(|(c, r, h)| (*c, *r, h.as_str()))
        .collect();
    assert_eq!(
        mapped,
        [
            (0, Role::Area, "要点内容"),
            (2, Role::Item, "主要任务"),
            (5, Role::Target, "全年目标"),
            (6, Role::Lead, "牵头部门"),
            (7, Role::Support, "配合部门")
        ]
    );
    let err = import_workbook(&workbook, &options()).unwrap_err();
    assert!(matches!(err, SheetError::NoTasks { .. }));
    assert_eq!(
        err.to_string(),
        "Sheet1!A1: the header of a task table (要点内容, 主要任务, 全年目标, 牵头部门, 配合部门), but no task rows under it: row 2 holds template fields such as `<jx:` (an empty template?)"
    );
}

#[test]
fn unreadable_files_say_how_to_convert_them() {
    for name in ["jining.doc", "jining.wps"] {
        let err = read_file(&format(name)).unwrap_err();
        assert!(matches!(err, ReadError::LegacyWord { .. }), "{name}: {err}");
        assert!(err.to_string().contains("--convert-to docx"));
    }
    let err = read_file(&format("jining-scan.pdf")).unwrap_err();
    assert!(matches!(err, ReadError::NoTextLayer { .. }), "{err}");
    let yangpu = fixture("documents/formats/yangpu-2025-innovation-zone-layout-attachment.pdf");
    match read_file(&yangpu).unwrap_err() {
        ReadError::NotPlanText { text, .. } => {
            assert_eq!(text, "附件：杨“数”浦新质秀带创新区空间布局图")
        }
        other => panic!("{other}"),
    }
}

/// `taizhang import BAD -o OUT`: exit 1, one line naming the file, no OUT.
fn import_fails(name: &Path, words: &str) {
    let home = Home::new();
    let out = home.path().join("draft.yaml");
    let message = home.fail(&[
        "import",
        name.to_str().unwrap(),
        "--id",
        "draft",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(message.contains(name.to_str().unwrap()), "{message}");
    assert!(message.contains(words), "{message}");
    assert!(!out.exists(), "{} wrote {}", name.display(), out.display());
    let listing = common::listing(home.path());
    assert!(!listing.iter().any(|f| f.contains("draft")), "{listing:?}");
}

#[test]
fn bad_inputs_exit_non_zero_and_write_nothing() {
    import_fails(&format("jining.doc"), "save it as .docx");
    import_fails(&format("jining.wps"), "save it as .docx");
    import_fails(&format("jining-scan.pdf"), "no text layer");
    import_fails(
        &fixture("documents/formats/yangpu-2025-innovation-zone-layout-attachment.pdf"),
        "not a plan text",
    );
    import_fails(
        &fixture("documents/formats/dcdb-jdmb-task-targets-template.xls"),
        "no task rows",
    );
}

#[test]
fn import_writes_a_valid_plan_from_each_format() {
    for (name, tasks) in [
        ("guangzhou-numbered.docx", "24 tasks"),
        ("jining.pdf", "34 tasks"),
        ("wenshang-gov-page.html", "78 tasks"),
        ("jining-gb18030.txt", "34 tasks"),
        ("guangzhou-task-table.xlsx", "24 tasks"),
        ("guangzhou-task-table.csv", "24 tasks"),
        ("guangzhou-task-table.docx", "24 tasks"),
    ] {
        let home = Home::new();
        let out = home.path().join("draft.yaml");
        let output = home.run(&[
            "import",
            format(name).to_str().unwrap(),
            "--id",
            "draft",
            "-o",
            out.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{name}: {stderr}");
        assert!(stderr.contains(tasks), "{name}: {stderr}");
        home.ok(&["validate", out.to_str().unwrap()]);
    }
}
