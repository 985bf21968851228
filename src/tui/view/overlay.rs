//! What is drawn over the panes: the key help, a pick-one list, and the
//! "too small" notice.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::pane_block;
use crate::tui::action::Action;
use crate::tui::app::{App, Chooser, ChooserPurpose};
use crate::tui::wrap::wrap;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

pub struct Help<'a> {
    pub app: &'a App,
}

impl Widget for &Help<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let mut rows: Vec<(String, &str)> = Action::ALL
            .iter()
            .map(|a| (app.keymap.keys_for(*a), a.label(app.labels.locale)))
            .collect();
        rows.insert(
            0,
            ("1-9".into(), Action::JumpArea(1).label(app.labels.locale)),
        );
        let half = rows.len().div_ceil(2);
        let lines: Vec<Line> = (0..half)
            .map(|i| {
                let mut spans = Vec::new();
                for (keys, label) in [rows.get(i), rows.get(i + half)].into_iter().flatten() {
                    spans.push(Span::styled(format!("{keys:>10} "), app.theme.accent()));
                    let pad = 16usize.saturating_sub(unicode_width::UnicodeWidthStr::width(*label));
                    spans.push(Span::raw(format!("{label}{}", " ".repeat(pad))));
                }
                Line::from(spans)
            })
            .collect();
        let rect = centered(area, 58, half as u16 + 2);
        Clear.render(rect, buf);
        let block = pane_block(app.labels.help_title(), true, &app.theme);
        Paragraph::new(lines).block(block).render(rect, buf);
    }
}

pub struct ChooserView<'a> {
    pub app: &'a App,
    pub chooser: &'a Chooser,
}

impl Widget for &ChooserView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let title = match &self.chooser.purpose {
            ChooserPurpose::Milestone { .. } => app.labels.choose_milestone().to_string(),
            ChooserPurpose::LeadUnit => app.labels.choose_lead().to_string(),
            ChooserPurpose::Plan { sort, .. } => crate::tui::picker::title(app, *sort),
        };
        let height = (self.chooser.items.len() as u16 + 2)
            .min(area.height.saturating_sub(2))
            .max(3);
        let rect = centered(area, area.width.saturating_sub(8).min(70), height);
        Clear.render(rect, buf);
        let block = pane_block(&title, true, &app.theme);
        let inner = block.inner(rect);
        block.render(rect, buf);
        let visible = inner.height as usize;
        let offset = self
            .chooser
            .cursor
            .selected
            .saturating_sub(visible.saturating_sub(1));
        let lines: Vec<Line> = self
            .chooser
            .items
            .iter()
            .enumerate()
            .skip(offset)
            .take(visible)
            .map(|(index, item)| {
                let number = if index < 9 {
                    format!("{} ", index + 1)
                } else {
                    "  ".into()
                };
                let line = Line::raw(format!("{number}{item}"));
                if index == self.chooser.cursor.selected {
                    line.style(app.theme.selected(true))
                } else {
                    line
                }
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }
}

pub struct TooSmall<'a> {
    pub app: &'a App,
}

impl Widget for &TooSmall<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines: Vec<Line> = wrap(self.app.labels.too_small(), area.width.max(2) as usize)
            .into_iter()
            .map(Line::raw)
            .collect();
        Paragraph::new(lines).render(area, buf);
    }
}
