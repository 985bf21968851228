//! `taizhang export --format xlsx`: what it refuses, and the ledger read
//! back cell by cell (the fixture's marks are in tests/common/summary.rs).

use chrono::NaiveDate;

mod common;

use common::summary::*;

#[test]
fn xlsx_needs_one_plan_and_a_file_and_writes_nothing_on_error() {
    let home = home();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("台账.xlsx");
    let path = file.to_str().unwrap();
    let err = fails(home.path(), &["export", "sx-shuzi", "--format", "xlsx"]);
    assert!(err.contains("-o FILE"), "{err}");
    let err = fails(home.path(), &["export", "--format", "xlsx", "-o", path]);
    assert!(err.contains("exactly one plan"), "{err}");
    let err = fails(
        home.path(),
        &[
            "export", "sx-shuzi", "sx-mini", "--format", "xlsx", "-o", path,
        ],
    );
    assert!(err.contains("exactly one plan"), "{err}");
    let err = fails(
        home.path(),
        &["export", "nope", "--format", "xlsx", "-o", path],
    );
    assert!(err.contains("unknown plan `nope`"), "{err}");
    let missing = out.path().join("no/such/folder/x.xlsx");
    fails(
        home.path(),
        &[
            "export",
            "sx-shuzi",
            "--format",
            "xlsx",
            "-o",
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

/// Days since 1899-12-30: how Excel stores a date.
fn serial(date: &str) -> f64 {
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    (date - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64
}

#[test]
fn xlsx_ledger_reads_back_cell_by_cell() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let home = home();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("台账.xlsx");
    let stdout = ok(
        home.path(),
        &[
            "export",
            "sx-shuzi",
            "--format",
            "xlsx",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(stdout.is_empty());
    // only the workbook is left in the folder: the temp file was renamed
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 1);

    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(book.sheet_names(), ["台账", "汇总"]);
    let ledger = book.worksheet_range("台账").unwrap();
    let s = |text: &str| Data::String(text.into());
    // row 0 is the title; the header is row 1
    assert_eq!(
        ledger.get_value((0, 0)),
        Some(&s("数字经济发展行动计划 台账（截至 2025-06-30）"))
    );
    let row = |r: u32| -> Vec<Data> {
        (0..19)
            .map(|c| ledger.get_value((r + 1, c)).cloned().unwrap_or(Data::Empty))
            .collect()
    };
    assert_eq!(
        row(0),
        [
            "编号",
            "行动领域",
            "任务",
            "里程碑",
            "牵头单位",
            "配合单位",
            "截止日期",
            "目标",
            "完成值",
            "进度",
            "状态",
            "灯",
            "逾期",
            "备注",
            "最后变更",
            "报告期",
            "进展情况",
            "存在问题",
            "下步计划"
        ]
        .map(s)
    );
    assert_eq!(ledger.height(), 11, "a title, a header and nine milestones");
    let ids: Vec<Data> = (2..11)
        .map(|r| ledger.get_value((r, 0)).cloned().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["g1", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"].map(s)
    );

    let date = |r: u32, c: u32| match ledger.get_value((r + 1, c)) {
        Some(Data::DateTime(d)) => d.as_f64(),
        other => panic!("({r},{c}) is {other:?}, not a date"),
    };
    // g1: a goal, no task or units
    let g1 = row(1);
    assert_eq!(g1[1], s("总体目标"));
    assert_eq!(g1[2], Data::Empty);
    assert_eq!(g1[4], Data::Empty);
    assert_eq!(g1[7], s(">=10%"));
    assert_eq!(g1[8], Data::Float(6.0));
    assert_eq!(g1[9], Data::Float(0.6), "a share, shown as a percentage");
    // m1
    let m1 = row(2);
    assert_eq!(
        m1[1..6],
        [
            s("（一）加快数字基础设施建设"),
            s("1.推进5G网络建设"),
            s("新建5G基站1.7万个"),
            s("市工信局"),
            s("市通信管理办")
        ]
    );
    assert_eq!(date(2, 6), serial("2025-12-31"));
    assert_eq!(
        m1[7..13],
        [
            s(">=17000个"),
            Data::Float(5000.0),
            Data::Float(0.294),
            s("推进中"),
            s("黄"),
            Data::Empty
        ]
    );
    assert_eq!(m1[14], s("2025-06-15 10:00 王五 完成值 3000 -> 5000"));
    assert_eq!(
        m1[15..19],
        [Data::Empty, Data::Empty, Data::Empty, Data::Empty],
        "no report yet"
    );
    // m2: overdue
    assert_eq!(date(3, 6), serial("2025-03-31"));
    assert_eq!(row(3)[10..13], [s("未启动"), s("红"), s("是")]);
    assert_eq!(row(3)[14], Data::Empty);
    // m4: the sub-task inherits the units of t2
    let m4 = row(5);
    assert_eq!(m4[2], s("部署智能算力"));
    assert_eq!(m4[4], s("市发改委、市大数据局"));
    assert_eq!(
        m4[10..14],
        [s("受阻"), s("红"), Data::Empty, s("用地审批未完成")]
    );
    assert_eq!(m4[14], s("2025-06-25 11:00 李四 状态 推进中 -> 受阻"));
    // m8: no lead unit named
    assert_eq!(row(9)[4], s("未明确牵头单位"));

    let summary = book.worksheet_range("汇总").unwrap();
    let srow = |r: u32| -> Vec<Data> {
        (0..12)
            .map(|c| {
                summary
                    .get_value((r + 1, c))
                    .cloned()
                    .unwrap_or(Data::Empty)
            })
            .collect()
    };
    assert_eq!(
        srow(0),
        [
            "行动领域",
            "里程碑",
            "未启动",
            "推进中",
            "已完成",
            "受阻",
            "逾期",
            "蓝",
            "黄",
            "红",
            "完成率(%)",
            "灯"
        ]
        .map(s)
    );
    let f = Data::Float;
    assert_eq!(
        srow(1),
        [
            s("总体目标"),
            f(1.),
            f(0.),
            f(1.),
            f(0.),
            f(0.),
            f(0.),
            f(1.),
            f(0.),
            f(0.),
            f(60.),
            s("蓝")
        ]
    );
    assert_eq!(
        srow(2),
        [
            s("加快数字基础设施建设"),
            f(4.),
            f(1.),
            f(1.),
            f(1.),
            f(1.),
            f(1.),
            f(1.),
            f(1.),
            f(2.),
            f(32.4),
            s("红")
        ]
    );
    assert_eq!(
        srow(5),
        [
            s("合计"),
            f(9.),
            f(2.),
            f(4.),
            f(2.),
            f(1.),
            f(1.),
            f(4.),
            f(2.),
            f(3.),
            f(46.),
            s("红")
        ]
    );
    assert_eq!(
        summary.get_value((8, 1)),
        Some(&s("数字经济发展行动计划（sx-shuzi）"))
    );
    match summary.get_value((9, 1)) {
        Some(Data::DateTime(d)) => assert_eq!(d.as_f64(), serial(AS_OF)),
        other => panic!("as-of is {other:?}"),
    }

    // frozen header, filter, and columns wide enough for the Chinese
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&file).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains(r#"<pane xSplit="1" ySplit="2" topLeftCell="B3" activePane="bottomRight" state="frozen"/>"#), "{xml}");
    assert!(xml.contains("<autoFilter ref=\"A2:S11\"/>"));
    // 行动领域: the widest value is （一）加快数字基础设施建设, 26 cells
    assert!(
        xml.contains(r#"<col min="2" max="2" width="28.7109375" customWidth="1"/>"#),
        "{xml}"
    );
}
