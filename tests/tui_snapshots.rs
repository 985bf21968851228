//! Whole screens on ratatui's TestBackend, snapshot-tested with insta at
//! 80×24 and 160×45, with Chinese and English labels and a fixed as-of date.
//! Every screen is also checked for glyphs of ambiguous East-Asian width,
//! which take two cells on Chinese terminals and would break the layout.

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use taizhang::config::{Config, Locale};
use taizhang::plan::Plan;
use taizhang::plan::synthetic::{Shape, county_plan};
use taizhang::state::{Edit, Set, Status, Store};
use taizhang::tui::app::{App, Setup};
use taizhang::tui::keymap::{Key, KeyMap};
use taizhang::tui::labels::Labels;
use taizhang::tui::theme::Theme;
use taizhang::tui::update::handle_key;
use taizhang::tui::view;
use unicode_width::UnicodeWidthChar;

fn plan() -> Plan {
    county_plan(
        0,
        Shape {
            areas: 8,
            tasks_per_area: 4,
            milestones_per_task: 3,
        },
        2024,
    )
}

/// The app on `plan` with a few marks made a fixed time ago.
fn app(dir: &std::path::Path, plan: Plan, locale: Locale) -> App {
    let store = Store::new(dir.join("state"));
    let at = chrono::DateTime::parse_from_rfc3339("2025-05-20T09:30:00+08:00").unwrap();
    // the first three milestones of area 1 (all of task 1 in the synthetic plan)
    let first: Vec<_> = plan.areas[0]
        .all_tasks()
        .flat_map(|t| t.milestones.iter().cloned())
        .take(3)
        .collect();
    // a value is only for a milestone with a target: the second, or the
    // next one of the plan that has one (Jining's area 1 has none now that
    // t2.m1's `1—2个` is no longer read as a target)
    let valued = plan
        .areas
        .iter()
        .flat_map(|a| a.all_tasks())
        .flat_map(|t| t.milestones.iter())
        .skip(1)
        .find(|m| m.target.is_some())
        .map(|m| m.id.clone())
        .unwrap();
    let edits = [
        Edit::new(&first[0].id, Set::Status(Status::Done)),
        Edit::new(&first[1].id, Set::Status(Status::Doing)),
        Edit::new(&valued, Set::Value(Some(40.0))),
        Edit::new(&first[2].id, Set::Status(Status::Blocked)),
        Edit::new(
            &first[2].id,
            Set::Note(Some("用地指标未落实，待县自然资源和规划局协调".into())),
        ),
    ];
    let (state, _) = store.apply(&plan, &edits, "张三", None, at).unwrap();
    let config = Config::defaults();
    App::new(Setup {
        state,
        plans: vec![plan],
        plan_index: 0,
        as_of: NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
        keymap: KeyMap::from_config(&config.keys).unwrap(),
        labels: Labels { locale },
        theme: Theme::new(&config.colors, true).unwrap(),
        store,
        reviewer: "张三".into(),
        sync: None,
    })
}

fn draw(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| view::draw(f, app)).unwrap();
    assert_unambiguous(&terminal);
    terminal
}

/// Every cell is one or two cells wide on any terminal: nothing of
/// ambiguous East-Asian width.
fn assert_unambiguous(terminal: &Terminal<TestBackend>) {
    for cell in terminal.backend().buffer().content() {
        for c in cell.symbol().chars() {
            assert_eq!(
                c.width(),
                c.width_cjk(),
                "ambiguous-width glyph {c:?} (U+{:04X}) on screen",
                c as u32
            );
        }
    }
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

#[test]
fn main_screen_80x24_zh() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), plan(), Locale::Zh);
    press(&mut app, "1jj");
    insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
}

#[test]
fn main_screen_80x24_en() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), plan(), Locale::En);
    press(&mut app, "1jj");
    insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
}

#[test]
fn main_screen_160x45_zh() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), plan(), Locale::Zh);
    press(&mut app, "1jjj");
    insta::assert_snapshot!(draw(&mut app, 160, 45).backend());
}

#[test]
fn main_screen_160x45_en() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), plan(), Locale::En);
    press(&mut app, "1jjj");
    insta::assert_snapshot!(draw(&mut app, 160, 45).backend());
}

#[test]
fn help_overlay_80x24_zh() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), plan(), Locale::Zh);
    press(&mut app, "?");
    insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
}

#[test]
fn review_screen_80x24_zh() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), plan(), Locale::Zh);
    press(&mut app, "1r");
    let terminal = draw(&mut app, 80, 24);
    let text = format!("{}", terminal.backend());
    assert!(text.contains("调度审阅 1/11"), "{text}");
    // the session id and time vary: snapshot the milestone part only
    let body: Vec<&str> = text.lines().skip(1).collect();
    insta::assert_snapshot!(body.join("\n"));
}

#[test]
fn too_small_shows_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), plan(), Locale::Zh);
    let terminal = draw(&mut app, 40, 10);
    let text = format!("{}", terminal.backend());
    assert!(text.contains("窗口太小"), "{text}");
}

#[test]
fn no_color_draws_no_colours() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), plan(), Locale::Zh);
    app.theme = Theme::new(&Config::defaults().colors, false).unwrap();
    let terminal = draw(&mut app, 80, 24);
    for cell in terminal.backend().buffer().content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
}

#[test]
fn jining_80x24_zh_has_no_ambiguous_glyph_even_in_its_quoted_text() {
    // task 1's text quotes “千亿县”: the screen shows 「千亿县」
    let dir = tempfile::tempdir().unwrap();
    let plan = taizhang::plan::Catalog::embedded()
        .unwrap()
        .get("jining-2024")
        .unwrap()
        .clone();
    assert!(plan.areas[0].tasks[0].text.contains("“千亿县”"));
    let mut app = app(dir.path(), plan, Locale::Zh);
    press(&mut app, "1");
    let terminal = draw(&mut app, 80, 24);
    assert!(format!("{}", terminal.backend()).contains("「千亿"));
    insta::assert_snapshot!(terminal.backend());
}
