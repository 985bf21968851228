//! One-line accounts of what changed between two versions of state files:
//! the message of a sync's commit (`张三: demo t1.m1 status→done, …`).

use std::collections::{BTreeMap, HashSet};

use crate::config::Locale;
use crate::state::{Change, Field, PlanState};

/// How one state file changed between two commits.
#[derive(Debug, Clone, PartialEq)]
pub enum FileChange {
    /// New history entries (milestone, change), oldest first.
    Recorded {
        plan: String,
        changes: Vec<(String, Change)>,
    },
    /// The file differs but records nothing new: edited by hand.
    Edited {
        plan: String,
    },
    Removed {
        plan: String,
    },
}

/// The changes `new` has that `old` lacks, by history id.
pub fn new_changes(old: Option<&PlanState>, new: &PlanState) -> Vec<(String, Change)> {
    let known: HashSet<&str> = old
        .map(|o| {
            o.milestones
                .values()
                .flat_map(|m| m.history.iter().map(|c| c.id.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let mut found: Vec<(String, Change)> = new
        .milestones
        .iter()
        .flat_map(|(id, m)| m.history.iter().map(move |c| (id, c)))
        .filter(|(_, c)| !known.contains(c.id.as_str()))
        .map(|(id, c)| (id.clone(), c.clone()))
        .collect();
    found.sort_by(|a, b| (a.1.at, &a.1.id).cmp(&(b.1.at, &b.1.id)));
    found
}

/// How a file changed from `old` (None: it was not there) to `new`.
pub fn file_change(plan: &str, old: Option<&PlanState>, new: Option<&PlanState>) -> FileChange {
    match new {
        None => FileChange::Removed {
            plan: plan.to_string(),
        },
        Some(new) => {
            let changes = new_changes(old, new);
            if changes.is_empty() {
                FileChange::Edited {
                    plan: plan.to_string(),
                }
            } else {
                FileChange::Recorded {
                    plan: plan.to_string(),
                    changes,
                }
            }
        }
    }
}

/// The longest account before it is cut short with a count.
const MAX_CHARS: usize = 160;

/// One word group of an account (see [`crate::i18n::sync::account_part`]
/// for its words in the user's language; `Display` is English). Plan and
/// milestone ids and recorded values are never translated.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum AccountPart<'a> {
    /// A field of a milestone now holds `to`; `None`: it was cleared.
    #[error("{}", field_now(*.0, *.1))]
    Field(Field, Option<&'a str>),
    /// The file differs but records nothing new.
    #[error("{0} edited by hand")]
    Edited(&'a str),
    #[error("{0} removed")]
    Removed(&'a str),
    /// The first commit, with no state file in it yet.
    #[error("set up the shared state folder")]
    SetUp,
    /// The tail of an account cut short: how many changes in all.
    #[error(" … ({0} changes in all)")]
    CutShort(usize),
}

/// `status→done`, `value→30`, `note`, `progress` (a report part's text is
/// too long for a message), `value cleared`.
fn field_now(field: Field, to: Option<&str>) -> String {
    match (field, to) {
        (Field::Note, Some(_)) => "note".to_string(),
        (field, Some(_)) if field.is_report() => field.as_str().to_string(),
        (_, Some(to)) => format!("{}→{to}", field.as_str()),
        (_, None) => format!("{} cleared", field.as_str()),
    }
}

/// `张三: demo t1.m1 status→done, t2.m1 value→30; other m1 note` — each
/// milestone's fields with their latest value, cut short with `… (N changes
/// in all)` when long; the words in `locale`, the shape (`NAME: `, `; `
/// between plans, `, ` between milestones, the ids) the same in each.
pub fn message(reviewer: &str, files: &[FileChange], locale: Locale) -> String {
    let say = |part: AccountPart| crate::i18n::sync::account_part(part, locale);
    let mut parts = Vec::new();
    let mut total = 0;
    for file in files {
        match file {
            FileChange::Recorded { plan, changes } => {
                total += changes.len();
                // milestone → field → latest `to`, in order of first change
                let mut order: Vec<&str> = Vec::new();
                let mut latest: BTreeMap<&str, Vec<(Field, Option<&str>)>> = BTreeMap::new();
                for (milestone, change) in changes {
                    let fields = latest.entry(milestone.as_str()).or_default();
                    if fields.is_empty() {
                        order.push(milestone);
                    }
                    let to = change.to.as_deref();
                    match fields.iter_mut().find(|(f, _)| *f == change.field) {
                        Some(slot) => slot.1 = to,
                        None => fields.push((change.field, to)),
                    }
                }
                let milestones: Vec<String> = order
                    .iter()
                    .map(|m| {
                        let fields: Vec<String> = latest[m]
                            .iter()
                            .map(|(field, to)| say(AccountPart::Field(*field, *to)))
                            .collect();
                        format!("{m} {}", fields.join(" "))
                    })
                    .collect();
                parts.push(format!("{plan} {}", milestones.join(", ")));
            }
            FileChange::Edited { plan } => parts.push(say(AccountPart::Edited(plan))),
            FileChange::Removed { plan } => parts.push(say(AccountPart::Removed(plan))),
        }
    }
    if parts.is_empty() {
        parts.push(say(AccountPart::SetUp));
    }
    let full = format!("{reviewer}: {}", parts.join("; ").replace('\n', " "));
    if full.chars().count() <= MAX_CHARS {
        return full;
    }
    let suffix = if total > 0 {
        say(AccountPart::CutShort(total))
    } else {
        " …".to_string()
    };
    let keep = MAX_CHARS.saturating_sub(suffix.chars().count());
    let cut: String = full.chars().take(keep).collect();
    format!("{}{suffix}", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Status;
    use crate::state::history::{Edit, Set, apply_edits};
    use chrono::DateTime;

    fn at(minute: u32) -> chrono::DateTime<chrono::FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2025-03-01T10:{minute:02}:00+08:00")).unwrap()
    }

    #[test]
    fn message_names_milestones_and_latest_values() {
        let mut old = PlanState::new("demo");
        apply_edits(
            &mut old,
            &[Edit::new("m1", Set::Status(Status::Doing))],
            "a",
            None,
            at(0),
        );
        let mut new = old.clone();
        apply_edits(
            &mut new,
            &[Edit::new("m1", Set::Status(Status::Blocked))],
            "a",
            None,
            at(1),
        );
        apply_edits(
            &mut new,
            &[Edit::new("m1", Set::Status(Status::Done))],
            "a",
            None,
            at(2),
        );
        apply_edits(
            &mut new,
            &[Edit::new("m2", Set::Value(Some(30.0)))],
            "a",
            None,
            at(3),
        );
        apply_edits(
            &mut new,
            &[Edit::new("m2", Set::Note(Some("x".into())))],
            "a",
            None,
            at(4),
        );
        let files = [
            file_change("demo", Some(&old), Some(&new)),
            file_change("other", Some(&old), Some(&old)),
            file_change("gone", Some(&old), None),
        ];
        assert_eq!(
            message("张三", &files, Locale::En),
            "张三: demo m1 status→done, m2 value→30 note; other edited by hand; gone removed"
        );
        assert_eq!(
            message("张三", &[], Locale::En),
            "张三: set up the shared state folder"
        );
        // the same shape and ids in Chinese, only the words differ
        assert_eq!(
            message("张三", &files, Locale::Zh),
            "张三: demo m1 状态→已完成, m2 完成值→30 备注; other 手工修改; gone 已删除"
        );
        assert_eq!(
            message("张三", &[], Locale::Zh),
            "张三: 建立共享的状态文件夹"
        );
        let mut cleared = new.clone();
        apply_edits(
            &mut cleared,
            &[Edit::new("m2", Set::Value(None))],
            "a",
            None,
            at(5),
        );
        let files = [file_change("demo", Some(&new), Some(&cleared))];
        assert_eq!(
            message("张三", &files, Locale::Zh),
            "张三: demo m2 完成值已清除"
        );
        assert_eq!(
            message("张三", &files, Locale::En),
            "张三: demo m2 value cleared"
        );
    }

    #[test]
    fn long_messages_are_cut_with_a_count() {
        let mut new = PlanState::new("demo");
        for i in 0..40 {
            let milestone = format!("task{i}.milestone{i}");
            apply_edits(
                &mut new,
                &[Edit::new(&milestone, Set::Status(Status::Done))],
                "a",
                None,
                at(i),
            );
        }
        let text = message("张三", &[file_change("demo", None, Some(&new))], Locale::En);
        assert!(text.chars().count() <= MAX_CHARS, "{text}");
        assert!(text.ends_with("… (40 changes in all)"), "{text}");
        assert!(!text.contains('\n'));
        let text = message("张三", &[file_change("demo", None, Some(&new))], Locale::Zh);
        assert!(text.chars().count() <= MAX_CHARS, "{text}");
        assert!(text.ends_with("…（共 40 条变更）"), "{text}");
        assert!(
            text.starts_with("张三: demo task0.milestone0 状态→已完成, "),
            "{text}"
        );
    }
}
