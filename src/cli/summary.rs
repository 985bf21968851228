//! `taizhang summary`: what a progress meeting prints (text, Markdown) and
//! what a spreadsheet or script reads (CSV, JSON). One plan: its areas
//! (lead units, statuses) and what needs attention (`report::summary`).
//! Several: the roll-up, a row per plan or lead unit (`report::rollup`),
//! from the caches' digests. This file picks plans, loads state, decides
//! colour and writes the result.

use std::ffi::OsStr;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::{CliError, Context, parse_date_arg};
use crate::cache::states::load_states;
use crate::plan::LoadError;
use crate::plan::catalog::load_digests;
use crate::plan::digest::PlanDigest;
use crate::report::render_text::{Palette, Style};
use crate::report::rollup::{self, RollupBy, RollupOptions, SortBy};
use crate::report::summary::{self, GroupBy, Options};
use crate::report::{csv, render_markdown, render_rollup, render_text};
use crate::state::PlanState;

#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// Plan ids (all plans when none is named).
    pub plans: Vec<String>,
    /// One row per action area, lead unit (牵头单位) or status of a plan.
    /// Over several plans: a roll-up with one row per plan, or per lead
    /// unit across them with `lead`; `area` or `status` print each plan's
    /// own tables instead.
    #[arg(long, value_enum)]
    pub by: Option<By>,
    /// How the roll-up ranks its rows: percent (least done first), red,
    /// overdue (most first), id.
    #[arg(long, value_enum, default_value_t = Sort::Percent)]
    pub sort: Sort,
    /// How many milestones the roll-up's attention list shows (most
    /// overdue first).
    #[arg(long, value_name = "N", default_value_t = 20, conflicts_with = "all")]
    pub limit: usize,
    /// The roll-up lists every milestone that needs attention.
    #[arg(long)]
    pub all: bool,
    /// Only the rows with overdue milestones, and only overdue milestones listed.
    #[arg(long)]
    pub overdue: bool,
    /// Also list what changed on or after DATE (YYYY-MM-DD), up to --as-of.
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub changed_since: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,
    /// Colour the text: auto (only on a terminal), always, never. NO_COLOR
    /// in the environment turns it off whatever this says.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Write to FILE (atomically) instead of printing.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    Area,
    Lead,
    Status,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Sort {
    Percent,
    Red,
    Overdue,
    Id,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    Text,
    Markdown,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Whether to colour: never when NO_COLOR is set to anything non-empty;
/// otherwise as `choice` says, `auto` meaning only onto a terminal.
pub fn use_color(choice: ColorChoice, to_terminal: bool, no_color: Option<&OsStr>) -> bool {
    if no_color.is_some_and(|v| !v.is_empty()) {
        return false;
    }
    match choice {
        ColorChoice::Never => false,
        ColorChoice::Always => true,
        ColorChoice::Auto => to_terminal,
    }
}

pub fn run(context: &Context, args: &SummaryArgs) -> Result<ExitCode, CliError> {
    let detail = args.plans.len() == 1
        || matches!(args.by, Some(By::Area | By::Status))
        || args.changed_since.is_some();
    if detail {
        return run_plans(context, args);
    }
    let (digests, broken) = load_digests(
        Some(&context.dirs.user_plans()),
        &context.plan_dirs,
        context.cache(),
    )?;
    let wanted: Vec<&str> = args.plans.iter().map(String::as_str).collect();
    super::warn_broken(&broken, &wanted, context.config.locale());
    if let Some(file) = broken.iter().find(|b| wanted.contains(&b.id.as_str())) {
        return Err(LoadError::Invalid {
            problems: file.problems.clone(),
        }
        .into());
    }
    let chosen = choose(&digests, &args.plans)?;
    if chosen.len() == 1 {
        return run_plans(context, args);
    }
    let ids: Vec<&str> = chosen.iter().map(|d| d.id.as_str()).collect();
    let states = crate::cache::states::load_digests(&context.store(), &ids, context.cache())?;
    let pairs: Vec<_> = chosen.iter().copied().zip(states.iter()).collect();
    let options = RollupOptions {
        by: match args.by {
            Some(By::Lead) => RollupBy::Lead,
            _ => RollupBy::Plan,
        },
        sort: match args.sort {
            Sort::Percent => SortBy::Percent,
            Sort::Red => SortBy::Red,
            Sort::Overdue => SortBy::Overdue,
            Sort::Id => SortBy::Id,
        },
        limit: (!args.all).then_some(args.limit),
        overdue_only: args.overdue,
        rules: context.rules(),
    };
    let rollup = rollup::rollup(&pairs, context.as_of, &options);
    let text = match args.format {
        SummaryFormat::Text => render_rollup::text(&rollup, &text_style(context, args)),
        SummaryFormat::Markdown => render_rollup::markdown(&rollup),
        SummaryFormat::Csv => render_rollup::csv(&rollup),
        SummaryFormat::Json => to_json(&rollup)?,
    };
    super::emit(args.output.as_deref(), text.as_bytes())?;
    // the process ends here: see `run_plans`
    std::mem::forget((rollup, states, digests));
    Ok(ExitCode::SUCCESS)
}

/// The digests of `ids` (all when none is named), in id order, or which
/// id is not known.
fn choose<'a>(digests: &'a [PlanDigest], ids: &[String]) -> Result<Vec<&'a PlanDigest>, LoadError> {
    if ids.is_empty() {
        return Ok(digests.iter().collect());
    }
    ids.iter()
        .map(|id| {
            digests
                .iter()
                .find(|d| &d.id == id)
                .ok_or_else(|| LoadError::UnknownPlan {
                    id: id.clone(),
                    known: digests.iter().map(|d| d.id.clone()).collect(),
                })
        })
        .collect()
}

fn text_style(context: &Context, args: &SummaryArgs) -> Style {
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR");
    if use_color(args.color, to_terminal, no_color.as_deref()) {
        Style::colored(Palette::from_config(&context.config.colors))
    } else {
        Style::plain()
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value)
        .map(|text| text + "\n")
        .map_err(|e| CliError::Message(e.to_string()))
}

/// Each plan's own summary: its rows, attention list and changes.
fn run_plans(context: &Context, args: &SummaryArgs) -> Result<ExitCode, CliError> {
    let wanted: Vec<&str> = args.plans.iter().map(String::as_str).collect();
    let catalog = context.catalog_for(&wanted)?;
    let plans = catalog.select(&args.plans)?;
    let store = context.store();
    let states: Vec<PlanState> = load_states(&store, &plans, context.cache())?;
    let pairs: Vec<_> = plans.iter().copied().zip(states.iter()).collect();
    let options = Options {
        by: match args.by {
            None | Some(By::Area) => GroupBy::Area,
            Some(By::Lead) => GroupBy::Lead,
            Some(By::Status) => GroupBy::Status,
        },
        overdue_only: args.overdue,
        changed_since: args.changed_since,
        rules: context.rules(),
    };
    let summary = summary::summarize(&pairs, context.as_of, &options);
    let text = match args.format {
        SummaryFormat::Text => render_text::render(&summary, &text_style(context, args)),
        SummaryFormat::Markdown => render_markdown::render(&summary),
        SummaryFormat::Csv => csv::render(&summary),
        SummaryFormat::Json => to_json(&summary)?,
    };
    super::emit(args.output.as_deref(), text.as_bytes())?;
    // The process ends here: freeing a province's plans, states and
    // summary one allocation at a time (a few hundred thousand) took 5-9 ms
    // of a 70 ms run, for memory the OS takes back at once anyway.
    std::mem::forget(summary);
    drop((pairs, plans));
    std::mem::forget((states, catalog));
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_and_never_with_no_color() {
        let set = Some(OsStr::new("1"));
        let empty = Some(OsStr::new(""));
        assert!(use_color(ColorChoice::Auto, true, None));
        assert!(!use_color(ColorChoice::Auto, false, None));
        assert!(!use_color(ColorChoice::Auto, true, set));
        assert!(
            use_color(ColorChoice::Auto, true, empty),
            "empty NO_COLOR is unset"
        );
        assert!(use_color(ColorChoice::Always, false, None));
        assert!(!use_color(ColorChoice::Always, true, set));
        assert!(!use_color(ColorChoice::Never, true, None));
    }
}
