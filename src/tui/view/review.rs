//! The review screen: one milestone, full screen, with everything needed
//! to decide on it; and the session's closing summary.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{field_line, history_lines, light_and_id, pane_block, report_lines, wrapped_field};
use crate::config::Locale;
use crate::plan::model::format_number;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::review::ReviewRun;
use crate::tui::wrap::{unambiguous, wrap};

/// Changes shown for the milestone under review.
const RECENT: usize = 5;

pub struct ReviewScreen<'a> {
    pub app: &'a App,
    pub run: &'a ReviewRun,
}

impl Widget for &ReviewScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, run) = (self.app, self.run);
        let zh = app.labels.locale == Locale::Zh;
        let title = if zh { "调度审阅" } else { "Review" };
        let plan = app.plan();
        let heading = match &run.summary {
            Some(_) => title.to_string(),
            None => format!(
                "{title} {}/{}  {}",
                (run.record.position + 1).min(run.record.queue.len()),
                run.record.queue.len(),
                crate::i18n::review::scope(&run.record.scope, plan, app.labels.locale)
            ),
        };
        let block = pane_block(&heading, true, &app.theme);
        let inner = block.inner(area);
        block.render(area, buf);
        let width = inner.width as usize;
        let lines = match &run.summary {
            Some(summary) => summary_lines(app, summary, width),
            None => match run.current().and_then(|id| plan.find_milestone(id)) {
                Some(found) => milestone_lines(app, found, width),
                None => vec![Line::raw(app.labels.empty())],
            },
        };
        Paragraph::new(lines).render(inner, buf);
    }
}

/// The session's closing summary.
fn summary_lines(
    app: &App,
    summary: &crate::review::SessionSummary,
    width: usize,
) -> Vec<Line<'static>> {
    let zh = app.labels.locale == Locale::Zh;
    let mut lines: Vec<Line> = Vec::new();
    for text in summary.lines(zh) {
        for part in wrap(&text, width) {
            lines.push(Line::raw(part));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        if zh {
            "按任意键继续"
        } else {
            "Press any key to continue"
        },
        app.theme.muted(),
    ));
    lines
}

/// The milestone under review: its area and task, then the milestone
/// with its target, due date, note, report and recent changes.
fn milestone_lines<'a>(
    app: &'a App,
    found: crate::plan::model::MilestoneRef<'a>,
    width: usize,
) -> Vec<Line<'a>> {
    let plan = app.plan();
    let milestone = found.milestone;
    let labels = &app.labels;
    let mut lines: Vec<Line> = Vec::new();
    match (found.area, found.task) {
        (Some(area), Some(task)) => {
            let number = plan
                .areas
                .iter()
                .position(|a| a.id == area.id)
                .map(|i| i + 1)
                .unwrap_or(0);
            lines.push(Line::styled(
                format!("({number}) {}", area.title),
                app.theme.muted(),
            ));
            for part in wrap(&format!("{} {}", task.number, task.title), width) {
                lines.push(Line::styled(part, app.theme.accent()));
            }
            if !task.lead.is_empty() {
                lines.push(field_line(app, labels.lead(), task.lead.join("、")));
            }
            if !task.support.is_empty() {
                lines.push(field_line(app, labels.support(), task.support.join("、")));
            }
            for part in wrap(&task.text, width) {
                lines.push(Line::raw(part));
            }
        }
        _ => lines.push(Line::styled(labels.goals(), app.theme.muted())),
    }
    lines.push(Line::raw(""));
    let saved = app.state.get(&milestone.id);
    let mut head = light_and_id(app, milestone);
    head.push(Span::raw(format!("[{}]", labels.status(saved.status))));
    lines.push(Line::from(head));
    for part in wrap(&milestone.title, width) {
        lines.push(Line::styled(part, app.theme.accent()));
    }
    if let Some(target) = &milestone.target {
        let value = saved.value.map(format_number).unwrap_or_else(|| "-".into());
        lines.push(field_line(
            app,
            labels.target(),
            format!("{}   {}: {value}", target.describe(), labels.value()),
        ));
    }
    if let Some(due) = milestone.due {
        let overdue = app.standings.get(&milestone.id).is_some_and(|s| s.overdue);
        let flag = if overdue {
            format!(" ({})", labels.overdue())
        } else {
            String::new()
        };
        lines.push(field_line(app, labels.due(), format!("{due}{flag}")));
    }
    if let Some(note) = &saved.note {
        wrapped_field(app, labels.note(), &unambiguous(note), width, &mut lines);
    }
    report_lines(app, saved, width, &mut lines);
    history_lines(app, saved, RECENT, width, &mut lines);
    lines
}

/// The review keys, from the same key map that dispatches them.
pub struct ReviewHints<'a> {
    pub app: &'a App,
}

impl Widget for &ReviewHints<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let locale = app.labels.locale;
        let mut spans = Vec::new();
        for action in Action::REVIEW {
            spans.push(Span::styled(
                app.keymap.keys_for(action),
                app.theme.accent(),
            ));
            spans.push(Span::styled(
                format!(" {}  ", action.label(locale)),
                app.theme.muted(),
            ));
        }
        let (skip, back) = match locale {
            Locale::Zh => ("跳过", "上一个"),
            Locale::En => ("skip", "back"),
        };
        spans.push(Span::styled("Space/Right", app.theme.accent()));
        spans.push(Span::styled(format!(" {skip}  "), app.theme.muted()));
        spans.push(Span::styled("Left", app.theme.accent()));
        spans.push(Span::styled(format!(" {back}"), app.theme.muted()));
        Paragraph::new(Line::from(spans))
            .wrap(Wrap { trim: true })
            .render(area, buf);
    }
}
