//! What is drawn over the panes: the key help, a pick-one list, and the
//! "too small" notice.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::pane_block;
use crate::tui::action::Action;
use crate::tui::app::{App, Chooser, ChooserPurpose};
use crate::tui::wrap::{fit, wrap};

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// Clear the popup's rectangle so it is drawn whole: a wide character
/// starting just left of it would cover its left border on the terminal
/// (the border cell is the second half of that character), so that
/// character is blanked too.
fn clear_popup(rect: Rect, buf: &mut Buffer) {
    Clear.render(rect, buf);
    if rect.x == 0 {
        return;
    }
    for y in rect.top()..rect.bottom() {
        if let Some(cell) = buf.cell_mut((rect.x - 1, y))
            && unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
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
        // the area digits: 0 the headline goals, 1 to 9 the action areas
        rows.insert(
            0,
            (
                app.keymap.keys_for(Action::JumpArea(0)),
                Action::JumpArea(0).label(app.labels.locale),
            ),
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
        clear_popup(rect, buf);
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
        let chooser = self.chooser;
        let purpose = match &chooser.purpose {
            ChooserPurpose::Milestone { .. } => app.labels.choose_milestone().to_string(),
            ChooserPurpose::LeadUnit => app.labels.choose_lead().to_string(),
            ChooserPurpose::Plan { sort, .. } => crate::tui::picker::title(app, *sort),
            ChooserPurpose::ConfirmValue { question, .. } => question.clone(),
        };
        // what is typed narrows the list, and shows in the title
        let title = if chooser.filter.is_empty() {
            purpose.to_string()
        } else {
            format!("{purpose}: {}_", chooser.filter)
        };
        let visible = chooser.visible();
        let height = (visible.len().max(1) as u16 + 2)
            .min(area.height.saturating_sub(2))
            .max(3);
        let rect = centered(area, area.width.saturating_sub(8).min(70), height);
        clear_popup(rect, buf);
        let block = pane_block(&title, true, &app.theme);
        let inner = block.inner(rect);
        block.render(rect, buf);
        if visible.is_empty() {
            Paragraph::new(app.labels.no_match())
                .style(app.theme.muted())
                .render(inner, buf);
            return;
        }
        let rows = inner.height as usize;
        let offset = chooser
            .cursor
            .selected
            .saturating_sub(rows.saturating_sub(1));
        let lines: Vec<Line> = visible
            .iter()
            .enumerate()
            .skip(offset)
            .take(rows)
            .map(|(position, &index)| {
                let number = if position < 9 {
                    format!("{} ", position + 1)
                } else {
                    "  ".into()
                };
                let text = format!("{number}{}", chooser.items[index]);
                let line = Line::raw(fit(&text, inner.width as usize));
                if position == chooser.cursor.selected {
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
        let lines: Vec<Line> = wrap(&self.app.labels.too_small(), area.width.max(2) as usize)
            .into_iter()
            .map(Line::raw)
            .collect();
        Paragraph::new(lines).render(area, buf);
    }
}
