//! The tasks of the selected area as a tree: task, sub-tasks, milestones,
//! with id, status, due date, target and value.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{focused, light_span, pane_block};
use crate::plan::model::format_number;
use crate::tui::app::{App, Pane, Row};
use crate::tui::wrap::fit;

pub struct TasksPane<'a> {
    pub app: &'a App,
}

impl Widget for &TasksPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let is_focused = focused(app, Pane::Tasks);
        // a plan may have no area at all (`areas: []`): then no title
        let selected = app
            .area_index()
            .and_then(|i| Some((i, app.plan().areas.get(i)?)));
        let title = match selected {
            Some((index, area)) => format!("{} {}", index + 1, area.title),
            None if app.plan().goals.is_empty() => String::new(),
            None => app.labels.goals().to_string(),
        };
        let title = fit(&title, (area.width as usize).saturating_sub(4));
        let block = pane_block(&title, is_focused, &app.theme);
        let inner = block.inner(area);
        block.render(area, buf);
        if app.rows.is_empty() {
            Paragraph::new(app.labels.empty())
                .style(app.theme.muted())
                .render(inner, buf);
            return;
        }
        let lines: Vec<Line> = app
            .rows
            .iter()
            .enumerate()
            .skip(app.tree.offset)
            .take(inner.height as usize)
            .map(|(index, row)| {
                let mut line = row_line(app, row, inner.width as usize);
                if index == app.tree.selected {
                    line = line.style(app.theme.selected(is_focused));
                }
                line
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }
}

/// One row of the tree in `width` cells: what identifies and measures it
/// (marker, light, status, id, value against target, due date) stays, and
/// the title is shortened with `..` to make room.
fn row_line(app: &App, row: &Row, width: usize) -> Line<'static> {
    let indent = "  ".repeat(row.depth());
    match app.row_items(row) {
        (Some(task), None) => {
            let open = !app.collapsed.contains(&task.id);
            let marker = if task.milestones.is_empty() && task.tasks.is_empty() {
                " "
            } else if open {
                "-"
            } else {
                "+"
            };
            let head = vec![
                Span::raw(format!("{indent}{marker} ")),
                Span::styled(format!("{} ", task.id), app.theme.muted()),
            ];
            let used: usize = head.iter().map(Span::width).sum();
            let mut spans = head;
            spans.push(Span::styled(
                fit(&task.title, width.saturating_sub(used)),
                app.theme.accent(),
            ));
            Line::from(spans)
        }
        (_, Some(milestone)) => {
            let saved = app.state.get(&milestone.id);
            let standing = app.standings.get(&milestone.id).copied();
            let mut spans = vec![Span::raw(format!("{indent}  "))];
            if let Some(standing) = standing {
                spans.push(light_span(app, standing.light));
                spans.push(Span::raw(" "));
            }
            let status = Span::raw(format!("[{}] ", app.labels.status(saved.status)));
            let id = Span::styled(format!("{} ", milestone.id), app.theme.muted());
            let mut tail = Vec::new();
            if let Some(target) = &milestone.target {
                let value = saved.value.map(format_number).unwrap_or_else(|| "-".into());
                tail.push(Span::raw(format!(" {value}/{}", target.describe())));
            }
            if let Some(due) = milestone.due {
                tail.push(Span::styled(format!(" {due}"), app.theme.muted()));
            }
            let cells = |spans: &[&Span]| spans.iter().map(|s| s.width()).sum::<usize>();
            let fixed: Vec<&Span> = spans.iter().chain([&id]).chain(&tail).collect();
            // the title gives way first, then the status word (the light
            // still shows how it stands); value and due date stay
            if cells(&fixed) + status.width() <= width {
                spans.push(status);
            }
            spans.push(id);
            let used: usize = spans.iter().chain(&tail).map(Span::width).sum();
            spans.push(Span::raw(fit(&milestone.title, width.saturating_sub(used))));
            spans.extend(tail);
            Line::from(spans)
        }
        _ => Line::raw(""),
    }
}
