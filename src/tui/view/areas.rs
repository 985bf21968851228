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
        let lines: Vec<Line> = app
            .plan()
            .areas
            .iter()
            .enumerate()
            .skip(app.areas.offset)
            .take(height)
            .map(|(index, plan_area)| {
                let totals = &app.area_totals[index];
                let mut line = Line::from(vec![
                    Span::raw(format!("{:>2} ", index + 1)),
                    light_span(app, totals.light()),
                    Span::raw(format!(
                        " {} {:>3.0}% ",
                        bar(totals.progress(), 6),
                        totals.percent
                    )),
                    Span::raw(plan_area.title.clone()),
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
