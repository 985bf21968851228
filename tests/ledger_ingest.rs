//! `taizhang ingest` of the lead units' filled workbooks: read back into
//! the state (values, statuses, reports, history naming the 填报人), bad
//! cells refused with their place, a second ingest adding nothing,
//! conflicts with the office's later changes, and a real LibreOffice round
//! trip (the workbooks as exported: tests/ledger_export.rs).

mod common;

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};
use common::Home;
use common::fods;
use common::ledger::*;
use common::workbook::{cell, refill, s};
use taizhang::state::latest_report;

#[test]
fn a_filled_workbook_ingests_once_with_the_reporter_named() {
    let home = Home::new();
    let dir = tempfile::tempdir().unwrap();
    let back = filled(
        &home,
        dir.path(),
        "工信局6月.xlsx",
        &[
            ("t1.m1", "完成值", Data::Float(1200.0)),
            ("t1.m1", "状态", s("已完成")),
            ("t1.m1", "进展情况", s("已建成基站1200个")),
            ("t1.m1", "下步计划", s("完成验收")),
            ("t1.1.m1", "完成值", s("25")),
            ("t1.1.m1", "状态", s("推进中")),
            ("t1.m2", "存在问题", s("政策待审议")),
        ],
    );
    let file = back.as_str();
    // no terminal and no --yes: listed, not applied
    let output = ingest(&home, &[file]);
    assert_eq!(output.status.code(), Some(1));
    let listed = text(&output.stdout);
    assert!(
        listed.starts_with(&format!("{file}: plan demo, 填报单位 {GX}, 报告期 2025-06, 填报人 王五: 7 change(s) to 3 milestone(s)\n")),
        "{listed}"
    );
    for line in [
        "  t1.m1 建成5G基站1000个\n    状态: 未启动 → 已完成\n    完成值: 无 → 1200\n    进展情况(2025-06): 无 → 已建成基站1200个\n    下步计划(2025-06): 无 → 完成验收\n",
        "  t1.m2 出台5G建设支持政策\n    存在问题(2025-06): 无 → 政策待审议\n",
        "  t1.1.m1 千兆用户占比不超过目标\n    状态: 未启动 → 推进中\n    完成值: 无 → 25\n",
    ] {
        assert!(listed.contains(line), "{line} not in {listed}");
    }
    assert!(text(&output.stderr).contains("pass --yes to apply them without a terminal"));
    assert!(!home.state_file().exists(), "nothing applied");
    let output = ingest(&home, &[file, "--dry-run"]);
    assert!(output.status.success());
    assert!(text(&output.stdout).ends_with("dry run: 7 change(s) listed, nothing applied\n"));
    assert!(!home.state_file().exists());

    let output = ingest(&home, &[file, "--yes"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).ends_with(&format!("{file}: 7 change(s) applied as made by 王五\n"))
    );
    let state = home.load();
    let m1 = state.get("t1.m1");
    assert_eq!((m1.status.as_str(), m1.value), ("done", Some(1200.0)));
    assert_eq!(state.get("t1.1.m1").value, Some(25.0));
    let report = latest_report(&state, "t1.m1").unwrap();
    assert_eq!(report.period, "2025-06");
    assert_eq!(report.progress.as_deref(), Some("已建成基站1200个"));
    assert_eq!(report.next.as_deref(), Some("完成验收"));
    assert_eq!(report.by, "王五");
    assert!(
        m1.history
            .iter()
            .all(|c| c.by == "王五" && c.note.as_deref() == Some("填报表 工信局6月.xlsx"))
    );
    assert_eq!(
        latest_report(&state, "t1.m2").unwrap().problems.as_deref(),
        Some("政策待审议")
    );

    // the same file again adds nothing
    let before = home.state_text();
    let output = ingest(&home, &[file, "--yes"]);
    assert!(output.status.success());
    assert!(
        text(&output.stdout).ends_with("nothing to change\n"),
        "{}",
        text(&output.stdout)
    );
    assert_eq!(home.state_text(), before);

    // the reports in export json, summary --changed-since and log
    let json: serde_json::Value = serde_json::from_str(&home.ok(&["export", "demo"])).unwrap();
    let t1m1 = &json["plans"][0]["areas"][0]["tasks"][0]["milestones"][0];
    assert_eq!(t1m1["id"], "t1.m1");
    let reports = t1m1["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["period"], "2025-06");
    assert_eq!(reports[0]["progress"], "已建成基站1200个");
    assert_eq!(reports[0]["problems"], serde_json::Value::Null);
    assert_eq!(reports[0]["next"], "完成验收");
    assert_eq!(reports[0]["by"], "王五");
    let mut keys: Vec<&String> = reports[0].as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["at", "by", "next", "period", "problems", "progress"]);
    // and in the ledger workbook: the latest period's report of each milestone
    let ledger = dir.path().join("ledger.xlsx");
    home.ok(&[
        "export",
        "demo",
        "--format",
        "xlsx",
        "-o",
        ledger.to_str().unwrap(),
    ]);
    let mut book = open_workbook_auto(&ledger).unwrap();
    let sheet = book.worksheet_range("台账").unwrap();
    assert_eq!(cell(&sheet, 3, 0), s("t1.m1"));
    let report: Vec<Data> = (15..19).map(|c| cell(&sheet, 3, c)).collect();
    assert_eq!(
        report,
        [
            s("2025-06"),
            s("已建成基站1200个"),
            Data::Empty,
            s("完成验收")
        ]
    );
    let summary = home.ok(&["summary", "demo", "--changed-since", "2020-01-01"]);
    assert!(
        summary.contains("进展情况(2025-06) 已建成基站1200个"),
        "{summary}"
    );
    assert!(
        summary.contains("存在问题(2025-06) 政策待审议"),
        "{summary}"
    );
}

#[test]
fn a_bad_cell_is_refused_with_its_place_and_nothing_applied() {
    let home = Home::new();
    let dir = tempfile::tempdir().unwrap();
    let back = filled(
        &home,
        dir.path(),
        "back.xlsx",
        &[
            ("t1.m1", "状态", s("差不多")),
            ("t1.1.m1", "完成值", s("很多")),
            ("t1.m2", "完成值", Data::Float(3.0)),
            ("t1.m2", "进展情况", s("好")),
        ],
    );
    let file = back.as_str();
    let output = ingest(&home, &[file, "--yes"]);
    assert_eq!(output.status.code(), Some(1));
    let err = text(&output.stderr);
    assert_eq!(
        err,
        format!(
            "{file}:填报!H11: `差不多` is not a status: choose one of 未启动、推进中、已完成、受阻\n\
             {file}:填报!G12: this milestone has no numeric target: leave 完成值 empty\n\
             {file}:填报!G13: `很多` is not a number; for a target of <=30%: e.g. 65 or 65%\n\
             {file}: refused; nothing from it was applied\n"
        )
    );
    assert!(!home.state_file().exists(), "nothing applied");

    // a row whose id is not in the plan: refused, its good rows with it
    let stray = filled(
        &home,
        dir.path(),
        "stray.xlsx",
        &[
            ("t1.m1", "状态", s("已完成")),
            ("t1.m2", "编号", s("t9.m9")),
        ],
    );
    let file = stray.as_str();
    let output = ingest(&home, &[file, "--yes"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        format!(
            "{file}:填报!A12: `t9.m9` is not a milestone of plan `demo`\n\
             {file}: refused; nothing from it was applied\n"
        )
    );
    assert!(!home.state_file().exists(), "nothing applied");

    // a workbook not made by taizhang, and one of another plan
    let sent = dir.path().join("sent.xlsx");
    let ledger = dir.path().join("ledger.xlsx");
    home.ok(&[
        "export",
        "demo",
        "--format",
        "xlsx",
        "-o",
        ledger.to_str().unwrap(),
    ]);
    let err = text(&ingest(&home, &[ledger.to_str().unwrap(), "--yes"]).stderr);
    assert!(
        err.starts_with(&format!(
            "{}: not a fill-in workbook made by taizhang (it has no hidden sheet _taizhang)",
            ledger.display()
        )),
        "{err}"
    );
    let output = ingest(&home, &[sent.to_str().unwrap(), "--plan", "other", "--yes"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).starts_with(&format!(
            "{}: a fill-in workbook of plan `demo`, not of plan `other` named by --plan\n",
            sent.display()
        )),
        "{}",
        text(&output.stderr)
    );
    // a plan that is not loaded
    let other = Home {
        dir: tempfile::tempdir().unwrap(),
        plans: dir.path().join("no-plans"),
    };
    std::fs::create_dir(&other.plans).unwrap();
    let err = text(&ingest(&other, &[sent.to_str().unwrap(), "--yes"]).stderr);
    assert!(
        err.contains(
            "a fill-in workbook of plan `demo`, which is not loaded (load it with --plans DIR)"
        ),
        "{err}"
    );
}

#[test]
fn an_office_change_after_the_export_is_a_conflict_and_the_later_wins() {
    let home = Home::new();
    let dir = tempfile::tempdir().unwrap();
    let sent = dir.path().join("sent.xlsx");
    export(&home, GX, &sent, &[]);
    // the office marks t1.m1 after sending the sheet out
    home.ok(&["mark", "demo", "t1.m1", "blocked", "--note", "用地未批"]);
    let fill = [
        ("t1.m1", "状态", s("已完成")),
        ("t1.m1", "进展情况", s("已完工")),
    ];
    // saved by the unit before the office's change (its clock says so)
    let early = dir.path().join("early.xlsx");
    refill(&sent, &early, &fill, "王五", "2000-01-01T00:00:00Z");
    let output = ingest(&home, &[early.to_str().unwrap(), "--yes"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    assert!(
        out.contains("  conflict t1.m1 状态: changed to 受阻 by tester at "),
        "{out}"
    );
    assert!(out.contains("after the export; the office's change is later and is kept; the sheet's 已完成 is not applied"), "{out}");
    let state = home.load();
    assert_eq!(state.get("t1.m1").status.as_str(), "blocked");
    // the cell nobody else touched is applied
    assert_eq!(
        latest_report(&state, "t1.m1").unwrap().progress.as_deref(),
        Some("已完工")
    );

    // saved after the office's change: the sheet is later and wins
    let late = dir.path().join("late.xlsx");
    refill(&sent, &late, &fill, "王五", "2099-01-01T00:00:00Z");
    let out = text(&ingest(&home, &[late.to_str().unwrap(), "--yes"]).stdout);
    assert!(
        out.contains("conflict t1.m1 状态: changed to 受阻 by tester"),
        "{out}"
    );
    assert!(
        out.contains("the sheet was saved later: 已完成 applied"),
        "{out}"
    );
    assert_eq!(home.load().get("t1.m1").status.as_str(), "done");
}

/// LibreOffice: a headless conversion with a profile of its own.
fn soffice(dir: &Path, args: &[&str]) -> bool {
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("lo-profile").display()
    );
    std::process::Command::new("soffice")
        .arg(profile)
        .arg("--headless")
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn has_soffice() -> bool {
    std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn a_workbook_filled_and_saved_by_libreoffice_ingests() {
    if !has_soffice() {
        println!("skipped: LibreOffice (soffice) is not installed");
        return;
    }
    let home = Home::new();
    let dir = tempfile::tempdir().unwrap();
    let sent = dir.path().join("sent.xlsx");
    export(&home, GX, &sent, &[]);
    // LibreOffice opens the workbook and saves it as flat ODS
    assert!(soffice(
        dir.path(),
        &[
            "--convert-to",
            "fods",
            "--outdir",
            dir.path().to_str().unwrap(),
            sent.to_str().unwrap()
        ]
    ));
    let fods = dir.path().join("sent.fods");
    let mut xml = std::fs::read_to_string(&fods).unwrap();
    // the unit fills cells (in the document LibreOffice wrote)
    xml = fods::fill(&xml, "填报", "t1.m1", 6, &fods::Cell::Float(800.0));
    xml = fods::fill(&xml, "填报", "t1.m1", 7, &fods::Cell::Text("推进中"));
    xml = fods::fill(&xml, "填报", "t1.m1", 8, &fods::Cell::Text("已建成800个"));
    xml = fods::fill(&xml, "填报", "t1.m1", 9, &fods::Cell::Text("选址难"));
    xml = fods::fill(&xml, "填报", "t1.m2", 7, &fods::Cell::Text("已完成"));
    xml = fods::fill(&xml, "填报", "填报人", 1, &fods::Cell::Text("赵六"));
    let filled = dir.path().join("returned").join("gx-returned.fods");
    std::fs::create_dir(filled.parent().unwrap()).unwrap();
    std::fs::write(&filled, xml).unwrap();
    // and LibreOffice saves the returned file as xlsx, as ods and as xls
    let outdir: PathBuf = dir.path().join("back");
    for format in ["xlsx", "ods", "xls"] {
        assert!(soffice(
            dir.path(),
            &[
                "--convert-to",
                format,
                "--outdir",
                outdir.to_str().unwrap(),
                filled.to_str().unwrap()
            ]
        ));
    }
    let xlsx = outdir.join("gx-returned.xlsx");
    let ods = outdir.join("gx-returned.ods");
    let xls = outdir.join("gx-returned.xls");
    for returned in [&xls, &ods] {
        let output = ingest(&home, &[returned.to_str().unwrap(), "--dry-run"]);
        assert!(output.status.success(), "{}", text(&output.stderr));
        assert!(
            text(&output.stdout).contains("填报人 赵六: 5 change(s) to 2 milestone(s)"),
            "{}",
            text(&output.stdout)
        );
    }
    let output = ingest(&home, &[xlsx.to_str().unwrap(), "--yes"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let state = home.load();
    let m1 = state.get("t1.m1");
    assert_eq!((m1.status.as_str(), m1.value), ("doing", Some(800.0)));
    assert_eq!(state.get("t1.m2").status.as_str(), "done");
    let report = latest_report(&state, "t1.m1").unwrap();
    assert_eq!(
        (report.progress.as_deref(), report.problems.as_deref()),
        (Some("已建成800个"), Some("选址难"))
    );
    assert!(
        m1.history
            .iter()
            .all(|c| c.by == "赵六" && c.note.as_deref() == Some("填报表 gx-returned.xlsx"))
    );
    // the ods of the same return now changes nothing
    let output = ingest(&home, &[ods.to_str().unwrap(), "--yes"]);
    assert!(
        text(&output.stdout).ends_with("nothing to change\n"),
        "{}",
        text(&output.stdout)
    );
}
