//! The selection in full: the task's text wrapped for Chinese, its lead and
//! supporting units, and each milestone's target, value, due date, note and
//! recent history.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{field_line, focused, history_lines, pane_block, report_lines, wrapped_field};
use crate::plan::model::format_number;
use crate::plan::{Milestone, Task};
use crate::tui::app::{App, Pane};
use crate::tui::wrap::{unambiguous, wrap};

/// Changes shown per milestone.
const RECENT: usize = 3;

pub struct DetailPane<'a> {
    pub app: &'a App,
}

impl Widget for &DetailPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let block = pane_block(app.labels.detail(), focused(app, Pane::Detail), &app.theme);
        let inner = block.inner(area);
        block.render(area, buf);
        let width = inner.width as usize;
        let (task, selected) = match app.selected_row() {
            Some(row) => app.row_items(row),
            None => (None, None),
        };
        let mut lines = Vec::new();
        if let Some(milestone) = selected {
            milestone_lines(app, milestone, width, &mut lines);
            lines.push(Line::raw(""));
        }
        if let Some(task) = task {
            task_lines(app, task, selected, width, &mut lines);
        }
        Paragraph::new(lines)
            .scroll((app.detail_scroll, 0))
            .render(inner, buf);
    }
}

fn task_lines(
    app: &App,
    task: &Task,
    selected: Option<&Milestone>,
    width: usize,
    lines: &mut Vec<Line<'static>>,
) {
    let labels = &app.labels;
    let heading = format!("{} {}", task.number, task.title);
    for part in wrap(heading.trim(), width) {
        lines.push(Line::styled(part, app.theme.accent()));
    }
    if !task.lead.is_empty() {
        wrapped_field(app, labels.lead(), &task.lead.join("、"), width, lines);
    }
    if !task.support.is_empty() {
        wrapped_field(
            app,
            labels.support(),
            &task.support.join("、"),
            width,
            lines,
        );
    }
    if !task.text.is_empty() {
        lines.push(Line::raw(""));
        for part in wrap(&task.text, width) {
            lines.push(Line::raw(part));
        }
    }
    for milestone in &task.milestones {
        if Some(milestone) != selected {
            lines.push(Line::raw(""));
            milestone_lines(app, milestone, width, lines);
        }
    }
}

fn milestone_lines(app: &App, milestone: &Milestone, width: usize, lines: &mut Vec<Line<'static>>) {
    let labels = &app.labels;
    let saved = app.state.get(&milestone.id);
    // light and id, then the title wrapped for Chinese under them
    let mut heading = super::light_and_id(app, milestone);
    let lead_cells: usize = heading.iter().map(|s| s.width()).sum();
    let mut parts = wrap(&milestone.title, width.saturating_sub(lead_cells)).into_iter();
    heading.push(Span::styled(
        parts.next().unwrap_or_default(),
        app.theme.accent(),
    ));
    lines.push(Line::from(heading));
    for part in parts {
        lines.push(Line::styled(
            format!("{}{part}", " ".repeat(lead_cells)),
            app.theme.accent(),
        ));
    }
    let mut status = labels.status(saved.status).to_string();
    if app.standings.get(&milestone.id).is_some_and(|s| s.overdue) {
        status.push_str(&format!(" ({})", labels.overdue()));
    }
    lines.push(field_line(app, labels.status_label(), status));
    if let Some(target) = &milestone.target {
        lines.push(field_line(app, labels.target(), target.describe()));
        let value = saved.value.map(format_number).unwrap_or_else(|| "-".into());
        lines.push(field_line(app, labels.value(), value));
    }
    if let Some(due) = milestone.due {
        lines.push(field_line(app, labels.due(), due.to_string()));
    }
    if let Some(note) = &saved.note {
        wrapped_field(app, labels.note(), &unambiguous(note), width, lines);
    }
    report_lines(app, saved, width, lines);
    if !saved.history.is_empty() {
        lines.push(Line::styled(
            format!("{}:", labels.history()),
            app.theme.muted(),
        ));
        history_lines(app, saved, RECENT, width, lines);
    }
}
