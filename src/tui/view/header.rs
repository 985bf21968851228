//! Plan title, as-of date, overall progress and 蓝黄红 counts.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::bar;
use crate::state::Light;
use crate::tui::app::App;
use crate::tui::wrap::fit;

pub struct Header<'a> {
    pub app: &'a App,
}

impl Widget for &Header<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines = vec![self.title_line(area.width), self.totals_line(area.width)];
        Paragraph::new(lines).render(area, buf);
    }
}

impl Header<'_> {
    /// The plan's title, shortened to leave room for the as-of date and,
    /// past the plan's end, the note that says so.
    fn title_line(&self, width: u16) -> Line<'static> {
        let app = self.app;
        let labels = &app.labels;
        let mut facts = vec![Span::styled(
            format!("  {} {}", labels.as_of(), app.as_of),
            app.theme.muted(),
        )];
        // past the plan's end every open milestone is overdue: say why, and
        // how to see the plan as it stood
        let end = app.plan().span.end;
        if app.as_of > end {
            let title = unicode_width::UnicodeWidthStr::width(app.plan().title.as_str());
            let used: usize = facts.iter().map(Span::width).sum();
            let full = format!("  {}", labels.past_end(end));
            // the whole sentence when it fits beside the title, else the short one
            let note = if title + used + unicode_width::UnicodeWidthStr::width(full.as_str())
                <= width as usize
            {
                full
            } else {
                format!("  {}", labels.past_end_short(end))
            };
            facts.push(Span::styled(note, app.theme.error()));
        }
        let used: usize = facts.iter().map(Span::width).sum();
        let mut spans = vec![Span::styled(
            fit(
                &app.plan().title,
                (width as usize).saturating_sub(used).max(10),
            ),
            app.theme.accent(),
        )];
        spans.extend(facts);
        Line::from(spans)
    }

    /// Progress, the lights and overdue counts, the filters on, and sync.
    fn totals_line(&self, width: u16) -> Line<'static> {
        let app = self.app;
        let labels = &app.labels;
        let totals = &app.totals;
        let mut spans = vec![
            Span::raw(format!("{} {:>5.1}% ", labels.progress(), totals.percent)),
            Span::raw(bar(totals.progress(), if width < 120 { 10 } else { 20 })),
        ];
        for light in Light::ALL {
            spans.push(Span::raw("  "));
            spans.push(Span::styled(labels.light(light), app.theme.light(light)));
            spans.push(Span::raw(format!(" {}", totals.count(light))));
        }
        spans.push(Span::raw(format!(
            "  {} {}",
            labels.overdue(),
            totals.overdue
        )));
        if let Some(unit) = &app.filter_lead {
            spans.push(Span::styled(
                format!("  [{}: {unit}]", labels.filter()),
                app.theme.accent(),
            ));
        }
        if app.attention_only {
            spans.push(Span::styled(
                format!("  [{}]", labels.attention_on()),
                app.theme.accent(),
            ));
        }
        spans.extend(self.sync_facts());
        Line::from(spans)
    }

    /// When sync is set up for this state folder: the last sync, and
    /// whether local changes wait to be sent.
    fn sync_facts(&self) -> Vec<Span<'static>> {
        let app = self.app;
        let labels = &app.labels;
        let Some(status) = app
            .sync
            .as_ref()
            .map(|s| &s.status)
            .filter(|s| s.remote.is_some())
        else {
            return Vec::new();
        };
        let last = status
            .last_sync
            .map(|at| format!("{} {}", labels.last_sync(), at.format("%m-%d %H:%M")))
            .unwrap_or_else(|| labels.never_synced().to_string());
        let mut spans = vec![Span::styled(format!("  {last}"), app.theme.muted())];
        if status.local_changes_waiting {
            spans.push(Span::styled(
                format!(" [{}]", labels.waiting()),
                app.theme.accent(),
            ));
        }
        spans
    }
}
