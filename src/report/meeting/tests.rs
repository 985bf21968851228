use chrono::DateTime;

use super::*;
use crate::state::Change;

fn fixture() -> Plan {
    let text = include_str!("../../../tests/fixtures/summary/sx-shuzi.yaml");
    crate::plan::validate::check(text, "sx-shuzi.yaml", Some("sx-shuzi")).unwrap()
}

fn date(text: &str) -> NaiveDate {
    crate::plan::model::parse_date(text).unwrap()
}

/// Set `field` of `milestone` to `to` at `at`, recorded in the history.
fn record(state: &mut PlanState, milestone: &str, field: Field, to: &str, at: &str) {
    let entry = state.milestones.entry(milestone.into()).or_default();
    let n = entry.history.len();
    entry.history.push(Change {
        id: format!("{milestone}-{n}"),
        at: DateTime::parse_from_rfc3339(&format!("{at}T10:00:00+08:00")).unwrap(),
        by: "张三".into(),
        field,
        from: None,
        to: Some(to.into()),
        note: None,
        session: None,
        undoes: None,
        period: None,
    });
    crate::state::history::replay(entry);
}

fn state() -> PlanState {
    let mut state = PlanState::new("sx-shuzi");
    // m5 due 2024-12-31, done late; m2 done in time; m3 blocked
    record(&mut state, "m5", Field::Status, "done", "2025-01-20");
    record(&mut state, "m2", Field::Status, "done", "2025-03-01");
    record(&mut state, "m3", Field::Status, "blocked", "2025-04-01");
    record(&mut state, "m1", Field::Value, "9000", "2025-05-01");
    state
}

fn report(rules: &LightRules) -> MeetingReport {
    let plan = fixture();
    let state = state();
    build(
        &[(&plan, &state)],
        date("2025-06-30"),
        date("2025-04-01"),
        rules,
    )
}

#[test]
fn the_headline_counts_add_up_in_the_official_form() {
    let report = report(&LightRules::default());
    let plan = &report.plans[0];
    let t = &plan.summary.totals;
    assert_eq!(t.done + on_schedule(t) + t.yellow + t.red, t.milestones);
    let headline = plan.headline(report.as_of);
    assert!(
        headline.starts_with(&format!(
            "截至2025年6月30日，《{}》9项任务中已完成2项、正常推进{}项、滞后{}项（其中严重滞后{}项）；逾期{}项、受阻1项。",
            plan.title,
            on_schedule(t),
            t.yellow + t.red,
            t.red,
            t.overdue
        )),
        "{headline}"
    );
    // the area rows are the summary's, goals first
    let ids: Vec<&str> = plan.areas.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["goals", "a1", "a2", "a3"]);
    // changes from --since: the block on 4/1 and the value on 5/1
    assert_eq!(plan.changes.len(), 2);
}

#[test]
fn units_are_scored_on_results_and_done_late_is_not_on_time() {
    let report = report(&LightRules::default());
    let scores = &report.plans[0].scorecard;
    let unit = |name: &str| scores.iter().find(|s| s.unit == name).unwrap();
    // 市工信局 leads m1, m2 (done in time), m5 (done late), m6
    let gongxin = unit("市工信局");
    assert_eq!(
        (gongxin.milestones, gongxin.done, gongxin.done_on_time),
        (4, 2, 1)
    );
    assert_eq!(unit(NO_LEAD).milestones, 2, "the goal and m8");
    let ahead: Vec<f64> = scores.iter().map(UnitScore::ahead).collect();
    assert!(ahead.windows(2).all(|w| w[0] >= w[1]), "{ahead:?}");
}

#[test]
fn red_and_yellow_say_why_and_the_warning_window_flags_what_is_due_soon() {
    let report = report(&LightRules::default());
    let flagged = &report.plans[0].flagged;
    let m3 = flagged.iter().find(|f| f.id == "m3").unwrap();
    assert_eq!((m3.light, m3.why.as_str()), (Light::Red, "受阻"));
    assert_eq!(m3.unit, "市发改委、市大数据局");
    assert!(flagged.iter().all(|f| f.light != Light::Blue));
    assert!(
        flagged.windows(2).all(|w| w[0].light >= w[1].light),
        "red first"
    );
    let m1 = flagged.iter().find(|f| f.id == "m1");
    assert!(m1.is_none_or(|f| f.value == "9000 / >=17000个"));
    // m8 (due 9/30, 92 days on) only with a 100-day window: 临期预警
    let lenient = LightRules {
        yellow_behind: 99.0,
        red_behind: 100.0,
        warn_days: 100,
    };
    let report = super::tests::report(&lenient);
    let m8 = report.plans[0]
        .flagged
        .iter()
        .find(|f| f.id == "m8")
        .unwrap();
    assert_eq!(
        (m8.light, m8.why.as_str()),
        (Light::Yellow, "临期预警（92天后到期）")
    );
    // no periodic reports in this state
    assert!(report.plans[0].flagged.iter().all(|f| f.report.is_none()));
}

#[test]
fn a_flagged_milestone_shows_its_latest_period_report() {
    let plan = fixture();
    let mut state = state();
    let mut progress = |field: Field, to: &str, period: &str, at: &str| {
        record(&mut state, "m3", field, to, at);
        let entry = state.milestones.get_mut("m3").unwrap();
        entry.history.last_mut().unwrap().period = Some(period.to_string());
    };
    progress(Field::Progress, "完成选址", "2025-05", "2025-05-28");
    progress(Field::Progress, "主体施工过半", "2025-06", "2025-06-25");
    progress(Field::Problems, "资金缺口", "2025-06", "2025-06-26");
    let report = build(
        &[(&plan, &state)],
        date("2025-06-30"),
        date("2025-04-01"),
        &LightRules::default(),
    );
    let m3 = report.plans[0]
        .flagged
        .iter()
        .find(|f| f.id == "m3")
        .unwrap();
    assert_eq!(
        m3.report,
        Some(ProgressReport {
            period: "2025-06".into(),
            progress: "主体施工过半".into(),
            problems: "资金缺口".into(),
        })
    );
    let table = super::tables::flagged(&report.plans[0], 2025);
    assert!(
        table.rows.iter().any(|row| row
            .iter()
            .any(|c| c == "2025-06进展情况：主体施工过半；存在问题：资金缺口")),
        "{:?}",
        table.rows
    );
}

#[test]
fn markdown_says_none_for_empty_tables_and_html_escapes_text() {
    let plan = fixture();
    let state = PlanState::new("sx-shuzi");
    let report = build(
        &[(&plan, &state)],
        date("2024-01-02"),
        date("2024-01-01"),
        &LightRules::default(),
    );
    let text = markdown::render(&report);
    assert!(text.contains("### 四、红黄灯事项\n\n无。"), "{text}");
    assert!(
        text.contains("### 五、近期变化（1月1日以来，共0条）\n\n无。"),
        "{text}"
    );
    assert_eq!(
        html::escape("<a href=\"x\">&'"),
        "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
    );
}

#[test]
fn charts_without_a_font_are_drawn_without_text() {
    let report = report(&LightRules::default());
    let plan = &report.plans[0];
    for chart in [
        charts::Chart::BurnUp(&plan.trend),
        charts::Chart::AreaLights(&plan.areas),
        charts::Chart::Scorecard(&plan.scorecard),
    ] {
        let svg = charts::svg(chart, false);
        assert!(!svg.contains("<text"), "{svg}");
        assert!(
            svg.contains("<polyline") || svg.contains("<rect x"),
            "{svg}"
        );
        let labelled = charts::svg(chart, charts::labels_available());
        assert_eq!(labelled.contains("<text"), charts::labels_available());
    }
}
