//! Wrapping for Chinese: ratatui's `Paragraph` breaks only at spaces, so a
//! run of CJK text would move as one block. textwrap with Unicode line-break
//! properties breaks between CJK characters and measures by display width,
//! so double-width characters are never split or misaligned.

use textwrap::{Options, WordSeparator, WordSplitter};

/// `text` wrapped to `width` terminal cells; paragraphs (newlines) kept.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let options = Options::new(width)
        .word_separator(WordSeparator::UnicodeBreakProperties)
        .word_splitter(WordSplitter::NoHyphenation)
        .break_words(true);
    text.lines()
        .flat_map(|line| {
            if line.is_empty() {
                vec![String::new()]
            } else {
                textwrap::wrap(line, &options)
                    .into_iter()
                    .map(|c| c.into_owned())
                    .collect()
            }
        })
        .collect()
}

/// `text` in at most `width` cells: whole when it fits, else cut at a
/// character boundary and ended with `..` (never half a wide character).
pub fn fit(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if unicode_width::UnicodeWidthStr::width(text) <= width {
        return text.to_string();
    }
    let room = width.saturating_sub(2);
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let cells = c.width().unwrap_or(0);
        if used + cells > room {
            break;
        }
        used += cells;
        out.push(c);
    }
    out.push_str(&"..".chars().take(width.min(2)).collect::<String>());
    out
}

/// Characters of ambiguous East-Asian width that the plans and notes use,
/// and what the screen shows instead: one cell on some terminals and two
/// on others (most Chinese setups), they would shift every cell after them
/// and break the panes' borders. The saved text is never changed.
const AMBIGUOUS: [(char, &str); 9] = [
    ('“', "「"),
    ('”', "」"),
    ('‘', "『"),
    ('’', "』"),
    ('—', "－"),
    ('–', "-"),
    ('•', "・"),
    ('·', "・"),
    ('…', "..."),
];

/// `text` as the screen shows it: the characters in [`AMBIGUOUS`] replaced
/// by ones of the same meaning and a definite width, and control characters
/// (a terminal escape in a note or a name) shown escaped; a newline stays a
/// line break, which [`wrap`] honours.
pub fn unambiguous(text: &str) -> String {
    let text = crate::safe_text::escape_keep_newlines(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match AMBIGUOUS.iter().find(|(from, _)| *from == c) {
            Some((_, to)) => out.push_str(to),
            None => out.push(c),
        }
    }
    out
}

/// A plan as the screen shows it (see [`unambiguous`]); ids are untouched.
pub fn plan_for_display(plan: &crate::plan::Plan) -> crate::plan::Plan {
    use crate::plan::{Milestone, Task};
    fn milestone(m: &Milestone) -> Milestone {
        let mut m = m.clone();
        m.title = unambiguous(&m.title);
        m.quote = m.quote.as_deref().map(unambiguous);
        m
    }
    fn task(t: &Task) -> Task {
        Task {
            id: t.id.clone(),
            number: unambiguous(&t.number),
            title: unambiguous(&t.title),
            text: unambiguous(&t.text),
            lead: t.lead.iter().map(|u| unambiguous(u)).collect(),
            support: t.support.iter().map(|u| unambiguous(u)).collect(),
            milestones: t.milestones.iter().map(milestone).collect(),
            tasks: t.tasks.iter().map(task).collect(),
        }
    }
    let mut shown = plan.clone();
    shown.title = unambiguous(&plan.title);
    shown.goals = plan.goals.iter().map(milestone).collect();
    for area in &mut shown.areas {
        area.title = unambiguous(&area.title);
        area.tasks = area.tasks.iter().map(task).collect();
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

    #[test]
    fn fit_shortens_with_two_dots_never_half_a_character() {
        assert_eq!(
            fit("实施综合实力跃升强县行动", 24),
            "实施综合实力跃升强县行动"
        );
        assert_eq!(fit("实施综合实力跃升强县行动", 12), "实施综合实..");
        // an odd width: the wide character that would not fit is left out
        assert_eq!(fit("实施综合实力跃升强县行动", 11), "实施综合..");
        assert_eq!(fit("abc", 1), ".");
    }

    #[test]
    fn quotes_and_dashes_get_a_definite_width() {
        let shown = unambiguous("发挥邹城“千亿县”带动作用，2023—2025年，“山东手造•济宁好礼”…");
        assert_eq!(
            shown,
            "发挥邹城「千亿县」带动作用，2023－2025年，「山东手造・济宁好礼」..."
        );
        for c in shown.chars() {
            assert_eq!(c.width(), c.width_cjk(), "{c:?}");
        }
    }

    #[test]
    fn chinese_wraps_by_character_within_width() {
        let text = "推进重点区域、重点行业5G独立组网,到2025年,新开通5G基站达到1.7万个以上。";
        let lines = wrap(text, 20);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            assert!(line.width() <= 20, "{line:?} is {} cells", line.width());
        }
        // nothing lost or reordered (wrapping only drops the spaces it breaks at)
        assert_eq!(lines.concat(), text);
        // the first line is filled, not cut at a space-free run's end
        assert!(lines[0].width() >= 18, "{lines:?}");
    }
}
