//! One language at a time (issue 15, point 5) for `import`: under a Chinese
//! locale the import report (on stderr and in `--report`), the draft's
//! header and the task-table importer's and readers' errors are Chinese,
//! under C English, never mixed in one line. Each test runs the real binary
//! both ways, with LC_ALL and LC_MESSAGES removed.

mod common;

use common::english_words;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_taizhang");
const ZH: &str = "zh_CN.UTF-8";
const EN: &str = "C.UTF-8";

/// `taizhang import ARGS` in `dir` (its config directory too) under `lang`.
fn import(dir: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .arg("import")
        .args(args)
        .env("TAIZHANG_HOME", dir)
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap()
}

fn stderr_ok(out: &Output) -> String {
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// The one error line of a failed import, without the program's name.
fn error_line(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    err.trim_end()
        .strip_prefix("taizhang: ")
        .unwrap_or_else(|| panic!("{err}"))
        .to_string()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn formats(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
        .display()
        .to_string()
}

/// A small plan with every part of a report: a goal, areas, a task with
/// lead and supporting units and a dated target, one without units, a
/// number that is no target, paragraphs of no task, sections left out and
/// a rule stated once for all.
const PLAN: &str = "某市行动方案\n一、指导思想\n坚持稳中求进。\n二、发展目标\n到2025年，培育产业集群5个。\n三、重点任务\n（一）实施甲行动\n1.推进甲项。到2025年建成基地3个。（市发展改革委、市财政局负责，列第一位者为牵头单位，下同）\n2.推进乙项。培育1000亿元以上的产业集群。\n专栏1 重点项目\n项目甲、项目乙\n（二）实施丙行动\n3.推进丙项。（市工信局、市商务局负责）\n四、保障措施\n（一）加强领导。\n";

const REPORT_ZH: &str = "导入报告：某市行动方案 — 2 个领域，3 项任务，4 个里程碑（2 个有目标），1 个总体目标
总体目标 g1 培育产业集群：=5个，2025-12-31 前

a1 （一） 实施甲行动  [第7行]
  t1 1. 推进甲项  [第8行]
    牵头单位：市发展改革委；配合单位：市财政局
    t1.m1 建成基地：=3个，2025-12-31 前
  t2 2. 推进乙项  [第9行]
    牵头单位：（无）

a2 （二） 实施丙行动  [第12行]
  t3 3. 推进丙项  [第13行]
    牵头单位：市工信局；配合单位：市商务局

未能归入：6
  第2行：未导入的部分：一、 指导思想
  第9行：未写明单位的编号事项：2. 推进乙项
  第9行：未作为目标的数字：1000亿元以上（原文“培育1000亿元以上的产业集群”）
  第10行：不属于任何任务的段落：专栏1 重点项目
  第11行：不属于任何任务的段落：项目甲、项目乙
  第14行：未导入的部分：四、 保障措施
说明：第8行：自此起，所列第一个单位为牵头单位，其余为配合单位（“市发展改革委、市财政局负责，列第一位者为牵头单位，下同”）
";

const REPORT_EN: &str = "import report: 某市行动方案 — 2 areas, 3 tasks, 4 milestones (2 with a target), 1 goals
goal g1 培育产业集群: =5个 by 2025-12-31

a1 （一） 实施甲行动  [line 7]
  t1 1. 推进甲项  [line 8]
    lead: 市发展改革委; support: 市财政局
    t1.m1 建成基地: =3个 by 2025-12-31
  t2 2. 推进乙项  [line 9]
    lead: (none)

a2 （二） 实施丙行动  [line 12]
  t3 3. 推进丙项  [line 13]
    lead: 市工信局; support: 市商务局

not placed: 6
  line 2: section left out: 一、 指导思想
  line 9: numbered item without units: 2. 推进乙项
  line 9: number not taken as a target: 1000亿元以上 (in “培育1000亿元以上的产业集群”)
  line 10: paragraph assigned to no task: 专栏1 重点项目
  line 11: paragraph assigned to no task: 项目甲、项目乙
  line 14: section left out: 四、 保障措施
note: line 8: from here on the first unit listed leads, the others support (“市发展改革委、市财政局负责，列第一位者为牵头单位，下同”)
";

#[test]
fn the_report_on_stderr_is_all_chinese_under_a_chinese_locale() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plan.txt", PLAN.as_bytes());
    let zh = stderr_ok(&import(dir.path(), ZH, &["plan.txt"]));
    assert_eq!(zh, REPORT_ZH);
    // ids (a1, t1.m1) are shorter than a word
    assert!(english_words(&zh, &[]).is_empty(), "{zh}");
    let en = stderr_ok(&import(dir.path(), EN, &["plan.txt"]));
    assert_eq!(en, REPORT_EN);
}

#[test]
fn the_report_file_and_the_draft_header_follow_the_locale() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plan.txt", PLAN.as_bytes());
    let args = ["plan.txt", "-o", "plan.yaml", "--report", "report.txt"];
    let out = import(dir.path(), ZH, &args);
    assert_eq!(
        stderr_ok(&out),
        "已写入 plan.yaml：2 个领域，3 项任务，4 个里程碑；请对照原文核对，然后运行 `taizhang validate plan.yaml`\n"
    );
    let report = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert_eq!(report, REPORT_ZH);
    let yaml = std::fs::read_to_string(dir.path().join("plan.yaml")).unwrap();
    let header: Vec<&str> = yaml.lines().take(3).collect();
    assert_eq!(
        header,
        [
            "# 由 `taizhang import` 从 plan.txt 起草。",
            "# 请对照原文逐一核对每个领域、任务、单位、目标和日期。",
            "id: plan",
        ]
    );
    assert!(english_words(header[0], &["plan.txt"]).is_empty());
    assert!(english_words(header[1], &[]).is_empty());

    let out = import(dir.path(), EN, &args);
    assert_eq!(
        stderr_ok(&out),
        "wrote plan.yaml: 2 areas, 3 tasks, 4 milestones; check it against the document, then `taizhang validate plan.yaml`\n"
    );
    let report = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert_eq!(report, REPORT_EN);
    let yaml = std::fs::read_to_string(dir.path().join("plan.yaml")).unwrap();
    assert!(
        yaml.starts_with("# Drafted by `taizhang import` from plan.txt.\n# Check every area, task, unit, target and date against the document.\nid: plan\n"),
        "{yaml}"
    );
}

#[test]
fn pages_paragraphs_and_rules_for_all_items_are_said_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/documents/seeds/001_cd3cf581713ab216.txt");
    let seed = seed.to_str().unwrap();
    let cases = [
        (
            seed,
            "  t1 1. 推进经济强县领跑  [第37行]",
            "  t1 1. 推进经济强县领跑  [line 37]",
        ),
        (
            &formats("jining.pdf"),
            "  t1 1. 推进经济强县领跑  [第1页第28行]",
            "  t1 1. 推进经济强县领跑  [page 1, line 28]",
        ),
        (
            &formats("jining.docx"),
            "  t1 1. 推进经济强县领跑  [第17段]",
            "  t1 1. 推进经济强县领跑  [paragraph 17]",
        ),
    ];
    for (file, zh_line, en_line) in cases {
        let zh = stderr_ok(&import(dir.path(), ZH, &[file, "--id", "jining"]));
        assert!(zh.lines().any(|l| l == zh_line), "{zh_line} in:\n{zh}");
        // the plan's own text has no ASCII words: all that is left is ours
        assert!(english_words(&zh, &[]).is_empty(), "{zh}");
        let en = stderr_ok(&import(dir.path(), EN, &[file, "--id", "jining"]));
        assert!(en.lines().any(|l| l == en_line), "{en_line} in:\n{en}");
    }
    let zh = stderr_ok(&import(dir.path(), ZH, &[seed, "--id", "jining"]));
    let for_all =
        "说明：第37行：各县市区政府、管委会 是对每一项统一提出的，不作为任何一项的配合单位";
    assert!(zh.lines().any(|l| l == for_all), "{zh}");
    let en = stderr_ok(&import(dir.path(), EN, &[seed, "--id", "jining"]));
    let for_all = "note: line 37: 各县市区政府、管委会 are named once for every item; they are no item's supporting units";
    assert!(en.lines().any(|l| l == for_all), "{en}");
    assert!(
        en.lines()
            .any(|l| l == "  line 119: section left out: 三、 保障措施"),
        "{en}"
    );
}

#[test]
fn a_task_table_report_names_its_cells_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let table = formats("guangzhou-task-table.csv");
    let zh = stderr_ok(&import(dir.path(), ZH, &[&table]));
    let lines = [
        "导入报告：关于推进广州市家庭医生签约服务高质量发展工作的任务分工表 — 5 个领域，24 项任务，32 个里程碑（13 个有目标），0 个总体目标",
        "  t1 1 有序扩大家庭医生来源  [guangzhou-task-table!A5]",
        "    牵头单位：各区政府；配合单位：市卫生健康委、市人社局",
        "    t1.m1 每万常住人口家庭医生数：>=4人，2023-12-31 前",
        "未能归入：0",
    ];
    for line in lines {
        assert!(zh.lines().any(|l| l == line), "{line} in:\n{zh}");
    }
    // the sheet is named after the file: a name, not a message word
    assert!(
        english_words(&zh, &["guangzhou-task-table"]).is_empty(),
        "{zh}"
    );
    let en = stderr_ok(&import(dir.path(), EN, &[&table]));
    assert!(
        en.lines()
            .any(|l| l == "    lead: 各区政府; support: 市卫生健康委、市人社局"),
        "{en}"
    );
    assert!(en.lines().any(|l| l == "not placed: 0"), "{en}");
}

/// Each case: file name, its bytes, the Chinese error and the English one
/// (after `taizhang: `), and the names the Chinese line may keep.
type ErrorCase<'a> = (&'a str, &'a [u8], &'a str, &'a str, &'a [&'a str]);

#[test]
fn the_task_table_importers_errors_are_chinese_under_a_chinese_locale() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [ErrorCase; 2] = [
        (
            "none.csv",
            b"a,b\n1,2\n",
            "none.csv：没有任务表：没有哪个工作表的表头行同时写明任务（任务、重点任务、工作任务、主要任务、主要内容或工作事项）和单位（牵头单位、责任单位或牵头部门）",
            "none.csv: no task table: no sheet has a header row naming the tasks (任务, 重点任务, 工作任务, 主要任务, 主要内容 or 工作事项) and their units (牵头单位, 责任单位 or 牵头部门)",
            &["none.csv"],
        ),
        (
            "tpl.csv",
            "要点内容,主要任务,牵头部门,配合部门\n<jx:forEach items=\"${list}\" var=\"data\">,,,\n${data.ydnrmc},${data.zyrw},${data.qtbm},${data.phbm}\n".as_bytes(),
            "tpl.csv：tpl!A1：任务表的表头（要点内容、主要任务、牵头部门、配合部门）之下没有任务行：第2行是 `<jx:` 这样的模板字段（空模板？）",
            "tpl.csv: tpl!A1: the header of a task table (要点内容, 主要任务, 牵头部门, 配合部门), but no task rows under it: row 2 holds template fields such as `<jx:` (an empty template?)",
            &["tpl.csv", "tpl!"],
        ),
    ];
    check_errors(dir.path(), &cases);
    // the id is checked before the table is read
    let table = formats("guangzhou-task-table.csv");
    let zh = error_line(&import(dir.path(), ZH, &[&table, "--id", "BAD"]));
    assert_eq!(
        zh,
        format!(
            "{table}：计划编号 `BAD` 不合规：请用 1 到 40 个小写字母、数字、`.`、`-` 或 `_`，以字母或数字开头"
        )
    );
    assert!(english_words(&zh, &[&table]).is_empty(), "{zh}");
    let en = error_line(&import(dir.path(), EN, &[&table, "--id", "BAD"]));
    assert_eq!(
        en,
        format!(
            "{table}: plan id `BAD` is not allowed: use 1-40 lowercase letters, digits, `.`, `-` or `_`, starting with a letter or digit"
        )
    );
}

#[test]
fn a_file_that_is_no_plan_is_said_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [ErrorCase; 3] = [
        (
            "plan.rtf",
            b"{\\rtf1 hello}",
            "plan.rtf：RTF 文档（请另存为 .docx） 不能导入：方案应为 .txt、.docx、.pdf、.html、.xlsx、.xls、.ods 或 .csv",
            "plan.rtf: an RTF document (save it as .docx) cannot be imported: expected a plan as .txt, .docx, .pdf, .html, .xlsx, .xls, .ods or .csv",
            &[
                "plan.rtf", "RTF", "docx", "txt", "pdf", "html", "xlsx", "xls", "ods", "csv",
            ],
        ),
        (
            "scan.txt",
            b"\x89PNG\r\n\x1a\n....",
            "scan.txt：PNG 图片（扫描件需先做文字识别） 不能导入：方案应为 .txt、.docx、.pdf、.html、.xlsx、.xls、.ods 或 .csv",
            "scan.txt: a PNG picture (a scan needs OCR first) cannot be imported: expected a plan as .txt, .docx, .pdf, .html, .xlsx, .xls, .ods or .csv",
            &[
                "scan.txt", "PNG", "docx", "txt", "pdf", "html", "xlsx", "xls", "ods", "csv",
            ],
        ),
        (
            "plan.zip",
            &zip_of("readme.txt"),
            "plan.zip：不是 .docx、.xlsx 或 .ods 的 zip 压缩包（请先解压） 不能导入：方案应为 .txt、.docx、.pdf、.html、.xlsx、.xls、.ods 或 .csv",
            "plan.zip: a zip archive that is not a .docx, .xlsx or .ods (unpack it first) cannot be imported: expected a plan as .txt, .docx, .pdf, .html, .xlsx, .xls, .ods or .csv",
            &[
                "plan.zip", "zip", "docx", "txt", "pdf", "html", "xlsx", "xls", "ods", "csv",
            ],
        ),
    ];
    check_errors(dir.path(), &cases);
    // a cut download: the zip library's own words are kept, ours are Chinese
    write(dir.path(), "cut.docx", b"PK\x03\x04\x14\x00\x06\x00");
    let zh = error_line(&import(dir.path(), ZH, &["cut.docx"]));
    assert!(
        zh.starts_with("cut.docx：无法作为 docx 文件读取：")
            && zh.ends_with("（文件损坏或未下载完整？）"),
        "{zh}"
    );
    let en = error_line(&import(dir.path(), EN, &["cut.docx"]));
    assert!(
        en.starts_with("cut.docx: not a readable docx file: ")
            && en.ends_with(" (a damaged or incomplete download?)"),
        "{en}"
    );
}

/// Write each case's file, import it both ways, compare the error lines.
fn check_errors(dir: &Path, cases: &[ErrorCase]) {
    for (name, bytes, zh_line, en_line, kept) in cases {
        write(dir, name, bytes);
        let zh = error_line(&import(dir, ZH, &[name, "--id", "p"]));
        assert_eq!(&zh, zh_line);
        assert!(english_words(&zh, kept).is_empty(), "{zh}");
        let en = error_line(&import(dir, EN, &[name, "--id", "p"]));
        assert_eq!(&en, en_line);
    }
}

/// A zip archive holding one text file: no office package.
fn zip_of(name: &str) -> Vec<u8> {
    use std::io::Write as _;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(name, zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"hello").unwrap();
    zip.finish().unwrap().into_inner()
}
