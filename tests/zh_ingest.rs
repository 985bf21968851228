//! One language at a time for `ingest` and the fill-in workbooks (issue
//! 15, point 5): a refused workbook's problems (each bad cell at
//! `FILE:填报!H12`, a workbook not of taizhang, of another plan, one that
//! does not open) and `export --period` are Chinese under a Chinese locale
//! and English under C. Each test runs the real binary both ways.

mod common;

use common::english_words;
use std::path::Path;
use std::process::Output;

use calamine::{Data, Reader, open_workbook_auto};
use common::Home;
use common::ledger::{GX, filled};
use common::workbook::s;

/// The binary under `LANG=lang`, nothing else choosing the language.
fn in_lang(home: &Home, lang: &str, args: &[&str]) -> Output {
    common::in_lang(&mut home.command(args), lang)
        .output()
        .unwrap()
}

const ZH: &str = "zh_CN.UTF-8";
const EN: &str = "C.UTF-8";

/// `ingest FILE ARGS --yes` refused under `lang`: exit 1, nothing saved,
/// the lines on stderr.
fn refused(home: &Home, lang: &str, file: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["ingest", file, "--yes"];
    args.extend(extra);
    let out = in_lang(home, lang, &args);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(!home.state_file().exists(), "nothing applied");
    String::from_utf8(out.stderr)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// The lines Chinese, each with no English word but `kept`.
fn assert_chinese(lines: &[String], kept: &[&str]) {
    for line in lines {
        assert!(english_words(line, kept).is_empty(), "English in: {line}");
    }
}

#[test]
fn bad_status_and_value_cells_are_refused_at_their_place_in_one_language() {
    let home = Home::new();
    let dir = tempfile::tempdir().unwrap();
    let fill = [
        ("t1.m1", "状态", s("差不多")),
        ("t1.m2", "状态", Data::Empty),
        ("t1.m2", "完成值", Data::Float(3.0)),
        ("t1.1.m1", "完成值", s("很多")),
    ];
    let file = &filled(&home, dir.path(), "back.xlsx", &fill);
    let zh = refused(&home, ZH, file, &[]);
    assert_eq!(
        zh,
        [
            format!("{file}:填报!H11: `差不多` 不是状态：请从 未启动、推进中、已完成、受阻 中选择"),
            format!("{file}:填报!H12: 状态为空：请从 未启动、推进中、已完成、受阻 中选择"),
            format!("{file}:填报!G12: 该里程碑没有数值目标：完成值 请留空"),
            format!("{file}:填报!G13: `很多` 不是数字；目标 <=30%，例如 65 或 65%"),
            format!("{file}：已拒收；其中的内容均未采用"),
        ]
    );
    assert_chinese(&zh, &[file]);
    let en = refused(&home, EN, file, &[]);
    assert_eq!(
        en,
        [
            format!(
                "{file}:填报!H11: `差不多` is not a status: choose one of 未启动、推进中、已完成、受阻"
            ),
            format!(
                "{file}:填报!H12: an empty cell is not a status: choose one of 未启动、推进中、已完成、受阻"
            ),
            format!("{file}:填报!G12: this milestone has no numeric target: leave 完成值 empty"),
            format!(
                "{file}:填报!G13: `很多` is not a number; for a target of <=30%: e.g. 65 or 65%"
            ),
            format!("{file}: refused; nothing from it was applied"),
        ]
    );
}

#[test]
fn rows_of_no_milestone_are_refused_at_their_place_in_one_language() {
    let home = Home::new();
    let dir = tempfile::tempdir().unwrap();
    // t1.m2's row renamed to t1.m1 (twice), t1.1.m1's filled without an id
    let twice = [
        ("t1.m2", "编号", s("t1.m1")),
        ("t1.1.m1", "编号", Data::Empty),
        ("t1.1.m1", "状态", s("已完成")),
    ];
    let file = &filled(&home, dir.path(), "twice.xlsx", &twice);
    let zh = refused(&home, ZH, file, &[]);
    assert_eq!(
        zh,
        [
            format!("{file}:填报!A12: 里程碑 `t1.m1` 出现了两次"),
            format!("{file}:填报!A13: 这一行填了内容，但没有 编号"),
            format!("{file}：已拒收；其中的内容均未采用"),
        ]
    );
    assert_chinese(&zh, &[file]);
    let en = refused(&home, EN, file, &[]);
    assert_eq!(
        en[..2],
        [
            format!("{file}:填报!A12: milestone `t1.m1` appears twice"),
            format!("{file}:填报!A13: a filled-in row without 编号"),
        ]
    );

    // an id not in the plan, and one of the plan not sent to this unit
    let stray = [("t1.m1", "编号", s("t9.m9")), ("t1.m2", "编号", s("t2.m1"))];
    let file = &filled(&home, dir.path(), "stray.xlsx", &stray);
    let zh = refused(&home, ZH, file, &[]);
    assert_eq!(
        zh[..2],
        [
            format!("{file}:填报!A11: `t9.m9` 不是计划 `demo` 的里程碑"),
            format!("{file}:填报!A12: 导出时本工作簿中没有里程碑 `t2.m1`"),
        ]
    );
    assert_chinese(&zh, &[file]);
    let en = refused(&home, EN, file, &[]);
    assert_eq!(
        en[..2],
        [
            format!("{file}:填报!A11: `t9.m9` is not a milestone of plan `demo`"),
            format!(
                "{file}:填报!A12: milestone `t2.m1` was not in this workbook when it was exported"
            ),
        ]
    );
}

#[test]
fn a_workbook_not_of_taizhang_or_of_another_plan_is_refused_in_one_language() {
    let home = Home::new();
    let dir = tempfile::tempdir().unwrap();
    // the ledger is a workbook, but not a fill-in one
    let ledger = dir.path().join("ledger.xlsx");
    let ledger = ledger.to_str().unwrap();
    home.ok(&["export", "demo", "--format", "xlsx", "-o", ledger]);
    let zh = refused(&home, ZH, ledger, &[]);
    assert_eq!(
        zh,
        [
            format!(
                "{ledger}：不是 taizhang 生成的填报工作簿（没有隐藏工作表 _taizhang）；请用 `taizhang export 计划 --format xlsx --lead 单位 -o 文件` 生成"
            ),
            format!("{ledger}：已拒收；其中的内容均未采用"),
        ]
    );
    assert_chinese(&zh, &[ledger, "_taizhang", "taizhang"]);
    let en = refused(&home, EN, ledger, &[]);
    assert_eq!(
        en[0],
        format!(
            "{ledger}: not a fill-in workbook made by taizhang (it has no hidden sheet _taizhang); make one with `taizhang export PLAN --format xlsx --lead UNIT -o FILE`"
        )
    );

    let sent = &filled(&home, dir.path(), "back.xlsx", &[]);
    let zh = refused(&home, ZH, sent, &["--plan", "other"]);
    let other = format!("{sent}：这是计划 `demo` 的填报工作簿，不属于 --plan 指定的计划 `other`");
    assert_eq!(zh[0], other);
    assert_chinese(&zh, &[sent, "--plan"]);
    let en = refused(&home, EN, sent, &["--plan", "other"]);
    assert_eq!(
        en[0],
        format!("{sent}: a fill-in workbook of plan `demo`, not of plan `other` named by --plan")
    );

    // a plan not loaded
    let elsewhere = Home {
        dir: tempfile::tempdir().unwrap(),
        plans: dir.path().join("no-plans"),
    };
    std::fs::create_dir(&elsewhere.plans).unwrap();
    let zh = refused(&elsewhere, ZH, sent, &[]);
    let not_loaded =
        format!("{sent}：这是计划 `demo` 的填报工作簿，该计划未载入（用 --plans 目录 载入）");
    assert_eq!(zh[0], not_loaded);
    assert_chinese(&zh, &[sent, "--plans"]);
    let en = refused(&elsewhere, EN, sent, &[]);
    assert_eq!(
        en[0],
        format!(
            "{sent}: a fill-in workbook of plan `demo`, which is not loaded (load it with --plans DIR)"
        )
    );
}

#[test]
fn a_file_that_does_not_open_as_a_workbook_is_refused_in_one_language() {
    let home = Home::new();
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.xlsx");
    let missing = missing.to_str().unwrap();
    let zh = refused(&home, ZH, missing, &[]);
    assert_eq!(
        zh,
        [
            format!("{missing}：无法作为工作簿（xlsx、xls 或 ods）读取：文件不存在"),
            format!("{missing}：已拒收；其中的内容均未采用"),
        ]
    );
    assert_chinese(&zh, &[missing, "xlsx", "xls", "ods"]);
    let en = refused(&home, EN, missing, &[]);
    assert_eq!(
        en[0],
        format!(
            "{missing}: cannot read as a workbook (xlsx, xls or ods): No such file or directory (os error 2)"
        )
    );

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "填报情况：已完成\n").unwrap();
    let text = text.to_str().unwrap();
    let zh = refused(&home, ZH, text, &[]);
    assert_eq!(
        zh[0],
        format!(
            "{text}：无法作为工作簿（xlsx、xls 或 ods）读取：内容不是 taizhang 能读的工作簿格式"
        )
    );
    assert_chinese(&zh, &[text, "xlsx", "xls", "ods", "taizhang"]);
    let en = refused(&home, EN, text, &[]);
    assert_eq!(
        en[0],
        format!(
            "{text}: cannot read as a workbook (xlsx, xls or ods): not a workbook format taizhang reads"
        )
    );

    // named as a workbook, but not one inside: the reader's own detail
    let broken = dir.path().join("broken.xlsx");
    std::fs::write(&broken, "填报情况：已完成\n").unwrap();
    let broken = broken.to_str().unwrap();
    let zh = refused(&home, ZH, broken, &[]);
    let damaged = format!("{broken}：无法作为工作簿（xlsx、xls 或 ods）读取：文件已损坏（");
    assert!(
        zh[0].starts_with(&damaged) && zh[0].ends_with('）'),
        "{zh:?}"
    );
    let detail = &zh[0][damaged.len()..];
    let en = refused(&home, EN, broken, &[]);
    assert_eq!(
        en[0],
        format!(
            "{broken}: cannot read as a workbook (xlsx, xls or ods): {}",
            detail.trim_end_matches('）')
        )
    );
}

#[test]
fn ingest_and_the_fill_in_options_are_helped_in_one_language() {
    let home = Home::new();
    let out = in_lang(&home, ZH, &["ingest", "--help"]);
    let zh = String::from_utf8(out.stdout).unwrap();
    let zh: Vec<&str> = zh.lines().collect();
    assert_eq!(
        zh[0],
        "把牵头单位交回的填报工作簿（xlsx、xls、ods）读入进度"
    );
    for line in [
        "  <FILE>...  交回的工作簿（xlsx、xls、ods），由 `export --lead` 生成",
        "      --yes           不询问，直接采用",
        "      --dry-run       只列出将要更改的内容",
        "      --plan <PLAN>   拒收其他计划的工作簿",
    ] {
        assert!(zh.contains(&line), "{line} not in {zh:#?}");
    }
    let kept = [
        "taizhang",
        "ingest",
        "OPTIONS",
        "FILE",
        "PLANS",
        "PLAN",
        "DIR",
        "DATE",
        "YYYY",
        "--plans",
        "--as-of",
        "--yes",
        "--dry-run",
        "--help",
        "--plan",
        "xlsx",
        "xls",
        "ods",
    ];
    for line in &zh {
        assert!(english_words(line, &kept).is_empty(), "English in: {line}");
    }
    let out = in_lang(&home, ZH, &["export", "--help"]);
    let zh = String::from_utf8(out.stdout).unwrap();
    for help in [
        "生成牵头单位 UNIT 的填报工作簿（与 --format xlsx 一起）",
        "为每个牵头单位各生成一份填报工作簿，写入 DIR",
        "同时包括该单位配合的任务的里程碑",
        "报告期（2025-06 或 2025-Q2）；默认：含判断日期的那一期，按 `report_period` 设置的月或季",
    ] {
        assert!(
            zh.lines().any(|l| l.trim().ends_with(help)),
            "{help} not in {zh}"
        );
    }
    let out = in_lang(&home, EN, &["ingest", "--help"]);
    let en = String::from_utf8(out.stdout).unwrap();
    assert!(
        en.starts_with(
            "Read lead units' returned fill-in workbooks (xlsx, xls, ods) into the state\n"
        ),
        "{en}"
    );
    assert!(
        en.contains("      --yes           Apply without asking\n"),
        "{en}"
    );
}

#[test]
fn a_bad_period_for_a_fill_in_workbook_is_said_in_one_language() {
    let home = Home::new();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sent.xlsx");
    let file = file.to_str().unwrap();
    let args = [
        "export", "demo", "--format", "xlsx", "--lead", GX, "--period", "2025-13", "-o", file,
    ];
    let out = in_lang(&home, ZH, &args);
    assert_eq!(out.status.code(), Some(1));
    let zh = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        zh,
        "taizhang: 报告期 `2025-13` 无效：应为月份（如 2025-06）或季度（如 2025-Q2）\n"
    );
    assert!(english_words(&zh, &["taizhang"]).is_empty(), "{zh}");
    let out = in_lang(&home, EN, &args);
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "taizhang: invalid period `2025-13`: expected a month such as 2025-06 or a quarter such as 2025-Q2\n"
    );
    assert!(!Path::new(file).exists(), "nothing written");
}

/// A sheet as a grid of cells, by its name.
type Sheets = Vec<(String, Vec<Vec<Data>>)>;

/// A copy of `src` as `name` after `edit` changed its sheets (as someone
/// editing the workbook by hand would).
fn edited(src: &str, dir: &Path, name: &str, edit: &dyn Fn(&mut Sheets)) -> String {
    let mut book = open_workbook_auto(src).unwrap();
    let mut sheets: Sheets = book
        .worksheets()
        .into_iter()
        .map(|(name, range)| (name, range.rows().map(<[Data]>::to_vec).collect()))
        .collect();
    edit(&mut sheets);
    let mut out = rust_xlsxwriter::Workbook::new();
    for (name, rows) in &sheets {
        let sheet = out.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match value {
                    Data::String(t) => drop(sheet.write_string(r, c, t)),
                    Data::Float(f) => drop(sheet.write_number(r, c, *f)),
                    Data::Int(i) => drop(sheet.write_number(r, c, *i as f64)),
                    Data::Bool(b) => drop(sheet.write_boolean(r, c, *b)),
                    _ => {}
                }
            }
        }
    }
    let dst = dir.join(name);
    out.save(&dst).unwrap();
    dst.to_str().unwrap().to_string()
}

/// The cell of sheet `sheet` whose row starts with `key` (`None`: the
/// row itself is emptied), column `column`, set to `value`.
fn set(sheets: &mut Sheets, sheet: &str, key: &str, column: usize, value: Option<Data>) {
    let (_, rows) = sheets.iter_mut().find(|(n, _)| n == sheet).unwrap();
    let row = rows.iter_mut().find(|r| r[0] == s(key)).unwrap();
    match value {
        Some(value) => row[column] = value,
        None => row.iter_mut().for_each(|cell| *cell = Data::Empty),
    }
}

const HIDDEN: &str = "_taizhang";

/// A hand edit of a workbook: its file name, the edit, and the line after
/// the file's name in Chinese and (the start) in English.
type HandEdit = (&'static str, Box<dyn Fn(&mut Sheets)>, String, String);

/// Each way a hand edit breaks a fill-in workbook.
fn hand_edits() -> Vec<HandEdit> {
    let not_ours = |why: &str| {
        format!(
            "：不是 taizhang 生成的填报工作簿（{why}）；请用 `taizhang export 计划 --format xlsx --lead 单位 -o 文件` 生成"
        )
    };
    vec![
        (
            "marker.xlsx",
            Box::new(|b: &mut Sheets| set(b, HIDDEN, "taizhang-fillin", 1, Some(s("9")))),
            not_ours("隐藏工作表中没有 taizhang 的标记"),
            ": not a fill-in workbook made by taizhang (its hidden sheet lacks the taizhang marker)".into(),
        ),
        (
            "incomplete.xlsx",
            Box::new(|b: &mut Sheets| set(b, HIDDEN, "unit", 0, None)),
            not_ours("隐藏工作表不完整"),
            ": not a fill-in workbook made by taizhang (its hidden sheet is incomplete)".into(),
        ),
        (
            "period.xlsx",
            Box::new(|b: &mut Sheets| set(b, HIDDEN, "period", 1, Some(s("2025-13")))),
            not_ours("报告期 `2025-13` 无效：应为月份（如 2025-06）或季度（如 2025-Q2）"),
            ": not a fill-in workbook made by taizhang (invalid period `2025-13`: expected a month such as 2025-06 or a quarter such as 2025-Q2)".into(),
        ),
        (
            "time.xlsx",
            Box::new(|b: &mut Sheets| set(b, HIDDEN, "exported", 1, Some(s("昨天")))),
            not_ours("导出时间无法识别"),
            ": not a fill-in workbook made by taizhang (its export time does not read)".into(),
        ),
        (
            "renamed.xlsx",
            Box::new(|b: &mut Sheets| b.iter_mut().for_each(|(n, _)| {
                if n == "填报" {
                    *n = "Sheet1".into();
                }
            })),
            not_ours("没有工作表 填报"),
            ": not a fill-in workbook made by taizhang (it has no sheet 填报)".into(),
        ),
        (
            "heading.xlsx",
            Box::new(|b: &mut Sheets| set(b, "填报", "编号", 7, Some(s("状况")))),
            ":填报!A10: 表头行中没有 状态 列".into(),
            ":填报!A10: no column 状态".into(),
        ),
        (
            "header.xlsx",
            Box::new(|b: &mut Sheets| set(b, "填报", "编号", 0, Some(s("序号")))),
            ":填报!A1: 没有表头行（以 编号 开头的一行）".into(),
            ":填报!A1: no header row (a row starting with 编号)".into(),
        ),
        (
            "truth.xlsx",
            Box::new(|b: &mut Sheets| set(b, "填报", "t1.m1", 6, Some(Data::Bool(true)))),
            ":填报!G11: `true` 不是数字：请填写数字，例如 1.2 或 12000".into(),
            ":填报!G11: `true` is not a number: write the value as a number, such as 1.2 or 12000".into(),
        ),
    ]
}

#[test]
fn a_hand_edited_workbook_is_refused_with_what_is_wrong_in_one_language() {
    let home = Home::new();
    let dir = tempfile::tempdir().unwrap();
    let sent = &filled(&home, dir.path(), "back.xlsx", &[]);
    for (name, edit, zh, en) in hand_edits() {
        let file = &edited(sent, dir.path(), name, &*edit);
        let said = refused(&home, ZH, file, &[]);
        assert_eq!(
            said,
            [
                format!("{file}{zh}"),
                format!("{file}：已拒收；其中的内容均未采用")
            ]
        );
        let kept = [file.as_str(), HIDDEN, "taizhang", "true"];
        assert_chinese(&said, &kept);
        let said = refused(&home, EN, file, &[]);
        assert!(
            said[0].starts_with(&format!("{file}{en}")),
            "{name}: {said:?}"
        );
    }
}
