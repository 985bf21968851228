//! The importer: drafts a plan from the text of an official plan document
//! (行动计划, 工作方案, 实施方案, 若干意见…), as captured from a web page or
//! extracted from a PDF.
//!
//! The steps, each in its own module:
//! - [`clean`]: remove what the capture added (navigation, page headers,
//!   a repeated body) and rejoin a PDF's broken lines;
//! - [`outline`]: find the numbered headings and build the tree;
//! - [`meta`]: title, issuer, 文号 and date from the notice header;
//! - [`units`] and [`table`]: lead and supporting units;
//! - [`structure`]: which sections are areas, goals, preamble, safeguards;
//! - [`targets`], [`deadlines`] and [`titles`]: quantitative targets,
//!   comparators, due dates and milestone titles;
//! - [`ids`]: numbering and ids.
//!
//! The result is a draft that `validate` accepts (one that would not is
//! refused with the first problem, and nothing is written), but a person
//! must check it against the document.

mod clean;
mod deadlines;
pub mod document;
mod folded;
mod ids;
mod meta;
mod outline;
pub mod read;
pub mod report;
pub mod sheet;
mod structure;
mod table;
mod targets;
mod text;
mod titles;
pub mod units;

use chrono::{Datelike, NaiveDate};

use crate::plan::validate::is_valid_id;
use crate::plan::{Area, Milestone, Plan, Span, Task};
use document::{Document, Origin};
use outline::Node;
use report::{Note, Report, Rule, Unplaced, UnplacedKind};
use targets::Due;
use text::normalize;

/// What the caller knows that the text does not say.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The plan id (the YAML file's stem).
    pub id: String,
    /// The source file name, recorded as the plan's `source`.
    pub source: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("empty document: expected the text of a plan")]
    Empty,
    #[error("no recognisable structure: found no numbered headings such as 一、 (一) 1.")]
    NoStructure,
    #[error(
        "no tasks found: every numbered section is preamble, goals or safeguards (expected items under a section such as 重点任务)"
    )]
    NoTasks,
    #[error(
        "plan id `{0}` is not allowed: use 1-40 lowercase letters, digits, `.`, `-` or `_`, starting with a letter or digit"
    )]
    BadId(String),
    /// The draft would not pass `taizhang validate` (say, headings with no
    /// text): nothing is written.
    #[error("the draft does not pass validation, so nothing was written: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<crate::plan::validate::Message>),
}

/// A draft plan and the report of what was found and left over.
#[derive(Debug, Clone)]
pub struct Imported {
    pub plan: Plan,
    pub report: Report,
}

/// Draft a plan from a document's text.
pub fn import_text(text: &str, options: &ImportOptions) -> Result<Plan, ImportError> {
    import_document(&Document::from_text(text), options).map(|imported| imported.plan)
}

/// Draft a plan from a document read from any format, with the report of
/// what was found and what could not be placed, each at its source place.
/// A draft that would not pass validation is refused with an error.
pub fn import_document(
    document: &Document,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    if !is_valid_id(&options.id) {
        return Err(ImportError::BadId(options.id.clone()));
    }
    let text = document.text();
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let cleaned = clean::clean(&text);
    let mut outline = outline::build(&cleaned).ok_or(ImportError::NoStructure)?;
    let meta = meta::extract(&cleaned.lines, outline.header_lines);
    let notes = assign_units(&mut outline.roots);
    apply_table(&mut outline.roots, table::parse(&cleaned.lines));

    let title = meta.title.clone().unwrap_or_else(|| options.id.clone());
    let structure = structure::analyse(&outline.roots, &title);
    if structure.areas.is_empty() {
        return Err(ImportError::NoTasks);
    }
    let span = plan_span(&meta, &title, &structure);
    let context = Context {
        span,
        plan_year: span.start.year(),
    };
    let origin = |line: usize| document.origin_of_line(line).cloned();
    let mut report = Report::default();
    let areas = build_areas(&structure, &context, &mut report, &origin);
    collect_unplaced(&outline, &structure, &context, &mut report, &origin);
    report.notes = notes
        .into_iter()
        .map(|(line, rule)| Note {
            origin: origin(line),
            rule,
        })
        .collect();
    let plan = Plan {
        id: options.id.clone(),
        title,
        issuer: meta.issuer,
        doc_number: meta.doc_number,
        issued: meta.issued,
        span,
        source: options.source.clone(),
        goals: goals(&structure.goals, &context),
        areas,
    };
    check_draft(&plan)?;
    Ok(Imported { plan, report })
}

/// The draft must pass the checks `taizhang validate` makes.
fn check_draft(plan: &Plan) -> Result<(), ImportError> {
    let yaml = to_yaml(plan);
    crate::plan::validate::check(&yaml, &format!("{}.yaml", plan.id), Some(&plan.id))
        .map(|_| ())
        .map_err(|problems| {
            let mut messages = Vec::new();
            for problem in problems {
                if !messages.contains(&problem.message) {
                    messages.push(problem.message);
                }
            }
            ImportError::Invalid(messages)
        })
}

fn build_areas(
    structure: &structure::Structure,
    context: &Context,
    report: &mut Report,
    origin: &dyn Fn(usize) -> Option<Origin>,
) -> Vec<Area> {
    let runs_on = numbering_runs_on(&structure.areas);
    let mut areas = Vec::new();
    for (k, draft) in structure.areas.iter().enumerate() {
        let area_id = ids::area_id(k + 1);
        if let Some(o) = draft.line.and_then(origin) {
            report.places.insert(area_id.clone(), o);
        }
        let mut tasks: Vec<Task> = Vec::new();
        for (pos, node) in draft.tasks.iter().enumerate() {
            let id = if draft.single {
                ids::task_id(k + 1, 1, false)
            } else {
                let n = node.heading.value.unwrap_or(pos as u32 + 1);
                ids::task_id(k + 1, n, runs_on)
            };
            tasks.push(build_task(node, id, context));
        }
        areas.push(Area {
            id: area_id,
            number: draft.number.clone(),
            title: draft.title.clone(),
            tasks,
        });
    }
    make_task_ids_unique(&mut areas);
    for (area, draft) in areas.iter().zip(&structure.areas) {
        for (task, node) in area.tasks.iter().zip(&draft.tasks) {
            record_places(task, node, report, origin);
        }
    }
    areas
}

/// The source place of a task and its sub-tasks; a task naming no lead
/// unit is reported.
fn record_places(
    task: &Task,
    node: &Node,
    report: &mut Report,
    origin: &dyn Fn(usize) -> Option<Origin>,
) {
    if let Some(o) = origin(node.line) {
        report.places.insert(task.id.clone(), o);
    }
    for (sub, child) in task.tasks.iter().zip(&node.children) {
        record_places(sub, child, report, origin);
    }
}

/// Items without units, paragraphs of no task, numbers not taken, sections
/// left out: everything a person should look at, in document order.
fn collect_unplaced(
    outline: &outline::Outline,
    structure: &structure::Structure,
    context: &Context,
    report: &mut Report,
    origin: &dyn Fn(usize) -> Option<Origin>,
) {
    let mut found: Vec<(usize, Unplaced)> = Vec::new();
    let item = |kind, text, clause| Unplaced {
        origin: None,
        kind,
        text,
        clause,
    };
    for (line, paragraph) in &outline.unplaced {
        let text = text::shorten(paragraph, 60);
        found.push((*line, item(UnplacedKind::Paragraph, text, None)));
    }
    for node in &structure.left_out {
        let text = format!("{} {}", node.heading.number, node.title());
        found.push((node.line, item(UnplacedKind::SectionLeftOut, text, None)));
    }
    for draft in &structure.areas {
        for node in &draft.tasks {
            if node.lead.is_empty() {
                let text = format!("{} {}", node.heading.number, node.title());
                found.push((node.line, item(UnplacedKind::ItemWithoutUnits, text, None)));
            }
            node.walk(&mut |n| {
                let paragraphs = std::iter::once((n.line, n.heading.rest.as_str())).chain(
                    n.body_lines
                        .iter()
                        .copied()
                        .zip(n.body.iter().map(String::as_str)),
                );
                for (line, paragraph) in paragraphs {
                    let plain = units::without_clauses(paragraph);
                    for number in targets::not_targets(&plain, context.plan_year) {
                        let clause = Some(number.clause);
                        found.push((line, item(UnplacedKind::Number, number.number, clause)));
                    }
                }
            });
        }
    }
    found.sort_by_key(|(line, _)| *line);
    report.unplaced = found
        .into_iter()
        .map(|(line, item)| Unplaced {
            origin: origin(line),
            ..item
        })
        .collect();
}

/// The plan as YAML, with a header saying it is a draft to be checked.
pub fn to_yaml(plan: &Plan) -> String {
    let from = plan
        .source
        .as_deref()
        .map(|s| format!(" from {s}"))
        .unwrap_or_default();
    let header = format!(
        "# Drafted by `taizhang import`{from}.\n# Check every area, task, unit, target and date against the document.\n"
    );
    with_header(plan, &header)
}

/// The plan as YAML after `header` (comment lines, each ending in a newline).
pub fn with_header(plan: &Plan, header: &str) -> String {
    let body = crate::yaml::to_string(plan)
        .unwrap_or_else(|err| format!("# cannot write the plan as YAML: {err}\n"));
    format!("{header}{body}")
}

/// A milestone before it gets its id: title, due date, target, quote.
type MilestoneDraft = (
    String,
    Option<NaiveDate>,
    Option<crate::plan::Target>,
    Option<String>,
);

struct Context {
    span: Span,
    /// The year 年内 and 年底前 refer to: the plan's first year.
    plan_year: i32,
}

/// Every clause and own-line clause of each item, in document order (a
/// clause may state a rule, "列第一位者为牵头单位，下同", for all later ones).
/// Returns notes on the rules read, with their lines, for the report.
fn assign_units(roots: &mut [Node]) -> Vec<(usize, Rule)> {
    let mut rules = units::Rules::default();
    let mut notes = Vec::new();
    for root in roots {
        root.walk_mut(&mut |node| {
            let mut found = units::Units::default();
            let mut any = false;
            for (_, _, inner) in units::clauses(&node.text()) {
                let first_before = rules.first_is_lead;
                found.merge(units::parse_clause(&inner, &mut rules));
                if rules.first_is_lead && !first_before {
                    let clause = text::shorten(&inner, 40);
                    notes.push((node.line, Rule::FirstLeads { clause }));
                }
                let for_all = units::stated_for_all(&inner);
                if !for_all.is_empty() {
                    notes.push((node.line, Rule::ForAll { units: for_all }));
                }
                any = true;
            }
            for line in &node.lead_lines {
                found.merge(units::parse_lead_line(line, &rules));
                any = true;
            }
            node.lead = found.lead;
            node.support = found.support;
            node.deadline = found.deadline;
            node.responsible = any;
        });
    }
    notes
}

/// Give items with no lead clause the units of the task table row whose
/// 工作事项 is their title.
fn apply_table(roots: &mut [Node], entries: Vec<table::Entry>) {
    if entries.is_empty() {
        return;
    }
    let key = |s: &str| normalize(text::trim_punct(s)).replace(' ', "");
    let mut used = vec![false; entries.len()];
    for root in roots {
        root.walk_mut(&mut |node| {
            if !node.lead.is_empty() {
                return;
            }
            let title = key(&node.title());
            let found = entries
                .iter()
                .enumerate()
                .find(|(i, e)| !used[*i] && !e.item.is_empty() && key(&e.item) == title);
            if let Some((i, entry)) = found {
                used[i] = true;
                node.responsible = true;
                node.lead = entry.lead.clone();
                node.support = entry.support.clone();
                if node.deadline.is_none() {
                    node.deadline = entry.deadline.clone();
                }
            }
        });
    }
}

/// Whether tasks are numbered across the whole plan (`1.`…`34.`) rather than
/// afresh in each area.
fn numbering_runs_on(areas: &[structure::AreaDraft]) -> bool {
    let mut last: Option<u32> = None;
    for area in areas.iter().filter(|a| !a.single) {
        for node in &area.tasks {
            let Some(value) = node.heading.value else {
                return false;
            };
            if last.is_some_and(|l| value <= l) {
                return false;
            }
            last = Some(value);
        }
    }
    true
}

/// Numbering slips (two items numbered alike) fall back to positions.
fn make_task_ids_unique(areas: &mut [Area]) {
    let mut seen = std::collections::HashSet::new();
    let clash = areas
        .iter()
        .flat_map(|a| a.all_tasks())
        .any(|t| !seen.insert(t.id.clone()));
    if !clash {
        return;
    }
    for (k, area) in areas.iter_mut().enumerate() {
        for (pos, task) in area.tasks.iter_mut().enumerate() {
            let id = ids::task_id(k + 1, pos as u32 + 1, false);
            renumber(task, id);
        }
    }
}

fn renumber(task: &mut Task, id: String) {
    for (k, milestone) in task.milestones.iter_mut().enumerate() {
        milestone.id = ids::milestone_id(&id, k + 1);
    }
    for (pos, sub) in task.tasks.iter_mut().enumerate() {
        renumber(sub, ids::sub_task_id(&id, pos as u32 + 1));
    }
    task.id = id;
}

/// The text targets are read from: the item without its clauses.
fn target_text(node: &Node) -> String {
    units::without_clauses(&node.text())
}

/// The due date a deadline (`5月底前`, `2024年底前`) sets, else the plan's end.
fn due_date(deadline: Option<&str>, context: &Context) -> NaiveDate {
    deadline
        .and_then(|d| targets::parse_deadline(d, context.plan_year))
        .and_then(|due| match due {
            Due::Date(date) => Some(date),
            _ => None,
        })
        .unwrap_or(context.span.end)
}

fn build_task(node: &Node, id: String, context: &Context) -> Task {
    let title = node.title();
    let default_due = due_date(node.deadline.as_deref(), context);
    let milestones = milestones(&id, &title, &target_text(node), default_due, context);
    let mut seen = std::collections::HashSet::new();
    let tasks = node
        .children
        .iter()
        .enumerate()
        .map(|(pos, child)| {
            let mut n = child.heading.value.unwrap_or(pos as u32 + 1);
            if !seen.insert(n) {
                n = pos as u32 + 1;
            }
            build_task(child, ids::sub_task_id(&id, n), context)
        })
        .collect();
    Task {
        id,
        number: node.heading.number.clone(),
        title,
        text: node.text(),
        lead: node.lead.clone(),
        support: node.support.clone(),
        milestones,
        tasks,
    }
}

/// The years a 每年 target repeats in: each year of the span whose end
/// falls after the plan starts.
fn each_year(span: &Span) -> Vec<NaiveDate> {
    (span.start.year()..=span.end.year())
        .filter_map(|y| NaiveDate::from_ymd_opt(y, 12, 31))
        .filter(|d| *d > span.start)
        .collect()
}

/// Milestones from a text's targets; a text with none gets one qualitative
/// milestone titled `fallback`.
fn milestone_list(
    drafts: Vec<targets::Draft>,
    fallback: &str,
    default_due: NaiveDate,
    context: &Context,
) -> Vec<MilestoneDraft> {
    let mut out = Vec::new();
    for draft in drafts {
        let title = draft.title.unwrap_or_else(|| fallback.to_string());
        match draft.due {
            Due::EachYear => {
                for date in each_year(&context.span) {
                    out.push((
                        format!("{title}（{}年）", date.year()),
                        Some(date),
                        Some(draft.target.clone()),
                        Some(draft.quote.clone()),
                    ));
                }
            }
            Due::Date(date) => out.push((title, Some(date), Some(draft.target), Some(draft.quote))),
            Due::Default => out.push((
                title,
                Some(default_due),
                Some(draft.target),
                Some(draft.quote),
            )),
        }
    }
    out
}

fn milestones(
    task_id: &str,
    title: &str,
    text: &str,
    default_due: NaiveDate,
    context: &Context,
) -> Vec<Milestone> {
    let drafts = targets::extract(text, context.plan_year);
    let mut list = milestone_list(drafts, title, default_due, context);
    if list.is_empty() {
        list.push((title.to_string(), Some(default_due), None, None));
    }
    list.into_iter()
        .enumerate()
        .map(|(k, (title, due, target, quote))| Milestone {
            id: ids::milestone_id(task_id, k + 1),
            title,
            due,
            target,
            quote,
        })
        .collect()
}

/// Headline goals: the targets of the goal sections; when they set none,
/// one qualitative goal per section, quoting its first sentence.
fn goals(sections: &[structure::GoalText], context: &Context) -> Vec<Milestone> {
    let mut list = Vec::new();
    for section in sections {
        let drafts = targets::extract(&section.text, context.plan_year);
        list.extend(milestone_list(
            drafts,
            &section.title,
            context.span.end,
            context,
        ));
    }
    if list.is_empty()
        && let Some(section) = sections.first()
    {
        let first = section
            .text
            .split(['。', '\n'])
            .map(str::trim)
            .find(|s| !s.is_empty())
            .unwrap_or_default();
        list.push((
            section.title.clone(),
            Some(context.span.end),
            None,
            (!first.is_empty()).then(|| first.to_string()),
        ));
    }
    list.into_iter()
        .enumerate()
        .map(|(k, (title, due, target, quote))| Milestone {
            id: ids::goal_id(k + 1),
            title,
            due,
            target,
            quote,
        })
        .collect()
}

/// The plan's span: from its date of issue (or 1 January of its first year)
/// to 31 December of the last year it sets a deadline in (or of its title's
/// year range, or of its first year).
fn plan_span(meta: &meta::Meta, title: &str, structure: &structure::Structure) -> Span {
    let mut years = targets::deadline_years(title);
    for section in &structure.goals {
        years.extend(targets::deadline_years(&section.text));
    }
    for area in &structure.areas {
        for node in &area.tasks {
            node.walk(&mut |n| years.extend(targets::deadline_years(&target_text(n))));
        }
    }
    let start_year = meta
        .issued
        .map(|d| d.year())
        .or_else(|| years.iter().copied().min())
        .unwrap_or_else(|| chrono::Local::now().year());
    years.retain(|y| *y >= start_year && *y <= start_year + 15);
    let end_year = years.iter().copied().max().unwrap_or(start_year);
    let start = meta
        .issued
        .or_else(|| NaiveDate::from_ymd_opt(start_year, 1, 1))
        .unwrap_or_default();
    let end = NaiveDate::from_ymd_opt(end_year, 12, 31)
        .unwrap_or(start)
        .max(start);
    Span { start, end }
}
