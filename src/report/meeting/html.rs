//! The meeting report as one self-contained HTML file: inline CSS and
//! inline SVG charts, nothing loaded from elsewhere (it is mailed and
//! opened offline). Printed on A4 each plan starts a page and long tables
//! repeat their heading row; on a phone the layout is fluid and wide tables
//! scroll sideways.

use chrono::Datelike;

use super::charts::{self, Chart};
use super::tables::{self, Table};
use super::{MeetingReport, PlanReport};
use crate::state::Light;

const STYLE: &str = r#"
:root { --blue: #2f75b5; --yellow: #e8b400; --red: #c00000; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 210mm; padding: 16px;
  font-family: "FangSong", "仿宋", "FangSong_GB2312", "STFangsong", "Noto Serif CJK SC", serif;
  font-size: 16px; line-height: 1.7; color: #111; }
h1, h2, h3 { font-family: "SimHei", "黑体", "Heiti SC", "Noto Sans CJK SC", sans-serif;
  font-weight: normal; line-height: 1.4; }
h1 { font-size: 1.6em; text-align: center; margin: 0.4em 0; }
h2 { font-size: 1.3em; border-bottom: 1px solid #999; }
h3 { font-size: 1.1em; margin-top: 1.2em; }
.dateline { text-align: center; color: #444; }
p.headline { text-indent: 2em; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #777; padding: 2px 6px; vertical-align: top; }
th { background: #eee; font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif;
  font-weight: normal; }
td.num { text-align: right; white-space: nowrap; }
tr.blue td.light { background: #bdd7ee; }
tr.yellow td.light { background: #ffe699; }
tr.red td.light { background: #f8cbad; }
figure { margin: 1em 0; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { text-align: center; font-size: 0.9em; color: #333; }
@page { size: A4; margin: 20mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 12pt; }
  section.plan + section.plan { break-before: page; }
  thead { display: table-header-group; }
  tr, figure { break-inside: avoid; }
  .table-wrap { overflow: visible; }
}
@media (max-width: 600px) {
  body { padding: 8px; font-size: 15px; }
  h1 { font-size: 1.3em; }
  /* headings on one line; a wide table scrolls sideways instead */
  th { white-space: nowrap; }
}
"#;

/// Escape text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

pub fn render(report: &MeetingReport) -> String {
    let labels = charts::labels_available();
    let title = escape(&tables::title(report));
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>{title}</h1>\n<p class=\"dateline\">{}</p>\n",
        escape(&tables::dateline(report))
    );
    for plan in &report.plans {
        plan_section(&mut out, report, plan, labels);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn plan_section(out: &mut String, report: &MeetingReport, plan: &PlanReport, labels: bool) {
    out.push_str(&format!(
        "<section class=\"plan\" id=\"{}\">\n",
        escape(&plan.id)
    ));
    if report.plans.len() > 1 {
        out.push_str(&format!("<h2>{}</h2>\n", escape(&plan.title)));
    }
    out.push_str(&format!(
        "<h3>{}</h3>\n<p class=\"headline\">{}</p>\n",
        tables::OVERVIEW,
        escape(&plan.headline(report.as_of))
    ));
    figure(
        out,
        Chart::BurnUp(&plan.trend),
        tables::BURN_UP_CAPTION,
        labels,
    );
    out.push_str(&format!("<h3>{}</h3>\n", tables::AREAS));
    table(out, &tables::areas(plan));
    figure(
        out,
        Chart::AreaLights(&plan.areas),
        tables::AREA_CAPTION,
        labels,
    );
    out.push_str(&format!("<h3>{}</h3>\n", tables::UNITS));
    table(out, &tables::units(plan));
    figure(
        out,
        Chart::Scorecard(&plan.scorecard),
        tables::UNIT_CAPTION,
        labels,
    );
    out.push_str(&format!("<h3>{}</h3>\n", tables::FLAGGED));
    table(out, &tables::flagged(plan, report.as_of.year()));
    out.push_str(&format!(
        "<h3>{}</h3>\n",
        escape(&tables::changes_heading(report, plan))
    ));
    table(out, &tables::changes(plan));
    out.push_str("</section>\n");
}

fn figure(out: &mut String, chart: Chart, caption: &str, labels: bool) {
    let svg = charts::svg(chart, labels);
    // the SVG document without an XML declaration, as an inline element
    let start = svg.find("<svg").unwrap_or(0);
    out.push_str(&format!(
        "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
        &svg[start..],
        escape(caption)
    ));
}

fn table(out: &mut String, table: &Table) {
    if table.rows.is_empty() {
        out.push_str("<p>无。</p>\n");
        return;
    }
    out.push_str("<div class=\"table-wrap\"><table>\n<thead><tr>");
    for heading in &table.headings {
        out.push_str(&format!("<th>{}</th>", escape(heading)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (row, light) in table.rows.iter().zip(&table.lights) {
        match light {
            Some(light) => out.push_str(&format!("<tr class=\"{}\">", light.as_str())),
            None => out.push_str("<tr>"),
        }
        for cell in row {
            let class = if is_light_cell(cell, *light) {
                " class=\"light\""
            } else if looks_numeric(cell) {
                " class=\"num\""
            } else {
                ""
            };
            out.push_str(&format!("<td{class}>{}</td>", escape(cell)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
}

fn is_light_cell(cell: &str, light: Option<Light>) -> bool {
    light.is_some_and(|l| cell == l.zh())
}

fn looks_numeric(cell: &str) -> bool {
    !cell.is_empty()
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '%' | '+' | '-'))
}
