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
use crate::tui::app::{App, ScoreScreen};

pub struct ScorecardView<'a> {
    pub app: &'a App,
    pub screen: &'a ScoreScreen,
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

/// A unit's figures, in the order of [`headings`].
fn cells(s: &UnitScore) -> Vec<String> {
    vec![
        s.milestones.to_string(),
        s.done.to_string(),
        s.done_on_time.to_string(),
        s.overdue.to_string(),
        s.red.to_string(),
        format!("{:.1}", s.percent),
        format!("{:.1}", s.schedule),
        format!("{:+.1}", s.ahead()),
    ]
}

fn headings(l: &crate::tui::labels::Labels) -> Vec<String> {
    [
        l.score_count(),
        l.score_done(),
        l.score_on_time(),
        l.score_overdue(),
        l.score_red(),
        l.score_percent(),
        l.score_schedule(),
        l.score_ahead(),
    ]
    .map(str::to_string)
    .to_vec()
}

/// Column widths: rank, unit (as wide as the longest name that fits), the
/// figures, and what is left for the bar.
struct Columns {
    unit: usize,
    figures: Vec<usize>,
    bar: usize,
}

impl Columns {
    fn new(total: usize, units: &[&str], rows: &[Vec<String>], headings: &[String]) -> Self {
        let figures: Vec<usize> = (0..headings.len())
            .map(|i| {
                rows.iter()
                    .map(|r| width(&r[i]))
                    .chain([width(&headings[i])])
                    .max()
                    .unwrap_or(1)
            })
            .collect();
        let figures_width: usize = figures.iter().map(|w| w + 1).sum();
        let longest = units.iter().map(|u| width(u)).max().unwrap_or(4);
        let unit = longest.min(total.saturating_sub(4 + figures_width + 1).max(4));
        let bar = total.saturating_sub(4 + unit + 1 + figures_width + 3);
        Columns { unit, figures, bar }
    }

    /// `  1 县财政局   18    1 …`
    fn line(&self, rank: &str, unit: &str, cells: &[String]) -> String {
        let mut text = format!(
            "{} {}",
            pad(rank, 3, true),
            pad(&fit(unit, self.unit), self.unit, false)
        );
        for (cell, w) in cells.iter().zip(&self.figures) {
            text.push(' ');
            text.push_str(&pad(cell, *w, true));
        }
        text
    }
}

impl Widget for &ScorecardView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let l = &app.labels;
        Clear.render(area, buf);
        let block = pane_block(l.scores_title(), true, &app.theme);
        let inner = block.inner(area);
        block.render(area, buf);
        let headings = headings(l);
        let rows: Vec<Vec<String>> = self.screen.scores.iter().map(cells).collect();
        let mut units: Vec<&str> = self.screen.scores.iter().map(|s| s.unit.as_str()).collect();
        units.push(l.score_unit());
        let columns = Columns::new(inner.width as usize, &units, &rows, &headings);
        let heading = columns.line(l.score_rank(), l.score_unit(), &headings);
        let mut lines = vec![Line::styled(heading, app.theme.accent())];
        let shown = self.screen.scores.iter().zip(&rows).enumerate();
        for (index, (score, cells)) in shown.skip(self.screen.offset) {
            let rank = (index + 1).to_string();
            let mut spans = vec![Span::raw(columns.line(&rank, &score.unit, cells))];
            if columns.bar >= 6 {
                let light = if score.ahead() >= 0.0 {
                    Light::Blue
                } else {
                    Light::Red
                };
                spans.push(Span::raw(" "));
                spans.push(Span::styled(
                    score_bar(score, columns.bar),
                    app.theme.light(light),
                ));
            }
            lines.push(Line::from(spans));
        }
        // the last row says how to leave
        lines.truncate(inner.height.saturating_sub(1) as usize);
        let shown_rows = lines.len().saturating_sub(1);
        Paragraph::new(lines).render(inner, buf);
        if inner.height > 0 {
            let hint = format!(
                "{} {}-{}/{}  {}",
                app.keymap.keys_for(crate::tui::action::Action::Down),
                (self.screen.offset + 1).min(rows.len()),
                (self.screen.offset + shown_rows).min(rows.len()),
                rows.len(),
                l.any_key()
            );
            buf.set_string(inner.x, inner.bottom() - 1, hint, app.theme.muted());
        }
    }
}
