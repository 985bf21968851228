//! `taizhang tui [PLAN]` and bare `taizhang`: open the app.

use std::process::ExitCode;

use super::{CliError, Context};
use crate::config::Config;
use crate::tui::app::{App, Chooser, ChooserPurpose, Cursor, Flash, Mode, Setup};
use crate::tui::keymap::KeyMap;
use crate::tui::labels::Labels;
use crate::tui::theme::{Theme, no_color_requested};
use crate::yaml::Locator;

/// The file that remembers the last plan opened.
const LAST_PLAN: &str = "last-plan";

pub fn open(context: &Context, plan: Option<String>) -> Result<ExitCode, CliError> {
    // say so before any work when there is no terminal to draw on
    crate::tui::require_terminal().map_err(|e| CliError::Message(e.to_string()))?;
    let catalog = context.catalog()?;
    if catalog.plans.is_empty() {
        return Err(CliError::Message("no plans: add a plan YAML to the plans folder (see `taizhang paths`)".into()));
    }
    let last_file = context.dirs.config.join(LAST_PLAN);
    let remembered = std::fs::read_to_string(&last_file).ok().map(|s| s.trim().to_string());
    let wanted = match plan {
        Some(id) => Some(catalog.get(&id)?.id.clone()),
        None => remembered.filter(|id| catalog.get(id).is_ok()),
    };
    let plans: Vec<_> = catalog.plans.into_iter().map(|p| p.plan).collect();
    let plan_index = wanted
        .as_ref()
        .and_then(|id| plans.iter().position(|p| &p.id == id))
        .unwrap_or(0);
    let store = context.store();
    let state = store.load(&plans[plan_index].id)?;
    let (setup_problems, keymap, theme) = settings(context);
    let mut app = App::new(Setup {
        plans,
        plan_index,
        state,
        as_of: context.as_of,
        keymap,
        labels: Labels {
            locale: context.config.locale(),
        },
        theme,
        store,
        reviewer: context.config.reviewer_name(),
    });
    if let Some(problem) = setup_problems.first() {
        app.flash = Some(Flash {
            text: problem.clone(),
            error: true,
        });
    }
    if wanted.is_none() {
        app.mode = Mode::Choose(plan_picker(&app, context));
    }
    crate::tui::run(&mut app).map_err(|e| CliError::Message(e.to_string()))?;
    for problem in setup_problems {
        eprintln!("taizhang: {problem}");
    }
    // remembering is a convenience: failing to write it is not an error
    let _ = std::fs::create_dir_all(&context.dirs.config)
        .and_then(|_| std::fs::write(&last_file, format!("{}\n", app.plan().id)));
    Ok(ExitCode::SUCCESS)
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
            problems.push(format!(
                "{}:{line}:{column}: {}: {} (using the default keys)",
                config_file.display(),
                problem.path,
                problem.message
            ));
        }
        KeyMap::from_config(&Config::defaults().keys).expect("default keys are valid")
    });
    let color = !no_color_requested();
    let theme = Theme::new(&context.config.colors, color).unwrap_or_else(|message| {
        problems.push(format!("{}: {message} (using the default colours)", config_file.display()));
        Theme::new(&Config::defaults().colors, color).expect("default colours are valid")
    });
    (problems, keymap, theme)
}

/// All plans with their progress, to choose from.
fn plan_picker(app: &App, context: &Context) -> Chooser {
    let store = context.store();
    let items = app
        .plans
        .iter()
        .map(|plan| {
            let percent = store
                .load(&plan.id)
                .map(|state| {
                    let totals: crate::state::Totals = plan
                        .milestones()
                        .map(|m| crate::state::standing(m.milestone, state.get(&m.milestone.id), plan.span, app.as_of))
                        .collect();
                    format!("{:>5.1}%", totals.percent)
                })
                .unwrap_or_else(|_| "  ?  ".into());
            format!("{percent}  {}  {}", plan.id, plan.title)
        })
        .collect();
    Chooser {
        purpose: ChooserPurpose::Plan,
        items,
        cursor: Cursor::default(),
    }
}
