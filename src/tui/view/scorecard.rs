//! The units' scorecard (`U`): each lead unit's milestones, done, done on
//! time, overdue, red, completion and 序时进度, ranked as the report ranks
//! them (`report::meeting::scorecard`), with an ASCII bar: `=` up to the
//! completion, `|` at the schedule.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthChar;

use super::pane_block;
use crate::report::meeting::UnitScore;
use crate::report::text::{pad, width};
use crate::state::Light;
use crate::tui::app::App;

pub struct ScorecardView<'a> {
    pub app: &'a App,
    pub scores: &'a [UnitScore],
}

/// `text` cut to `cells` display cells.
fn fit(text: &str, cells: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > cells {
            break;
        }
        used += w;
        out.push(c);
    }
    out
}

/// `[=====|---]`: completion filled, the schedule marked.
fn score_bar(score: &UnitScore, cells: usize) -> String {
    let at = |percent: f64| ((percent.clamp(0.0, 100.0) / 100.0) * cells as f64).round() as usize;
    let filled = at(score.percent).min(cells);
    let mark = at(score.schedule).min(cells.saturating_sub(1));
    let mut bar: Vec<char> = (0..cells)
        .map(|i| if i < filled { '=' } else { '-' })
        .collect();
    if cells > 0 {
        bar[mark] = '|';
    }
    format!("[{}]", bar.into_iter().collect::<String>())
}

impl Widget for &ScorecardView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let l = &app.labels;
        Clear.render(area, buf);
        let block = pane_block(l.scores_title(), true, &app.theme);
        let inner = block.inner(area);
        block.render(area, buf);
        let numbers = [
            l.score_count(),
            l.score_done(),
            l.score_on_time(),
            l.score_overdue(),
            l.score_red(),
            l.score_percent(),
            l.score_schedule(),
            l.score_ahead(),
        ];
        let rows: Vec<[String; 8]> = self
            .scores
            .iter()
            .map(|s| {
                [
                    s.milestones.to_string(),
                    s.done.to_string(),
                    s.done_on_time.to_string(),
                    s.overdue.to_string(),
                    s.red.to_string(),
                    format!("{:.1}", s.percent),
                    format!("{:.1}", s.schedule),
                    format!("{:+.1}", s.ahead()),
                ]
            })
            .collect();
        let widths: Vec<usize> = (0..numbers.len())
            .map(|i| {
                rows.iter()
                    .map(|r| width(&r[i]))
                    .chain([width(numbers[i])])
                    .max()
                    .unwrap_or(1)
            })
            .collect();
        let numbers_width: usize = widths.iter().map(|w| w + 1).sum();
        let total = inner.width as usize;
        let longest_unit = self
            .scores
            .iter()
            .map(|s| width(&s.unit))
            .max()
            .unwrap_or(4);
        let unit_width = longest_unit
            .max(width(l.score_unit()))
            .min(total.saturating_sub(4 + numbers_width + 1).max(4));
        let bar_cells = total.saturating_sub(4 + unit_width + 1 + numbers_width + 3);
        let line = |rank: String, unit: &str, cells: Vec<String>| {
            let mut text = format!(
                "{} {}",
                pad(&rank, 3, true),
                pad(&fit(unit, unit_width), unit_width, false)
            );
            for (cell, w) in cells.iter().zip(&widths) {
                text.push(' ');
                text.push_str(&pad(cell, *w, true));
            }
            text
        };
        let heading = line(
            l.score_rank().to_string(),
            l.score_unit(),
            numbers.iter().map(|s| s.to_string()).collect(),
        );
        let mut lines = vec![Line::styled(heading, app.theme.accent())];
        for (index, (score, cells)) in self.scores.iter().zip(rows).enumerate() {
            let mut spans = vec![Span::raw(line(
                (index + 1).to_string(),
                &score.unit,
                cells.to_vec(),
            ))];
            if bar_cells >= 6 {
                let light = if score.ahead() >= 0.0 {
                    Light::Blue
                } else {
                    Light::Red
                };
                spans.push(Span::raw(" "));
                spans.push(Span::styled(
                    score_bar(score, bar_cells),
                    app.theme.light(light),
                ));
            }
            lines.push(Line::from(spans));
        }
        let keys = l.any_key();
        let room = inner.height.saturating_sub(1) as usize;
        lines.truncate(room);
        Paragraph::new(lines).render(inner, buf);
        if inner.height > 0 {
            buf.set_string(inner.x, inner.bottom() - 1, keys, app.theme.muted());
        }
    }
}
