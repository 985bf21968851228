//! The lead units' fill-in workbooks as exported: what a unit's workbook
//! holds, and the print settings, protection and drop-downs in the files
//! (filling them in and `taizhang ingest`: tests/ledger_ingest.rs).

mod common;

use calamine::{Data, Reader, open_workbook_auto};
use common::Home;
use common::ledger::*;
use common::workbook::{cell, s};

#[test]
fn a_units_workbook_holds_exactly_its_milestones() {
    let home = Home::new();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gx.xlsx");
    assert_eq!(export(&home, GX, &file, &[]), "");
    let mut book = open_workbook_auto(&file).unwrap();
    assert_eq!(book.sheet_names(), ["填报", "_taizhang"]);
    let sheet = book.worksheet_range("填报").unwrap();
    assert_eq!(
        cell(&sheet, 0, 0),
        s("示范行动方案（测试用） 台账填报表（2025-06）")
    );
    let block: Vec<(Data, Data)> = (1..8)
        .map(|r| (cell(&sheet, r, 0), cell(&sheet, r, 1)))
        .collect();
    assert_eq!(
        block,
        [
            (s("计划"), s("示范行动方案（测试用）（demo）")),
            (s("文号"), Data::Empty),
            (s("填报单位"), s(GX)),
            (s("报告期"), s("2025-06")),
            (s("截至日期"), s("2025-06-30")),
            (s("填报人"), Data::Empty),
            (s("联系电话"), Data::Empty),
        ]
    );
    let header: Vec<Data> = (0..11).map(|c| cell(&sheet, 9, c)).collect();
    assert_eq!(
        header,
        [
            "编号",
            "任务",
            "里程碑",
            "目标",
            "截止日期",
            "单位",
            "完成值",
            "状态",
            "进展情况",
            "存在问题",
            "下步计划"
        ]
        .map(s)
    );
    // its task's milestones, the sub-task's (inherited lead) included
    assert_eq!(ids(&file), ["t1.m1", "t1.m2", "t1.1.m1"]);
    let t1m1: Vec<Data> = (0..8).map(|c| cell(&sheet, 10, c)).collect();
    assert_eq!(
        t1m1[0..4],
        [
            s("t1.m1"),
            s("(一)加快5G网络建设"),
            s("建成5G基站1000个"),
            s(">=1000个")
        ]
    );
    assert!(matches!(t1m1[4], Data::DateTime(_)), "{:?}", t1m1[4]);
    assert_eq!(t1m1[5..8], [s("个"), Data::Empty, s("未启动")]);
    // the hidden sheet: plan, unit, period, and the state as exported
    let meta = book.worksheet_range("_taizhang").unwrap();
    assert_eq!(cell(&meta, 0, 0), s("taizhang-fillin"));
    assert_eq!((cell(&meta, 1, 1), cell(&meta, 2, 1)), (s("demo"), s(GX)));
    assert_eq!(cell(&meta, 3, 1), s("2025-06"));
    assert_eq!(cell(&meta, 9, 0), s("t1.m1"));
    assert_eq!(cell(&meta, 9, 1), s("todo"));
    let workbook = zip_text(&file, "xl/workbook.xml");
    assert!(
        workbook.contains(r#"<sheet name="_taizhang" sheetId="2" state="hidden""#),
        "{workbook}"
    );

    // the other lead unit: exactly its five
    let fg = dir.path().join("fg.xlsx");
    export(&home, FG, &fg, &[]);
    assert_eq!(ids(&fg), ["t2.m1", "t2.m2", "t2.m3", "t2.m4", "t2.m5"]);
    // a supporting unit only with --include-support
    let support = dir.path().join("tx.xlsx");
    let err = home.fail(&[
        "export",
        "demo",
        "--format",
        "xlsx",
        "--lead",
        "市通信管理办公室",
        "-o",
        support.to_str().unwrap(),
    ]);
    assert!(
        err.contains("unit `市通信管理办公室` leads no task of plan `demo`; its lead units are: 市工业和信息化局, 市发展改革委"),
        "{err}"
    );
    assert!(!support.exists());
    export(&home, "市通信管理办公室", &support, &["--include-support"]);
    assert_eq!(ids(&support), ["t1.m1", "t1.m2", "t1.1.m1"]);

    // one workbook per lead unit
    let out = dir.path().join("out");
    let listed = home.ok(&[
        "--as-of",
        AS_OF,
        "export",
        "demo",
        "--format",
        "xlsx",
        "--per-lead",
        out.to_str().unwrap(),
        "--period",
        "2025-Q2",
    ]);
    let gx = out.join("demo-市工业和信息化局-2025-Q2.xlsx");
    let fg = out.join("demo-市发展改革委-2025-Q2.xlsx");
    assert_eq!(listed, format!("{}\n{}\n", gx.display(), fg.display()));
    assert_eq!(ids(&gx), ["t1.m1", "t1.m2", "t1.1.m1"]);
    assert_eq!(ids(&fg).len(), 5);
}

#[test]
fn print_settings_protection_and_drop_down_are_in_the_files() {
    let home = Home::new();
    let dir = tempfile::tempdir().unwrap();
    let fill = dir.path().join("gx.xlsx");
    export(&home, GX, &fill, &[]);
    let sheet = zip_text(&fill, "xl/worksheets/sheet1.xml");
    for expected in [
        r#"<pageSetUpPr fitToPage="1"/>"#,
        r#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape""#,
        r#"<printOptions horizontalCentered="1"/>"#,
        // protected without a password, rows and columns still resizable
        r#"<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0"/>"#,
        r#"<formula1>"未启动,推进中,已完成,受阻"</formula1>"#,
    ] {
        assert!(sheet.contains(expected), "{expected} not in {sheet}");
    }
    assert!(!sheet.contains("password"), "{sheet}");
    // 状态 drop-down on H11:H13, 完成值 numbers only where there is a target
    assert!(sheet.contains(r#"sqref="H11:H13""#), "{sheet}");
    assert!(
        sheet.contains(r#"<dataValidation type="decimal""#),
        "{sheet}"
    );
    let workbook = zip_text(&fill, "xl/workbook.xml");
    assert!(
        workbook.contains(
            r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">填报!$10:$10</definedName>"#
        ),
        "{workbook}"
    );
    // fill-in cells unlocked, the rest locked by default
    let styles = zip_text(&fill, "xl/styles.xml");
    assert!(styles.contains(r#"<protection locked="0"/>"#), "{styles}");
    assert!(
        styles.contains(r#"<left style="thin">"#),
        "borders: {styles}"
    );

    let ledger = dir.path().join("ledger.xlsx");
    home.ok(&["mark", "demo", "t1.m1", "done"]);
    // 60 Chinese characters: 120 cells in the 40-wide 备注 column, four lines
    home.ok(&["note", "demo", "t1.m1", &"基站建设进度".repeat(10)]);
    home.ok(&[
        "--as-of",
        AS_OF,
        "export",
        "demo",
        "--format",
        "xlsx",
        "-o",
        ledger.to_str().unwrap(),
    ]);
    let workbook = zip_text(&ledger, "xl/workbook.xml");
    assert!(
        workbook.contains(
            r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">台账!$1:$2</definedName>"#
        ),
        "{workbook}"
    );
    assert!(
        workbook.contains(
            r#"<definedName name="_xlnm.Print_Titles" localSheetId="1">汇总!$1:$2</definedName>"#
        ),
        "{workbook}"
    );
    for n in [1, 2] {
        let sheet = zip_text(&ledger, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(
            sheet.contains(r#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape""#),
            "{sheet}"
        );
        assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{sheet}");
        assert!(
            sheet.contains(r#"<mergeCell ref="A1:"#),
            "a title row: {sheet}"
        );
    }
    // rows tall enough for their wrapped text: t1.m1 (row 4) takes four lines
    let sheet = zip_text(&ledger, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(r#"<row r="4" spans="1:19" ht="68" customHeight="1">"#),
        "{sheet}"
    );
    assert!(
        sheet.contains(r#"<row r="5" spans="1:19" ht="20" customHeight="1">"#),
        "{sheet}"
    );
    // the 汇总 sheet's as-of date fits its column (12 wide, not ####)
    let summary = zip_text(&ledger, "xl/worksheets/sheet2.xml");
    assert!(
        summary.contains(r#"<col min="2" max="2" width="12.7109375" customWidth="1"/>"#),
        "{summary}"
    );
    let styles = zip_text(&ledger, "xl/styles.xml");
    // red and blue lights (yellow's fill is FFFF00: `sheet` unit tests)
    for fill in ["FFFF0000", "FF2F75B5"] {
        assert!(
            styles.contains(&format!(r#"<fgColor rgb="{fill}"/>"#)),
            "{fill}: {styles}"
        );
    }
    assert!(styles.contains(r#"formatCode="0.0%""#), "{styles}");
}
