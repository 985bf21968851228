//! The milestones `taizhang --plans DIR` sees (the shipped plans and those
//! of DIR) as Taskwarrior tasks, one JSON object a
//! line for `task import`, so that `bench/compare.sh` times both tools on
//! the same milestones: one task per milestone, project `<plan>.<area>`
//! (one project per plan area; goals under `<plan>.goals`), the due date,
//! task title, milestone, target and lead unit in the description, status
//! done → completed, blocked and doing → pending with a tag, and each
//! change of the milestone's history as an annotation (a year of weekly
//! meetings on a county plan is about 200 of them).
//!
//! cargo run --release --example taskwarrior_export -- PLANS_DIR STATE_DIR > tasks.json

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde_json::{Value, json};
use taizhang::plan::Catalog;
use taizhang::state::{PlanState, Status, Store};

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [plans_dir, state_dir] = args.as_slice() else {
        eprintln!("usage: taskwarrior_export PLANS_DIR STATE_DIR > tasks.json");
        return ExitCode::from(2);
    };
    let catalog = match Catalog::load(None, std::slice::from_ref(plans_dir), None) {
        Ok(catalog) => catalog,
        Err(err) => {
            eprintln!("taskwarrior_export: {err}");
            return ExitCode::FAILURE;
        }
    };
    let store = Store::new(state_dir);
    let entry = DateTime::parse_from_rfc3339("2024-01-01T09:00:00+08:00").expect("valid time");
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut count = 0usize;
    for loaded in &catalog.plans {
        let plan = &loaded.plan;
        let state = match store.load(&plan.id) {
            Ok(state) => state,
            Err(err) => {
                eprintln!("taskwarrior_export: {err}");
                return ExitCode::FAILURE;
            }
        };
        for m in plan.milestones() {
            let area = m.area.map_or("goals", |a| a.id.as_str());
            let task = task_json(&plan.id, area, &m, &state, entry);
            serde_json::to_writer(&mut out, &task).expect("write to stdout");
            out.write_all(b"\n").expect("write to stdout");
            count += 1;
        }
    }
    out.flush().expect("write to stdout");
    eprintln!("taskwarrior_export: {count} tasks");
    ExitCode::SUCCESS
}

fn task_json(
    plan: &str,
    area: &str,
    m: &taizhang::plan::MilestoneRef<'_>,
    state: &PlanState,
    entry: DateTime<FixedOffset>,
) -> Value {
    let milestone = m.milestone;
    let saved = state.get(&milestone.id);
    let task_title = m.task.map_or("", |t| t.title.as_str());
    let lead = m.lead().join("、");
    let mut description = format!("{} {}", task_title, milestone.title);
    if let Some(target) = &milestone.target {
        description.push_str(&format!(" {}", target.describe()));
    }
    if !lead.is_empty() {
        description.push_str(&format!("（{lead}）"));
    }
    let mut task = json!({
        "uuid": uuid_for(plan, &milestone.id),
        "description": description,
        "project": format!("{plan}.{area}"),
        "entry": tw_time(entry),
        "status": if saved.status == Status::Done { "completed" } else { "pending" },
    });
    if let Some(due) = milestone.due {
        task["due"] = Value::String(tw_date(due));
    }
    match saved.status {
        Status::Blocked => task["tags"] = json!(["blocked"]),
        Status::Doing => task["tags"] = json!(["doing"]),
        Status::Done => {
            let end = saved.updated.unwrap_or(entry);
            task["end"] = Value::String(tw_time(end));
        }
        Status::Todo => {}
    }
    let annotations: Vec<Value> = saved
        .history
        .iter()
        .map(|change| {
            json!({
                "entry": tw_time(change.at),
                "description": format!(
                    "{} {} -> {} ({})",
                    change.field.as_str(),
                    change.from.as_deref().unwrap_or("-"),
                    change.to.as_deref().unwrap_or("-"),
                    change.by
                ),
            })
        })
        .collect();
    if !annotations.is_empty() {
        task["annotations"] = Value::Array(annotations);
    }
    task
}

/// A stable UUID-shaped id per milestone, so re-imports update, not add.
fn uuid_for(plan: &str, milestone: &str) -> String {
    let key = format!("{plan}/{milestone}");
    let a = taizhang::plan::cache::hash(key.as_bytes());
    let b = taizhang::plan::cache::hash(format!("{key}#").as_bytes());
    let hex = format!("{a:016x}{b:016x}");
    format!(
        "{}-{}-4{}-8{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

fn tw_time(time: DateTime<FixedOffset>) -> String {
    time.with_timezone(&Utc)
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

fn tw_date(date: NaiveDate) -> String {
    date.format("%Y%m%dT000000Z").to_string()
}
