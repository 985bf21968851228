//! Text helpers shared by the importer: a one-to-one normalisation of
//! full-width forms (used for parsing only; what is kept is always the
//! original wording) and a character view pairing both forms.

/// Map one character to the form the parsers read: full-width ASCII
/// (`１２．％（）：，`) to ASCII, dashes (`—－–−～`) to `-`, the PDF
/// separator `¤` to `.`, the ideographic space to a space. Every character
/// maps to exactly one character, so character positions agree between the
/// original and the normalised text.
pub fn normalize_char(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' | '\u{a0}' | '\u{2000}'..='\u{200a}' => ' ',
        '—' | '–' | '−' | '‒' | '―' | '〜' => '-',
        '¤' | '﹒' => '.',
        '﹐' => ',',
        '﹑' => '、',
        _ => c,
    }
}

pub fn normalize(text: &str) -> String {
    text.chars().map(normalize_char).collect()
}

/// A Chinese ideograph (the characters of running text).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

/// A text seen both as written and normalised, position by position.
pub struct Chars {
    pub orig: Vec<char>,
    pub norm: Vec<char>,
}

impl Chars {
    pub fn new(text: &str) -> Self {
        let orig: Vec<char> = text.chars().collect();
        let norm = orig.iter().map(|&c| normalize_char(c)).collect();
        Self { orig, norm }
    }

    pub fn len(&self) -> usize {
        self.orig.len()
    }

    pub fn orig(&self, start: usize, end: usize) -> String {
        self.orig[start.min(end)..end.min(self.orig.len())]
            .iter()
            .collect()
    }

    pub fn norm(&self, start: usize, end: usize) -> String {
        self.norm[start.min(end)..end.min(self.norm.len())]
            .iter()
            .collect()
    }

    pub fn norm_string(&self) -> String {
        self.norm.iter().collect()
    }
}

/// Char index of each byte offset boundary of `text` (for mapping regex
/// matches on a string back to character positions).
pub fn char_index(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// For each character, whether it stands inside 《》, 〈〉, quotation marks
/// or corner brackets: names and slogans, whose numbers are not targets.
pub fn quoted_mask(norm: &[char]) -> Vec<bool> {
    let mut mask = vec![false; norm.len()];
    let mut depth: i32 = 0;
    let mut straight_open = false;
    for (i, &c) in norm.iter().enumerate() {
        match c {
            '《' | '〈' | '“' | '‘' | '「' | '『' => {
                depth += 1;
                mask[i] = true;
            }
            '》' | '〉' | '”' | '’' | '」' | '』' => {
                mask[i] = true;
                depth = (depth - 1).max(0);
            }
            '"' => {
                straight_open = !straight_open;
                mask[i] = true;
            }
            _ => mask[i] = depth > 0 || straight_open,
        }
    }
    mask
}

/// Sentence-final and clause punctuation that ends a title or a phrase.
pub fn is_punct(c: char) -> bool {
    matches!(
        c,
        '。' | '，'
            | ','
            | '、'
            | '；'
            | ';'
            | '：'
            | ':'
            | '！'
            | '!'
            | '？'
            | '?'
            | '.'
            | ' '
            | '\n'
    )
}

/// Cut trailing sentence punctuation and spaces.
pub fn trim_punct(text: &str) -> &str {
    text.trim_matches(|c: char| is_punct(c) || c.is_whitespace())
}

/// Truncate to at most `max` characters, marking the cut with `…`.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(max).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_is_one_to_one() {
        let text = "１¤培育（２０２３－２０２５年）９０％";
        let n = normalize(text);
        assert_eq!(n, "1.培育(2023-2025年)90%");
        assert_eq!(n.chars().count(), text.chars().count());
    }

    #[test]
    fn quotes_are_masked() {
        let chars = Chars::new("《计划(2023—2025年)》和“三百”工程12个");
        let mask = quoted_mask(&chars.norm);
        let masked: String = chars
            .orig
            .iter()
            .zip(&mask)
            .filter(|(_, m)| !**m)
            .map(|(c, _)| c)
            .collect();
        assert_eq!(masked, "和工程12个");
    }
}
