//! Review sessions at the update level: the queue walked one key at a time,
//! decisions saved with the session id, skip, back, undo, the record and
//! the summary.

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;
use taizhang::config::{Config, Locale};
use taizhang::plan::synthetic::{Shape, county_plan};
use taizhang::review::{Scope, SessionStore};
use taizhang::state::{PlanState, Status, Store};
use taizhang::tui::app::{App, Setup};
use taizhang::tui::keymap::{Key, KeyMap};
use taizhang::tui::labels::Labels;
use taizhang::tui::review;
use taizhang::tui::theme::Theme;
use taizhang::tui::update::handle_key;

fn app(dir: &std::path::Path) -> App {
    let shape = Shape {
        areas: 2,
        tasks_per_area: 2,
        milestones_per_task: 2,
    };
    let plans = vec![county_plan(0, shape, 11)];
    let config = Config::defaults();
    App::new(Setup {
        state: PlanState::new(&plans[0].id),
        plans,
        plan_index: 0,
        as_of: NaiveDate::from_ymd_opt(2024, 6, 30).unwrap(),
        rules: taizhang::state::LightRules::default(),
        keymap: KeyMap::from_config(&config.keys).unwrap(),
        labels: Labels { locale: Locale::En },
        theme: Theme::new(&config.colors, false),
        store: Store::new(dir.join("state")),
        reviewer: "chair".into(),
        sync: None,
    })
}

fn key(app: &mut App, code: KeyCode) {
    handle_key(app, Key { code, ctrl: false });
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn position(app: &App) -> usize {
    app.review.as_ref().unwrap().record.position
}

#[test]
fn decide_skip_back_undo_and_end() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    review::start(
        &mut app,
        Scope {
            area: Some(1),
            ..Scope::default()
        },
        false,
    )
    .unwrap();
    let queue = app.review.as_ref().unwrap().record.queue.clone();
    assert_eq!(queue, vec!["t1.m1", "t1.m2", "t2.m1", "t2.m2"]);
    let session = app.review.as_ref().unwrap().record.id.clone();

    press(&mut app, "d"); // t1.m1 done, on to t1.m2
    assert_eq!(position(&app), 1);
    assert_eq!(app.state.get("t1.m1").status, Status::Done);
    assert_eq!(
        app.state.get("t1.m1").history[0].session.as_deref(),
        Some(session.as_str())
    );
    key(&mut app, KeyCode::Char(' ')); // skip t1.m2
    assert_eq!(position(&app), 2);
    key(&mut app, KeyCode::Left); // back to t1.m2
    assert_eq!(position(&app), 1);
    press(&mut app, "p"); // t1.m2 doing
    assert_eq!(app.state.get("t1.m2").status, Status::Doing);
    // v and e stay on the milestone
    press(&mut app, "v42");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.state.get("t2.m1").value, Some(42.0));
    assert_eq!(position(&app), 2);
    press(&mut app, "b"); // t2.m1 blocked
    // u undoes the last decision and goes back to it
    press(&mut app, "u");
    assert_eq!(app.state.get("t2.m1").status, Status::Todo);
    assert_eq!(position(&app), 2);
    key(&mut app, KeyCode::Right); // skip t2.m1
    press(&mut app, "q"); // end
    let run = app.review.as_ref().unwrap();
    let summary = run.summary.as_ref().expect("the summary is showing");
    assert_eq!(summary.changed, 3); // t1.m1, t1.m2, t2.m1 (value and undone status)
    // t1.m1, t1.m2, t2.m1: t2.m2, where the session stopped, was only shown
    assert_eq!(summary.reviewed, 3);
    assert_eq!(summary.by_status.get(&Status::Done), Some(&1));
    assert_eq!(summary.by_status.get(&Status::Doing), Some(&1));

    // the record on disk: scope, reviewer, start and end
    let sessions = SessionStore::new(&dir.path().join("state"));
    let record = sessions.load(&app.plan().id, &session).unwrap();
    assert_eq!(record.scope.area, Some(1));
    assert_eq!(record.reviewer, "chair");
    assert!(record.ended.is_some());
    // any key closes the summary and returns to the main screen
    press(&mut app, "x");
    assert!(app.review.is_none());
    assert!(!app.quit);
}

#[test]
fn deciding_the_last_one_ends_the_session_and_a_cli_session_exits() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    review::start(
        &mut app,
        Scope {
            area: Some(2),
            ..Scope::default()
        },
        true,
    )
    .unwrap();
    press(&mut app, "dddd");
    assert!(app.review.as_ref().unwrap().summary.is_some());
    press(&mut app, " ");
    assert!(app.quit);
}

#[test]
fn an_interrupted_session_resumes_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    review::start(&mut app, Scope::default(), true).unwrap();
    press(&mut app, "dp");
    let id = app.review.as_ref().unwrap().record.id.clone();
    drop(app); // the terminal died: no end recorded
    let sessions = SessionStore::new(&dir.path().join("state"));
    let plan_id = county_plan(
        0,
        Shape {
            areas: 2,
            tasks_per_area: 2,
            milestones_per_task: 2,
        },
        11,
    )
    .id;
    let record = sessions.latest_unfinished(&[plan_id.as_str()]).unwrap();
    assert_eq!(record.id, id);
    assert_eq!(record.position, 2);
    let mut again = self::app(dir.path());
    review::resume(&mut again, record, true).unwrap();
    assert_eq!(again.review.as_ref().unwrap().current(), Some("t2.m1"));
    press(&mut again, "b");
    assert_eq!(
        again.state.get("t2.m1").history[0].session.as_deref(),
        Some(id.as_str())
    );
}

#[test]
fn r_in_the_app_reviews_the_selected_area_or_the_lead_filter() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    press(&mut app, "2r");
    let record = &app.review.as_ref().unwrap().record;
    assert_eq!(record.scope.area, Some(2));
    assert_eq!(record.queue[0], "t3.m1");
    press(&mut app, "q ");
    assert!(app.review.is_none());
    press(&mut app, "f2r");
    let record = &app.review.as_ref().unwrap().record;
    assert!(record.scope.lead.is_some());
    assert_eq!(record.scope.area, None);
}

#[test]
fn four_decisions_then_q_count_four_and_opening_and_quitting_counts_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    review::start(&mut app, Scope::default(), false).unwrap();
    assert!(app.review.as_ref().unwrap().record.queue.len() > 5);
    press(&mut app, "dpbd");
    press(&mut app, "q");
    let summary = app.review.as_ref().unwrap().summary.clone().unwrap();
    assert_eq!((summary.reviewed, summary.changed), (4, 4));
    press(&mut app, " ");

    review::start(&mut app, Scope::default(), false).unwrap();
    press(&mut app, "q");
    let summary = app.review.as_ref().unwrap().summary.clone().unwrap();
    assert_eq!(
        (summary.reviewed, summary.changed, summary.skipped),
        (0, 0, 0)
    );
    let text = summary.lines(false).join("\n");
    assert!(text.contains("reviewed 0  changed 0"), "{text}");
}
