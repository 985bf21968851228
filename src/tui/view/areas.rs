//! The action areas, numbered, each with a progress bar and its light.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{bar, focused, light_span, pane_block};
use crate::tui::app::{App, Pane};
use crate::tui::wrap::fit;

/// Cells before an area's title: number, light, bar and percent.
fn prefix_width(app: &App) -> usize {
    let light = unicode_width::UnicodeWidthStr::width(app.labels.light(crate::state::Light::Red));
    3 + light + 15
}

/// The width the pane needs to show every title whole, borders included.
pub fn wanted_width(app: &App) -> u16 {
    let goals = (app.goals_offset() == 1).then(|| app.labels.goals());
    let longest = goals
        .into_iter()
        .chain(app.plan().areas.iter().map(|a| a.title.as_str()))
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(0);
    (prefix_width(app) + longest + 2) as u16
}

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
                let mut spans = vec![
                    Span::raw(format!("{number:>2} ")),
                    light_span(app, totals.light()),
                    Span::raw(format!(
                        " {} {:>3.0}% ",
                        bar(totals.progress(), 6),
                        totals.percent
                    )),
                ];
                let used: usize = spans.iter().map(Span::width).sum();
                // whole, or shortened with `..`: never cut mid-character
                spans.push(Span::raw(fit(
                    &title,
                    (inner.width as usize).saturating_sub(used),
                )));
                let mut line = Line::from(spans);
                if index == app.areas.selected {
                    line = line.style(app.theme.selected(is_focused));
                }
                line
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }
}
