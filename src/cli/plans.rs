//! `plans`, `validate`, `export`: reading plans from the command line.
//! `export --format xlsx` writes the ledger workbook (`report::ledger_xlsx`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{CliError, Context, TreeFormat, progress};
use crate::i18n::cli::Msg;
use crate::plan::Plan;
use crate::plan::catalog::{self, LoadError};
use crate::report::{ledger_xlsx, tree};
use crate::state::PlanState;

pub fn list(context: &Context) -> Result<ExitCode, CliError> {
    let catalog = context.catalog()?;
    let rows: Vec<Vec<String>> = catalog
        .plans
        .iter()
        .map(|loaded| {
            let plan = &loaded.plan;
            vec![
                plan.id.clone(),
                plan.areas.len().to_string(),
                plan.task_count().to_string(),
                plan.milestones().count().to_string(),
                crate::safe_text::escape(&plan.title).into_owned(),
            ]
        })
        .collect();
    let header = crate::i18n::cli::plans_header(context.config.locale()).map(String::from);
    super::print_out(&crate::report::text::table_of(
        &header,
        &rows,
        &[false, true, true, true, false],
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Check the named files, or every loaded plan; print each problem as
/// `FILE:LINE:COL: message`. Exit 1 when there is any. The saved state of
/// each plan checked is read too: a state file that does not load is a
/// problem; state kept for a milestone the plan no longer has is a warning
/// (printed the same way, not counted: it is kept on purpose and
/// re-attaches if the milestone comes back).
pub fn validate(context: &Context, files: &[PathBuf]) -> Result<ExitCode, CliError> {
    let locale = context.config.locale();
    let worded = |found: &[crate::plan::validate::Problem]| {
        found
            .iter()
            .map(|p| crate::i18n::plan::problem(p, locale))
            .collect::<Vec<_>>()
    };
    let mut problems = Vec::new();
    let mut loaded: Vec<Plan> = Vec::new();
    if files.is_empty() {
        match context.load_catalog() {
            Ok(catalog) => {
                problems.extend(
                    catalog
                        .problems()
                        .map(|p| crate::i18n::plan::problem(p, locale)),
                );
                loaded.extend(catalog.plans.into_iter().map(|p| p.plan))
            }
            Err(LoadError::Invalid { problems: found }) => problems.extend(worded(&found)),
            Err(other) => problems.push(crate::i18n::load_error(&other, locale)),
        }
    }
    for file in files {
        match catalog::load_file(file) {
            Ok(plan) => loaded.push(plan),
            Err(LoadError::Invalid { problems: found }) => problems.extend(worded(&found)),
            Err(other) => problems.push(crate::i18n::load_error(&other, locale)),
        }
    }
    let checked = loaded.len().max(files.len());
    let store = context.store();
    let mut warnings = Vec::new();
    for plan in &loaded {
        match progress::check_state(&store, plan, locale) {
            Ok(found) => warnings.extend(found),
            Err(err) => problems.push(crate::i18n::state_error(&err, locale)),
        }
    }
    for line in problems.iter().chain(&warnings) {
        outln!("{line}");
    }
    let verdict = crate::i18n::cli::validated(checked, problems.len(), warnings.len(), locale);
    eprintln!("{verdict}");
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `export --format xlsx --lead UNIT | --per-lead DIR`: the fill-in workbook.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FillInArgs {
    /// The fill-in workbook of lead unit UNIT (with --format xlsx).
    #[arg(long, value_name = "UNIT", conflicts_with = "per_lead")]
    pub lead: Option<String>,
    /// One fill-in workbook per lead unit, written into DIR.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub per_lead: Option<PathBuf>,
    /// Also the milestones of tasks the unit supports (配合单位).
    #[arg(long)]
    pub include_support: bool,
    /// The reporting period (2025-06 or 2025-Q2); default: the one holding
    /// the as-of date, of the kind set by `report_period`.
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
}

impl FillInArgs {
    fn wanted(&self) -> bool {
        self.lead.is_some() || self.per_lead.is_some()
    }
}

pub fn export(
    context: &Context,
    ids: &[String],
    format: TreeFormat,
    output: Option<&Path>,
    fill_in: &FillInArgs,
) -> Result<ExitCode, CliError> {
    if fill_in.wanted() || fill_in.include_support || fill_in.period.is_some() {
        return super::fill_in::export(context, ids, format, output, fill_in);
    }
    let say = |msg| CliError::Message(crate::i18n::cli::text(msg, context.config.locale()));
    if format == TreeFormat::Xlsx {
        if ids.len() != 1 {
            return Err(say(Msg::XlsxOnePlan(ids.len())));
        }
        if output.is_none() {
            return Err(say(Msg::XlsxNeedsOutput));
        }
    }
    let wanted: Vec<&str> = ids.iter().map(String::as_str).collect();
    let catalog = context.catalog_for(&wanted)?;
    let plans = catalog.select(ids)?;
    let store = context.store();
    let states: Vec<PlanState> = super::cached::load_states(&store, &plans, context.cache())?;
    let pairs: Vec<_> = plans.iter().copied().zip(states.iter()).collect();
    let bytes = match format {
        TreeFormat::Json => {
            let doc = tree::export(&pairs, context.as_of, &context.rules());
            (serde_json::to_string_pretty(&doc).map_err(|e| CliError::Message(e.to_string()))?
                + "\n")
                .into_bytes()
        }
        TreeFormat::Yaml => {
            let doc = tree::export(&pairs, context.as_of, &context.rules());
            crate::yaml::to_string(&doc)
                .map_err(|e| CliError::Message(e.to_string()))?
                .into_bytes()
        }
        TreeFormat::Xlsx => {
            let (plan, state) = pairs[0];
            ledger_xlsx::ledger(plan, state, context.as_of, &context.rules())
                .map_err(|e| say(Msg::CannotBuild(e.to_string())))?
        }
    };
    super::emit(output, &bytes)?;
    Ok(ExitCode::SUCCESS)
}
