//! Finding milestones by what people type: ids in any case (`T9.M2` is
//! `t9.m2`), and for an id that is not there, the nearest ones to suggest
//! (`t9.m9` → `t9.m1, t9.m2, t9.m3`) rather than a list of the first few.

use super::model::{MilestoneRef, Plan};

/// How many suggestions an error names at most.
const SUGGESTIONS: usize = 5;

impl Plan {
    /// The milestone `text` names: its exact id, else the one id equal to it
    /// ignoring case.
    pub fn resolve_milestone(&self, text: &str) -> Option<MilestoneRef<'_>> {
        let text = text.trim();
        self.find_milestone(text).or_else(|| {
            self.milestones()
                .find(|m| m.milestone.id.eq_ignore_ascii_case(text))
        })
    }

    /// The ids nearest to `text`: those at the smallest edit distance,
    /// sharing the longest start with it, in document order; at most five.
    pub fn nearest_milestone_ids(&self, text: &str) -> Vec<String> {
        nearest(text, self.milestones().map(|m| m.milestone.id.as_str()))
    }
}

/// The candidates nearest to `text` (see [`Plan::nearest_milestone_ids`]).
pub fn nearest<'a>(text: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let wanted: Vec<char> = text.trim().to_lowercase().chars().collect();
    let mut scored: Vec<(usize, usize, usize, &str)> = candidates
        .enumerate()
        .map(|(order, id)| {
            let id_chars: Vec<char> = id.to_lowercase().chars().collect();
            let shared = wanted
                .iter()
                .zip(&id_chars)
                .take_while(|(a, b)| a == b)
                .count();
            (distance(&wanted, &id_chars), usize::MAX - shared, order, id)
        })
        .collect();
    scored.sort();
    let Some(best) = scored.first().map(|s| s.0) else {
        return Vec::new();
    };
    scored
        .into_iter()
        .take_while(|s| s.0 == best)
        .take(SUGGESTIONS)
        .map(|s| s.3.to_string())
        .collect()
}

/// Levenshtein distance between two strings of characters.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_ids_share_the_task_and_differ_least() {
        let ids = ["g1", "t1.m1", "t9.m1", "t9.m2", "t9.m3", "t19.m1", "t19.m2"];
        assert_eq!(
            nearest("t9.m9", ids.into_iter()),
            ["t9.m1", "t9.m2", "t9.m3"]
        );
        // equally near: the ones of the same task first
        assert_eq!(
            nearest("T19.M3", ids.into_iter()),
            ["t19.m1", "t19.m2", "t9.m3"]
        );
        assert!(nearest("x", std::iter::empty()).is_empty());
    }

    #[test]
    fn ids_resolve_in_any_case() {
        let plan = crate::plan::synthetic::county_plan(
            0,
            crate::plan::synthetic::Shape {
                areas: 2,
                tasks_per_area: 2,
                milestones_per_task: 2,
            },
            2024,
        );
        let id = plan.milestones().nth(1).unwrap().milestone.id.clone();
        let resolved = plan.resolve_milestone(&id.to_uppercase()).unwrap();
        assert_eq!(resolved.milestone.id, id);
        assert!(plan.resolve_milestone("nosuch").is_none());
    }
}
