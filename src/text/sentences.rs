//! Sentence boundaries in folded text.
//!
//! A sentence ends at `.`, `!`, `?` (Arabic `؟` is folded to `?`) or at a
//! paragraph break. A period does not end a sentence after an abbreviation
//! (`M.`, `Oct.`, `Dr.`), after a single letter (initials, `U.S.`), inside a
//! number or a web address, or when the next word starts in lower case.

use std::ops::Range;

/// Folded abbreviations, without their period, that never end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "m", "mm", "mme", "mmes", "mlle", "mr", "mrs", "ms", "dr", "drs", "st", "ste", "prof", "gen",
    "sen", "rep", "gov", "lt", "col", "sgt", "capt", "cmdr", "adm", "pres", "sig", "sigg", "dott",
    "ing", "avv", "on", "sr", "sra", "srta", "hr", "fr", "nr", "no", "vs", "cf", "ca", "bzw",
    "jan", "janv", "feb", "fev", "fevr", "mar", "apr", "avr", "jun", "jul", "juil", "aug", "sep",
    "sept", "oct", "nov", "dec", "ott", "dic", "ene", "abr", "ago", "okt", "dez", "mio", "mrd",
    "bn", "approx", "vol", "art", "p", "pp", "ed", "eds", "inc", "ltd", "co", "corp", "jr",
];

fn is_abbreviation(word: &str) -> bool {
    word.chars().count() == 1 || ABBREVIATIONS.contains(&word)
}

/// The word (letters and digits) that ends just before `end`.
fn word_before(text: &str, end: usize) -> &str {
    let start = text[..end]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map_or(end, |(i, _)| i);
    &text[start..end]
}

/// The case of the letter at a position of the original text. Folded text is
/// all lower case, so the splitter asks the caller, who has the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Upper,
    Lower,
    /// Digits, punctuation, and letters of scripts without case (Arabic).
    Uncased,
}

/// Splits `range` of folded `text` into sentence ranges. Leading and
/// trailing whitespace is not part of a sentence; empty sentences are dropped.
/// `case_at` tells the case of the original character at a folded offset.
pub fn split(
    text: &str,
    range: Range<usize>,
    case_at: &dyn Fn(usize) -> Case,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = range.start;
    let mut i = range.start;
    let end = range.end.min(text.len());
    let push = |out: &mut Vec<Range<usize>>, s: usize, e: usize| {
        let slice = &text[s..e];
        let lead = slice.len() - slice.trim_start().len();
        let trail = slice.len() - slice.trim_end().len();
        if s + lead < e - trail {
            out.push(s + lead..e - trail);
        }
    };
    while i < end {
        let b = bytes[i];
        match b {
            b'.' | b'!' | b'?' => {
                // Runs of terminators (`?!`, `...`) end together.
                let mut j = i + 1;
                while j < end && matches!(bytes[j], b'.' | b'!' | b'?' | b'"' | b')') {
                    j += 1;
                }
                if b == b'.' && j == i + 1 && !period_ends_sentence(text, i, end, case_at) {
                    i = j;
                    continue;
                }
                push(&mut out, start, j);
                start = j;
                i = j;
            }
            b'\n' => {
                // A blank line, or a line that starts a Markdown block
                // (heading, list item, quote, table row), ends the sentence;
                // a single newline inside a paragraph does not.
                let next_line = &text[i + 1..end];
                let rest = next_line.trim_start_matches([' ', '\t', '\r']);
                let blank_line = rest.starts_with('\n') || rest.is_empty();
                let block_start = rest.starts_with(['#', '-', '*', '+', '>', '|'])
                    || rest.split_once(['.', ')']).is_some_and(|(n, _)| {
                        !n.is_empty() && n.len() <= 3 && n.bytes().all(|d| d.is_ascii_digit())
                    });
                let previous_line_closed = text[start..i].trim_end().ends_with([':', ';']);
                let next_starts_upper =
                    case_at(i + 1 + (next_line.len() - rest.len())) == Case::Upper;
                let line_closed = text[start..i].trim_end().ends_with(['.', '!', '?', '"']);
                let title_then_new_line = !line_closed
                    && next_starts_upper
                    && !text[start..i].trim_end().ends_with([',', '-']);
                if blank_line || block_start || previous_line_closed || title_then_new_line {
                    push(&mut out, start, i);
                    start = i + 1;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    push(&mut out, start, end);
    out
}

fn period_ends_sentence(
    text: &str,
    at: usize,
    end: usize,
    case_at: &dyn Fn(usize) -> Case,
) -> bool {
    let bytes = text.as_bytes();
    let next = bytes.get(at + 1).copied();
    // Inside a number (3.5) or an address (nato.int): not an end.
    if next.is_some_and(|n| n.is_ascii_alphanumeric()) {
        return false;
    }
    let word = word_before(text, at);
    if !word.is_empty() && !word.bytes().all(|b| b.is_ascii_digit()) && is_abbreviation(word) {
        return false;
    }
    // A next word in lower case continues the sentence: the period closed an
    // abbreviation we do not know.
    let rest = text[at + 1..end].trim_start_matches([' ', '\t']);
    let next_at = end - rest.len();
    !(rest.starts_with(char::is_alphabetic) && case_at(next_at) == Case::Lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits the lower-cased input, asking the original for letter case.
    fn check(input: &str, expect: &[&str]) {
        let folded = input.to_lowercase();
        assert_eq!(
            folded.len(),
            input.len(),
            "test inputs keep their length when lower-cased"
        );
        let case_at = |i: usize| match input[i..].chars().next() {
            Some(c) if c.is_uppercase() => Case::Upper,
            Some(c) if c.is_lowercase() => Case::Lower,
            _ => Case::Uncased,
        };
        let got: Vec<&str> = split(&folded, 0..folded.len(), &case_at)
            .into_iter()
            .map(|r| &input[r])
            .collect();
        assert_eq!(got, expect, "split({input:?})");
    }

    #[test]
    fn splits_on_terminators_and_paragraphs() {
        check("Aa bb. Cc dd? Ee ff!", &["Aa bb.", "Cc dd?", "Ee ff!"]);
        check("Title\n\nBody text.", &["Title", "Body text."]);
        check("Why? Because.", &["Why?", "Because."]);
    }

    #[test]
    fn keeps_abbreviations_initials_and_numbers() {
        check(
            "M. Liflander a inaugure la conference.",
            &["M. Liflander a inaugure la conference."],
        );
        check("Le 09 Oct. 2019 a Paris.", &["Le 09 Oct. 2019 a Paris."]);
        check(
            "The U.S. and Japan met. Then",
            &["The U.S. and Japan met.", "Then"],
        );
        check("It grew 3.5 percent.", &["It grew 3.5 percent."]);
        check("See nato.int for more.", &["See nato.int for more."]);
        check(
            "The approx. figure is low.",
            &["The approx. figure is low."],
        );
    }

    #[test]
    fn titles_and_list_items_end_at_the_newline() {
        check(
            "Japon et AUKUS\nLe Japon ne fait pas partie de l'AUKUS.",
            &["Japon et AUKUS", "Le Japon ne fait pas partie de l'AUKUS."],
        );
        check("- one\n- two", &["- one", "- two"]);
        check(
            "Japan is a member\nof NATO.",
            &["Japan is a member\nof NATO."],
        );
    }

    #[test]
    fn arabic_question_mark_is_folded_and_splits() {
        check("هل اليابان عضو? لا.", &["هل اليابان عضو?", "لا."]);
    }
}
