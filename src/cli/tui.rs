//! `taizhang tui [PLAN]`, bare `taizhang`, and `taizhang review`: open the app.

use std::process::ExitCode;

use super::{CliError, Context};
use crate::config::Config;
use crate::i18n::review::session_error;
use crate::plan::Catalog;
use crate::review::{Scope, SessionRecord, SessionStore};
use crate::tui::app::{App, FirstStart, Flash, Input, InputPurpose, Mode, Setup};
use crate::tui::input::LineEditor;
use crate::tui::keymap::KeyMap;
use crate::tui::labels::Labels;
use crate::tui::theme::{Theme, no_color_requested};
use crate::yaml::Locator;

/// The file that remembers the last plan opened.
const LAST_PLAN: &str = "last-plan";

/// How the app starts.
pub enum Start {
    /// The normal screen on a plan (or the remembered one, or a picker).
    Browse(Option<String>),
    /// A new review session of a plan.
    Review { plan: String, scope: Scope },
    /// Resume the newest interrupted session (of one plan, or any).
    Resume(Option<String>),
}

pub fn open(context: &Context, start: Start) -> Result<ExitCode, CliError> {
    let catalog = plans_for(context, &start)?;
    let last_file = context.dirs.config.join(LAST_PLAN);
    let store = context.store();
    let (wanted, resumed) = which_plan(context, &catalog, &start, &last_file)?;
    let plans: Vec<_> = catalog.plans.into_iter().map(|p| p.plan).collect();
    let plan_index = wanted
        .as_ref()
        .and_then(|id| plans.iter().position(|p| &p.id == id))
        .unwrap_or(0);
    let state = store.load(&plans[plan_index].id)?;
    let (setup_problems, keymap, theme) = settings(context);
    let mut app = App::new(Setup {
        plans,
        plan_index,
        state,
        as_of: context.as_of,
        rules: context.rules(),
        keymap,
        labels: Labels {
            locale: context.config.locale(),
        },
        theme,
        store,
        reviewer: context.config.reviewer_name(),
        sync: Some(crate::tui::sync::SyncState::new(context.dirs.clone())),
    });
    app.report_period = context.config.report_period;
    app.cache = context.cache().map(std::path::Path::to_path_buf);
    if let Some(problem) = setup_problems.first() {
        app.flash = Some(Flash {
            text: problem.clone(),
            error: true,
        });
    }
    first_screen(context, &mut app, start, wanted.is_none(), resumed)?;
    crate::tui::run(&mut app).map_err(|e| CliError::Message(tui_error(&e, app.labels.locale)))?;
    for problem in setup_problems {
        eprintln!("taizhang: {problem}");
    }
    // remembering is a convenience: failing to write it is not an error
    // (and a link or pipe put at its place is left alone, never followed)
    let remembered = format!("{}\n", app.plan().id);
    let _ = std::fs::create_dir_all(&context.dirs.config)
        .and_then(|_| crate::fsutil::write_atomic(&last_file, remembered.as_bytes()));
    Ok(ExitCode::SUCCESS)
}

/// The plan named by `start`, if any.
fn named(start: &Start) -> Option<&str> {
    match start {
        Start::Browse(Some(id)) | Start::Review { plan: id, .. } | Start::Resume(Some(id)) => {
            Some(id.as_str())
        }
        _ => None,
    }
}

/// The plans, checked before anything about the terminal: a wrong plan id
/// is the first thing to hear about; a plan that does not load is left out
/// with a warning, unless it is the one asked for.
fn plans_for(context: &Context, start: &Start) -> Result<Catalog, CliError> {
    let asked: Vec<&str> = named(start).into_iter().collect();
    let catalog = context.catalog_for(&asked)?;
    if catalog.plans.is_empty() {
        return Err(CliError::Message(
            "no plans: add a plan YAML to the plans folder (see `taizhang paths`)".into(),
        ));
    }
    if let Some(id) = named(start) {
        catalog.get(id)?;
    }
    // say so before any more work when there is no terminal to draw on
    crate::tui::require_terminal().map_err(|e| match e {
        crate::tui::TuiError::NoTerminal => {
            CliError::Message(crate::i18n::no_terminal(context.config.locale()).to_string())
        }
        e => CliError::Message(e.to_string()),
    })?;
    Ok(catalog)
}

/// The plan to open (the one named, the resumed session's, else the one
/// opened last) and the session to resume.
fn which_plan(
    context: &Context,
    catalog: &Catalog,
    start: &Start,
    last_file: &std::path::Path,
) -> Result<(Option<String>, Option<SessionRecord>), CliError> {
    let sessions = SessionStore::new(context.store().dir());
    let latest = |ids: &[&str]| {
        sessions
            .latest_unfinished(ids)
            .map_err(|e| CliError::Message(session_error(&e, context.config.locale())))
    };
    Ok(match start {
        Start::Resume(None) => {
            let ids = catalog.ids();
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            let record = latest(&ids)?;
            (Some(record.plan.clone()), Some(record))
        }
        Start::Resume(Some(id)) => (Some(catalog.get(id)?.id.clone()), Some(latest(&[id])?)),
        Start::Browse(Some(id)) | Start::Review { plan: id, .. } => {
            (Some(catalog.get(id)?.id.clone()), None)
        }
        Start::Browse(None) => {
            let last = std::fs::read_to_string(last_file)
                .ok()
                .map(|s| s.trim().to_string())
                .filter(|id| catalog.get(id).is_ok());
            (last, None)
        }
    })
}

/// What the app opens on: the first-start prompt (nobody named yet), the
/// plan picker (no plan chosen), the plan, or a review session.
fn first_screen(
    context: &Context,
    app: &mut App,
    start: Start,
    pick_plan: bool,
    resumed: Option<SessionRecord>,
) -> Result<(), CliError> {
    let first_start = context.config.reviewer.trim().is_empty();
    match start {
        Start::Browse(_) if first_start => {
            app.mode = Mode::Input(Input {
                purpose: InputPurpose::Reviewer(FirstStart {
                    config_file: context.dirs.config_file(),
                    pick_plan,
                }),
                editor: LineEditor::new(&app.reviewer),
            })
        }
        Start::Browse(_) if pick_plan => {
            app.mode = Mode::Choose(crate::tui::update::plan_picker(app))
        }
        Start::Browse(_) => {}
        Start::Review { scope, .. } => {
            crate::tui::review::start(app, scope, true).map_err(CliError::Message)?
        }
        Start::Resume(_) => {
            let record = resumed.expect("a session was found by which_plan");
            crate::tui::review::resume(app, record, true).map_err(CliError::Message)?;
        }
    }
    Ok(())
}

/// The key map and theme from the config; problems are reported and the
/// defaults used.
fn settings(context: &Context) -> (Vec<String>, KeyMap, Theme) {
    let mut problems = Vec::new();
    let config_file = context.dirs.config_file();
    let keymap = KeyMap::from_config(&context.config.keys).unwrap_or_else(|found| {
        let text = std::fs::read_to_string(&config_file).unwrap_or_default();
        let locator = Locator::new(&text);
        for problem in found {
            let (line, column) = locator.find_key(&problem.path).unwrap_or((1, 1));
            let locale = context.config.locale();
            let fallback = match locale {
                crate::config::Locale::Zh => "（改用默认按键）",
                crate::config::Locale::En => " (using the default keys)",
            };
            problems.push(format!(
                "{}:{line}:{column}: {}{fallback}",
                config_file.display(),
                crate::tui::keymap::worded(&problem, locale)
            ));
        }
        KeyMap::from_config(&Config::defaults().keys).expect("default keys are valid")
    });
    let color = !no_color_requested();
    // bad colours are refused with the rest of the settings, at their line
    let theme = Theme::new(&context.config.colors, color);
    (problems, keymap, theme)
}

/// The app's own failure (the terminal's), in the user's language.
fn tui_error(err: &crate::tui::TuiError, locale: crate::config::Locale) -> String {
    match (err, locale) {
        (crate::tui::TuiError::NoTerminal, _) => crate::i18n::no_terminal(locale).to_string(),
        (crate::tui::TuiError::Io(source), crate::config::Locale::Zh) => {
            format!("终端：{}", crate::i18n::io_reason(source, locale))
        }
        (err, crate::config::Locale::En) => err.to_string(),
    }
}
