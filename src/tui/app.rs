//! The app's state between frames. Rendering reads it; `update` changes
//! it, and before each frame the layout pass (`view::fit`) records in
//! [`Viewport`] what the panes can show and keeps the cursors in view of it,
//! nothing else.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::keymap::KeyMap;
use super::labels::Labels;
pub use super::search::{Place, Search};
use super::theme::Theme;
use crate::plan::{Milestone, Plan, Task};
use crate::state::{LightRules, PlanState, Standing, Store, Totals, standing};

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Areas,
    Tasks,
    Detail,
}

/// A selection that outlives a frame: the selected row and the first row
/// shown, like ratatui's `ListState`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Keep `selected` inside `len` rows and visible in a window of `height`.
    pub fn clamp(&mut self, len: usize, height: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(1));
    }
}

/// The layout's results that `update` needs: the rows the tree and areas
/// panes show inside their borders. Only the layout pass (`view::fit`)
/// writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewport {
    pub tree_rows: usize,
    pub area_rows: usize,
}

impl Default for Viewport {
    /// Until the first frame: ten rows each.
    fn default() -> Self {
        Viewport {
            tree_rows: 10,
            area_rows: 10,
        }
    }
}

/// A task inside an area: the indexes from `area.tasks` down.
pub type TaskPath = Vec<usize>;

/// One line of the task tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Task {
        path: TaskPath,
    },
    Milestone {
        path: TaskPath,
        index: usize,
    },
    /// A headline goal (总体目标), shown in its own section.
    Goal {
        index: usize,
    },
}

impl Row {
    pub fn depth(&self) -> usize {
        match self {
            Row::Task { path } => path.len() - 1,
            Row::Milestone { path, .. } => path.len(),
            Row::Goal { .. } => 0,
        }
    }
}

/// A one-line text prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub purpose: InputPurpose,
    pub editor: super::input::LineEditor,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputPurpose {
    Search,
    Value {
        milestone: String,
    },
    Note {
        milestone: String,
    },
    /// One part of the current period's progress report; submitting it
    /// goes on to the next part.
    Report {
        milestone: String,
        period: crate::state::Period,
        field: crate::state::Field,
    },
    /// First start: who records the changes, saved to `config_file`.
    Reviewer(FirstStart),
    /// First start, after the name: the reviewer's office (may be empty).
    ReviewerUnit {
        name: String,
        first: FirstStart,
    },
}

/// What the first-start prompts need: where the settings go, and whether
/// the plan picker comes next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstStart {
    pub config_file: std::path::PathBuf,
    pub pick_plan: bool,
}

/// A pick-one list shown over the screen; typing narrows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chooser {
    pub purpose: ChooserPurpose,
    pub items: Vec<String>,
    /// Moves over the items that pass the filter (see [`Chooser::visible`]).
    pub cursor: Cursor,
    /// Text typed to narrow the list (case-insensitive, anywhere in an item).
    pub filter: String,
}

impl Chooser {
    pub fn new(purpose: ChooserPurpose, items: Vec<String>, selected: usize) -> Chooser {
        Chooser {
            purpose,
            items,
            cursor: Cursor {
                selected,
                offset: 0,
            },
            filter: String::new(),
        }
    }

    /// The indexes into `items` that the filter lets through, in order.
    pub fn visible(&self) -> Vec<usize> {
        let filter = self.filter.to_lowercase();
        (0..self.items.len())
            .filter(|&i| filter.is_empty() || self.items[i].to_lowercase().contains(&filter))
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ChooserPurpose {
    /// Which milestone of a task gets the status/value/note.
    Milestone {
        ids: Vec<String>,
        then: Pending,
    },
    LeadUnit,
    /// Which plan to open: `order[i]` is the plan index of item `i`,
    /// ranked by `sort`.
    Plan {
        order: Vec<usize>,
        sort: crate::report::rollup::SortBy,
    },
    /// A value that looks like a slip (ten times the target, a rate over
    /// 100%): item 0 saves it, item 1 does not.
    ConfirmValue {
        milestone: String,
        value: f64,
        question: String,
    },
}

/// What to do with the milestone a chooser picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    Mark(crate::state::Status),
    Value,
    Note,
    Report,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    Help,
    /// The burn-up chart (`c`).
    Trend(TrendScreen),
    /// The lead units' scorecard (`U`).
    Scorecard(ScoreScreen),
    Input(Input),
    Choose(Chooser),
}

/// What the trend screen shows: the burn-up of one area or the whole plan,
/// computed by the report's own function when the screen opens.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendScreen {
    /// The area's id, or `None` for the whole plan.
    pub area: Option<String>,
    /// The area's title, or the plan's.
    pub title: String,
    pub points: Vec<crate::report::meeting::TrendPoint>,
}

/// The scorecard screen: the units, ranked, and the first one in view
/// (Up/Down scroll a list longer than the screen).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreScreen {
    pub scores: Vec<crate::report::meeting::UnitScore>,
    pub offset: usize,
}

/// The status line under the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub plans: Vec<Plan>,
    pub plan_index: usize,
    pub state: PlanState,
    /// Derived standing of every milestone, by id; refreshed on each change.
    pub standings: HashMap<String, Standing>,
    pub totals: Totals,
    /// Roll-ups of each section of the areas pane (goals first, if any).
    pub section_totals: Vec<Totals>,
    pub as_of: NaiveDate,
    /// The light rules of the settings (`lights:`).
    pub rules: LightRules,
    pub focus: Pane,
    pub areas: Cursor,
    pub tree: Cursor,
    pub rows: Vec<Row>,
    pub collapsed: HashSet<String>,
    pub detail_scroll: u16,
    pub mode: Mode,
    pub filter_lead: Option<String>,
    pub attention_only: bool,
    pub search: Option<Search>,
    pub flash: Option<Flash>,
    pub keymap: KeyMap,
    pub labels: Labels,
    pub theme: Theme,
    pub store: Store,
    pub reviewer: String,
    /// What the panes could show at the last layout, for paging.
    pub viewport: Viewport,
    pub quit: bool,
    /// A review session under way: it takes over the screen.
    pub review: Option<super::review::ReviewRun>,
    /// Team sync through git (`S`); `None` in tests that do not need it.
    pub sync: Option<super::sync::SyncState>,
    /// Month or quarter: the period a progress report is for (setting
    /// `report_period`); the current one is the period of the as-of date.
    pub report_period: crate::state::PeriodKind,
    /// Where parsed states are cached (see [`crate::cache`]): the plan
    /// picker reads every plan's state through it. `None`: read them all.
    pub cache: Option<std::path::PathBuf>,
    /// Ids of the changes this app saved: `u` undoes only these.
    pub own_changes: HashSet<String>,
}

impl App {
    /// The reporting period of the as-of date.
    pub fn current_period(&self) -> crate::state::Period {
        crate::state::Period::containing(self.as_of, self.report_period)
    }

    pub fn plan(&self) -> &Plan {
        &self.plans[self.plan_index]
    }

    /// The areas pane lists the headline goals first when the plan has any,
    /// then the action areas; `areas.selected` indexes that list.
    pub fn goals_offset(&self) -> usize {
        usize::from(!self.plan().goals.is_empty())
    }

    pub fn section_count(&self) -> usize {
        self.plan().areas.len() + self.goals_offset()
    }

    /// The plan area selected, or `None` when the goals are.
    pub fn area_index(&self) -> Option<usize> {
        self.areas.selected.checked_sub(self.goals_offset())
    }

    /// The section of plan area `area`.
    pub fn section_of_area(&self, area: usize) -> usize {
        area + self.goals_offset()
    }

    /// A task of the selected area.
    pub fn selected_task(&self, path: &[usize]) -> Option<&Task> {
        self.task_at(self.area_index()?, path)
    }

    /// Recompute every derived standing and the roll-ups.
    pub fn refresh_standings(&mut self) {
        let plan = &self.plans[self.plan_index];
        self.standings = plan
            .milestones()
            .map(|m| {
                let s = standing(
                    m.milestone,
                    self.state.get(&m.milestone.id),
                    plan.span,
                    self.as_of,
                    &self.rules,
                );
                (m.milestone.id.clone(), s)
            })
            .collect();
        self.totals = self.standings.values().copied().collect();
        let goals = (!plan.goals.is_empty())
            .then(|| plan.goals.iter().map(|m| self.standings[&m.id]).collect());
        let areas = plan.areas.iter().map(|area| {
            area.all_tasks()
                .flat_map(|t| t.milestones.iter())
                .map(|m| self.standings[&m.id])
                .collect()
        });
        self.section_totals = goals.into_iter().chain(areas).collect();
    }

    pub fn task_at(&self, area: usize, path: &[usize]) -> Option<&Task> {
        let mut task = self.plan().areas.get(area)?.tasks.get(*path.first()?)?;
        for &index in &path[1..] {
            task = task.tasks.get(index)?;
        }
        Some(task)
    }

    /// The task and milestone of a tree row in the selected section.
    pub fn row_items(&self, row: &Row) -> (Option<&Task>, Option<&Milestone>) {
        match row {
            Row::Task { path } => (self.selected_task(path), None),
            Row::Milestone { path, index } => {
                let task = self.selected_task(path);
                (task, task.and_then(|t| t.milestones.get(*index)))
            }
            Row::Goal { index } => (None, self.plan().goals.get(*index)),
        }
    }

    pub fn selected_row(&self) -> Option<&Row> {
        self.rows.get(self.tree.selected)
    }

    /// Does a milestone pass the lead-unit and overdue/red filters?
    fn shows_milestone(&self, task: Option<&Task>, milestone: &Milestone) -> bool {
        // goals have no lead unit: a lead filter hides them
        let lead_ok = self
            .filter_lead
            .as_ref()
            .is_none_or(|unit| task.is_some_and(|t| t.lead.iter().any(|l| l == unit)));
        let attention_ok = !self.attention_only
            || self
                .standings
                .get(&milestone.id)
                .is_some_and(|s| s.overdue || s.light == crate::state::Light::Red);
        lead_ok && attention_ok
    }

    fn task_visible(&self, task: &Task) -> bool {
        if self.filter_lead.is_none() && !self.attention_only {
            return true;
        }
        task.flatten().iter().any(|t| {
            t.milestones
                .iter()
                .any(|m| self.shows_milestone(Some(t), m))
        })
    }

    /// Rebuild the tree rows of the selected area, keeping the selection on
    /// the same row when it is still there.
    pub fn rebuild_rows(&mut self) {
        let previous = self.selected_row().cloned();
        let mut rows = Vec::new();
        match self.area_index() {
            None => {
                for (index, goal) in self.plan().goals.iter().enumerate() {
                    if self.shows_milestone(None, goal) {
                        rows.push(Row::Goal { index });
                    }
                }
            }
            Some(area) => {
                if let Some(area) = self.plan().areas.get(area) {
                    for (index, task) in area.tasks.iter().enumerate() {
                        self.push_task_rows(task, vec![index], &mut rows);
                    }
                }
            }
        }
        self.rows = rows;
        if let Some(previous) = previous
            && let Some(position) = self.rows.iter().position(|r| *r == previous)
        {
            self.tree.selected = position;
        }
        self.tree.clamp(self.rows.len(), self.viewport.tree_rows);
    }

    fn push_task_rows(&self, task: &Task, path: TaskPath, rows: &mut Vec<Row>) {
        if !self.task_visible(task) {
            return;
        }
        rows.push(Row::Task { path: path.clone() });
        if self.collapsed.contains(&task.id) {
            return;
        }
        for (index, milestone) in task.milestones.iter().enumerate() {
            if self.shows_milestone(Some(task), milestone) {
                rows.push(Row::Milestone {
                    path: path.clone(),
                    index,
                });
            }
        }
        for (index, sub) in task.tasks.iter().enumerate() {
            let mut sub_path = path.clone();
            sub_path.push(index);
            self.push_task_rows(sub, sub_path, rows);
        }
    }
}

/// What the app starts from.
pub struct Setup {
    pub plans: Vec<Plan>,
    pub plan_index: usize,
    pub state: PlanState,
    pub as_of: NaiveDate,
    pub rules: LightRules,
    pub keymap: KeyMap,
    pub labels: Labels,
    pub theme: Theme,
    pub store: Store,
    pub reviewer: String,
    pub sync: Option<super::sync::SyncState>,
}

impl App {
    pub fn new(setup: Setup) -> App {
        let mut app = App {
            // what the screen shows: no glyph of ambiguous width (wrap.rs)
            plans: setup
                .plans
                .iter()
                .map(super::wrap::plan_for_display)
                .collect(),
            plan_index: setup.plan_index,
            state: setup.state,
            standings: HashMap::new(),
            totals: Totals::default(),
            section_totals: Vec::new(),
            as_of: setup.as_of,
            rules: setup.rules,
            focus: Pane::Areas,
            areas: Cursor::default(),
            tree: Cursor::default(),
            rows: Vec::new(),
            collapsed: HashSet::new(),
            detail_scroll: 0,
            mode: Mode::Normal,
            filter_lead: None,
            attention_only: false,
            search: None,
            flash: None,
            keymap: setup.keymap,
            labels: setup.labels,
            theme: setup.theme,
            store: setup.store,
            reviewer: setup.reviewer,
            viewport: Viewport::default(),
            quit: false,
            review: None,
            sync: setup.sync,
            report_period: crate::state::PeriodKind::default(),
            cache: None,
            own_changes: HashSet::new(),
        };
        app.refresh_standings();
        app.rebuild_rows();
        app
    }
}
