//! Words and punctuation of a folded sentence.
//!
//! A word is a run of letters and digits. Apostrophes, hyphens, quotes and
//! brackets separate words without being tokens themselves, so `l'aukus`,
//! `nato's` and `trente-deux` read as `l aukus`, `nato s`, `trente deux`,
//! and language-pack patterns are written the same way. Commas, semicolons,
//! colons and sentence terminators are tokens: claim patterns need them.

use std::ops::Range;

use super::fold::{HIGH_BITS, TwoByteWords, ascii_not_word, is_alphanumeric};

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

/// Tokenizes `range` of the folded text.
///
/// ASCII text, most of any text, is read eight bytes at a time, its words
/// and punctuation told by masks of the bytes (`tokenize_ascii_chunk`);
/// near other characters, runs of ASCII letters and digits are read in a
/// tight loop of their own, and other ASCII bytes only end a word or make
/// a punctuation token. Runs of two-byte letters are stepped over by their
/// bytes, and the remaining characters are classified through the fold
/// tables, which answer for Arabic and accented letters without the
/// standard library's table search.
pub fn tokenize(folded: &str, range: Range<usize>, out: &mut Vec<Token>) {
    let bytes = folded.as_bytes();
    let end = range.end;
    let mut word_start: Option<usize> = None;
    let mut all_digits = true;
    let mut at = range.start;
    while at < end {
        // Eight bytes at a time while they are ASCII: the boundaries of the
        // words in them are the bits of one mask, so a space or a comma
        // costs no turn of this loop of its own.
        if let Some(Ok(chunk)) = bytes
            .get(at..at + 8)
            .filter(|_| at + 8 <= end)
            .map(<[u8; 8]>::try_from)
        {
            let chunk = u64::from_le_bytes(chunk);
            if chunk & HIGH_BITS == 0 {
                tokenize_ascii_chunk(chunk, at, &mut word_start, &mut all_digits, out);
                at += 8;
                continue;
            }
        }
        let b = bytes[at];
        if b.is_ascii_alphanumeric() {
            if word_start.is_none() {
                word_start = Some(at);
                all_digits = true;
            }
            // The rest of the ASCII run: a letter clears `all_digits`, and
            // the first byte that is neither ends the run (a letter outside
            // ASCII continues the word below). Eight bytes at a time while
            // they are all in the run, and a byte at a time at the end of
            // the range.
            while let Some(Ok(chunk)) = bytes.get(at..(at + 8).min(end)).map(<[u8; 8]>::try_from) {
                let chunk = u64::from_le_bytes(chunk);
                // The high bit of every byte that ends the run: ASCII that
                // is not a letter or digit, and any byte above ASCII (the
                // classes of the ASCII bytes before that one are exact).
                let stop = ascii_not_word(chunk) | (chunk & HIGH_BITS);
                let run = (stop.trailing_zeros() / 8) as usize;
                let in_run = if run == 8 {
                    HIGH_BITS
                } else {
                    HIGH_BITS & ((1 << (8 * run)) - 1)
                };
                if ascii_digits(chunk) & in_run != in_run {
                    all_digits = false;
                }
                at += run;
                if run < 8 {
                    break;
                }
            }
            while at < end {
                match bytes[at] {
                    b'0'..=b'9' => {}
                    b'a'..=b'z' | b'A'..=b'Z' => all_digits = false,
                    _ => break,
                }
                at += 1;
            }
            continue;
        }
        // The rest of a run of two-byte letters and digits (Arabic, Greek,
        // Cyrillic, accented Latin) in a loop of its own, without decoding
        // them; the run ends at the range's end.
        let run_end = if (0xC0..0xE0).contains(&b) {
            TwoByteWords::get().word_end(&bytes[..end], at)
        } else {
            at
        };
        if run_end > at {
            if word_start.is_none() {
                word_start = Some(at);
            }
            all_digits = false;
            at = run_end;
            continue;
        }
        let (c, len) = if b < 0x80 {
            (char::from(b), 1)
        } else {
            match folded[at..end].chars().next() {
                Some(c) => (c, c.len_utf8()),
                None => break,
            }
        };
        if b >= 0x80 && is_alphanumeric(c) {
            if word_start.is_none() {
                word_start = Some(at);
            }
            all_digits = false;
            at += len;
            continue;
        }
        if let Some(s) = word_start.take() {
            out.push(word_token(s, at, all_digits));
        }
        if is_punct_token(c) {
            out.push(Token {
                start: at,
                end: at + len,
                kind: TokenKind::Punct(c),
            });
        }
        at += len;
    }
    if let Some(s) = word_start {
        out.push(word_token(s, end, all_digits));
    }
}

/// Tokenizes eight ASCII bytes, `chunk` (little-endian), that start at `at`
/// of the text: `word_start` and `all_digits` carry the word that runs into
/// the chunk from before it and out of it after.
fn tokenize_ascii_chunk(
    chunk: u64,
    at: usize,
    word_start: &mut Option<usize>,
    all_digits: &mut bool,
    out: &mut Vec<Token>,
) {
    let digits = ascii_digits(chunk);
    // Bytes `from..to` of the chunk are letters and digits: they start a
    // word or continue the one already open.
    let take_word_bytes =
        |from: usize, to: usize, start: &mut Option<usize>, only_digits: &mut bool| {
            if start.is_none() {
                *start = Some(at + from);
                *only_digits = true;
            }
            let span = HIGH_BITS & (u64::MAX >> (64 - 8 * (to - from))) << (8 * from);
            if digits & span != span {
                *only_digits = false;
            }
        };
    let mut boundaries = ascii_not_word(chunk);
    let mut from = 0;
    while boundaries != 0 {
        let boundary = (boundaries.trailing_zeros() / 8) as usize;
        if boundary > from {
            take_word_bytes(from, boundary, word_start, all_digits);
        }
        if let Some(start) = word_start.take() {
            out.push(word_token(start, at + boundary, *all_digits));
        }
        let c = char::from((chunk >> (8 * boundary)) as u8);
        if is_punct_token(c) {
            out.push(Token {
                start: at + boundary,
                end: at + boundary + 1,
                kind: TokenKind::Punct(c),
            });
        }
        from = boundary + 1;
        boundaries &= boundaries - 1;
    }
    if from < 8 {
        take_word_bytes(from, 8, word_start, all_digits);
    }
}

/// For eight bytes, the high bit of each ASCII digit, exact for the ASCII
/// bytes before the first other one: adding `0x80 - low` to a byte below
/// 0x80 sets its high bit exactly when the byte is at least `low`, without
/// carrying into the next byte.
fn ascii_digits(chunk: u64) -> u64 {
    const fn each(b: u8) -> u64 {
        u64::from_le_bytes([b; 8])
    }
    let at_least_zero = chunk.wrapping_add(each(0x80 - b'0'));
    let above_nine = chunk.wrapping_add(each(0x80 - b'9' - 1));
    at_least_zero & !above_nine & HIGH_BITS
}

/// A word token, `Digits` when it is only ASCII digits.
fn word_token(start: usize, end: usize, all_digits: bool) -> Token {
    Token {
        start,
        end,
        kind: if all_digits {
            TokenKind::Digits
        } else {
            TokenKind::Word
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The old tokenizer, a character at a time with the standard classes.
    fn tokenize_reference(folded: &str, range: Range<usize>, out: &mut Vec<Token>) {
        let text = &folded[range.clone()];
        let mut word_start: Option<usize> = None;
        let mut all_digits = true;
        for (i, c) in text.char_indices() {
            let at = range.start + i;
            if c.is_alphanumeric() {
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
    #[test]
    fn byte_tokenizer_matches_the_character_one() {
        let pieces = [
            "le ",
            "Japon",
            "n'est",
            " 30",
            "2022",
            ",",
            ";",
            ":",
            ".",
            "!",
            "?",
            "-",
            "\"",
            "(",
            "عضوا",
            "،",
            "٣٢",
            "é",
            "ß",
            "Ⅻ",
            "²",
            "日本",
            " ",
            "\n",
            "x1",
            "1234567",
            "abcdefghi",
            "Z",
        ];
        let mut seed = 9u32;
        for _ in 0..5000 {
            let mut input = String::new();
            for _ in 0..(seed % 12) {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                input.push_str(pieces[(seed >> 8) as usize % pieces.len()]);
            }
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let folded = crate::text::fold::fold_str(&input);
            let mut middle = folded.len() / 2;
            while !folded.is_char_boundary(middle) {
                middle -= 1;
            }
            for range in [0..folded.len(), middle..folded.len(), 0..middle] {
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                tokenize(&folded, range.clone(), &mut fast);
                tokenize_reference(&folded, range, &mut slow);
                assert_eq!(fast, slow, "tokenize({folded:?})");
            }
        }
    }
}
