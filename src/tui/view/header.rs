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
                <= area.width as usize
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
                (area.width as usize).saturating_sub(used).max(10),
            ),
            app.theme.accent(),
        )];
        spans.extend(facts);
        let title = Line::from(spans);
        let totals = &app.totals;
        let mut spans = vec![
            Span::raw(format!("{} {:>5.1}% ", labels.progress(), totals.percent)),
            Span::raw(bar(
                totals.progress(),
                if area.width < 120 { 10 } else { 20 },
            )),
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
        // sync facts only once sync is set up for this state folder
        if let Some(status) = app
            .sync
            .as_ref()
            .map(|s| &s.status)
            .filter(|s| s.remote.is_some())
        {
            let last = status
                .last_sync
                .map(|at| format!("{} {}", labels.last_sync(), at.format("%m-%d %H:%M")))
                .unwrap_or_else(|| labels.never_synced().to_string());
            spans.push(Span::styled(format!("  {last}"), app.theme.muted()));
            if status.local_changes_waiting {
                spans.push(Span::styled(
                    format!(" [{}]", labels.waiting()),
                    app.theme.accent(),
                ));
            }
        }
        Paragraph::new(vec![title, Line::from(spans)]).render(area, buf);
    }
}
