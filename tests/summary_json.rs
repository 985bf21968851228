//! `taizhang summary --format json` and `export --format json` on the
//! summary fixture (tests/common/summary.rs has its marks).

use serde_json::Value;

mod common;

use common::summary::*;

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
