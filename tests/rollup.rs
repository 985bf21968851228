//! `taizhang summary` over several plans, through the real binary: one row
//! per plan with the numbers of each plan's own summary, ranked by
//! `--sort`, the province totals, the attention list capped by `--limit`
//! (all with `--all`), lead units across plans with `--by lead`, and the
//! same numbers in text, Markdown, CSV and JSON.

use serde_json::Value;
mod common;

use common::province::Province;

impl Province {
    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["summary", "--format", "json"];
        all.extend(args);
        serde_json::from_str(&self.ok(&all)).unwrap()
    }
}

fn ids(rows: &Value) -> Vec<String> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn each_row_is_the_plan_s_own_summary_and_the_totals_their_sum() {
    let province = Province::new(5, 5);
    let all = province.json(&["--sort", "id", "--all"]);
    let rows = all["plans"].as_array().unwrap();
    assert_eq!(rows.len(), 9, "5 generated, 4 shipped");
    let mut sum = [0u64; 9];
    let mut attention = 0;
    for row in rows {
        let id = row["id"].as_str().unwrap();
        let own = province.json(&[id]);
        let plan = &own["plans"][0];
        assert_eq!(row["totals"], plan["totals"], "{id}");
        assert_eq!(row["title"], plan["title"]);
        for (i, key) in [
            "milestones",
            "todo",
            "doing",
            "done",
            "blocked",
            "overdue",
            "blue",
            "yellow",
            "red",
        ]
        .iter()
        .enumerate()
        {
            sum[i] += plan["totals"][key].as_u64().unwrap();
        }
        // the plan's attention items, in its own order
        let theirs: Vec<&Value> = plan["attention"].as_array().unwrap().iter().collect();
        let ours: Vec<&Value> = all["attention"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["plan"] == id)
            .collect();
        assert_eq!(ours.len(), theirs.len(), "{id}");
        for (a, b) in ours.iter().zip(&theirs) {
            for key in [
                "id",
                "title",
                "due",
                "lead",
                "status",
                "light",
                "days_overdue",
            ] {
                assert_eq!(a[key], b[key], "{id} {key}");
            }
        }
        attention += theirs.len();
    }
    let totals = &all["totals"];
    assert_eq!(totals["milestones"].as_u64(), Some(sum[0]));
    assert_eq!(totals["done"].as_u64(), Some(sum[3]));
    assert_eq!(totals["overdue"].as_u64(), Some(sum[5]));
    assert_eq!(totals["red"].as_u64(), Some(sum[8]));
    assert_eq!(all["attention_total"].as_u64(), Some(attention as u64));
    assert!(attention > 20, "enough to cap");
}

#[test]
fn the_attention_list_is_capped_and_the_rows_ranked() {
    let province = Province::new(6, 5);
    let all = province.json(&["--all"]);
    let capped = province.json(&[]);
    let three = province.json(&["--limit", "3"]);
    let total = all["attention_total"].as_u64().unwrap();
    assert_eq!(capped["attention_total"].as_u64(), Some(total));
    assert_eq!(capped["attention"].as_array().unwrap().len(), 20, "default");
    assert_eq!(three["attention"].as_array().unwrap().len(), 3);
    assert_eq!(
        three["attention"].as_array().unwrap()[..],
        all["attention"].as_array().unwrap()[..3]
    );
    let dues: Vec<&str> = all["attention"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["due"].as_str())
        .collect();
    assert!(dues.windows(2).all(|w| w[0] <= w[1]), "most overdue first");

    // ranked: the least done first, the most red first, by id
    let percent: Vec<f64> = capped["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["totals"]["percent"].as_f64().unwrap())
        .collect();
    assert!(percent.windows(2).all(|w| w[0] <= w[1]), "{percent:?}");
    let red = province.json(&["--sort", "red"]);
    let reds: Vec<u64> = red["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["totals"]["red"].as_u64().unwrap())
        .collect();
    assert!(reds.windows(2).all(|w| w[0] >= w[1]), "{reds:?}");
    let by_id = ids(&province.json(&["--sort", "id"])["plans"]);
    let mut sorted = by_id.clone();
    sorted.sort();
    assert_eq!(by_id, sorted);
    assert_ne!(ids(&capped["plans"]), by_id);

    // the text says how many there are and shows the first 3, ranked
    let text = province.ok(&["summary", "--limit", "3"]);
    assert!(
        text.contains(&format!(
            "需关注（逾期或红灯）：共 {total} 项，列出逾期最久的 3 项（--all 列出全部）"
        )),
        "{text}"
    );
    let first_item = all["attention"][0]["id"].as_str().unwrap();
    assert!(text.lines().any(|l| l.contains(first_item)));
    let first_plan = &ids(&capped["plans"])[0];
    let ranked = text
        .lines()
        .find(|l| l.trim_start().starts_with("1  "))
        .unwrap();
    assert!(ranked.contains(first_plan.as_str()), "{ranked}");
    // every plan row once; after the attention heading, its table's
    // heading and the 3 rows asked for
    let ranks = text
        .lines()
        .filter(|l| l.starts_with(' ') && l.contains("  county-"))
        .count();
    assert_eq!(ranks, 6);
    let after: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("需关注"))
        .collect();
    assert_eq!(after.len(), 1 + 1 + 3, "{after:?}");
}

#[test]
fn every_format_carries_the_same_numbers() {
    let province = Province::new(4, 5);
    let json = province.json(&["--sort", "red"]);
    let rows = json["plans"].as_array().unwrap();
    let csv = province.ok(&["summary", "--sort", "red", "--format", "csv"]);
    let csv = csv.strip_prefix('\u{feff}').unwrap();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "编号,计划,里程碑,已完成,逾期,红,完成率(%),灯");
    let md = province.ok(&["summary", "--sort", "red", "--format", "markdown"]);
    let md_rows: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| 排名") && !l.starts_with("| 计划"))
        .collect();
    let text = province.ok(&["summary", "--sort", "red"]);
    assert_eq!(lines.len() - 1, rows.len());
    for (rank, row) in rows.iter().enumerate() {
        let t = &row["totals"];
        let light = match row["light"].as_str().unwrap() {
            "blue" => "蓝",
            "yellow" => "黄",
            _ => "红",
        };
        let figures = [
            t["milestones"].to_string(),
            t["done"].to_string(),
            t["overdue"].to_string(),
            t["red"].to_string(),
            format!("{:.1}", t["percent"].as_f64().unwrap()),
            light.to_string(),
        ];
        let id = row["id"].as_str().unwrap();
        let fields: Vec<&str> = lines[rank + 1].split(',').collect();
        assert_eq!(fields[0], id);
        assert_eq!(
            fields[2..],
            figures.iter().map(String::as_str).collect::<Vec<_>>()[..]
        );
        let cells: Vec<&str> = md_rows[rank]
            .trim_matches('|')
            .split(" | ")
            .map(str::trim)
            .collect();
        assert_eq!(cells[0], (rank + 1).to_string());
        assert_eq!(cells[1], id);
        let mut percent = figures.clone();
        percent[4].push('%');
        assert_eq!(
            cells[3..],
            percent.iter().map(String::as_str).collect::<Vec<_>>()[..]
        );
        let line = text
            .lines()
            .find(|l| l.contains(&format!("  {id}  ")))
            .unwrap();
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[0], (rank + 1).to_string());
        assert_eq!(
            words[3..9],
            percent.iter().map(String::as_str).collect::<Vec<_>>()[..],
            "{line}"
        );
    }
    // the province's totals, in text as in JSON
    let t = &json["totals"];
    assert!(text.contains(&format!(
        "合计：里程碑 {}  未启动 {}  推进中 {}  已完成 {}  受阻 {}  逾期 {}",
        t["milestones"], t["todo"], t["doing"], t["done"], t["blocked"], t["overdue"]
    )));
}

#[test]
fn by_lead_groups_units_across_plans() {
    let province = Province::new(3, 5);
    let json = province.json(&["--by", "lead", "--sort", "id"]);
    let leads = json["leads"].as_array().unwrap();
    // each unit's totals: the sum of its rows in each plan's own summary
    let mut expected: std::collections::BTreeMap<String, (u64, u64, u64)> = Default::default();
    for id in ids(&json["plans"]) {
        let own = province.json(&[&id, "--by", "lead"]);
        for lead in own["plans"][0]["leads"].as_array().unwrap() {
            let e = expected
                .entry(lead["unit"].as_str().unwrap().into())
                .or_default();
            e.0 += 1;
            e.1 += lead["totals"]["milestones"].as_u64().unwrap();
            e.2 += lead["totals"]["red"].as_u64().unwrap();
        }
    }
    assert_eq!(leads.len(), expected.len());
    for lead in leads {
        let unit = lead["unit"].as_str().unwrap();
        let counted = (
            lead["plans"].as_u64().unwrap(),
            lead["totals"]["milestones"].as_u64().unwrap(),
            lead["totals"]["red"].as_u64().unwrap(),
        );
        assert_eq!(counted, expected[unit], "{unit}");
    }
    assert!(
        leads.iter().any(|l| l["plans"].as_u64().unwrap() == 3),
        "a county unit in all three"
    );
    let text = province.ok(&["summary", "--by", "lead"]);
    assert!(
        text.contains("牵头单位") && text.contains("计划数"),
        "{text}"
    );
}

#[test]
fn one_named_plan_keeps_its_own_summary_and_an_unknown_one_is_named() {
    let province = Province::new(2, 5);
    let one = province.json(&["county-0001"]);
    assert!(one["plans"][0]["areas"].is_array(), "the plan's own tables");
    assert!(one.get("attention_total").is_none());
    let two = province.json(&["county-0001", "county-0002"]);
    assert_eq!(ids(&two["plans"]).len(), 2);
    assert!(two["attention_total"].is_u64());
    let output = province.run(&["summary", "county-0001", "nope"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown plan `nope`"), "{stderr}");
}
