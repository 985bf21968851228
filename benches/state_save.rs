//! Saving one change to a plan's state: lock, re-read and parse the file,
//! append the change, write a temp file, fsync, keep the `.bak`, rename,
//! fsync the folder, unlock. Run with `cargo bench --bench state_save`.
//!
//! The plan and its state are built here (not read from `plans/`), at the
//! size of the shipped plans and beyond: `milestones` milestones, each with
//! `changes` history entries already saved.

use std::cell::Cell;

use chrono::{DateTime, Duration, FixedOffset};
use taizhang::plan::{Area, Comparator, Milestone, Plan, Span, Target, Task};
use taizhang::state::{Edit, Set, Status, Store};

fn main() {
    divan::main();
}

fn plan(milestones: usize) -> Plan {
    let date = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let tasks = (0..milestones.div_ceil(3))
        .map(|t| Task {
            id: format!("t{t}"),
            number: String::new(),
            title: format!("任务{t}"),
            text: "推进数字基础设施建设，到2025年新开通5G基站1.7万个以上。".repeat(3),
            lead: vec!["市工业和信息化局".into()],
            support: vec![],
            milestones: (0..3)
                .map(|m| Milestone {
                    id: format!("t{t}.m{m}"),
                    title: format!("里程碑{t}.{m}"),
                    due: Some(date("2025-12-31")),
                    target: Some(Target {
                        value: 1000.0,
                        max: None,
                        unit: "个".into(),
                        comparator: Comparator::AtLeast,
                    }),
                    quote: None,
                })
                .collect(),
            tasks: vec![],
        })
        .collect();
    Plan {
        id: "bench".into(),
        title: "基准测试方案".into(),
        issuer: None,
        doc_number: None,
        issued: None,
        span: Span {
            start: date("2024-01-01"),
            end: date("2025-12-31"),
        },
        source: None,
        goals: vec![],
        areas: vec![Area {
            id: "a1".into(),
            number: String::new(),
            title: "领域".into(),
            tasks,
        }],
    }
}

fn start() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2025-01-06T09:00:00+08:00").unwrap()
}

/// A store holding `changes` saved changes per milestone of `plan`.
fn filled(plan: &Plan, changes: usize) -> (tempfile::TempDir, Store) {
    // under the target folder: the same disk the config directory is on
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let store = Store::new(dir.path().join("state"));
    let ids: Vec<String> = plan.milestones().map(|m| m.milestone.id.clone()).collect();
    for round in 0..changes {
        let edits: Vec<Edit> = ids
            .iter()
            .map(|id| {
                let set = match round % 3 {
                    0 => Set::Status([Status::Doing, Status::Blocked][round / 3 % 2]),
                    1 => Set::Value(Some(round as f64 * 10.0)),
                    _ => Set::Note(Some(format!("第{round}次调度：进展顺利，按期推进"))),
                };
                Edit::new(id, set).with_remark(Some("周例会"))
            })
            .collect();
        let at = start() + Duration::days(7 * round as i64);
        store.apply(plan, &edits, "张三", None, at).unwrap();
    }
    (dir, store)
}

/// (milestones, saved changes per milestone): today's shipped plans hold
/// up to ~150 milestones; 6 changes each is a year of quarterly reviews, 24
/// two years of monthly status-and-value updates.
const SIZES: [(usize, usize); 4] = [(150, 0), (150, 6), (150, 24), (450, 24)];

#[divan::bench(args = SIZES, sample_count = 60, sample_size = 1)]
fn save_one_change(bencher: divan::Bencher, (milestones, changes): (usize, usize)) {
    let plan = plan(milestones);
    let (_dir, store) = filled(&plan, changes);
    let counter = Cell::new(0usize);
    bencher.bench_local(|| {
        let n = counter.get();
        counter.set(n + 1);
        let status = [Status::Done, Status::Doing][n % 2];
        let edit = [Edit::new("t1.m1", Set::Status(status))];
        let at = start() + Duration::days(3650) + Duration::seconds(n as i64);
        let (_, recorded) = store.apply(&plan, &edit, "李四", None, at).unwrap();
        assert_eq!(recorded.len(), 1);
    });
}

/// The size of the file at each benchmark size (printed once, for the notes).
#[divan::bench(args = SIZES, sample_count = 1, sample_size = 1)]
fn file_size(bencher: divan::Bencher, (milestones, changes): (usize, usize)) {
    let plan = plan(milestones);
    let (_dir, store) = filled(&plan, changes);
    let bytes = std::fs::metadata(store.path("bench"))
        .map(|m| m.len())
        .unwrap_or(0);
    eprintln!("{milestones} milestones x {changes} changes: {bytes} bytes");
    bencher.bench_local(|| bytes);
}

/// The parts of a save: reading the file back.
#[divan::bench(args = SIZES, sample_count = 20, sample_size = 1)]
fn parse(bencher: divan::Bencher, (milestones, changes): (usize, usize)) {
    let plan = plan(milestones);
    let (_dir, store) = filled(&plan, changes);
    bencher.bench_local(|| store.load("bench").unwrap());
}

/// The parts of a save: writing the text.
#[divan::bench(args = SIZES, sample_count = 20, sample_size = 1)]
fn render(bencher: divan::Bencher, (milestones, changes): (usize, usize)) {
    let plan = plan(milestones);
    let (_dir, store) = filled(&plan, changes);
    let state = store.load("bench").unwrap();
    bencher.bench_local(|| taizhang::state::format::to_text(&state));
}

/// The disk's floor: what any durable save costs here, with no parsing or
/// rendering: write a 1 KiB temp file, fsync it, rename it over the file,
/// fsync the folder.
#[divan::bench(sample_count = 60, sample_size = 1)]
fn fsync_floor(bencher: divan::Bencher) {
    use std::io::Write;
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let path = dir.path().join("floor.yaml");
    bencher.bench_local(|| {
        let mut temp = tempfile::NamedTempFile::new_in(dir.path()).unwrap();
        temp.write_all(&[b'x'; 1024]).unwrap();
        temp.as_file().sync_all().unwrap();
        temp.persist(&path).unwrap();
        std::fs::File::open(dir.path()).unwrap().sync_all().unwrap();
    });
}
