//! `taizhang report` on a generated county plan with a year of history (the
//! generator's `--state`): its numbers are the summary's and the export's,
//! its burn-up follows the history month by month, the HTML loads in a real
//! browser with its charts, the docx reads back with its tables and images,
//! and the light settings change the lights everywhere.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use common::Home;
use serde_json::Value;
use taizhang::plan::Plan;
use taizhang::plan::synthetic::{Shape, county_plan, year_of_history};
use taizhang::report::meeting::{self, trend};
use taizhang::state::{Field, LightRules, PlanState};

const AS_OF: &str = "2024-12-31";
const PLAN: &str = "county-0001";

/// A home with one generated county plan and its year of history.
fn county() -> (Home, Plan, PlanState) {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    std::fs::create_dir_all(dir.path().join("state")).unwrap();
    let plan = county_plan(0, Shape::COUNTY, 7);
    let state = year_of_history(&plan, 7);
    std::fs::write(
        plans.join(format!("{}.yaml", plan.id)),
        taizhang::yaml::to_string(&plan).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("state").join(format!("{}.yaml", plan.id)),
        taizhang::state::format::to_text(&state),
    )
    .unwrap();
    (Home { dir, plans }, plan, state)
}

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

fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn chromium(args: &[&str], html: &Path) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap()
}

fn decode(png_path: &Path) -> Vec<[u8; 3]> {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let channels = info.color_type.samples();
    pixels[..info.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1 % channels], p[2 % channels]])
        .collect()
}

fn pixels_of(png_path: &Path, colour: [u8; 3]) -> usize {
    decode(png_path)
        .into_iter()
        .filter(|p| *p == colour)
        .count()
}

fn distinct_colours(png_path: &Path) -> usize {
    decode(png_path).into_iter().collect::<HashSet<_>>().len()
}

#[test]
fn the_html_is_self_contained_and_loads_in_chromium_with_its_charts() {
    let (home, _, _) = county();
    let out = home.path().join("report.html");
    home.ok(&[
        "report",
        PLAN,
        "--as-of",
        AS_OF,
        "--format",
        "html",
        "-o",
        out.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&out).unwrap();
    // nothing loaded from elsewhere
    for outside in ["src=", "href=", "@import", "url("] {
        assert!(!html.contains(outside), "{outside} in the page");
    }
    assert!(html.contains("name=\"viewport\""));
    assert!(html.contains("@page { size: A4"));
    assert!(html.contains("thead { display: table-header-group; }"));
    assert_eq!(html.matches("<svg").count(), 3);
    assert_eq!(
        html.matches("<thead>").count(),
        4,
        "areas, units, flagged, changes"
    );

    if !have("chromium") {
        eprintln!("chromium not installed: the browser check is skipped");
        return;
    }
    let shot = home.path().join("shot.png");
    let output = chromium(
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,1600",
        ],
        &out,
    );
    assert!(shot.exists(), "{}", String::from_utf8_lossy(&output.stderr));
    let colours = distinct_colours(&shot);
    assert!(colours > 50, "a blank page: {colours} colours");
    // a phone's width: still drawn
    let phone = home.path().join("phone.png");
    chromium(
        &[
            &format!("--screenshot={}", phone.display()),
            "--window-size=390,844",
        ],
        &out,
    );
    assert!(distinct_colours(&phone) > 50, "a blank page on a phone");
    let dom = String::from_utf8(chromium(&["--dump-dom"], &out).stdout).unwrap();
    assert!(dom.contains("240项任务中已完成"), "{dom}");
    assert!(dom.contains("一、总体情况") && dom.contains("四、红黄灯事项"));
    assert_eq!(dom.matches("<svg").count(), 3);
    // the charts drew their series: lines (burn-up) and bars
    assert!(dom.contains("<polyline") && dom.contains("<rect"));
}

fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().to_string(), bytes)
        })
        .collect()
}

#[test]
fn the_docx_reads_back_with_tables_images_and_fonts_and_converts() {
    let (home, _, _) = county();
    let out = home.path().join("report.docx");
    home.ok(&[
        "report",
        PLAN,
        "--as-of",
        AS_OF,
        "--format",
        "docx",
        "-o",
        out.to_str().unwrap(),
    ]);
    let files = unzip(&out);
    let document = String::from_utf8(files["word/document.xml"].clone()).unwrap();
    assert!(document.contains("240项任务中已完成"));
    for heading in [
        "一、总体情况",
        "二、分领域推进情况",
        "三、牵头单位推进情况",
        "四、红黄灯事项",
    ] {
        assert!(document.contains(heading), "{heading}");
    }
    assert_eq!(
        document.matches("<w:tbl>").count(),
        4,
        "areas, units, flagged, changes"
    );
    // each table's heading row repeats on every page
    assert_eq!(document.matches("<w:tblHeader />").count(), 4);
    assert!(document.contains("w:eastAsia=\"黑体\"") && document.contains("w:eastAsia=\"仿宋\""));
    assert!(
        document.contains("w:w=\"11906\"") && document.contains("w:h=\"16838\""),
        "A4"
    );
    let images: Vec<&Vec<u8>> = files
        .iter()
        .filter(|(name, _)| name.starts_with("word/media/") && !name.ends_with('/'))
        .map(|(_, bytes)| bytes)
        .collect();
    assert_eq!(images.len(), 3);
    for image in &images {
        assert!(image.starts_with(b"\x89PNG\r\n\x1a\n"));
    }
    // the charts in their colours: the lights per area hold blue, yellow
    // and red; every unit is behind schedule on this plan: red bars
    let path = home.path().join("chart.png");
    std::fs::write(&path, images[1]).unwrap();
    for colour in [[0x2F, 0x75, 0xB5], [0xE8, 0xB4, 0x00], [0xC0, 0x00, 0x00]] {
        assert!(
            pixels_of(&path, colour) > 500,
            "{colour:?} in the area chart"
        );
    }
    std::fs::write(&path, images[2]).unwrap();
    assert!(
        pixels_of(&path, [0xC0, 0x00, 0x00]) > 500,
        "red bars in the scorecard"
    );
    // docx without -o is refused
    let err = home.fail(&["report", PLAN, "--format", "docx"]);
    assert!(err.contains("needs -o FILE"), "{err}");

    if !have("soffice") {
        eprintln!("soffice not installed: the LibreOffice conversion is skipped");
        return;
    }
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(home.path())
        .arg(&out)
        .output()
        .unwrap();
    let pdf = home.path().join("report.pdf");
    assert!(pdf.exists(), "{}", String::from_utf8_lossy(&status.stderr));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    if have("pdftotext") {
        let text = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("总体情况"), "{text}");
    }
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
