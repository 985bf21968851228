//! The report tests' county: one generated county plan with a year of
//! history, judged as of the end of 2024.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;

use taizhang::plan::Plan;
use taizhang::plan::synthetic::{Shape, county_plan, year_of_history};
use taizhang::state::PlanState;

use super::Home;

pub const AS_OF: &str = "2024-12-31";
pub const PLAN: &str = "county-0001";

/// A home with one generated county plan and its year of history.
pub fn county() -> (Home, Plan, PlanState) {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    std::fs::create_dir_all(dir.path().join("state")).unwrap();
    let (plan, state) = write_generated(&plans, &dir.path().join("state"), 0, Shape::COUNTY, 7, 7);
    (Home { dir, plans }, plan, state)
}

/// Generated county plan `index` (drawn from `plan_seed`) in `plans`, and
/// its year of history (drawn from `history_seed`) in `state`.
pub fn write_generated(
    plans: &Path,
    state: &Path,
    index: usize,
    shape: Shape,
    plan_seed: u64,
    history_seed: u64,
) -> (Plan, PlanState) {
    let plan = county_plan(index, shape, plan_seed);
    let history = year_of_history(&plan, history_seed);
    std::fs::write(
        plans.join(format!("{}.yaml", plan.id)),
        taizhang::yaml::to_string(&plan).unwrap(),
    )
    .unwrap();
    std::fs::write(
        state.join(format!("{}.yaml", plan.id)),
        taizhang::state::format::to_text(&history),
    )
    .unwrap();
    (plan, history)
}

/// Whether `program` is installed.
pub fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Every file of a zip (docx, xlsx) by name.
pub fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
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
