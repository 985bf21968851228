//! The action areas, numbered, each with a progress bar and its light.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{bar, focused, light_span, pane_block};
use crate::tui::app::{App, Pane};

pub struct AreasPane<'a> {
    pub app: &'a App,
}

impl Widget for &AreasPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let is_focused = focused(app, Pane::Areas);
        let block = pane_block(app.labels.areas(), is_focused, &app.theme);
        let inner = block.inner(area);
        block.render(area, buf);
        let height = inner.height as usize;
        let goals = (app.goals_offset() == 1).then(|| app.labels.goals().to_string());
        let titles = goals
            .into_iter()
            .chain(app.plan().areas.iter().map(|a| a.title.clone()));
        let lines: Vec<Line> = titles
            .enumerate()
            .skip(app.areas.offset)
            .take(height)
            .map(|(index, title)| {
                let totals = &app.section_totals[index];
                // the goals are section 0 (key 0); areas keep their numbers
                let number = index + 1 - app.goals_offset();
                let mut line = Line::from(vec![
                    Span::raw(format!("{number:>2} ")),
                    light_span(app, totals.light()),
                    Span::raw(format!(
                        " {} {:>3.0}% ",
                        bar(totals.progress(), 6),
                        totals.percent
                    )),
                    Span::raw(title),
                ]);
                if index == app.areas.selected {
                    line = line.style(app.theme.selected(is_focused));
                }
                line
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }
}
