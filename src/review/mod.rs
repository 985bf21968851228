//! Review sessions (调度): walk the milestones that need a decision, one at
//! a time, and keep a record of the session. The queue rules are in
//! [`queue`]; the session record and its summary in [`session`].

pub mod queue;
pub mod session;

pub use queue::{Scope, ScopeError};
pub use session::{SessionError, SessionRecord, SessionStore, SessionSummary};

#[cfg(test)]
mod tests {
    use super::queue::{Scope, build, check};
    use crate::plan::synthetic::{Shape, county_plan};
    use crate::state::{Edit, PlanState, Set, Status, history::apply_edits};
    use chrono::{DateTime, FixedOffset};

    fn time(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn plan() -> crate::plan::Plan {
        county_plan(
            0,
            Shape {
                areas: 3,
                tasks_per_area: 2,
                milestones_per_task: 2,
            },
            5,
        )
    }

    #[test]
    fn default_queue_is_open_milestones_in_document_order() {
        let plan = plan();
        let mut state = PlanState::new(&plan.id);
        apply_edits(
            &mut state,
            &[Edit::new("t1.m2", Set::Status(Status::Done))],
            "a",
            None,
            time("2024-03-01T10:00:00+08:00"),
        );
        let queue = build(
            &plan,
            &state,
            &Scope::default(),
            time("2024-06-01T10:00:00+08:00"),
            None,
        );
        assert_eq!(queue.len(), 11);
        assert_eq!(&queue[..3], &["t1.m1", "t2.m1", "t2.m2"]);
        let all = build(
            &plan,
            &state,
            &Scope {
                all: true,
                ..Scope::default()
            },
            time("2024-06-01T10:00:00+08:00"),
            None,
        );
        assert_eq!(all.len(), 12);
        assert_eq!(all[1], "t1.m2");
    }

    #[test]
    fn area_lead_and_due_before_narrow_the_queue() {
        let plan = plan();
        let state = PlanState::new(&plan.id);
        let now = time("2024-06-01T10:00:00+08:00");
        let area2 = build(
            &plan,
            &state,
            &Scope {
                area: Some(2),
                ..Scope::default()
            },
            now,
            None,
        );
        assert_eq!(area2, vec!["t3.m1", "t3.m2", "t4.m1", "t4.m2"]);
        let lead = plan.areas[0].tasks[0].lead[0].clone();
        let by_lead = build(
            &plan,
            &state,
            &Scope {
                lead: Some(lead.clone()),
                ..Scope::default()
            },
            now,
            None,
        );
        assert!(!by_lead.is_empty());
        for id in &by_lead {
            assert!(plan.find_milestone(id).unwrap().lead().contains(&lead));
        }
        // synthetic milestones alternate 2024 and 2025 due dates
        let cutoff = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let due = build(
            &plan,
            &state,
            &Scope {
                due_before: Some(cutoff),
                ..Scope::default()
            },
            now,
            None,
        );
        assert_eq!(due.len(), 6);
        assert!(due.iter().all(|id| id.ends_with(".m1")));
        assert!(
            check(
                &plan,
                &Scope {
                    area: Some(4),
                    ..Scope::default()
                }
            )
            .is_err()
        );
        assert!(
            check(
                &plan,
                &Scope {
                    lead: Some("无此单位".into()),
                    ..Scope::default()
                }
            )
            .is_err()
        );
    }

    #[test]
    fn stale_puts_unchanged_milestones_first() {
        let plan = plan();
        let mut state = PlanState::new(&plan.id);
        apply_edits(
            &mut state,
            &[Edit::new("t1.m1", Set::Status(Status::Doing))],
            "a",
            None,
            time("2024-05-30T10:00:00+08:00"),
        );
        apply_edits(
            &mut state,
            &[Edit::new("t2.m1", Set::Status(Status::Doing))],
            "a",
            None,
            time("2024-01-01T10:00:00+08:00"),
        );
        let now = time("2024-06-01T10:00:00+08:00");
        let plain = build(&plan, &state, &Scope::default(), now, None);
        assert_eq!(plain[0], "t1.m1");
        let stale = build(
            &plan,
            &state,
            &Scope {
                stale: Some(7),
                ..Scope::default()
            },
            now,
            None,
        );
        // t1.m1 changed two days ago: last; t2.m1 changed in January: stale
        assert_eq!(stale.last().unwrap(), "t1.m1");
        assert_eq!(stale[0], "t1.m2");
        assert!(stale.iter().position(|i| i == "t2.m1").unwrap() < stale.len() - 1);
        // a previous review of the same scope sets the line: changed since the May 29 review, t1.m1 is fresh
        let since = build(
            &plan,
            &state,
            &Scope {
                stale: Some(365),
                ..Scope::default()
            },
            now,
            Some(time("2024-05-29T00:00:00+08:00")),
        );
        assert_eq!(since.last().unwrap(), "t1.m1");
    }
}
