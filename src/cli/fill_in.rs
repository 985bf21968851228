//! `taizhang export PLAN --format xlsx --lead UNIT -o FILE` and
//! `--per-lead DIR`: the lead units' fill-in workbooks
//! (`report::fillin_xlsx`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::plans::FillInArgs;
use super::{CliError, Context, TreeFormat, write_output};
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
    let usage = |text: &str| Err(CliError::Message(text.to_string()));
    if format != TreeFormat::Xlsx {
        return usage(
            "--lead, --per-lead, --include-support and --period make fill-in workbooks: use them with --format xlsx",
        );
    }
    if ids.len() != 1 {
        return Err(CliError::Message(format!(
            "a fill-in workbook is made for exactly one plan, {} given",
            ids.len()
        )));
    }
    if !(args.lead.is_some() || args.per_lead.is_some()) {
        return usage("name the unit: --lead UNIT -o FILE, or --per-lead DIR for every lead unit");
    }
    if args.lead.is_some() && output.is_none() {
        return usage("--lead UNIT needs -o FILE: a workbook is not printed to the terminal");
    }
    let period = match &args.period {
        Some(text) => text.parse::<Period>().map_err(CliError::Message)?,
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
        .map_err(|e| CliError::Message(format!("cannot build the workbook: {e}")))
    };
    if let (Some(unit), Some(output)) = (&args.lead, output) {
        let Some(bytes) = make(unit)? else {
            return Err(no_milestones(plan, unit, args.include_support));
        };
        write_output(output, &bytes)?;
        return Ok(ExitCode::SUCCESS);
    }
    let dir = args.per_lead.as_deref().expect("checked above");
    per_lead(plan, dir, &period, &make)
}

fn per_lead(
    plan: &Plan,
    dir: &Path,
    period: &Period,
    make: &MakeWorkbook,
) -> Result<ExitCode, CliError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::Message(format!("{}: cannot create: {e}", dir.display())))?;
    let units = fillin_xlsx::lead_units(plan);
    if units.is_empty() {
        return Err(CliError::Message(format!(
            "plan `{}` names no lead unit: there is nobody to send a workbook to",
            plan.id
        )));
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

fn no_milestones(plan: &Plan, unit: &str, include_support: bool) -> CliError {
    let units = fillin_xlsx::lead_units(plan);
    let role = if include_support {
        "leads or supports"
    } else {
        "leads"
    };
    CliError::Message(format!(
        "unit `{unit}` {role} no task of plan `{}`; its lead units are: {}",
        plan.id,
        if units.is_empty() {
            "none".to_string()
        } else {
            units.join(", ")
        }
    ))
}
