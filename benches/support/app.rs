//! The app as the benches build it: the default settings, Chinese labels,
//! colour on, the as-of date of the generated plans' history.

use chrono::NaiveDate;
use taizhang::config::{Config, Locale};
use taizhang::plan::Plan;
use taizhang::state::{PlanState, Store};
use taizhang::tui::app::{App, Setup};
use taizhang::tui::keymap::KeyMap;
use taizhang::tui::labels::Labels;
use taizhang::tui::theme::Theme;

/// The app on the first of `plans`, whose saved state is `state`.
pub fn app(plans: Vec<Plan>, state: PlanState, store: Store) -> App {
    let config = Config::defaults();
    App::new(Setup {
        state,
        plans,
        plan_index: 0,
        as_of: NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
        rules: config.lights.rules(),
        keymap: KeyMap::from_config(&config.keys).unwrap(),
        labels: Labels { locale: Locale::Zh },
        theme: Theme::new(&config.colors, true),
        store,
        reviewer: "bench".into(),
        sync: None,
    })
}
