//! Sentence boundaries in folded text.
//!
//! A sentence ends at `.`, `!`, `?` (Arabic `؟` is folded to `?`) or at a
//! paragraph break. A period does not end a sentence after an abbreviation
//! (`M.`, `Oct.`, `Dr.`), after a single letter (initials, `U.S.`), inside a
//! number or a web address, or when the next word starts in lower case.

use std::ops::Range;

use super::fold::{Folded, HIGH_BITS, ascii_not_word, is_alphabetic, is_alphanumeric};

/// Folded abbreviations, without their period, that never end a sentence.
/// Kept sorted, so that a period can look its word up by binary search.
const ABBREVIATIONS: &[&str] = &[
    "abr", "adm", "ago", "approx", "apr", "art", "aug", "avr", "avv", "bn", "bzw", "ca", "capt",
    "cf", "cmdr", "co", "col", "corp", "dec", "dez", "dic", "dott", "dr", "drs", "ed", "eds",
    "ene", "feb", "fev", "fevr", "fr", "gen", "gov", "hr", "inc", "ing", "jan", "janv", "jr",
    "juil", "jul", "jun", "lt", "ltd", "m", "mar", "mio", "mlle", "mm", "mme", "mmes", "mr", "mrd",
    "mrs", "ms", "no", "nov", "nr", "oct", "okt", "on", "ott", "p", "pp", "pres", "prof", "rep",
    "sen", "sep", "sept", "sgt", "sig", "sigg", "sr", "sra", "srta", "st", "ste", "vol", "vs",
];

/// The longest abbreviation, in bytes: a longer word is never one, unless
/// it is a single character.
const LONGEST_ABBREVIATION: usize = 6;

/// A word of at most eight bytes as a number whose order is the words'
/// order: bytes big-endian, padded with zeros.
const fn pack(word: &[u8]) -> u64 {
    let mut packed = 0u64;
    let mut i = 0;
    while i < 8 {
        packed <<= 8;
        if i < word.len() {
            packed |= word[i] as u64;
        }
        i += 1;
    }
    packed
}

/// `ABBREVIATIONS` packed, in the same (sorted) order: comparing two numbers
/// is cheaper than comparing two strings.
const PACKED_ABBREVIATIONS: [u64; ABBREVIATIONS.len()] = {
    let mut packed = [0; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < packed.len() {
        packed[i] = pack(ABBREVIATIONS[i].as_bytes());
        i += 1;
    }
    packed
};

fn is_abbreviation(word: &str) -> bool {
    word.chars().count() == 1
        || (word.len() <= LONGEST_ABBREVIATION
            && PACKED_ABBREVIATIONS
                .binary_search(&pack(word.as_bytes()))
                .is_ok())
}

/// Whether the word (letters and digits) that ends just before `end` is an
/// abbreviation that a period does not close a sentence after: not empty,
/// not all digits, and a single character or a known abbreviation.
///
/// Only the last few characters are looked at: a word longer than the
/// longest abbreviation is one only if it is a single character, and a
/// character is at most four bytes.
fn abbreviation_before(text: &str, end: usize) -> bool {
    let bytes = text.as_bytes();
    // Most often the eight bytes before the period are ASCII: the word is
    // then the run of letters and digits at their end, found at once.
    if let Some(Ok(chunk)) = bytes.get(end.wrapping_sub(8)..end).map(<[u8; 8]>::try_from) {
        let chunk = u64::from_le_bytes(chunk);
        if chunk & HIGH_BITS == 0 {
            let word_len = (ascii_not_word(chunk).leading_zeros() / 8) as usize;
            if word_len > LONGEST_ABBREVIATION {
                return false;
            }
            let word = &text[end - word_len..end];
            return !word.is_empty()
                && !word.bytes().all(|b| b.is_ascii_digit())
                && is_abbreviation(word);
        }
    }
    let mut start = end;
    while start > 0 {
        let (len, word_char) = match bytes[start - 1] {
            b if b < 0x80 => (1, b.is_ascii_alphanumeric()),
            _ => match text[..start].chars().next_back() {
                Some(c) => (c.len_utf8(), is_alphanumeric(c)),
                None => break,
            },
        };
        if !word_char {
            break;
        }
        if end - (start - len) > LONGEST_ABBREVIATION {
            return false;
        }
        start -= len;
    }
    let word = &text[start..end];
    !word.is_empty() && !word.bytes().all(|b| b.is_ascii_digit()) && is_abbreviation(word)
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

impl Case {
    /// The case of a character; no character at all is uncased.
    pub fn of(c: Option<char>) -> Case {
        match c {
            Some(c) if c.is_uppercase() => Case::Upper,
            Some(c) if c.is_lowercase() => Case::Lower,
            _ => Case::Uncased,
        }
    }

    /// The case of the original character at position `at` of its folded
    /// text.
    pub fn at_folded(folded: &Folded, original: &str, at: usize) -> Case {
        let at = folded.to_original(at);
        Case::of(original.get(at..).and_then(|s| s.chars().next()))
    }
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
    split_into(text, range, usize::MAX, case_at, &mut None, &mut out);
    out
}

/// The sentences of `split(text, 0..text.len(), case_at)` that take one of
/// `ranges`, each with the indices of the ranges it takes: a range goes to
/// the first sentence it overlaps (a sentence `s` overlaps a range `r` when
/// `r.start < s.end && s.start < r.end`). They are found by splitting only
/// the paragraphs that hold a range. `ranges` must come sorted by start and
/// not overlap one another, as names found in a text do.
///
/// Most paragraphs of an article name nothing, and only sentences that name
/// something are read for claims. Splitting a paragraph alone gives the
/// sentences the whole text's split gives there, because a blank line is a
/// wall for the splitter: whatever came before, the sentence in progress
/// ends at the first newline of a blank line, and the splitter goes on
/// from the byte after it as a split started there would. Nothing the
/// splitter looks at before that newline depends on what lies after it:
/// every look ahead (the rest of a line, the word after a period, a run of
/// terminators) stops at a newline.
pub fn split_overlapping(
    text: &str,
    ranges: impl Iterator<Item = Range<usize>> + Clone,
    case_at: &dyn Fn(usize) -> Case,
) -> Vec<(Range<usize>, Range<usize>)> {
    // A sentence takes at least one range, so there are at most as many
    // sentences as ranges.
    let mut out = Vec::with_capacity(ranges.size_hint().0);
    // The sentences of one paragraph, paired with their ranges before the
    // next paragraph is split.
    let mut sentences = Vec::new();
    let mut next_exclamation = None;
    let mut pending = ranges.clone().peekable();
    // Sentences and ranges both come in order, and neither overlaps its
    // own kind, so one pass over both gives each sentence the ranges it
    // takes: `pairing` and `next` are where that pass stands.
    let mut pairing = ranges.peekable();
    let mut next = 0;
    // The end of the paragraphs split so far, plus one: a place where a
    // split may start, and the bound of the search for the next one, so
    // that no paragraph is split twice. Only the paragraphs around ranges
    // are read, from each range back to its paragraph's start and on to
    // its end; the text between them is not looked at.
    let mut floor = 0;
    while let Some(first) = pending.next() {
        let mut start = paragraph_start(text, floor, first.start);
        // The paragraph grows past further breaks while a range runs on
        // beyond its end, and takes in every range that starts inside it.
        // The splitter finds the break after the ranges itself, as it reads
        // every newline anyway; going on from the byte after a break is
        // what it would have done without stopping there.
        let mut covered_to = first.end;
        let end = loop {
            let end = split_into(
                text,
                start..text.len(),
                covered_to,
                case_at,
                &mut next_exclamation,
                &mut sentences,
            );
            while let Some(next) = pending.next_if(|next| next.start <= end) {
                covered_to = covered_to.max(next.end);
            }
            if covered_to <= end {
                break end;
            }
            start = end + 1;
        };
        for sentence in sentences.drain(..) {
            while pairing.next_if(|r| r.end <= sentence.start).is_some() {
                next += 1;
            }
            let first = next;
            while pairing.next_if(|r| r.start < sentence.end).is_some() {
                next += 1;
            }
            if first < next {
                out.push((sentence, first..next));
            }
        }
        floor = end + 1;
    }
    out
}

/// Whether a byte is white space that leaves a line blank for the splitter.
fn is_blank_line_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r')
}

/// The last place from `floor` to `at` where a split may start and agree
/// with the whole text's split: the byte after a newline that a blank line
/// follows or that ends a blank line, or else `floor`, which must be such a
/// place. After either newline the splitter has ended the sentence in
/// progress and goes on as a split started there would.
fn paragraph_start(text: &str, floor: usize, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = at.min(bytes.len());
    while let Some(offset) = bytes
        .get(floor..end)
        .and_then(|before| memchr::memrchr(b'\n', before))
    {
        let newline = floor + offset;
        let next_line_end = skip_ascii(bytes, newline + 1, bytes.len(), is_blank_line_space);
        let mut previous_line_start = newline;
        while previous_line_start > 0 && is_blank_line_space(bytes[previous_line_start - 1]) {
            previous_line_start -= 1;
        }
        if bytes.get(next_line_end) == Some(&b'\n')
            || (previous_line_start > 0 && bytes[previous_line_start - 1] == b'\n')
        {
            return newline + 1;
        }
        end = newline;
    }
    floor
}

/// `split`, appending to `out`, which also stops at a paragraph break: at
/// the first newline at or after `stop_from` that a blank line follows
/// (white space up to the next newline), a place where a sentence always
/// ends. Returns where it stopped: that newline, or the end of `range`.
///
/// `next_exclamation` keeps the result of the search for `!` from one call
/// to the next on the same text (the splits of a text's paragraphs, in
/// order, to its end): one search, which most often finds none, then
/// serves every paragraph.
fn split_into(
    text: &str,
    range: Range<usize>,
    stop_from: usize,
    case_at: &dyn Fn(usize) -> Case,
    next_exclamation: &mut Option<usize>,
    out: &mut Vec<Range<usize>>,
) -> usize {
    let bytes = text.as_bytes();
    let mut start = range.start;
    let mut i = range.start;
    let end = range.end.min(text.len());
    // Only terminators and newlines can end a sentence, so the loop jumps
    // from one to the next with memchr instead of looking at every byte.
    // memchr looks for at most three bytes at once: periods, question marks
    // and newlines are searched for together, and exclamation marks, rarer
    // in news copy, apart. Each search is repeated only once the loop has
    // passed its result, so most steps cost one search.
    let find_common = |from: usize| {
        memchr::memchr3(b'.', b'?', b'\n', &bytes[from..end]).map_or(end, |p| from + p)
    };
    let find_exclamation =
        |from: usize| memchr::memchr(b'!', &bytes[from..end]).map_or(end, |p| from + p);
    let mut next_common = if i < end { find_common(i) } else { end };
    let next_exclamation = match next_exclamation {
        Some(found) if *found >= i => found,
        _ => next_exclamation.insert(find_exclamation(i)),
    };
    // Whether the line after the newline at `at` is blank, so that a
    // paragraph break stops the split there.
    let breaks_at = |at: usize| {
        at >= stop_from
            && bytes.get(skip_ascii(bytes, at + 1, end, is_blank_line_space)) == Some(&b'\n')
    };
    while i < end {
        if next_common < i {
            next_common = find_common(i);
        }
        if *next_exclamation < i {
            *next_exclamation = find_exclamation(i);
        }
        i = next_common.min(*next_exclamation);
        if i >= end {
            break;
        }
        let b = bytes[i];
        if b == b'\n' {
            // A blank line, or a line that starts a Markdown block
            // (heading, list item, quote, table row), ends the sentence;
            // a single newline inside a paragraph does not.
            let line_end = trim_end(text, start, i);
            if breaks_at(i) {
                push_trimmed(out, text, start, i);
                return i;
            }
            if line_end == start {
                // Nothing but white space since the last end (the second
                // newline of a paragraph break): whether it ends there or
                // not, no sentence is pushed, and the next one is trimmed
                // of that white space anyway.
                start = i + 1;
                i += 1;
                if bytes.get(i) == Some(&b'\n') {
                    next_common = i;
                }
                continue;
            }
            let rest = skip_ascii(bytes, i + 1, end, |b| matches!(b, b' ' | b'\t' | b'\r'));
            let blank_line = rest == end || bytes[rest] == b'\n';
            // The last byte of the line with trailing white space removed:
            // an ASCII character is the last character exactly when it is
            // the last byte.
            let last = bytes[line_end - 1];
            if blank_line
                || starts_block(&text[rest..end])
                || matches!(last, b':' | b';')
                || (!matches!(last, b'.' | b'!' | b'?' | b'"' | b',' | b'-')
                    && case_at(rest) == Case::Upper)
            {
                push_trimmed(out, text, start, i);
                start = i + 1;
            }
            i += 1;
            // A paragraph break: the next newline is the next byte, found
            // without a search.
            if blank_line && bytes.get(i) == Some(&b'\n') {
                next_common = i;
            }
        } else {
            // Runs of terminators (`?!`, `...`) end together.
            let mut j = i + 1;
            while j < end && matches!(bytes[j], b'.' | b'!' | b'?' | b'"' | b')') {
                j += 1;
            }
            if b == b'.' && j == i + 1 && !period_ends_sentence(text, i, end, case_at) {
                i = j;
                continue;
            }
            push_trimmed(out, text, start, j);
            start = j;
            i = j;
            // A paragraph most often ends with a sentence: the newline
            // after it is the next byte, found without a search.
            if bytes.get(j) == Some(&b'\n') {
                next_common = j;
            }
        }
    }
    push_trimmed(out, text, start, end);
    end
}

/// Pushes `s..e` without its leading and trailing white space, unless
/// nothing is left.
fn push_trimmed(out: &mut Vec<Range<usize>>, text: &str, s: usize, e: usize) {
    let s = trim_start(text, s, e);
    let e = trim_end(text, s, e);
    if s < e {
        out.push(s..e);
    }
}

/// The first position from `from` (up to `end`) whose byte `skip` turns
/// down.
fn skip_ascii(bytes: &[u8], from: usize, end: usize, skip: impl Fn(u8) -> bool) -> usize {
    let mut at = from;
    while at < end && skip(bytes[at]) {
        at += 1;
    }
    at
}

/// Where `text[s..e].trim_start()` starts: ASCII white space is skipped
/// byte by byte, and only a non-ASCII byte needs the standard library's
/// search.
fn trim_start(text: &str, s: usize, e: usize) -> usize {
    let at = skip_ascii(text.as_bytes(), s, e, |b| matches!(b, b'\t'..=b'\r' | b' '));
    if at < e && text.as_bytes()[at] >= 0x80 {
        return e - text[at..e].trim_start().len();
    }
    at
}

/// Where `text[s..e].trim_end()` ends, as `trim_start` does it.
fn trim_end(text: &str, s: usize, e: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = e;
    while at > s {
        match bytes[at - 1] {
            b'\t'..=b'\r' | b' ' => at -= 1,
            b if b < 0x80 => return at,
            _ => return s + text[s..at].trim_end().len(),
        }
    }
    at
}

/// Whether a line (with its indentation removed) starts a Markdown block: a
/// heading, list item, quote or table row, or an ordered list item (one to
/// three digits, then `.` or `)`).
fn starts_block(line: &str) -> bool {
    let bytes = line.as_bytes();
    if line.starts_with(['#', '-', '*', '+', '>', '|']) {
        return true;
    }
    let digits = bytes
        .iter()
        .take(4)
        .take_while(|d| d.is_ascii_digit())
        .count();
    (1..=3).contains(&digits) && matches!(bytes.get(digits), Some(b'.' | b')'))
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
    if abbreviation_before(text, at) {
        return false;
    }
    // A next word in lower case continues the sentence: the period closed an
    // abbreviation we do not know.
    let next_at = skip_ascii(bytes, at + 1, end, |b| matches!(b, b' ' | b'\t'));
    let next_is_letter = match bytes.get(next_at) {
        _ if next_at >= end => false,
        Some(&b) if b < 0x80 => b.is_ascii_alphabetic(),
        _ => text[next_at..end].starts_with(is_alphabetic),
    };
    !(next_is_letter && case_at(next_at) == Case::Lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The old splitter, byte by byte, that the memchr version must match.
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

    fn split_reference(
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
                    if b == b'.'
                        && j == i + 1
                        && !period_ends_sentence_reference(text, i, end, case_at)
                    {
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

    fn period_ends_sentence_reference(
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
        !(rest.starts_with(is_alphabetic) && case_at(next_at) == Case::Lower)
    }

    /// Splits the lower-cased input, asking the original for letter case.
    fn check(input: &str, expect: &[&str]) {
        let folded = input.to_lowercase();
        assert_eq!(
            folded.len(),
            input.len(),
            "test inputs keep their length when lower-cased"
        );
        let case_at = |i: usize| Case::of(input[i..].chars().next());
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
    #[test]
    fn abbreviations_are_sorted_and_short() {
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
        assert!(PACKED_ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
        for word in [
            "", "a", "é", "ab", "approx", "approxi", "jui", "juil", "juill", "zz",
        ] {
            assert_eq!(
                is_abbreviation(word),
                word.chars().count() == 1 || ABBREVIATIONS.contains(&word),
                "{word:?}"
            );
        }
        assert!(
            ABBREVIATIONS
                .iter()
                .all(|a| a.len() <= LONGEST_ABBREVIATION)
        );
        assert_eq!(
            ABBREVIATIONS.iter().map(|a| a.len()).max(),
            Some(LONGEST_ABBREVIATION)
        );
    }

    #[test]
    fn trimming_agrees_with_the_standard_library() {
        // Every ASCII character (white space is tab to carriage return, and
        // space), and white space outside ASCII, at both ends.
        let mut pieces: Vec<String> = (0..0x80u8).map(|b| char::from(b).to_string()).collect();
        pieces.extend(
            ["\u{85}", "\u{a0}", "\u{2003}", "\u{3000}", "é", "ب", "x y"].map(String::from),
        );
        for left in &pieces {
            for right in &pieces {
                let text = format!("{left}{left} a{right}{right}");
                let (s, e) = (0, text.len());
                assert_eq!(
                    trim_start(&text, s, e),
                    e - text.trim_start().len(),
                    "{text:?}"
                );
                assert_eq!(trim_end(&text, s, e), text.trim_end().len(), "{text:?}");
                let inner = format!("{left}{right}");
                assert_eq!(
                    trim_start(&inner, 0, inner.len()),
                    inner.len() - inner.trim_start().len(),
                    "{inner:?}"
                );
                assert_eq!(
                    trim_end(&inner, 0, inner.len()),
                    inner.trim_end().len(),
                    "{inner:?}"
                );
            }
        }
    }

    /// Splits with both splitters and compares.
    fn check_same_as_reference(input: &str) {
        let folded = crate::text::fold::fold(input);
        let case_at = |f: usize| Case::at_folded(&folded, input, f);
        let text = folded.text.as_str();
        let mut middle = text.len() / 2;
        while !text.is_char_boundary(middle) {
            middle -= 1;
        }
        for range in [0..text.len(), 0..middle, middle..text.len()] {
            assert_eq!(
                split(text, range.clone(), &case_at),
                split_reference(text, range, &case_at),
                "split({input:?})"
            );
        }
    }

    /// Pieces that random test texts are made of: sentence ends, paragraph
    /// breaks (with white space, CRLF), abbreviations, initials, numbers,
    /// Markdown blocks, letters of several scripts and cases.
    const PIECES: &[&str] = &[
        "Aa bb.",
        " Cc dd?",
        "Ee!",
        " ff",
        "\n",
        "\n\n",
        "\n  ",
        "\r\n",
        "\t",
        "M.",
        " Mr.",
        " approx.",
        " approxi.",
        " é.",
        " U.S.",
        " 3.5",
        " 12.",
        "\n1. ",
        "\n12) ",
        "\n1234. ",
        "\n- x",
        "\n# T",
        "\n> q",
        "\n| r",
        "Title",
        ":",
        ";",
        ",",
        "-",
        "\"",
        ")",
        "...",
        "?!",
        " lower",
        " Upper",
        "عضو?",
        " لا.",
        "Ünïcode",
        "ΑΘΗΝΑ.",
        " x.y",
        "  ",
        // Paragraph breaks with white space between, and white space
        // outside ASCII at the ends of sentences.
        "\n \n",
        "\n\n\n",
        " \n",
        "\u{85}",
        "\u{2003}",
        "!",
        "?",
        " \r\n\r\n",
        "\n\t\n",
        "\r\n",
        " Japan",
        "\n\n## Head\n",
        "\n\n- item",
    ];

    /// A pseudo-random number generator (an LCG) for the random tests.
    struct Lcg(u32);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self.0.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (self.0 >> 8) as usize % n
        }
    }

    fn random_text(random: &mut Lcg, pieces: usize) -> String {
        let mut input = String::new();
        for _ in 0..random.below(pieces) {
            input.push_str(PIECES[random.below(PIECES.len())]);
        }
        input
    }

    #[test]
    fn jumping_splitter_matches_the_byte_by_byte_one() {
        let mut random = Lcg(7);
        for _ in 0..20000 {
            let input = random_text(&mut random, 12);
            check_same_as_reference(&input);
        }
    }

    /// The reference pairing of sentences with names: each name goes to
    /// the first sentence it overlaps, and the sentences that take none are
    /// left out.
    fn paired(
        sentences: &[Range<usize>],
        names: &[Range<usize>],
    ) -> Vec<(Range<usize>, Range<usize>)> {
        let mut taken = vec![false; names.len()];
        let mut out = Vec::new();
        for sentence in sentences {
            let takes: Vec<usize> = (0..names.len())
                .filter(|&i| {
                    !taken[i] && names[i].start < sentence.end && sentence.start < names[i].end
                })
                .collect();
            takes.iter().for_each(|&i| taken[i] = true);
            if let (Some(&first), Some(&last)) = (takes.first(), takes.last()) {
                out.push((sentence.clone(), first..last + 1));
            }
        }
        out
    }

    #[test]
    fn splitting_named_paragraphs_matches_splitting_everything() {
        let mut random = Lcg(11);
        for _ in 0..30000 {
            let input = random_text(&mut random, 24);
            let folded = crate::text::fold::fold(&input);
            let case_at = |f: usize| Case::at_folded(&folded, &input, f);
            let text = folded.text.as_str();
            // Random names: sorted, not overlapping, on character
            // boundaries, anywhere (white space and newlines included, which
            // real names never start with).
            let boundaries: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            let mut names = Vec::new();
            let mut at = 0;
            let sparseness = 1 + random.below(8);
            loop {
                at += random.below(boundaries.len() / sparseness + 2);
                let end = at + 1 + random.below(4);
                if end >= boundaries.len() {
                    break;
                }
                names.push(boundaries[at]..boundaries[end]);
                at = end;
            }
            let all = split(text, 0..text.len(), &case_at);
            let got = split_overlapping(text, names.iter().cloned(), &case_at);
            assert_eq!(got, paired(&all, &names), "{input:?} with names {names:?}");
        }
    }
}
