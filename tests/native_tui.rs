//! The app for a new user (issue 15), at the update level with no terminal:
//! the value prompt reads values as targets are written and asks about
//! implausible ones, choosers keep the plan's order and filter as you type,
//! the first start asks who records the changes, the mouse selects and
//! scrolls, the header says when a plan has ended.

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use taizhang::config::{Config, Locale};
use taizhang::plan::Plan;
use taizhang::state::{PlanState, Store};
use taizhang::tui::app::{App, ChooserPurpose, FirstStart, Input, InputPurpose, Mode, Pane, Setup};
use taizhang::tui::input::LineEditor;
use taizhang::tui::keymap::{Key, KeyMap};
use taizhang::tui::labels::Labels;
use taizhang::tui::theme::Theme;
use taizhang::tui::update::handle_key;

fn jining() -> Plan {
    taizhang::plan::Catalog::embedded()
        .unwrap()
        .get("jining-2024")
        .unwrap()
        .clone()
}

fn app_on(dir: &std::path::Path, plan: Plan, as_of: NaiveDate, locale: Locale) -> App {
    let config = Config::defaults();
    App::new(Setup {
        state: PlanState::new(&plan.id),
        plans: vec![plan],
        plan_index: 0,
        as_of,
        rules: taizhang::state::LightRules::default(),
        keymap: KeyMap::from_config(&config.keys).unwrap(),
        labels: Labels { locale },
        theme: Theme::new(&config.colors, false),
        store: Store::new(dir.join("state")),
        reviewer: "tester".into(),
        sync: None,
    })
}

fn app(dir: &std::path::Path) -> App {
    app_on(
        dir,
        jining(),
        NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
        Locale::Zh,
    )
}

fn code(app: &mut App, code: KeyCode) {
    handle_key(app, Key { code, ctrl: false });
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        code(app, KeyCode::Char(c));
    }
}

/// Select milestone `id` through the search, as a person would.
fn select(app: &mut App, id: &str) {
    press(app, "/");
    press(app, id);
    code(app, KeyCode::Enter);
}

fn screen(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| taizhang::tui::view::draw(f, app))
        .unwrap();
    format!("{}", terminal.backend())
}

#[test]
fn the_value_prompt_shows_the_target_and_reads_values_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    select(&mut app, "t9.m2");
    press(&mut app, "v");
    assert!(
        screen(&mut app, 120, 36).contains("完成值 t9.m2 (目标 >=1.7万个): "),
        "{}",
        screen(&mut app, 120, 36)
    );
    for (typed, expected) in [("12000", 1.2), ("1.3万", 1.3), ("1.4", 1.4), ("50%", 0.85)] {
        if !matches!(app.mode, Mode::Input(_)) {
            press(&mut app, "v");
        }
        code(&mut app, KeyCode::End);
        for _ in 0..10 {
            code(&mut app, KeyCode::Backspace);
        }
        press(&mut app, typed);
        code(&mut app, KeyCode::Enter);
        let value = app.state.get("t9.m2").value.unwrap();
        assert!((value - expected).abs() < 1e-9, "{typed}: {value}");
    }
    // the error says how to write a value for this target
    press(&mut app, "v");
    for _ in 0..10 {
        code(&mut app, KeyCode::Backspace);
    }
    press(&mut app, "很多");
    code(&mut app, KeyCode::Enter);
    let flash = app.flash.clone().unwrap();
    assert!(flash.error);
    assert_eq!(
        flash.text,
        "`很多` 不是数字；目标 >=1.7万个，例如 1.2、11900、1.2万 或 65%（目标的百分比）"
    );
}

#[test]
fn an_implausible_value_is_asked_about_before_it_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    select(&mut app, "t9.m2");
    // 20 (万个) is more than ten times 1.7万个: asked, Enter keeps "do not save"
    press(&mut app, "v20");
    code(&mut app, KeyCode::Enter);
    let Mode::Choose(chooser) = app.mode.clone() else {
        panic!("no confirmation: {:?}", app.mode);
    };
    let ChooserPurpose::ConfirmValue { question, .. } = &chooser.purpose else {
        panic!("{:?}", chooser.purpose);
    };
    assert_eq!(question, "20万个 超过目标 1.7万个 的十倍，确定保存？");
    assert!(screen(&mut app, 120, 36).contains("20万个 超过目标"));
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.state.get("t9.m2").value, None);
    // asked again, 1 saves it anyway
    press(&mut app, "v");
    for _ in 0..10 {
        code(&mut app, KeyCode::Backspace);
    }
    press(&mut app, "20");
    code(&mut app, KeyCode::Enter);
    press(&mut app, "1");
    assert_eq!(app.state.get("t9.m2").value, Some(20.0));
    // a rate over 100% is asked about too
    select(&mut app, "t5.m5");
    press(&mut app, "v120%");
    code(&mut app, KeyCode::Enter);
    assert!(
        matches!(&app.mode, Mode::Choose(c) if matches!(&c.purpose, ChooserPurpose::ConfirmValue { question, .. } if question.contains("120% 超过 100%"))),
        "{:?}",
        app.mode
    );
    press(&mut app, "2");
    assert_eq!(app.state.get("t5.m5").value, None);
    assert_eq!(app.flash.as_ref().unwrap().text, "未保存");
}

/// Every lead unit of the plan in the order it first names them.
fn units_in_plan_order(plan: &Plan) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    for area in &plan.areas {
        for task in area.all_tasks() {
            for unit in &task.lead {
                if !units.contains(unit) {
                    units.push(unit.clone());
                }
            }
        }
    }
    units
}

#[test]
fn the_lead_unit_list_keeps_the_plans_order_reaches_every_entry_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let units = units_in_plan_order(app.plan());
    assert!(units.len() > 12, "{units:?}");
    press(&mut app, "f");
    let Mode::Choose(chooser) = app.mode.clone() else {
        panic!("{:?}", app.mode);
    };
    assert_eq!(chooser.items[1..], units[..]);
    // the last entry is reachable with the keys, and is shown when selected
    code(&mut app, KeyCode::End);
    let last = units.last().unwrap().clone();
    assert!(screen(&mut app, 80, 24).contains(&last), "{last}");
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.filter_lead.as_deref(), Some(last.as_str()));
    // type to filter: 工信 leaves the units naming it; Enter takes the first
    press(&mut app, "f");
    press(&mut app, "工信");
    let Mode::Choose(chooser) = app.mode.clone() else {
        panic!("{:?}", app.mode);
    };
    let shown: Vec<&String> = chooser
        .visible()
        .iter()
        .map(|&i| &chooser.items[i])
        .collect();
    assert!(
        !shown.is_empty() && shown.iter().all(|u| u.contains("工信")),
        "{shown:?}"
    );
    assert!(screen(&mut app, 80, 24).contains("按牵头单位筛选: 工信_"));
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.filter_lead.as_deref(), Some(shown[0].as_str()));
    // j still moves while nothing is typed; 0 picks nothing and panics not
    press(&mut app, "fj0");
    let Mode::Choose(chooser) = app.mode.clone() else {
        panic!("{:?}", app.mode);
    };
    assert!(chooser.filter.is_empty());
    code(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn past_the_plans_end_the_header_says_so_and_how_to_use_as_of() {
    let dir = tempfile::tempdir().unwrap();
    let late = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let mut app = app_on(dir.path(), jining(), late, Locale::Zh);
    let text = screen(&mut app, 120, 36);
    assert!(
        text.contains("计划已于2025-12-31结束，可用 --as-of 2025-12-31 查看当时"),
        "{text}"
    );
    let mut app = app_on(dir.path(), jining(), late, Locale::En);
    assert!(screen(&mut app, 160, 45).contains("the plan ended 2025-12-31: --as-of 2025-12-31"));
    // within the plan's time, nothing is said
    let mut app = self::app(dir.path());
    assert!(!screen(&mut app, 120, 36).contains("结束"));
}

fn mouse(app: &mut App, kind: MouseEventKind, column: u16, row: u16, screen: Rect) {
    let event = MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    taizhang::tui::mouse::handle_mouse(app, event, screen);
}

#[test]
fn a_click_selects_an_area_or_a_row_and_the_wheel_scrolls() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let size = Rect::new(0, 0, 160, 45);
    let text = screen(&mut app, 160, 45);
    // the row of area 3 in the areas pane
    let (row, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("实施科技创新赋能强县行动"))
        .unwrap();
    let column =
        unicode_width::UnicodeWidthStr::width(&line[..line.find(" 3 ").unwrap()]) as u16 + 2;
    mouse(
        &mut app,
        MouseEventKind::Down(MouseButton::Left),
        column,
        row as u16,
        size,
    );
    assert_eq!(app.area_index(), Some(2));
    assert_eq!(app.focus, Pane::Areas);
    // a click on the tree's third row selects it
    let regions = taizhang::tui::view::layout(
        size,
        app.section_count(),
        taizhang::tui::view::wanted_width(&app),
    );
    screen(&mut app, 160, 45);
    mouse(
        &mut app,
        MouseEventKind::Down(MouseButton::Left),
        regions.tasks.x + 5,
        regions.tasks.y + 3,
        size,
    );
    assert_eq!((app.focus, app.tree.selected), (Pane::Tasks, 2));
    // the wheel moves three rows in the pane under the pointer
    mouse(
        &mut app,
        MouseEventKind::ScrollDown,
        regions.tasks.x + 5,
        regions.tasks.y + 3,
        size,
    );
    assert_eq!(app.tree.selected, 5);
    mouse(
        &mut app,
        MouseEventKind::ScrollUp,
        regions.tasks.x + 5,
        regions.tasks.y + 3,
        size,
    );
    assert_eq!(app.tree.selected, 2);
    // a click on a border selects nothing
    mouse(
        &mut app,
        MouseEventKind::Down(MouseButton::Left),
        regions.tasks.x + 5,
        regions.tasks.y,
        size,
    );
    assert_eq!(app.tree.selected, 2);
}

#[test]
fn first_start_asks_name_and_office_and_saves_them_keeping_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let config_file = dir.path().join("config.yaml");
    std::fs::write(&config_file, "locale: zh\n").unwrap();
    let mut app = app(dir.path());
    app.mode = Mode::Input(Input {
        purpose: InputPurpose::Reviewer(FirstStart {
            config_file: config_file.clone(),
            pick_plan: false,
        }),
        editor: LineEditor::new(&app.reviewer),
    });
    assert!(screen(&mut app, 80, 24).contains("首次使用：您的姓名"));
    for _ in 0.."tester".len() {
        code(&mut app, KeyCode::Backspace);
    }
    press(&mut app, "张三");
    code(&mut app, KeyCode::Enter);
    assert!(screen(&mut app, 80, 24).contains("您所在的单位"));
    press(&mut app, "县发展改革局");
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.reviewer, "张三");
    assert_eq!(
        app.flash.as_ref().unwrap().text,
        format!(
            "审阅人 张三 (县发展改革局) 已保存到 {}",
            config_file.display()
        )
    );
    let (config, problem) = Config::load(&config_file);
    assert!(problem.is_none());
    assert_eq!(config.reviewer, "张三");
    assert_eq!(config.reviewer_unit, "县发展改革局");
    assert_eq!(config.locale, "zh");
    // and the next change is recorded under that name
    select(&mut app, "t9.m1");
    press(&mut app, "d");
    assert_eq!(app.state.get("t9.m1").by.as_deref(), Some("张三"));
}
