//! One clause of a sentence: which of its quantities are commitments, and
//! the targets they make, each titled by the text around its number.

use super::{Draft, Due, Follow, NotTarget, Quantity, VERBS, ends_with_at, folded};
use crate::import::text::{Chars, is_punct, shorten, trim_punct};
use crate::import::titles::{CONNECTORS, clean_title, fill_ellipsis};
use crate::plan::Target;

/// Which of a clause's quantities are commitments (see the module's
/// comment); a quantity that sizes what a later one counts is not.
pub(super) fn commitments(chars: &Chars, clause_start: usize, found: &[Quantity]) -> Vec<bool> {
    let clause_before = |q: &Quantity| chars.norm(clause_start, q.start);
    let mut keep = vec![false; found.len()];
    let mut later_target = false;
    for (n, q) in found.iter().enumerate().rev() {
        let sizes_later = (q.unit.contains('元') || q.suffix) && later_target;
        keep[n] = if q.max.is_some() && folded::range_for_each(&clause_before(q)) {
            false
        } else if q.is_percent() || q.max.is_some() {
            true
        } else {
            match q.follow {
                Follow::De => false,
                Follow::Tail => true,
                Follow::Noun if sizes_later => false,
                Follow::Noun => q.suffix || VERBS.iter().any(|v| clause_before(q).contains(v)),
            }
        };
        later_target |= keep[n];
    }
    keep
}

/// The deadlines are in text order: the last one ending before `at`, if
/// it is in the sentence that starts at `sentence_start`.
pub(super) fn due_before(
    all: &[crate::import::deadlines::Deadline],
    at: usize,
    sentence_start: usize,
) -> Due {
    let before = all.partition_point(|d| d.end <= at);
    before
        .checked_sub(1)
        .map(|i| &all[i])
        .filter(|d| d.start >= sentence_start)
        .map(|d| d.due)
        .unwrap_or(Due::Default)
}

/// One clause of a sentence, its quantities and which are commitments.
pub(super) struct Clause<'a> {
    pub chars: &'a Chars,
    pub start: usize,
    pub end: usize,
    /// The clause as written, for the import report.
    pub quote: String,
    pub found: &'a [Quantity],
    pub keep: &'a [bool],
}

impl Clause<'_> {
    /// The numbers read and not taken as targets, for the report.
    pub fn not_targets(&self) -> Vec<NotTarget> {
        self.found
            .iter()
            .zip(self.keep)
            .filter(|(_, kept)| !**kept)
            .map(|(q, _)| NotTarget {
                number: self.chars.orig(q.start, q.end),
                clause: shorten(&self.quote, 40),
            })
            .collect()
    }

    /// The clause's targets, each titled by the text before its number
    /// (and the noun after a count); a title too short to stand alone is
    /// the sentence's previous one, kept in `previous_title`.
    pub fn drafts(
        &self,
        previous_title: &mut Option<String>,
        due: impl Fn(&Quantity) -> Due,
    ) -> Vec<Draft> {
        let chars = self.chars;
        let mut drafts = Vec::new();
        let mut suffixes = Vec::new();
        let mut segment_start = self.start;
        let respectively = chars.norm(self.start, self.end).contains("分别");
        for (n, q) in self.found.iter().enumerate() {
            if !self.keep[n] {
                continue;
            }
            let mut title = clean_title(&chars.orig(segment_start, q.start));
            let next = self.next_kept_start(n);
            // the noun after a count (`打造6个省级…平台`), or after a share
            // (`75%的县域达到…`), belongs to the title
            let takes_after =
                q.follow == Follow::Noun || (q.follow == Follow::De && q.is_percent());
            let mut next_segment = q.end;
            let mut after_part = String::new();
            if takes_after {
                let after = chars.orig(q.end, next);
                let after = trim_punct(after.trim_start_matches('的'))
                    .trim_end_matches(|c: char| CONNECTORS.contains(&c) || is_punct(c));
                title.push_str(after);
                after_part = after.to_string();
                next_segment = next;
            }
            let composed = title.clone();
            let title = if let Some(full) = fill_ellipsis(&title, previous_title.as_deref()) {
                full
            } else if title.chars().count() < 2 {
                previous_title.clone().unwrap_or_default()
            } else {
                title
            };
            let title = shorten(&title, 30);
            let each = ends_with_at(&chars.norm, q.start, "各");
            let titles = if respectively || title.is_empty() || title != composed {
                vec![title.clone()]
            } else {
                let before = &composed[..composed.len() - after_part.len()];
                folded::split_title(before, each, q.is_percent())
                    .into_iter()
                    .map(|t| shorten(&format!("{t}{after_part}"), 30))
                    .collect()
            };
            for one in titles {
                drafts.push(self.draft(one, q, due(q)));
                suffixes.push(q.suffix);
            }
            if !title.is_empty() {
                *previous_title = Some(title);
            }
            segment_start = next_segment;
        }
        if respectively {
            let paired = drafts
                .iter_mut()
                .zip(&suffixes)
                .map(|(d, suffix)| folded::Paired {
                    title: &mut d.title,
                    comparator: &mut d.target.comparator,
                    suffix: *suffix,
                })
                .collect();
            folded::respectively(paired);
        }
        drafts
    }

    /// Where the next commitment after the `n`th quantity starts, or the
    /// clause's end.
    fn next_kept_start(&self, n: usize) -> usize {
        self.found
            .iter()
            .zip(self.keep)
            .skip(n + 1)
            .find(|(_, kept)| **kept)
            .map(|(q, _)| q.start)
            .unwrap_or(self.end)
            .min(self.end)
    }

    fn draft(&self, title: String, q: &Quantity, due: Due) -> Draft {
        Draft {
            title: (!title.is_empty()).then_some(title),
            target: Target {
                value: q.value,
                max: q.max,
                unit: q.unit.clone(),
                comparator: q.comparator,
            },
            due,
            quote: self.quote.clone(),
        }
    }
}
