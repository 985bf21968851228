//! Finding things in the plan (`/`, `n`, `N`) and going to a place: what a
//! search match or a jump points at.

use super::app::{App, Cursor, Pane, Row, TaskPath};
use crate::plan::{Milestone, Task};

/// A place in the plan a search match or a jump points at: a section of
/// the areas pane and a row in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub section: usize,
    pub row: Row,
}

#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    pub matches: Vec<Place>,
    pub index: usize,
}

impl App {
    /// Select `place`: its area, its row (expanding what hides it).
    pub fn go_to(&mut self, place: &Place) {
        if self.areas.selected != place.section {
            self.areas.selected = place.section;
            self.tree = Cursor::default();
        }
        let path = match &place.row {
            Row::Task { path } | Row::Milestone { path, .. } => path.clone(),
            Row::Goal { .. } => Vec::new(),
        };
        for depth in 1..=path.len() {
            if let Some(task) = self.selected_task(&path[..depth]) {
                let id = task.id.clone();
                self.collapsed.remove(&id);
            }
        }
        self.rebuild_rows();
        if let Some(position) = self.rows.iter().position(|r| *r == place.row) {
            self.tree.selected = position;
        }
        self.focus = Pane::Tasks;
        self.detail_scroll = 0;
        self.tree.clamp(self.rows.len(), self.viewport.tree_rows);
    }

    /// Every place matching `query` (case-insensitive) in document order: a
    /// milestone that matches stands for its task, so Enter lands on the
    /// most specific match.
    pub fn find(&self, query: &str) -> Vec<Place> {
        let query = query.trim().to_lowercase();
        if query.is_empty() {
            return Vec::new();
        }
        let mut places: Vec<Place> = self
            .plan()
            .goals
            .iter()
            .enumerate()
            .filter(|(_, goal)| milestone_matches(goal, &query))
            .map(|(index, _)| Place {
                section: 0,
                row: Row::Goal { index },
            })
            .collect();
        for (area_index, area) in self.plan().areas.iter().enumerate() {
            let section = self.section_of_area(area_index);
            for (index, task) in area.tasks.iter().enumerate() {
                find_in_task(task, vec![index], section, &query, &mut places);
            }
        }
        places
    }
}

fn contains(haystack: &str, query: &str) -> bool {
    haystack.to_lowercase().contains(query)
}

fn milestone_matches(milestone: &Milestone, query: &str) -> bool {
    contains(&milestone.id, query)
        || contains(&milestone.title, query)
        || milestone
            .quote
            .as_deref()
            .is_some_and(|q| contains(q, query))
        || milestone
            .target
            .as_ref()
            .is_some_and(|t| contains(&t.describe(), query) || contains(&t.unit, query))
}

fn find_in_task(task: &Task, path: TaskPath, section: usize, query: &str, places: &mut Vec<Place>) {
    let milestone_hits: Vec<usize> = task
        .milestones
        .iter()
        .enumerate()
        .filter(|(_, m)| milestone_matches(m, query))
        .map(|(i, _)| i)
        .collect();
    let task_hit =
        contains(&task.id, query) || contains(&task.title, query) || contains(&task.text, query);
    if milestone_hits.is_empty() && task_hit {
        places.push(Place {
            section,
            row: Row::Task { path: path.clone() },
        });
    }
    for index in milestone_hits {
        places.push(Place {
            section,
            row: Row::Milestone {
                path: path.clone(),
                index,
            },
        });
    }
    for (index, sub) in task.tasks.iter().enumerate() {
        let mut sub_path = path.clone();
        sub_path.push(index);
        find_in_task(sub, sub_path, section, query, places);
    }
}
