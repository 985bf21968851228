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

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

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
