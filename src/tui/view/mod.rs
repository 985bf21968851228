//! Drawing: one widget per pane, composed by [`draw`]. Widgets only read
//! the app; the as-of date comes from the app, never from the clock.

mod areas;
mod detail;
mod footer;
mod header;
mod overlay;
mod review;
mod scorecard;
mod tasks;
mod trend;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

pub use areas::wanted_width;

use super::app::{App, Mode, Pane, Viewport};
use super::theme::Theme;
use crate::state::Light;

/// The smallest screen that is drawn; below it a notice says so.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Box-drawing characters are of ambiguous width (two cells on Chinese
/// terminals), so borders are drawn in ASCII.
pub const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

pub fn pane_block<'a>(title: &'a str, focused: bool, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_set(ASCII_BORDER)
        .border_style(theme.border(focused))
        .title(Span::styled(format!(" {title} "), theme.border(focused)))
}

/// A progress bar of `cells` one-cell ASCII characters.
pub fn bar(progress: f64, cells: usize) -> String {
    let filled = ((progress.clamp(0.0, 1.0) * cells as f64).round() as usize).min(cells);
    format!("[{}{}]", "=".repeat(filled), "-".repeat(cells - filled))
}

/// A light as a styled marker.
pub fn light_span(app: &App, light: Light) -> Span<'static> {
    Span::styled(app.labels.light(light), app.theme.light(light))
}

/// The start of a milestone's heading: its light (once judged) and its id.
pub fn light_and_id(app: &App, milestone: &crate::plan::Milestone) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    if let Some(standing) = app.standings.get(&milestone.id) {
        spans.push(light_span(app, standing.light));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(
        format!("{} ", milestone.id),
        app.theme.muted(),
    ));
    spans
}

/// Where [`layout`] puts each part of the screen (read by drawing, paging
/// and the mouse).
pub struct Regions {
    pub header: Rect,
    pub areas: Rect,
    pub tasks: Rect,
    pub detail: Rect,
    pub status: Rect,
    pub footer: Rect,
}

/// Split the screen: three columns when wide, else areas above tasks on the
/// left and the detail on the right.
///
/// `areas_width` is what the areas pane needs for every title whole: in
/// three columns it gets that (between a quarter and two fifths of the
/// screen), so wider screens never cut what narrower ones show.
pub fn layout(area: Rect, area_count: usize, areas_width: u16) -> Regions {
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(5),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (areas, tasks, detail) = if area.width >= 140 {
        let width = areas_width.clamp(area.width / 4, area.width * 2 / 5);
        let [areas, tasks, detail] = Layout::horizontal([
            Constraint::Length(width),
            Constraint::Fill(1),
            Constraint::Fill(1),
        ])
        .areas(body);
        (areas, tasks, detail)
    } else {
        let [left, detail] =
            Layout::horizontal([Constraint::Percentage(56), Constraint::Percentage(44)])
                .areas(body);
        // every area in view when the tasks keep at least six rows
        let wanted = (area_count as u16 + 2)
            .min(left.height.saturating_sub(8))
            .max(3);
        let [areas, tasks] =
            Layout::vertical([Constraint::Length(wanted), Constraint::Min(3)]).areas(left);
        (areas, tasks, detail)
    };
    Regions {
        header,
        areas,
        tasks,
        detail,
        status,
        footer,
    }
}

/// Draw the whole screen.
pub fn draw(frame: &mut Frame, app: &mut App) {
    fit(app, frame.area());
    render(frame, app);
}

/// The layout pass before a frame: what the tree and areas panes can show
/// at `size` goes into `app.viewport` (for paging), and the cursors are kept
/// in view of it. The only change to the app outside `update`.
pub fn fit(app: &mut App, size: Rect) {
    if size.width < MIN_WIDTH || size.height < MIN_HEIGHT || app.review.is_some() {
        return;
    }
    let parts = layout(size, app.section_count(), areas::wanted_width(app));
    app.viewport = Viewport {
        tree_rows: parts.tasks.height.saturating_sub(2) as usize,
        area_rows: parts.areas.height.saturating_sub(2) as usize,
    };
    app.tree.clamp(app.rows.len(), app.viewport.tree_rows);
    app.areas.clamp(app.section_count(), app.viewport.area_rows);
}

/// Draw the whole screen as laid out by [`fit`]; reads the app only.
pub fn render(frame: &mut Frame, app: &App) {
    let size = frame.area();
    if size.width < MIN_WIDTH || size.height < MIN_HEIGHT {
        frame.render_widget(&overlay::TooSmall { app }, size);
        return;
    }
    if let Some(run) = &app.review {
        let [body, status, footer] = Layout::vertical([
            Constraint::Min(5),
            Constraint::Length(1),
            Constraint::Length(2),
        ])
        .areas(size);
        frame.render_widget(&review::ReviewScreen { app, run }, body);
        frame.render_widget(&footer::StatusLine { app }, status);
        let hints = review::ReviewHints { app };
        frame.render_widget(&hints, footer);
        if app.mode == Mode::Help {
            frame.render_widget(&overlay::Help { app }, size);
        }
        return;
    }
    let parts = layout(size, app.section_count(), areas::wanted_width(app));
    frame.render_widget(&header::Header { app }, parts.header);
    frame.render_widget(&areas::AreasPane { app }, parts.areas);
    frame.render_widget(&tasks::TasksPane { app }, parts.tasks);
    frame.render_widget(&detail::DetailPane { app }, parts.detail);
    frame.render_widget(&footer::StatusLine { app }, parts.status);
    frame.render_widget(&footer::Hints { app }, parts.footer);
    match &app.mode {
        Mode::Help => frame.render_widget(&overlay::Help { app }, size),
        Mode::Choose(chooser) => frame.render_widget(&overlay::ChooserView { app, chooser }, size),
        Mode::Trend(screen) => frame.render_widget(&trend::TrendView { app, screen }, size),
        Mode::Scorecard(screen) => {
            frame.render_widget(&scorecard::ScorecardView { app, screen }, size)
        }
        Mode::Normal | Mode::Input(_) => {}
    }
}

/// Is `pane` the focused one (for border and selection styles)?
pub fn focused(app: &App, pane: Pane) -> bool {
    app.focus == pane && app.mode == Mode::Normal
}

/// A line of `label: value` with the label muted.
pub fn field_line(app: &App, label: &str, value: String) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label}: "), app.theme.muted()),
        Span::raw(value),
    ])
}

/// Push `label: text` wrapped to `width`, continuation lines indented.
pub fn wrapped_field(
    app: &App,
    label: &str,
    text: &str,
    width: usize,
    lines: &mut Vec<Line<'static>>,
) {
    let label_width = unicode_width::UnicodeWidthStr::width(label) + 2;
    for (index, part) in super::wrap::wrap(text, width.saturating_sub(label_width))
        .into_iter()
        .enumerate()
    {
        if index == 0 {
            lines.push(field_line(app, label, part));
        } else {
            lines.push(Line::raw(format!("{}{part}", " ".repeat(label_width))));
        }
    }
}

/// The latest period's progress report: `进展报告 2025-06 张三 06-20:` and
/// each part it has, wrapped.
pub fn report_lines(
    app: &App,
    saved: &crate::state::MilestoneState,
    width: usize,
    lines: &mut Vec<Line<'static>>,
) {
    let Some(report) = crate::state::report::reports(saved).pop() else {
        return;
    };
    let heading = format!(
        "{} {} ({} {}):",
        app.labels.report(),
        report.period,
        report.by,
        report.at.format("%Y-%m-%d")
    );
    for part in super::wrap::wrap(&super::wrap::unambiguous(&heading), width) {
        lines.push(Line::styled(part, app.theme.muted()));
    }
    for field in crate::state::report::PARTS {
        if let Some(text) = report.part(field) {
            let label = app.labels.report_part(field);
            wrapped_field(app, label, &super::wrap::unambiguous(text), width, lines);
        }
    }
}

/// The newest `count` changes of a milestone, newest first, one wrapped
/// entry each: `2025-05-20 09:30 张三 状态 未启动 -> 已完成` (in the app's language).
pub fn history_lines(
    app: &App,
    saved: &crate::state::MilestoneState,
    count: usize,
    width: usize,
    lines: &mut Vec<Line<'static>>,
) {
    for change in saved.history.iter().rev().take(count) {
        let text = crate::i18n::history_line(change, app.labels.locale);
        for part in super::wrap::wrap(&super::wrap::unambiguous(&text), width.saturating_sub(2)) {
            lines.push(Line::styled(format!("  {part}"), app.theme.muted()));
        }
    }
}
