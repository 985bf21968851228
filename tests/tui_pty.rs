//! The real binary in a pseudo-terminal: what a person sees and what is saved.

mod pty;

use pty::PtyApp;
use std::process::Command;

fn generate(dir: &std::path::Path) -> std::path::PathBuf {
    // a small generated plan, written with the library's own generator
    let plans = dir.join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    let shape = taizhang::plan::synthetic::Shape {
        areas: 8,
        tasks_per_area: 3,
        milestones_per_task: 2,
    };
    let plan = taizhang::plan::synthetic::county_plan(0, shape, 3);
    std::fs::write(
        plans.join("county-0001.yaml"),
        taizhang::yaml::to_string(&plan).unwrap(),
    )
    .unwrap();
    plans
}

#[test]
fn resize_too_small_and_back_and_quit_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let plans = generate(dir.path());
    let plans = plans.to_str().unwrap();
    let mut app = PtyApp::spawn(
        dir.path(),
        &[
            "--plans",
            plans,
            "--as-of",
            "2024-06-30",
            "tui",
            "county-0001",
        ],
        80,
        24,
    );
    app.wait_for("行动领域");
    assert!(app.alternate_screen());
    app.resize(40, 10);
    app.wait_for("窗口太小");
    app.resize(100, 30);
    app.wait_for("行动领域");
    app.send("q");
    assert!(app.wait_exit());
    assert!(!app.alternate_screen(), "left the alternate screen");
}

#[test]
fn ctrl_c_quits_and_restores() {
    let dir = tempfile::tempdir().unwrap();
    let plans = generate(dir.path());
    let mut app = PtyApp::spawn(
        dir.path(),
        &["--plans", plans.to_str().unwrap(), "tui", "county-0001"],
        80,
        24,
    );
    app.wait_for("行动领域");
    app.send("\u{3}");
    assert!(app.wait_exit());
    assert!(!app.alternate_screen());
}

#[test]
fn without_a_terminal_it_says_so_and_points_to_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .env("TAIZHANG_HOME", dir.path())
        .arg("tui")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not a terminal"), "{stderr}");
    assert!(stderr.contains("taizhang mark"), "{stderr}");
}

#[test]
fn bare_taizhang_remembers_the_last_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plans = generate(dir.path());
    let plans = plans.to_str().unwrap();
    let mut app = PtyApp::spawn(
        dir.path(),
        &["--plans", plans, "tui", "county-0001"],
        80,
        24,
    );
    app.wait_for("行动领域");
    app.send("q");
    assert!(app.wait_exit());
    let mut again = PtyApp::spawn(dir.path(), &["--plans", plans], 80, 24);
    again.wait_for("汶上县（第1号）");
    again.send("q");
    assert!(again.wait_exit());
}

/// Run the binary for one home, as a person at another desk would.
fn run_in(home: &std::path::Path, root: &std::path::Path, args: &[&str]) -> std::process::Output {
    let output = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(args)
        .env("TAIZHANG_HOME", home)
        .env("HOME", root)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn s_syncs_in_the_background_and_shows_the_other_desks_changes() {
    let root = tempfile::tempdir().unwrap();
    let remote = root.path().join("remote.git");
    let init = Command::new("git")
        .args(["init", "-q", "--bare"])
        .arg(&remote)
        .output()
        .unwrap();
    assert!(init.status.success());
    let plans = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sync/plans");
    let plans = plans.to_str().unwrap();
    let remote = remote.to_str().unwrap();
    let (office, unit) = (root.path().join("office"), root.path().join("unit"));
    // both desks set up sync; the unit then marks a milestone and sends it
    run_in(
        &office,
        root.path(),
        &["--plans", plans, "sync", "--remote", remote],
    );
    run_in(
        &unit,
        root.path(),
        &["--plans", plans, "sync", "--remote", remote],
    );
    run_in(
        &unit,
        root.path(),
        &["--plans", plans, "mark", "county", "t2.m1", "done"],
    );
    run_in(&unit, root.path(), &["--plans", plans, "sync"]);

    let root_text = root.path().to_str().unwrap();
    let mut app = PtyApp::spawn_with_env(
        &office,
        &["--plans", plans, "--as-of", "2024-06-30", "tui", "county"],
        100,
        30,
        &[("HOME", root_text), ("GIT_CONFIG_NOSYSTEM", "1")],
    );
    app.wait_for("上次同步");
    // a local change: the header says it is waiting to be sent
    app.send("1jd");
    app.wait_for("有未同步的更改");
    app.send("S");
    app.wait_for("已同步：");
    assert!(
        !app.screen_text().contains("有未同步的更改"),
        "{}",
        app.screen_text()
    );
    // the unit's change to t2.m1 arrived and is on screen
    app.send("/t2.m1\r");
    app.wait_for("[已完成] t2.m1");
    app.send("q");
    assert!(app.wait_exit());
    // and the office's own change reached the remote
    run_in(&unit, root.path(), &["--plans", plans, "sync"]);
    let log = run_in(
        &unit,
        root.path(),
        &["--plans", plans, "log", "county", "t1.m1"],
    );
    assert!(String::from_utf8_lossy(&log.stdout).contains("done"));
}

fn state_of(home: &std::path::Path, plan: &str) -> taizhang::state::PlanState {
    taizhang::state::Store::new(home.join("state"))
        .load(plan)
        .unwrap()
}

#[test]
fn jining_open_see_eight_areas_jump_search_mark_and_quit() {
    let home = tempfile::tempdir().unwrap();
    let mut app = PtyApp::spawn(
        home.path(),
        &["--as-of", "2025-06-30", "tui", "jining-2024"],
        120,
        40,
    );
    app.wait_for("济宁市县域经济高质量发展攻坚行动计划");
    // the first frame arrives in pieces on a busy machine: wait for its last area
    app.wait_for("实施要素保障支撑强县行动");
    let screen = app.screen_text();
    for title in [
        "实施综合实力跃升强县行动",
        "实施产业提质增速强县行动",
        "实施科技创新赋能强县行动",
        "实施绿色生态筑基强县行动",
        "实施乡村振兴示范强县行动",
        "实施民营经济助力强县行动",
        "实施改革蓄势扩容强县行动",
        "实施要素保障支撑强县行动",
    ] {
        assert!(screen.contains(title), "{title} missing:\n{screen}");
    }
    // at 80x24 too every area is in view (titles cut to the pane's width)
    app.resize(80, 24);
    app.wait_for("实施要素保障支撑");
    let small = app.screen_text();
    for prefix in [
        "实施综合实力跃升",
        "实施产业提质增速",
        "实施科技创新赋能",
        "实施绿色生态筑基",
        "实施乡村振兴示范",
        "实施民营经济助力",
        "实施改革蓄势扩容",
    ] {
        assert!(
            small.contains(prefix),
            "{prefix} missing at 80x24:\n{small}"
        );
    }
    app.resize(120, 40);
    // 3 jumps to the third action area: its tasks fill the tree
    app.send("3");
    app.wait_for("3 实施科技创新赋能强县行动");
    // search lands on the 5G milestone of task 9 (area 2), most specific first
    app.send("/5G基站\r");
    app.wait_for("2 实施产业提质增速强县行动");
    app.wait_for("/5G基站  1/");
    app.send("d");
    app.wait_for("已保存 t9.m");
    app.send("q");
    assert!(app.wait_exit());
    assert!(
        !app.alternate_screen(),
        "the terminal left the alternate screen"
    );
    let state = state_of(home.path(), "jining-2024");
    let done: Vec<&String> = state
        .milestones
        .iter()
        .filter(|(_, m)| m.status == taizhang::state::Status::Done)
        .map(|(id, _)| id)
        .collect();
    assert_eq!(done.len(), 1, "{done:?}");
    assert!(done[0].starts_with("t9.m"), "{done:?}");
}

#[test]
fn wenshang_review_area_1_decide_d_then_p_and_quit() {
    let home = tempfile::tempdir().unwrap();
    let mut app = PtyApp::spawn(
        home.path(),
        &[
            "--as-of",
            "2023-06-30",
            "review",
            "wenshang-2023",
            "--area",
            "1",
        ],
        100,
        30,
    );
    app.wait_for("调度审阅 1/");
    app.wait_for("t1.m1");
    app.send("d");
    app.wait_for("调度审阅 2/");
    app.send("p");
    app.wait_for("调度审阅 3/");
    app.send("q");
    // the session's summary screen
    app.wait_for("有变更 2");
    let summary = app.screen_text();
    assert!(
        summary.contains("已完成 1") && summary.contains("推进中 1"),
        "{summary}"
    );
    app.send(" ");
    assert!(app.wait_exit());
    assert!(!app.alternate_screen());
    let state = state_of(home.path(), "wenshang-2023");
    assert_eq!(state.get("t1.m1").status, taizhang::state::Status::Done);
    assert_eq!(state.get("t2.m1").status, taizhang::state::Status::Doing);
    let session = state.get("t1.m1").history[0]
        .session
        .clone()
        .expect("the decision carries the session id");
    assert_eq!(
        state.get("t2.m1").history[0].session.as_deref(),
        Some(session.as_str())
    );
    // the record: scope, reviewer, start and end
    let sessions = taizhang::review::SessionStore::new(&home.path().join("state"));
    let record = sessions.load("wenshang-2023", &session).unwrap();
    assert_eq!(record.scope.area, Some(1));
    assert!(record.ended.is_some());
    assert_eq!(record.queue.len(), 10);
    // the same summary from the command line, and the list of sessions
    let show = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args([
            "--as-of",
            "2023-06-30",
            "log",
            "wenshang-2023",
            "--session",
            &session,
        ])
        .env("TAIZHANG_HOME", home.path())
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&show.stdout);
    assert!(
        text.contains("已审 2") && text.contains("有变更 2") && text.contains("已完成 1"),
        "{text}"
    );
    let list = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(["log", "wenshang-2023", "--sessions"])
        .env("TAIZHANG_HOME", home.path())
        // English whatever the machine's own locale
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&list.stdout);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with(&session) && text.contains("2/10 reviewed, 2 changed"),
        "{text}"
    );
}

#[test]
fn a_review_killed_mid_session_resumes() {
    let home = tempfile::tempdir().unwrap();
    let mut app = PtyApp::spawn(
        home.path(),
        &["review", "wenshang-2023", "--area", "1"],
        100,
        30,
    );
    app.wait_for("调度审阅 1/");
    app.send("d");
    app.wait_for("调度审阅 2/");
    app.send("b");
    app.wait_for("调度审阅 3/");
    app.kill(); // the terminal died: SIGKILL, no clean exit
    app.wait_exit();
    let state = state_of(home.path(), "wenshang-2023");
    assert_eq!(
        state.get("t2.m1").status,
        taizhang::state::Status::Blocked,
        "the decisions were saved at once"
    );
    let mut again = PtyApp::spawn(home.path(), &["review", "--resume"], 100, 30);
    again.wait_for("调度审阅 3/10");
    again.send("p");
    again.wait_for("调度审阅 4/10");
    again.send("q");
    again.wait_for("有变更 3");
    again.send(" ");
    assert!(again.wait_exit());
    let state = state_of(home.path(), "wenshang-2023");
    let first = state.get("t1.m1").history[0].session.clone();
    let third = state.get("t3.m1").history[0].session.clone();
    assert_eq!(first, third, "the resumed session is the same session");
    // nothing left to resume
    let output = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(["review", "--resume"])
        .env("TAIZHANG_HOME", home.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
}

#[test]
fn a_click_selects_an_area_and_a_row_the_wheel_scrolls_and_quitting_releases_the_mouse() {
    let home = tempfile::tempdir().unwrap();
    let mut app = PtyApp::spawn(
        home.path(),
        &["--as-of", "2025-06-30", "tui", "jining-2024"],
        160,
        45,
    );
    app.wait_for("实施科技创新赋能强县行动");
    assert!(app.mouse_captured(), "the app asks for mouse events");
    let screen = app.screen_text();
    let row = screen
        .lines()
        .position(|l| l.contains("实施科技创新赋能强县行动"))
        .unwrap() as u16;
    app.click(10, row);
    app.wait_for("3 实施科技创新赋能强县行动 ");
    // a click on the tree's second row (the first milestone) selects it:
    // the detail pane shows its status line
    let screen = app.screen_text();
    let tree_top = screen
        .lines()
        .position(|l| l.contains("+ 3 实施科技创新赋能强县行动"))
        .unwrap() as u16;
    app.click(60, tree_top + 2);
    app.send("d");
    app.wait_for("已保存");
    let state = state_of(home.path(), "jining-2024");
    let first = state.milestones.keys().next().cloned().unwrap();
    assert_eq!(state.get(&first).status, taizhang::state::Status::Done);
    // the wheel moves the selection down three rows in the tree
    app.wheel(true, 60, tree_top + 2);
    app.send("d");
    app.wait_for("已保存");
    assert_eq!(
        state_of(home.path(), "jining-2024").milestones.len(),
        2,
        "a second milestone, three rows further down, was marked"
    );
    app.send("q");
    assert!(app.wait_exit());
    assert!(!app.mouse_captured(), "mouse capture released on exit");
    assert!(!app.alternate_screen());
}

#[test]
fn first_start_asks_who_records_changes_and_saves_it_in_config_yaml() {
    let home = tempfile::tempdir().unwrap();
    let mut app = PtyApp::spawn_first_start(
        home.path(),
        &["--as-of", "2025-06-30", "tui", "jining-2024"],
        100,
        30,
    );
    app.wait_for("首次使用：您的姓名");
    app.send("\u{15}张三\r"); // Ctrl-U clears the login name offered
    app.wait_for("您所在的单位");
    app.send("县发展改革局\r");
    app.wait_for("已保存到");
    let config = home.path().join("config.yaml");
    let shown = app.screen_text().replace('\n', "");
    assert!(shown.contains("审阅人 张三 (县发展改革局)"), "{shown}");
    app.send("q");
    assert!(app.wait_exit());
    let text = std::fs::read_to_string(&config).unwrap();
    assert_eq!(
        text,
        "reviewer: \"张三\"\nreviewer_unit: \"县发展改革局\"\n"
    );
    // the next start goes straight to the plan
    let mut again = PtyApp::spawn_first_start(home.path(), &["tui", "jining-2024"], 100, 30);
    again.wait_for("行动领域");
    assert!(!again.screen_text().contains("首次使用"));
    again.send("q");
    assert!(again.wait_exit());
}
