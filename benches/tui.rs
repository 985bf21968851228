//! The terminal UI's speed: one keystroke handled and the frame drawn on a
//! plan of 30,000 milestones, and start-up to the first frame with the
//! shipped plans. Drawn on ratatui's TestBackend at 160×45, which does the
//! same layout and cell work as a real terminal minus the final write.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use taizhang::plan::synthetic::{Shape, county_plan};
use taizhang::plan::{Catalog, Plan};
use taizhang::state::{PlanState, Store};
use taizhang::tui::app::App;
use taizhang::tui::keymap::Key;
use taizhang::tui::{update, view};

#[path = "support/app.rs"]
mod support;

fn main() {
    divan::main();
}

/// The app on the first of `plans`, nothing saved yet.
fn app(plans: Vec<Plan>, store: Store) -> App {
    let state = PlanState::new(&plans[0].id);
    support::app(plans, state, store)
}

/// 8 areas × 1,250 tasks × 3 milestones = 30,000 milestones.
const HUGE: Shape = Shape {
    areas: 8,
    tasks_per_area: 1250,
    milestones_per_task: 3,
};

#[divan::bench(sample_count = 200)]
fn keystroke_and_frame_30k(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(vec![county_plan(0, HUGE, 1)], Store::new(dir.path()));
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
    terminal.draw(|f| view::draw(f, &mut app)).unwrap();
    update::handle_key(
        &mut app,
        Key {
            code: KeyCode::Char('2'),
            ctrl: false,
        },
    );
    let mut down = true;
    bencher.bench_local(|| {
        // alternate j/k so the selection stays in the middle of a long area
        let c = if down { 'j' } else { 'k' };
        down = !down;
        update::handle_key(
            &mut app,
            Key {
                code: KeyCode::Char(c),
                ctrl: false,
            },
        );
        terminal.draw(|f| view::draw(f, &mut app)).unwrap();
    });
}

#[divan::bench(sample_count = 100)]
fn jump_area_and_frame_30k(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(vec![county_plan(0, HUGE, 1)], Store::new(dir.path()));
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
    let mut area = 0;
    bencher.bench_local(|| {
        // switching area rebuilds the 3,750-row tree of the new area
        area = area % 8 + 1;
        let digit = char::from_digit(area, 10).unwrap();
        update::handle_key(
            &mut app,
            Key {
                code: KeyCode::Char(digit),
                ctrl: false,
            },
        );
        terminal.draw(|f| view::draw(f, &mut app)).unwrap();
    });
}

#[divan::bench(sample_count = 100)]
fn startup_to_first_frame_shipped(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().unwrap();
    bencher.bench_local(|| {
        let catalog = Catalog::load(None, &[], None).unwrap();
        let plans: Vec<Plan> = catalog.plans.into_iter().map(|p| p.plan).collect();
        let store = Store::new(dir.path());
        let mut app = app(plans, store);
        let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
        terminal.draw(|f| view::draw(f, &mut app)).unwrap();
    });
}
