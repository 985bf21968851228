//! `taizhang summary` and `taizhang export --format xlsx`, run as the real
//! binary on the plans in tests/fixtures/summary with known marks written
//! straight into the state folder, judged as of 2025-06-30.
//!
//! The marks of sx-shuzi (span 2024-01-01..2025-12-31; 546 of 730 days
//! gone) and what follows from them:
//!
//! | id | area | status, value   | progress | light  | why                     |
//! |----|------|-----------------|----------|--------|-------------------------|
//! | g1 | 总体 | doing, 6 of 10  | 0.6      | blue   | lag 0.15                |
//! | m1 | a1   | doing, 5000/1.7w| 0.294    | yellow | lag 0.45                |
//! | m2 | a1   | todo            | 0        | red    | overdue since 03-31     |
//! | m3 | a1   | done            | 1        | blue   |                         |
//! | m4 | a1   | blocked         | 0        | red    | blocked                 |
//! | m5 | a2   | done, 3200      | 1        | blue   |                         |
//! | m6 | a2   | doing, 15 of 20 | 0.75     | blue   |                         |
//! | m7 | a3   | todo            | 0        | red    | lag 0.75                |
//! | m8 | a3   | doing           | 0.5      | yellow | lag 0.36 (due 09-30)    |

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{DateTime, NaiveDate};
use serde_json::Value;
use taizhang::state::{Change, Field, MilestoneState, PlanState, Status};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

const AS_OF: &str = "2025-06-30";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/summary")
}

fn change(at: &str, by: &str, field: Field, from: &str, to: &str, note: Option<&str>) -> Change {
    Change {
        id: format!("{at}-{by}"),
        at: DateTime::parse_from_rfc3339(at).unwrap(),
        by: by.into(),
        field,
        from: Some(from.into()),
        to: Some(to.into()),
        note: note.map(Into::into),
        session: None,
        undoes: None,
        period: None,
    }
}

fn mark(
    status: Status,
    value: Option<f64>,
    note: Option<&str>,
    history: Vec<Change>,
) -> MilestoneState {
    MilestoneState {
        status,
        value,
        note: note.map(Into::into),
        updated: history.last().map(|c| c.at),
        by: history.last().map(|c| c.by.clone()),
        history,
    }
}

/// A TAIZHANG_HOME with the marks of the table above.
fn home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let mut state = PlanState::new("sx-shuzi");
    let mut put = |id: &str, m: MilestoneState| {
        state.milestones.insert(id.into(), m);
    };
    put("g1", mark(Status::Doing, Some(6.0), None, vec![]));
    put(
        "m1",
        mark(
            Status::Doing,
            Some(5000.0),
            None,
            vec![change(
                "2025-06-15T10:00:00+08:00",
                "王五",
                Field::Value,
                "3000",
                "5000",
                None,
            )],
        ),
    );
    put(
        "m3",
        mark(
            Status::Done,
            None,
            None,
            vec![
                change(
                    "2025-05-10T09:00:00+08:00",
                    "张三",
                    Field::Status,
                    "todo",
                    "doing",
                    None,
                ),
                change(
                    "2025-06-20T15:30:00+08:00",
                    "李四",
                    Field::Status,
                    "doing",
                    "done",
                    Some("已通过验收"),
                ),
            ],
        ),
    );
    put(
        "m4",
        mark(
            Status::Blocked,
            None,
            Some("用地审批未完成"),
            vec![change(
                "2025-06-25T11:00:00+08:00",
                "李四",
                Field::Status,
                "doing",
                "blocked",
                None,
            )],
        ),
    );
    put(
        "m5",
        mark(
            Status::Done,
            Some(3200.0),
            None,
            vec![change(
                "2024-12-20T16:00:00+08:00",
                "张三",
                Field::Status,
                "doing",
                "done",
                None,
            )],
        ),
    );
    put(
        "m6",
        mark(
            Status::Doing,
            Some(15.0),
            Some("车间建设按计划推进"),
            // after the as-of date: not in a summary as of 2025-06-30
            vec![change(
                "2025-07-02T09:00:00+08:00",
                "王五",
                Field::Note,
                "",
                "车间建设按计划推进",
                None,
            )],
        ),
    );
    put("m8", mark(Status::Doing, None, None, vec![]));
    let dir = home.path().join("state");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("sx-shuzi.yaml"),
        taizhang::yaml::to_string(&state).unwrap(),
    )
    .unwrap();
    home
}

fn run_with(home: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_taizhang"));
    command
        .env("TAIZHANG_HOME", home)
        .env_remove("NO_COLOR")
        .arg("--plans")
        .arg(fixtures())
        .args(["--as-of", AS_OF])
        .args(args);
    for (key, value) in envs {
        command.env(key, value);
    }
    command.output().unwrap()
}

fn ok(home: &Path, args: &[&str]) -> String {
    let output = run_with(home, args, &[]);
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn json(home: &Path, args: &[&str]) -> Value {
    let mut all = vec!["summary", "--format", "json"];
    all.extend(args);
    serde_json::from_str(&ok(home, &all)).unwrap()
}

fn plan<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no plan {id}"))
}

/// milestones, todo, doing, done, blocked, overdue, blue, yellow, red, percent
fn counts(totals: &Value) -> (u64, u64, u64, u64, u64, u64, u64, u64, u64, f64) {
    let n = |key: &str| totals[key].as_u64().unwrap();
    (
        n("milestones"),
        n("todo"),
        n("doing"),
        n("done"),
        n("blocked"),
        n("overdue"),
        n("blue"),
        n("yellow"),
        n("red"),
        totals["percent"].as_f64().unwrap(),
    )
}

#[test]
fn json_has_the_documented_shape_and_the_numbers() {
    let home = home();
    let doc = json(home.path(), &["sx-shuzi"]);
    assert_eq!(doc["as_of"], AS_OF);
    assert!(doc.get("changed_since").is_none());
    let p = plan(&doc, "sx-shuzi");
    assert_eq!(p["title"], "数字经济发展行动计划");
    assert_eq!(counts(&p["totals"]), (9, 2, 4, 2, 1, 1, 4, 2, 3, 46.0));
    assert!(
        p.get("changes").is_none(),
        "changes only with --changed-since"
    );

    let areas: Vec<(&str, &str, _)> = p["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap(),
                a["title"].as_str().unwrap(),
                counts(&a["totals"]),
            )
        })
        .collect();
    assert_eq!(
        areas,
        vec![
            ("goals", "总体目标", (1, 0, 1, 0, 0, 0, 1, 0, 0, 60.0)),
            (
                "a1",
                "加快数字基础设施建设",
                (4, 1, 1, 1, 1, 1, 1, 1, 2, 32.4)
            ),
            (
                "a2",
                "推动产业数字化转型",
                (2, 0, 1, 1, 0, 0, 2, 0, 0, 87.5)
            ),
            ("a3", "提升数字治理能力", (2, 1, 1, 0, 0, 0, 0, 1, 1, 25.0)),
        ]
    );

    // a sub-task without lead units counts under its parent's (m4 under t2)
    let leads: Vec<(&str, u64, u64, u64, f64)> = p["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let t = &l["totals"];
            (
                l["unit"].as_str().unwrap(),
                t["milestones"].as_u64().unwrap(),
                t["overdue"].as_u64().unwrap(),
                t["red"].as_u64().unwrap(),
                t["percent"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        leads,
        vec![
            ("市工信局", 4, 1, 1, 51.1),
            ("市发改委", 2, 0, 1, 50.0),
            ("市大数据局", 2, 0, 1, 50.0),
            ("市行政审批局", 1, 0, 1, 0.0),
            ("未明确牵头单位", 2, 0, 0, 55.0),
        ]
    );

    let statuses: Vec<(&str, &str, u64)> = p["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["status"].as_str().unwrap(),
                s["label"].as_str().unwrap(),
                s["totals"]["milestones"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        vec![
            ("todo", "未启动", 2),
            ("doing", "推进中", 4),
            ("done", "已完成", 2),
            ("blocked", "受阻", 1)
        ]
    );

    let attention = p["attention"].as_array().unwrap();
    assert_eq!(
        attention[0],
        serde_json::json!({
            "id": "m2", "title": "实现乡镇5G网络全覆盖", "area": "加快数字基础设施建设",
            "due": "2025-03-31", "lead": ["市工信局"], "status": "todo",
            "light": "red", "overdue": true, "days_overdue": 91
        })
    );
    let rest: Vec<(&str, &str, bool)> = attention[1..]
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap(),
                a["status"].as_str().unwrap(),
                a["overdue"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(rest, vec![("m4", "blocked", false), ("m7", "todo", false)]);
    assert_eq!(
        attention[1]["lead"],
        serde_json::json!(["市发改委", "市大数据局"])
    );

    // the area rows add up to the plan
    let mut sum = [0u64; 9];
    for area in p["areas"].as_array().unwrap() {
        let c = counts(&area["totals"]);
        for (i, v) in [c.0, c.1, c.2, c.3, c.4, c.5, c.6, c.7, c.8]
            .into_iter()
            .enumerate()
        {
            sum[i] += v;
        }
    }
    assert_eq!(sum, [9, 2, 4, 2, 1, 1, 4, 2, 3]);
}

/// Every milestone of an export tree node, recursively.
fn export_milestones(node: &Value, out: &mut Vec<Value>) {
    for key in ["goals", "milestones"] {
        if let Some(list) = node.get(key).and_then(Value::as_array) {
            out.extend(list.iter().cloned());
        }
    }
    for key in ["areas", "tasks"] {
        if let Some(list) = node.get(key).and_then(Value::as_array) {
            for child in list {
                export_milestones(child, out);
            }
        }
    }
}

#[test]
fn totals_agree_with_export() {
    let home = home();
    let summary = json(home.path(), &[]);
    let export: Value =
        serde_json::from_str(&ok(home.path(), &["export", "--format", "json"])).unwrap();
    for exported in export["plans"].as_array().unwrap() {
        let mut milestones = Vec::new();
        export_milestones(exported, &mut milestones);
        let count =
            |key: &str, value: &str| milestones.iter().filter(|m| m[key] == value).count() as u64;
        let overdue = milestones.iter().filter(|m| m["overdue"] == true).count() as u64;
        let totals = &plan(&summary, exported["id"].as_str().unwrap())["totals"];
        let c = counts(totals);
        assert_eq!(
            (c.0, c.1, c.2, c.3, c.4, c.5, c.6, c.7, c.8),
            (
                milestones.len() as u64,
                count("status", "todo"),
                count("status", "doing"),
                count("status", "done"),
                count("status", "blocked"),
                overdue,
                count("light", "blue"),
                count("light", "yellow"),
                count("light", "red"),
            ),
            "plan {}",
            exported["id"]
        );
    }
    // all plans when none is named, the fixtures among them
    let ids: Vec<&str> = summary["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"sx-shuzi") && ids.contains(&"sx-mini"),
        "{ids:?}"
    );
    assert_eq!(counts(&plan(&summary, "sx-mini")["totals"]).0, 1);
}

/// Display cells before the first `needle` in `line`.
fn cells_before(line: &str, needle: &str) -> usize {
    let index = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {line:?}"));
    line[..index].width()
}

#[test]
fn text_is_aligned_by_display_width_and_plain_when_piped() {
    let home = home();
    let text = ok(home.path(), &["summary", "sx-shuzi"]);
    assert!(!text.contains('\x1b'), "escape codes in piped output");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "台账汇总  截至 2025-06-30");
    assert_eq!(lines[2], "数字经济发展行动计划（sx-shuzi）");
    assert_eq!(
        lines[3],
        "合计：里程碑 9  未启动 2  推进中 4  已完成 2  受阻 1  逾期 1  蓝 4  黄 2  红 3  完成率 46.0%  [#####-----]"
    );
    let header = lines
        .iter()
        .position(|l| l.starts_with("行动领域"))
        .unwrap();
    let table = &lines[header..header + 5];
    assert_eq!(
        table[1..]
            .iter()
            .map(|l| l.split_whitespace().next().unwrap())
            .collect::<Vec<_>>(),
        [
            "总体目标",
            "加快数字基础设施建设",
            "推动产业数字化转型",
            "提升数字治理能力"
        ]
    );
    assert_eq!(
        table[2].split_whitespace().collect::<Vec<_>>(),
        [
            "加快数字基础设施建设",
            "4",
            "1",
            "1",
            "1",
            "1",
            "1",
            "1",
            "1",
            "2",
            "32.4%",
            "红",
            "[###-------]"
        ]
    );
    // numbers end under the end of their heading; bars start under 进度
    let percent_end = cells_before(table[0], "完成率") + "完成率".width();
    let bar_start = cells_before(table[0], "进度");
    let count_end = cells_before(table[0], "里程碑") + "里程碑".width();
    for row in &table[1..] {
        assert_eq!(cells_before(row, "%") + 1, percent_end, "{row}");
        assert_eq!(cells_before(row, "["), bar_start, "{row}");
        assert_eq!(row.width(), table[1].width(), "{row}");
        let label = row.split_whitespace().next().unwrap();
        let count = row.split_whitespace().nth(1).unwrap();
        let after_label = &row[label.len()..];
        let count_at = label.width() + cells_before(after_label, count) + count.width();
        assert_eq!(count_at, count_end, "{row}");
    }
    // nothing drawn is ambiguous width: same cells on Chinese terminals
    for ch in text.chars() {
        assert_eq!(ch.width(), ch.width_cjk(), "{ch:?} is East-Asian-ambiguous");
    }
    let attention = lines.iter().position(|l| l.starts_with("需关注")).unwrap();
    assert_eq!(lines[attention], "需关注（逾期或红灯）：3 项");
    assert!(lines[attention + 2].starts_with("m2"));
    assert!(lines[attention + 2].contains("2025-03-31  市工信局"));
    assert!(lines[attention + 2].ends_with("红  逾期91天"));
    assert!(lines[attention + 3].ends_with("红  受阻"));
    assert!(lines[attention + 4].ends_with("红  严重滞后"));
}

#[test]
fn colour_on_request_never_with_no_color() {
    let home = home();
    let colored = ok(home.path(), &["summary", "sx-shuzi", "--color", "always"]);
    assert!(colored.contains("\x1b[91m红\x1b[0m"), "{colored}");
    let output = run_with(
        home.path(),
        &["summary", "sx-shuzi", "--color", "always"],
        &[("NO_COLOR", "1")],
    );
    assert!(!String::from_utf8(output.stdout).unwrap().contains('\x1b'));
    let never = ok(home.path(), &["summary", "sx-shuzi", "--color", "never"]);
    assert!(!never.contains('\x1b'));
    // the coloured text has the same letters as the plain one
    let plain = ok(home.path(), &["summary", "sx-shuzi"]);
    let stripped = regex::Regex::new("\x1b\\[[0-9;]*m")
        .unwrap()
        .replace_all(&colored, "");
    assert_eq!(stripped, plain);
}

#[test]
fn by_lead_and_by_status() {
    let home = home();
    let text = ok(home.path(), &["summary", "sx-shuzi", "--by", "lead"]);
    let header = text
        .lines()
        .position(|l| l.starts_with("牵头单位"))
        .unwrap();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(header + 1)
        .take(5)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows[0][..3], ["市工信局", "4", "1"]);
    assert_eq!(rows[0][6], "1", "overdue");
    assert_eq!(rows[0][9], "1", "red");
    assert_eq!(rows[4][0], "未明确牵头单位");

    let text = ok(home.path(), &["summary", "sx-shuzi", "--by", "status"]);
    let header = text.lines().position(|l| l.starts_with("状态")).unwrap();
    let labels: Vec<(String, String)> = text
        .lines()
        .skip(header + 1)
        .take(4)
        .map(|l| {
            let mut words = l.split_whitespace();
            (words.next().unwrap().into(), words.next().unwrap().into())
        })
        .collect();
    assert_eq!(
        labels,
        [
            ("未启动", "2"),
            ("推进中", "4"),
            ("已完成", "2"),
            ("受阻", "1")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );

    let csv = ok(
        home.path(),
        &["summary", "sx-shuzi", "--by", "lead", "--format", "csv"],
    );
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "计划编号,计划,牵头单位,里程碑,未启动,推进中,已完成,受阻,逾期,蓝,黄,红,完成率(%),灯"
    );
    assert_eq!(
        lines[1],
        "sx-shuzi,数字经济发展行动计划,市工信局,4,1,2,1,0,1,2,1,1,51.1,黄"
    );
    assert_eq!(lines.len(), 6);
}

#[test]
fn markdown_is_ready_to_paste() {
    let home = home();
    let md = ok(
        home.path(),
        &[
            "summary",
            "sx-shuzi",
            "--format",
            "markdown",
            "--changed-since",
            "2025-06-01",
        ],
    );
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "# 台账汇总（截至 2025-06-30）");
    assert!(lines.contains(&"## 数字经济发展行动计划（sx-shuzi）"));
    assert!(lines.contains(
        &"**合计**：里程碑 9 项；未启动 2、推进中 4、已完成 2、受阻 1；逾期 1 项；蓝灯 4、黄灯 2、红灯 3；完成率 46.0%。"
    ));
    let header = lines
        .iter()
        .position(|l| l.starts_with("| 行动领域 |"))
        .unwrap();
    assert_eq!(
        lines[header],
        "| 行动领域 | 里程碑 | 未启动 | 推进中 | 已完成 | 受阻 | 逾期 | 蓝 | 黄 | 红 | 完成率 | 灯 | 进度 |"
    );
    assert_eq!(
        lines[header + 1],
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
    );
    assert_eq!(
        lines[header + 3],
        "| 加快数字基础设施建设 | 4 | 1 | 1 | 1 | 1 | 1 | 1 | 1 | 2 | 32.4% | 红 | `[###-------]` |"
    );
    assert!(lines.contains(&"### 需关注事项（逾期或红灯）"));
    assert!(
        lines.contains(&"| `m2` | 实现乡镇5G网络全覆盖 | 2025-03-31 | 市工信局 | 红 | 逾期91天 |")
    );
    assert!(lines.contains(&"### 自 2025-06-01 以来的变化"));
    assert!(lines.contains(
        &"| 2025-06-20 15:30 | `m3` | 建成城市算力中心一期 | 状态 推进中 -> 已完成（已通过验收） | 李四 |"
    ));
    // every table row has as many cells as its header
    for line in lines.iter().filter(|l| l.starts_with('|')) {
        assert!(line.ends_with('|'), "{line}");
    }
}

#[test]
fn csv_has_a_bom_a_header_and_a_row_per_area() {
    let home = home();
    // over several plans, `--by area` prints each plan's rows (the default
    // is the roll-up, tests/rollup.rs)
    let output = run_with(
        home.path(),
        &["summary", "--by", "area", "--format", "csv"],
        &[],
    );
    assert!(output.status.success());
    assert_eq!(
        &output.stdout[..3],
        b"\xEF\xBB\xBF",
        "UTF-8 byte-order mark"
    );
    let text = String::from_utf8(output.stdout[3..].to_vec()).unwrap();
    assert!(text.ends_with("\r\n"));
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "计划编号,计划,领域编号,行动领域,里程碑,未启动,推进中,已完成,受阻,逾期,蓝,黄,红,完成率(%),灯"
    );
    let ours: Vec<Vec<&str>> = lines[1..]
        .iter()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[0] == "sx-shuzi")
        .collect();
    assert_eq!(ours.len(), 4);
    assert_eq!(
        ours[1],
        [
            "sx-shuzi",
            "数字经济发展行动计划",
            "a1",
            "加快数字基础设施建设",
            "4",
            "1",
            "1",
            "1",
            "1",
            "1",
            "1",
            "1",
            "2",
            "32.4",
            "红"
        ]
    );
    // the rows add up to the plan's totals
    let mut sum = [0u64; 9];
    for fields in &ours {
        for (i, v) in fields[4..13].iter().enumerate() {
            sum[i] += v.parse::<u64>().unwrap();
        }
    }
    assert_eq!(sum, [9, 2, 4, 2, 1, 1, 4, 2, 3]);
    assert!(
        lines[1..]
            .iter()
            .any(|l| l.starts_with("sx-mini,营商环境优化方案,b1,保障措施,1,"))
    );

    // -o writes the same bytes to a file
    let file = home.path().join("汇总.csv");
    let output = run_with(
        home.path(),
        &[
            "summary",
            "--by",
            "area",
            "--format",
            "csv",
            "-o",
            file.to_str().unwrap(),
        ],
        &[],
    );
    assert!(output.status.success());
    assert!(output.stdout.is_empty());
    assert_eq!(&std::fs::read(&file).unwrap()[..3], b"\xEF\xBB\xBF");
}

#[test]
fn overdue_keeps_the_totals_and_lists_only_overdue() {
    let home = home();
    let doc = json(home.path(), &["sx-shuzi", "--overdue"]);
    let p = plan(&doc, "sx-shuzi");
    assert_eq!(counts(&p["totals"]).0, 9);
    let areas: Vec<&str> = p["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(areas, ["a1"]);
    let leads: Vec<&str> = p["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["unit"].as_str().unwrap())
        .collect();
    assert_eq!(leads, ["市工信局"]);
    let attention: Vec<&str> = p["attention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(attention, ["m2"]);
    let text = ok(home.path(), &["summary", "sx-shuzi", "--overdue"]);
    assert!(text.contains("逾期事项：1 项"), "{text}");
    assert!(!text.contains("推动产业数字化转型"));
}

#[test]
fn changed_since_lists_what_moved() {
    let home = home();
    let doc = json(home.path(), &["sx-shuzi", "--changed-since", "2025-06-01"]);
    assert_eq!(doc["changed_since"], "2025-06-01");
    let changes = plan(&doc, "sx-shuzi")["changes"].as_array().unwrap();
    let moved: Vec<(&str, &str, &str, &str)> = changes
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap(),
                c["field"].as_str().unwrap(),
                c["to"].as_str().unwrap(),
                c["by"].as_str().unwrap(),
            )
        })
        .collect();
    // m3's start (05-10) is before, m6's note (07-02) after the as-of date
    assert_eq!(
        moved,
        [
            ("m1", "value", "5000", "王五"),
            ("m3", "status", "done", "李四"),
            ("m4", "status", "blocked", "李四")
        ]
    );
    let text = ok(
        home.path(),
        &["summary", "sx-shuzi", "--changed-since", "2025-06-01"],
    );
    assert!(text.lines().next().unwrap().ends_with("变化自 2025-06-01"));
    assert!(text.contains("自 2025-06-01 以来的变化：3 条"));
    let line = text
        .lines()
        .find(|l| l.contains("m4") && l.contains("2025-06-25"))
        .unwrap();
    assert!(line.contains("状态 推进中 -> 受阻"), "{line}");
    assert!(line.ends_with("李四"));
    let none = ok(
        home.path(),
        &["summary", "sx-mini", "--changed-since", "2025-06-01"],
    );
    assert!(none.contains("自 2025-06-01 以来的变化：无"));
}

fn fails(home: &Path, args: &[&str]) -> String {
    let output = run_with(home, args, &[]);
    assert!(!output.status.success(), "{args:?} should fail");
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn bad_arguments_are_named() {
    let home = home();
    let err = fails(home.path(), &["summary", "nope"]);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("unknown plan `nope`"), "{err}");
    let err = fails(home.path(), &["summary", "--changed-since", "2025-02-30"]);
    assert!(err.contains("2025-02-30"), "{err}");
    let err = fails(home.path(), &["summary", "--as-of", "30/06/2025"]);
    assert!(err.contains("30/06/2025"), "{err}");
    let err = fails(home.path(), &["summary", "--by", "team"]);
    assert!(err.contains("team"), "{err}");
    let err = fails(home.path(), &["summary", "--format", "pdf"]);
    assert!(err.contains("pdf"), "{err}");
    let err = fails(home.path(), &["export", "--format", "docx"]);
    assert!(err.contains("docx"), "{err}");
}

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
