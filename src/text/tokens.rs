//! Words and punctuation of a folded sentence.
//!
//! A word is a run of letters and digits. Apostrophes, hyphens, quotes and
//! brackets separate words without being tokens themselves, so `l'aukus`,
//! `nato's` and `trente-deux` read as `l aukus`, `nato s`, `trente deux`,
//! and language-pack patterns are written the same way. Commas, semicolons,
//! colons and sentence terminators are tokens: claim patterns need them.

use std::ops::Range;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    /// A word made only of ASCII digits.
    Digits,
    Punct(char),
}

/// A token with its byte range in the folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn text<'a>(&self, folded: &'a str) -> &'a str {
        &folded[self.start..self.end]
    }
}

/// Punctuation kept as tokens.
pub fn is_punct_token(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '.' | '!' | '?')
}

/// Whether `c` belongs to a word: `char::is_alphanumeric`, answered from
/// ranges for ASCII and the Arabic letters without a table lookup, because
/// the standard library's lookup costs hundreds of instructions per
/// character outside Latin-1 and Arabic articles are made of such letters.
pub fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7f' => false,
        // Arabic letters (hamza to yeh, without the tatweel, which folding
        // removes anyway) and Arabic-Indic digits.
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0660}'..='\u{0669}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// Tokenizes `range` of the folded text.
pub fn tokenize(folded: &str, range: Range<usize>, out: &mut Vec<Token>) {
    let text = &folded[range.clone()];
    let mut word_start: Option<usize> = None;
    let mut all_digits = true;
    for (i, c) in text.char_indices() {
        let at = range.start + i;
        if is_word_char(c) {
            if word_start.is_none() {
                word_start = Some(at);
                all_digits = true;
            }
            all_digits &= c.is_ascii_digit();
            continue;
        }
        if let Some(s) = word_start.take() {
            out.push(Token {
                start: s,
                end: at,
                kind: if all_digits {
                    TokenKind::Digits
                } else {
                    TokenKind::Word
                },
            });
        }
        if is_punct_token(c) {
            out.push(Token {
                start: at,
                end: at + c.len_utf8(),
                kind: TokenKind::Punct(c),
            });
        }
    }
    if let Some(s) = word_start {
        out.push(Token {
            start: s,
            end: range.end,
            kind: if all_digits {
                TokenKind::Digits
            } else {
                TokenKind::Word
            },
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn word_chars_are_the_alphanumeric_chars() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(
                super::is_word_char(c),
                c.is_alphanumeric(),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }

    use super::*;

    fn check(input: &str, expect: &str) {
        let input = crate::text::fold::fold_str(input);
        let input = input.as_str();
        let mut tokens = Vec::new();
        tokenize(input, 0..input.len(), &mut tokens);
        let got: Vec<String> = tokens
            .iter()
            .map(|t| match t.kind {
                TokenKind::Digits => format!("#{}", t.text(input)),
                _ => t.text(input).to_string(),
            })
            .collect();
        assert_eq!(got.join(" "), expect, "tokenize({input:?})");
    }

    #[test]
    fn splits_words_and_keeps_clause_punctuation() {
        check(
            "le japon n'est pas membre de l'aukus.",
            "le japon n est pas membre de l aukus .",
        );
        check(
            "nato's 30 members, in 2022",
            "nato s #30 members , in #2022",
        );
        check("the 10-member bloc", "the #10 member bloc");
        check("يضم الآن 32 عضوًا، أي", "يضم الان #32 عضوا , اي");
        check("(asean) \"quad\"", "asean quad");
    }
}
