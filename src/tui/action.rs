//! Everything a key can do. The config names actions by `Action::name`, the
//! key map and the footer hints both come from one table of these, so the
//! keys that dispatch and the keys that are shown cannot drift apart.

use crate::config::Locale;
use crate::state::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Up,
    Down,
    Left,
    Right,
    NextPane,
    PrevPane,
    Expand,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Mark(Status),
    Value,
    Note,
    /// Edit the selected milestone's progress report for the current period.
    Report,
    Undo,
    Search,
    NextMatch,
    PrevMatch,
    FilterLead,
    Attention,
    Review,
    Plans,
    Sync,
    /// The burn-up of the selected area (again: of the whole plan).
    Trend,
    /// The lead units' scorecard.
    Scorecard,
    Help,
    Quit,
    /// Jump to action area N (1–9); bound to the digit keys, not remappable.
    JumpArea(usize),
}

impl Action {
    /// Every remappable action, in the order the help lists them.
    pub const ALL: [Action; 31] = [
        Action::Up,
        Action::Down,
        Action::Left,
        Action::Right,
        Action::NextPane,
        Action::PrevPane,
        Action::Expand,
        Action::Top,
        Action::Bottom,
        Action::PageUp,
        Action::PageDown,
        Action::Mark(Status::Todo),
        Action::Mark(Status::Doing),
        Action::Mark(Status::Done),
        Action::Mark(Status::Blocked),
        Action::Value,
        Action::Note,
        Action::Report,
        Action::Undo,
        Action::Search,
        Action::NextMatch,
        Action::PrevMatch,
        Action::FilterLead,
        Action::Attention,
        Action::Review,
        Action::Plans,
        Action::Sync,
        Action::Trend,
        Action::Scorecard,
        Action::Help,
        Action::Quit,
    ];

    /// The name used in `config.yaml` under `keys:`.
    pub fn name(self) -> &'static str {
        match self {
            Action::Up => "up",
            Action::Down => "down",
            Action::Left => "left",
            Action::Right => "right",
            Action::NextPane => "next_pane",
            Action::PrevPane => "prev_pane",
            Action::Expand => "expand",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Mark(Status::Todo) => "todo",
            Action::Mark(Status::Doing) => "doing",
            Action::Mark(Status::Done) => "done",
            Action::Mark(Status::Blocked) => "blocked",
            Action::Value => "value",
            Action::Note => "note",
            Action::Report => "report",
            Action::Undo => "undo",
            Action::Search => "search",
            Action::NextMatch => "next_match",
            Action::PrevMatch => "prev_match",
            Action::FilterLead => "filter_lead",
            Action::Attention => "attention",
            Action::Review => "review",
            Action::Plans => "plans",
            Action::Sync => "sync",
            Action::Trend => "trend",
            Action::Scorecard => "scorecard",
            Action::Help => "help",
            Action::Quit => "quit",
            Action::JumpArea(_) => "area",
        }
    }

    /// What the action does, for the help overlay and the footer.
    pub fn label(self, locale: Locale) -> &'static str {
        let (zh, en) = match self {
            Action::Up => ("上移", "up"),
            Action::Down => ("下移", "down"),
            Action::Left => ("收起/左栏", "collapse/left"),
            Action::Right => ("展开/右栏", "expand/right"),
            Action::NextPane => ("下一栏", "next pane"),
            Action::PrevPane => ("上一栏", "previous pane"),
            Action::Expand => ("展开", "expand"),
            Action::Top => ("首行", "top"),
            Action::Bottom => ("末行", "bottom"),
            Action::PageUp => ("上页", "page up"),
            Action::PageDown => ("下页", "page down"),
            Action::Mark(Status::Todo) => ("未启动", "todo"),
            Action::Mark(Status::Doing) => ("推进中", "doing"),
            Action::Mark(Status::Done) => ("已完成", "done"),
            Action::Mark(Status::Blocked) => ("受阻", "blocked"),
            Action::Value => ("填数值", "value"),
            Action::Note => ("备注", "note"),
            Action::Report => ("进展报告", "report"),
            Action::Undo => ("撤销", "undo"),
            Action::Search => ("搜索", "search"),
            Action::NextMatch => ("下一个", "next match"),
            Action::PrevMatch => ("上一个", "previous match"),
            Action::FilterLead => ("按牵头单位", "by lead unit"),
            Action::Attention => ("只看逾期/红", "overdue/red only"),
            Action::Review => ("调度审阅", "review"),
            Action::Plans => ("换计划", "plans"),
            Action::Sync => ("同步", "sync"),
            Action::Trend => ("趋势图", "trend"),
            Action::Scorecard => ("单位排名", "unit scores"),
            Action::Help => ("帮助", "help"),
            Action::Quit => ("退出", "quit"),
            Action::JumpArea(_) => ("跳到领域", "go to area"),
        };
        match locale {
            Locale::Zh => zh,
            Locale::En => en,
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The keys of the review screen shown in its footer (Space, Left and
    /// Right are fixed there and shown after these). `report` works there
    /// too and is listed in the `?` help (the footer has no room left).
    pub const REVIEW: [Action; 8] = [
        Action::Mark(Status::Todo),
        Action::Mark(Status::Doing),
        Action::Mark(Status::Done),
        Action::Mark(Status::Blocked),
        Action::Value,
        Action::Note,
        Action::Undo,
        Action::Quit,
    ];

    /// Shown in the footer (the rest are in the `?` help).
    pub const FOOTER: [Action; 10] = [
        Action::Mark(Status::Done),
        Action::Mark(Status::Doing),
        Action::Mark(Status::Blocked),
        Action::Value,
        Action::Note,
        Action::Undo,
        Action::Search,
        Action::FilterLead,
        Action::Help,
        Action::Quit,
    ];

    /// Which footer hints stay when the footer is narrow, most wanted first
    /// (indexes into [`Action::FOOTER`]): help and quit always.
    pub const FOOTER_PRIORITY: [usize; 10] = [8, 9, 0, 1, 2, 3, 6, 4, 5, 7];
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where an action stands in [`Action::ALL`]. The match has no wildcard,
    /// so a new variant does not compile until it is given its place here,
    /// and the test below then fails until `ALL` lists it there too.
    /// `None` only for an action that carries a value the key table makes
    /// (`JumpArea`: one per area digit).
    fn place_in_all(action: Action) -> Option<usize> {
        Some(match action {
            Action::Up => 0,
            Action::Down => 1,
            Action::Left => 2,
            Action::Right => 3,
            Action::NextPane => 4,
            Action::PrevPane => 5,
            Action::Expand => 6,
            Action::Top => 7,
            Action::Bottom => 8,
            Action::PageUp => 9,
            Action::PageDown => 10,
            Action::Mark(Status::Todo) => 11,
            Action::Mark(Status::Doing) => 12,
            Action::Mark(Status::Done) => 13,
            Action::Mark(Status::Blocked) => 14,
            Action::Value => 15,
            Action::Note => 16,
            Action::Report => 17,
            Action::Undo => 18,
            Action::Search => 19,
            Action::NextMatch => 20,
            Action::PrevMatch => 21,
            Action::FilterLead => 22,
            Action::Attention => 23,
            Action::Review => 24,
            Action::Plans => 25,
            Action::Sync => 26,
            Action::Trend => 27,
            Action::Scorecard => 28,
            Action::Help => 29,
            Action::Quit => 30,
            Action::JumpArea(_) => return None,
        })
    }

    #[test]
    fn all_lists_every_action_once_by_a_name_of_its_own() {
        for (index, action) in Action::ALL.into_iter().enumerate() {
            assert_eq!(place_in_all(action), Some(index), "{action:?}");
            assert_eq!(Action::from_name(action.name()), Some(action));
        }
        assert_eq!(place_in_all(Action::JumpArea(1)), None);
        let mut names: Vec<_> = Action::ALL.iter().map(|a| a.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len());
        assert!(!names.contains(&Action::JumpArea(1).name()));
    }
}
