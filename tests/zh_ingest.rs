//! One language at a time for `ingest` and the fill-in workbooks (issue
//! 15, point 5): a refused workbook's problems (each bad cell at
//! `FILE:填报!H12`, a workbook not of taizhang, of another plan, one that
//! does not open) and `export --period` are Chinese under a Chinese locale
//! and English under C. Each test runs the real binary both ways.

mod common;

use std::path::Path;
use std::process::Output;

use calamine::Data;
use common::Home;
use common::ledger::{GX, export};
use common::workbook::{refill, s};

/// ASCII words of three letters or more left in `line`, once what is not
/// a message word is taken out: `quoted` commands and ids, and `kept`
/// (paths, names such as taizhang, file formats). As in zh_messages.rs.
fn english_words(line: &str, kept: &[&str]) -> Vec<String> {
    let mut text = line.to_string();
    for part in line.split('`').skip(1).step_by(2) {
        text = text.replace(&format!("`{part}`"), " ");
    }
    for kept in kept {
        text = text.replace(kept, " ");
    }
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3)
        .map(str::to_string)
        .collect()
}

/// The binary under `LANG=lang`, nothing else choosing the language.
fn in_lang(home: &Home, lang: &str, args: &[&str]) -> Output {
    let mut command = home.command(args);
    command
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    command.output().unwrap()
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

/// GX's workbook of the demo plan exported as of 2025-06-20, and a copy
/// re-saved with `fill`, as `name` in the same folder.
fn filled(home: &Home, dir: &Path, name: &str, fill: &[(&str, &str, Data)]) -> String {
    let sent = dir.join("sent.xlsx");
    if !sent.exists() {
        export(home, GX, &sent, &[]);
    }
    let back = dir.join(name);
    refill(&sent, &back, fill, "王五", "2099-01-01T00:00:00Z");
    back.to_str().unwrap().to_string()
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
