//! Write N synthetic county plans in the real format (8 areas × 10 tasks ×
//! 3 milestones each), and with `--state` a state file per plan with a year
//! of history, so that `taizhang --plans DIR …` works on them. `--shape
//! AxTxM` makes plans of A areas × T tasks × M milestones instead (e.g.
//! `8x1250x3`: one plan of 30,000 milestones for the TUI's figures).
//!
//! cargo run --release --example gen_plans -- --plans 136 --out /tmp/province [--seed 7] [--state] [--shape 8x10x3]

use std::path::PathBuf;
use std::process::ExitCode;

use taizhang::plan::synthetic::{Shape, county_plan, year_of_history};

fn main() -> ExitCode {
    let mut count = None;
    let mut out = None;
    let mut seed = 7u64;
    let mut with_state = false;
    let mut shape = Shape::COUNTY;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--plans" => count = args.next().and_then(|v| v.parse::<usize>().ok()),
            "--out" => out = args.next().map(PathBuf::from),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(seed),
            "--state" => with_state = true,
            "--shape" => match args.next().as_deref().and_then(parse_shape) {
                Some(parsed) => shape = parsed,
                None => {
                    eprintln!("gen_plans: --shape takes AREASxTASKSxMILESTONES, e.g. 8x10x3");
                    return ExitCode::from(2);
                }
            },
            _ => {
                eprintln!("gen_plans: unknown argument `{arg}`");
                return ExitCode::from(2);
            }
        }
    }
    let (Some(count), Some(out)) = (count, out) else {
        eprintln!("usage: gen_plans --plans N --out DIR [--seed S] [--state] [--shape AxTxM]");
        return ExitCode::from(2);
    };
    let plans_dir = out.join("plans");
    let state_dir = out.join("home").join("state");
    std::fs::create_dir_all(&plans_dir).expect("create the plans folder");
    if with_state {
        std::fs::create_dir_all(&state_dir).expect("create the state folder");
    }
    for index in 0..count {
        let plan = county_plan(index, shape, seed);
        let text = taizhang::yaml::to_string(&plan).expect("plans serialise");
        std::fs::write(plans_dir.join(format!("{}.yaml", plan.id)), text).expect("write a plan");
        if with_state {
            let state = year_of_history(&plan, seed ^ index as u64);
            let text = taizhang::state::format::to_text(&state);
            std::fs::write(state_dir.join(format!("{}.yaml", plan.id)), text)
                .expect("write a state file");
        }
    }
    println!(
        "wrote {count} plans to {}{}",
        plans_dir.display(),
        if with_state {
            format!(
                " and their state to {} (use TAIZHANG_HOME={})",
                state_dir.display(),
                out.join("home").display()
            )
        } else {
            String::new()
        }
    );
    ExitCode::SUCCESS
}

/// `8x10x3` → 8 areas × 10 tasks × 3 milestones (none of them zero).
fn parse_shape(text: &str) -> Option<Shape> {
    let parts: Vec<usize> = text
        .split('x')
        .map(|p| p.parse().ok().filter(|&n| n > 0))
        .collect::<Option<_>>()?;
    let [areas, tasks_per_area, milestones_per_task] = parts[..] else {
        return None;
    };
    Some(Shape {
        areas,
        tasks_per_area,
        milestones_per_task,
    })
}
