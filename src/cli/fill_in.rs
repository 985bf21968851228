//! `taizhang export PLAN --format xlsx --lead UNIT -o FILE` and
//! `--per-lead DIR`: the lead units' fill-in workbooks
//! (`report::fillin_xlsx`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::plans::FillInArgs;
use super::{CliError, Context, TreeFormat, write_output};
use crate::config::Locale;
use crate::i18n::cli::{Msg, text};
use crate::plan::Plan;
use crate::report::fillin_xlsx::{self, Request, Scope};
use crate::state::Period;

/// Builds one unit's workbook (`None`: the unit has no milestone).
type MakeWorkbook<'a> = dyn Fn(&str) -> Result<Option<Vec<u8>>, CliError> + 'a;

pub fn export(
    context: &Context,
    ids: &[String],
    format: TreeFormat,
    output: Option<&Path>,
    args: &FillInArgs,
) -> Result<ExitCode, CliError> {
    let locale = context.config.locale();
    let usage = |msg| Err(CliError::Message(text(msg, locale)));
    if format != TreeFormat::Xlsx {
        return usage(Msg::FillInNeedsXlsx);
    }
    if ids.len() != 1 {
        return usage(Msg::FillInOnePlan(ids.len()));
    }
    if !(args.lead.is_some() || args.per_lead.is_some()) {
        return usage(Msg::NameTheUnit);
    }
    if args.lead.is_some() && output.is_none() {
        return usage(Msg::LeadNeedsOutput);
    }
    let period = match &args.period {
        Some(text) => text
            .parse::<Period>()
            .map_err(|bad| CliError::Message(crate::i18n::ledger::bad_period(&bad, locale)))?,
        None => Period::containing(context.as_of, context.config.report_period),
    };
    let catalog = context.catalog()?;
    let plan = catalog.select(ids)?[0];
    let state = context.store().load(&plan.id)?;
    let now = crate::state::store::now();
    let rules = context.rules();
    let make = |unit: &str| {
        fillin_xlsx::fill_in(&Request {
            plan,
            state: &state,
            scope: Scope {
                unit,
                include_support: args.include_support,
            },
            period: &period,
            now,
            rules: &rules,
        })
        .map_err(|e| CliError::Message(text(Msg::CannotBuild(e.to_string()), locale)))
    };
    if let (Some(unit), Some(output)) = (&args.lead, output) {
        let Some(bytes) = make(unit)? else {
            return Err(no_milestones(plan, unit, args.include_support, locale));
        };
        write_output(output, &bytes)?;
        return Ok(ExitCode::SUCCESS);
    }
    let dir = args.per_lead.as_deref().expect("checked above");
    per_lead(plan, dir, &period, &make, locale)
}

fn per_lead(
    plan: &Plan,
    dir: &Path,
    period: &Period,
    make: &MakeWorkbook,
    locale: Locale,
) -> Result<ExitCode, CliError> {
    let say = |msg| CliError::Message(text(msg, locale));
    std::fs::create_dir_all(dir).map_err(|e| {
        let reason = crate::i18n::io_reason(&e, locale);
        say(Msg::CannotCreate(dir.display().to_string(), reason))
    })?;
    let units = fillin_xlsx::lead_units(plan);
    if units.is_empty() {
        return Err(say(Msg::NoLeadUnit(&plan.id)));
    }
    for unit in &units {
        if let Some(bytes) = make(unit)? {
            let path = file_for(dir, &plan.id, unit, period);
            write_output(&path, &bytes)?;
            outln!("{}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `DIR/<plan>-<unit>-<period>.xlsx`, the unit's name made safe for a file
/// name on every system.
pub fn file_for(dir: &Path, plan: &str, unit: &str, period: &Period) -> PathBuf {
    let safe: String = unit
        .chars()
        .map(|c| {
            if c.is_control() || r#"/\:*?"<>|"#.contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    dir.join(format!("{plan}-{safe}-{period}.xlsx"))
}

fn no_milestones(plan: &Plan, unit: &str, include_support: bool, locale: Locale) -> CliError {
    let units = fillin_xlsx::lead_units(plan);
    let msg = Msg::NoMilestones(unit, include_support, &plan.id, &units);
    CliError::Message(text(msg, locale))
}
