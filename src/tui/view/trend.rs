//! The trend screen (`c`): the burn-up of the selected area or the whole
//! plan, from the report's own points (`report::meeting::trend`). Drawn in
//! braille, whose cells are one wide on every terminal (the dot marker's •
//! is of ambiguous width), with ASCII axis labels of our own: ratatui's
//! axis lines are box-drawing characters, also ambiguous.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Clear, Dataset, GraphType, Paragraph, Widget};

use super::pane_block;
use crate::state::Light;
use crate::tui::action::Action;
use crate::tui::app::{App, TrendScreen};

pub struct TrendView<'a> {
    pub app: &'a App,
    pub screen: &'a TrendScreen,
}

impl Widget for &TrendView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let labels = &app.labels;
        Clear.render(area, buf);
        let title = format!("{}: {}", labels.trend_title(), self.screen.title);
        let block = pane_block(&title, true, &app.theme);
        let inner = block.inner(area);
        block.render(area, buf);
        let [summary, body, x_labels, legend, hint] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let points = &self.screen.points;
        if let Some(last) = points.last() {
            let text = format!(
                "{} {}  {} {}/{} ({:.1}%)  {} {:.1}%  {} {:.1}%",
                labels.as_of(),
                last.date,
                labels.trend_done(),
                last.done,
                last.milestones,
                last.done_percent(),
                labels.trend_mean(),
                last.percent,
                labels.trend_schedule(),
                last.schedule
            );
            Paragraph::new(text).render(summary, buf);
        }
        let [y_labels, chart_area] =
            Layout::horizontal([Constraint::Length(5), Constraint::Min(5)]).areas(body);
        render_y_labels(y_labels, buf, app);
        self.render_chart(chart_area, buf);
        render_x_labels(x_labels, chart_area.x, points, buf, app);
        let line = |text: String, light: Light| Span::styled(text, app.theme.light(light));
        Paragraph::new(Line::from(vec![
            line(format!("== {}  ", labels.trend_done()), Light::Blue),
            Span::styled(format!("== {}  ", labels.trend_mean()), app.theme.accent()),
            Span::styled(format!(".. {}", labels.trend_schedule()), app.theme.muted()),
        ]))
        .render(legend, buf);
        let keys = app.keymap.keys_for(Action::Trend);
        Paragraph::new(Line::styled(
            format!("{keys} {}   {}", labels.trend_again(), labels.any_key()),
            app.theme.muted(),
        ))
        .render(hint, buf);
    }
}

impl TrendView<'_> {
    fn render_chart(&self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let series = |f: fn(&crate::report::meeting::TrendPoint) -> f64| -> Vec<(f64, f64)> {
            self.screen
                .points
                .iter()
                .enumerate()
                .map(|(i, p)| (i as f64, f(p)))
                .collect()
        };
        let done = series(|p| p.done_percent());
        let mean = series(|p| p.percent);
        let schedule = series(|p| p.schedule);
        let last = self.screen.points.len().saturating_sub(1).max(1) as f64;
        let datasets = vec![
            Dataset::default()
                .marker(Marker::Braille)
                .graph_type(GraphType::Scatter)
                .style(app.theme.muted())
                .data(&schedule),
            Dataset::default()
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(app.theme.accent())
                .data(&mean),
            Dataset::default()
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(app.theme.light(Light::Blue))
                .data(&done),
        ];
        // no axis labels: ratatui would draw its axes in box-drawing glyphs
        Chart::new(datasets)
            .x_axis(Axis::default().bounds([0.0, last]))
            .y_axis(Axis::default().bounds([0.0, 100.0]))
            .render(area, buf);
    }
}

fn render_y_labels(area: Rect, buf: &mut Buffer, app: &App) {
    if area.height == 0 {
        return;
    }
    let style = app.theme.muted();
    let bottom = area.bottom() - 1;
    buf.set_string(area.x, area.y, "100%", style);
    if area.height >= 3 {
        buf.set_string(area.x, area.y + (bottom - area.y) / 2, " 50%", style);
    }
    buf.set_string(area.x, bottom, "  0%", style);
}

/// The first and last month under the chart, and one in the middle when
/// there is room: `24-01 … 25-06` as `yy-mm`.
fn render_x_labels(
    area: Rect,
    chart_x: u16,
    points: &[crate::report::meeting::TrendPoint],
    buf: &mut Buffer,
    app: &App,
) {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return;
    };
    let style = app.theme.muted();
    let month = |p: &crate::report::meeting::TrendPoint| p.date.format("%y-%m").to_string();
    let right = area.right();
    let width = right.saturating_sub(chart_x);
    buf.set_string(chart_x, area.y, month(first), style);
    if width >= 5 {
        buf.set_string(right - 5, area.y, month(last), style);
    }
    if points.len() >= 3 && width >= 24 {
        let middle = &points[(points.len() - 1) / 2];
        buf.set_string(chart_x + width / 2 - 2, area.y, month(middle), style);
    }
}
