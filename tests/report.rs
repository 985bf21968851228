//! `taizhang report` on a generated county plan with a year of history (the
//! generator's `--state`): its numbers are the summary's and the export's,
//! its burn-up follows the history month by month, and the light settings
//! change the lights everywhere (the HTML in a browser and the docx read
//! back: tests/report_html_docx.rs).

mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use common::Home;
use common::county::*;
use serde_json::Value;
use taizhang::report::meeting::{self, trend};
use taizhang::state::{Field, LightRules};

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn json(home: &Home, args: &[&str]) -> Value {
    serde_json::from_str(&home.ok(args)).unwrap()
}

/// The cells of the Markdown table under `heading`.
fn markdown_rows(text: &str, heading: &str) -> Vec<Vec<String>> {
    let start = text.find(heading).unwrap_or_else(|| panic!("no {heading}"));
    text[start..]
        .lines()
        .skip(1)
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

fn count(value: &Value, key: &str) -> u64 {
    value[key].as_u64().unwrap()
}

#[test]
fn the_report_s_numbers_are_the_summary_s_and_the_export_s() {
    let (home, _, _) = county();
    let summary = json(
        &home,
        &["summary", PLAN, "--as-of", AS_OF, "--format", "json"],
    );
    let export = json(
        &home,
        &["export", PLAN, "--as-of", AS_OF, "--format", "json"],
    );
    let text = home.ok(&["report", PLAN, "--as-of", AS_OF, "--format", "markdown"]);
    let plan = &summary["plans"][0];
    let t = &plan["totals"];
    let headline = format!(
        "截至2024年12月31日，《{}》{}项任务中已完成{}项、正常推进{}项、滞后{}项（其中严重滞后{}项）；逾期{}项、受阻{}项。总体完成率{:.1}%",
        plan["title"].as_str().unwrap(),
        count(t, "milestones"),
        count(t, "done"),
        count(t, "blue") - count(t, "done"),
        count(t, "yellow") + count(t, "red"),
        count(t, "red"),
        count(t, "overdue"),
        count(t, "blocked"),
        t["percent"].as_f64().unwrap()
    );
    assert!(text.contains(&headline), "{headline}\n---\n{text}");
    // no review session yet: changes from 30 days before the as-of date
    assert!(
        text.contains("截至2024年12月31日；近期变化自2024年12月1日起"),
        "{text}"
    );
    let since = home.ok(&[
        "report",
        PLAN,
        "--as-of",
        AS_OF,
        "--since",
        "2024-12-20",
        "--format",
        "markdown",
    ]);
    let changes = markdown_rows(&since, "五、近期变化");
    assert!(!changes.is_empty());
    assert!(
        changes.iter().all(|r| r[0].as_str() >= "2024-12-20"),
        "{changes:?}"
    );
    // after a review session (and one after the as-of date, not counted):
    // changes from the day the last one before it started
    let sessions = taizhang::review::SessionStore::new(&home.path().join("state"));
    for day in ["2024-12-10T15:00:00+08:00", "2025-02-01T15:00:00+08:00"] {
        let at = chrono::DateTime::parse_from_rfc3339(day).unwrap();
        let record =
            taizhang::review::SessionRecord::new(PLAN, Default::default(), "张三", vec![], at);
        sessions.save(&record).unwrap();
    }
    let text = home.ok(&["report", PLAN, "--as-of", AS_OF, "--format", "markdown"]);
    assert!(text.contains("近期变化自2024年12月10日起"), "{text}");
    let err = home.fail(&[
        "report",
        PLAN,
        "--as-of",
        AS_OF,
        "--since",
        "2025-01-01",
        "--format",
        "html",
    ]);
    assert!(
        err.contains("--since 2025-01-01 is after the as-of date 2024-12-31"),
        "{err}"
    );

    // the area table, row by row, is the summary's
    let areas = markdown_rows(&text, "二、分领域推进情况");
    let expected: Vec<Vec<String>> = plan["areas"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let t = &a["totals"];
            vec![
                (i + 1).to_string(),
                a["title"].as_str().unwrap().to_string(),
                count(t, "milestones").to_string(),
                count(t, "done").to_string(),
                (count(t, "blue") - count(t, "done")).to_string(),
                count(t, "yellow").to_string(),
                count(t, "red").to_string(),
                format!("{:.1}%", t["percent"].as_f64().unwrap()),
            ]
        })
        .collect();
    let shown: Vec<Vec<String>> = areas.iter().map(|r| r[..8].to_vec()).collect();
    assert_eq!(shown, expected);

    // the units are the summary's lead rows, with the same counts
    let units = markdown_rows(&text, "三、牵头单位推进情况");
    let leads: BTreeMap<String, (u64, u64, u64, u64)> = plan["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let t = &l["totals"];
            (
                l["unit"].as_str().unwrap().to_string(),
                (
                    count(t, "milestones"),
                    count(t, "done"),
                    count(t, "overdue"),
                    count(t, "red"),
                ),
            )
        })
        .collect();
    let shown: BTreeMap<String, (u64, u64, u64, u64)> = units
        .iter()
        .map(|r| {
            let n = |i: usize| r[i].parse::<u64>().unwrap();
            (r[1].clone(), (n(2), n(3), n(5), n(6)))
        })
        .collect();
    assert_eq!(shown, leads);
    // ranked by points ahead of 序时进度, best first
    let ahead: Vec<f64> = units.iter().map(|r| r[9].parse().unwrap()).collect();
    assert!(ahead.windows(2).all(|w| w[0] >= w[1]), "{ahead:?}");

    // the red and yellow list is the export's red and yellow milestones
    let mut flagged_export = HashSet::new();
    let mut lights = BTreeMap::new();
    for area in export["plans"][0]["areas"].as_array().unwrap() {
        for task in area["tasks"].as_array().unwrap() {
            for m in task["milestones"].as_array().unwrap() {
                let light = m["light"].as_str().unwrap().to_string();
                if light != "blue" {
                    flagged_export.insert(m["id"].as_str().unwrap().to_string());
                }
                *lights.entry(light).or_insert(0u64) += 1;
            }
        }
    }
    assert_eq!(lights["red"], count(t, "red"));
    assert_eq!(lights["yellow"], count(t, "yellow"));
    let flagged: HashSet<String> = markdown_rows(&text, "四、红黄灯事项")
        .into_iter()
        .map(|r| r[1].clone())
        .collect();
    assert_eq!(flagged, flagged_export);
}

#[test]
fn the_burn_up_follows_the_history_month_by_month() {
    let (_home, plan, state) = county();
    let points = trend::burn_up(&plan, &state, date(AS_OF), None, &LightRules::default());
    let days: Vec<String> = points.iter().map(|p| p.date.to_string()).collect();
    let month_ends = [
        "2024-01-31",
        "2024-02-29",
        "2024-03-31",
        "2024-04-30",
        "2024-05-31",
        "2024-06-30",
        "2024-07-31",
        "2024-08-31",
        "2024-09-30",
        "2024-10-31",
        "2024-11-30",
        "2024-12-31",
    ];
    assert_eq!(days, month_ends);
    for point in &points {
        // done at a month end: the last status change on or before it says done
        let done = state
            .milestones
            .values()
            .filter(|m| {
                m.history
                    .iter()
                    .filter(|c| c.field == Field::Status && c.at.date_naive() <= point.date)
                    .max_by_key(|c| c.at)
                    .is_some_and(|c| c.to.as_deref() == Some("done"))
            })
            .count();
        assert_eq!(point.done, done, "{}", point.date);
        assert_eq!(point.milestones, 240);
    }
    assert!(points.windows(2).all(|w| w[0].schedule < w[1].schedule));
    assert!(points.iter().map(|p| p.done).max() > Some(0));
    // the last point is today's summary
    let summary =
        taizhang::report::summary::summarize(&[(&plan, &state)], date(AS_OF), &Default::default());
    let last = points.last().unwrap();
    assert_eq!(last.done, summary.plans[0].totals.done);
    assert_eq!(last.percent, summary.plans[0].totals.percent);
    // and the report model carries the same points, one area's alone too
    let report = meeting::build(
        &[(&plan, &state)],
        date(AS_OF),
        date("2024-12-01"),
        &LightRules::default(),
    );
    assert_eq!(report.plans[0].trend, points);
    let area = trend::burn_up(
        &plan,
        &state,
        date(AS_OF),
        Some("a1"),
        &LightRules::default(),
    );
    assert_eq!(area.last().unwrap().milestones, 30);
    assert_eq!(
        area.last().unwrap().done,
        summary.plans[0].areas[0].totals.done
    );
}

/// The 红 cells of the ledger workbook's 台账 sheet.
fn red_cells_in_ledger(path: &Path) -> usize {
    let files = unzip(path);
    let shared = String::from_utf8(files["xl/sharedStrings.xml"].clone()).unwrap();
    let strings: Vec<String> = regex::Regex::new(r"<si><t[^>]*>([^<]*)</t></si>")
        .unwrap()
        .captures_iter(&shared)
        .map(|c| c[1].to_string())
        .collect();
    let Some(red) = strings.iter().position(|s| s == "红") else {
        return 0;
    };
    let sheet = String::from_utf8(files["xl/worksheets/sheet1.xml"].clone()).unwrap();
    sheet.matches(&format!("t=\"s\"><v>{red}</v>")).count()
}

#[test]
fn changing_the_light_settings_changes_the_lights_everywhere() {
    let (home, _, _) = county();
    let reds = |home: &Home| {
        let summary = json(
            home,
            &["summary", PLAN, "--as-of", AS_OF, "--format", "json"],
        );
        let export = json(
            home,
            &["export", PLAN, "--as-of", AS_OF, "--format", "json"],
        );
        let red_exported = export.to_string().matches("\"light\":\"red\"").count();
        let report = home.ok(&["report", PLAN, "--as-of", AS_OF, "--format", "markdown"]);
        let red_reported = markdown_rows(&report, "四、红黄灯事项")
            .iter()
            .filter(|r| r[0] == "红")
            .count();
        let ledger = home.path().join("ledger.xlsx");
        home.ok(&[
            "export",
            PLAN,
            "--as-of",
            AS_OF,
            "--format",
            "xlsx",
            "-o",
            ledger.to_str().unwrap(),
        ]);
        (
            count(&summary["plans"][0]["totals"], "red") as usize,
            red_exported,
            red_reported,
            red_cells_in_ledger(&ledger),
        )
    };
    let before = reds(&home);
    assert_eq!(before.0, before.1);
    assert_eq!(before.0, before.2);
    assert_eq!(before.0, before.3);
    // a lenient county: red only beyond 90 points behind
    std::fs::write(
        home.path().join("config.yaml"),
        "lights:\n  yellow_behind: 60\n  red_behind: 90\n",
    )
    .unwrap();
    let after = reds(&home);
    assert!(after.0 < before.0, "{before:?} -> {after:?}");
    assert_eq!((after.1, after.2, after.3), (after.0, after.0, after.0));
    // the 临期预警 window turns blue milestones due soon yellow
    let yellow = |home: &Home| {
        let summary = json(
            home,
            &["summary", PLAN, "--as-of", "2024-12-15", "--format", "json"],
        );
        count(&summary["plans"][0]["totals"], "yellow")
    };
    std::fs::remove_file(home.path().join("config.yaml")).unwrap();
    let without = yellow(&home);
    std::fs::write(
        home.path().join("config.yaml"),
        "lights:\n  warn_days: 30\n",
    )
    .unwrap();
    assert!(yellow(&home) > without);
    // a band that makes no sense is refused with its place, and the defaults used
    std::fs::write(
        home.path().join("config.yaml"),
        "lights:\n  red_behind: 5\n",
    )
    .unwrap();
    let output = home.run(&["summary", PLAN, "--as-of", AS_OF, "--format", "json"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("config.yaml:2:3: lights.red_behind: must be a number of points from yellow_behind (25) to 100"),
        "{stderr}"
    );
}
