//! Key handling and state transitions of the app, with no terminal: keys go
//! through the same key map and `update` the app uses.

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;
use taizhang::config::{Config, Locale};
use taizhang::plan::synthetic::{Shape, county_plan};
use taizhang::report::rollup::SortBy;
use taizhang::state::{Status, Store};
use taizhang::tui::app::{App, ChooserPurpose, Mode, Pane, Row, Setup};
use taizhang::tui::keymap::{Key, KeyMap};
use taizhang::tui::labels::Labels;
use taizhang::tui::theme::Theme;
use taizhang::tui::update::handle_key;

fn app(dir: &std::path::Path) -> App {
    let shape = Shape {
        areas: 4,
        tasks_per_area: 3,
        milestones_per_task: 2,
    };
    let plans = vec![county_plan(0, shape, 7), county_plan(1, shape, 7)];
    let config = Config::defaults();
    App::new(Setup {
        state: taizhang::state::PlanState::new(&plans[0].id),
        plans,
        plan_index: 0,
        as_of: NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
        rules: taizhang::state::LightRules::default(),
        keymap: KeyMap::from_config(&config.keys).unwrap(),
        labels: Labels { locale: Locale::Zh },
        theme: Theme::new(&config.colors, false),
        store: Store::new(dir.join("state")),
        reviewer: "tester".into(),
        sync: None,
    })
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        handle_key(
            app,
            Key {
                code: KeyCode::Char(c),
                ctrl: false,
            },
        );
    }
}

fn press_code(app: &mut App, code: KeyCode) {
    handle_key(app, Key { code, ctrl: false });
}

#[test]
fn digits_jump_to_areas_and_moving_selects_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    assert_eq!(app.focus, Pane::Areas);
    press(&mut app, "3");
    assert_eq!(app.areas.selected, 2);
    assert_eq!(app.focus, Pane::Tasks);
    // the tree starts expanded: task, its two milestones, next task…
    assert_eq!(app.rows.len(), 9);
    assert_eq!(app.rows[0], Row::Task { path: vec![0] });
    press(&mut app, "jj");
    assert_eq!(app.tree.selected, 2);
    press(&mut app, "G");
    assert_eq!(app.tree.selected, 8);
    press(&mut app, "g");
    assert_eq!(app.tree.selected, 0);
    // h on an open task collapses it; l opens it again
    press(&mut app, "h");
    assert_eq!(app.rows.len(), 7);
    press(&mut app, "l");
    assert_eq!(app.rows.len(), 9);
    // a digit past the last area does nothing
    press(&mut app, "9");
    assert_eq!(app.areas.selected, 2);
    press_code(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Detail);
}

#[test]
fn marking_a_milestone_saves_it_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    press(&mut app, "1j"); // area 1, first milestone of task 1
    let id = app.plan().areas[0].tasks[0].milestones[0].id.clone();
    press(&mut app, "d");
    assert_eq!(app.state.get(&id).status, Status::Done);
    assert!(
        app.flash.as_ref().is_some_and(|f| !f.error),
        "{:?}",
        app.flash
    );
    // on disk, not only in memory
    let saved = Store::new(dir.path().join("state"))
        .load(&app.plan().id)
        .unwrap();
    assert_eq!(saved.get(&id).status, Status::Done);
    assert_eq!(saved.get(&id).history.len(), 1);
    // recorded at the store's precision (the microsecond), as `mark` does
    let at = saved.get(&id).history[0].at;
    assert_eq!(at.timestamp_subsec_nanos() % 1000, 0, "{at:?}");
    // the light and totals follow
    assert_eq!(app.totals.done, 1);
    // undo records a new change that reverts it
    press(&mut app, "u");
    assert_eq!(app.state.get(&id).status, Status::Todo);
    assert_eq!(app.state.get(&id).history.len(), 2);
    let undone_at = app.state.get(&id).history[1].at;
    assert_eq!(
        undone_at.timestamp_subsec_nanos() % 1000,
        0,
        "{undone_at:?}"
    );
}

#[test]
fn a_task_with_several_milestones_asks_which() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    press(&mut app, "1"); // task 1 selected, it has two milestones
    press(&mut app, "p");
    assert!(matches!(app.mode, Mode::Choose(_)), "{:?}", app.mode);
    press(&mut app, "2"); // the second one
    let second = app.plan().areas[0].tasks[0].milestones[1].id.clone();
    assert_eq!(app.state.get(&second).status, Status::Doing);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn value_and_note_prompts() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    press(&mut app, "1j");
    let id = app.plan().areas[0].tasks[0].milestones[0].id.clone();
    press(&mut app, "v");
    assert!(matches!(app.mode, Mode::Input(_)));
    press(&mut app, "1,250");
    press_code(&mut app, KeyCode::Enter);
    assert_eq!(app.state.get(&id).value, Some(1250.0));
    // a non-number is refused with a message, nothing saved
    press(&mut app, "vx");
    press_code(&mut app, KeyCode::Backspace);
    press_code(&mut app, KeyCode::Backspace);
    press_code(&mut app, KeyCode::Backspace);
    press_code(&mut app, KeyCode::Backspace);
    press_code(&mut app, KeyCode::Backspace);
    press(&mut app, "abc");
    press_code(&mut app, KeyCode::Enter);
    assert!(app.flash.as_ref().is_some_and(|f| f.error));
    assert_eq!(app.state.get(&id).value, Some(1250.0));
    press(&mut app, "e");
    press(&mut app, "进展顺利");
    press_code(&mut app, KeyCode::Enter);
    assert_eq!(app.state.get(&id).note.as_deref(), Some("进展顺利"));
    // Esc cancels a prompt without saving
    press(&mut app, "e");
    press(&mut app, "不要");
    press_code(&mut app, KeyCode::Esc);
    assert_eq!(app.state.get(&id).note.as_deref(), Some("进展顺利"));
}

#[test]
fn search_lands_on_the_most_specific_match_and_steps() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let plan = app.plan().clone();
    // a milestone id in area 3: Enter must land on that milestone row
    let target = &plan.areas[2].tasks[1].milestones[1];
    press(&mut app, "/");
    press(&mut app, &target.id);
    press_code(&mut app, KeyCode::Enter);
    assert_eq!(app.areas.selected, 2);
    assert_eq!(
        app.selected_row(),
        Some(&Row::Milestone {
            path: vec![1],
            index: 1
        })
    );
    // a word of the milestone titles matches milestones, not their tasks
    let word = plan.areas[0].tasks[0].milestones[0].title.clone();
    press(&mut app, "/");
    press(&mut app, &word);
    press_code(&mut app, KeyCode::Enter);
    let search = app.search.clone().unwrap();
    assert!(
        search
            .matches
            .iter()
            .all(|p| matches!(p.row, Row::Milestone { .. }))
    );
    let first = search.matches[0].clone();
    assert_eq!(
        (app.areas.selected, app.selected_row().cloned()),
        (first.section, Some(first.row))
    );
    if search.matches.len() > 1 {
        press(&mut app, "n");
        let second = &search.matches[1];
        assert_eq!(
            (app.areas.selected, app.selected_row()),
            (second.section, Some(&second.row))
        );
        press(&mut app, "N");
        assert_eq!(app.search.as_ref().unwrap().index, 0);
    }
}

#[test]
fn lead_filter_and_attention_filter() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    press(&mut app, "1");
    let all = app.rows.clone();
    press(&mut app, "f");
    let Mode::Choose(chooser) = app.mode.clone() else {
        panic!("no chooser")
    };
    let unit = chooser.items[1].clone();
    // the milestone rows before filtering: the unit's, and the others'
    // (other units' and the goals)
    let (of_unit, of_others): (Vec<String>, Vec<String>) = {
        let milestones = all.iter().filter_map(|row| match app.row_items(row) {
            (task, Some(m)) => Some((task.is_some_and(|t| t.lead.contains(&unit)), m.id.clone())),
            _ => None,
        });
        let (ours, theirs): (Vec<_>, Vec<_>) = milestones.partition(|(ours, _)| *ours);
        (
            ours.into_iter().map(|(_, id)| id).collect(),
            theirs.into_iter().map(|(_, id)| id).collect(),
        )
    };
    assert!(!of_unit.is_empty() && !of_others.is_empty(), "{unit}");
    press(&mut app, "2");
    assert_eq!(app.filter_lead.as_deref(), Some(unit.as_str()));
    for row in &app.rows {
        let (task, _) = app.row_items(row);
        assert!(task.unwrap().lead.contains(&unit));
    }
    // every milestone of the unit remains, and no other
    let shown: Vec<String> = app
        .rows
        .iter()
        .filter_map(|row| app.row_items(row).1.map(|m| m.id.clone()))
        .collect();
    assert_eq!(shown, of_unit);
    press(&mut app, "f1");
    assert_eq!(app.filter_lead, None);
    assert_eq!(app.rows, all, "clearing the filter shows every row again");
    // as of mid-2025 with nothing done, the 2024 milestones are overdue
    press(&mut app, "o");
    assert!(app.attention_only);
    assert!(!app.rows.is_empty());
    for row in &app.rows {
        if let (_, Some(m)) = app.row_items(row) {
            let s = app.standings[&m.id];
            assert!(s.overdue || s.light == taizhang::state::Light::Red);
        }
    }
}

#[test]
fn help_opens_and_any_key_closes_it_and_q_quits() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    press(&mut app, "?");
    assert_eq!(app.mode, Mode::Help);
    press(&mut app, "j");
    assert_eq!(app.mode, Mode::Normal);
    assert!(!app.quit);
    press(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn switching_plans_loads_their_state() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    press(&mut app, "1jd"); // some progress on the first plan
    press(&mut app, "P");
    let Mode::Choose(picker) = app.mode.clone() else {
        panic!("no plan picker")
    };
    // the roll-up: every plan with its progress, least done first, the
    // current plan selected; one of its 24 milestones done
    let ChooserPurpose::Plan { order, sort } = picker.purpose.clone() else {
        panic!("not the plan picker")
    };
    assert_eq!(sort, SortBy::Percent);
    assert_eq!(order.len(), app.plans.len());
    let first = &app.plans[0].id;
    let at = picker
        .items
        .iter()
        .position(|i| i.contains(first.as_str()))
        .unwrap();
    assert_eq!(order[at], 0);
    assert_eq!(picker.cursor.selected, at);
    assert!(
        picker.items[at].trim_start().starts_with("4.2%"),
        "{:?}",
        picker.items
    );
    assert!(
        picker.items[0].trim_start().starts_with("0.0%"),
        "{:?}",
        picker.items
    );
    assert_eq!(at, picker.items.len() - 1, "the most done last");
    // Tab ranks by red, then overdue, then id; the same plan stays selected
    for _ in 0..3 {
        press_code(&mut app, KeyCode::Tab);
    }
    let Mode::Choose(by_id) = app.mode.clone() else {
        panic!("the picker stays open")
    };
    let ChooserPurpose::Plan { order, sort } = by_id.purpose.clone() else {
        panic!("not the plan picker")
    };
    assert_eq!(sort, SortBy::Id);
    assert_eq!(order, (0..app.plans.len()).collect::<Vec<_>>());
    assert_eq!(by_id.cursor.selected, 0, "still the first plan");
    // a digit opens the plan shown there
    press(&mut app, "2");
    assert_eq!(app.plan_index, order[1]);
    assert_eq!(app.state.plan, app.plans[order[1]].id);
    assert_eq!(app.areas.selected, 0);
}

#[test]
fn headline_goals_are_section_zero_and_can_be_marked() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let goal = taizhang::plan::Milestone {
        id: "g1".into(),
        title: "地区生产总值1000亿元以上的县".into(),
        due: NaiveDate::from_ymd_opt(2025, 12, 31),
        target: None,
        quote: None,
    };
    app.plans[0].goals.push(goal);
    app.refresh_standings();
    select_first_section(&mut app);
    press(&mut app, "0");
    assert_eq!(app.area_index(), None);
    assert_eq!(app.rows, vec![Row::Goal { index: 0 }]);
    press(&mut app, "d");
    assert_eq!(app.state.get("g1").status, Status::Done);
    // areas keep their numbers: 1 is still the first action area
    press(&mut app, "1");
    assert_eq!(app.area_index(), Some(0));
    // and search finds goals
    press(&mut app, "/");
    press(&mut app, "1000亿元");
    press_code(&mut app, KeyCode::Enter);
    assert_eq!(app.selected_row(), Some(&Row::Goal { index: 0 }));
}

fn select_first_section(app: &mut App) {
    taizhang::tui::update::select_area(app, 0);
}

#[test]
fn trend_and_scorecard_show_the_report_s_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let plan = county_plan(
        0,
        Shape {
            areas: 4,
            tasks_per_area: 3,
            milestones_per_task: 2,
        },
        7,
    );
    let state = taizhang::plan::synthetic::year_of_history(&plan, 7);
    app.state = state.clone();
    app.refresh_standings();
    let rules = taizhang::state::LightRules::default();
    press(&mut app, "2c");
    let Mode::Trend(screen) = &app.mode else {
        panic!("no trend screen: {:?}", app.mode);
    };
    assert_eq!(screen.area.as_deref(), Some("a2"));
    let expected =
        taizhang::report::meeting::trend::burn_up(&plan, &state, app.as_of, Some("a2"), &rules);
    assert_eq!(screen.points, expected);
    assert_eq!(screen.points.len(), 18, "Jan 2024 to Jun 2025");
    // c again: the whole plan; any other key: back
    press(&mut app, "c");
    let Mode::Trend(screen) = &app.mode else {
        panic!("no trend screen");
    };
    assert_eq!(screen.area, None);
    assert_eq!(
        screen.points,
        taizhang::report::meeting::trend::burn_up(&plan, &state, app.as_of, None, &rules)
    );
    press(&mut app, "x");
    assert_eq!(app.mode, Mode::Normal);
    press(&mut app, "U");
    let Mode::Scorecard(screen) = &app.mode else {
        panic!("no scorecard");
    };
    assert_eq!(
        screen.scores,
        taizhang::report::meeting::unit_scores(&plan, &state, app.as_of, &rules)
    );
    assert!(screen.scores.len() > 1);
    // Down scrolls the list, another key closes it
    press(&mut app, "j");
    let Mode::Scorecard(screen) = &app.mode else {
        panic!("the scorecard closed on Down");
    };
    assert_eq!(screen.offset, 1);
    press(&mut app, "x");
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn the_app_judges_lights_by_the_rules_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    app.state = taizhang::plan::synthetic::year_of_history(app.plan(), 7);
    app.refresh_standings();
    let before = app.totals.red;
    // a strict county: red as soon as 2 points behind 序时进度
    app.rules = taizhang::state::LightRules {
        yellow_behind: 1.0,
        red_behind: 2.0,
        warn_days: 0,
    };
    app.refresh_standings();
    assert!(app.totals.red > before, "{before} -> {}", app.totals.red);
}

#[test]
fn paging_moves_by_the_rows_the_last_layout_gave_the_tree() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let fit = |app: &mut App, width, height| {
        taizhang::tui::view::fit(app, ratatui::layout::Rect::new(0, 0, width, height))
    };
    fit(&mut app, 80, 16);
    let small = app.viewport.tree_rows;
    fit(&mut app, 80, 24);
    let page = app.viewport.tree_rows;
    assert!(small < page && page < 24, "{small} {page}");
    press(&mut app, "1");
    app.focus = Pane::Tasks;
    fit(&mut app, 80, 16);
    let rows = app.rows.len();
    assert!(small + 1 < rows, "{small} {rows}");
    press_code(&mut app, KeyCode::PageDown);
    assert_eq!(app.tree.selected, small);
    press_code(&mut app, KeyCode::PageDown);
    assert_eq!(app.tree.selected, (2 * small).min(rows - 1));
    // the cursor is kept in view of the page
    assert!(app.tree.offset <= app.tree.selected);
    assert!(app.tree.selected < app.tree.offset + small);
}

/// The plan picker's row for `plan`, once it is opened anew.
fn picker_row(app: &mut App, plan: &str) -> String {
    press_code(app, KeyCode::Esc);
    press(app, "P");
    let Mode::Choose(picker) = app.mode.clone() else {
        panic!("no plan picker")
    };
    picker
        .items
        .iter()
        .find(|i| i.contains(plan))
        .unwrap()
        .clone()
}

#[test]
fn the_plan_picker_reads_states_through_the_cache_and_never_shows_a_stale_one() {
    use taizhang::state::{Edit, Set};
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    app.cache = Some(dir.path().join("cache"));
    let other = app.plans[1].clone();
    assert!(
        picker_row(&mut app, &other.id)
            .trim_start()
            .starts_with("0.0%")
    );
    // another person (or `taizhang mark`) marks the other plan meanwhile
    let store = Store::new(dir.path().join("state"));
    let first = other.milestones().next().unwrap().milestone.id.clone();
    let edit = Edit::new(&first, Set::Status(Status::Done));
    let now = taizhang::state::store::now();
    store.apply(&other, &[edit], "甲", None, now).unwrap();
    let row = picker_row(&mut app, &other.id);
    assert!(row.trim_start().starts_with("4.2%"), "{row}");
    let cached = std::fs::read_dir(dir.path().join("cache")).unwrap().count();
    assert!(cached > 0, "the picker filled the cache");
    // and opened again, the cached figures are the same
    assert_eq!(picker_row(&mut app, &other.id), row);
    // a state file that no longer loads is listed with `?`, the rest ranked
    std::fs::write(
        dir.path().join("state").join(format!("{}.yaml", other.id)),
        "[",
    )
    .unwrap();
    let row = picker_row(&mut app, &other.id);
    assert!(row.trim_start().starts_with('?'), "{row}");
    let current = app.plans[0].id.clone();
    assert!(
        picker_row(&mut app, &current)
            .trim_start()
            .starts_with("0.0%")
    );
}
