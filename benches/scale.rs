//! A province's worth of plans: 136 county plans of 8 areas × 10 tasks × 3
//! milestones (32,640 milestones), each with a state file holding a year of
//! weekly progress meetings, generated once into a temporary folder the
//! way `examples/gen_plans` writes them. What `taizhang --plans DIR summary`
//! does, phase by phase and whole; a state save at the size of a shipped
//! plan and at 30,000 milestones; start-up to the first frame with four
//! county-sized plans from a folder (the size of the shipped set).
//!
//! cargo bench --bench scale

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use taizhang::cache::states::{self, load_states};
use taizhang::plan::catalog::load_digests;
use taizhang::plan::synthetic::{Shape, county_plan, year_of_history};
use taizhang::plan::{Catalog, Plan};
use taizhang::report::render_rollup;
use taizhang::report::render_text::{self, Style};
use taizhang::report::rollup::{RollupOptions, rollup};
use taizhang::report::summary::{self, GroupBy, Options};
use taizhang::state::{Edit, PlanState, Set, Status, Store};
use taizhang::tui::app::App;
use taizhang::tui::view;

/// As in the binary (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/app.rs"]
mod support;

fn main() {
    divan::main();
}

const PROVINCE: usize = 136;

/// `<tmp>/plans/*.yaml` and `<tmp>/state/*.yaml`, written once per run.
struct Province {
    _dir: tempfile::TempDir,
    plans: PathBuf,
    state: PathBuf,
    /// Filled by one load, so the cached benches start warm.
    cache: PathBuf,
}

fn province() -> &'static Province {
    static PROVINCE_DIR: OnceLock<Province> = OnceLock::new();
    PROVINCE_DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let plans = dir.path().join("plans");
        let state = dir.path().join("state");
        write_plans(&plans, Some(&state), PROVINCE);
        let cache = dir.path().join("cache");
        let catalog = Catalog::load(None, std::slice::from_ref(&plans), Some(&cache)).unwrap();
        let refs: Vec<&Plan> = catalog.plans.iter().map(|p| &p.plan).collect();
        load_states(&Store::new(&state), &refs, Some(&cache)).unwrap();
        // past the granularity of the cache's writing, so the benches see clean stamps
        std::thread::sleep(std::time::Duration::from_millis(2100));
        load_states(&Store::new(&state), &refs, Some(&cache)).unwrap();
        Catalog::load(None, std::slice::from_ref(&plans), Some(&cache)).unwrap();
        load_digests(None, std::slice::from_ref(&plans), Some(&cache)).unwrap();
        Province {
            _dir: dir,
            plans,
            state,
            cache,
        }
    })
}

fn write_plans(plans: &Path, state: Option<&Path>, count: usize) {
    std::fs::create_dir_all(plans).unwrap();
    for index in 0..count {
        let plan = county_plan(index, Shape::COUNTY, 7);
        let text = taizhang::yaml::to_string(&plan).unwrap();
        std::fs::write(plans.join(format!("{}.yaml", plan.id)), text).unwrap();
        if let Some(state) = state {
            std::fs::create_dir_all(state).unwrap();
            let text = taizhang::state::format::to_text(&year_of_history(&plan, 7 ^ index as u64));
            std::fs::write(state.join(format!("{}.yaml", plan.id)), text).unwrap();
        }
    }
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
}

fn catalog(cache: Option<&Path>) -> Catalog {
    let p = province();
    Catalog::load(None, std::slice::from_ref(&p.plans), cache).unwrap()
}

/// Parse and validate the 136 plan files (no cache): the first run's cost.
#[divan::bench(sample_count = 10)]
fn load_plans_yaml(bencher: divan::Bencher) {
    province();
    bencher.bench_local(|| catalog(None));
}

/// The same through a warm cache: every file read and hashed, none parsed.
#[divan::bench(sample_count = 30)]
fn load_plans_cached(bencher: divan::Bencher) {
    let cache = &province().cache;
    bencher.bench_local(|| catalog(Some(cache)));
}

/// The 136 state files, parsed (no cache).
#[divan::bench(sample_count = 10)]
fn load_states_yaml(bencher: divan::Bencher) {
    let catalog = catalog(Some(&province().cache));
    let plans: Vec<&Plan> = catalog.plans.iter().map(|p| &p.plan).collect();
    let store = Store::new(&province().state);
    bencher.bench_local(|| load_states(&store, &plans, None).unwrap());
}

/// The 136 state files through a warm cache.
#[divan::bench(sample_count = 30)]
fn load_states_cached(bencher: divan::Bencher) {
    let catalog = catalog(Some(&province().cache));
    let plans: Vec<&Plan> = catalog.plans.iter().map(|p| &p.plan).collect();
    let store = Store::new(&province().state);
    bencher.bench_local(|| load_states(&store, &plans, Some(&province().cache)).unwrap());
}

fn options() -> Options {
    Options {
        by: GroupBy::Area,
        overdue_only: false,
        changed_since: None,
        rules: config_rules(),
    }
}

fn config_rules() -> taizhang::state::LightRules {
    taizhang::config::Config::defaults().lights.rules()
}

/// The summary of all plans from loaded plans and states, and its text.
#[divan::bench(sample_count = 30)]
fn summarize_and_render(bencher: divan::Bencher) {
    let catalog = catalog(Some(&province().cache));
    let plans: Vec<&Plan> = catalog.plans.iter().map(|p| &p.plan).collect();
    let states = load_states(&Store::new(&province().state), &plans, None).unwrap();
    let pairs: Vec<(&Plan, &PlanState)> = plans.iter().copied().zip(states.iter()).collect();
    bencher.bench_local(|| {
        let summary = summary::summarize(&pairs, as_of(), &options());
        render_text::render(&summary, &Style::plain())
    });
}

/// `taizhang --plans DIR summary` in process, warm cache: load, summarise,
/// render (the printing aside).
#[divan::bench(sample_count = 30)]
fn summary_all_plans_cached(bencher: divan::Bencher) {
    province();
    bencher.bench_local(summary_cached);
}

fn summary_cached() -> String {
    let p = province();
    let catalog = catalog(Some(&p.cache));
    let plans: Vec<&Plan> = catalog.plans.iter().map(|p| &p.plan).collect();
    let states = load_states(&Store::new(&p.state), &plans, Some(&p.cache)).unwrap();
    let pairs: Vec<(&Plan, &PlanState)> = plans.iter().copied().zip(states.iter()).collect();
    render_text::render(
        &summary::summarize(&pairs, as_of(), &options()),
        &Style::plain(),
    )
}

/// The plans' digests through a warm cache (the roll-up's first phase):
/// every file stat-ed, no plan decoded.
#[divan::bench(sample_count = 30)]
fn rollup_plan_digests_cached(bencher: divan::Bencher) {
    let p = province();
    bencher.bench_local(|| {
        load_digests(None, std::slice::from_ref(&p.plans), Some(&p.cache)).unwrap()
    });
}

/// The states' digests through a warm cache.
#[divan::bench(sample_count = 30)]
fn rollup_state_digests_cached(bencher: divan::Bencher) {
    let p = province();
    let (digests, _) = load_digests(None, std::slice::from_ref(&p.plans), Some(&p.cache)).unwrap();
    let ids: Vec<&str> = digests.iter().map(|d| d.id.as_str()).collect();
    let store = Store::new(&p.state);
    bencher.bench_local(|| states::load_digests(&store, &ids, Some(&p.cache)).unwrap());
}

/// What `taizhang summary` shows over several plans: the 20 most overdue.
fn rollup_options() -> RollupOptions {
    RollupOptions {
        limit: Some(20),
        ..RollupOptions::default()
    }
}

/// The roll-up from the digests, and its text.
#[divan::bench(sample_count = 30)]
fn rollup_compute_and_render(bencher: divan::Bencher) {
    let p = province();
    let (digests, _) = load_digests(None, std::slice::from_ref(&p.plans), Some(&p.cache)).unwrap();
    let ids: Vec<&str> = digests.iter().map(|d| d.id.as_str()).collect();
    let saved = states::load_digests(&Store::new(&p.state), &ids, Some(&p.cache)).unwrap();
    let pairs: Vec<_> = digests.iter().zip(saved.iter()).collect();
    bencher.bench_local(|| {
        let rolled = rollup(&pairs, as_of(), &rollup_options());
        render_rollup::text(&rolled, &Style::plain())
    });
}

/// `taizhang --plans DIR summary` (the roll-up) in process, warm cache.
#[divan::bench(sample_count = 30)]
fn rollup_all_plans_cached(bencher: divan::Bencher) {
    let p = province();
    bencher.bench_local(|| {
        let (digests, _) =
            load_digests(None, std::slice::from_ref(&p.plans), Some(&p.cache)).unwrap();
        let ids: Vec<&str> = digests.iter().map(|d| d.id.as_str()).collect();
        let saved = states::load_digests(&Store::new(&p.state), &ids, Some(&p.cache)).unwrap();
        let pairs: Vec<_> = digests.iter().zip(saved.iter()).collect();
        let rolled = rollup(&pairs, as_of(), &rollup_options());
        render_rollup::text(&rolled, &Style::plain())
    });
}

/// 8 areas × 1,250 tasks × 3 milestones = 30,000 milestones.
const HUGE: Shape = Shape {
    areas: 8,
    tasks_per_area: 1250,
    milestones_per_task: 3,
};

/// One `Store::apply` (what `mark` and a key in the app do): lock, re-read
/// the file, append, write a temp file, fsync, rename, fsync the folder.
fn bench_save(bencher: divan::Bencher, plan: &Plan, state: &PlanState) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let text = taizhang::state::format::to_text(state);
    std::fs::write(store.path(&plan.id), text).unwrap();
    let ids: Vec<String> = plan.milestones().map(|m| m.milestone.id.clone()).collect();
    let mut n = 0usize;
    let now = DateTime::parse_from_rfc3339("2025-06-30T10:00:00+08:00").unwrap();
    bencher.bench_local(|| {
        n += 1;
        let status = if n.is_multiple_of(2) {
            Status::Doing
        } else {
            Status::Done
        };
        let edit = Edit::new(&ids[n % ids.len()], Set::Status(status));
        store.apply(plan, &[edit], "bench", None, now).unwrap()
    });
}

/// A state save at the size of a shipped plan: 240 milestones, a year of
/// history (≈200 changes).
#[divan::bench(sample_count = 50)]
fn state_save_county(bencher: divan::Bencher) {
    let plan = county_plan(0, Shape::COUNTY, 7);
    let state = year_of_history(&plan, 7);
    bench_save(bencher, &plan, &state);
}

/// A state save on a plan of 30,000 milestones whose history is 125 times
/// a county's (a year of meetings on each 240-milestone stretch).
#[divan::bench(sample_count = 10)]
fn state_save_30k(bencher: divan::Bencher) {
    let plan = county_plan(0, HUGE, 7);
    let county = county_plan(0, Shape::COUNTY, 7);
    let mut state = PlanState::new(&plan.id);
    for chunk in 0..125 {
        // a county's year on milestones t1.m1…t80.m3, moved to t(80k+1)…
        for (id, milestone) in year_of_history(&county, chunk as u64).milestones {
            let (task, rest) = id.trim_start_matches('t').split_once('.').unwrap();
            let task: usize = task.parse().unwrap();
            let id = format!("t{}.{rest}", task + chunk * 80);
            state.milestones.insert(id, milestone);
        }
    }
    bench_save(bencher, &plan, &state);
}

/// Start-up to the first frame with four county-sized plans (960
/// milestones) from a plans folder through a warm cache: catalog, state,
/// app, first frame.
#[divan::bench(sample_count = 50)]
fn startup_to_first_frame_four_county_plans(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    let state = dir.path().join("state");
    write_plans(&plans, Some(&state), 4);
    let cache = dir.path().join("cache");
    let dirs = [plans];
    Catalog::load(None, &dirs, Some(&cache)).unwrap();
    bencher.bench_local(|| {
        let catalog = Catalog::load(None, &dirs, Some(&cache)).unwrap();
        let plans: Vec<Plan> = catalog.plans.into_iter().map(|p| p.plan).collect();
        let store = Store::new(&state);
        let saved = store.load(&plans[0].id).unwrap();
        let mut app = support::app(plans, saved, store);
        let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
        terminal.draw(|f| view::draw(f, &mut app)).unwrap();
    });
}

/// The app over the province (136 plans), on the first plan, its picker
/// reading states through `cache` or parsing them all.
fn province_app(cache: Option<&Path>) -> App {
    let plans: Vec<Plan> = catalog(Some(&province().cache))
        .plans
        .into_iter()
        .map(|p| p.plan)
        .collect();
    let store = Store::new(&province().state);
    let saved = store.load(&plans[0].id).unwrap();
    let mut app = support::app(plans, saved, store);
    app.cache = cache.map(Path::to_path_buf);
    app
}

/// `P` in the app: the plan picker's roll-up of 136 plans, the states
/// through a warm cache (as the app runs it).
#[divan::bench(sample_count = 30)]
fn plan_picker_cached(bencher: divan::Bencher) {
    let app = province_app(Some(&province().cache));
    bencher.bench_local(|| taizhang::tui::update::plan_picker(&app));
}

/// The same with every state parsed (as before the app had the cache).
#[divan::bench(sample_count = 10)]
fn plan_picker_parsing_every_state(bencher: divan::Bencher) {
    let app = province_app(None);
    bencher.bench_local(|| taizhang::tui::update::plan_picker(&app));
}
