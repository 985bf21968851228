//! `taizhang summary`: what a progress meeting prints (text, Markdown) and
//! what a spreadsheet or script reads (CSV, JSON). The computation is
//! `report::summary`; this file picks plans, loads state, decides colour
//! and writes the result.

use std::ffi::OsStr;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::{CliError, Context, parse_date_arg, write_output};
use crate::report::render_text::{Palette, Style};
use crate::report::summary::{self, GroupBy, Options};
use crate::report::{csv, render_markdown, render_text};
use crate::state::PlanState;

#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// Plan ids (all plans when none is named).
    pub plans: Vec<String>,
    /// One row per action area, lead unit (牵头单位) or status.
    #[arg(long, value_enum, default_value_t = By::Area)]
    pub by: By,
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
    let wanted: Vec<&str> = args.plans.iter().map(String::as_str).collect();
    let catalog = context.catalog_for(&wanted)?;
    let plans = catalog.select(&args.plans)?;
    let store = context.store();
    let states: Vec<PlanState> = super::cached::load_states(&store, &plans, context.cache())?;
    let pairs: Vec<_> = plans.iter().copied().zip(states.iter()).collect();
    let options = Options {
        by: match args.by {
            By::Area => GroupBy::Area,
            By::Lead => GroupBy::Lead,
            By::Status => GroupBy::Status,
        },
        overdue_only: args.overdue,
        changed_since: args.changed_since,
        rules: context.rules(),
    };
    let summary = summary::summarize(&pairs, context.as_of, &options);
    let text = match args.format {
        SummaryFormat::Text => {
            let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
            let no_color = std::env::var_os("NO_COLOR");
            let style = if use_color(args.color, to_terminal, no_color.as_deref()) {
                Style::colored(Palette::from_config(&context.config.colors))
            } else {
                Style::plain()
            };
            render_text::render(&summary, &style)
        }
        SummaryFormat::Markdown => render_markdown::render(&summary),
        SummaryFormat::Csv => csv::render(&summary),
        SummaryFormat::Json => {
            serde_json::to_string_pretty(&summary).map_err(|e| CliError::Message(e.to_string()))?
                + "\n"
        }
    };
    match &args.output {
        Some(path) => write_output(path, text.as_bytes())?,
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(text.as_bytes())
                .map_err(|e| CliError::Message(format!("cannot print: {e}")))?;
        }
    }
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
