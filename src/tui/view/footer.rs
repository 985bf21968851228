//! The status line (saves, errors, the text prompt) and the key hints, made
//! from the key map that dispatches the keys.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use unicode_width::UnicodeWidthStr;

use crate::tui::action::Action;
use crate::tui::app::{App, InputPurpose, Mode};

pub struct StatusLine<'a> {
    pub app: &'a App,
}

impl Widget for &StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let line = match (&app.mode, &app.flash) {
            (Mode::Input(input), _) => {
                let label = match input.purpose {
                    InputPurpose::Search => app.labels.search_prompt().to_string(),
                    InputPurpose::Value { ref milestone } => {
                        // the target and its unit, so the value is typed as it is written
                        let target = app
                            .plan()
                            .find_milestone(milestone)
                            .and_then(|m| m.milestone.target.as_ref())
                            .map(|t| format!(" ({} {})", app.labels.target(), t.describe()))
                            .unwrap_or_default();
                        format!("{} {milestone}{target}", app.labels.value_prompt())
                    }
                    InputPurpose::Note { ref milestone } => {
                        format!("{} {milestone}", app.labels.note_prompt())
                    }
                    InputPurpose::Report {
                        ref milestone,
                        ref period,
                        field,
                    } => format!("{} {milestone} {period}", app.labels.report_part(field)),
                    InputPurpose::Reviewer(_) => app.labels.reviewer_prompt().to_string(),
                    InputPurpose::ReviewerUnit { .. } => app.labels.unit_prompt().to_string(),
                };
                let label = format!("{label}: ");
                let room = (area.width as usize).saturating_sub(label.width());
                let (before, under, rest) = input.editor.view(room);
                let cursor = Style::new().add_modifier(Modifier::REVERSED);
                Line::from(vec![
                    Span::styled(label, app.theme.accent()),
                    Span::raw(before),
                    Span::styled(under.map_or(" ".to_string(), String::from), cursor),
                    Span::raw(rest),
                ])
            }
            (_, Some(flash)) => {
                let style = if flash.error {
                    app.theme.error()
                } else {
                    app.theme.accent()
                };
                Line::styled(flash.text.clone(), style)
            }
            _ => Line::raw(""),
        };
        Paragraph::new(line).render(area, buf);
    }
}

pub struct Hints<'a> {
    pub app: &'a App,
}

impl Widget for &Hints<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let hints: Vec<(String, String)> = Action::FOOTER
            .iter()
            .map(|a| {
                let label = format!(" {}  ", a.label(app.labels.locale));
                (app.keymap.keys_for(*a), label)
            })
            .collect();
        // whole hints only, chosen by priority (help and quit always), then
        // shown in the footer's order: a hint cut in half is worse than none
        let mut shown = vec![false; hints.len()];
        let mut used = 0;
        for index in Action::FOOTER_PRIORITY {
            let (keys, label) = &hints[index];
            let cells = keys.width() + label.width();
            if !keys.is_empty() && used + cells <= area.width as usize {
                used += cells;
                shown[index] = true;
            }
        }
        let mut spans = Vec::new();
        for ((keys, label), shown) in hints.into_iter().zip(shown) {
            if shown {
                spans.push(Span::styled(keys, app.theme.accent()));
                spans.push(Span::styled(label, app.theme.muted()));
            }
        }
        Paragraph::new(Line::from(spans)).render(area, buf);
    }
}
