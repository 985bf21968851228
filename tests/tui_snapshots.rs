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
        rules: taizhang::state::LightRules::default(),
        keymap: KeyMap::from_config(&config.keys).unwrap(),
        labels: Labels { locale },
        theme: Theme::new(&config.colors, true),
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
    let terminal = draw(&mut app, 80, 24);
    // 0 (the headline goals) jumps too: the help says 0-9
    let text = format!("{}", terminal.backend());
    assert!(
        text.contains("0-9 跳到领域") && !text.contains("1-9"),
        "{text}"
    );
    insta::assert_snapshot!(terminal.backend());
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
    app.theme = Theme::new(&Config::defaults().colors, false);
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

fn press_code(app: &mut App, code: KeyCode) {
    handle_key(app, Key { code, ctrl: false });
}

#[test]
fn r_edits_the_period_s_report_shown_in_the_detail_and_review_panes() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), plan(), Locale::Zh);
    press(&mut app, "1jj");
    let id = app.plan().areas[0].tasks[0].milestones[1].id.clone();
    // R asks for the three parts in turn; Enter saves each and goes on
    press(&mut app, "R");
    let footer = format!("{}", draw(&mut app, 160, 45).backend());
    assert!(
        footer.contains(&format!("进展情况 {id} 2025-06: ")),
        "{footer}"
    );
    press(&mut app, "完成主体施工");
    press_code(&mut app, KeyCode::Enter);
    press(&mut app, "资金缺口");
    press_code(&mut app, KeyCode::Enter);
    let footer = format!("{}", draw(&mut app, 160, 45).backend());
    assert!(
        footer.contains(&format!("下步计划 {id} 2025-06: ")),
        "{footer}"
    );
    press_code(&mut app, KeyCode::Esc);
    let report = taizhang::state::latest_report(&app.state, &id).unwrap();
    assert_eq!(report.period, "2025-06");
    assert_eq!(report.progress.as_deref(), Some("完成主体施工"));
    assert_eq!(report.problems.as_deref(), Some("资金缺口"));
    assert_eq!((report.next, report.by.as_str()), (None, "张三"));
    // saved to disk, as every change
    let saved = Store::new(dir.path().join("state"))
        .load(&app.plan().id)
        .unwrap();
    assert_eq!(
        taizhang::state::latest_report(&saved, &id)
            .unwrap()
            .problems
            .as_deref(),
        Some("资金缺口")
    );
    let screen = format!("{}", draw(&mut app, 160, 45).backend());
    assert!(screen.contains("进展报告 2025-06 (张三 "), "{screen}");
    assert!(screen.contains("进展情况: 完成主体施工"), "{screen}");
    assert!(screen.contains("存在问题: 资金缺口"), "{screen}");
    // the review screen shows it too, and R works there
    press(&mut app, "r");
    let screen = format!("{}", draw(&mut app, 160, 45).backend());
    assert!(screen.contains("存在问题: 资金缺口"), "{screen}");
}

fn jining() -> Plan {
    taizhang::plan::Catalog::embedded()
        .unwrap()
        .get("jining-2024")
        .unwrap()
        .clone()
}

const JINING_AREAS: [&str; 8] = [
    "实施综合实力跃升强县行动",
    "实施产业提质增速强县行动",
    "实施科技创新赋能强县行动",
    "实施绿色生态筑基强县行动",
    "实施乡村振兴示范强县行动",
    "实施民营经济助力强县行动",
    "实施改革蓄势扩容强县行动",
    "实施要素保障支撑强县行动",
];

/// The text of each screen row as a terminal shows it.
fn rows(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..buffer.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let symbol = buffer[(x, y)].symbol();
                skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
                line.push_str(symbol);
            }
            line
        })
        .collect()
}

/// What every size must keep: `?` and `q` in the footer; each area title
/// whole or ending in `..`; task rows with their value and due date.
fn assert_usable(terminal: &Terminal<TestBackend>, locale: Locale) {
    let rows = rows(terminal);
    let footer = rows.last().unwrap();
    let (help, quit) = match locale {
        Locale::Zh => ("? 帮助", "q/^c 退出"),
        Locale::En => ("? help", "q/^c quit"),
    };
    assert!(
        footer.contains(help) && footer.contains(quit),
        "footer: {footer}"
    );
    let text = rows.join("\n");
    for (number, title) in JINING_AREAS.iter().enumerate() {
        let whole = text.contains(title);
        let shortened = rows.iter().any(|row| {
            row.split(&format!("{:>2} ", number + 1))
                .nth(1)
                .is_some_and(|rest| {
                    rest.split("% ").nth(1).is_some_and(|t| {
                        t.contains("..") && title.starts_with(t.split("..").next().unwrap())
                    })
                })
        });
        assert!(
            whole || shortened,
            "area {} `{title}` neither whole nor shortened:\n{text}",
            number + 1
        );
    }
    // a milestone row keeps its value against the target and its due date
    // (t4.m1 is 40 against 2个 in the fixture), its title gives way
    assert!(
        rows.iter()
            .any(|r| r.contains("t4.m1") && r.contains(" 40/") && r.contains("2个 2025-12-31")),
        "{text}"
    );
}

fn jining_screen(width: u16, height: u16, locale: Locale) -> Terminal<TestBackend> {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), jining(), locale);
    // area 2: its tasks have targets, one with a value
    press(&mut app, "2j");
    let terminal = draw(&mut app, width, height);
    assert_usable(&terminal, locale);
    terminal
}

#[test]
fn jining_80x24_zh() {
    insta::assert_snapshot!(jining_screen(80, 24, Locale::Zh).backend());
}

#[test]
fn jining_80x24_en() {
    insta::assert_snapshot!(jining_screen(80, 24, Locale::En).backend());
}

#[test]
fn jining_120x36_zh() {
    insta::assert_snapshot!(jining_screen(120, 36, Locale::Zh).backend());
}

#[test]
fn jining_120x36_en() {
    insta::assert_snapshot!(jining_screen(120, 36, Locale::En).backend());
}

#[test]
fn jining_160x45_zh_shows_every_area_title_whole() {
    let terminal = jining_screen(160, 45, Locale::Zh);
    let text = rows(&terminal).join("\n");
    for title in JINING_AREAS {
        assert!(text.contains(title), "{title}:\n{text}");
    }
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn jining_160x45_en() {
    insta::assert_snapshot!(jining_screen(160, 45, Locale::En).backend());
}

#[test]
fn jining_200x50_zh() {
    insta::assert_snapshot!(jining_screen(200, 50, Locale::Zh).backend());
}

#[test]
fn jining_200x50_en() {
    insta::assert_snapshot!(jining_screen(200, 50, Locale::En).backend());
}

/// The popup whose top border carries `title` has its left border drawn on
/// every row: `|` (or `+` at the corners) in its cell, and no wide
/// character just left of it that would cover that cell on the terminal.
fn assert_left_border(terminal: &Terminal<TestBackend>, title: &str) {
    let buffer = terminal.backend().buffer();
    let text = rows(terminal);
    let top = text
        .iter()
        .position(|r| r.contains(title))
        .unwrap_or_else(|| panic!("no popup `{title}`:\n{}", text.join("\n")));
    let y = top as u16;
    // the corner: the last `+` left of the title in the buffer row
    let title_x = (0..buffer.area.width)
        .find(|&x| buffer[(x, y)].symbol() == title.chars().next().unwrap().to_string())
        .unwrap();
    let x = (0..title_x)
        .rev()
        .find(|&x| buffer[(x, y)].symbol() == "+")
        .unwrap();
    let mut row = y;
    loop {
        let symbol = buffer[(x, row)].symbol();
        assert!(
            symbol == "|" || symbol == "+",
            "row {row}: `{symbol}` at the border:\n{}",
            text.join("\n")
        );
        if x > 0 {
            let left = buffer[(x - 1, row)].symbol();
            assert!(
                unicode_width::UnicodeWidthStr::width(left) <= 1,
                "row {row}: `{left}` covers the border:\n{}",
                text.join("\n")
            );
        }
        if row > y && symbol == "+" {
            break;
        }
        row += 1;
    }
    assert!(
        text[top + 1..=row as usize]
            .iter()
            .all(|r| r.contains('|') || r.contains('+'))
    );
}

#[test]
fn popups_over_chinese_text_keep_their_left_border() {
    for (keys, title, width) in [
        ("f", " 按牵头单位筛选 ", 80),
        ("P", " 选择计划 ", 80),
        ("?", " 按键 ", 80),
        ("?", " 按键 ", 81),
        ("1d", " 选择里程碑 ", 80),
        ("1d", " 选择里程碑 ", 81),
        ("f", " 按牵头单位筛选 ", 120),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path(), jining(), Locale::Zh);
        press(&mut app, "1");
        if keys == "1d" {
            // task 9, whose three milestones are asked about
            let area = app
                .plan()
                .areas
                .iter()
                .position(|a| a.tasks.iter().any(|t| t.id == "t9"))
                .unwrap();
            let index = app.plan().areas[area]
                .tasks
                .iter()
                .position(|t| t.id == "t9")
                .unwrap();
            let section = app.section_of_area(area);
            app.go_to(&taizhang::tui::app::Place {
                section,
                row: taizhang::tui::app::Row::Task { path: vec![index] },
            });
            press(&mut app, "d");
        } else {
            press(&mut app, keys);
        }
        let terminal = draw(&mut app, width, 24);
        assert_left_border(&terminal, title.trim());
    }
}

#[test]
fn lead_chooser_over_jining_80x24_zh() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), jining(), Locale::Zh);
    press(&mut app, "1f");
    insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
}

#[test]
fn narrow_task_rows_give_up_title_then_status_never_value_or_due_date() {
    let dir = tempfile::tempdir().unwrap();
    // the generated county plan of the pseudo-terminal tests: long targets
    let shape = Shape {
        areas: 8,
        tasks_per_area: 3,
        milestones_per_task: 2,
    };
    let mut app = app(dir.path(), county_plan(0, shape, 3), Locale::Zh);
    press(&mut app, "2");
    let terminal = draw(&mut app, 80, 24);
    let rows = rows(&terminal);
    let text = rows.join("\n");
    let milestone_rows: Vec<&String> = rows.iter().filter(|r| r.contains(".m")).collect();
    assert!(milestone_rows.len() >= 4, "{text}");
    for row in milestone_rows {
        // every milestone row ends in its whole due date at the pane's border
        let before_border = row.split("||").next().unwrap();
        assert!(
            before_border
                .trim_end()
                .ends_with(|c: char| c.is_ascii_digit())
                && before_border.contains("/>="),
            "{row}\n{text}"
        );
    }
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn trend_80x24_zh() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), plan(), Locale::Zh);
    press(&mut app, "1c");
    insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
}

#[test]
fn trend_of_the_whole_plan_80x24_en() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), plan(), Locale::En);
    press(&mut app, "1cc");
    insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
}

#[test]
fn scorecard_80x24_zh() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), plan(), Locale::Zh);
    press(&mut app, "U");
    insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
}

#[test]
fn scorecard_80x24_en() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), plan(), Locale::En);
    press(&mut app, "U");
    insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
}
